"""Clean and extract, batch by batch: each batch is one Prefect task run.

Batches, not articles, are the unit of work: a task run costs a few API calls and
nlp.pipe is fastest over many texts at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextvars import ContextVar

from prefect import task

from flows.progress import each_then_advance, progress_reach, progress_stage
from flows.run_records import stage_log
from flows.runners import BatchRunner
from flows.settings import Settings
from transforms.extraction.stopwatch import Stopwatch
from transforms.models import Article, RawDocument

# The CLI sets a callback(done, total) here to draw a progress bar over extraction.
progress_reporter: ContextVar[Callable[[int, int], None] | None] = ContextVar(
    "progress_reporter", default=None
)
MAX_ARTICLE_CHARS = 1_000_000


def batches(items: Sequence, size: int) -> list[list]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


@task(name="clean", retries=0)
def clean_batch(raw_docs: list[RawDocument]) -> tuple[list[Article], list[tuple[str, str]]]:
    """Clean a batch of raw documents; a document that breaks the cleaner is rejected alone."""
    from transforms.clean import clean_document

    articles, failures = [], []
    for raw in each_then_advance(raw_docs):
        try:
            article = clean_document(raw)
        except Exception as err:  # one broken document never stops the batch
            failures.append((raw.doc_id, f"cleaning failed: {type(err).__name__}: {err}"[:300]))
            continue
        if not article.clean_text.strip():  # a page of menus, scripts or a title alone
            failures.append((raw.doc_id, "no article text: nothing is left after cleaning"))
            continue
        if len(article.clean_text) > MAX_ARTICLE_CHARS:
            failures.append(
                (
                    raw.doc_id,
                    f"article too long: {len(article.clean_text):,} characters after cleaning",
                )
            )
            continue
        articles.append(article)
    return articles, failures


@task(name="extract", retries=0)
def extract_batch(
    articles: list[Article],
    reference_dir: str,
    spacy_model: str,
    detector: str = "classifier",
    detector_model: str = "",
) -> tuple[list[dict], list[tuple[str, str]], dict[str, float]]:
    """Event rows of a batch of articles, the failures, and the seconds of each extraction
    stage (transforms/extraction/stopwatch.py), which a worker process cannot log itself."""
    from transforms.extraction.articles import extract_events_batch
    from transforms.extraction.detect import detector_for
    from transforms.extraction.stopwatch import Stopwatch
    from transforms.nlp import load_pipeline
    from transforms.reference import load_reference_cached

    nlp = load_pipeline(spacy_model)
    reference = load_reference_cached(reference_dir)
    from flows.progress import article_advance  # not a global: a Dask worker pickles this

    clock = Stopwatch()
    rows, failures = extract_events_batch(
        articles,
        nlp,
        reference,
        detector_for(detector, detector_model),
        clock,
        on_article=article_advance(),
    )
    return rows, failures, clock.seconds


def process_documents(
    raw_docs: list[RawDocument], settings: Settings, logger
) -> tuple[list[Article], list[dict], list[tuple[str, str]]]:
    """Clean and extract in batches of `settings.batch_size`; a batch is one Prefect task run.

    Batches, not articles, are the unit of work: a task run costs a few API calls and
    nlp.pipe is fastest over many texts at once. On a Dask runner the batches run in
    parallel on the workers; the results come back in batch order either way.
    """
    if not raw_docs:
        return [], [], []
    with BatchRunner(settings) as runner:
        articles, failures = clean_in_batches(runner, raw_docs, settings, logger)
        rows, extract_failures = extract_in_batches(runner, articles, settings, logger)
    return articles, rows, failures + extract_failures


def clean_in_batches(
    runner: BatchRunner, raw_docs: list[RawDocument], settings: Settings, logger
) -> tuple[list[Article], list[tuple[str, str]]]:
    """Every raw document cleaned, in input order, with the ones that failed set apart."""
    t0 = time.perf_counter()
    articles: list[Article] = []
    failures: list[tuple[str, str]] = []
    groups = batches(raw_docs, settings.batch_size)
    progress_stage("clean", len(raw_docs))
    for cleaned, failed in runner.run(clean_batch, "raw_docs", groups):
        articles.extend(cleaned)
        failures.extend(failed)
        progress_reach(len(articles) + len(failures))
    stage_log(
        logger,
        "clean",
        docs=len(articles),
        rejected=len(failures),
        seconds=round(time.perf_counter() - t0, 2),
    )
    return articles, failures


def extract_in_batches(
    runner: BatchRunner, articles: list[Article], settings: Settings, logger
) -> tuple[list[dict], list[tuple[str, str]]]:
    """Event rows of every article, in article order, advancing the CLI's progress bar."""
    t1 = time.perf_counter()
    rows: list[dict] = []
    failures: list[tuple[str, str]] = []
    progress = progress_reporter.get()
    done = 0
    groups = batches(articles, settings.batch_size)
    progress_stage("extract", len(articles))
    results = runner.run(
        extract_batch,
        "articles",
        groups,
        reference_dir=str(settings.reference_dir),
        spacy_model=settings.spacy_model,
        detector=settings.detector,
        detector_model=str(settings.detector_model),
    )
    stages = Stopwatch()  # the batches' stage seconds, added up
    for group, (found_rows, failed, seconds) in zip(groups, results, strict=True):
        rows.extend(found_rows)
        failures.extend(failed)
        for stage, spent in seconds.items():
            stages.add(stage, spent)
        done += len(group)
        progress_reach(done)
        if progress is not None:
            progress(done, len(articles))
    stage_log(
        logger,
        "extract",
        docs=len(articles),
        events=len(rows),
        **{stage: round(spent, 2) for stage, spent in stages.rounded().items()},
        seconds=round(time.perf_counter() - t1, 2),
    )
    return rows, failures

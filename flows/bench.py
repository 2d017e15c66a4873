"""`sitrep bench`: how fast the pipeline runs, measured against spaCy alone.

Most of an article's cost is spaCy's parse; everything sitrep adds (cleaning, the
extraction rules, validation, the load) should cost less than the parse itself. So
the benchmark times the pipeline on a synthetic corpus and then `nlp.pipe` alone
over the very same cleaned texts in the same process, and reports the ratio.

The corpus recombines paragraphs of the seed articles (flows/bench_corpus.py). Timings
are of `run_pipeline` (the flow's body) after a warm-up run over a few other articles, so
Prefect's temporary API, the spaCy model, the reference data and Great Expectations are
already loaded: the figures are steady-state throughput, not start-up. How each figure is
taken is in flows/bench_timing.py; the Dask comparison is flows/bench_dask.py.

Optional measurements: `--noop-docs N` fills a warehouse with N short articles and
times a re-run that finds nothing new; `--dask-scaling` runs the flow on a Dask
cluster of one worker and then two (warmed up), as `sitrep run --runner dask` would.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flows.bench_corpus import DEFAULT_SEED, HEADLINES, build_corpus, seed_paragraphs, write_corpus
from flows.bench_dask import measure_dask_scaling
from flows.bench_timing import (
    StageTimes,
    detector_seconds,
    loaded_texts,
    median_of,
    peak_rss_mb,
    progress,
    run_quietly,
    settings_in,
    spacy_alone_seconds,
    timed,
)

# The corpus's names, imported from here by tests/flows/test_bench.py.
__all__ = ["DEFAULT_SEED", "HEADLINES", "build_corpus", "seed_paragraphs"]

DEFAULT_DOCS = 2000
WARMUP_DOCS = 8


def warm_up(workdir: Path, seed: int, batch_size: int) -> None:
    """One small run so Prefect's API, spaCy, the reference data and GX are loaded."""
    progress(f"warming up on {WARMUP_DOCS} other articles (Prefect API, spaCy, GX)")
    texts = build_corpus(WARMUP_DOCS, seed=seed + 1)
    folder = workdir / "warmup"
    articles = write_corpus(texts, folder / "articles")
    run_quietly(settings_in(folder, articles, batch_size=batch_size), "warm-up")


# --------------------------------------------------------------------------- measurements


@dataclass
class PipelineRun:
    seconds: float
    spacy_seconds: float
    noop_seconds: float
    documents: int
    events: int
    detector_seconds: float = 0.0
    sentences: int = 0
    validation_seconds: float = 0.0  # the run's `stage=validate` (GX suites and Data Docs)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # every stage line's seconds


def measure_pipeline_once(
    corpus_dir: Path, folder: Path, batch_size: int, label: str
) -> PipelineRun:
    """One full run into a fresh warehouse, a no-op re-run, then spaCy alone on its texts."""
    settings = settings_in(folder, corpus_dir, batch_size=batch_size)
    progress(f"{label}: pipeline")
    stages = StageTimes()
    seconds, summary = timed(lambda: run_quietly(settings, label, stages))
    progress(f"{label}: no-op re-run")
    noop_seconds, again = timed(lambda: run_quietly(settings, label))
    if again.status != "nothing-new":
        raise RuntimeError(f"the re-run was not a no-op: {again.status}")
    progress(f"{label}: spaCy alone")
    texts = loaded_texts(settings.warehouse)
    spacy_seconds = spacy_alone_seconds(texts, settings.spacy_model)
    progress(f"{label}: the event detector alone")
    detect_seconds, sentences = detector_seconds(texts, settings)
    return PipelineRun(
        seconds,
        spacy_seconds,
        noop_seconds,
        summary.documents_loaded,
        summary.events_loaded,
        detect_seconds,
        sentences,
        stages.seconds.get("validate", 0.0),
        dict(stages.seconds),
    )


def measure_pipeline(
    docs: int,
    seed: int,
    repeat: int,
    batch_size: int,
    workdir: Path,
    input_dir: Path | None = None,
) -> dict[str, object]:
    """Throughput of the pipeline and of spaCy alone (medians over `repeat` runs), on a
    synthetic corpus of `docs` articles or on the articles of `input_dir` (only read)."""
    if input_dir is None:
        progress(f"writing {docs} articles")
        corpus_dir = write_corpus(build_corpus(docs, seed), workdir / "corpus")
    else:
        corpus_dir = input_dir
    warm_up(workdir, seed, batch_size)
    runs = [
        measure_pipeline_once(corpus_dir, workdir / f"run{i}", batch_size, f"run {i + 1}/{repeat}")
        for i in range(repeat)
    ]
    seconds, spacy_seconds = median_of(runs, "seconds"), median_of(runs, "spacy_seconds")
    # The ratio is taken within each run (pipeline and spaCy seconds apart), then the
    # median: a shared machine drifts less within one run than across runs.
    ratios = [r.spacy_seconds / r.seconds for r in runs]
    docs = runs[0].documents if input_dir is not None else docs
    return {
        "docs": docs,
        "input": str(input_dir) if input_dir is not None else "synthetic",
        "seconds": round(seconds, 3),
        "articles_per_s": round(docs / seconds, 3),
        "spacy_articles_per_s": round(docs / spacy_seconds, 3),
        "ratio_to_spacy": round(statistics.median(ratios), 3),
        "peak_rss_mb": None,  # filled in at the very end, after every measurement
        "noop_seconds": round(median_of(runs, "noop_seconds"), 3),
        "events": runs[0].events,
        "repeat": repeat,
        "all_seconds": [round(r.seconds, 3) for r in runs],
        "all_spacy_seconds": [round(r.spacy_seconds, 3) for r in runs],
        "all_ratios_to_spacy": [round(r, 3) for r in ratios],
        "sentences": runs[0].sentences,
        "detector_seconds": round(median_of(runs, "detector_seconds"), 3),
        # what classifying every sentence costs, as a share of spaCy's own time (target <= 0.1)
        "detector_share_of_spacy": round(
            statistics.median(r.detector_seconds / r.spacy_seconds for r in runs), 4
        ),
        # what validating the batch (every suite, Data Docs) costs within a run (target <= 0.1)
        "validation_seconds": round(median_of(runs, "validation_seconds"), 3),
        "validation_share_of_run": round(
            statistics.median(r.validation_seconds / r.seconds for r in runs), 4
        ),
        "all_validation_shares": [round(r.validation_seconds / r.seconds, 4) for r in runs],
        # seconds per stage of the run (median over runs): ingest, clean, extract and its own
        # stages (split, detect, parse, read), validate, load
        "stage_seconds": {
            stage: round(statistics.median(r.stage_seconds.get(stage, 0.0) for r in runs), 3)
            for stage in runs[0].stage_seconds
        },
    }


def measure_large_noop(docs: int, seed: int, repeat: int, workdir: Path) -> dict[str, object]:
    """Fill a warehouse with `docs` short articles, then time re-runs that find nothing new.

    Short articles keep the fill quick; a no-op run never reads article text (it compares
    size and modification time with `source_files`), so their length does not matter.
    """
    progress(f"no-op: writing {docs} short articles")
    corpus_dir = write_corpus(build_corpus(docs, seed + 2, short=True), workdir / "noop-corpus")
    settings = settings_in(workdir / "noop", corpus_dir)
    progress(f"no-op: filling a warehouse with {docs} articles (once)")
    fill_seconds, filled = timed(lambda: run_quietly(settings, "no-op fill"))
    times = []
    for i in range(repeat):
        seconds, summary = timed(lambda: run_quietly(settings, "no-op"))
        progress(f"no-op re-run {i + 1}/{repeat}: {summary.status} in {seconds:.2f} s")
        times.append(seconds)
    return {
        "large_noop_docs": filled.documents_loaded,
        "large_noop_fill_seconds": round(fill_seconds, 1),
        "large_noop_seconds": round(statistics.median(times), 3),
        "large_noop_all_seconds": [round(t, 3) for t in times],
    }


# --------------------------------------------------------------------------- the command


@dataclass
class BenchOptions:
    docs: int = DEFAULT_DOCS
    seed: int = DEFAULT_SEED
    repeat: int = 1
    batch_size: int = 64
    noop_docs: int | None = None
    dask_scaling: bool = False
    input_dir: Path | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run_bench(options: BenchOptions, workdir: Path | None = None) -> dict[str, object]:
    """Every measurement the options ask for, as one flat dict (the --json output)."""
    load_before = os.getloadavg()[0]
    with scratch_dir(workdir) as folder:
        result = measure_pipeline(
            options.docs,
            options.seed,
            options.repeat,
            options.batch_size,
            folder,
            options.input_dir,
        )
        if options.noop_docs:
            result |= measure_large_noop(options.noop_docs, options.seed, options.repeat, folder)
        if options.dask_scaling:
            result |= measure_dask_scaling(
                options.docs, options.seed, options.repeat, options.batch_size, folder
            )
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    result["cpus"] = os.cpu_count()
    # Other processes on the machine skew every figure; the load averages say how much.
    result["load_average_before_after"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


class scratch_dir:
    """The given folder, or a temporary one removed afterwards."""

    def __init__(self, given: Path | None) -> None:
        self.given = given
        self.temp: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> Path:
        if self.given is not None:
            self.given.mkdir(parents=True, exist_ok=True)
            return self.given
        self.temp = tempfile.TemporaryDirectory(prefix="sitrep-bench-")
        return Path(self.temp.name)

    def __exit__(self, *exc: object) -> None:
        if self.temp is not None:
            self.temp.cleanup()


def format_result(result: dict[str, object]) -> Iterator[str]:
    yield (
        f"pipeline: {result['docs']} articles in {result['seconds']:.1f} s "
        f"= {result['articles_per_s']:.2f} articles/s"
    )
    yield f"spaCy alone: {result['spacy_articles_per_s']:.2f} articles/s"
    yield f"pipeline / spaCy-alone throughput: {result['ratio_to_spacy']:.2f}"
    yield (
        f"event detector alone: {result['sentences']} sentences in "
        f"{result['detector_seconds']:.2f} s = {result['detector_share_of_spacy']:.1%} of spaCy's time"
    )
    yield (
        f"validation (every suite, Data Docs): {result['validation_seconds']:.1f} s "
        f"= {result['validation_share_of_run']:.1%} of the run"
    )
    stages = result.get("stage_seconds") or {}
    if stages:
        yield "seconds per stage: " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
    yield f"no-op re-run over the same warehouse: {result['noop_seconds']:.2f} s"
    if "large_noop_seconds" in result:
        yield (
            f"no-op re-run over {result['large_noop_docs']} articles: "
            f"{result['large_noop_seconds']:.2f} s"
        )
    if "dask_scaling_ratio" in result:
        yield (
            f"dask: 1 worker {result['dask_1_worker_seconds']:.1f} s, 2 workers "
            f"{result['dask_2_workers_seconds']:.1f} s = {result['dask_scaling_ratio']:.2f}x "
            f"(clean+extract alone {result['dask_clean_extract_scaling_ratio']}x)"
        )
    yield f"peak memory: {result['peak_rss_mb']:.0f} MB; {result['cpus']} CPUs"

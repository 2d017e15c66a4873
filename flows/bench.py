"""`sitrep bench`: how fast the pipeline runs, measured against spaCy alone.

Most of an article's cost is spaCy's parse; everything sitrep adds (cleaning, the
extraction rules, validation, the load) should cost less than the parse itself. So
the benchmark times the pipeline on a synthetic corpus and then `nlp.pipe` alone
over the very same cleaned texts in the same process, and reports the ratio.

The corpus recombines paragraphs of the seed articles: each article takes a random
handful of paragraphs from different seeds, a headline, and a dateline with a random
date and city, so every text is unique and the whole corpus is deterministic for a
given seed. Timings are of `run_pipeline` (the flow's body) after a warm-up run over
a few other articles, so Prefect's temporary API, the spaCy model, the reference data
and Great Expectations are already loaded: the figures are steady-state throughput,
not start-up.

Optional measurements: `--noop-docs N` fills a warehouse with N short articles and
times a re-run that finds nothing new; `--dask-scaling` runs the flow on a Dask
cluster of one worker and then two (warmed up), as `sitrep run --runner dask` would.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from flows.settings import PROJECT_ROOT, Settings

DEFAULT_DOCS = 2000
DEFAULT_SEED = 2016
WARMUP_DOCS = 8
SEED_ARTICLES = PROJECT_ROOT / "seeds" / "articles"
PARAGRAPHS_PER_ARTICLE = (5, 12)
PARAGRAPHS_PER_SHORT_ARTICLE = (1, 2)
FIRST_DATE, LAST_DATE = dt.date(2014, 6, 1), dt.date(2019, 3, 31)
CITIES = ("BEIRUT", "BAGHDAD", "DAMASCUS", "ERBIL", "AMMAN", "ISTANBUL", "CAIRO", "GENEVA")
HEADLINES = (
    "ISIS under pressure on several fronts",
    "Offensive against Islamic State gathers pace",
    "Coalition strikes continue as ground forces advance",
    "Fighting intensifies in northern Syria",
    "Iraqi forces push on toward the border",
    "Militants regroup after losing territory",
    "Analysis: the war against the caliphate",
    "Civilians caught between the front lines",
)
PROSE_LINE = re.compile(r"[.!?\"”’]$")
LEADING_DATELINE = re.compile(r"^[A-Z][A-Z .,'’]{2,}\s[-–—]\s+")
MIN_PARAGRAPH_CHARS = 100
STAGE_LINE = re.compile(r"stage=(\w+) .*?seconds=([\d.]+)")

log = logging.getLogger("sitrep.bench")


# --------------------------------------------------------------------------- the corpus


def seed_paragraphs(seed_dir: Path = SEED_ARTICLES) -> list[str]:
    """Prose paragraphs of the seed articles (no menus, captions or headlines), without
    their own datelines, in a fixed order."""
    paragraphs = []
    for path in sorted(seed_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= MIN_PARAGRAPH_CHARS and PROSE_LINE.search(line):
                paragraphs.append(LEADING_DATELINE.sub("", line))
    return paragraphs


def random_date(rng: random.Random) -> dt.date:
    return FIRST_DATE + dt.timedelta(days=rng.randrange((LAST_DATE - FIRST_DATE).days + 1))


def compose_article(rng: random.Random, paragraphs: Sequence[str], sizes: tuple[int, int]) -> str:
    """A headline, a dateline line, and a few paragraphs drawn from different seeds."""
    chosen = rng.sample(paragraphs, rng.randint(*sizes))
    published = random_date(rng)
    dateline = published.strftime("%A %d %B %Y")
    body = [f"{rng.choice(CITIES)} - {chosen[0]}", *chosen[1:]]
    return "\n\n".join([rng.choice(HEADLINES), dateline, *body]) + "\n"


def build_corpus(n: int, seed: int = DEFAULT_SEED, short: bool = False) -> list[str]:
    """`n` unique article texts, the same ones for the same seed."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    sizes = PARAGRAPHS_PER_SHORT_ARTICLE if short else PARAGRAPHS_PER_ARTICLE
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < n:
        text = compose_article(rng, paragraphs, sizes)
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def write_corpus(texts: Sequence[str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"bench-{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- timing helpers


class StageTimes(logging.Handler):
    """Collects the `seconds=` of each `stage=` log line of a run."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        match = STAGE_LINE.search(record.getMessage())
        if match:
            self.seconds[match[1]] = float(match[2])


def timed(call: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = call()
    return time.perf_counter() - t0, result


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def extraction_progress(label: str) -> Callable[[int, int], None]:
    """A progress callback that prints every tenth of the way."""
    shown = {-1}

    def report(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth not in shown:
            shown.add(tenth)
            progress(f"{label}: extracted {done}/{total} articles")

    return report


def run_quietly(settings: Settings, label: str, stages: StageTimes | None = None):
    """run_pipeline with progress lines on stderr, optionally recording stage times."""
    from flows.pipeline import progress_reporter, run_pipeline

    logger = logging.getLogger("sitrep.bench.run")
    logger.setLevel(logging.INFO)
    if stages is not None:
        logger.addHandler(stages)
    token = progress_reporter.set(extraction_progress(label))
    try:
        return run_pipeline(settings, logger)
    finally:
        progress_reporter.reset(token)
        if stages is not None:
            logger.removeHandler(stages)


def settings_in(folder: Path, input_dir: Path, **extra: object) -> Settings:
    return Settings(input_dir=input_dir, warehouse=folder / "sitrep.duckdb", **extra)


def warm_up(workdir: Path, seed: int, batch_size: int) -> None:
    """One small run so Prefect's API, spaCy, the reference data and GX are loaded."""
    progress(f"warming up on {WARMUP_DOCS} other articles (Prefect API, spaCy, GX)")
    texts = build_corpus(WARMUP_DOCS, seed=seed + 1)
    folder = workdir / "warmup"
    articles = write_corpus(texts, folder / "articles")
    run_quietly(settings_in(folder, articles, batch_size=batch_size), "warm-up")


def loaded_texts(warehouse: Path) -> list[str]:
    """The cleaned texts the pipeline gave spaCy, in file order."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("SELECT clean_text FROM documents ORDER BY source_path").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def spacy_alone_seconds(texts: Sequence[str], model: str) -> float:
    """nlp.pipe over the texts with the pipeline's own model and batch size, nothing else."""
    from transforms.nlp import load_pipeline

    nlp = load_pipeline(model)
    seconds, _ = timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=32)))
    return seconds


def detector_seconds(texts: Sequence[str], settings: Settings) -> tuple[float, int]:
    """The event detector alone over every sentence of the texts: (seconds, sentences).

    Sentences are split by the pipeline's own spaCy model first (not timed), so the figure
    is what classification adds to a run, comparable with spaCy's own time.
    """
    from transforms.extraction.detect import detector_for
    from transforms.nlp import load_pipeline

    detector = detector_for("classifier", settings.detector_model)
    nlp = load_pipeline(settings.spacy_model)
    sentences = [s.text.strip() for doc in nlp.pipe(texts, batch_size=32) for s in doc.sents]
    detector.probabilities(sentences[:100])  # loaded and warm, as in a run
    seconds, _ = timed(lambda: detector.probabilities(sentences))
    return seconds, len(sentences)


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
    )


def median_of(runs: Sequence[object], name: str) -> float:
    return statistics.median(getattr(r, name) for r in runs)


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


def warm_worker(model: str, reference_dir: str, detector: str, detector_model: str) -> int:
    """Runs on each Dask worker: load spaCy, the reference data and the detector; extract once."""
    from transforms.extract import extract_events_batch
    from transforms.extraction.detect import detector_for
    from transforms.models import Article
    from transforms.nlp import load_pipeline
    from transforms.reference import load_reference_cached

    article = Article(
        doc_id="warm-up",
        file_name="warm-up.txt",
        clean_text="ISIS militants attacked the town of Hit on Monday, killing 3 soldiers.",
    )
    extract_events_batch(
        [article],
        load_pipeline(model),
        load_reference_cached(reference_dir),
        detector_for(detector, detector_model),
    )
    return os.getpid()


def dask_run_seconds(
    workers: int, corpus_dir: Path, folder: Path, batch_size: int
) -> tuple[float, float]:
    """(whole run, clean + extract) seconds of the flow on a warmed cluster of `workers`."""
    from distributed import Client
    from prefect_dask import DaskTaskRunner

    from flows.pipeline import LOCAL_CLUSTER, local_cluster_reporting_to_prefect, pipeline

    cluster_kwargs = {**LOCAL_CLUSTER, "n_workers": workers}
    with (
        local_cluster_reporting_to_prefect(**cluster_kwargs) as cluster,
        Client(cluster) as client,
    ):
        settings = settings_in(
            folder, corpus_dir, batch_size=batch_size, runner=f"dask:{cluster.scheduler_address}"
        )
        progress(f"dask {workers} worker(s): warming up the workers")
        client.run(
            warm_worker,
            settings.spacy_model,
            str(settings.reference_dir),
            settings.detector,
            str(settings.detector_model),
        )
        flow = pipeline.with_options(task_runner=DaskTaskRunner(address=cluster.scheduler_address))
        stages = StageTimes()
        flow_logger = logging.getLogger("prefect.flow_runs")
        old_level = flow_logger.level
        flow_logger.setLevel(logging.INFO)
        flow_logger.addHandler(stages)
        progress(f"dask {workers} worker(s): pipeline flow")
        try:
            seconds, _ = timed(lambda: flow(settings))
        finally:
            flow_logger.removeHandler(stages)
            flow_logger.setLevel(old_level)
    parallel = stages.seconds.get("clean", 0.0) + stages.seconds.get("extract", 0.0)
    return seconds, parallel


@dataclass
class ScalingPair:
    one: float  # whole run on one worker, seconds
    two: float  # whole run on two workers
    one_parallel: float  # clean + extract stages only
    two_parallel: float


def measure_dask_scaling(
    docs: int, seed: int, repeat: int, batch_size: int, workdir: Path
) -> dict[str, object]:
    """The flow on one Dask worker and then on two, `repeat` times: what does the second add?

    Ratios are taken within each pair (run back to back), then the median.
    """
    corpus_dir = workdir / "corpus"
    if not corpus_dir.is_dir():
        write_corpus(build_corpus(docs, seed), corpus_dir)
    pairs = []
    for i in range(repeat):
        one, one_parallel = dask_run_seconds(1, corpus_dir, workdir / f"dask1-{i}", batch_size)
        two, two_parallel = dask_run_seconds(2, corpus_dir, workdir / f"dask2-{i}", batch_size)
        pairs.append(ScalingPair(one, two, one_parallel, two_parallel))
    return {
        "dask_1_worker_seconds": round(median_of(pairs, "one"), 3),
        "dask_2_workers_seconds": round(median_of(pairs, "two"), 3),
        "dask_scaling_ratio": round(statistics.median(p.one / p.two for p in pairs), 3),
        "dask_clean_extract_scaling_ratio": round(
            statistics.median(p.one_parallel / p.two_parallel for p in pairs), 3
        ),
        "dask_all_pairs_seconds": [[round(p.one, 1), round(p.two, 1)] for p in pairs],
        "dask_all_pairs_clean_extract_seconds": [
            [round(p.one_parallel, 1), round(p.two_parallel, 1)] for p in pairs
        ],
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

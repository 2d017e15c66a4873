"""How the benchmark times things: stage lines, wall clocks, peak memory, spaCy alone."""

from __future__ import annotations

import logging
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from flows.settings import Settings

STAGE_LINE = re.compile(r"stage=(\w+) .*?seconds=([\d.]+)")
# The extraction's own stages, on its stage line: `split=0.4 detect=0.9 parse=6.1 read=2.2`.
EXTRACTION_PART = re.compile(r"\b(split|detect|parse|read)=([\d.]+)")


class StageTimes(logging.Handler):
    """Collects the `seconds=` of each `stage=` log line of a run, and the extraction's
    own stages as `extract.split`, `extract.detect`, `extract.parse`, `extract.read`."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        match = STAGE_LINE.search(message)
        if not match:
            return
        self.seconds[match[1]] = float(match[2])
        if match[1] == "extract":
            for part, seconds in EXTRACTION_PART.findall(message):
                self.seconds[f"extract.{part}"] = float(seconds)


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
    from flows.clean_and_extract import progress_reporter
    from flows.pipeline import run_pipeline

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
    """nlp.pipe over the texts with the model's full pipeline as shipped (every component
    it enables, the named-entity recogniser too) at the run's batch size, nothing else."""
    from transforms.nlp import load_package

    nlp = load_package(model)
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


def median_of(runs: Sequence[object], name: str) -> float:
    return statistics.median(getattr(r, name) for r in runs)

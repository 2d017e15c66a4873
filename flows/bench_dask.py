"""`sitrep bench --dask-scaling`: the flow on a warmed Dask cluster of one worker, then two."""

from __future__ import annotations

import logging
import os
import statistics
from dataclasses import dataclass
from pathlib import Path

from flows.bench_corpus import build_corpus, write_corpus
from flows.bench_timing import StageTimes, median_of, progress, settings_in, timed


def warm_worker(model: str, reference_dir: str, detector: str, detector_model: str) -> int:
    """Runs on each Dask worker: load spaCy, the reference data and the detector; extract once."""
    from transforms.extraction.articles import extract_events_batch
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

    from flows.pipeline import pipeline
    from flows.runners import LOCAL_CLUSTER, local_cluster_reporting_to_prefect

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

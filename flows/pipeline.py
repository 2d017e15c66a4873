"""The sitrep flow: ingest -> clean -> extract -> validate -> load.

Transforms do the thinking; this module does the I/O and the bookkeeping around
them. A run either lands whole (one DuckDB transaction) or leaves the warehouse as
it was; its row in `runs` says which.

Its parts live beside it: `run_records.py` (the `runs` table), `clean_and_extract.py`
(the batch tasks), `runners.py` (this process or Dask) and `checkpoints.py` (test hooks).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger

from flows import warehouse as wh
from flows.checkpoints import KILL_POINTS, checkpoint, raise_fault
from flows.clean_and_extract import MAX_ARTICLE_CHARS, process_documents, progress_reporter
from flows.ingest import Discovery, KnownFile, Rejection, discover
from flows.lake import Lake
from flows.load import RunRows, load_run
from flows.progress import progress_stage
from flows.run_records import (
    SITREP_VERSION,
    RunSummary,
    known_files,
    new_run_id,
    record_run_end,
    record_run_start,
    settle_dead_runs,
    stage_log,
)
from flows.runners import (
    LOCAL_CLUSTER,
    dask_task_runner,
    local_cluster_reporting_to_prefect,
    uses_dask,
)
from flows.settings import Settings
from transforms.frames import frame_from_rows
from transforms.models import Article

# Imported from here by the CLI, serve, validate and the tests, which predate the split.
__all__ = [
    "KILL_POINTS",
    "LOCAL_CLUSTER",
    "MAX_ARTICLE_CHARS",
    "MAX_FILE_BYTES",
    "SITREP_VERSION",
    "RunSummary",
    "ValidationFailed",
    "dask_task_runner",
    "flow_for",
    "local_cluster_reporting_to_prefect",
    "new_run_id",
    "pipeline",
    "progress_reporter",
    "run_pipeline",
    "uses_dask",
]

MAX_FILE_BYTES = 20_000_000


class ValidationFailed(RuntimeError):
    """A table-level expectation failed: the run stops before anything is written."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("validation failed: " + "; ".join(lines))
        self.lines = lines


# Reference CSVs loaded into the warehouse as dimension tables, and validated each run.
DIMENSION_TABLES = ("actors", "actor_sides", "places", "countries", "taxonomy", "triggers")
VALIDATED_REFERENCE = (
    "actors",
    "places",
    "conflict_towns",
    "world_provinces",
    "countries",
    "taxonomy",
)


def document_rows(articles: Sequence[Article], paths: dict[str, str], run_id: str) -> pd.DataFrame:
    rows = [
        {
            "doc_id": a.doc_id,
            "file_name": a.file_name,
            "source_record": a.source_record,
            "title": a.title,
            "outlet": a.outlet,
            "published_date": a.published_date,
            "published_date_source": a.published_date_source,
            "clean_text": a.clean_text,
            "source_path": paths.get(a.doc_id, a.file_name),
            "author": a.author,
            "url": a.url,
            "run_id": run_id,
        }
        for a in articles
    ]
    return frame_from_rows("documents", rows)


@flow(name="sitrep-pipeline", log_prints=False)
def pipeline(settings: Settings | None = None, fault: str | None = None) -> dict:
    """Run ingest -> clean -> extract -> validate -> load over the input folder."""
    settings = settings or Settings()
    try:
        summary = run_pipeline(settings, get_run_logger(), fault=fault)
    except wh.WarehouseBusy as err:
        # Lost the race for the writer lock: nothing was done, so the flow run is a skip
        # with its reason, not a failure (whose traceback Prefect would print).
        return {"status": "busy", "message": str(err)}
    return summary.as_dict()


def run_pipeline(settings: Settings, logger, fault: str | None = None) -> RunSummary:
    """The body of the flow, callable with any logger (tests, benchmarks).

    `fault` names a point to fail at on purpose ('after-extract', 'before-commit'):
    tests use it to prove that a failed run leaves the warehouse as it was.
    """
    started = time.perf_counter()
    summary = RunSummary(run_id=new_run_id())
    with wh.writer_lock(
        settings.warehouse, settings.lock_wait_seconds, lock_file=settings.lock_file
    ):
        checkpoint(settings, "locked")
        files, doc_ids = begin_run(settings, summary.run_id, logger)
        checkpoint(settings, "begun")
        try:
            execute_run(settings, summary, files, doc_ids, logger, fault, started)
        except BaseException as err:
            summary.status = "failed"
            summary.message = f"{type(err).__name__}: {err}"
            summary.seconds = time.perf_counter() - started
            record_failure(settings, summary, logger)
            raise
        if summary.status != "completed":  # a completed run wrote its outcome as it loaded
            summary.seconds = time.perf_counter() - started
            finish_run(settings, summary)
        checkpoint(settings, "finished")
    stage_log(
        logger,
        "done",
        status=summary.status,
        documents=summary.documents_loaded,
        events=summary.events_loaded,
        seconds=round(summary.seconds, 2),
    )
    return summary


def open_writer(settings: Settings):
    """The warehouse opened for writing, waiting for readers to close it (bounded)."""
    return wh.connect_writer_ctx(
        settings.warehouse,
        settings.schema_dir,
        settings.views_dir,
        wait_seconds=settings.wait_for_readers_seconds,
    )


def begin_run(
    settings: Settings, run_id: str, logger=None
) -> tuple[dict[str, KnownFile], set[str]]:
    """Open the warehouse briefly: upgrade it, settle dead runs, note this run, and read
    what the warehouse already holds.

    A warehouse still in the old shared layout has its outputs moved into its own
    folder first.
    """
    with open_writer(settings) as con:
        move_old_outputs(settings, con, logger)
        settle_dead_runs(con, Lake.at(settings.lake))
        record_run_start(con, run_id, settings.input_dir)
        return known_files(con)


def move_old_outputs(settings: Settings, con, logger) -> None:
    """The old layout (lake/, reports/, gx/ shared beside the warehouse) into its own folder."""
    from flows.outputs import migrate_old_layout

    run_ids = {row[0] for row in con.execute("SELECT run_id FROM runs").fetchall()}
    moved = migrate_old_layout(
        settings.warehouse,
        settings.outputs,
        run_ids,
        lake=Path(settings.lake) if settings.lake_dir is None else None,
        reports=settings.reports if settings.reports_dir is None else None,
    )
    if moved and logger is not None:
        stage_log(logger, "migrate-outputs", moved=len(moved), into=settings.outputs)


def execute_run(
    settings: Settings,
    summary: RunSummary,
    files: dict[str, KnownFile],
    doc_ids: set[str],
    logger,
    fault: str | None,
    started: float,
) -> None:
    from transforms.reference import load_reference_cached

    progress_stage("discover")
    found = discover(settings.input_dir, files, doc_ids, MAX_FILE_BYTES, skip=outputs_of(settings))
    summary.files_seen = found.seen
    summary.files_new, summary.files_changed = len(found.new), len(found.changed)
    summary.files_unchanged = len(found.unchanged) + len(found.still_rejected)
    checkpoint(settings, "ingest")
    stage_log(
        logger,
        "ingest",
        seen=found.seen,
        new=len(found.new),
        changed=len(found.changed),
        unchanged=len(found.unchanged),
        rejected=len(found.rejected),
        docs=len(found.documents),
    )
    if found.documents:
        from expectations.runner import preload_in_background

        preload_in_background()  # GX takes seconds to import; let it load while spaCy works
    articles, event_rows, failures = process_documents(found.documents, settings, logger)
    record_document_failures(found, dict(failures))
    if fault == "after-extract":
        raise_fault(fault)
    checkpoint(settings, "extract")
    pruned = found.pruned_doc_ids(files) if settings.prune else set()
    summary.files_pruned = len(found.missing) if settings.prune else 0
    summary.files_rejected = len(found.rejected)
    summary.rejected = [(r.source_path, r.reason) for r in found.rejected]
    summary.notes = list(found.notes)
    for path, note in found.notes:
        logger.warning("input note: %s: %s", path, note)
    if not (articles or found.stale_doc_ids or pruned or found.rejected or found.files):
        summary.status = "nothing-new"
        summary.message = "nothing new: every input file is already in the warehouse"
        return
    reference = load_reference_cached(str(settings.reference_dir))
    documents = document_rows(articles, source_paths(found), summary.run_id)
    events = frame_from_rows("events", [{**row, "run_id": summary.run_id} for row in event_rows])
    replaced = found.stale_doc_ids | pruned | set(documents["doc_id"])
    progress_stage("validate")
    outcome, clusters = validate(
        settings, summary.run_id, documents, events, replaced, reference, logger
    )
    summary.data_docs = str(outcome.docs_index) if outcome.docs_index else None
    summary.validation_warnings = outcome.warnings
    for warning in outcome.warnings:
        logger.warning("data quality warning: %s", warning)
    if outcome.table_failures:
        summary.validation_failures = outcome.table_failures
        raise ValidationFailed(outcome.table_failures)
    rows = RunRows(
        run_id=summary.run_id,
        found=found,
        documents=outcome.good["documents"],
        events=outcome.good["events"],
        clusters=outcome.good["event_clusters"],
        quarantine=outcome.quarantine,
        quality_results=outcome.results,
        reference={name: reference.frame(name) for name in DIMENSION_TABLES},
        replaced_doc_ids=replaced,
        prune=settings.prune,
    )
    checkpoint(settings, "validate")
    summary.status = "completed"
    summary.documents_loaded, summary.events_loaded = len(rows.documents), len(rows.events)
    summary.rows_quarantined = len(outcome.quarantine)
    if len(outcome.quarantine):
        summary.events_quarantined = int((outcome.quarantine["table_name"] == "events").sum())

    def record_outcome(con) -> None:
        summary.seconds = time.perf_counter() - started
        record_run_end(con, summary)

    def load_point(name: str) -> None:
        if name == "load" and fault == "before-commit":
            raise_fault(fault)
        checkpoint(settings, name)

    t0 = time.perf_counter()
    progress_stage("load")
    try:
        with open_writer(settings) as con:
            load_run(con, rows, Lake.at(settings.lake), record_outcome, load_point)
    except BaseException:
        summary.status = "running"  # not loaded: the caller records the failure
        raise
    stage_log(
        logger,
        "load",
        documents=len(rows.documents),
        events=len(rows.events),
        seconds=round(time.perf_counter() - t0, 2),
    )


def outputs_of(settings: Settings) -> set[Path]:
    """What this warehouse writes, which input discovery must never read back as articles
    (other warehouses' files and outputs folders are recognised by flows/outputs.py)."""
    paths = {settings.warehouse, settings.outputs, settings.reports}
    if settings.lake_dir is None or "://" not in settings.lake_dir:
        paths.add(Path(settings.lake))
    return {path.resolve() for path in paths}


def record_document_failures(found: Discovery, failed: dict[str, str]) -> None:
    """Documents that broke cleaning or extraction: rejections under their file's path, and a
    file none of whose documents survived is remembered as rejected (so it is retried once
    it changes, like any other rejected file)."""
    if not failed:
        return
    records = {d.doc_id: d.source_record for d in found.documents}
    paths = source_paths(found)
    for doc_id, reason in failed.items():
        record = records.get(doc_id)
        label = paths.get(doc_id, doc_id[:12]) + (f"#{record}" if record else "")
        found.rejected.append(Rejection(label, reason))
    updated = []
    for f in found.files:
        kept = tuple(d for d in f.doc_ids if d not in failed)
        if kept != f.doc_ids:
            f = replace(f, doc_ids=kept, status="loaded" if kept else "rejected")
        updated.append(f)
    found.files = updated


def source_paths(found: Discovery) -> dict[str, str]:
    """doc_id -> the relative path of the file it came from (first file wins for duplicates)."""
    paths: dict[str, str] = {}
    for f in found.files:
        for doc_id in f.doc_ids:
            paths.setdefault(doc_id, f.source_path)
    return paths


def validate(settings: Settings, run_id: str, documents, events, replaced, reference, logger):
    """Run the Great Expectations suites over this run's rows and the clusters they make."""
    from expectations.runner import ValidationContext, validate_run
    from expectations.severity import SeverityPolicy
    from transforms.cluster import cluster_events

    t0 = time.perf_counter()
    old_docs, old_events = read_existing(settings, replaced)
    all_docs = pd.concat([old_docs, documents[old_docs.columns]], ignore_index=True)
    all_events = pd.concat([old_events, events[old_events.columns]], ignore_index=True)
    clusters = cluster_events(all_events, all_docs, reference.allies)
    frames = {"documents": documents, "events": events, "event_clusters": clusters}
    frames |= {name: reference.frame(name) for name in VALIDATED_REFERENCE}
    context = ValidationContext(
        taxonomy=reference.frame("taxonomy"),
        actors=reference.frame("actors"),
        countries=reference.frame("countries"),
        documents=all_docs[["doc_id", "published_date", "clean_text"]],
        country_bounds=reference.frame("country_bounds"),
        known_event_ids=old_events["event_id"],
        severities=SeverityPolicy.load(settings.severities),
    )
    outcome = validate_run(frames, context, run_id, settings.reports, settings.gx_dir)
    stage_log(
        logger,
        "validate",
        quarantined=len(outcome.quarantine),
        table_failures=len(outcome.table_failures),
        seconds=round(time.perf_counter() - t0, 2),
    )
    return outcome, clusters


def read_existing(settings: Settings, replaced: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Documents and events already loaded, minus those this run replaces (for joins and clusters)."""
    with open_writer(settings) as con:
        con.register("_replaced", pd.DataFrame({"doc_id": sorted(replaced)}, dtype="string"))
        docs = con.execute(
            "SELECT doc_id, outlet, published_date, clean_text FROM documents "
            "WHERE doc_id NOT IN (SELECT doc_id FROM _replaced)"
        ).df()
        events = con.execute(
            "SELECT event_id, doc_id, sub_event_type, event_date, time_precision, latitude, "
            "longitude, geo_precision, actor1, actor2 FROM events "
            "WHERE doc_id NOT IN (SELECT doc_id FROM _replaced)"
        ).df()
    return docs, events


def flow_for(settings: Settings):
    """The pipeline flow with the task runner the settings ask for (what `sitrep run` calls)."""
    if uses_dask(settings):
        return pipeline.with_options(task_runner=dask_task_runner(settings))
    return pipeline


def finish_run(settings: Settings, summary: RunSummary) -> None:
    """Record the outcome of a run that loaded nothing in its own small transaction."""
    with open_writer(settings) as con:
        record_run_end(con, summary)


def record_failure(settings: Settings, summary: RunSummary, logger) -> None:
    """Record a failed run's outcome when the warehouse can be opened; the failure itself
    is what the caller reports, so a second one here is only logged. A row left
    'running' is settled by the next run."""
    try:
        finish_run(settings, summary)
    except Exception as err:
        logger.warning("could not record the failed run: %s: %s", type(err).__name__, err)

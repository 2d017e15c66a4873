"""The sitrep flow: ingest -> clean -> extract -> validate -> load.

Transforms do the thinking; this module does the I/O and the bookkeeping around
them. A run either lands whole (one DuckDB transaction) or leaves the warehouse as
it was; its row in `runs` says which.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task

from flows import warehouse as wh
from flows.ingest import Discovery, KnownFile, Rejection, discover
from flows.lake import Lake
from flows.load import RunRows, load_run
from flows.progress import (
    AdvancingPipeline,
    each_then_advance,
    progress_reach,
    progress_stage,
)
from flows.regular_files import text_name
from flows.settings import Settings
from transforms.frames import frame_from_rows
from transforms.models import Article, RawDocument

MAX_FILE_BYTES = 20_000_000
QUERIES_DIR = Path(__file__).resolve().parent.parent / "warehouse" / "queries"
# The CLI sets a callback(done, total) here to draw a progress bar over extraction.
progress_reporter: ContextVar[Callable[[int, int], None] | None] = ContextVar(
    "progress_reporter", default=None
)
MAX_ARTICLE_CHARS = 1_000_000


try:
    SITREP_VERSION = version("sitrep")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    SITREP_VERSION = "0+unknown"


class ValidationFailed(RuntimeError):
    """A table-level expectation failed: the run stops before anything is written."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("validation failed: " + "; ".join(lines))
        self.lines = lines


# Reference CSVs loaded into the warehouse as dimension tables, and validated each run.
DIMENSION_TABLES = ("actors", "actor_sides", "places", "countries", "taxonomy", "triggers")
VALIDATED_REFERENCE = ("actors", "places", "countries", "taxonomy")


@dataclass
class RunSummary:
    """What a run did, as printed by the CLI and stored in `runs`."""

    run_id: str
    status: str = "running"
    files_seen: int = 0
    files_new: int = 0
    files_changed: int = 0
    files_unchanged: int = 0
    files_rejected: int = 0
    files_pruned: int = 0
    documents_loaded: int = 0
    events_loaded: int = 0
    events_quarantined: int = 0
    rows_quarantined: int = 0
    validation_failures: list[str] = field(default_factory=list)
    validation_warnings: list[str] = field(default_factory=list)
    data_docs: str | None = None
    seconds: float = 0.0
    message: str = ""
    rejected: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # loaded, but worth a look

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def new_run_id() -> str:
    """Sortable and unique: UTC time plus a random suffix."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def stage_log(logger: logging.Logger | logging.LoggerAdapter, stage: str, **counts: object) -> None:
    """One structured log line per stage: `stage=clean docs=12 rejected=0 seconds=0.31`."""
    logger.info("stage=%s %s", stage, " ".join(f"{k}={v}" for k, v in counts.items()))


# --------------------------------------------------------------------------- reading state


def known_files(con) -> tuple[dict[str, KnownFile], set[str]]:
    rows = con.execute(
        "SELECT source_path, file_hash, size_bytes, mtime_ns, doc_ids, status FROM source_files"
    ).fetchall()
    files = {r[0]: KnownFile(r[1], r[2], r[3], tuple(r[4]), r[5]) for r in rows}
    doc_ids = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    return files, doc_ids


CRASHED = "the process ended before the run finished; nothing of it was loaded"
COMMITTED_UNRECORDED = "its rows were committed; the process ended before it recorded its counts"


def settle_dead_runs(con, lake: Lake) -> None:
    """Runs still 'running' while we hold the writer lock died without finishing.

    A run writes its outcome in its load transaction, so a dead run normally committed
    nothing: it is marked crashed and the Parquet it may have written is removed. One
    whose rows are in the warehouse all the same (a warehouse written before outcomes
    were part of the load) committed: it is marked completed and its files stay. Files
    that a committed run references are never removed.
    """
    for run_id, committed in con.execute(read_query("dead_runs")).fetchall():
        if committed:
            con.execute(
                "UPDATE runs SET status = 'completed', message = ? WHERE run_id = ?",
                [COMMITTED_UNRECORDED, run_id],
            )
            continue
        lake.remove_run(run_id)
        con.execute(
            "UPDATE runs SET status = 'crashed', message = ? WHERE run_id = ?", [CRASHED, run_id]
        )


def read_query(name: str) -> str:
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def record_run_start(con, run_id: str, input_dir: Path) -> None:
    con.execute(
        "INSERT INTO runs (run_id, started_at, status, input_dir, sitrep_version) VALUES (?, ?, 'running', ?, ?)",
        [run_id, wh.utcnow(), text_name(input_dir), SITREP_VERSION],
    )


def record_run_end(con, summary: RunSummary) -> None:
    """The run's outcome and counts; a run whose outcome is already written keeps it."""
    con.execute(
        """UPDATE runs SET ended_at = ?, status = ?, files_seen = ?, files_new = ?, files_changed = ?,
           files_unchanged = ?, files_rejected = ?, files_pruned = ?, documents_loaded = ?,
           events_loaded = ?, seconds = ?, message = ? WHERE run_id = ? AND status = 'running'""",
        [
            wh.utcnow(),
            summary.status,
            summary.files_seen,
            summary.files_new,
            summary.files_changed,
            summary.files_unchanged,
            summary.files_rejected,
            summary.files_pruned,
            summary.documents_loaded,
            summary.events_loaded,
            round(summary.seconds, 3),
            summary.message[:2000],
            summary.run_id,
        ],
    )


# --------------------------------------------------------------------------- tasks


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
) -> tuple[list[dict], list[tuple[str, str]]]:
    """Extract event rows from a batch of articles with one spaCy pass (nlp.pipe)."""
    from transforms.extract import extract_events_batch
    from transforms.extraction.detect import detector_for
    from transforms.nlp import load_pipeline
    from transforms.reference import load_reference_cached

    nlp = AdvancingPipeline(load_pipeline(spacy_model))
    reference = load_reference_cached(reference_dir)
    return extract_events_batch(articles, nlp, reference, detector_for(detector, detector_model))


# --------------------------------------------------------------------------- the flow


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


def raise_fault(point: str) -> None:
    """Test hook: fail on purpose at a named point, to prove a failed run changes nothing."""
    raise RuntimeError(f"injected fault at {point}")


# Worker processes, not threads: spaCy and the extraction rules hold the GIL most of the time.
# Everything listens on 127.0.0.1 only, and the dashboard (which would bind to all
# interfaces) is off.
LOCAL_CLUSTER: dict[str, object] = {
    "n_workers": 2,
    "threads_per_worker": 1,
    "processes": True,
    "host": "127.0.0.1",
    "dashboard_address": None,
}


def uses_dask(settings: Settings) -> bool:
    """True for the runners 'dask' and 'dask:ADDRESS'; ValueError for a runner sitrep lacks."""
    if settings.runner == "local":
        return False
    if settings.runner == "dask" or settings.runner.startswith("dask:"):
        return True
    raise ValueError(f"unknown runner {settings.runner!r}: use 'local', 'dask' or 'dask:ADDRESS'")


def dask_task_runner(settings: Settings):
    """A DaskTaskRunner for `settings.runner`: the scheduler at ADDRESS, or a temporary
    LocalCluster of two single-threaded worker processes, each loading spaCy and the
    reference data once (both are cached per process).

    Workers of a cluster at ADDRESS report task runs to the Prefect API configured
    where they run: give them PREFECT_API_URL (a `prefect server start` they can reach).
    """
    from prefect_dask import DaskTaskRunner

    address = settings.runner.partition(":")[2]
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class=local_cluster_reporting_to_prefect, cluster_kwargs=dict(LOCAL_CLUSTER)
    )


def local_cluster_reporting_to_prefect(**cluster_kwargs: object):
    """A LocalCluster whose workers report their task runs to this process's Prefect API.

    Without PREFECT_API_URL a flow runs against a temporary API that this process
    started, which worker processes cannot discover: each would start its own (seconds
    per worker, and task runs scattered over throwaway servers). So the workers are
    given the address explicitly.
    """
    from distributed import LocalCluster
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        api_url = str(client.api_url).rstrip("/")
    return LocalCluster(**cluster_kwargs, env={"PREFECT_API_URL": api_url})


def flow_for(settings: Settings):
    """The pipeline flow with the task runner the settings ask for (what `sitrep run` calls)."""
    if uses_dask(settings):
        return pipeline.with_options(task_runner=dask_task_runner(settings))
    return pipeline


def flow_dask_runner():
    """The running flow's task runner if it is a DaskTaskRunner, else None."""
    from prefect.context import FlowRunContext
    from prefect_dask import DaskTaskRunner

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    return runner if isinstance(runner, DaskTaskRunner) else None


class BatchRunner:
    """Runs a task over batches and yields the results in batch order.

    Locally each batch is a plain task call in this process. Inside a flow whose task
    runner is a DaskTaskRunner every batch is submitted at once as a task run on the
    cluster. With a Dask runner but no such flow (run_pipeline called directly by tests
    or the benchmark) the task functions go to a Dask client opened here: there is no
    flow run to attach task runs to, and the workers may have no Prefect API to reach.
    Results are gathered in submission order, so the output is identical to a local run.
    """

    def __init__(self, settings: Settings) -> None:
        import contextlib

        self.settings = settings
        self.task_runner = None
        self.client = None
        self.resources = contextlib.ExitStack()

    def __enter__(self) -> BatchRunner:
        if uses_dask(self.settings):
            self.task_runner = flow_dask_runner()
            if self.task_runner is None:
                self.client = open_dask_client(self.settings, self.resources)
        return self

    def __exit__(self, *exc: object) -> None:
        self.resources.close()

    def run(self, task, batch_parameter: str, groups: list[list], **constants: object):
        """Yield `task(batch_parameter=group, **constants)` for each group, in order."""
        calls = [{batch_parameter: group, **constants} for group in groups]
        if self.task_runner is not None:
            futures = [self.task_runner.submit(task, parameters) for parameters in calls]
        elif self.client is not None:
            futures = [
                self.client.submit(task.fn, pure=False, **parameters) for parameters in calls
            ]
        else:
            futures = None
        for i, parameters in enumerate(calls):
            yield task(**parameters) if futures is None else futures[i].result()


def open_dask_client(settings: Settings, resources):
    """A Dask client for `settings.runner` (a LocalCluster or ADDRESS), closed with `resources`."""
    from distributed import Client, LocalCluster

    address = settings.runner.partition(":")[2]
    if not address:
        address = resources.enter_context(LocalCluster(**LOCAL_CLUSTER))
    return resources.enter_context(Client(address, set_as_default=False))


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
    for group, (found_rows, failed) in zip(groups, results, strict=True):
        rows.extend(found_rows)
        failures.extend(failed)
        done += len(group)
        progress_reach(done)
        if progress is not None:
            progress(done, len(articles))
    stage_log(
        logger,
        "extract",
        docs=len(articles),
        events=len(rows),
        seconds=round(time.perf_counter() - t1, 2),
    )
    return rows, failures


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


def summary_json(summary: RunSummary) -> str:
    return json.dumps(summary.as_dict(), default=str)


PAUSE_SECONDS = 60.0


KILL_POINTS = (
    "locked",  # the writer lock held, nothing written yet
    "begun",  # the run's row written ('running'), its first transaction closed
    "ingest",  # the input read and hashed
    "extract",  # clean and extract done, before validation
    "validate",  # validated (Data Docs written), before the Parquet
    "lake",  # the Parquet written, before the load transaction
    "load",  # inside the load transaction: the rows loaded
    "status",  # inside the load transaction: the outcome written, before COMMIT
    "committed",  # after COMMIT, before the connection closes
    "finished",  # the outcome recorded, before the writer lock is released
)


def checkpoint(settings: Settings, name: str) -> None:
    """Test hook: pause here when `settings.pause_at` names this point, so a test can kill
    the run or act while it waits.

    The points are KILL_POINTS, in the order a run passes them; `pause_at` holds one point
    or several separated by commas. Writes `settings.pause_file` ("PID POINT", the marker
    the test waits for) and sleeps up to PAUSE_SECONDS, or until the test deletes the
    marker.
    """
    if name not in (settings.pause_at or "").split(","):
        return
    import os

    marker = settings.pause_file
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{os.getpid()} {name}\n", encoding="utf-8")
    deadline = time.monotonic() + PAUSE_SECONDS
    while time.monotonic() < deadline and (marker is None or marker.exists()):
        time.sleep(0.1)

"""The sitrep flow: ingest -> clean -> extract -> validate -> load.

Transforms do the thinking; this module does the I/O and the bookkeeping around
them. A run either lands whole (one DuckDB transaction) or leaves the warehouse as
it was; its row in `runs` says which.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task

from flows import warehouse as wh
from flows.ingest import Discovery, KnownFile, Rejection, discover
from flows.settings import Settings
from transforms.frames import frame_from_rows, to_arrow
from transforms.models import Article, RawDocument

MAX_FILE_BYTES = 20_000_000
# The CLI sets a callback(done, total) here to draw a progress bar over extraction.
progress_reporter: ContextVar[Callable[[int, int], None] | None] = ContextVar(
    "progress_reporter", default=None
)
MAX_ARTICLE_CHARS = 1_000_000

try:
    SITREP_VERSION = version("sitrep")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    SITREP_VERSION = "0+unknown"


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
    seconds: float = 0.0
    message: str = ""
    rejected: list[tuple[str, str]] = field(default_factory=list)

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


def mark_crashed_runs(con) -> None:
    """A run still 'running' while we hold the writer lock died without finishing."""
    con.execute(
        "UPDATE runs SET status = 'crashed', message = 'the process ended before the run finished'"
        " WHERE status = 'running'"
    )


def record_run_start(con, run_id: str, input_dir: Path) -> None:
    con.execute(
        "INSERT INTO runs (run_id, started_at, status, input_dir, sitrep_version) VALUES (?, ?, 'running', ?, ?)",
        [run_id, wh.utcnow(), str(input_dir), SITREP_VERSION],
    )


def record_run_end(con, summary: RunSummary) -> None:
    con.execute(
        """UPDATE runs SET ended_at = ?, status = ?, files_seen = ?, files_new = ?, files_changed = ?,
           files_unchanged = ?, files_rejected = ?, files_pruned = ?, documents_loaded = ?,
           events_loaded = ?, seconds = ?, message = ? WHERE run_id = ?""",
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
    for raw in raw_docs:
        label = raw.file_name + (f"#{raw.source_record}" if raw.source_record else "")
        try:
            article = clean_document(raw)
        except Exception as err:  # one broken document never stops the batch
            failures.append((label, f"cleaning failed: {type(err).__name__}: {err}"[:300]))
            continue
        if len(article.clean_text) > MAX_ARTICLE_CHARS:
            failures.append(
                (label, f"article too long: {len(article.clean_text):,} characters after cleaning")
            )
            continue
        articles.append(article)
    return articles, failures


@task(name="extract", retries=0)
def extract_batch(
    articles: list[Article], reference_dir: str, spacy_model: str
) -> tuple[list[dict], list[tuple[str, str]]]:
    """Extract event rows from a batch of articles with one spaCy pass (nlp.pipe)."""
    from transforms.extract import extract_events_batch
    from transforms.nlp import load_pipeline
    from transforms.reference import load_reference_cached

    nlp = load_pipeline(spacy_model)
    reference = load_reference_cached(reference_dir)
    return extract_events_batch(articles, nlp, reference)


# --------------------------------------------------------------------------- the flow


def document_rows(articles: Sequence[Article], paths: dict[str, str], run_id: str) -> pd.DataFrame:
    rows = []
    for a in articles:
        rows.append(
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
        )
    return frame_from_rows("documents", rows)


def write_lake(lake: Path, run_id: str, frames: dict[str, pd.DataFrame]) -> dict[str, Path]:
    """Write this run's rows as Parquet (zstd) under lake/<table>/run_id=<id>/part-0.parquet."""
    written = {}
    for table, frame in frames.items():
        folder = lake / table / f"run_id={run_id}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "part-0.parquet"
        pq.write_table(to_arrow(table, frame), path, compression="zstd")
        written[table] = path
    return written


def remove_lake_run(lake: Path, run_id: str) -> None:
    """Drop a failed run's Parquet so the lake only holds what the warehouse holds."""
    for folder in lake.glob(f"*/run_id={run_id}"):
        shutil.rmtree(folder, ignore_errors=True)


def load_run(
    con,
    settings: Settings,
    run_id: str,
    found: Discovery,
    parquet: dict[str, Path],
    pruned_doc_ids: set[str],
    reference_frames: dict[str, pd.DataFrame],
    before_commit: Callable[[], None] | None = None,
) -> None:
    """Load the run into DuckDB in one transaction: replaced rows out, new rows in."""
    doc_ids = (
        set(pd.read_parquet(parquet["documents"], columns=["doc_id"])["doc_id"])
        if "documents" in parquet
        else set()
    )
    gone = sorted(found.stale_doc_ids | pruned_doc_ids | doc_ids)
    con.execute("BEGIN TRANSACTION")
    try:
        wh.delete_where_in(con, "events", "doc_id", gone)
        wh.delete_where_in(con, "documents", "doc_id", gone)
        for table in ("documents", "events"):
            if table in parquet:
                con.execute(
                    f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet(?)",
                    [str(parquet[table])],
                )
        refresh_clusters(con)
        record_files(con, found, run_id, settings.prune)
        for rejection in found.rejected:
            con.execute(
                "INSERT INTO rejected_files VALUES (?, ?, ?, ?, ?)",
                [run_id, rejection.source_path, rejection.file_hash, rejection.reason, wh.utcnow()],
            )
        load_reference_tables(con, reference_frames)
        if before_commit is not None:
            before_commit()
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def refresh_clusters(con) -> None:
    """Re-cluster every event of the warehouse (inside the load transaction)."""
    from transforms.cluster import cluster_events

    events = con.execute(
        "SELECT event_id, doc_id, sub_event_type, event_date, time_precision, latitude, longitude, "
        "geo_precision, actor1, actor2 FROM events"
    ).df()
    documents = con.execute("SELECT doc_id, outlet, published_date FROM documents").df()
    clusters = cluster_events(events, documents)
    con.execute("DELETE FROM event_clusters")
    if len(clusters):
        con.register("_clusters", clusters)
        try:
            con.execute("INSERT INTO event_clusters BY NAME SELECT * FROM _clusters")
        finally:
            con.unregister("_clusters")


def record_files(con, found: Discovery, run_id: str, prune: bool) -> None:
    paths = [f.source_path for f in found.files]
    if prune:
        paths += found.missing
    wh.delete_where_in(con, "source_files", "source_path", paths)
    for f in found.files:
        con.execute(
            "INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                f.source_path,
                f.file_hash,
                f.size_bytes,
                f.mtime_ns,
                list(f.doc_ids),
                f.status,
                run_id,
            ],
        )


def load_reference_tables(con, frames: dict[str, pd.DataFrame]) -> None:
    """Reference CSVs as dimension tables (like dbt seeds), replaced whole each load."""
    for name, frame in frames.items():
        con.register("_reference_frame", frame)
        try:
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _reference_frame")
        finally:
            con.unregister("_reference_frame")


@flow(name="sitrep-pipeline", log_prints=False)
def pipeline(settings: Settings | None = None, fault: str | None = None) -> dict:
    """Run ingest -> clean -> extract -> validate -> load over the input folder."""
    settings = settings or Settings()
    logger = get_run_logger()
    summary = run_pipeline(settings, logger, fault=fault)
    return summary.as_dict()


def run_pipeline(settings: Settings, logger, fault: str | None = None) -> RunSummary:
    """The body of the flow, callable with any logger (tests, benchmarks)."""
    from transforms.reference import Reference

    started = time.perf_counter()
    run_id = new_run_id()
    summary = RunSummary(run_id=run_id)
    with wh.writer_lock(settings.warehouse, wait_seconds=settings.lock_wait_seconds):
        con = wh.connect_writer(settings.warehouse, settings.schema_dir, settings.views_dir)
        try:
            mark_crashed_runs(con)
            record_run_start(con, run_id, settings.input_dir)
            files, doc_ids = known_files(con)
        except Exception:
            con.close()
            raise
        con.close()  # readers may query while we work; we reopen for the load
        try:
            found = discover(settings.input_dir, files, doc_ids, MAX_FILE_BYTES)
            summary.files_seen = found.seen
            summary.files_new, summary.files_changed = len(found.new), len(found.changed)
            summary.files_unchanged = len(found.unchanged) + len(found.still_rejected)
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
            paths = {}
            for f in found.files:
                for d in f.doc_ids:
                    paths.setdefault(d, f.source_path)
            articles, events_rows, failures = process_documents(found.documents, settings, logger)
            found.rejected.extend(Rejection(label, reason) for label, reason in failures)
            if fault == "after-extract":
                raise_fault(fault)
            reference = Reference.load(settings.reference_dir)
            documents = document_rows(articles, paths, run_id)
            events = frame_from_rows("events", [{**row, "run_id": run_id} for row in events_rows])
            pruned = prune_doc_ids(found, files) if settings.prune else set()
            summary.files_pruned = len(found.missing) if settings.prune else 0
            summary.files_rejected = len(found.rejected)
            summary.rejected = [(r.source_path, r.reason) for r in found.rejected]
            nothing_to_do = not (
                len(documents) or found.stale_doc_ids or pruned or found.rejected or found.files
            )
            if nothing_to_do:
                summary.status = "nothing-new"
                summary.message = "nothing new: every input file is already in the warehouse"
            else:
                load_everything(
                    settings, run_id, found, documents, events, pruned, reference, fault, logger
                )
                summary.status = "completed"
                summary.documents_loaded, summary.events_loaded = len(documents), len(events)
        except BaseException as err:
            summary.status = "failed"
            summary.message = f"{type(err).__name__}: {err}"
            summary.seconds = time.perf_counter() - started
            finish_run(settings, summary)
            raise
        summary.seconds = time.perf_counter() - started
        finish_run(settings, summary)
    stage_log(
        logger,
        "done",
        status=summary.status,
        documents=summary.documents_loaded,
        events=summary.events_loaded,
        seconds=round(summary.seconds, 2),
    )
    return summary


def prune_doc_ids(found: Discovery, files: dict[str, KnownFile]) -> set[str]:
    return {d for rel in found.missing for d in files[rel].doc_ids}


def raise_fault(point: str) -> None:
    """Test hook: fail on purpose at a named point, to prove a failed run changes nothing."""
    raise RuntimeError(f"injected fault at {point}")


def process_documents(
    raw_docs: list[RawDocument], settings: Settings, logger
) -> tuple[list[Article], list[dict], list[tuple[str, str]]]:
    """Clean and extract in batches, on the runner the settings name."""
    if not raw_docs:
        return [], [], []
    t0 = time.perf_counter()
    groups = batches(raw_docs, settings.batch_size)
    articles: list[Article] = []
    failures: list[tuple[str, str]] = []
    for cleaned, failed in (clean_batch(group) for group in groups):
        articles.extend(cleaned)
        failures.extend(failed)
    stage_log(
        logger,
        "clean",
        docs=len(articles),
        rejected=len(failures),
        seconds=round(time.perf_counter() - t0, 2),
    )
    t1 = time.perf_counter()
    rows: list[dict] = []
    progress = progress_reporter.get()
    done = 0
    for group in batches(articles, settings.batch_size):
        found_rows, failed = extract_batch(group, str(settings.reference_dir), settings.spacy_model)
        rows.extend(found_rows)
        failures.extend(failed)
        done += len(group)
        if progress is not None:
            progress(done, len(articles))
    stage_log(
        logger,
        "extract",
        docs=len(articles),
        events=len(rows),
        seconds=round(time.perf_counter() - t1, 2),
    )
    return articles, rows, failures


def load_everything(
    settings, run_id, found, documents, events, pruned, reference, fault, logger
) -> None:
    t0 = time.perf_counter()
    lake = settings.lake
    parquet = write_lake(lake, run_id, {"documents": documents, "events": events})
    try:
        with wh.connect_writer_ctx(
            settings.warehouse, settings.schema_dir, settings.views_dir
        ) as con:
            load_run(
                con,
                settings,
                run_id,
                found,
                parquet,
                pruned,
                reference.frames,
                before_commit=(lambda: raise_fault(fault)) if fault == "before-commit" else None,
            )
    except BaseException:
        remove_lake_run(lake, run_id)
        raise
    stage_log(
        logger,
        "load",
        documents=len(documents),
        events=len(events),
        seconds=round(time.perf_counter() - t0, 2),
    )


def finish_run(settings: Settings, summary: RunSummary) -> None:
    """Record the run's outcome in its own small transaction."""
    with wh.connect_writer_ctx(settings.warehouse, settings.schema_dir, settings.views_dir) as con:
        record_run_end(con, summary)


def summary_json(summary: RunSummary) -> str:
    return json.dumps(summary.as_dict(), default=str)

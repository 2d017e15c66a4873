"""The `runs` table: what a run did, its row, and the runs that died before finishing.

A run's row is written when it starts ('running') and given its outcome and counts when
it ends, inside its load transaction when it loads anything; a row still 'running' when
the next run holds the writer lock belongs to a process that died.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from flows import warehouse as wh
from flows.ingest import KnownFile
from flows.lake import Lake
from flows.regular_files import text_name

QUERIES_DIR = Path(__file__).resolve().parent.parent / "warehouse" / "queries"

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

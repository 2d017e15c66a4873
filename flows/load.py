"""Writing a run: Parquet files in the lake, then one DuckDB transaction.

The lake (`flows/lake.py`, a local folder or any fsspec URL) keeps each run's rows
as `<lake>/<table>/run_id=<id>/part-0.parquet` (pyarrow, zstd). The warehouse loads them with every other change of the run
(replaced documents out, quarantine and quality results in, clusters and
reference tables replaced, and the run's own outcome in `runs`) inside a single
transaction, so a run lands whole or not at all; a failed load also removes the run's
Parquet files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from flows import warehouse as wh
from flows.ingest import Discovery
from flows.lake import Lake


@dataclass
class RunRows:
    """Everything one run writes."""

    run_id: str
    found: Discovery
    documents: pd.DataFrame
    events: pd.DataFrame
    clusters: pd.DataFrame
    quarantine: pd.DataFrame
    quality_results: pd.DataFrame
    reference: dict[str, pd.DataFrame]
    replaced_doc_ids: set[str] = field(default_factory=set)
    prune: bool = False


def load_run(
    con,
    rows: RunRows,
    lake: Lake,
    record_outcome: Callable[[object], None],
    checkpoint: Callable[[str], None] = lambda point: None,
) -> None:
    """Write the lake files, then load everything in one transaction (rolled back on error).

    `record_outcome(con)` writes the run's final row in `runs` inside that same
    transaction, so the warehouse can never hold a run's rows without its outcome (nor
    the outcome without the rows), whenever the process dies. `checkpoint` is called at
    the named points 'lake' (Parquet written, before BEGIN), 'load' (rows loaded), 'status'
    (outcome written, before COMMIT) and 'committed', for the tests' kill points.
    """
    parquet = lake.write_run(rows.run_id, {"documents": rows.documents, "events": rows.events})
    try:
        checkpoint("lake")
        con.execute("BEGIN TRANSACTION")
        try:
            apply_run(con, rows, lake, parquet)
            checkpoint("load")
            record_outcome(con)
            checkpoint("status")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except BaseException:
        lake.remove_run(rows.run_id)
        raise
    checkpoint("committed")


def apply_run(con, rows: RunRows, lake: Lake, parquet: dict[str, str]) -> None:
    gone = sorted(rows.replaced_doc_ids)
    wh.delete_where_in(con, "events", "doc_id", gone)
    wh.delete_where_in(con, "documents", "doc_id", gone)
    for table in ("documents", "events"):
        insert_parquet(con, table, lake, parquet[table])
    con.execute("DELETE FROM event_clusters")
    insert_frame(con, "event_clusters", rows.clusters)
    insert_frame(con, "quarantine", rows.quarantine)
    insert_frame(con, "quality_results", rows.quality_results)
    record_files(con, rows)
    for rejection in rows.found.rejected:
        con.execute(
            "INSERT INTO rejected_files VALUES (?, ?, ?, ?, ?)",
            [
                rows.run_id,
                rejection.source_path,
                rejection.file_hash,
                rejection.reason,
                wh.utcnow(),
            ],
        )
    load_reference_tables(con, rows.reference)


def insert_parquet(con, table: str, lake: Lake, path: str) -> None:
    """Load one lake file into a table: DuckDB reads a local file itself; a remote one
    comes back through the lake's fsspec filesystem."""
    if lake.is_local:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet(?)", [path])
        return
    con.register("_parquet", lake.read(path))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _parquet")
    finally:
        con.unregister("_parquet")


def insert_frame(con, table: str, frame: pd.DataFrame | None) -> None:
    """Insert a frame into a table by column name."""
    if frame is None or frame.empty:
        return
    cols = [c for c in wh.table_columns(con, table) if c in frame.columns]
    con.register("_frame", frame[cols])
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame")
    finally:
        con.unregister("_frame")


def record_files(con, rows: RunRows) -> None:
    """Remember each file seen with its hash, size and time (and forget pruned ones)."""
    found = rows.found
    paths = [f.source_path for f in found.files] + (found.missing if rows.prune else [])
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
                rows.run_id,
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

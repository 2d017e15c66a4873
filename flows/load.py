"""Writing a run: Parquet files in the lake, then one DuckDB transaction.

The lake keeps each run's rows as `lake/<table>/run_id=<id>/part-0.parquet`
(pyarrow, zstd). The warehouse loads them with every other change of the run
(replaced documents out, quarantine and quality results in, clusters and
reference tables replaced) inside a single transaction, so a run lands whole or
not at all; a failed load also removes the run's Parquet files.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from flows import warehouse as wh
from flows.ingest import Discovery
from transforms.frames import to_arrow


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
    con, rows: RunRows, lake: Path, before_commit: Callable[[], None] | None = None
) -> None:
    """Write the lake files, then load everything in one transaction (rolled back on error)."""
    parquet = write_lake(lake, rows.run_id, {"documents": rows.documents, "events": rows.events})
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            apply_run(con, rows, parquet)
            if before_commit is not None:
                before_commit()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except BaseException:
        remove_lake_run(lake, rows.run_id)
        raise


def apply_run(con, rows: RunRows, parquet: dict[str, Path]) -> None:
    gone = sorted(rows.replaced_doc_ids)
    wh.delete_where_in(con, "events", "doc_id", gone)
    wh.delete_where_in(con, "documents", "doc_id", gone)
    for table in ("documents", "events"):
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet(?)", [str(parquet[table])]
        )
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

"""What the warehouse holds: its tables and views, their sizes and columns, its last runs.

`sitrep status` and `sitrep tables` print these; they are plain functions over a
connection so that a notebook gets the same answers as the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

RELATION_COLUMNS = ("name", "kind", "rows", "columns")
RUN_COLUMNS = (
    "run_id, status, started_at, files_seen, files_new, files_changed, files_rejected, "
    "documents_loaded, events_loaded, round(seconds, 1) AS seconds"
)


@dataclass(frozen=True)
class Relation:
    """A table or view of the warehouse with its row count and columns."""

    name: str
    kind: str  # 'table' or 'view'
    rows: int
    columns: tuple[str, ...]


@dataclass(frozen=True)
class WarehouseStatus:
    """Row counts of the tables and the most recent runs, newest first."""

    warehouse: str
    tables: dict[str, int]
    run_columns: tuple[str, ...]
    runs: tuple[tuple[Any, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "warehouse": self.warehouse,
            "tables": self.tables,
            "runs": [dict(zip(self.run_columns, run, strict=True)) for run in self.runs],
        }


def relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every table and view of the main schema, tables first, each with its row count."""
    listed = con.execute(
        "SELECT table_name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END "
        "FROM information_schema.tables WHERE table_schema = 'main' "
        "ORDER BY table_type, table_name"
    ).fetchall()
    found = []
    for name, kind in listed:
        columns = con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
            [name],
        ).fetchall()
        count = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        found.append(Relation(name, kind, int(count), tuple(c[0] for c in columns)))
    return found


def warehouse_status(con: duckdb.DuckDBPyConnection, warehouse: str, runs: int) -> WarehouseStatus:
    """The tables' row counts and the last `runs` runs (runs must be 0 or more)."""
    if runs < 0:
        raise ValueError(f"--runs must be 0 or more (got {runs})")
    tables = {r.name: r.rows for r in relations(con) if r.kind == "table"}
    result = con.execute(f"SELECT {RUN_COLUMNS} FROM runs ORDER BY started_at DESC LIMIT ?", [runs])
    return WarehouseStatus(
        warehouse=warehouse,
        tables=tables,
        run_columns=tuple(d[0] for d in result.description),
        runs=tuple(result.fetchall()),
    )


def relation_rows(found: list[Relation]) -> list[tuple[Any, ...]]:
    """The relations as rows of RELATION_COLUMNS, the columns comma-separated."""
    return [(r.name, r.kind, r.rows, ", ".join(r.columns)) for r in found]

"""What the report shows, read from the warehouse once, by named queries.

The figures come from the warehouse views (`warehouse/views/`) through the queries of
`warehouse/queries/report_*.sql`. The views are recreated as temporary views first, so a
report reads the current definitions even from a warehouse last written by an older
sitrep, and even on a read-only connection.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.settings import PROJECT_ROOT

if TYPE_CHECKING:
    import duckdb

QUERIES_DIR = PROJECT_ROOT / "warehouse" / "queries"
VIEWS_DIR = PROJECT_ROOT / "warehouse" / "views"

RECENT_EVENTS = 50
TOP_ROWS = 15
RUNS_SHOWN = 30  # runs in the quality-over-time chart

Row = dict[str, Any]


def use_current_views(con: duckdb.DuckDBPyConnection, views_dir: Path = VIEWS_DIR) -> None:
    """Create this sitrep's views as temporary views, which shadow whatever the file holds."""
    for path in sorted(Path(views_dir).glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        con.execute(
            re.sub(r"CREATE\s+OR\s+REPLACE\s+VIEW", "CREATE OR REPLACE TEMP VIEW", sql, count=1)
        )


@cache
def query_text(name: str) -> str:
    """The SQL of `warehouse/queries/<name>.sql`."""
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def rows(con: duckdb.DuckDBPyConnection, query: str, *params: object) -> list[Row]:
    """The rows of `warehouse/queries/<query>.sql` as dicts."""
    result = con.execute(query_text(query), list(params))
    names = [d[0] for d in result.description]
    return [dict(zip(names, r, strict=True)) for r in result.fetchall()]


def read_report_data(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the page shows, read once."""
    data: dict[str, Any] = {
        "headline": rows(con, "report_headline")[0],
        "monthly": rows(con, "report_monthly_events"),
        "map_points": rows(con, "report_map_points"),
        "places": rows(con, "report_top_places", TOP_ROWS),
        "actors": rows(con, "report_top_actors", TOP_ROWS),
        "control": rows(con, "report_control_changes"),
        "recent": rows(con, "report_recent_events", RECENT_EVENTS),
        "measures": quality_measures(con),
    }
    # Only the articles the page links to are embedded: the page stays small however
    # large the warehouse grows.
    linked = {r["doc_id"] for r in data["recent"]}
    linked |= {r["first_evidence_doc_id"] for r in data["control"]}
    data["documents"] = rows(con, "report_documents", sorted(linked))
    data["spans"] = rows(con, "report_evidence_spans", sorted(linked))
    return data


def quality_measures(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The batch measures per run (none from a warehouse older than severities, which a
    read-only connection cannot upgrade)."""
    import duckdb

    try:
        return rows(con, "report_quality_measures", RUNS_SHOWN)
    except duckdb.BinderException:
        return []

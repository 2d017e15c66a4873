"""`sitrep export`: the events as a file other tools read (CSV, Parquet, GeoJSON).

Analysts take events into spreadsheets, notebooks and GIS. `--acled` writes ACLED's
export column names and conventions (warehouse/queries/export_events_acled.sql) so
that scripts written for ACLED data run on ours unchanged; without it the columns are
sitrep's own, with each event's article and cluster.

The export reads through a read-only connection that cannot write files itself, so the
rows are fetched and written from Python.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.commands import reads_warehouse
from flows.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:  # the CLI imports this module to build its parser: keep that cheap
    import duckdb

QUERIES_DIR = PROJECT_ROOT / "warehouse" / "queries"
FORMATS = ("csv", "parquet", "geojson")


def export_events(con: duckdb.DuckDBPyConnection, fmt: str, out: Path, acled: bool) -> Path:
    """Write every event to `out` as csv, parquet or geojson; return the path written."""
    from flows.report import use_current_views

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    use_current_views(con)
    query = (QUERIES_DIR / f"export_events{'_acled' if acled else ''}.sql").read_text("utf-8")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[fmt](con.sql(query), out)
    return out


def write_csv(rows: duckdb.DuckDBPyRelation, out: Path) -> None:
    """CSV with a header, ISO dates, whole numbers kept whole, and empty cells for NULL."""
    import pyarrow.csv as pacsv

    pacsv.write_csv(arrow_table(rows), out, pacsv.WriteOptions(quoting_style="needed"))


def write_parquet(rows: duckdb.DuckDBPyRelation, out: Path) -> None:
    """Parquet with the warehouse's own column types (dates stay dates)."""
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(rows), out)


def write_geojson(rows: duckdb.DuckDBPyRelation, out: Path) -> None:
    """A FeatureCollection of Points (longitude, latitude) with every other column as a property."""
    names = rows.columns
    features = [event_feature(dict(zip(names, row, strict=True))) for row in rows.fetchall()]
    collection = {"type": "FeatureCollection", "features": features}
    out.write_text(json.dumps(collection, ensure_ascii=False, default=json_value), "utf-8")


WRITERS = {"csv": write_csv, "parquet": write_parquet, "geojson": write_geojson}


def event_feature(row: dict[str, Any]) -> dict[str, Any]:
    lon, lat = row["longitude"], row["latitude"]
    properties = {k: plain(v) for k, v in row.items() if k not in ("longitude", "latitude")}
    placed = all(isinstance(v, int | float) and v == v for v in (lon, lat))  # NaN != NaN
    return {
        "type": "Feature",
        # RFC 7946: a feature with no known place has a null geometry
        "geometry": {"type": "Point", "coordinates": [lon, lat]} if placed else None,
        "properties": properties,
    }


def plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, lists as lists, NaN as null."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def json_value(value: Any) -> Any:
    return str(value)


def arrow_table(rows: duckdb.DuckDBPyRelation) -> Any:
    """The rows as a pyarrow Table, whatever this duckdb version calls the method."""
    for method in ("to_arrow_table", "arrow"):
        if hasattr(rows, method):
            return getattr(rows, method)()
    raise RuntimeError("this duckdb cannot return Arrow tables")


def default_out(settings: Settings, fmt: str, acled: bool) -> Path:
    return settings.reports / f"events{'-acled' if acled else ''}.{fmt}"


def add_export_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `sitrep export --format csv|parquet|geojson [--acled] [--out PATH] [--warehouse PATH]`."""
    export = subparsers.add_parser(
        "export",
        help="write the events to CSV, Parquet or GeoJSON",
        description="Write every event to one file. --acled uses ACLED's column names and "
        "conventions (event_id_cnty, assoc_actor_1, interaction, notes, source, ...).",
    )
    export.add_argument(
        "--warehouse", type=Path, help="DuckDB file (default: warehouse/sitrep.duckdb)"
    )
    export.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
    export.add_argument("--acled", action="store_true", help="ACLED column names and codes")
    export.add_argument(
        "--out", type=Path, help="file to write (default: reports/events[-acled].FORMAT)"
    )
    export.set_defaults(func=cmd_export)
    return export


@reads_warehouse
def cmd_export(args: argparse.Namespace, settings: Settings, con) -> int:
    """Export from a read-only connection and print where the file was written."""
    out = args.out or default_out(settings, args.fmt, args.acled)
    print(export_events(con, args.fmt, out, args.acled))
    return 0

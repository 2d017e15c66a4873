"""`sitrep export`: the events as a file other tools read (CSV, Parquet, GeoJSON).

Analysts take events into spreadsheets, notebooks and GIS. `--acled` writes ACLED's
export format, its columns, order, types and conventions (flows/acled.py), so that
tools written for ACLED data run on ours unchanged; without it the columns are
sitrep's own, with each event's article and cluster.

The export reads through a read-only connection that cannot write files itself, so the
rows are fetched and written from Python.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

QUERIES_DIR = PROJECT_ROOT / "warehouse" / "queries"
REFERENCE_DIR = PROJECT_ROOT / "seeds" / "reference"
FORMATS = ("csv", "parquet", "geojson")


class ExportRefused(ValueError):
    """The export was asked for something it cannot write (a folder as --out, a format)."""


def export_events(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    out: Path | str,
    acled: bool,
    with_provenance: bool = False,
    reference_dir: Path = REFERENCE_DIR,
) -> Path:
    """Write every event to `out` as csv, parquet or geojson; return the path written.

    `acled` writes ACLED's format (flows/acled.py), with sitrep's evidence, confidence,
    cluster and doc columns appended when `with_provenance`; a file is written whole or
    not at all (a `.partial` file renamed at the end).
    """
    from flows.report import use_current_views

    if fmt not in FORMATS:
        raise ExportRefused(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    given = str(out)  # as typed: Path() would drop a trailing slash
    out = Path(out)
    if given.endswith(("/", os.sep)) or out.is_dir():
        raise ExportRefused(
            f"--out {given} is a folder: give a file name, e.g. {out / f'events.{fmt}'}"
        )
    use_current_views(con)
    if acled:
        from flows.acled import AcledTables, acled_table

        table = acled_table(con, AcledTables.load(reference_dir), with_provenance)
    else:
        table = arrow_table(con.sql((QUERIES_DIR / "export_events.sql").read_text("utf-8")))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        WRITERS[fmt](table, partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def write_csv(table: pa.Table, out: Path) -> None:
    """CSV with a header, ISO dates, whole numbers kept whole, and empty cells for NULL."""
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, out, pacsv.WriteOptions(quoting_style="needed"))


def write_parquet(table: pa.Table, out: Path) -> None:
    """Parquet with the columns' own types (dates stay dates, integers integers)."""
    import pyarrow.parquet as pq

    pq.write_table(table, out)


def write_geojson(table: pa.Table, out: Path) -> None:
    """A FeatureCollection of Points (longitude, latitude) with every other column as a property."""
    features = [event_feature(row) for row in table.to_pylist()]
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

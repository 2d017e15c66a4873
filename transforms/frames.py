"""Column names and Arrow types of the frames the pipeline produces.

One place for the shape of `documents` and `events` as they travel from the
transforms to Parquet and DuckDB. The contract's columns come first, in the
contract's order; our extra columns follow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
import pyarrow as pa

DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("file_name", pa.string()),
        ("source_record", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("published_date", pa.date32()),
        ("published_date_source", pa.string()),
        ("clean_text", pa.string()),
        ("source_path", pa.string()),
        ("author", pa.string()),
        ("url", pa.string()),
        ("run_id", pa.string()),
    ]
)

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("event_date", pa.date32()),
        ("time_precision", pa.int16()),
        ("event_type", pa.string()),
        ("sub_event_type", pa.string()),
        ("actor1", pa.string()),
        ("assoc_actor1", pa.string()),
        ("actor2", pa.string()),
        ("assoc_actor2", pa.string()),
        ("location", pa.string()),
        ("admin1", pa.string()),
        ("country", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.int16()),
        ("fatalities", pa.int32()),
        ("injuries", pa.int32()),
        ("evidence", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("confidence", pa.float64()),
        ("inter1", pa.int16()),
        ("inter2", pa.int16()),
        ("run_id", pa.string()),
    ]
)

SCHEMAS = {"documents": DOCUMENT_SCHEMA, "events": EVENT_SCHEMA}


def columns(table: str) -> list[str]:
    return SCHEMAS[table].names


def frame_from_rows(table: str, rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """A frame with exactly the table's columns (missing keys become NULL), in order."""
    names = columns(table)
    frame = pd.DataFrame.from_records(list(rows), columns=names)
    return to_arrow(table, frame).to_pandas(types_mapper=pd.ArrowDtype)


def to_arrow(table: str, frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table of the table's schema (types checked, not guessed)."""
    schema = SCHEMAS[table]
    data = frame.reindex(columns=schema.names)
    arrays = [
        pa.array(_values(data[name]), type=field.type)
        for name, field in zip(schema.names, schema, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _values(series: pd.Series) -> list[object]:
    """Python values with NA/NaN as None, so Arrow sees NULLs rather than floats."""
    return [None if _is_missing(v) else v for v in series.tolist()]


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value

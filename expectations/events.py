"""The events suite: the contract of `events` (docs/contract.md) as expectations.

Row-level checks quarantine the rows that break them, except the few that mean a bug
(a duplicated event_id, evidence that is not the text at its offsets, a missing
document), which stop the run; the batch measures at the bottom (share dated, share
geocoded to a town, events per document) warn. expectations/severities.toml says
which is which, with the measures' thresholds and their reasons.

Rules that need another table (the document's text and date, the taxonomy, the
actor dictionary, a country's bounding box) are computed first into helper columns
named `_...` (in DuckDB where pandas would be slow, in pandas for Python regexes)
and then expected to be True with GX, so they show in Data Docs and quality_results
like every other rule. A helper is NULL when its inputs are missing; a NULL passes,
because the not-null checks already quarantine such rows under their own name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import duckdb
import great_expectations.expectations as gxe
import pandas as pd

from expectations.checks import (
    ROW_KEY,
    Check,
    TableSuite,
    as_arrow_dates,
    between,
    columns_present,
    holds,
    in_set,
    measure,
    not_null,
    unique,
)
from expectations.context import Lookups
from expectations.severity import Rule

TABLE = "events"
KEY = ("event_id",)

CONTRACT: dict[str, str] = {
    "event_id": "VARCHAR",
    "doc_id": "VARCHAR",
    "event_date": "DATE",
    "time_precision": "SMALLINT",
    "event_type": "VARCHAR",
    "sub_event_type": "VARCHAR",
    "actor1": "VARCHAR",
    "assoc_actor1": "VARCHAR",
    "actor2": "VARCHAR",
    "assoc_actor2": "VARCHAR",
    "location": "VARCHAR",
    "admin1": "VARCHAR",
    "country": "VARCHAR",
    "latitude": "DOUBLE",
    "longitude": "DOUBLE",
    "geo_precision": "SMALLINT",
    "fatalities": "INTEGER",
    "injuries": "INTEGER",
    "evidence": "VARCHAR",
    "char_start": "INTEGER",
    "char_end": "INTEGER",
    "confidence": "DOUBLE",
}
REQUIRED = [
    "doc_id",
    "event_type",
    "sub_event_type",
    "evidence",
    "char_start",
    "char_end",
    "confidence",
]
ACTOR_COLUMNS = ["actor1", "actor2"]
ASSOC_ACTOR_COLUMNS = ["assoc_actor1", "assoc_actor2"]

EARLIEST_DATE = dt.date(
    1990, 1, 1
)  # the contract's floor: no archive we ingest reports earlier events
MAX_CASUALTIES = (
    10_000  # more deaths or wounded than this in ONE event is a misread number, not news
)

# The batch measures (share dated, share geocoded to a town, events per document) take
# their thresholds from expectations/severities.toml, where their reasons are written.


def prepare(frame: pd.DataFrame, lookups: Lookups) -> pd.DataFrame:
    """The batch GX validates: the run's events plus `_row` and the helper columns."""
    batch = frame.copy()
    batch[ROW_KEY] = range(len(batch))
    if "event_date" in batch.columns:
        batch["event_date"] = as_arrow_dates(batch["event_date"])
    helpers = cross_table_flags(batch, lookups)
    for column in helpers.columns:
        batch[column] = helpers[column].to_numpy()
    batch["_taxonomy_pair_ok"] = taxonomy_pair_flags(batch, lookups.taxonomy_pairs)
    known = actor_matcher(lookups.actor_names, lookups.context.generic_actor_pattern)
    for column in ACTOR_COLUMNS:
        batch[f"_{column}_known"] = flag_each(batch.get(column), known)
    for column in ASSOC_ACTOR_COLUMNS:
        batch[f"_{column}_known"] = flag_each(batch.get(column), lambda v: all_parts(v, known))
    return batch


def checks(batch: pd.DataFrame, lookups: Lookups) -> list[Check]:
    return [
        columns_present(list(CONTRACT)),
        *table_sanity(batch, lookups),
        not_null("event_id"),
        unique("event_id"),
        *[not_null(column) for column in REQUIRED],
        holds(
            "_doc_known",
            "doc_id_known",
            "doc_id names a document of the warehouse or of this run.",
            subject="doc_id",
        ),
        holds(
            "_evidence_matches",
            "evidence_matches_offsets",
            "evidence equals clean_text[char_start:char_end] of its document.",
            subject="evidence,char_start,char_end",
        ),
        holds(
            "_taxonomy_pair_ok",
            "taxonomy_pair_valid",
            "(event_type, sub_event_type) is a pair of taxonomy.csv.",
            subject="event_type,sub_event_type",
        ),
        *[actor_known(column) for column in ACTOR_COLUMNS + ASSOC_ACTOR_COLUMNS],
        between("latitude", -90, 90),
        between("longitude", -180, 180),
        in_set("country", lookups.country_names, name="country_known"),
        holds(
            "_inside_country",
            "inside_country_bounds",
            "latitude/longitude lie inside the named country's bounding box "
            "(seeds/reference/country_bounds.csv, generous by about 0.5 degrees).",
            subject="latitude,longitude,country",
        ),
        between("event_date", EARLIEST_DATE, None, name="event_date_not_before_1990"),
        holds(
            "_date_not_after_publication",
            "event_date_not_after_publication",
            "event_date is at most one day after the document's published_date.",
            subject="event_date",
        ),
        in_set("time_precision", [1, 2, 3, 4]),
        holds(
            "_time_precision_iff_date",
            "time_precision_null_iff_event_date_null",
            "time_precision is NULL exactly when event_date is NULL.",
            subject="time_precision,event_date",
        ),
        in_set("geo_precision", [1, 2, 3]),
        holds(
            "_place_all_or_nothing",
            "location_coordinates_precision_null_together",
            "location, latitude, longitude and geo_precision are all NULL (the text names no "
            "place) or all set.",
            subject="location,latitude,longitude,geo_precision",
        ),
        between("fatalities", 0, MAX_CASUALTIES),
        between("injuries", 0, MAX_CASUALTIES),
        between("confidence", 0, 1),
    ]


def actor_known(column: str) -> Check:
    parts = " (each ';'-separated part)" if column.startswith("assoc") else ""
    return holds(
        f"_{column}_known",
        f"{column}_known",
        f"{column}{parts} is a canonical name of actors.csv or matches the generic actor pattern.",
        subject=column,
    )


def table_sanity(batch: pd.DataFrame, lookups: Lookups) -> list[Check]:
    """The batch measures the severities file gives thresholds for, on a batch large enough."""
    found: list[Check] = []
    for name, build in MEASURES.items():
        rule = lookups.severities.measure(TABLE, name)
        if rule.is_measure and len(batch) >= max(rule.min_rows, 1):
            found.append(build(rule))
    return found


def share_dated(rule: Rule) -> Check:
    return measure(
        "share_dated",
        rule,
        lambda **bounds: gxe.ExpectColumnProportionOfNonNullValuesToBeBetween(
            column="event_date", **bounds
        ),
        "share of events with a date",
        f"The share of a batch's events that carry an event_date ({rule.describe()}).",
    )


def share_geocoded_to_town(rule: Rule) -> Check:
    return measure(
        "share_geocoded_to_town",
        rule,
        lambda **bounds: gxe.ExpectColumnMeanToBeBetween(column="_geocoded_to_town", **bounds),
        "share of events geocoded to a town (geo_precision 1 or 2)",
        f"The share of a batch's events placed at a town, geo_precision 1 or 2 "
        f"({rule.describe()}).",
    )


def events_per_document(rule: Rule) -> Check:
    """Mean events per document (of the documents with events).

    GX has no "rows per group" expectation; the share of distinct doc_ids among the
    events is its inverse (documents / events), so GX checks the reciprocal threshold.
    """
    check = measure(
        "events_per_document",
        rule,
        lambda **bounds: gxe.ExpectColumnProportionOfUniqueValuesToBeBetween(
            column="doc_id", **bounds
        ),
        "events per document",
        f"Mean events per document with events ({rule.describe()}; GX checks distinct "
        "doc_ids / events against the reciprocal).",
        inverted=True,
    )
    return replace(check, observe=lambda result, batch: mean_events_per_document(result))


MEASURES: dict[str, Callable[[Rule], Check]] = {
    "events_per_document": events_per_document,
    "share_dated": share_dated,
    "share_geocoded_to_town": share_geocoded_to_town,
}


def mean_events_per_document(result: Mapping[str, Any]) -> float | None:
    """Events / distinct doc_ids, from GX's distinct doc_ids / events."""
    share = result.get("observed_value")
    return round(1 / share, 2) if share else None


# --------------------------------------------------------------------------- helper columns

FLAGS_SQL = """
SELECT
    e._row,
    CASE WHEN e.doc_id IS NULL THEN NULL ELSE d.doc_id IS NOT NULL END AS _doc_known,
    CASE
        WHEN d.doc_id IS NULL OR e.evidence IS NULL OR e.char_start IS NULL OR e.char_end IS NULL
            THEN NULL
        ELSE e.char_start >= 0
            AND e.char_end >= e.char_start
            AND e.char_end <= length(d.clean_text)
            AND substring(d.clean_text, e.char_start + 1, e.char_end - e.char_start) = e.evidence
    END AS _evidence_matches,
    e.event_date <= d.published_date + INTERVAL 1 DAY AS _date_not_after_publication,
    (e.time_precision IS NULL) = (e.event_date IS NULL) AS _time_precision_iff_date,
    CASE
        WHEN b.country IS NULL OR e.latitude IS NULL OR e.longitude IS NULL THEN NULL
        ELSE e.latitude BETWEEN b.min_lat AND b.max_lat
            AND CASE
                WHEN b.min_lon <= b.max_lon THEN e.longitude BETWEEN b.min_lon AND b.max_lon
                ELSE e.longitude >= b.min_lon OR e.longitude <= b.max_lon  -- box crosses 180 degrees
            END
    END AS _inside_country,
    coalesce(e.geo_precision IN (1, 2), false)::INTEGER AS _geocoded_to_town,
    (e.location IS NULL) = (e.latitude IS NULL)
        AND (e.location IS NULL) = (e.longitude IS NULL)
        AND (e.location IS NULL) = (e.geo_precision IS NULL) AS _place_all_or_nothing
FROM (
    SELECT
        _row,
        TRY_CAST(doc_id AS VARCHAR) AS doc_id,
        TRY_CAST(event_date AS DATE) AS event_date,
        TRY_CAST(time_precision AS INTEGER) AS time_precision,
        TRY_CAST(country AS VARCHAR) AS country,
        TRY_CAST(location AS VARCHAR) AS location,
        TRY_CAST(latitude AS DOUBLE) AS latitude,
        TRY_CAST(longitude AS DOUBLE) AS longitude,
        TRY_CAST(geo_precision AS INTEGER) AS geo_precision,
        TRY_CAST(evidence AS VARCHAR) AS evidence,
        TRY_CAST(char_start AS BIGINT) AS char_start,
        TRY_CAST(char_end AS BIGINT) AS char_end
    FROM events_batch
) e
LEFT JOIN (
    SELECT
        TRY_CAST(doc_id AS VARCHAR) AS doc_id,
        TRY_CAST(published_date AS DATE) AS published_date,
        TRY_CAST(clean_text AS VARCHAR) AS clean_text
    FROM documents_lookup
) d ON d.doc_id = e.doc_id
LEFT JOIN country_bounds b ON b.country = e.country
ORDER BY e._row
"""
FLAG_COLUMNS = [
    "doc_id",
    "event_date",
    "time_precision",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "evidence",
    "char_start",
    "char_end",
]


def cross_table_flags(batch: pd.DataFrame, lookups: Lookups) -> pd.DataFrame:
    """Helper columns that join events to documents and country boxes, computed in DuckDB.

    DuckDB does the offsets-versus-text comparison over ~10,000 events in
    milliseconds, where a pandas row loop would take a second; substring() and
    length() count characters (code points) like Python slicing does.
    """
    events_batch = batch.reindex(columns=[ROW_KEY, *FLAG_COLUMNS]).astype(
        {c: object for c in FLAG_COLUMNS if c not in batch.columns}
    )
    documents_lookup = lookups.documents
    country_bounds = lookups.country_bounds
    with duckdb.connect() as con:
        con.register("events_batch", events_batch)
        con.register("documents_lookup", documents_lookup)
        con.register("country_bounds", country_bounds)
        flags = con.execute(FLAGS_SQL).df()
    return flags.drop(columns=[ROW_KEY]).astype(
        {c: "boolean" for c in flags.columns if c not in (ROW_KEY, "_geocoded_to_town")}
    )


def taxonomy_pair_flags(batch: pd.DataFrame, pairs: set[tuple[str, str]]) -> pd.Series:
    """(event_type, sub_event_type) in the taxonomy; NULL when either is missing.

    A set lookup, not GX's column-pair expectation: that one walks the frame with
    iterrows (two seconds for 10,000 events).
    """
    if "event_type" not in batch.columns or "sub_event_type" not in batch.columns:
        return pd.Series(pd.NA, index=batch.index, dtype="boolean")
    flags = [
        None if pd.isna(kind) or pd.isna(sub) else (str(kind), str(sub)) in pairs
        for kind, sub in zip(
            batch["event_type"].astype(object), batch["sub_event_type"].astype(object), strict=True
        )
    ]
    return pd.Series(flags, index=batch.index, dtype="boolean")


def actor_matcher(known_names: set[str], generic_pattern: str) -> Callable[[str], bool]:
    """True for a canonical dictionary name or a generic actor ("Military Forces of Iraq")."""
    generic = re.compile(generic_pattern)
    return lambda name: name in known_names or generic.match(name) is not None


def all_parts(value: str, known: Callable[[str], bool]) -> bool:
    """Every ';'-separated part of an associated-actors cell is a known actor."""
    return all(known(part.strip()) for part in value.split(";"))


def flag_each(values: pd.Series | None, test: Callable[[str], bool]) -> pd.Series | None:
    """`test` applied once per distinct non-null value; NULL stays NULL (nothing to check)."""
    if values is None:
        return None
    distinct = {v: test(str(v)) for v in values.dropna().unique()}
    return pd.Series(
        [distinct.get(v) if pd.notna(v) else None for v in values],
        dtype="boolean",
        index=values.index,
    )


SUITE = TableSuite(TABLE, KEY, prepare, checks, CONTRACT)

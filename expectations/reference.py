"""Suites for the reference tables (seeds/reference/*.csv): actors, places, countries, taxonomy.

Reference CSVs are read with every cell as text and empty cells as '' (see
`transforms.reference.read_reference_csv`), so the validation batch turns '' into
NULL first: an empty name is a missing name. A reference row that fails is
quarantined like any other row; the rest of the table still loads.
"""

from __future__ import annotations

import pandas as pd

from expectations.checks import (
    ROW_KEY,
    Check,
    TableSuite,
    between,
    columns_present,
    compound_unique,
    holds,
    in_set,
    not_null,
    unique,
)
from expectations.context import Lookups

INTER_CODES = [
    str(code) for code in range(1, 9)
]  # ACLED actor types: 1 state forces ... 8 external forces


def text_batch(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `_row`, and empty or blank text cells as NULL."""
    batch = frame.copy()
    for column in batch.columns:
        if batch[column].dtype == object or pd.api.types.is_string_dtype(batch[column]):
            batch[column] = batch[column].mask(batch[column].astype("string").str.strip() == "")
    batch[ROW_KEY] = range(len(batch))
    return batch


# --------------------------------------------------------------------------- actors


def prepare_actors(frame: pd.DataFrame, lookups: Lookups) -> pd.DataFrame:
    batch = text_batch(frame)
    if "inter_code" in batch.columns:
        batch["inter_code"] = batch["inter_code"].astype("string").str.strip()
    return batch


def actor_checks(batch: pd.DataFrame, lookups: Lookups) -> list[Check]:
    return [
        columns_present(["actor", "inter_code"]),
        not_null("actor"),
        unique("actor"),
        not_null("inter_code"),
        in_set("inter_code", INTER_CODES, name="inter_code_in_1_to_8"),
    ]


# --------------------------------------------------------------------------- places


def prepare_places(frame: pd.DataFrame, lookups: Lookups) -> pd.DataFrame:
    """Coordinates become numbers for the range checks; `_<coord>_is_number` keeps text that is not one."""
    batch = text_batch(frame)
    for column in ("latitude", "longitude"):
        if column in batch.columns:
            numbers = pd.to_numeric(batch[column], errors="coerce")
            batch[f"_{column}_is_number"] = (
                numbers.notna().astype("boolean").where(batch[column].notna())
            )
            batch[column] = numbers.astype("float64")
    batch["_inside_country"] = inside_country(batch, lookups.country_bounds)
    return batch


def inside_country(batch: pd.DataFrame, bounds: pd.DataFrame) -> pd.Series:
    """The place's coordinates lie in its country's box (NULL when either is unknown).

    The same rule as for events (see expectations/events.py), in pandas: a
    gazetteer has hundreds of rows, not tens of thousands.
    """
    if not {"latitude", "longitude", "country"} <= set(batch.columns):
        return pd.Series(pd.NA, index=batch.index, dtype="boolean")
    box = (
        batch[["country"]]
        .astype(object)
        .merge(bounds, on="country", how="left")
        .set_index(batch.index)
    )
    lat, lon = batch["latitude"], batch["longitude"]
    in_lat = lat.between(box["min_lat"], box["max_lat"])
    plain = box["min_lon"] <= box["max_lon"]
    in_lon = lon.between(box["min_lon"], box["max_lon"]).where(
        plain, (lon >= box["min_lon"]) | (lon <= box["max_lon"])
    )
    known = box["min_lat"].notna() & lat.notna() & lon.notna()
    return (in_lat & in_lon).astype("boolean").where(known)


def place_checks(batch: pd.DataFrame, lookups: Lookups) -> list[Check]:
    return [
        columns_present(["name", "latitude", "longitude", "country"]),
        not_null("name"),
        not_null("latitude"),
        not_null("longitude"),
        holds(
            "_latitude_is_number", "latitude_is_number", "latitude is a number.", subject="latitude"
        ),
        holds(
            "_longitude_is_number",
            "longitude_is_number",
            "longitude is a number.",
            subject="longitude",
        ),
        between("latitude", -90, 90),
        between("longitude", -180, 180),
        in_set("country", lookups.country_names, name="country_known"),
        holds(
            "_inside_country",
            "inside_country_bounds",
            "latitude/longitude lie inside the country's bounding box (seeds/reference/country_bounds.csv).",
            subject="latitude,longitude,country",
        ),
    ]


# --------------------------------------------------------------------------- countries and taxonomy


def prepare_text(frame: pd.DataFrame, lookups: Lookups) -> pd.DataFrame:
    return text_batch(frame)


def country_checks(batch: pd.DataFrame, lookups: Lookups) -> list[Check]:
    return [columns_present(["country"]), not_null("country"), unique("country")]


def taxonomy_checks(batch: pd.DataFrame, lookups: Lookups) -> list[Check]:
    return [
        columns_present(["event_type", "sub_event_type"]),
        not_null("event_type"),
        not_null("sub_event_type"),
        compound_unique(["event_type", "sub_event_type"], "taxonomy_pair_unique"),
    ]


ACTORS = TableSuite("actors", ("actor",), prepare_actors, actor_checks)
PLACES = TableSuite("places", ("name", "country"), prepare_places, place_checks)
COUNTRIES = TableSuite("countries", ("country",), prepare_text, country_checks)
TAXONOMY = TableSuite("taxonomy", ("event_type", "sub_event_type"), prepare_text, taxonomy_checks)
# The gazetteer's other sources, checked as places are: the conflict towns written for the
# project by helper sessions, and the provinces built from GeoNames.
CONFLICT_TOWNS = TableSuite("conflict_towns", ("name", "country"), prepare_places, place_checks)
WORLD_PROVINCES = TableSuite("world_provinces", ("name", "country"), prepare_places, place_checks)
SUITES = [ACTORS, PLACES, CONFLICT_TOWNS, WORLD_PROVINCES, COUNTRIES, TAXONOMY]

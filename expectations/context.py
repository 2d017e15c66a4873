"""What the suites need besides the frames under test: reference data and known documents.

`ValidationContext` is what the pipeline hands in (it is re-exported by
`expectations.runner`). `Lookups` is what the runner derives from it once per run:
the documents events may point to, the country boxes, the events clusters may
point to. Both are plain data; no Great Expectations import here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from expectations.severity import SeverityPolicy
from flows.settings import PROJECT_ROOT
from transforms.reference import read_reference_csv

ROW_KEY = "_row"  # position of a row in the frame given to validate_run; every GX batch has it
COUNTRY_BOUNDS_CSV = PROJECT_ROOT / "seeds" / "reference" / "country_bounds.csv"
ACTOR_PATTERNS_CSV = PROJECT_ROOT / "seeds" / "reference" / "actor_patterns.csv"


def generic_actor_pattern(patterns_csv: Path = ACTOR_PATTERNS_CSV) -> str:
    """The actor names extraction may write beyond the dictionary: the `generic` rows of
    actor_patterns.csv, 'Military Forces of {country}' as 'Military Forces of <any>' and
    'Protesters' with any qualifier ('Protesters (Iraq)'). Read from the one table that
    extraction names them from, so a new generic kind is valid the moment it is a row."""
    rows = read_reference_csv(patterns_csv)
    templates = sorted(set(rows.loc[rows["category"] == "generic", "actor"]))
    of_country = [re.escape(t.split("{country}")[0].strip()) for t in templates if "{country}" in t]
    plain = [re.escape(t) for t in templates if "{country}" not in t]
    return rf"^({'|'.join(of_country)}) .+$|^({'|'.join(plain)})(\b.*)?$"


GENERIC_ACTOR_PATTERN = generic_actor_pattern()
DOCUMENT_LOOKUP_COLUMNS = ["doc_id", "published_date", "clean_text"]


@dataclass
class ValidationContext:
    """Reference data and the documents events may point to, as the pipeline knows them."""

    taxonomy: pd.DataFrame  # event_type, sub_event_type
    actors: pd.DataFrame  # actors.csv (column `actor` = canonical names)
    countries: pd.DataFrame  # countries.csv
    documents: (
        pd.DataFrame
    )  # doc_id, published_date, clean_text of every document events may point to
    generic_actor_pattern: str = GENERIC_ACTOR_PATTERN  # actor names allowed beyond the dictionary
    # Optional extras (defaults keep the pipeline's call unchanged):
    country_bounds: pd.DataFrame | None = None  # default: seeds/reference/country_bounds.csv
    # Event ids already in the warehouse, which event_clusters rows may point to.
    known_event_ids: pd.Series | None = None
    today: dt.date | None = None  # "today" for date ceilings; default: the real date (tests pin it)
    # What each failure does, and the measures' thresholds; default: expectations/severities.toml.
    severities: SeverityPolicy | None = None


@dataclass
class Lookups:
    """Per-run tables the suites join against, built once from the context and the frames."""

    context: ValidationContext
    documents: pd.DataFrame  # doc_id (unique), published_date, clean_text
    country_bounds: pd.DataFrame  # country, min_lat, max_lat, min_lon, max_lon (floats)
    today: dt.date
    event_ids: set[str] = field(default_factory=set)  # events event_clusters may point to
    severities: SeverityPolicy = field(default_factory=SeverityPolicy)

    @classmethod
    def build(cls, frames: dict[str, pd.DataFrame], context: ValidationContext) -> Lookups:
        return cls(
            context=context,
            documents=documents_events_may_point_to(
                context.documents, frames.get("documents"), frames.get("events")
            ),
            country_bounds=numeric_bounds(context.country_bounds),
            today=context.today or dt.date.today(),
            event_ids=set(_strings(context.known_event_ids)),
            severities=context.severities or SeverityPolicy.load(),
        )

    @property
    def country_names(self) -> list[str]:
        return sorted(set(_strings(self.context.countries.get("country"))))

    @property
    def actor_names(self) -> set[str]:
        return set(_strings(self.context.actors.get("actor")))

    @property
    def taxonomy_pairs(self) -> set[tuple[str, str]]:
        tax = self.context.taxonomy
        return set(zip(tax["event_type"], tax["sub_event_type"], strict=True))


def documents_events_may_point_to(
    known: pd.DataFrame, this_run: pd.DataFrame | None, events: pd.DataFrame | None
) -> pd.DataFrame:
    """This run's documents plus the warehouse's that the events name, one row per doc_id.

    Only the warehouse documents the events point to are copied (their texts can be
    large); for the same doc_id, this run's version wins.
    """
    if known is not None and len(known) and events is not None and "doc_id" in events.columns:
        known = known[known["doc_id"].isin(events["doc_id"].dropna().unique())]
    parts = [
        frame.reindex(columns=DOCUMENT_LOOKUP_COLUMNS)
        for frame in (known, this_run)
        if frame is not None
    ]
    parts = [part.astype(object) for part in parts if len(part)]
    if not parts:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in DOCUMENT_LOOKUP_COLUMNS})
    merged = pd.concat(parts, ignore_index=True)
    merged = merged[merged["doc_id"].notna()].drop_duplicates("doc_id", keep="last")
    merged["published_date"] = pd.to_datetime(merged["published_date"], errors="coerce")
    return merged.reset_index(drop=True)


def numeric_bounds(bounds: pd.DataFrame | None) -> pd.DataFrame:
    """The country boxes with float edges (the CSV reads as text)."""
    frame = read_reference_csv(COUNTRY_BOUNDS_CSV) if bounds is None else bounds.copy()
    for column in ("min_lat", "max_lat", "min_lon", "max_lon"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame[["country", "min_lat", "max_lat", "min_lon", "max_lon"]]


def _strings(values: pd.Series | None) -> list[str]:
    if values is None:
        return []
    return [
        str(v) for v in values.tolist() if v is not None and v is not pd.NA and v == v and v != ""
    ]

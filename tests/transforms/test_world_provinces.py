"""The world's first-level divisions (seeds/reference/world_provinces.csv), built from GeoNames
data by seeds/reference/build_world_provinces.py: well formed and inside their countries."""

from __future__ import annotations

import pandas as pd

from expectations.reference import inside_country
from tests.conftest import REFERENCE
from transforms.reference import read_reference_csv


def test_every_division_lies_inside_its_country_and_names_a_known_country():
    provinces = read_reference_csv(REFERENCE / "world_provinces.csv")
    countries = set(read_reference_csv(REFERENCE / "countries.csv").country)
    assert len(provinces) > 3000 and set(provinces.country) <= countries
    bounds = read_reference_csv(REFERENCE / "country_bounds.csv")
    for column in ("min_lat", "max_lat", "min_lon", "max_lon"):
        bounds[column] = pd.to_numeric(bounds[column])
    batch = provinces.assign(
        latitude=pd.to_numeric(provinces.latitude), longitude=pd.to_numeric(provinces.longitude)
    )
    inside = inside_country(batch, bounds)
    outside = batch[inside == False]  # noqa: E712 (a nullable boolean)
    assert len(outside) <= len(batch) // 100, outside[["name", "country"]].head(20).to_string()


def test_a_division_named_by_an_english_word_needs_its_kind(reference):
    gazetteer = reference.gazetteer
    assert gazetteer.find_places("They met in the centre of the plateau.", []) == []
    (found,) = gazetteer.find_places("Gunmen struck villages in Plateau state.", ["Nigeria"])
    assert (found.place.country, found.precision) == ("Nigeria", 3)

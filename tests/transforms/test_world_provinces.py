"""The world beyond the curated theatre: first- and second-level divisions
(seeds/reference/world_provinces.csv and world_districts.csv, built from GeoNames data by
build_world_provinces.py and build_world_districts.py) and the conflict towns GeoNames
lacks or spells otherwise (conflict_towns.csv): well formed, inside their countries, and
named so that a division never shadows a town."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.reference import inside_country
from tests.conftest import REFERENCE
from transforms.reference import read_reference_csv


@pytest.mark.parametrize(
    ("table", "at_least"), [("world_provinces", 3000), ("world_districts", 10000)]
)
def test_every_division_lies_inside_its_country_and_names_a_known_country(table, at_least):
    divisions = read_reference_csv(REFERENCE / f"{table}.csv")
    countries = set(read_reference_csv(REFERENCE / "countries.csv").country)
    assert len(divisions) > at_least and set(divisions.country) <= countries
    bounds = read_reference_csv(REFERENCE / "country_bounds.csv")
    for column in ("min_lat", "max_lat", "min_lon", "max_lon"):
        bounds[column] = pd.to_numeric(bounds[column])
    batch = divisions.assign(
        latitude=pd.to_numeric(divisions.latitude), longitude=pd.to_numeric(divisions.longitude)
    )
    inside = inside_country(batch, bounds)
    outside = batch[inside == False]  # noqa: E712 (a nullable boolean)
    assert len(outside) <= len(batch) // 100, outside[["name", "country"]].head(20).to_string()


def test_every_district_belongs_to_a_province_of_its_country():
    districts = read_reference_csv(REFERENCE / "world_districts.csv")
    provinces = read_reference_csv(REFERENCE / "world_provinces.csv")
    known = set(zip(provinces.country, provinces.admin1, strict=True))
    orphans = [
        (name, country, admin1)
        for name, country, admin1 in zip(
            districts.name, districts.country, districts.admin1, strict=True
        )
        if (country, admin1) not in known
    ]
    assert orphans == []


def test_a_division_named_by_an_english_word_needs_its_kind(reference):
    gazetteer = reference.gazetteer
    assert gazetteer.find_places("They met in the centre of the plateau.", []) == []
    (found,) = gazetteer.find_places("Gunmen struck villages in Plateau state.", ["Nigeria"])
    assert (found.place.country, found.precision) == ("Nigeria", 3)


def test_a_district_is_found_with_its_kind_and_never_shadows_its_town(reference):
    gazetteer = reference.gazetteer
    (district,) = gazetteer.find_places("Militants attacked a camp in Pulwama district.", ["India"])
    assert (district.place.feature, district.place.country, district.precision) == (
        "district",
        "India",
        2,
    )
    (town,) = gazetteer.find_places("Militants attacked a camp in Pulwama.", ["India"])
    assert town.place.feature != "district" and town.place.country == "India"


def test_a_district_is_read_only_in_the_article_s_main_country(reference):
    gazetteer = reference.gazetteer
    sentence = "Shells fell on a market in Hays district on Monday."
    abroad = gazetteer.find_places(sentence, ["Saudi Arabia", "Yemen"])
    assert [m.place.feature for m in abroad] == ["town"]  # Hays the town, not the district
    (found,) = gazetteer.find_places(sentence, ["Yemen"])
    assert (found.place.country, found.place.feature) == ("Yemen", "district")
    assert "Yemen" not in gazetteer.countries_in(sentence)  # a district never names its country


@pytest.mark.parametrize(
    ("sentence", "country", "division"),
    [
        (
            "Al-Shabaab fighters overran a base in Lower Shabelle.",
            "Somalia",
            "Lower Shabeelle state",
        ),
        ("Troops torched villages in Sagaing region.", "Myanmar", "Sagain"),
        ("The Taliban took a district centre in Kunar province.", "Afghanistan", "Konar"),
        ("Shelling hit two villages in Donetsk oblast.", "Ukraine", "Donetsk"),
    ],
)
def test_a_division_is_found_under_the_english_name_the_news_uses(
    sentence, country, division, reference
):
    (found,) = reference.gazetteer.find_places(sentence, [country])
    assert (found.place.name, found.place.country, found.precision) == (division, country, 3)


def test_pakistan_s_tribal_districts_are_places_in_pakistan(reference):
    (found,) = reference.gazetteer.find_places(
        "A drone struck a compound in North Waziristan.", ["Pakistan"]
    )
    assert (found.place.country, found.place.feature) == ("Pakistan", "district")


@pytest.mark.parametrize(
    ("sentence", "country", "town"),
    [
        ("Militants stormed a checkpoint near Afgoye on Tuesday.", "Somalia", "Afgooye"),
        ("Insurgents overran Palma in Cabo Delgado.", "Mozambique", "Palma"),
        ("Houthi fighters shelled Hays on Monday.", "Yemen", "Hays"),
    ],
)
def test_a_conflict_town_geonames_lacks_or_spells_otherwise_is_found(
    sentence, country, town, reference
):
    found = [m for m in reference.gazetteer.find_places(sentence, [country]) if m.precision < 3]
    assert [(m.place.name, m.place.country) for m in found] == [(town, country)]


def test_a_district_named_with_its_state_is_the_namesake_inside_that_state(reference):
    """The table's 'Bijapur district' is Karnataka's; 'Bijapur district of Chhattisgarh' is
    the other Bijapur, the one inside the state the sentence names."""
    gazetteer = reference.gazetteer
    text = "Maoists blew up a police vehicle in Bijapur district of Chhattisgarh on Monday."
    first = gazetteer.find_places(text, ["India"])[0]
    assert first.place.admin1 == "Chhattisgarh"
    (alone,) = gazetteer.find_places("Rains flooded farms in Bijapur district.", ["India"])
    assert alone.place.admin1 == "Karnataka"


@pytest.mark.parametrize(
    ("text", "country", "name"),
    [
        ("Gunmen stormed the security headquarters in Sabratha.", "Libya", "Sabratah"),
        ("Artillery shelled the centre of Kupyansk.", "Ukraine", "Kupiansk"),
    ],
)
def test_a_smaller_city_is_found_by_a_spelling_a_letter_from_its_main_name(
    reference, text, country, name
):
    (found,) = reference.gazetteer.find_places(text, [country])
    assert (found.place.name, found.place.country) == (name, country)


def test_one_far_homonym_named_again_and_again_does_not_add_its_country(reference):
    """Paro is a town in Bhutan and a district of Papua: a story on Papua that names Paro
    four times is still not a story on Bhutan."""
    text = (
        "Rebels burned a plane at Paro. The plane had landed at the airstrip in Paro district, "
        "Nduga, in Papua. The passengers, all residents of Paro, walked away. Workers held in "
        "Paro were flown out to Timika on Wednesday, and the pilot's family in Jayapura "
        "appealed for his release. Police in Wamena and Timika were put on alert, and "
        "flights from Jayapura to the highlands were suspended across Papua."
    )
    assert "Bhutan" not in reference.gazetteer.countries_in(text)


@pytest.mark.parametrize(
    ("text", "country", "town"),
    [
        ("Bandits raided Tsafe Local Government Area of Zamfara State.", "Nigeria", "Tsafe"),
        ("Gunmen attacked a village in Tsafe LGA on Sunday.", "Nigeria", "Tsafe"),
        ("Fighting broke out in Hpakant Township on Monday.", "Myanmar", "Hpakant"),
        ("A drone struck a house in Mir Ali tehsil.", "Pakistan", "Mir Ali"),
    ],
)
def test_a_division_the_table_lacks_is_its_namesake_town_at_precision_2(
    reference, text, country, town
):
    """Nigeria's LGAs, Myanmar's townships and Pakistan's tehsils are named after their
    main towns; with no row of their own, the town stands for the area around it."""
    found = [m for m in reference.gazetteer.find_places(text, [country]) if m.precision < 3]
    assert [(m.place.name, m.place.country, m.precision) for m in found] == [(town, country, 2)]

"""The one great-circle distance (transforms/geo.py), against distances known in closed form."""

from __future__ import annotations

import math

import pytest

from transforms.gazetteer import Place, distance_km
from transforms.geo import EARTH_RADIUS_KM, great_circle_km

ONE_DEGREE_KM = 2 * math.pi * EARTH_RADIUS_KM / 360  # an arc of one degree of a great circle


def test_a_point_is_zero_km_from_itself() -> None:
    assert great_circle_km(36.34, 43.13, 36.34, 43.13) == 0.0


@pytest.mark.parametrize(
    ("lat1", "lon1", "lat2", "lon2"),
    [
        (0.0, 0.0, 0.0, 1.0),
        (0.0, 0.0, 1.0, 0.0),
        (10.0, 40.0, 11.0, 40.0),
        (-30.0, 170.0, -31.0, 170.0),
    ],
)
def test_one_degree_along_a_great_circle(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    """Along the equator or a meridian, one degree is 1/360 of the circumference."""
    assert great_circle_km(lat1, lon1, lat2, lon2) == pytest.approx(ONE_DEGREE_KM, rel=1e-9)


def test_antipodes_are_half_the_circumference_apart() -> None:
    assert great_circle_km(33.5, 36.3, -33.5, 36.3 - 180) == pytest.approx(
        math.pi * EARTH_RADIUS_KM, rel=1e-9
    )


def test_a_parallel_is_shorter_than_its_degrees_of_longitude() -> None:
    """At 60 degrees north a degree of longitude along the parallel is half an equator degree;
    the great circle between its ends is a little shorter still."""
    km = great_circle_km(60.0, 10.0, 60.0, 11.0)
    assert km < ONE_DEGREE_KM / 2
    assert km == pytest.approx(ONE_DEGREE_KM / 2, rel=1e-3)


def test_distance_is_symmetric_and_crosses_the_date_line() -> None:
    assert great_circle_km(0.0, 179.5, 0.0, -179.5) == pytest.approx(ONE_DEGREE_KM, rel=1e-9)
    assert great_circle_km(36.2, 37.1, 33.5, 36.3) == great_circle_km(33.5, 36.3, 36.2, 37.1)


def test_the_gazetteer_measures_places_with_it() -> None:
    aleppo = Place("Aleppo", "Syria", "Aleppo", 36.2021, 37.1343, "city")
    damascus = Place("Damascus", "Syria", "Damascus", 33.5138, 36.2765, "city")
    assert distance_km(aleppo, damascus) == great_circle_km(36.2021, 37.1343, 33.5138, 36.2765)
    assert 300 < distance_km(aleppo, damascus) < 320  # Aleppo-Damascus is about 310 km

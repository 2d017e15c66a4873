"""The detection stage, the coding table, and events that keep a missing slot.

Sentences here are written for these tests, not taken from any article or gold set.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from transforms.actors import Actor
from transforms.extraction.articles import extract_events
from transforms.extraction.coding_table import Slots, code, coding_rules
from transforms.extraction.detect import SHIPPED_MODEL, detector_for, load_detector
from transforms.models import Article

IRAQ = Actor("Iraqi Government", 1, True, "Iraq")
TURKEY = Actor("Turkey", 8, True, "Turkey")
REBELS = Actor("Syrian Democratic Forces", 2, False, "Syria")
GRT, NSO = "Government regains territory", "Non-state actor overtakes territory"


def article(text: str, published: dt.date | None = dt.date(2021, 5, 4)) -> Article:
    return Article(doc_id="t", file_name="t.txt", clean_text=text, published_date=published)


def test_the_setting_chooses_the_detector():
    assert detector_for("rules") is None
    assert detector_for("classifier").model_dir == SHIPPED_MODEL
    with pytest.raises(ValueError, match="unknown detector"):
        detector_for("oracle")


def test_detections_carry_type_and_probability():
    [found] = load_detector().detect(["Militants stormed a police station and set it on fire."])
    assert found
    for d in found:
        assert d.event_type and d.sub_event_type and 0.0 < d.probability <= 1.0


@pytest.mark.parametrize(
    ("detected", "actor1", "country", "coded"),
    [
        (NSO, IRAQ, "Iraq", GRT),  # the state's own forces regain ground
        (GRT, TURKEY, "Syria", NSO),  # a foreign army overtakes it
        (GRT, REBELS, "Syria", NSO),  # a non-state group overtakes it
        (GRT, IRAQ, "Iraq", GRT),
        (GRT, None, "Iraq", GRT),  # no actor: the classifier's call stands
        ("Armed clash", REBELS, "Syria", "Armed clash"),
    ],
)
def test_the_coding_table_decides_territory_by_the_actor(
    reference, detected, actor1, country, coded
):
    assert code(detected, Slots(actor1, None, country), reference.coding_rules) == coded


EXCESSIVE, INTERVENTION = "Excessive force against protesters", "Protest with intervention"


@pytest.mark.parametrize(("harm_told", "coded"), [(False, INTERVENTION), (True, EXCESSIVE)])
def test_force_against_protesters_is_excessive_only_when_it_harms(reference, harm_told, coded):
    slots = Slots(None, None, "Kenya", harm_told)
    assert code(EXCESSIVE, slots, reference.coding_rules) == coded


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Police fired tear gas to disperse hundreds of protesters in Nairobi on Monday.",
            INTERVENTION,
        ),
        ("Police opened fire on protesters in Nairobi on Monday, killing two.", EXCESSIVE),
    ],
)
def test_a_dispersal_that_harms_no_one_is_coded_an_intervention(nlp, reference, sentence, expected):
    rows = extract_events(article(sentence), nlp(sentence), reference, load_detector())
    assert [r["sub_event_type"] for r in rows] == [expected]


def test_an_unknown_coding_condition_is_refused():
    frame = pd.DataFrame([{"sub_event_type": GRT, "condition": "moon_is_full", "code_as": NSO}])
    with pytest.raises(ValueError, match="unknown condition"):
        coding_rules(frame)


def test_an_event_with_no_place_is_kept_with_a_null_location(nlp, reference):
    text = "Gunmen abducted eleven farmers from their fields late on Tuesday, relatives said."
    rows = extract_events(article(text), nlp(text), reference, load_detector())
    assert [r["sub_event_type"] for r in rows] == ["Abduction/forced disappearance"]
    assert rows[0]["location"] is None and rows[0]["latitude"] is None
    assert rows[0]["geo_precision"] is None and rows[0]["event_date"] == dt.date(2021, 5, 4)
    assert 0.5 <= rows[0]["confidence"] <= 1.0


def test_an_event_with_only_a_country_is_placed_at_the_country(nlp, reference):
    text = (
        "Violence has flared again in Nigeria this spring.\n\n"
        "Gunmen abducted eleven farmers from their fields late on Tuesday, relatives said."
    )
    rows = extract_events(article(text), nlp(text), reference, load_detector())
    abductions = [r for r in rows if r["sub_event_type"] == "Abduction/forced disappearance"]
    assert len(abductions) == 1
    assert abductions[0]["country"] == "Nigeria" and abductions[0]["geo_precision"] == 3


def test_a_clause_can_report_what_its_sentence_does_not(nlp, reference):
    text = (
        "Before insurgents overran the garrison town of Gao on 3 March 2012, few diplomats "
        "in the capital paid attention to the north."
    )
    rows = extract_events(article(text, dt.date(2014, 1, 1)), nlp(text), reference, load_detector())
    assert [(r["sub_event_type"], r["location"]) for r in rows] == [(NSO, "Gao")]
    assert rows[0]["event_date"] == dt.date(2012, 3, 3)

"""The casualty slot across sentences: a toll in the sentence after its event."""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.extraction.articles import extract_events_batch
from transforms.extraction.casualties import AGGREGATE_TALLY, is_bare_tally
from transforms.extraction.detect import load_detector
from transforms.models import Article


def events_of(text: str, nlp, reference) -> list[dict]:
    article = Article(
        doc_id="t", file_name="t.txt", clean_text=text, published_date=dt.date(2016, 3, 7)
    )
    rows, failures = extract_events_batch([article], nlp, reference, load_detector())
    assert not failures
    return rows


def test_a_toll_in_the_next_sentence_is_the_events(nlp, reference):
    (event,) = events_of(
        "A car bomb exploded near a busy market in Hilla on Monday. "
        "At least 12 people were killed and 30 wounded, police said.",
        nlp,
        reference,
    )
    assert (event["fatalities"], event["injuries"]) == (12, 30)


def test_a_running_total_is_not_the_events_toll(nlp, reference):
    (event,) = events_of(
        "A car bomb exploded near a busy market in Hilla on Monday.\n\n"
        "Since 2014, more than 3,000 people have been killed in the province.",
        nlp,
        reference,
    )
    assert event["fatalities"] is None


def test_an_event_with_its_own_count_keeps_it(nlp, reference):
    (event,) = events_of(
        "A car bomb exploded near a busy market in Hilla on Monday, killing five people. "
        "Nine people were wounded, police said.",
        nlp,
        reference,
    )
    assert event["fatalities"] == 5


@pytest.mark.parametrize(
    ("sentence", "aggregate"),
    [
        ("Over the past month, 40 soldiers have died in the region.", True),
        ("In 2015 alone, 200 civilians were killed.", True),
        ("So far this year, dozens of police officers have been killed.", True),
        ("Three of the wounded later died in hospital.", False),
        ("Four people were killed, the governor said.", False),
    ],
)
def test_which_tallies_count_more_than_one_happening(sentence, aggregate):
    assert bool(AGGREGATE_TALLY.search(sentence)) is aggregate


@pytest.mark.parametrize(
    "sentence, bare",
    [
        ("At least 12 people were killed and 30 wounded, police said.", True),
        ("Two policemen died and four others were wounded in the blast.", True),
        ("At least 25 people were killed, a church official said.", True),
        ("Twelve people were killed when gunmen opened fire on a bus.", False),
        ("Dozens of protesters were injured as police fired tear gas.", False),
        ("At least 28 people were killed in two days of unrest, the Red Cross said.", False),
        ("Nine villagers were killed in those two days, a local chief said.", True),
        ("Eleven people died over those three nights.", True),
    ],
)
def test_a_bare_tally_counts_and_nothing_else(sentence, bare):
    assert is_bare_tally(sentence) is bare


def test_a_bare_tally_after_an_event_is_its_toll_whatever_the_classifier_reads_into_it(
    nlp, reference
):
    """'police said' after a count must not make the count a protest the police broke up."""
    (event,) = events_of(
        "Gunmen attacked a checkpoint outside Baquba on Monday.\n\n"
        "Four soldiers were killed and six wounded, police said.",
        nlp,
        reference,
    )
    assert (event["fatalities"], event["injuries"]) == (4, 6)
    assert event["sub_event_type"] != "Excessive force against protesters"


def test_a_section_heading_is_not_an_event(nlp, reference):
    text = (
        "Many families fled the district in August, residents told our researchers.\n\n"
        "4. Air strikes and the corridor\n\n"
        "On 9 August, American jets struck armed vehicles near Sinjar, killing four fighters.\n"
    )
    events = events_of(text, nlp, reference)
    assert events and all("corridor" not in e["evidence"] for e in events)


def test_a_headline_over_its_section_is_not_an_event_of_its_own(nlp, reference):
    """Headline capitals mark a heading even with a verb; the section's sentences report."""
    text = (
        "The task force said its partners had made steady progress along the river valley "
        "this week.\n\n"
        "Allied Jets Hit Militant Supply Depots Near Baiji\n\n"
        "The office gave no further details, and said a fuller summary would follow on Monday.\n"
    )
    assert events_of(text, nlp, reference) == []

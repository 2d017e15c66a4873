"""Properties of the whole extraction (clean -> spaCy -> extract_events) on generated text.

The cleaner, the date resolver and the number reader have their own property tests; these
check what only the whole extraction can break: for any text mixing seed-like actors,
triggers, places, numbers, dates and stray unicode, `extract_events` never crashes and
every event row it returns is loadable and honest:

- char_start/char_end lie inside clean_text and cut out exactly the evidence;
- the event date is never after the publication date;
- fatalities and injuries are never negative;
- event ids are unique within the article (they are the events table's primary key).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.clean import clean_document
from transforms.extraction.articles import extract_events
from transforms.models import RawDocument

ACTORS = [
    "Islamic State",
    "ISIS",
    "IS militants",
    "Iraqi forces",
    "the Iraqi army",
    "Kurdish Peshmerga",
    "Syrian government forces",
    "rebels",
    "Russian warplanes",
    "the US-led coalition",
    "al-Shabaab",
    "protesters",
    "police",
    "gunmen",
    "a suicide bomber",
    "they",
    "the group",
]
TRIGGERS = [
    "attacked",
    "killed",
    "seized",
    "recaptured",
    "retook",
    "shelled",
    "clashed with",
    "bombed",
    "launched airstrikes on",
    "protested in",
    "wounded",
    "captured",
    "withdrew from",
    "fired mortars at",
    "blew himself up in",
    "arrested",
    "said",
]
PLACES = [
    "Mosul",
    "Ramadi",
    "Aleppo",
    "Raqqa",
    "Palmyra",
    "Fallujah",
    "Kirkuk",
    "Idlib",
    "Hit",
    "Tal Afar",
    "Deir ez-Zor",
    "Nairobi",
    "Sirte",
    "the town",
    "a village near Hawija",
    "eastern Aleppo",
    "Syria",
    "Iraq",
]
NUMBERS = [
    "12",
    "three",
    "dozens of",
    "at least 40",
    "1,200",
    "-5",
    "99999999999",
    "0",
    "a",
    "two-thirds of",
    "hundreds of",
    "1.5",
    "No",
]
VICTIMS = [
    "soldiers",
    "civilians",
    "people",
    "fighters",
    "militants",
    "children",
    "police officers",
]
DATES = [
    "on Monday",
    "on Sunday",
    "last week",
    "yesterday",
    "June 10, 2014",
    "on 3 March",
    "in 2099",
    "2016-04-01",
    "last May",
    "next week",
    "31 April 2015",
    "29 February",
    "this time last year",
    "01/04/2016",
    "in late March",
]
GLUE = [",", "and", "killing", "wounding", "near", "in", "after", "on", "officials said", "—", ";"]

fragment = st.one_of(
    st.sampled_from(ACTORS),
    st.sampled_from(TRIGGERS),
    st.sampled_from(PLACES),
    st.builds("{} {}".format, st.sampled_from(NUMBERS), st.sampled_from(VICTIMS)),
    st.sampled_from(DATES),
    st.sampled_from(GLUE),
    st.text(max_size=6),  # stray unicode: accents, RTL letters, controls, emoji...
    st.sampled_from(["\u200b", "\u202e", "\u00a0", "“", "”", "’", "…", "\t", "Ḁ", "ال", "д"]),
)
CASUALTIES = ["killing", "wounding", "killing and wounding", "leaving", "with", "after"]
casualty_clause = st.builds(
    "{} {} {} {}".format,
    st.sampled_from(CASUALTIES),
    st.sampled_from(NUMBERS),
    st.sampled_from(VICTIMS),
    st.sampled_from(["", "dead", "wounded", "injured", "missing"]),
)
# A sentence reads like news most of the time: actor trigger place, casualties, date.
news_sentence = st.builds(
    "{} {} {}, {} {}.".format,
    st.sampled_from(ACTORS),
    st.sampled_from(TRIGGERS),
    st.sampled_from(PLACES),
    casualty_clause,
    st.sampled_from(DATES),
)
free_sentence = st.lists(fragment, min_size=1, max_size=14).map(lambda parts: " ".join(parts) + ".")
articles = st.lists(st.one_of(news_sentence, free_sentence), min_size=1, max_size=6).flatmap(
    lambda sentences: st.sampled_from([" ", "\n", "\n\n"]).map(lambda sep: sep.join(sentences))
)
published_dates = st.none() | st.dates(
    min_value=dt.date(1995, 1, 1), max_value=dt.date(2030, 12, 31)
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=articles, published=published_dates)
def test_extracted_events_are_well_formed_for_any_text(nlp, reference, text, published):
    """Never crashes; offsets cut the evidence out of clean_text; no event after the
    publication date; no negative casualties; unique event ids."""
    article = clean_document(RawDocument(doc_id="prop", file_name="prop.txt", text=text))
    article = dataclasses.replace(article, published_date=published)
    rows = extract_events(article, nlp(article.clean_text), reference)
    clean_text = article.clean_text
    for row in rows:
        start, end = row["char_start"], row["char_end"]
        assert 0 <= start < end <= len(clean_text), row
        assert clean_text[start:end] == row["evidence"], row
        if published is not None and row["event_date"] is not None:
            assert row["event_date"] <= published, (row["event_date"], published, row["evidence"])
        for count in ("fatalities", "injuries"):
            assert row[count] is None or row[count] >= 0, row
    ids = [row["event_id"] for row in rows]
    assert len(ids) == len(set(ids)), ids

"""Parsing only the sentences the detector finds a hint of an event in."""

from __future__ import annotations

import pytest

from transforms.extraction.articles import extract_events, extract_events_batch
from transforms.extraction.detect import load_detector
from transforms.extraction.parse import parse_where_needed
from transforms.models import Article

TEXT = (
    "BAGHDAD - Gunmen stormed a police post in the town of Tarmiyah on Monday, "
    "killing four officers.\n\n"
    "The town lies north of the capital. Its mayor, Mr. Ali, spoke to reporters.\n\n"
    'A car bomb exploded near a market in Hilla on Tuesday. "We are tired," one man said.\n'
)


def every_other(sentences):
    return [i % 2 == 1 for i in range(len(sentences))]  # 0 is the dateline, 1 the lead


def test_the_joined_doc_keeps_the_article_text_exactly(nlp):
    (doc,) = parse_where_needed([TEXT], nlp, every_other)
    assert doc.text == TEXT
    assert [t.idx for t in doc] == [t.idx for t in nlp.make_doc(TEXT)]


def test_picked_sentences_are_parsed_and_the_others_are_one_flat_sentence_each(nlp):
    (doc,) = parse_where_needed([TEXT], nlp, every_other)
    sents = [s for s in doc.sents if s.text.strip()]
    assert len(sents) >= 5
    parsed = [s for s in sents if any(t.dep_ == "nsubj" for t in s)]
    flat = [s for s in sents if all(t.dep_ in ("ROOT", "dep") for t in s)]
    assert parsed and flat
    for s in flat:
        assert s.root.i == s.start and not any(t.tag_ for t in s)
    stormed = next(t for t in doc if t.text == "stormed")
    assert stormed.dep_ == "ROOT" and stormed.lemma_ == "storm"


def test_nothing_picked_still_gives_every_sentence(nlp):
    (doc,) = parse_where_needed([TEXT], nlp, lambda s: [False] * len(s))
    assert doc.text == TEXT and len(list(doc.sents)) >= 5
    (empty,) = parse_where_needed([""], nlp, lambda s: [True] * len(s))
    assert empty.text == ""


@pytest.fixture(scope="module")
def article():
    return Article(
        doc_id="d1",
        file_name="d1.txt",
        title=None,
        outlet=None,
        published_date=None,
        clean_text=TEXT,
    )


def test_a_run_finds_the_same_events_as_a_whole_article_parse(nlp, reference, article):
    """The sentences left unparsed are those the detector finds no hint of an event in,
    so the events are those of a full parse here (on the evaluation sets: the same F1
    on four sets and one event fewer on two, README's speed section)."""
    detector = load_detector()
    rows, failures = extract_events_batch([article], nlp, reference, detector)
    whole = extract_events(article, nlp(article.clean_text), reference, detector)
    assert not failures
    key = ("sub_event_type", "location", "evidence", "fatalities")
    assert [tuple(r[k] for k in key) for r in rows] == [tuple(r[k] for k in key) for r in whole]
    assert len(rows) >= 2  # the storming and the car bomb

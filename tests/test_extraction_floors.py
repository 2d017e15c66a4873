"""Regression floors on extraction quality, scored by the contract's rules, per detector.

- dev: the five seed articles against the project's hand-coded dev gold (a copy of the
  shared gold). The rules were written against it (0.96 F1, floor 0.8); the classifier
  was not (0.62, floor 0.5).
- holdout: 14 articles from other outlets, years and countries (tests/eval/holdout/CARD.md),
  studied: rules 0.90 (0.75 when blind), classifier 0.76; floors 0.6.
- blind2: 12 articles, studied (tests/eval/blind2/CARD.md): rules 0.63, classifier 0.69.

These are studied or tuned sets, so they show regressions, never generalisation; the
blind sets are scored by hand and recorded in tests/eval/history.csv, not held to a floor
here (a floor would invite tuning to them). The floors sit below today's figures on
purpose: they catch a broken extractor, not a small dip.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from flows.evaluate import alias_map, read_gold, score
from tests.conftest import REFERENCE, ROOT, SEEDS
from transforms.clean import clean_document
from transforms.decode import sha256_hex
from transforms.extraction.articles import extract_events_batch
from transforms.extraction.detect import detector_for
from transforms.models import RawDocument

EVAL = ROOT / "tests" / "eval"
PAGE_SUFFIXES = frozenset({".txt", ".html"})  # a set's pages: scraped text or saved HTML
ARTICLES = {
    "dev": (SEEDS, "*.txt"),
    "holdout": (EVAL / "holdout", "h*.txt"),
    "blind2": (EVAL / "blind2", "b*.txt"),
}
# (set, detector): (floor on F1, precision and recall; floor on slot accuracy)
FLOORS = {
    ("dev", "rules"): (0.8, 0.8),
    ("holdout", "rules"): (0.6, 0.5),
    ("dev", "classifier"): (0.5, 0.6),
    ("holdout", "classifier"): (0.6, 0.6),
    ("blind2", "classifier"): (0.55, 0.55),
}


def predictions(folder: Path, pattern: str, nlp, reference, detector) -> dict[str, list[dict]]:
    """Each article's events, extracted as a run extracts them (one batch, the classifier
    parsing only the sentences it finds a hint of an event in)."""
    articles = {}
    for path in sorted(folder.glob(pattern)):
        if path.suffix not in PAGE_SUFFIXES:
            continue
        data = path.read_bytes()
        raw = RawDocument(doc_id=sha256_hex(data), file_name=path.name, text=data.decode())
        articles[raw.doc_id] = (path.name, clean_document(raw))
    rows, failures = extract_events_batch(
        [a for _, a in articles.values()], nlp, reference, detector
    )
    assert not failures, failures
    preds: dict[str, list[dict]] = collections.defaultdict(list)
    for row in rows:
        preds[articles[row["doc_id"]][0]].append(row)
    return preds


@pytest.mark.parametrize(("name", "detector"), sorted(FLOORS))
def test_extraction_stays_above_its_floor(name, detector, nlp, reference):
    folder, pattern = ARTICLES[name]
    f1_floor, slot_floor = FLOORS[(name, detector)]
    result, misses = score(
        predictions(folder, pattern, nlp, reference, detector_for(detector)),
        read_gold(EVAL / name / "gold.jsonl"),
        alias_map(REFERENCE / "actors.csv"),
    )
    assert result["f1"] >= f1_floor, "\n".join(misses)
    assert result["precision"] >= f1_floor and result["recall"] >= f1_floor
    for slot in ("sub_event_type", "actor1", "actor2"):
        assert result["slot_accuracy"][slot] >= slot_floor, slot


# Every article set with gold: the seeds for dev, each folder's pages for the others.
ALL_SETS = {
    **ARTICLES,
    **{
        gold.parent.name: (gold.parent, "[a-z][0-9]*.*")
        for gold in EVAL.glob("*/gold.jsonl")
        if gold.parent.name not in ARTICLES and gold.parent.name != "dev"
    },
}


@pytest.mark.parametrize("name", sorted(ALL_SETS))
def test_no_event_lies_in_a_country_its_article_never_names(name, nlp, reference):
    """A homonym abroad ('Dera' in Ethiopia for a story on Haryana) is never an event's
    place. A property, not a score: it may be checked on blind sets too."""
    folder, pattern = ALL_SETS[name]
    texts = {}
    for path in sorted(folder.glob(pattern)):
        if path.suffix not in PAGE_SUFFIXES:
            continue
        raw = path.read_bytes()
        texts[path.name] = clean_document(
            RawDocument(doc_id=sha256_hex(raw), file_name=path.name, text=raw.decode())
        ).clean_text
    preds = predictions(folder, pattern, nlp, reference, detector_for("classifier"))
    abroad = [
        f"{file}: {e['location']} ({e['country']}) in {e['evidence'][:80]!r}"
        for file, events in preds.items()
        for e in events
        if e["country"] and e["country"] not in reference.gazetteer.countries_in(texts[file])
    ]
    assert texts and not abroad, "\n".join(abroad)

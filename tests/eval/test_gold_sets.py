"""The evaluation sets are well formed, carded, and independent of the training corpus.

Every set under tests/eval/<set>/ has a gold.jsonl in the contract's format whose
evidence quotes are text of their articles, and a CARD.md that states its status. No
corpus sentence may come from an evaluation article: none equals an article sentence,
none contains a gold evidence quote, and none shares a run of ten words with an
article (so a copied or lightly edited sentence is caught too; `training.curate` removes
such lines, and logs them, when a new corpus batch comes in).
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

from tests.conftest import REFERENCE, ROOT, SEEDS
from training.curate import MIN_QUOTE_WORDS, evaluation_articles, overlap_reason, runs, words
from transforms.html import visible_text
from transforms.reference import read_reference_csv

EVAL = ROOT / "tests" / "eval"
CORPUS = ROOT / "training" / "corpus"
SETS = sorted(p.parent.name for p in EVAL.glob("*/gold.jsonl"))
SNIPPET_SETS = sorted(p.parent.name for p in EVAL.glob("*/snippets.jsonl"))
PAGE_SETS = sorted(p.parent.name for p in EVAL.glob("*/answers.jsonl"))
KEYS = [
    "gold_id", "doc", "required", "event_type", "sub_event_type", "actor1", "actor2",
    "location", "country", "latitude", "longitude", "geo_precision", "event_date",
    "time_precision", "fatalities", "injuries", "evidence",
]  # fmt: skip


def articles_of(name: str) -> dict[str, str]:
    """A set's pages by file name, as a reader sees them (an HTML page's visible text)."""
    folder = SEEDS if name == "dev" else EVAL / name
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    for page in sorted(folder.glob("*.html")):
        pages[page.name] = visible_text(page.read_text(encoding="utf-8"))
    return pages


def gold_of(name: str) -> list[dict]:
    lines = (EVAL / name / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@cache
def corpus_texts() -> tuple[str, ...]:
    texts = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return tuple(texts)


def test_there_are_evaluation_sets():
    assert {"dev", "holdout", "blind2", "blind3", "blind4"} <= set(SETS)


@pytest.mark.parametrize("name", SETS)
def test_gold_is_in_the_contract_format_and_quotes_its_articles(name):
    articles = articles_of(name)
    taxonomy = read_reference_csv(REFERENCE / "taxonomy.csv")
    subtypes = set(zip(taxonomy.event_type, taxonomy.sub_event_type, strict=True))
    for g in gold_of(name):
        assert list(g) == KEYS, g["gold_id"]
        assert g["doc"] in articles, g["gold_id"]
        flat = " ".join(articles[g["doc"]].split())
        assert " ".join(g["evidence"].split()) in flat, g["gold_id"]
        subs = (
            g["sub_event_type"] if isinstance(g["sub_event_type"], list) else [g["sub_event_type"]]
        )
        assert all((g["event_type"], s) in subtypes for s in subs), g["gold_id"]
        assert g["geo_precision"] in (1, 2, 3) and -90 <= g["latitude"] <= 90, g["gold_id"]


@pytest.mark.parametrize("name", SNIPPET_SETS)
def test_snippets_are_labelled_with_one_known_sub_event_type_or_none(name):
    """Each snippet reports one event of a known type; a set of single sentences may also
    hold sentences that report none (null), but never only those."""
    taxonomy = set(read_reference_csv(REFERENCE / "taxonomy.csv").sub_event_type)
    lines = (EVAL / name / "snippets.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    assert len(records) >= 100
    assert len({r["id"] for r in records}) == len(records)
    assert sum(r["sub_event_type"] is not None for r in records) >= 100
    for r in records:
        assert r["sub_event_type"] is None or r["sub_event_type"] in taxonomy, r["id"]
        assert isinstance(r["text"], str) and len(r["text"].split()) >= 5, r["id"]


@pytest.mark.parametrize("name", SETS + SNIPPET_SETS + PAGE_SETS)
def test_every_set_has_a_card_with_its_status(name):
    card = (EVAL / name / "CARD.md").read_text(encoding="utf-8")
    assert re.search(r"\*\*Status: (blind|studied|tuned)\.?\*\*", card), name


@pytest.mark.parametrize("name", SETS + SNIPPET_SETS + PAGE_SETS)
def test_no_corpus_sentence_comes_from_an_evaluation_set(name):
    texts = corpus_texts()
    assert len(texts) >= 8000
    article_runs: set[tuple[str, ...]] = set()
    for text in evaluation_articles()[name]:
        article_runs |= runs(text)
    golds = gold_of(name) if name in SETS else []
    quotes = {" ".join(words(g["evidence"])) for g in golds}
    quotes = {q for q in quotes if len(q.split()) >= MIN_QUOTE_WORDS}
    for text in texts:
        assert overlap_reason(text, article_runs, quotes) is None, f"{text!r} ({name})"

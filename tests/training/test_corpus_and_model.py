"""The corpus meets its numbers, and the shipped detector is the one `make model` trains from it.

The staleness test compares the corpus hash the model recorded when it was trained with
the corpus as it is now: a new or edited corpus line fails it until `make model` is run
again. The reproduction test retrains the shipped recipe on the whole corpus and checks
that it gives the shipped weights.
"""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest

from training.corpus import (
    HELD_OUT_AUTHORS,
    corpus_files,
    corpus_sha256,
    read_corpus,
    split_by_author,
    sub_event_types,
)
from transforms.extraction.detect import SHIPPED_MODEL, load_detector

MODEL_FILES = {".json", ".npy", ".cfg", ".bin", ""}  # spaCy's own files have no suffix


@pytest.fixture(scope="module")
def examples():
    return read_corpus()


def test_the_corpus_meets_its_numbers(examples):
    counts = Counter(label for e in examples for label in e.labels)
    assert len(examples) >= 8000
    assert all(counts[label] >= 200 for label in sub_event_types()), counts
    assert sum(1 for e in examples if not e.labels) >= 2000
    assert len({e.batch for e in examples}) >= 10  # independent authors


def test_the_validation_split_is_held_out_by_author(examples):
    train, valid = split_by_author(examples)
    assert {e.batch for e in valid} == set(HELD_OUT_AUTHORS)
    assert not {e.batch for e in train} & set(HELD_OUT_AUTHORS)
    assert len(valid) >= 1500 and len(train) >= 8000


def test_the_shipped_model_was_trained_from_this_corpus():
    meta = json.loads((SHIPPED_MODEL / "detector.json").read_text())
    assert meta["corpus_sha256"] == corpus_sha256(), "the corpus changed: run `make model`"
    assert meta["corpus_files"] == [f.name for f in corpus_files()]
    assert meta["labels"] == sub_event_types()
    assert 0.0 < meta["threshold"] < 1.0
    assert meta["validation"]["held_out_authors"] == list(HELD_OUT_AUTHORS)


def test_the_model_is_small_and_holds_no_pickle():
    files = [p for p in SHIPPED_MODEL.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 25 * 2**20
    assert all(p.suffix in MODEL_FILES for p in files), [p.name for p in files]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen on motorcycles abducted eleven farmers from their fields outside the village "
         "late on Tuesday, relatives said.", "Abduction/forced disappearance"),
        ("Riot police fired tear gas and water cannon to break up the students' march on the "
         "ministry.", "Protest with intervention"),
        ("A roadside bomb tore through a minibus carrying wedding guests, killing nine.",
         "Remote explosive/landmine/IED"),
        ("The two armed groups signed a ceasefire in the capital on Saturday.", "Agreement"),
    ],
)  # fmt: skip
def test_the_shipped_model_detects_plain_sentences(sentence, expected):
    found = load_detector().detect([sentence])[0]
    assert found and found[0].sub_event_type == expected, found


def test_the_shipped_model_finds_no_event_in_plain_non_events():
    sentences = [
        "The opposition said it would hold a rally in the capital next month.",
        "Share this article on Facebook",
        "Analysts expect the fighting to intensify once the rainy season ends.",
    ]
    assert load_detector().detect(sentences) == [(), (), ()]


@pytest.mark.slow
def test_make_model_reproduces_the_shipped_weights(tmp_path):
    from training.train import KINDS

    meta = json.loads((SHIPPED_MODEL / "detector.json").read_text())
    KINDS[meta["kind"]](read_corpus(), sub_event_types(), tmp_path)
    (tmp_path / "detector.json").write_text(json.dumps(meta))
    sample = [e.text for e in read_corpus()[::97]]
    shipped = load_detector(SHIPPED_MODEL).probabilities(sample)
    assert np.allclose(shipped, load_detector(tmp_path).probabilities(sample), atol=1e-4)

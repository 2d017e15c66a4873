"""Regression floor on the dev set: the seeds' events scored against the hand-coded gold.

The gold is a copy of the project's dev gold (tests/fixtures/gold). The floor (0.8)
is below today's figure on purpose: it catches a broken extractor, not a small dip.
"""

from __future__ import annotations

import collections
from pathlib import Path

from flows.evaluate import alias_map, read_gold, score
from tests.conftest import GOLD, REFERENCE, SEEDS
from transforms.clean import clean_document
from transforms.decode import sha256_hex
from transforms.extract import extract_events
from transforms.models import RawDocument

FLOOR = 0.8


def predictions(nlp, reference) -> dict[str, list[dict]]:
    preds: dict[str, list[dict]] = collections.defaultdict(list)
    for path in sorted(Path(SEEDS).glob("*.txt")):
        data = path.read_bytes()
        article = clean_document(
            RawDocument(doc_id=sha256_hex(data), file_name=path.name, text=data.decode())
        )
        preds[path.name] = extract_events(article, nlp(article.clean_text), reference)
    return preds


def test_dev_set_extraction_stays_above_the_floor(nlp, reference):
    result, misses = score(
        predictions(nlp, reference), read_gold(GOLD), alias_map(REFERENCE / "actors.csv")
    )
    assert result["f1"] >= FLOOR, "\n".join(misses)
    assert result["precision"] >= FLOOR and result["recall"] >= FLOOR
    for slot in ("sub_event_type", "actor1", "actor2", "fatalities"):
        assert result["slot_accuracy"][slot] >= FLOOR, slot

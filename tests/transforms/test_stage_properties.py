"""Properties of the extraction stages over every article of the studied evaluation sets:
a stage never changes what an earlier stage decided, except where the design says it may
(transforms/extraction/__init__.py).

- Only coding changes a detected sub-event type, and it says by which rule.
- Merging keeps each kept event's type and never loses a slot it had: a stated count,
  actor1, a place, an explicit date stay (a place or date may become more precise).
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import ROOT, SEEDS
from transforms.clean import clean_document
from transforms.decode import sha256_hex
from transforms.extraction.articles import merge_candidates, read_candidates
from transforms.extraction.detect import load_detector
from transforms.models import RawDocument

EVAL = ROOT / "tests" / "eval"
SETS = {"dev": (SEEDS, "*.txt"), "holdout": (EVAL / "holdout", "h*.txt")}


def articles(name: str):
    folder, pattern = SETS[name]
    for path in sorted(folder.glob(pattern)):
        data = path.read_bytes()
        yield clean_document(
            RawDocument(doc_id=sha256_hex(data), file_name=path.name, text=data.decode())
        )


@pytest.fixture(scope="module", params=sorted(SETS))
def candidates(request, nlp, reference):
    detector = load_detector()
    return [
        read_candidates(article, nlp(article.clean_text), reference, detector)
        for article in articles(request.param)
    ]


def test_only_coding_changes_a_detected_type_and_names_its_rule(candidates, reference):
    found = [c for per_article in candidates for c in per_article]
    assert found
    for c in found:
        assert c.detected_as, "every event of the classifier's path was detected"
        assert c.sub_event_type == c.detected_as or c.coded_by, (c.detected_as, c.sub_event_type)
        assert reference.event_types[c.sub_event_type] == c.event_type


def test_merging_keeps_each_kept_events_type_and_never_loses_a_slot(candidates):
    for per_article in candidates:
        before = {id(c): dataclasses.replace(c) for c in per_article}
        for kept in merge_candidates(per_article):
            was = before[id(kept)]
            assert (kept.event_type, kept.sub_event_type) == (was.event_type, was.sub_event_type)
            assert was.actor1 is None or kept.actor1 == was.actor1
            assert was.place is None or kept.place is not None
            assert was.fatalities is None or kept.fatalities == was.fatalities
            assert was.injuries is None or kept.injuries == was.injuries
            if was.date_source == "explicit":
                assert kept.date_source == "explicit"
                assert (kept.precision or 4) <= (was.precision or 4)

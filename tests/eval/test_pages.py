"""The headline and publication-date reader on pages1, a studied set of scraped pages.

A floor (not a score to tune to): the figures the reader reached when the set was studied,
so a change that loses a page fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transforms.clean import clean_document
from transforms.decode import sha256_hex
from transforms.models import RawDocument

PAGES = Path(__file__).parent / "pages1"
DATES_RIGHT, TITLES_RIGHT = 39, 35  # of 40, measured when the set was studied


@pytest.fixture(scope="module")
def read_pages():
    out = []
    for line in (PAGES / "answers.jsonl").read_text(encoding="utf-8").splitlines():
        answer = json.loads(line)
        text = (PAGES / answer["file"]).read_text(encoding="utf-8")
        raw = RawDocument(doc_id=sha256_hex(text.encode()), file_name=answer["file"], text=text)
        out.append((answer, clean_document(raw)))
    return out


def test_the_reader_holds_its_floor_on_dates_and_headlines(read_pages):
    assert len(read_pages) == 40
    dates = sum(
        (a.published_date.isoformat() if a.published_date else None) == answer["published"]
        for answer, a in read_pages
    )
    titles = sum((a.title or "").strip() == answer["title"].strip() for answer, a in read_pages)
    assert dates >= DATES_RIGHT and titles >= TITLES_RIGHT, (dates, titles)


def test_no_page_is_dated_by_the_day_it_was_shown(read_pages):
    shown = [
        answer["file"]
        for answer, a in read_pages
        if a.published_date is not None and a.published_date.year == 2026
    ]
    assert not shown

"""Small value types that flow between the pipeline stages.

They are plain frozen dataclasses so that transforms stay pure and easy to test:
a flow reads bytes and builds a `RawDocument`; cleaning turns it into an
`Article`; extraction turns an `Article` into event rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawDocument:
    """One article as read from the input folder, before cleaning.

    `text` is already decoded; `fmt` says how to read it (`text`, `html`, or
    `jsonl` for one record of a JSON-lines file). `meta` carries what a scraper
    or a sidecar `NAME.meta.json` said about the article (keys: title, outlet,
    url, published, author); values there win over what is guessed from text.
    """

    doc_id: str
    file_name: str
    text: str
    fmt: str = "text"
    source_record: str | None = None
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Article:
    """A cleaned article: the body text that event offsets point into, plus metadata."""

    doc_id: str
    file_name: str
    clean_text: str
    source_record: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published_date: dt.date | None = None
    published_date_source: str | None = None  # 'metadata' | 'text' | 'inferred'
    # A live blog's day headings: (offset into clean_text, the day told from there on).
    day_marks: tuple[tuple[int, dt.date], ...] = ()


@dataclass(frozen=True)
class Span:
    """A stretch of text found in a sentence; offsets are relative to the text searched."""

    start: int
    end: int
    text: str

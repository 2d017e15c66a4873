"""Day headings of live blogs and chronologies: the date each stretch of the body is told on.

A live blog prints a day heading ("Tuesday 7 October 2014") over the entries of that day,
and each entry says "this afternoon" or "on Monday" counting from it, not from the day
the page was saved. The cleaner drops those headings with the rest of the page's dates,
so they are kept beside the body as marks: (offset into the clean text where the day's
entries begin, the day). Only a page with two or more different day headings is read
this way; a single dateline above the body is the publication date's business.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence

from transforms.metadata import parse_publication_date
from transforms.metadata.header import _UPDATED_RE
from transforms.metadata.published import _looks_like_dateline

# A live blog's entry time standing alone ("16:45", "4.45pm", "09:00 GMT").
_TIME_ONLY_RE = re.compile(r"^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|GMT|UTC|BST|CET)?\s*$", re.I)
# A rule drawn under a heading ("--------", "=====", "* * *"): decoration, not the entry.
_RULE_RE = re.compile(r"^\s*(?:[-=_*~#.]\s*){3,}$")
MIN_DAY_HEADINGS = 2
MAX_HEADING_WORDS = 5  # "Friday, 4 October 2024"; a longer dated line is a sentence's,
# unless it reads as a title, with no full stop: "Statement No. 4 - Sunday 20/8/2017, 18:30"
MAX_TITLE_HEADING_WORDS = 10
SENTENCE_ENDS = (".", "!", "?", '"', "'")
# A page saved long after its last day heading: the heading, not the save date, dates it.
STALE_PAGE_DAYS = 31


def find_day_marks(
    lines: Sequence[str], body: Collection[int], clean_text: str
) -> tuple[tuple[int, dt.date], ...]:
    """(offset in `clean_text`, day) for each day heading followed by body lines."""
    headed: list[tuple[int, dt.date]] = []
    for index, line in enumerate(lines):
        if not _looks_like_dateline(line) or _UPDATED_RE.search(line):
            continue
        if index in body and not _reads_as_heading(line):
            continue  # a heading the cleaner kept in the body ("Friday 4 October 2024") counts
        day = parse_publication_date(line)
        following = _next_body_line(lines, body, index)
        if day is not None and following is not None:
            headed.append((following, day))
    if len({day for _, day in headed}) < MIN_DAY_HEADINGS:
        return ()
    marks = []
    position = 0
    for following, day in headed:
        start = clean_text.find(lines[following].strip()[:40], position)
        if start >= 0:
            marks.append((start, day))
            position = start
    return tuple(marks)


def _reads_as_heading(line: str) -> bool:
    """A dated body line short enough to be a heading, or a little longer but untold as a
    sentence (no closing stop): an entry's title, not a sentence that names a day."""
    words = len(line.split())
    if words <= MAX_HEADING_WORDS:
        return True
    return words <= MAX_TITLE_HEADING_WORDS and not line.rstrip().endswith(SENTENCE_ENDS)


def _next_body_line(lines: Sequence[str], body: Collection[int], index: int) -> int | None:
    """The body line a heading stands over: the next non-blank line, past entry times and
    drawn rules."""
    for after in range(index + 1, min(len(lines), index + 4)):
        line = lines[after].strip()
        if not line or _TIME_ONLY_RE.match(line) or _RULE_RE.match(line):
            continue
        return after if after in body else None
    return None


def day_of(marks: Sequence[tuple[int, dt.date]], offset: int) -> dt.date | None:
    """The day heading a position of the clean text falls under, if any."""
    found = None
    for start, day in marks:
        if start > offset:
            break
        found = day
    return found


def published_by_headings(
    published: dt.date | None, marks: Sequence[tuple[int, dt.date]]
) -> dt.date | None:
    """A live blog is published on its latest day heading when the page gives no date, one
    before that heading (the first entry's dateline: the page is no older than its last
    entry), or only one long after every heading (the day the page was saved)."""
    if not marks:
        return published
    latest = max(day for _, day in marks)
    if published is None or not 0 <= (published - latest).days <= STALE_PAGE_DAYS:
        return latest
    return published

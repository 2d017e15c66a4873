"""Finding the date mentions of a sentence: every pattern match that reads as a date, the
longest of overlapping ones kept, resolved against publication.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from transforms.dates.explicit import _bare_month, _day_month_year, _month_day_year, _part_of_month
from transforms.dates.patterns import _PATTERNS, _cues
from transforms.dates.vocabulary import _DROPPED, Handler, Resolved


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence, resolved to the first day it allows."""

    start: int
    end: int
    text: str
    date: dt.date
    precision: int


Span = tuple[int, int]

# A leading word that only introduces the date ("in 2014", "on Saturday") is
# left out of the mention; "last", "late", "this"... change the date and stay.
_LEADING_PREPOSITION = re.compile(
    r"(?:in|on|since|of|by|until|till|through|throughout|during|from|before|after|around"
    r"|circa|between|and|to|year)[\s-]+(?=\S)",
    re.IGNORECASE,
)

# Day-month and month expressions that read the same whatever the day of writing, once the
# year is known: with no publication date they take the year the text gives.
_YEARLESS = frozenset({_month_day_year, _day_month_year, _part_of_month, _bare_month})


def _meaningful_span(match: re.Match[str]) -> Span:
    """The match minus a leading preposition that adds nothing to the date."""
    start, end = match.span()
    lead = _LEADING_PREPOSITION.match(match.string, start, end)
    return (lead.end() if lead else start), end


def _candidates(
    sentence: str, published: dt.date | None, handlers: Collection[Handler] | None = None
) -> Iterator[tuple[Span, Resolved]]:
    """Every pattern match that reads as a date (resolved or dropped); only those of
    `handlers` when given."""
    cues = _cues(sentence)
    for needs_all, needs_any, pattern, handler in _PATTERNS:
        if handlers is not None and handler not in handlers:
            continue
        if not needs_all <= cues or (needs_any and needs_any.isdisjoint(cues)):
            continue
        for match in pattern.finditer(sentence):
            if handlers is not None and (match.groupdict().get("rel") or "").strip():
                continue  # 'last March' counts from the day of writing
            try:
                resolved = handler(match, sentence, published)
            except (ValueError, OverflowError):  # arithmetic past year 1 or 9999
                resolved = _DROPPED
            if resolved is not None:
                yield _meaningful_span(match), resolved


def _longest_first(candidates: list[tuple[Span, Resolved]]) -> list[tuple[Span, Resolved]]:
    """Keep the longest of overlapping matches (the earlier pattern on ties),
    so "June 10, 2014" beats its pieces "June" and "2014"."""
    ordered = sorted(candidates, key=lambda c: c[0][0] - c[0][1])
    taken: list[tuple[Span, Resolved]] = []
    for span, resolved in ordered:
        if all(span[1] <= other[0] or span[0] >= other[1] for other, _ in taken):
            taken.append((span, resolved))
    return sorted(taken, key=lambda c: c[0][0])


def find_date_mentions(
    sentence: str, published: dt.date | None, text_year: int | None = None
) -> list[DateMention]:
    """All date expressions in `sentence`, resolved against `published`.

    Offsets point into `sentence`; each mention's date is the first day of the
    period meant and never lies after `published`. Expressions that need a
    publication date to resolve are left out when it is None, and so are
    future ones ("next week", "by the end of 2016" written in May 2016).

    With no publication date, `text_year` is the year the text itself gives (the
    story's last year named): a day and month, or a month, with no year of their own
    fall in it ("On 20 March", after "14 March 2019"). Words that count from the day of
    writing ("on Tuesday", "last month") still need the publication date.
    """
    candidates = list(_candidates(sentence, published))
    if published is None and text_year is not None:
        year_end = dt.date(text_year, 12, 31)
        candidates += [c for c in _candidates(sentence, year_end, _YEARLESS) if c[1][0] is not None]
    mentions = []
    for (start, end), (found, precision) in _longest_first(candidates):
        if found is not None:
            mentions.append(DateMention(start, end, sentence[start:end], found, precision))
    return mentions


def resolve_relative(expression: str, published: dt.date | None) -> tuple[dt.date, int] | None:
    """Resolve one date expression ("last week", "in late March", "June 2014").

    Returns (first day of the period, precision), or None when the expression
    does not resolve (no publication date for a relative one, or no date at all).
    """
    mentions = find_date_mentions(expression, published)
    return (mentions[0].date, mentions[0].precision) if mentions else None

"""Calendar arithmetic against the publication date (the most recent such month or
weekday, a stated year dropped when after publication) and reading the matched pieces
(month words, counts, whether a number is a year or a quantity).
"""

from __future__ import annotations

import datetime as dt
import re

from transforms.dates.vocabulary import (
    _DETERMINER_BEFORE,
    _DROPPED,
    _FUNCTION_WORDS_ENDING_IN_S,
    _IN_BEFORE,
    _NUMBER_NEXT,
    _SMALL_NUMBERS,
    _UNITS,
    _VAGUE_AMOUNTS,
    _VERBS_AFTER_A_YEAR,
    _WORD_AFTER,
    MONTH_ABBREVIATIONS,
    MONTHS,
    Resolved,
)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """Build a date, or None when the parts do not name a real day (Feb 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _months_back(day: dt.date, months: int) -> dt.date:
    """First day of the month `months` before `day`'s month (negative: after)."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _most_recent(month: int, day: int, published: dt.date) -> dt.date | None:
    """The latest `month`/`day` not after publication (Feb 29 may go back years)."""
    for year in range(published.year, published.year - 9, -1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= published:
            return candidate
    return None


def _month_occurrence(month: int, published: dt.date, *, strictly_before: bool) -> dt.date:
    """First day of the most recent `month` not after publication.

    With `strictly_before` ("last May") the month publication falls in is skipped,
    so "last May" written in May means the May of the year before.
    """
    year = published.year if month <= published.month else published.year - 1
    if strictly_before and (year, month) == (published.year, published.month):
        year -= 1
    return dt.date(year, month, 1)


def _weekday_before(weekday: int, published: dt.date, *, strictly_before: bool) -> dt.date:
    """The most recent `weekday` on (or, if `strictly_before`, before) publication."""
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def _given_year(found: dt.date | None, precision: int, published: dt.date | None) -> Resolved:
    """A date whose year the text states: dropped when it lies after publication."""
    if found is None:
        return None
    if published is not None and found > published:
        return _DROPPED
    return found, precision


def _inferred_year(found: dt.date, precision: int, published: dt.date) -> Resolved:
    """A date whose year came from publication: moved back a year if it lies after."""
    if found > published:
        earlier = _safe_date(found.year - 1, found.month, found.day)
        return (earlier, precision) if earlier is not None else _DROPPED
    return found, precision


def _month_number(match: re.Match[str]) -> int | None:
    """Month of a matched month word, or None when it is not written as a month.

    Month names must be capitalised ("may" is a verb), and undotted
    abbreviations count only before a number ("Mar Elias" is a name).
    """
    word = match.group("month")
    if not word[0].isupper():
        return None
    key = word.rstrip(".").lower()
    if key in MONTHS:
        return MONTHS[key]
    dotted = word.endswith(".")
    return (
        MONTH_ABBREVIATIONS[key]
        if dotted or _NUMBER_NEXT.match(match.string, match.end("month"))
        else None
    )


def _part_key(match: re.Match[str]) -> str:
    """Normalise "the end of" / "mid" / "first half of" to a table key."""
    words = [word for word in match.group("part").lower().split() if word not in ("the", "of")]
    return " ".join(words)


def _amount_value(text: str) -> float | None:
    """Read the count of an "ago" expression; None for vague amounts ("a few")."""
    text = " ".join(text.lower().split())
    half = 0.5 if text.endswith(("and a half", "1/2", "½")) else 0.0
    text = text.removesuffix("and a half").removesuffix("1/2").removesuffix("½").strip()
    if text in _VAGUE_AMOUNTS:
        return None
    if text in _SMALL_NUMBERS:
        return _SMALL_NUMBERS[text] + half
    try:
        return float(text) + half
    except ValueError:
        return None


def _is_count_not_day(match: re.Match[str]) -> bool:
    """True for "in March 30 soldiers died": after "in", a day followed by a
    plural noun is a count of something, not a day of the month."""
    before = match.string[max(0, match.start() - 12) : match.start()]
    if _IN_BEFORE.search(before) is None:
        return False
    after = _WORD_AFTER.match(match.string, match.end())
    if after is None:
        return False
    word = after.group(1)
    return word.lower() in _UNITS or (
        word.islower()
        and word.endswith("s")
        and not word.endswith("ss")
        and word not in _FUNCTION_WORDS_ENDING_IN_S
    )


def _year_reads_as_quantity(match: re.Match[str]) -> bool:
    """True for "2000 troops": a bare number followed by a lowercase word or, when
    round, by any word. "the 2014 ISIS blitzkrieg", "the 2003 invasion" and
    "2014 saw" stay years."""
    after = _WORD_AFTER.match(match.string, match.end())
    if after is None or after.start(1) != match.end() + 1:
        return False
    word, round_number = after.group(1), int(match.group("year")) % 100 == 0
    if word.lower() in _VERBS_AFTER_A_YEAR:
        return False
    if _DETERMINER_BEFORE.search(match.string, 0, match.start()) and not round_number:
        return False  # "the 2003 invasion", "Iraq's 2014 election"
    return word[0].islower() or round_number

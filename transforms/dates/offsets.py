"""Anaphoric offsets ("a day earlier", "two days later", "three months later", "in
September that year"): found in a sentence, and applied to the anchor date the caller
chooses (another date of the story).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from transforms.dates.calendar_math import _amount_value, _month_number, _months_back
from transforms.dates.mentions import DateMention
from transforms.dates.vocabulary import _AMOUNT_WORDS, _MONTH


@dataclass(frozen=True)
class DateOffset:
    """A date given relative to another date of the story ("two days later").

    `days` and `months` are signed counts (negative for earlier); `month` names a month
    of the anchor's year shifted by `months` // 12 ("September that year": month 9). The
    anchor must be at least as precise as `anchor_precision`: "a day after" a month
    says no more than the month.
    """

    start: int
    end: int
    text: str
    days: int
    precision: int  # the best precision the offset allows (1 for days, 2 for weeks...)
    months: int = 0
    month: int | None = None
    anchor_precision: int = 2
    day_of_month: int | None = None  # "on the 16th": that day of the anchor's month


_OFFSET_AMOUNT = rf"(?P<amount>a|an|one|{_AMOUNT_WORDS}|\d{{1,2}})"
_COUNTED_OFFSET = re.compile(
    rf"\b{_OFFSET_AMOUNT}\s+(?P<unit>days?|weeks?)\s+(?P<way>(?:earlier|later)\b(?!\s+than)|"
    # "before"/"after" with an object count from an event, not a date: leave them
    r"(?:before|after)\b(?!\s+(?:(?:the|a|an|his|her|its|their|it|this|that|he|she|they|we)\b"
    r"|(?-i:[A-Z])|\d)))",
    re.IGNORECASE,
)
_COUNTED_LONG_OFFSET = re.compile(
    rf"\b{_OFFSET_AMOUNT}\s+(?P<unit>months?|years?)\s+(?P<way>earlier|later)\b(?!\s+than)",
    re.IGNORECASE,
)
_YEAR_SHIFT = {"that": 0, "the same": 0, "the following": 1, "the next": 1}
_MONTH_OF_THAT_YEAR = re.compile(
    rf"\b{_MONTH}\s+(?:of\s+)?(?P<which>that|the\s+same|the\s+following|the\s+next)\s+year\b",
    re.IGNORECASE,
)
_NAMED_OFFSET = re.compile(
    r"\b(?:the\s+)?(?:(?P<prev>previous|preceding)\s+day|day\s+before(?!\s+(?:the\s+)?[A-Za-z]+day)"
    r"(?=[\s,.;]*(?:$|(?-i:[a-z])|[,.;]))"
    r"|(?P<next>next|following)\s+day)\b",
    re.IGNORECASE,
)


# "On the 16th, drones were dropped on...": a day of the month the story is in. Only a
# bare ordinal closed by punctuation counts ('the 16th brigade' is a unit).
_DAY_OF_THAT_MONTH = re.compile(
    r"\b(?:on|by|until|since|from)\s+the\s+(?P<dom>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
    r"(?=\s*[,.;:]|\s+of\s+(?:the|that|this)\s+month\b)",
    re.IGNORECASE,
)


def find_date_offsets(sentence: str) -> list[DateOffset]:
    """Offsets in a sentence that date an event from another date of the story.

    "two days after the attack" is left alone (its anchor is an event, not a date),
    and so is "the day before Eid".
    """
    found = []
    for m in _COUNTED_OFFSET.finditer(sentence):
        count = _offset_count(m)
        if count is None or count > 31:
            continue
        weeks = m.group("unit").lower().startswith("week")
        sign = -1 if m.group("way").lower().startswith(("earlier", "before")) else 1
        days = sign * int(count) * (7 if weeks else 1)
        found.append(DateOffset(m.start(), m.end(), m.group(0), days, 2 if weeks else 1))
    for m in _COUNTED_LONG_OFFSET.finditer(sentence):
        count = _offset_count(m)
        if count is None or count > 24:
            continue
        years = m.group("unit").lower().startswith("year")
        sign = -1 if m.group("way").lower() == "earlier" else 1
        months = sign * int(count) * (12 if years else 1)
        precision = 4 if years else 3
        found.append(DateOffset(m.start(), m.end(), m.group(0), 0, precision, months, None, 3))
    for m in _MONTH_OF_THAT_YEAR.finditer(sentence):
        month = _month_number(m)
        if month is None:
            continue
        shift = 12 * _YEAR_SHIFT[" ".join(m.group("which").lower().split())]
        found.append(DateOffset(m.start(), m.end(), m.group(0), 0, 3, shift, month, 4))
    for m in _NAMED_OFFSET.finditer(sentence):
        if any(m.start() < o.end and o.start < m.end() for o in found):
            continue
        days = 1 if m.group("next") else -1
        found.append(DateOffset(m.start(), m.end(), m.group(0), days, 1))
    for m in _DAY_OF_THAT_MONTH.finditer(sentence):
        dom = int(m.group("dom"))
        found.append(DateOffset(m.start(), m.end(), m.group(0), 0, 1, 0, None, 3, dom))
    return sorted(found, key=lambda o: o.start)


def _offset_count(match: re.Match[str]) -> float | None:
    """How many days, weeks, months or years an offset counts ("a", "two", "3")."""
    amount = match.group("amount").lower()
    return 1 if amount in {"a", "an", "one"} else _amount_value(amount)


def resolve_offset(
    offset: DateOffset, anchor: dt.date, anchor_precision: int, published: dt.date | None
) -> DateMention | None:
    """The date an offset names, counted from its anchor; None if after publication or
    if the anchor is too vague for the offset."""
    if anchor_precision > offset.anchor_precision:
        return None
    if offset.day_of_month is not None:
        day = _day_of_month_after(anchor, offset.day_of_month, anchor_precision)
        if day is None:
            return None
    elif offset.month is not None:
        day = dt.date(anchor.year + offset.months // 12, offset.month, 1)
    elif offset.months:
        day = _months_back(anchor, -offset.months)
    else:
        day = anchor + dt.timedelta(days=offset.days)
    if published is not None and day > published:
        return None
    # "September that year" takes only the year from its anchor
    precision = (
        offset.precision
        if offset.month or offset.day_of_month
        else max(anchor_precision, offset.precision)
    )
    if precision == 4:
        day = day.replace(month=1, day=1)  # a mention's date is the first day of its period
    return DateMention(offset.start, offset.end, offset.text, day, precision)


def _day_of_month_after(anchor: dt.date, dom: int, anchor_precision: int) -> dt.date | None:
    """Day `dom` of the anchor's month; of the next month when the story has already
    passed it ('On 28 October ... on the 3rd')."""
    month = anchor.replace(day=1)
    if anchor_precision == 1 and dom < anchor.day:
        month = _months_back(month, -1)
    try:
        return month.replace(day=dom)
    except ValueError:
        return None

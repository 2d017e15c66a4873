"""Anaphoric offsets ("a day earlier", "two days later", "the previous day"): found in a
sentence, and applied to the anchor date the caller chooses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from transforms.dates.calendar_math import _amount_value
from transforms.dates.mentions import DateMention
from transforms.dates.vocabulary import _AMOUNT_WORDS


@dataclass(frozen=True)
class DateOffset:
    """A date given relative to another date of the story ("two days later")."""

    start: int
    end: int
    text: str
    days: int  # signed: negative for earlier
    precision: int  # the best precision the offset allows (1 for days, 2 for weeks)


_OFFSET_AMOUNT = rf"(?P<amount>a|an|one|{_AMOUNT_WORDS}|\d{{1,2}})"
_COUNTED_OFFSET = re.compile(
    rf"\b{_OFFSET_AMOUNT}\s+(?P<unit>days?|weeks?)\s+(?P<way>(?:earlier|later)\b(?!\s+than)|"
    # "before"/"after" with an object count from an event, not a date: leave them
    r"(?:before|after)\b(?!\s+(?:(?:the|a|an|his|her|its|their|it|this|that|he|she|they|we)\b"
    r"|(?-i:[A-Z])|\d)))",
    re.IGNORECASE,
)
_NAMED_OFFSET = re.compile(
    r"\b(?:the\s+)?(?:(?P<prev>previous|preceding)\s+day|day\s+before(?!\s+(?:the\s+)?[A-Za-z]+day)"
    r"(?=[\s,.;]*(?:$|(?-i:[a-z])|[,.;]))"
    r"|(?P<next>next|following)\s+day)\b",
    re.IGNORECASE,
)


def find_date_offsets(sentence: str) -> list[DateOffset]:
    """Offsets in a sentence that date an event from another date of the story.

    "two days after the attack" is left alone (its anchor is an event, not a date),
    and so is "the day before Eid".
    """
    found = []
    for m in _COUNTED_OFFSET.finditer(sentence):
        amount = m.group("amount").lower()
        count = 1 if amount in {"a", "an", "one"} else _amount_value(amount)
        if count is None or count > 31:
            continue
        weeks = m.group("unit").lower().startswith("week")
        sign = -1 if m.group("way").lower().startswith(("earlier", "before")) else 1
        days = sign * int(count) * (7 if weeks else 1)
        found.append(DateOffset(m.start(), m.end(), m.group(0), days, 2 if weeks else 1))
    for m in _NAMED_OFFSET.finditer(sentence):
        if any(m.start() < o.end and o.start < m.end() for o in found):
            continue
        days = 1 if m.group("next") else -1
        found.append(DateOffset(m.start(), m.end(), m.group(0), days, 1))
    return sorted(found, key=lambda o: o.start)


def resolve_offset(
    offset: DateOffset, anchor: dt.date, anchor_precision: int, published: dt.date | None
) -> DateMention | None:
    """The date an offset names, counted from its anchor; None if after publication."""
    day = anchor + dt.timedelta(days=offset.days)
    if published is not None and day > published:
        return None
    precision = max(anchor_precision, offset.precision)
    return DateMention(offset.start, offset.end, offset.text, day, precision)

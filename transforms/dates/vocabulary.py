"""The words dates are written with (months, weekdays, numbers, parts of months, years and
seasons) and the regex building blocks made from them; `MONTHS` and `MONTH_ABBREVIATIONS` are
shared with the publication-date reader (transforms/metadata/).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable


def _word_list(words: str) -> list[str]:
    """Split a space-separated word list (keeps long vocabularies compact)."""
    return words.split()


# Month names, full and abbreviated: the one list the date resolver and the
# publication-date finder (transforms/metadata/) share.
MONTHS: dict[str, int] = {
    name.lower(): number for number, name in enumerate(calendar.month_name) if name
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS: dict[str, int] = {name.lower(): number for number, name in enumerate(calendar.day_name)}

_NUMBER_WORDS = _word_list(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty"
)
_SMALL_NUMBERS: dict[str, int] = {word: n for n, word in enumerate(_NUMBER_WORDS, start=1)}
_SMALL_NUMBERS |= {"a": 1, "an": 1, "thirty": 30, "couple": 2, "a couple of": 2, "couple of": 2}
_VAGUE_AMOUNTS = frozenset({"few", "a few", "several", "some", "many", ""})

# First day of each named part of a month (precision 2) and of a year (precision 4).
_PART_OF_MONTH_DAY = {"early": 1, "beginning": 1, "start": 1, "mid": 11, "middle": 11}
_PART_OF_MONTH_DAY |= {"late": 21, "end": 21}
_PART_OF_YEAR_MONTH = {"early": 1, "beginning": 1, "start": 1, "first half": 1}
_PART_OF_YEAR_MONTH |= {"mid": 5, "middle": 5, "late": 9, "end": 9, "second half": 7}
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 1}
_SEASON_PART_SHIFT = {"early": 0, "mid": 1, "late": 2}  # months after the season's start

# Month words are matched case-sensitively, Title or UPPER case ("may" is a verb);
# a case-sensitive first letter also lets the regex engine skip ahead quickly.
_FULL_MONTH = "|".join(f"{name.title()}|{name.upper()}" for name in MONTHS)
_ABBR_MONTH = "|".join(
    f"{name.title()}|{name.upper()}" for name in sorted(MONTH_ABBREVIATIONS, key=len, reverse=True)
)
_MONTH = rf"(?P<month>(?-i:{_FULL_MONTH})\b|(?-i:{_ABBR_MONTH})(?:\.|\b))"
_WEEKDAY_NAMES = "|".join(_WEEKDAYS)
_WEEKDAY_PREFIX = rf"(?:(?=[mtwfs])(?P<wd>{_WEEKDAY_NAMES})\b,?\s+(?:the\s+)?)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY = rf"(?P<day>[0-3]?\d){_ORDINAL}(?![\d:])"
_DAY_RANGE = rf"(?:\s*(?:-|–|—|to)\s*(?P<day2>[0-3]?\d){_ORDINAL}(?![\d:]))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_PART = (
    r"(?P<part>early|mid|middle|late|"
    r"(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of)"
)
_AMOUNT_WORDS = "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True))
_AMOUNT = (
    rf"(?P<amount>\d+(?:\.\d+)?(?:\s+1/2|½)?|(?:{_AMOUNT_WORDS}|a\s+few|few|several|some|many)"
    r"(?:\s+and\s+a\s+half)?)"
)
_APPROX = (
    r"(?:(?:nearly|almost|about|around|roughly|some|just|only|over|under|barely"
    r"|more\s+than|less\s+than|just\s+over|just\s+under|well\s+over)\s+)?"
)
# Words after a bare year that show it is a clock time or a quantity, not a year.
_NOT_A_YEAR_AFTER = r"(?![\d%]|[.,]\d|-[A-Za-z]|\s*(?:GMT|UTC|hrs\b|hours\b|h\b|local\b)|[A-Za-z])"
_YEAR_TRIGGERS = (
    r"in|since|of|by|until|till|through|throughout|during|from|before|after|"
    r"around|circa|between|and|to|year"
)
# "in 2014", "since 2015": one fixed-width lookbehind per word, so the pattern
# can start at the year itself (fast) and still know what came before it.
_TRIGGER_BEFORE_YEAR = "|".join(rf"(?<=\b{word}[\s-])" for word in _YEAR_TRIGGERS.split("|"))
_MONTH_TRIGGERS = r"in|since|during|until|till|through|throughout|by|from|before|after|between"
_NEWSPAPER_AFTER_WEEKDAY = (
    r"(?!\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Mail|Star|Tribune))"
)
# A plural noun right after "March 30" means a count ("In March 30 soldiers died").
_FUNCTION_WORDS_ENDING_IN_S = frozenset(
    _word_list(
        "as is was has his its this thus us across towards afterwards unless plus whereas"
        " besides always perhaps yes"
    )
)
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")
_NUMBER_NEXT = re.compile(r"\s*\d")
_DETERMINER_BEFORE = re.compile(r"(?:\bthe|['’]s)\s+$", re.IGNORECASE)
_IN_BEFORE = re.compile(r"\b(?:in|during|since|by)\s+$", re.IGNORECASE)
_UNITS = frozenset(
    {"km", "percent", "per", "kilometres", "kilometers", "miles", "metres", "meters"}
)
# Verbs and links after which a bare number still reads as a year ("2014 saw ...").
_VERBS_AFTER_A_YEAR = frozenset(
    _word_list("was saw is has had marked brought witnessed when and or to through until as")
)

# Holidays on a fixed day of the calendar (movable feasts such as Eid need a lunar table).
_FIXED_HOLIDAYS = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
}
_HOLIDAY = r"(?P<holiday>christmas\s+(?:day|eve)|new\s+year['’]s\s+(?:day|eve))"

# A handler's answer: (date, precision); `_DROPPED` for a date that may not be
# returned (future, or after publication) but whose span still hides the
# shorter matches inside it; None when the match is not a date at all.
Resolved = tuple[dt.date | None, int] | None
Handler = Callable[[re.Match[str], str, dt.date | None], Resolved]
_DROPPED: Resolved = (None, 0)

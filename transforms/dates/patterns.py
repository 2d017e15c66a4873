"""The pattern table: each date pattern with its handler and the cheap cues it cannot match
without, so that most sentences (which carry no date) run no pattern at all.
"""

from __future__ import annotations

import calendar
import re

from transforms.dates.explicit import (
    _anaphoric_year,
    _bare_month,
    _bare_year,
    _day_month_year,
    _digest_day,
    _foreign_day_month_year,
    _holiday,
    _iso_date,
    _month_day_year,
    _month_of_this_or_last_year,
    _month_year,
    _numeric_date,
    _part_of_month,
    _part_of_year,
    _season,
    _year_range,
)
from transforms.dates.relative import (
    _ago,
    _day_of_month,
    _days_before,
    _future,
    _hours_ago,
    _last_month,
    _last_weekend,
    _relative_season,
    _the_weekend,
    _this_month,
    _this_or_last_year,
    _this_time_last_year,
    _weekday,
)
from transforms.dates.vocabulary import (
    _AMOUNT,
    _APPROX,
    _DAY,
    _DAY_RANGE,
    _HOLIDAY,
    _MONTH,
    _MONTH_TRIGGERS,
    _NEWSPAPER_AFTER_WEEKDAY,
    _NOT_A_YEAR_AFTER,
    _PART,
    _TRIGGER_BEFORE_YEAR,
    _WEEKDAY_NAMES,
    _WEEKDAY_PREFIX,
    _YEAR,
    Handler,
    _word_list,
)

# The pattern table. Where matches overlap the longest wins, so specific forms
# ("June 10, 2014") beat their pieces ("June", "2014").
#
# Each pattern carries the cues it cannot match without; a sentence is first
# checked for cues with plain substring tests, and only patterns whose cues are
# all present run. Most sentences carry no date, so most patterns never run.


# Substrings whose absence rules patterns out ("day" covers weekdays, "today",
# "yesterday"); checked with `in` on the lowercased sentence, which is fast.
_STEMS = frozenset(
    _word_list(
        "day night this week month year ago last past next later coming tomorrow christmas"
        " spring summer autumn fall winter - / ."
    )
)
# A capitalised month name ("Mar" also hits "Marines": a cue only needs to be cheap).
_MONTH_CUE = re.compile(
    "|".join(name for name in calendar.month_abbr if name)
    + "|"
    + "|".join(name.upper() for name in calendar.month_abbr if name)
)
_DIGIT = re.compile(r"\d")
_YEAR_CUE = re.compile(r"(?:19|20)\d\d")


def _cues(sentence: str) -> frozenset[str]:
    """The cheap cues a sentence carries; patterns needing absent cues are skipped."""
    lower = sentence.lower()
    found = {stem for stem in _STEMS if stem in lower}
    if _MONTH_CUE.search(sentence):
        found.add("month_name")
    if _DIGIT.search(sentence):
        found.add("digit")
        if _YEAR_CUE.search(sentence):
            found.add("year4")
    if not sentence.isascii():
        found.add("non_ascii")
    return frozenset(found)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


Entry = tuple[frozenset[str], frozenset[str], re.Pattern[str], Handler]


def _entry(cues: str, pattern: str, handler: Handler) -> Entry:
    """A table row: the cues a pattern needs (space-separated: all of them;
    "a|b": either), the compiled pattern, and its handler."""
    words = cues.split()
    needs_all = frozenset(word for word in words if "|" not in word)
    needs_any = frozenset(alt for word in words if "|" in word for alt in word.split("|"))
    return needs_all, needs_any, _compile(pattern), handler


# Words after "on the 18th" that make it an ordinal of something else.
_NOT_A_DAY_OF_MONTH = (
    r"(?:century|anniversary|floor|storey|birthday|minute|round|time|amendment|division"
    r"|brigade|battalion|regiment|corps|army|parallel|street|avenue|day|hole|lap|ballot"
    r"|congress|session|summit|edition|attempt|place|district|ward|precinct)"
)

# Words after "the March" that make it a name ("the March on Washington"), not a month.
_NOT_A_HAPPENING_AFTER = r"(?:on|of|and|or|to|in|for|at|by|with|from|is|was)\b"

_PATTERNS: list[Entry] = [
    _entry(
        "month_name digit",
        rf"\b{_WEEKDAY_PREFIX}{_MONTH}\s*{_DAY}{_DAY_RANGE}(?:,?\s*{_YEAR})?",
        _month_day_year,
    ),
    _entry(
        "month_name digit",
        rf"\b{_WEEKDAY_PREFIX}(?<![\d.,/-]){_DAY}{_DAY_RANGE}\s+(?:of\s+)?{_MONTH}(?:,?\s*{_YEAR})?",
        _day_month_year,
    ),
    _entry(
        "year4 -",
        r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)",
        _iso_date,
    ),
    _entry(
        "year4 /|.",
        rf"\b{_WEEKDAY_PREFIX}(?<![\d/.])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep){_YEAR}",
        _numeric_date,
    ),
    _entry(
        "digit /",
        r"^\s*(?P<a>\d{1,2})/(?P<b>\d{1,2})(?=\s+[-\u2013\u2014]\s)",
        _digest_day,
    ),
    _entry(
        "month_name",
        rf"(?=[emltbs])\b{_PART}[\s-]+(?:(?P<rel>last|this)\s+)?{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?",
        _part_of_month,
    ),
    _entry("month_name year4", rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}", _month_year),
    _entry(
        "month_name",
        rf"(?=[ltnisdubfa])(?:\b(?P<rel>last|this|next)\s+|\b(?:{_MONTH_TRIGGERS})\s+){_MONTH}",
        _bare_month,
    ),
    # "January's attack", "the January attack": a month that names a happening is the most
    # recent such month
    _entry("month_name", rf"\b(?P<rel>){_MONTH}(?=['’]s\b)", _bare_month),
    _entry(
        "month_name",
        rf"(?<=\bthe\s)(?P<rel>){_MONTH}(?=\s+(?!{_NOT_A_HAPPENING_AFTER})[a-z])",
        _bare_month,
    ),
    _entry(
        "month_name year",
        rf"\b{_MONTH}\s+(?:of\s+)?(?:that|the\s+same|the\s+following|the\s+next"
        r"|the\s+previous|the\s+preceding)\s+year\b",
        _anaphoric_year,
    ),
    _entry(
        "month_name year",
        rf"\b{_MONTH}\s+(?:of\s+)?(?P<which>last|this)\s+year\b",
        _month_of_this_or_last_year,
    ),
    _entry("christmas|year", rf"\b{_HOLIDAY}(?:,?\s+{_YEAR})?", _holiday),
    _entry(
        "spring|summer|autumn|fall|winter year4",
        r"\b(?:(?P<spart>early|mid|late)[\s-]+)?(?P<season>spring|summer|autumn|fall|winter)"
        r"(?:\s+of)?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)",
        _season,
    ),
    _entry(
        "spring|summer|autumn|fall|winter",
        r"(?=[ltnpemsafw])\b(?:(?P<rel>last|this|next|past)\s+)?(?:(?P<spart>early|mid|late)[\s-]+)?"
        r"(?P<season>spring|summer|autumn|fall|winter)\b",
        _relative_season,
    ),
    _entry("year4", rf"(?=[emltbsf])\b{_PART}[\s-]+{_YEAR}", _part_of_year),
    _entry(
        "year4",
        r"(?<![\d$£€#:/.,-])(?P<year>(?:19|20)\d\d)\s*(?P<sep>-|–|—|/|to)\s*"
        r"(?P<y2>(?:19|20)\d\d|\d\d)(?![\d/-])",
        _year_range,
    ),
    _entry(
        "year4",
        rf"(?=[12])(?P<trig>{_TRIGGER_BEFORE_YEAR})?(?<![\d$£€#:/.,])(?<!\d-)\b{_YEAR}"
        rf"{_NOT_A_YEAR_AFTER}",
        _bare_year,
    ),
    _entry(
        "day",
        rf"(?=[ltnoemwfs])(?:\b(?P<rel>last|this|next|on|late|early|the\s+same|that)\s+)?"
        rf"\b(?P<wd>{_WEEKDAY_NAMES})\b"
        rf"{_NEWSPAPER_AFTER_WEEKDAY}",
        _weekday,
    ),
    _entry("day", r"\b(?:the\s+)?day\s+before\s+yesterday\b", _days_before(2, 1)),
    _entry("day", r"\byesterday\b", _days_before(1, 1)),
    _entry("night", r"\blast\s+night\b", _days_before(1, 1)),
    _entry("day", r"\b(?:earlier\s+)?today\b", _days_before(0, 1)),
    _entry("night", r"\btonight\b", _days_before(0, 1)),
    _entry("this", r"\b(?:earlier\s+)?this\s+(?:morning|afternoon|evening)\b", _days_before(0, 1)),
    _entry(
        "ago",
        rf"\b{_APPROX}(?:(?P<hours>a\s+few|several|some|\d+|an?|one|two|three|four|five|six)\s+)?"
        r"(?:hours?|minutes?|moments)\s+ago\b",
        _hours_ago,
    ),
    _entry("week", r"\b(?:earlier\s+)?this\s+week\b", _days_before(0, 2)),
    _entry("week", r"\b(?:last|the\s+past|the\s+previous)\s+week\b", _days_before(7, 2)),
    _entry("week", r"\blast\s+weekend\b", _last_weekend),
    _entry(
        "digit",
        r"\bon\s+the\s+(?P<dom>[12]?\d|3[01])(?:st|nd|rd|th)\b"
        rf"(?!\s+(?:of\b|{_MONTH}|{_NOT_A_DAY_OF_MONTH}))",
        _day_of_month,
    ),
    _entry(
        "week",
        r"\b(?:(?:over|at|during)\s+the|this\s+past|the\s+past)\s+weekend\b",
        _the_weekend,
    ),
    _entry("month", r"\b(?:earlier\s+|so\s+far\s+)?this\s+month\b", _this_month),
    _entry("month", r"\bearlier\s+in\s+the\s+month\b", _this_month),
    _entry("week", r"\bearlier\s+in\s+the\s+week\b", _days_before(0, 2)),
    _entry(
        "month",
        rf"(?=[emltbsf])\b(?:{_PART}[\s-]+)?(?:last|the\s+previous)\s+month\b",
        _last_month,
    ),
    _entry(
        "year",
        rf"(?=[emltbspf])\b(?:{_PART}[\s-]+|earlier\s+|so\s+far\s+)?(?P<which>this|last|previous)"
        r"\s+year\b",
        _this_or_last_year,
    ),
    _entry("year", r"\bthis\s+time\s+last\s+year\b", _this_time_last_year),
    _entry(
        "ago",
        rf"\b{_APPROX}(?:(?:just|only)\s+)?(?:{_AMOUNT}\s+)?(?P<unit>days?|weeks?|months?|years?)"
        r"(?P<half>\s+and\s+a\s+half)?\s+(?P<ago>ago)\b",
        _ago,
    ),
    _entry(
        "last|past",
        rf"\b(?:the\s+)?(?:last|past)\s+{_AMOUNT}\s+(?P<unit>days|weeks|months)\b(?P<half>)(?P<ago>)",
        _ago,
    ),
    _entry(
        "next|later|coming|tomorrow",
        r"\b(?:later\s+this|next|coming|the\s+coming|the\s+next)\s+"
        r"(?:week|month|year|days|weeks|months|years)\b|\btomorrow\b",
        _future,
    ),
    _entry(
        "year4 non_ascii",
        r"(?<![\d.,])(?P<day>[0-3]?\d)\s+(?P<word>[^\W\d_]{3,12})\.?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)",
        _foreign_day_month_year,
    ),
]

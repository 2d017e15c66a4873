"""Find the dates a news sentence talks about and resolve them to calendar days.

News prose dates events loosely: "on Saturday", "last December", "in late March",
"just days ago". ACLED codes an event by the *first day* of the period the text
allows plus a `time_precision` saying how wide that period is:

    1  an exact day                 "June 10, 2014", "yesterday", "on Saturday"
    2  within a week / a stated range or part of a month
                                    "last week", "in late March", "June 10-12"
    3  a month only                 "in June 2014", "last May", "a year ago"
    4  a year only                  "in 2014", "since 2015", "late 2016"

Anything without a year of its own ("March 26th", "last May", "on Saturday") is
resolved against the article's publication date; without one it resolves to
nothing. A resolved date is never after publication: a partial date that would
fall after it is moved back a year, and an explicit one is dropped.

Choices for ambiguous cases (documented here because the lead's code and the
scorer depend on them):

* "last May" means the previous occurrence strictly before the current month
  (written in May 2016: May 2015); "in May" is the most recent May not after
  publication (written in May 2016: May 2016). "next May" / "later this month"
  are future and resolve to nothing.
* A weekday ("on Saturday") is the most recent such day on or before
  publication, so a Saturday report about "Saturday" means that same day;
  "last Saturday" is strictly before publication.
* Parts of a month start on the 1st (early, beginning, start), the 11th (mid,
  middle) or the 21st (late, end), precision 2. Parts of a year ("late 2016")
  keep precision 4 but start at the first day of their third of the year:
  Jan 1 (early), May 1 (mid), Sep 1 (late / end), Jul 1 (second half).
* Seasons start in March (spring), June (summer), September (autumn / fall)
  and, for "the winter of 2015", January of that year; precision 3.
* Precision 3 dates are the first of their month and precision 4 dates the
  first of their year (or of their part of the year, above).
* Counting back from publication: "N days ago" is exact (precision 1), a
  vague "days ago" / "a few days ago" is three days back (precision 2); weeks
  ago and "over the last two weeks" are precision 2 (a vague "weeks ago": the
  month three weeks back, precision 3); months and years ago give the month
  (precision 3). "this week" is the publication day and "last week" seven days
  before it, both precision 2. Vague "months ago" / "years ago" give nothing.
* All-numeric dates need a four-digit year; "01/04/2016" is read day-first
  (the outlets covering Syria and Iraq mostly write it so) unless only the
  month-first reading is possible, matches a stated weekday, or is the only
  one not after publication.
* A bare four-digit year is taken when a preposition introduces it ("in 2014")
  or when it is not followed by a lowercase word, so "the 2014 ISIS blitzkrieg"
  is a year but "2000 troops" is not; after "the" or a possessive a number
  that is not round stays a year ("the 2003 invasion", "Iraq's 2005 vote").
* Anaphoric offsets ("a day earlier", "two days later", "the previous day", "a
  week before") count from another date of the story, not from publication:
  `find_date_offsets` finds them and `resolve_offset` applies them to the anchor
  the caller chooses (a date earlier in the sentence, else the previous
  sentence's). Day offsets keep the anchor's precision; week offsets are at best
  precision 2. A result after publication is dropped.
* Day-month-year forms in other languages ("7 апреля 2016") go to `dateparser`,
  only when the month word has non-ASCII letters, so the fast path stays regex.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

__all__ = [
    "DateMention",
    "DateOffset",
    "find_date_mentions",
    "find_date_offsets",
    "resolve_offset",
    "resolve_relative",
]


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence, resolved to the first day it allows."""

    start: int
    end: int
    text: str
    date: dt.date
    precision: int


# --------------------------------------------------------------------------- #
# Vocabulary
# --------------------------------------------------------------------------- #


def _word_list(words: str) -> list[str]:
    """Split a space-separated word list (keeps long vocabularies compact)."""
    return words.split()


# Month names, full and abbreviated: the one list the date resolver and the
# publication-date finder (transforms/metadata.py) share.
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

# --------------------------------------------------------------------------- #
# Regex building blocks (compiled case-insensitive, except month names)
# --------------------------------------------------------------------------- #

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

# A handler's answer: (date, precision); `_DROPPED` for a date that may not be
# returned (future, or after publication) but whose span still hides the
# shorter matches inside it; None when the match is not a date at all.
Resolved = tuple[dt.date | None, int] | None
Handler = Callable[[re.Match[str], str, dt.date | None], Resolved]
_DROPPED: Resolved = (None, 0)


# --------------------------------------------------------------------------- #
# Calendar arithmetic
# --------------------------------------------------------------------------- #


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


# --------------------------------------------------------------------------- #
# Reading matched pieces
# --------------------------------------------------------------------------- #


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


# --------------------------------------------------------------------------- #
# Handlers: one per kind of expression, each (match, sentence, published) -> Resolved.
# --------------------------------------------------------------------------- #


def _day_of_month(match: re.Match[str], published: dt.date | None, month: int) -> Resolved:
    """A day of `month`, with the year stated or taken from publication."""
    day = int(match.group("day"))
    precision = 2 if match.group("day2") else 1
    if match.group("year"):
        return _given_year(_safe_date(int(match.group("year")), month, day), precision, published)
    if published is None or _safe_date(2000, month, day) is None:
        return None
    found = _most_recent(month, day, published)
    return (found, precision) if found else None


def _month_day_year(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "June 10, 2014", "March 26th", "Saturday, June 4", "June 10-12"."""
    month = _month_number(match)
    if month is None or (not match.group("year") and _is_count_not_day(match)):
        return None
    return _day_of_month(match, published, month)


def _day_month_year(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "10 June 2014", "26th of March", "10-12 June 2014"."""
    month = _month_number(match)
    return None if month is None else _day_of_month(match, published, month)


def _iso_date(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "2016-04-01"."""
    year, month, day = (int(match.group(name)) for name in ("year", "m", "d"))
    return _given_year(_safe_date(year, month, day), 1, published)


def _numeric_date(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "01/04/2016", "4/30/2017": day-first unless only month-first fits (see module doc)."""
    first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
    readings = [d for d in (_safe_date(year, second, first), _safe_date(year, first, second)) if d]
    if not readings:
        return None
    if published is not None:
        readings = [d for d in readings if d <= published]
    if match.group("wd"):
        weekday = _WEEKDAYS[match.group("wd").lower()]
        readings = [d for d in readings if d.weekday() == weekday] or readings
    return (readings[0], 1) if readings else _DROPPED


def _part_of_month(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "late March", "mid-April 2016", "early last February", "the end of March"."""
    month = _month_number(match)
    day = _PART_OF_MONTH_DAY.get(_part_key(match))
    if month is None or day is None:
        return None
    if match.group("year"):
        return _given_year(dt.date(int(match.group("year")), month, day), 2, published)
    if published is None:
        return None
    relative = (match.group("rel") or "").lower()
    first = _month_occurrence(month, published, strictly_before=relative == "last")
    return _inferred_year(first.replace(day=day), 2, published)


def _month_year(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "June 2014", "Sept. 2015", "June of 2014"."""
    month = _month_number(match)
    if month is None:
        return None
    return _given_year(dt.date(int(match.group("year")), month, 1), 3, published)


def _bare_month(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "in October", "last December", "since August": a month with no year."""
    month = _month_number(match)
    if month is None or published is None:
        return None
    relative = (match.group("rel") or "").lower()
    if relative == "next":
        return _DROPPED
    first = _month_occurrence(month, published, strictly_before=relative == "last")
    if relative == "this" and first.year != published.year:
        return _DROPPED  # "this December" written in May is still to come
    return first, 3


def _season_shift(match: re.Match[str]) -> int:
    """Months from a season's start to the part named: "late summer" is August."""
    return _SEASON_PART_SHIFT[match.group("spart").lower()] if match.group("spart") else 0


def _season(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "the summer of 2015", "summer 2015", "late summer 2015"."""
    month = _SEASON_MONTH[match.group("season").lower()] + _season_shift(match)
    return _given_year(dt.date(int(match.group("year")), month, 1), 3, published)


def _relative_season(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "last summer", "this spring", "the late summer": the season's most recent
    start (as for "last May"); a bare "summer" says too little and is skipped."""
    relative = (match.group("rel") or "").lower()
    if published is None or not (relative or match.group("spart")):
        return None
    if relative == "next":
        return _DROPPED
    first_month = _SEASON_MONTH[match.group("season").lower()]
    first_month = 12 if first_month == 1 else first_month  # a winter starts in December
    start = _month_occurrence(first_month, published, strictly_before=False)
    in_progress = published < _months_back(start, -3)
    if relative in ("last", "past") and in_progress:
        start = start.replace(year=start.year - 1)
    if relative == "this" and published >= _months_back(start, -6):
        return _DROPPED  # "this summer" written in February is still to come
    return _inferred_year(_months_back(start, -_season_shift(match)), 3, published)


def _anaphoric_year(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "January of that year": the year is another sentence's, so the month is
    dropped rather than resolved against publication."""
    return _DROPPED if _month_number(match) else None


def _part_of_year(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "late 2016", "early 2015", "mid-2015", "the end of 2016": precision 4."""
    month = _PART_OF_YEAR_MONTH.get(_part_key(match))
    if month is None:
        return None
    return _given_year(dt.date(int(match.group("year")), month, 1), 4, published)


def _year_range(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "2006-07", "2014-2015" (a range: its first year) or "2014-06" (ISO month)."""
    year, tail = int(match.group("year")), match.group("y2")
    later = int(tail) > (year if len(tail) == 4 else year % 100)
    if later:
        return _given_year(dt.date(year, 1, 1), 4, published)
    if len(tail) == 2 and match.group("sep") == "-" and 1 <= int(tail) <= 12:
        return _given_year(dt.date(year, int(tail), 1), 3, published)
    return None


def _bare_year(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "in 2014", "since 2015", "the 2014 ISIS blitzkrieg"; not "2000 troops"."""
    if match.group("trig") is None and _year_reads_as_quantity(match):
        return None
    return _given_year(dt.date(int(match.group("year")), 1, 1), 4, published)


def _weekday(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "on Saturday", "last Friday", "late Monday"."""
    if published is None:
        return None
    relative = (match.group("rel") or "").lower()
    if relative == "next":
        return _DROPPED
    weekday = _WEEKDAYS[match.group("wd").lower()]
    return _weekday_before(weekday, published, strictly_before=relative == "last"), 1


def _days_before(days: int, precision: int) -> Handler:
    """Handler for fixed phrases such as "yesterday": `days` before publication."""

    def handler(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
        return (published - dt.timedelta(days=days), precision) if published else None

    handler.__doc__ = f"{days} day(s) before publication, precision {precision}."
    return handler


def _hours_ago(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "a few hours ago", "11 hours ago": publication day; "36 hours ago" the day before."""
    if published is None:
        return None
    hours = match.group("hours") or ""
    return published - dt.timedelta(days=int(hours) // 24 if hours.isdigit() else 0), 1


def _this_month(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "this month", "earlier this month": the first of the publication month."""
    return (published.replace(day=1), 3) if published else None


def _last_month(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "last month"; "late last month" gives the part's first day, precision 2."""
    if published is None:
        return None
    first = _months_back(published, 1)
    if match.group("part"):
        day = _PART_OF_MONTH_DAY.get(_part_key(match))
        return (first.replace(day=day), 2) if day else None
    return first, 3


def _this_or_last_year(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "this year", "last year", "late last year" (parts as for "late 2016")."""
    if published is None:
        return None
    year = published.year - (match.group("which").lower() in ("last", "previous"))
    month = _PART_OF_YEAR_MONTH.get(_part_key(match)) if match.group("part") else 1
    return _given_year(dt.date(year, month, 1), 4, published) if month else None


def _this_time_last_year(
    match: re.Match[str], sentence: str, published: dt.date | None
) -> Resolved:
    """ "this time last year": the same month a year before, precision 3."""
    return (_months_back(published, 12), 3) if published else None


def _last_weekend(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "last weekend": the Saturday of the weekend before publication, precision 2."""
    if published is None:
        return None
    saturday = _weekday_before(5, published, strictly_before=False)
    if (published - saturday).days < 2:  # written on that weekend: the one before
        saturday -= dt.timedelta(days=7)
    return saturday, 2


def _ago(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "two days ago", "2 1/2 years ago", "over the last two weeks", "days ago".

    Days give precision 1 (2 when vague: three days back), weeks precision 2
    (a vague "weeks ago": the month three weeks back, precision 3), months and a
    year precision 3, two years or more only the year (precision 4); vague months
    or years resolve to nothing.
    """
    if published is None:
        return None
    unit = match.group("unit").lower().rstrip("s")
    amount = _amount_value(match.group("amount") or "")
    if amount is not None and match.group("half"):
        amount += 0.5
    if unit == "day":
        if amount is None:
            return published - dt.timedelta(days=3), 2
        exact = bool(match.group("ago")) and amount == int(amount)
        return published - dt.timedelta(days=int(amount)), 1 if exact else 2
    if unit == "week":
        if amount is None:
            return _months_back(published - dt.timedelta(days=21), 0), 3
        return published - dt.timedelta(days=round(7 * amount)), 2
    if amount is None:
        return _DROPPED
    back = _months_back(published, round(amount * (12 if unit == "year" else 1)))
    if unit == "year" and amount >= 2:
        return dt.date(back.year, 1, 1), 4  # "2 1/2 years ago": the year is all one can trust
    return back, 3


def _future(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "next week", "later this month": still to come, so dropped (which also
    keeps "this month" inside it from being read)."""
    return _DROPPED


def _foreign_day_month_year(
    match: re.Match[str], sentence: str, published: dt.date | None
) -> Resolved:
    """ "7 апреля 2016": other languages' month names, read by dateparser."""
    if match.group("word").isascii():
        return None
    parsed = _dateparser_day(match.group(0))
    if parsed is None or (parsed.day, parsed.year) != (int(match["day"]), int(match["year"])):
        return None
    return _given_year(parsed, 1, published)


@functools.lru_cache(maxsize=4096)
def _dateparser_day(text: str) -> dt.date | None:
    """Parse an explicit day-month-year in the region's and Europe's languages."""
    import dateparser  # imported lazily: slow to load, and rarely needed

    parsed = dateparser.parse(
        text,
        languages=["ar", "ru", "uk", "tr", "fr", "de", "es", "it", "pt", "nl", "fa"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True},
    )
    return parsed.date() if parsed else None


# --------------------------------------------------------------------------- #
# The pattern table. Where matches overlap the longest wins, so specific forms
# ("June 10, 2014") beat their pieces ("June", "2014").
#
# Each pattern carries the cues it cannot match without; a sentence is first
# checked for cues with plain substring tests, and only patterns whose cues are
# all present run. Most sentences carry no date, so most patterns never run.
# --------------------------------------------------------------------------- #

# Substrings whose absence rules patterns out ("day" covers weekdays, "today",
# "yesterday"); checked with `in` on the lowercased sentence, which is fast.
_STEMS = frozenset(
    _word_list(
        "day night this week month year ago last past next later coming tomorrow"
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
    # "January's attack": a possessive month is the most recent such month
    _entry("month_name", rf"\b(?P<rel>){_MONTH}(?=['’]s\b)", _bare_month),
    _entry(
        "month_name year",
        rf"\b{_MONTH}\s+(?:of\s+)?(?:that|the\s+same|the\s+following|the\s+next"
        r"|the\s+previous|the\s+preceding)\s+year\b",
        _anaphoric_year,
    ),
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
        rf"(?=[ltnoemwfs])(?:\b(?P<rel>last|this|next|on|late|early)\s+)?\b(?P<wd>{_WEEKDAY_NAMES})\b"
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


# --------------------------------------------------------------------------- #
# Public API
# --------------------------------------------------------------------------- #

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


# --------------------------------------------------------------------------- #
# Anaphoric offsets: "a day earlier", "the following day"
# --------------------------------------------------------------------------- #


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

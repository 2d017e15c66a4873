"""Handlers for expressions that state their place in the calendar, the year perhaps left
to publication: "June 10, 2014", "10 June", "01/04/2016", "late March", "summer 2015", "in 2014".
Each is (match, sentence, published) -> Resolved.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from transforms.dates.calendar_math import (
    _given_year,
    _inferred_year,
    _is_count_not_day,
    _month_number,
    _month_occurrence,
    _most_recent,
    _part_key,
    _safe_date,
    _year_reads_as_quantity,
)
from transforms.dates.vocabulary import (
    _DROPPED,
    _FIXED_HOLIDAYS,
    _PART_OF_MONTH_DAY,
    _PART_OF_YEAR_MONTH,
    _SEASON_MONTH,
    _SEASON_PART_SHIFT,
    _WEEKDAYS,
    Resolved,
)


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


def _holiday(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "on Christmas Day", "New Year's Eve 2015": holidays with a fixed day."""
    key = " ".join(match.group("holiday").lower().replace("’", "'").split())
    month, day = _FIXED_HOLIDAYS[key]
    if match.group("year"):
        return _given_year(dt.date(int(match.group("year")), month, day), 1, published)
    if published is None:
        return None
    found = _most_recent(month, day, published)
    return (found, 1) if found else None


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
    """ "01/04/2016", "4/30/2017": day-first unless only month-first fits (see the package doc)."""
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


def _digest_day(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "08/06 - DUJAIL: ...": an incident digest's item opens with its day and month (day
    first), the year the digest's."""
    if published is None:
        return None
    day, month = int(match.group("a")), int(match.group("b"))
    if _safe_date(2000, month, day) is None:
        return None
    found = _most_recent(month, day, published)
    return (found, 1) if found else None


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


def _anaphoric_year(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "January of that year": the year is another sentence's, so the month is
    dropped rather than resolved against publication."""
    return _DROPPED if _month_number(match) else None


def _month_of_this_or_last_year(
    match: re.Match[str], sentence: str, published: dt.date | None
) -> Resolved:
    """ "March of last year", "in August this year": that month of the year publication
    points to, precision 3 (not the bare year "last year" alone would give)."""
    month = _month_number(match)
    if published is None or not month:
        return None
    year = published.year - (match.group("which").lower() != "this")
    return _given_year(dt.date(year, month, 1), 3, published)


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

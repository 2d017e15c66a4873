"""Handlers for expressions counted from the publication date: "on Saturday", "yesterday",
"last month", "this time last year", "two days ago", "last summer". Each is
(match, sentence, published) -> Resolved.
"""

from __future__ import annotations

import datetime as dt
import re

from transforms.dates.calendar_math import (
    _amount_value,
    _given_year,
    _inferred_year,
    _month_occurrence,
    _months_back,
    _part_key,
    _safe_date,
    _weekday_before,
)
from transforms.dates.explicit import _season_shift
from transforms.dates.vocabulary import (
    _DROPPED,
    _PART_OF_MONTH_DAY,
    _PART_OF_YEAR_MONTH,
    _SEASON_MONTH,
    _WEEKDAYS,
    Handler,
    Resolved,
)


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


def _weekday(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "on Saturday", "last Friday", "late Monday" (not "the same Thursday")."""
    if published is None:
        return None
    relative = " ".join((match.group("rel") or "").lower().split())
    if relative in ("next", "the same", "that"):
        # "the same Thursday", "that Sunday": the day the story has just told, which the
        # narrative carries; counted back from publication it would be another week's
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
    found = _the_weekend(match, sentence, published)
    if found is None:
        return None
    saturday = found[0]
    if (published - saturday).days < 2:  # written on that weekend: the one before
        saturday -= dt.timedelta(days=7)
    return saturday, 2


def _the_weekend(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "over the weekend", "at the weekend", "this past weekend": in a report, the weekend
    just gone, or the one under way when the report is dated on it; precision 2."""
    if published is None:
        return None
    return _weekday_before(5, published, strictly_before=False), 2


def _day_of_month(match: re.Match[str], sentence: str, published: dt.date | None) -> Resolved:
    """ "on the 18th": that day of the report's month, or of the month before when the
    report's month has not reached it yet; precision 1."""
    if published is None:
        return None
    day = int(match.group("dom"))
    month = _months_back(published, 1 if day > published.day else 0)
    found = _safe_date(month.year, month.month, day)  # 'the 31st' of a 30-day month: none
    return (found, 1) if found else None


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

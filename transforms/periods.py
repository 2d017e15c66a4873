"""The one date-window rule: which days an event's date and time precision stand for.

An event's date is the first day it may have happened on, and its time precision (ACLED's
1 day, 2 week, 3 month, 4 year or vaguer) says how far the period runs: a day is that day,
a week the seven days from it, a month the rest of that month, a year the rest of that
year ('late 2016' is stored as 2016-09-01 and runs to 31 December). Merge, clustering and
evaluation each compare such periods, with their own slack added at the call.
"""

from __future__ import annotations

import calendar
import datetime as dt

DAY = dt.timedelta(days=1)
MONTH_PRECISION = 3  # ACLED's time precision of a date known to its month


def period(date: dt.date, precision: int | None) -> tuple[dt.date, dt.date]:
    """(first day, last day), both included; an unknown precision counts as a year."""
    if precision == 1:
        return date, date
    if precision == 2:
        return date, date + 6 * DAY
    if precision == MONTH_PRECISION:
        return date, date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date, date.replace(month=12, day=31)


def widened(days: tuple[dt.date, dt.date], before: int = 0, after: int = 0) -> tuple:
    """A period with slack days added before and after it."""
    return days[0] - before * DAY, days[1] + after * DAY


def overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    """Whether two periods (both ends included) share a day."""
    return a[0] <= b[1] and b[0] <= a[1]

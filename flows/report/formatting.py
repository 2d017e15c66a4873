"""How the report writes numbers, dates and names: as an analyst would quote them."""

from __future__ import annotations

import datetime as dt
from typing import Any


def fmt_int(value: int | float | None) -> str:
    return "—" if value is None else f"{int(value):,}"


def fmt_value(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.3g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def fmt_date(value: dt.date | None, precision: int | None) -> str:
    """A date written as precisely as it is known: '26 Mar 2016', 'Mar 2016', '2016'."""
    if value is None:
        return "undated"
    if precision == 4:
        return f"{value.year}"
    if precision == 3:
        return value.strftime("%b %Y")
    day = f"{value.day} {value.strftime('%b %Y')}"
    return f"c. {day}" if precision == 2 else day


def date_range(
    first: dt.date | None, last: dt.date | None, first_precision: int = 1, last_precision: int = 1
) -> str:
    if first is None or last is None:
        return "—"
    if first == last:
        return fmt_date(first, min(first_precision, last_precision))
    return f"{fmt_date(first, first_precision)} – {fmt_date(last, last_precision)}"


def event_period(row: dict[str, Any]) -> str:
    """A row's first to last event date, each end written as precisely as it is known."""
    return date_range(
        row["first_event_date"],
        row["last_event_date"],
        row["first_date_precision"] or 1,
        row["last_date_precision"] or 1,
    )


def join_present(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def humanise(key: str) -> str:
    """A summary's key as a heading: 'failing_expectations' -> 'Failing expectations'."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]

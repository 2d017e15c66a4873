"""Reading one written date: ISO, numeric (day/month order settled by the weekday, a number
above 12 or the page's habit), month names in English or (via dateparser) other languages,
and the /YYYY/MM/DD/ of a URL.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from transforms.dates import MONTH_ABBREVIATIONS, MONTHS
from transforms.periods import MONTH_PRECISION, period

MIN_YEAR = 1900
MAX_YEAR = 2100

MONTH_NUMBERS = {**MONTHS, **MONTH_ABBREVIATIONS}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = re.compile(
    r"\b(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE
)
_ISO_RE = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
_YMD_RE = re.compile(r"(?<!\d)(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})(?!\d)")
_NUMERIC_RE = re.compile(
    r"(?<![\d/.\-])(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d/])"
)
_DAY_MONTH_YEAR_RE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+"
    + _MONTH
    + r",?[\s\-]+(?P<year>\d{4})(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR_RE = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)",
    re.IGNORECASE,
)
# "July 2020" alone: a report dated by its month ("Published July 2020").
_MONTH_YEAR_ONLY_RE = re.compile(
    r"^(?:in\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\.?$", re.IGNORECASE
)


def last_day_of_month_named(value: str) -> dt.date | None:
    """'July 2020' -> 31 July 2020: the latest day a page dated only by its month can have
    been published, so that 'in June' is read as June of that year and 'in August' as the
    year before."""
    match = _MONTH_YEAR_ONLY_RE.match(value.strip())
    if not match:
        return None
    first = dt.date(int(match["year"]), MONTH_NUMBERS[match["month"].lower()], 1)
    return period(first, MONTH_PRECISION)[1]


# "January 16" with no year: the dates a new-year story reports (see `infer_publication_date`).
_EARLY_MONTH_DAY_RE = re.compile(
    r"\b(?P<month>January|February|Jan|Feb)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+\d{4})"
)
# Dates written with another language's month names ("7 апреля 2016", "15 مايو 2016",
# "18 de octubre de 2019", "6 de Dezembro de 2026").
_FOREIGN_DMY_RE = re.compile(
    r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]{3,}\.?)\s+(?:de\s+|del\s+)?(\d{4})(?!\d)"
)
_FOREIGN_MDY_RE = re.compile(r"\b([^\W\d_]{3,}\.?)\s+(\d{1,2}),?\s+(\d{4})(?!\d)")

_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_URL_DATE_RE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/\-_](?P<month>\d{1,2})[/\-_](?P<day>\d{1,2})(?:/|[\-_]|$)"
)
_TIME_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|AST|[A-Z]{3,4}T|[+\-]\d{2}:?\d{2}))?",
    re.IGNORECASE,
)

# Non-digit figures some pages use (Arabic-Indic, Persian) become ASCII digits for parsing.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_publication_date(value: str, text_hint: str | None = None) -> dt.date | None:
    """Read the first date written in `value`; None when there is none.

    `text_hint` is other text of the same page (its header, say): its
    unambiguous numeric dates show whether the page writes day or month first.
    Years outside 1900-2100 are never returned: they are misreadings.
    """
    if not value or not value.strip():
        return None
    text = _prepare(value)
    candidates = [c for c in _date_candidates(text, text_hint) if c is not None]
    if not candidates:
        candidates = [c for c in _foreign_dates(text) if c is not None]
    if not candidates:
        return None
    return min(candidates, key=lambda found: found[0])[1]


def _prepare(value: str) -> str:
    """Fold the value to NFC with ASCII digits and a bounded length (dates are short)."""
    text = unicodedata.normalize("NFC", value[:2000]).translate(_DIGITS)
    return text.replace("\u00a0", " ")


def _date_candidates(text: str, text_hint: str | None) -> Iterable[tuple[int, dt.date] | None]:
    """Every date found in `text`, with its position, by every written form we read."""
    for match in _ISO_RE.finditer(text):
        yield _positioned(match, _make_date(match["year"], match["month"], match["day"]))
    for match in _YMD_RE.finditer(text):
        yield _positioned(match, _make_date(match["year"], match["month"], match["day"]))
    for pattern in (_DAY_MONTH_YEAR_RE, _MONTH_DAY_YEAR_RE):
        for match in pattern.finditer(text):
            month = MONTH_NUMBERS[match["month"].lower()]
            yield _positioned(match, _make_date(match["year"], month, match["day"]))
    for match in _NUMERIC_RE.finditer(text):
        yield _positioned(match, _numeric_date(match, text, text_hint))


def _positioned(match: re.Match[str], date: dt.date | None) -> tuple[int, dt.date] | None:
    return None if date is None else (match.start(), date)


def _make_date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    """A date when the parts form a real day between 1900 and 2100, else None."""
    try:
        y, m, d = int(year), int(month), int(day)
    except (TypeError, ValueError):
        return None
    if y < 100:
        y += 2000 if y < 70 else 1900
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _numeric_date(match: re.Match[str], text: str, text_hint: str | None) -> dt.date | None:
    """Settle an all-numbers date: weekday beside it, then a number > 12, then page habit, then day-first."""
    a, b, year = int(match["a"]), int(match["b"]), match["year"]
    day_first = _make_date(year, b, a)
    month_first = _make_date(year, a, b)
    if day_first is None or month_first is None or day_first == month_first:
        return day_first or month_first
    weekday = _weekday_near(text, match.start(), match.end())
    if weekday is not None:
        fitting = [d for d in (day_first, month_first) if d.weekday() == weekday]
        if len(fitting) == 1:
            return fitting[0]
    if _page_writes_month_first(text_hint):
        return month_first
    return day_first


def _weekday_near(text: str, start: int, end: int) -> int | None:
    """The weekday named within a few characters of a date ("Friday 01/04/2016", "01/04/2016 (Fri)")."""
    window = text[max(0, start - 14) : end + 8]
    found = _WEEKDAY_RE.search(window)
    return WEEKDAYS[found.group(1).lower()] if found else None


def _page_writes_month_first(text_hint: str | None) -> bool:
    """True when the hint's unambiguous numeric dates are mostly month-first (4/30/2017)."""
    if not text_hint:
        return False
    month_first = day_first = 0
    for match in _NUMERIC_RE.finditer(text_hint[:20000]):
        a, b = int(match["a"]), int(match["b"])
        if a > 12 >= b:
            day_first += 1
        elif b > 12 >= a:
            month_first += 1
    return month_first > day_first


_SCRIPT_LANGUAGES = {
    "CYRILLIC": ["ru", "uk", "bg", "sr", "be", "mk"],
    "ARABIC": ["ar", "fa", "ur"],
    "HEBREW": ["he"],
    "GREEK": ["el"],
    "LATIN": ["fr", "de", "es", "it", "pt", "nl", "tr", "id", "sv", "da", "pl", "ro", "cs", "hr"],
}


def _foreign_dates(text: str) -> Iterable[tuple[int, dt.date] | None]:
    """Dates whose month is a word of another language, read by dateparser (slow, so only these)."""
    for pattern, order in ((_FOREIGN_DMY_RE, "DMY"), (_FOREIGN_MDY_RE, "MDY")):
        for match in pattern.finditer(text):
            word = match.group(2) if order == "DMY" else match.group(1)
            if word.rstrip(".").lower() in MONTH_NUMBERS:
                continue
            yield _positioned(match, _dateparser_date(match.group(0), _script_of(word)))


def _script_of(word: str) -> str:
    """The Unicode script of a word's first letter, as the first word of its character name."""
    try:
        return unicodedata.name(word[0]).split()[0]
    except (ValueError, IndexError):
        return "LATIN"


@functools.lru_cache(maxsize=4096)
def _dateparser_date(candidate: str, script: str) -> dt.date | None:
    """Ask dateparser about one short candidate, restricted to the languages of its script."""
    languages = _SCRIPT_LANGUAGES.get(script)
    if languages is None:
        return None
    try:
        import dateparser

        parsed = dateparser.parse(
            candidate,
            languages=languages,
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": ["day", "month", "year"],
                "RELATIVE_BASE": dt.datetime(2000, 1, 1),
                "STRICT_PARSING": True,
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input; a date is optional
        return None
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed.date()


def date_from_url(url: str | None) -> dt.date | None:
    """The /YYYY/MM/DD/ date many outlets put in article URLs."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    found = _URL_DATE_RE.search(path)
    return _make_date(found["year"], found["month"], found["day"]) if found else None

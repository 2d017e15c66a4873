"""Finding an article's title, outlet, author and publication date.

Everything here is a pure function of the page's lines and the scraper's
metadata. The rules are general page-reading rules (a headline is a short line
that is not a sentence and sits above the body; a dateline is a short line that
is mostly a date), not rules that match particular files.

Day/month order of numeric dates ("01/04/2016"): a weekday written beside the
date settles it ("Friday 01/04/2016" is 1 April 2016, a Friday, not 4 January,
a Monday); otherwise a number above 12 does; otherwise the page's own
unambiguous numeric dates (passed as `text_hint`) show its convention; and
otherwise the date is read day-first, because the outlets this project reads
(Middle Eastern, European and Kurdish ones) write dates day-first.

Publication dates are only read where an editor puts them: metadata, the
header above the body (dateline, byline, a date standing alone on its line), a
leading wire-style dateline in the first paragraph, or a "Published on ..." line. A comment's date, a related-story
list's date and dates inside the story are never the publication date. When
nothing says it, the date stays None; `infer_publication_date` may give an
'inferred' date from evidence that bounds it (embedded tweets' dates, "As we
enter 2017" together with the January dates the story reports).

The outlet is the best-supported site name: banners, mastheads (a site word,
"The Jakarta Post", or a short name in capitals alone above the headline,
"MIDDLE EAST EYE"), copyright lines and calls to action; more weakly the
first link of a menu bar ("Rudaw | Kurdistan | Iraq") or the "Site" of a
"Site | Section" banner; then the URL's domain; and last the wire service of
a dateline ("ADEN (Reuters) -" gives Reuters, "(AP) —" the Associated Press).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from transforms.dates import MONTH_ABBREVIATIONS, MONTHS

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
# "January 16" with no year: the dates a new-year story reports (see `infer_publication_date`).
_EARLY_MONTH_DAY_RE = re.compile(
    r"\b(?P<month>January|February|Jan|Feb)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+\d{4})"
)
# Dates written with another language's month names ("7 апреля 2016", "15 مايو 2016").
_FOREIGN_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]{3,}\.?)\s+(\d{4})(?!\d)")
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


# ---------------------------------------------------------------------------
# Parsing one date string
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Reading a page's header
# ---------------------------------------------------------------------------

# An embedded tweet's trailer: "— Stork (@NorthernStork) 7 апреля 2016 г."
TWEET_TRAILER_RE = re.compile(r"^[\u2014\u2013\-]{1,2}\s*[^()]{0,80}\(@\w{1,30}\)\s*(?P<date>.*)$")
_BYLINE_RE = re.compile(
    r"^(?:(?i:written|posted|reported|story|text|words)\s+)?(?:[Bb][Yy]|(?i:author):?)\s+"
    r"(?P<name>[A-Z][\w'.\-]*(?:\s+(?:[A-Z][\w'.\-]*|al-\w+|bin|ibn|de|van|von|and|&))*?"
    r"(?:\s+(?i:(?:staff |special |foreign )?(?:correspondents?|reporters?|writers?)|staff|desk|team|bureau))?)"
    r"(?=\s*(?:$|[,|/\u2013\u2014\-]|\s\d|\s(?i:published|posted|updated|on|in)\b|\s(?i:"
    + "|".join(WEEKDAYS)
    + r")\b))"
)
_LABEL_RE = re.compile(
    r"\b(?:first\s+)?(?:published|posted|updated|last\s+updated|last\s+modified|modified|date|on|at|am|pm|gmt|utc|local\s+time|time)\b:?",
    re.IGNORECASE,
)
_CONTACT_RE = re.compile(r"\S+@\S+|@\w+")  # e-mail addresses and handles beside a byline
_UPDATED_RE = re.compile(r"\b(?:updated|modified)\b", re.IGNORECASE)
_PUBLISHED_LINE_RE = re.compile(
    r"^(?:first\s+)?(?:published|posted|publication\s+date|date\s+published)\b", re.IGNORECASE
)
# A wire dateline opening the first paragraph: "MOSUL, Iraq, 15 May 2016 (Reuters) - ..."
_WIRE_DATELINE_RE = re.compile(r"^(?P<head>[^.!?]{3,90}?)\s+[\u2013\u2014\-:]+\s")
_SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]*$")
_WORD_RE = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
# Words of site sections and banners: a line made only of these is navigation, not a headline.
_SECTION_WORDS = frozenset(
    """home news latest breaking world middle-east middle east arab arabic english opinion
    politics business economy sport sports culture video videos photos features analysis
    archive region regions international local blog blogs about contact search menu live tv
    radio podcast podcasts more top stories edition iraq syria kurdistan turkey sport weather
    markets tech technology science health lifestyle life entertainment travel multimedia
    cities counties headlines e-paper epaper newsletter newsletters donate events topics experts
    society security exclusive editorial interview explainer commentary comment special report
    reports insight pictures gallery watch update updates uk us africa asia europe americas
    lebanon egypt iran israel yemen libya nigeria kenya india pakistan afghanistan russia
    ukraine indonesia""".split()  # noqa: SIM905
)
_SITE_WORDS_RE = re.compile(
    r"\b(?:news|archive|times|post|press|daily|tribune|herald|agency|network|online|monitor|"
    r"journal|gazette|observer|review|telegraph|guardian|tv|radio|media|\w+\.(?:com|net|org|co\.uk|info))\b",
    re.IGNORECASE,
)
_CAPTION_START_RE = re.compile(
    r"^(?:A |An |The )?(?:screen ?grab|screenshot|file photo|photo|picture|image|video still|still from)\b",
    re.IGNORECASE,
)
_OUTLET_CUES = (
    # (pattern with a `site` group, weight): stronger cues name the site on purpose.
    (re.compile(r"^(?P<site>.{2,60}?)\s+English Archive\b", re.IGNORECASE), 5),
    (
        re.compile(
            r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?\s*)?,?\s*(?P<site>[A-Z][^.|]{1,50}?)"
            r"\s*(?:\.|,|\||All rights reserved|(?:Limited|Ltd|Inc|LLC|Corp|S\.A|GmbH)\b|(?:or|and) its\b|$)",
            re.IGNORECASE,
        ),
        4,
    ),
    (re.compile(r"^Be Part of Your (?P<site>[A-Z][\w&.\- ]{1,40}?)\s*!?$", re.IGNORECASE), 3),
    (re.compile(r"^Elsewhere on (?P<site>[A-Z][\w&.\- ]{1,40}?)\s*$", re.IGNORECASE), 3),
    (re.compile(r"^More from (?P<site>[A-Z][\w&.\- ]{1,40}?)\s*$"), 2),
    (
        re.compile(
            r"^Source:\s*(?P<site>[A-Z][\w&.\-' ]{1,40}?)(?:,? and (?:news )?agencies)?\.?$"
        ),
        2,
    ),
    (
        re.compile(
            r"\bwith (?P<site>[A-Z][\w&.\-]{1,30}(?: [A-Z][\w&.\-]*){0,3}),? and quite possibly the world"
        ),
        2,
    ),
    (
        re.compile(
            r"(?:do not|don't) necessarily (?:reflect|represent) (?:the (?:views|opinions|position) of )?(?P<site>[A-Z][\w/&.\- ]{1,40}?)\.?$",
            re.IGNORECASE,
        ),
        2,
    ),
)


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself, and which of its lines said it.

    `header_lines` are the indices of lines that carried metadata (headline,
    dateline, byline, site banner): they are not article body.
    """

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published_date: dt.date | None = None
    published_date_source: str | None = None
    header_lines: frozenset[int] = field(default_factory=frozenset)


def find_metadata(
    lines: Sequence[str],
    meta: Mapping[str, str],
    *,
    furniture: Collection[int] = (),
) -> PageMetadata:
    """Title, outlet, author and publication date of a page, scraper metadata first.

    `lines` are the page's normalised lines (blank ones included); `furniture`
    holds the indices the cleaner found to be page furniture (menus, forms,
    comments, related lists). Furniture never gives a title, author or date,
    but it is where a page names its own site ("Elsewhere on Rudaw").
    """
    meta = {k: (v.strip() if isinstance(v, str) else "") for k, v in (meta or {}).items()}
    header = _header_indices(lines, furniture)
    banners = [i for i in header if " | " in lines[i]]
    site_names = _banner_site_names([lines[i] for i in banners])

    byline_index, author = _find_byline(lines, _dateline_zone(lines, header, furniture))
    author = meta.get("author") or author
    skip = {byline_index} if byline_index is not None else set()
    # "Site | Section" banners: the site is no headline, unless no other line can be one.
    banner_heads = _banner_site_heads([lines[i] for i in banners])
    title_index, title = _find_title(lines, header, site_names + banner_heads, skip)
    if title is None and banner_heads:
        title_index, title = _find_title(lines, header, site_names, skip)
    title = meta.get("title") or title
    mastheads = _mastheads(lines, header, title_index)

    site_names += [lines[i] for i in mastheads]
    weak_names = [name for name in banner_heads if not _same_text(name, title or "")]
    weak_names += _menu_brands(lines, furniture)
    outlet = (
        meta.get("outlet")
        or _outlet_from_lines(lines, site_names, weak_names)
        or _outlet_from_url(meta.get("url"))
        or wire_agency(lines, furniture, header)
    )

    consumed = set(banners) | set(mastheads)
    for index in (title_index, byline_index):
        if index is not None:
            consumed.add(index)
    if meta.get("title"):
        consumed.update(i for i in header if _same_text(lines[i], meta["title"]))
    consumed.update(i for i in header if is_header_chrome(lines[i]))

    published, source, date_lines = _find_published(lines, header, furniture, meta, title_index)
    consumed.update(date_lines)
    return PageMetadata(
        title=_tidy(title),
        outlet=_tidy(outlet),
        author=_tidy(author),
        url=meta.get("url") or None,
        published_date=published,
        published_date_source=source if published else None,
        header_lines=frozenset(consumed),
    )


_BREADCRUMB_RE = re.compile(r"\s(?:»|›|>|/)\s|^(?:»|›)|(?:»|›)$")


def is_header_chrome(line: str) -> bool:
    """Above the body, a line of three words or fewer, of section names, or a breadcrumb is navigation."""
    words = _WORD_RE.findall(line)
    return len(words) <= 3 or is_section_words(line) or bool(_BREADCRUMB_RE.search(line))


def _tidy(value: str | None) -> str | None:
    value = re.sub(r"\s+", " ", value or "").strip(" |-\u2013\u2014:")
    return value or None


def _same_text(a: str, b: str) -> bool:
    return _WORD_RE.findall(a.casefold()) == _WORD_RE.findall(b.casefold())


@functools.lru_cache(maxsize=16384)
def is_prose(line: str) -> bool:
    """A line of running text: a dozen words or more, ending like a sentence."""
    words = _WORD_RE.findall(line)
    if len(words) >= 12 and _SENTENCE_END_RE.search(line.rstrip()):
        return True
    return len(words) >= 40


def _header_indices(lines: Sequence[str], furniture: Collection[int]) -> list[int]:
    """Non-furniture, non-blank lines above the first line of running text (at most 15)."""
    header: list[int] = []
    for index, line in enumerate(lines):
        if not line.strip() or (index in furniture and not is_bare_date(line)):
            continue
        if is_prose(line) or len(header) >= 15:
            break
        header.append(index)
    return header


def is_bare_date(line: str) -> bool:
    """A line that is a date and nothing else ("16/02/2016", "2016-02-16 10:20").

    The cleaner counts such a line as furniture (it has no letters), yet above
    the body it is the page's dateline.
    """
    stripped = line.strip()
    return (
        0 < len(stripped) <= 40
        and not any(ch.isalpha() for ch in stripped)
        and parse_publication_date(stripped) is not None
    )


def _first_body_index(lines: Sequence[str], furniture: Collection[int]) -> int | None:
    for index, line in enumerate(lines):
        if index not in furniture and line.strip() and is_prose(line):
            return index
    return None


# -- outlet ---------------------------------------------------------------


def _mastheads(lines: Sequence[str], header: Sequence[int], title_index: int | None) -> list[int]:
    """Site-name lines above the headline ("FDD's Long War Journal", "The Kurdistan Tribune")."""
    found = []
    for index in header:
        if title_index is not None and index >= title_index:
            break
        line = lines[index]
        words = _WORD_RE.findall(line)
        if (
            " | " not in line
            and 0 < len(words) <= 6
            and (_SITE_WORDS_RE.search(line) or is_capitals_name(line))
            and not is_section_words(line)
        ):
            found.append(index)
    return found


_CAPITALS_NAME_RE = re.compile(r"[A-Z][A-Z0-9&'.\-]*(?: (?:[A-Z][A-Z0-9&'.\-]*|OF|THE|AND|&))*")


def is_capitals_name(line: str) -> bool:
    """A short name in capitals standing alone on its line: "MIDDLE EAST EYE", "BBC".

    Section names and kickers ("OPINION", "WORLD NEWS", "EXCLUSIVE") are not names.
    """
    stripped = line.strip()
    words = stripped.split()
    return (
        1 <= len(words) <= 4
        and 2 <= len(stripped) <= 40
        and bool(_CAPITALS_NAME_RE.fullmatch(stripped))
        and not any(ch.isdigit() for ch in stripped)
        and not is_section_words(stripped)
    )


def _banner_site_heads(banners: Sequence[str]) -> list[str]:
    """ "Global Policy Forum | Analysis & Opinion": the one segment beside section names.

    Only a short capitalised name counts. It may still be a headline ("Mosul
    Falls | World"): `find_metadata` keeps it as the title when no other line
    can be one, and then not as a site name.
    """
    names = []
    for line in banners:
        segments = [s.strip() for s in line.split(" | ") if s.strip()]
        others = [s for s in segments if not is_section_words(s)]
        if len(segments) >= 2 and len(others) == 1 and _is_name_like(others[0]):
            names.append(others[0])
    return names


_MENU_CHROME_RE = re.compile(r"^(?:sign|log|login|register|subscribe|skip|search|menu)\b", re.I)


def _menu_brands(lines: Sequence[str], furniture: Collection[int]) -> list[str]:
    """The site's name leading a menu bar above the body: "Rudaw | Kurdistan | Iraq | World"."""
    names = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if is_prose(line):
            break
        if index not in furniture or " | " not in line:
            continue
        first, *rest = [s.strip() for s in line.split(" | ") if s.strip()]
        sections = sum(1 for s in rest if is_section_words(s))
        if (
            len(rest) >= 2
            and sections * 2 >= len(rest)
            and _is_name_like(first)
            and not is_section_words(first)
            and not _MENU_CHROME_RE.match(first)
        ):
            names.append(first)
    return names


_NAME_WORD_RE = re.compile(r"[A-Z][\w'&.\-]*|of|the|and|&|al-\w+|el-\w+")


def _is_name_like(text: str) -> bool:
    """One to four capitalised words (particles aside), no digits: how site names are written."""
    words = text.split()
    return 1 <= len(words) <= 4 and all(_NAME_WORD_RE.fullmatch(w) for w in words)


# Wire services named in a dateline: "ADEN (Reuters) -", "BEIRUT, Lebanon (AP) —".
_AGENCIES = {
    "reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
    "aa": "Anadolu Agency",
    "upi": "UPI",
    "bloomberg": "Bloomberg",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "sputnik": "Sputnik",
    "irna": "IRNA",
    "sana": "SANA",
    "pti": "PTI",
    "ani": "ANI",
    "ians": "IANS",
    "bernama": "Bernama",
    "aap": "AAP",
    "cnn": "CNN",
}
_WIRE_AGENCY_RE = re.compile(
    r"^(?:[^()]{0,90}?\s)?\((?P<agency>"
    + "|".join(re.escape(a) for a in sorted(_AGENCIES, key=len, reverse=True))
    + r")\)\s*[\u2013\u2014\-:]",
    re.IGNORECASE,
)


def wire_agency(
    lines: Sequence[str], furniture: Collection[int] = (), skip: Collection[int] = ()
) -> str | None:
    """The wire service named in the dateline opening the body: "HILLA, Iraq (Reuters) - ..."."""
    seen = 0
    for index, line in enumerate(lines):
        if index in furniture or index in skip or not line.strip():
            continue
        found = _WIRE_AGENCY_RE.match(line.strip())
        if found:
            return _AGENCIES[found["agency"].casefold()]
        if is_prose(line):
            seen += 1
            if seen >= 3:
                break
    return None


def _banner_site_names(banners: Sequence[str]) -> list[str]:
    """Site names in "Section | Site" and "Headline | SITE Archive" banners.

    A segment that recurs across banner lines, or that reads like a site name
    ("... News", "... Archive"), is the site; the others are headline or sections.
    """
    segments = [[s.strip() for s in line.split(" | ") if s.strip()] for line in banners]
    names: list[str] = []
    flat = [s for line in segments for s in line]
    flat = [s for s in flat if "@" not in s]  # e-mail addresses and handles are not site names
    for segment in flat:
        folded = segment.casefold()
        recurs = any(other is not segment and folded in other.casefold() for other in flat)
        if recurs and not is_section_words(segment):
            names.append(segment)
    for line in segments:
        if len(line) > 1:
            for segment in line:
                if "@" in segment:
                    continue
                if _SITE_WORDS_RE.search(segment) and not is_section_words(segment):
                    names.append(_strip_site_suffix(segment))
    return [n for n in names if n]


def _strip_site_suffix(segment: str) -> str:
    """Drop "English Archive 2005 -2017"-like tails from a site segment."""
    segment = re.sub(r"\s+English Archive\b.*$", "", segment, flags=re.IGNORECASE)
    segment = re.sub(r"\s+\d{4}\s*[-\u2013]\s*\d{4}$", "", segment)
    return segment.strip()


def is_section_words(segment: str) -> bool:
    words = [w.casefold() for w in _WORD_RE.findall(segment)]
    return bool(words) and all(w in _SECTION_WORDS for w in words)


def _outlet_from_lines(
    lines: Sequence[str], site_names: Sequence[str], weak_names: Sequence[str] = ()
) -> str | None:
    """The best-supported site name among banners, copyright lines and calls to action.

    `weak_names` are names that only their place suggests (the first link of a
    menu bar, the "Site" of "Site | Section"): any named cue outweighs them.
    """
    votes: dict[str, int] = {}
    spelling: dict[str, str] = {}

    def vote(name: str, weight: int) -> None:
        name = _strip_site_suffix(name.strip(" .!,|"))
        if not name or len(name) > 50 or is_section_words(name):
            return
        key = name.casefold()
        votes[key] = votes.get(key, 0) + weight
        if key not in spelling or _nicer_spelling(name, spelling[key]):
            spelling[key] = name

    for name in site_names:
        vote(name, 4)
    for name in weak_names:
        vote(name, 1)
    for line in lines:
        stripped = line.strip()
        if not stripped or len(stripped) > 300:
            continue
        for pattern, weight in _OUTLET_CUES:
            found = pattern.search(stripped)
            if found:
                vote(found["site"], weight)
    if not votes:
        return None
    best = max(votes, key=lambda key: votes[key])
    return display_outlet_name(spelling[best])


def _nicer_spelling(candidate: str, current: str) -> bool:
    """Prefer mixed-case spellings ("Asharq Al-awsat") over all-caps ones ("ASHARQ AL-AWSAT")."""
    return current.isupper() and not candidate.isupper()


_NAME_PARTICLES = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "le"})
_SHOUTED_PARTICLES = _NAME_PARTICLES | {"al", "el", "an", "at"}


def display_outlet_name(name: str) -> str:
    """Capitalise a site name found in text: "Asharq Al-awsat" and "ASHARQ AL-AWSAT" → "Asharq Al-Awsat".

    Short all-capital acronyms (BBC, RFE/RL, AFP) stay as they are; in a name
    written all in capitals ("MIDDLE EAST EYE"), a short word with a vowel after
    its first letter is a word ("East", "Eye"), not an acronym.
    """
    words = name.split()
    shouted = len(words) > 1 and name.isupper() and any(len(w) >= 5 for w in words)
    out = []
    for position, word in enumerate(words):
        is_acronym = len(word) <= 4 and word.isalpha()
        if shouted and is_acronym:
            is_acronym = word.casefold() not in _SHOUTED_PARTICLES and (
                len(word) <= 2 or not any(ch in "AEIOUY" for ch in word[1:])
            )
        if shouted and not is_acronym:
            word = word.lower()
        parts = re.split(r"([\-])", word)
        fixed = []
        for part in parts:
            if part and part[0].islower() and (position == 0 or part not in _NAME_PARTICLES):
                part = part[0].upper() + part[1:]
            fixed.append(part)
        out.append("".join(fixed))
    return " ".join(out)


def _outlet_from_url(url: str | None) -> str | None:
    """The registered domain ("rudaw.net") when nothing on the page names the site."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return None
    host = re.sub(r"^(?:www\d?|m|mobile|amp|edition|english|en)\.", "", host)
    return host or None


# -- title and byline -------------------------------------------------------


def _find_title(
    lines: Sequence[str], header: Sequence[int], site_names: Sequence[str], skip: Collection[int]
) -> tuple[int | None, str | None]:
    """The headline: the best-scoring short, non-sentence header line (site names cut off).

    Candidates are ranked in page order; earlier ones score higher, lines just
    above a dateline or byline higher still, and short, caption-like or
    site-name-like lines lower.
    """
    best: tuple[float, int, str] | None = None
    rank = 0
    for index in header:
        if index in skip:
            continue
        text = _title_text(lines[index], site_names)
        score = _title_score(text, lines, index, rank)
        if score is None:
            continue
        rank += 1
        if best is None or score > best[0]:
            best = (score, index, text)
    return (best[1], best[2]) if best else (None, None)


def _title_text(line: str, site_names: Sequence[str]) -> str:
    """A line without its "| Site" segments: the longest segment that is not a site or section name."""
    segments = [s.strip() for s in line.split(" | ") if s.strip()]
    if len(segments) <= 1:
        return line.strip()
    folded_sites = [s.casefold() for s in site_names]
    kept = [
        s
        for s in segments
        if not is_section_words(s)
        and not any(site in s.casefold() or s.casefold() in site for site in folded_sites)
        and not _SITE_WORDS_RE.search(s)
    ]
    return max(kept, key=len) if kept else ""


def _title_score(text: str, lines: Sequence[str], index: int, rank: int) -> float | None:
    """How headline-like a header line is; None when it cannot be one."""
    words = _WORD_RE.findall(text)
    if not words or len(words) > 30 or len(text) > 250:
        return None
    if text.rstrip().endswith((".", ",", ":", ";")) and not text.rstrip().endswith("..."):
        return None
    if is_section_words(text) or _looks_like_dateline(text) or _BYLINE_RE.match(text):
        return None
    if not any(ch.isalpha() for ch in text):
        return None
    score = 10.0 - 2 * rank
    if len(words) < 3:
        score -= 6
    elif len(words) > 20:
        score -= 4
    if _CAPTION_START_RE.match(text):
        score -= 6
    if len(words) <= 6 and _SITE_WORDS_RE.search(text):
        score -= 4
    if is_capitals_name(text):
        score -= 4  # a masthead ("MIDDLE EAST EYE"), not a headline
    following = _next_text_line(lines, index)
    if following is not None and (
        _looks_like_dateline(lines[following]) or _BYLINE_RE.match(lines[following])
    ):
        score += 3
    return score


def _next_text_line(lines: Sequence[str], index: int) -> int | None:
    for after in range(index + 1, min(len(lines), index + 4)):
        if lines[after].strip():
            return after
    return None


# A byline without "By": a name or two, perhaps "in Place", on the line above a dateline.
_NAME_LINE_RE = re.compile(
    r"^(?P<name>[A-Z][\w'.\-]+(?:\s+[A-Z][\w'.\-]+){1,3}(?:\s+(?:and|&)\s+[A-Z][\w'.\-]+(?:\s+[A-Z][\w'.\-]+){1,3})?)"
    r"(?:\s+in\s+[A-Z][\w'.\-]+(?:\s+[A-Z][\w'.\-]+)?)?$"
)
_TRAILING_BY_RE = re.compile(
    r"\bby\s+(?P<name>[A-Z][\w'.\-]*(?:\s+(?:[A-Z][\w'.\-]*|al-\w+|bin|ibn))*)\s*$"
)


def _find_byline(lines: Sequence[str], header: Sequence[int]) -> tuple[int | None, str | None]:
    """The byline in the header and the name it gives.

    Three forms: "By Name [date]", "Posted on <date> by Name", and a bare
    "Name [in Place]" line directly above a dateline.
    """
    for index in header:
        line = lines[index].strip()
        found = _BYLINE_RE.match(line)
        if found and 1 <= len(found["name"].split()) <= 8:
            return index, _person_name(found["name"])
        trailing = _TRAILING_BY_RE.search(line)
        if trailing and _looks_like_dateline(line):
            return index, _person_name(trailing["name"])
        bare = _NAME_LINE_RE.match(line)
        following = _next_text_line(lines, index)
        above_dateline = following is not None and _looks_like_dateline(lines[following])
        if (
            bare
            and above_dateline
            and not _SITE_WORDS_RE.search(line)
            and not is_section_words(line)
        ):
            return index, bare["name"].strip()
    return None, None


def _person_name(name: str) -> str:
    """A byline's name without the full stop that ended the line ("By Ajnadin Mustafa.")."""
    name = name.strip()
    last = name.split()[-1] if name.split() else ""
    if last.endswith(".") and len(last) > 2 and last.count(".") == 1:
        name = name[:-1]
    return name


# -- publication date -------------------------------------------------------


def _find_published(
    lines: Sequence[str],
    header: Sequence[int],
    furniture: Collection[int],
    meta: Mapping[str, str],
    title_index: int | None = None,
) -> tuple[dt.date | None, str | None, list[int]]:
    """Publication date and its source, in order of trust, plus the dateline lines to drop."""
    hint = "\n".join(lines[i] for i in header)
    from_meta = parse_publication_date(meta.get("published", ""), hint)
    header_dates = _header_dates(lines, _dateline_zone(lines, header, furniture), hint)
    date_lines = [index for index, _, _ in header_dates]
    if from_meta:
        return from_meta, "metadata", date_lines
    if header_dates:
        published = [d for _, d, updated in header_dates if not updated]
        # A date printed below the headline outranks one above it: a site's date bar shows
        # the day the page was saved, sometimes years after the article's own dateline.
        below = [
            d
            for i, d, updated in header_dates
            if not updated and title_index is not None and i > title_index
        ]
        return (below or published or [header_dates[0][1]])[0], "text", date_lines
    for found in (_wire_dateline(lines, furniture, hint), _published_line(lines, furniture, hint)):
        if found:
            return found, "text", date_lines
    from_url = date_from_url(meta.get("url"))
    if from_url:
        return from_url, "metadata", date_lines
    inferred = infer_publication_date(lines, furniture)
    return (inferred, "inferred" if inferred else None, date_lines)


def _dateline_zone(
    lines: Sequence[str], header: Sequence[int], furniture: Collection[int]
) -> list[int]:
    """The header plus the first three lines of the body, where a date often follows the
    standfirst (a dateline the cleaner took for furniture, "Friday 12/08/2016", counts)."""
    start = header[-1] + 1 if header else 0
    after = [
        i
        for i in range(start, min(len(lines), start + 12))
        if lines[i].strip() and (i not in furniture or _looks_like_dateline(lines[i]))
    ]
    return [*header, *after[:3]]


def _header_dates(
    lines: Sequence[str], header: Sequence[int], hint: str
) -> list[tuple[int, dt.date, bool]]:
    """Datelines and dated bylines in the header: (line index, date, is-an-'updated'-date)."""
    found = []
    for index in header:
        line = lines[index]
        if _looks_like_dateline(line):
            date = parse_publication_date(line, hint)
            if date:
                found.append((index, date, bool(_UPDATED_RE.search(line))))
    return found


def _looks_like_dateline(line: str) -> bool:
    """A short line that is mostly a date: labels, weekday, time and a byline name may surround it."""
    text = _prepare(line.strip())
    if (
        not text
        or len(text) > 160
        or not _YEAR_RE.search(text)
        and not re.search(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}\b", text)
    ):
        return False
    rest = text
    byline = _BYLINE_RE.match(rest)
    if byline:
        rest = rest[byline.end() :]
    for pattern in (_ISO_RE, _YMD_RE, _DAY_MONTH_YEAR_RE, _MONTH_DAY_YEAR_RE, _NUMERIC_RE):
        rest, count = pattern.subn(" ", rest)
        if count:
            break
    else:
        rest, count = _FOREIGN_DMY_RE.subn(" ", rest)
        if not count:
            rest, count = _FOREIGN_MDY_RE.subn(" ", rest)
        if not count:
            return False
    rest = _TIME_RE.sub(" ", rest)
    rest = _CONTACT_RE.sub(" ", rest)
    rest = _WEEKDAY_RE.sub(" ", rest)
    rest = _LABEL_RE.sub(" ", rest)
    leftover = _WORD_RE.findall(rest)
    if len(leftover) > 5 or re.search(r"[.!?]\s*$", rest.strip()) and len(leftover) > 1:
        return False
    # What is left may name an outlet or a place ("BEIRUT", "Rudaw"), not run as a sentence.
    return all(w[0].isupper() or w.isdigit() or w in _DATELINE_SMALL_WORDS for w in leftover)


# Small words a dateline may hold besides names: "г." (Russian "year"), "by" before the author.
_DATELINE_SMALL_WORDS = frozenset({"g", "г", "de", "of", "by", "and"})


def _wire_dateline(lines: Sequence[str], furniture: Collection[int], hint: str) -> dt.date | None:
    """A dated wire dateline opening the body: "MOSUL, Iraq, May 15, 2016 (Reuters) - ..."."""
    first = _first_body_index(lines, furniture)
    if first is None:
        return None
    found = _WIRE_DATELINE_RE.match(lines[first])
    if not found or not _YEAR_RE.search(found["head"]):
        return None
    head = found["head"]
    if len(_WORD_RE.findall(head)) > 12 or not head[:1].isupper():
        return None
    return parse_publication_date(head, hint)


def _published_line(lines: Sequence[str], furniture: Collection[int], hint: str) -> dt.date | None:
    """A "Published 15 May 2016" / "Posted on ..." line anywhere outside the furniture."""
    for index, line in enumerate(lines):
        if index in furniture or not _PUBLISHED_LINE_RE.match(line.strip()):
            continue
        if _looks_like_dateline(line):
            date = parse_publication_date(line, hint)
            if date:
                return date
    return None


# -- inference --------------------------------------------------------------

# Present-tense new-year statements only: "at the start of 2014" in a history paragraph is no anchor.
_NEW_YEAR_RE = re.compile(
    r"\b(?:as we (?:enter|begin|start|head into|ring in) (?P<year>(?:19|20)\d{2})"
    r"|as (?P<y2>(?:19|20)\d{2}) (?:begins|starts|dawns|gets under ?way))\b",
    re.IGNORECASE,
)


_NEW_YEAR_HINT_RE = re.compile(r"[Aa]s (?:[Ww]e|(?:19|20)\d\d) ")  # cheap pre-check


def infer_publication_date(lines: Sequence[str], furniture: Collection[int] = ()) -> dt.date | None:
    """A publication date bounded by the page's own evidence, or None.

    Two kinds of evidence are trusted: the dates of embedded tweets (an article
    cannot quote a tweet before it was posted; they are usually hours old), and
    a new-year statement ("As we enter 2017") together with the January/February
    dates the story itself reports, the latest of which the article cannot
    precede. The latest such date is the inferred publication date.
    """
    evidence = [d for d in _tweet_dates(lines) if d]
    evidence.extend(_new_year_dates(lines, furniture))
    return max(evidence) if evidence else None


def _tweet_dates(lines: Sequence[str]) -> Iterable[dt.date | None]:
    for line in lines:
        found = TWEET_TRAILER_RE.match(line.strip())
        if found:
            yield parse_publication_date(found["date"])


def _new_year_dates(lines: Sequence[str], furniture: Collection[int]) -> list[dt.date]:
    body = [line for index, line in enumerate(lines) if index not in furniture]
    text = "\n".join(body)
    if not _NEW_YEAR_HINT_RE.search(text):
        return []
    years = set()
    for found in _NEW_YEAR_RE.finditer(text):
        year = found["year"] or found["y2"]
        if year:
            years.add(int(year))
    if len(years) != 1:
        return []
    (year,) = years
    dates = []
    for found in _EARLY_MONTH_DAY_RE.finditer(text):
        date = _make_date(year, MONTH_NUMBERS[found["month"].lower()], found["day"])
        if date:
            dates.append(date)
    return dates

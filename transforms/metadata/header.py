"""Telling a page's header lines apart: running text, navigation chrome, bare dates, names
in capitals and section words; the shared vocabulary of the other metadata readers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence

from transforms.metadata.date_strings import WEEKDAYS, parse_publication_date

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
    r"\b(?:first\s+)?(?:published|posted|updated|last\s+updated|last\s+modified|modified|filed|date|on|at|am|pm|gmt|utc|bst|cet|cest|local\s+time|time)\b:?"
    r"|\blive(?:\s+(?:updates?|blog|coverage))?\b"
    # French, Spanish and Portuguese date lines: "Publié le 30/09/2022 à 23h05", "Publicado el
    # 9 de mayo", "Atualizado em 12/03/2021 às 10h12".
    r"|\b(?:publi[ée]|modifi[ée]|mis\s+à\s+jour|publicad[oa]|actualizad[oa]|atualizad[oa])"
    r"(?:\s+(?:le|el|em))?\b:?|(?<!\w)(?:à|às|a\s+las)(?!\w)|\b\d{1,2}h\d{2}\b"
    r"|\b\d+\s+min(?:ute)?s?\s+read\b|\bread(?:ing)?\s+time\b:?",
    re.IGNORECASE,
)
_CONTACT_RE = re.compile(r"\S+@\S+|@\w+")  # e-mail addresses and handles beside a byline
_UPDATED_RE = re.compile(r"\b(?:updated|modified)\b", re.IGNORECASE)
# "Updated 15 March 2017 - Published 14 March 2017": the published part of such a line.
PUBLISHED_PART_RE = re.compile(r"\b(?:published|posted)\b", re.IGNORECASE)
# A line about the page or its writer rather than the story ("Last updated: 2 hours ago",
# "Page refreshed automatically", "Translated from the Arabic edition", "Kirkuk - our
# correspondent"): never the headline.
PAGE_NOTE_RE = re.compile(
    r"\b(?:updated|modified|refreshed|ago|print\s+this|translated\s+from|live\s+coverage"
    r"|archive|edition|subscribe|sign\s+up|log\s?in|newsletter|cookies?|correspondents?"
    r"|staff\s+(?:reporter|writer)|skip\s+to|printed\s+for|today\s+is|weather|archived)\b"
    r"|-?\d+\s*°\s*[CF]?",
    re.IGNORECASE,
)
_PUBLISHED_LINE_RE = re.compile(
    r"^(?:first\s+|originally\s+)?(?:published|posted|publication\s+date|date\s+published"
    r"|publish\s+date|date\s+of\s+(?:the\s+)?original|date\s+of\s+publication)\b"
    r"|^date\s*:|^story\s+from\b[^:]{0,60}:",  # an info box's "Date: ...", a print footer's
    re.IGNORECASE,
)
# The same label inside a translator's or editor's note, after a bracket or a full stop:
# "[Translated from the Hindi edition. Published 7 January 2025, 08:12 IST]", "Source: a
# local channel. Date of original: 7 Aban 1401 (29 October 2022)".
PUBLISHED_IN_A_NOTE_RE = re.compile(
    r"(?:^|[\[(]|[.;|]\s)\s*(?:first\s+|originally\s+)?(?:published(?:\s+on)?"
    r"|date\s+of\s+(?:the\s+)?original)\s*:?\s",
    re.IGNORECASE,
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
    ukraine indonesia sections section""".split()  # noqa: SIM905
)
_SITE_WORDS_RE = re.compile(
    r"\b(?:news|archive|times|post|press|daily|tribune|herald|agency|network|online|monitor|"
    r"journal|gazette|observer|review|telegraph|guardian|tv|radio|media|courier|chronicle|"
    r"dispatch|bulletin|wire|edition|service|digital|express|sentinel|examiner|inquirer|\w+\.(?:com|net|org|co\.uk|info))\b",
    re.IGNORECASE,
)
_CAPTION_START_RE = re.compile(
    r"^(?:A |An |The )?(?:screen ?grab|screenshot|file photo|photo|picture|image|video still|still from)\b",
    re.IGNORECASE,
)

_BREADCRUMB_RE = re.compile(r"\s(?:»|›|>|/|▸|►|▶)\s|^(?:»|›)|(?:»|›)$")
# "Today: 06.12.2026", "Today is Sunday, 6 December 2026": the day the page was shown,
# never the day the article was published.
TODAY_LINE_RE = re.compile(r"^\W*today\b", re.IGNORECASE)


def is_header_chrome(line: str) -> bool:
    """Above the body, a line of three words or fewer, of section names, a breadcrumb or a
    menu is navigation."""
    words = _WORD_RE.findall(line)
    return (
        len(words) <= 3
        or is_section_words(line)
        or bool(_BREADCRUMB_RE.search(line))
        or is_menu(line)
    )


_MENU_SEPARATOR_RE = re.compile(r"\s+[|·•]\s+")


def is_menu(line: str) -> bool:
    """Four or more short items set apart by bars or dots ("Home · News · Kurdistan · World
    · Kurdî · العربية"): a menu, whatever its words; a headline has one such break at most."""
    items = _MENU_SEPARATOR_RE.split(line.strip())
    return len(items) >= 4 and all(len(_WORD_RE.findall(item)) <= 3 for item in items)


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


# An editor's note above the headline reads like a sentence but is not the story's first:
# "This article was translated from Kurdish. Names of places follow local usage."
EDITOR_NOTE_RE = re.compile(
    r"^\W*(?:this\s+(?:article|story|report|piece)\s+(?:was|is|has\s+been)\s+translated"
    r"|translated\s+from\b|editor'?s\s+note\b)",
    re.IGNORECASE,
)


def _header_indices(lines: Sequence[str], furniture: Collection[int]) -> list[int]:
    """Non-furniture, non-blank lines above the first line of running text (at most 15)."""
    header: list[int] = []
    for index, line in enumerate(lines):
        if not line.strip() or (index in furniture and not is_bare_date(line)):
            continue
        if (is_prose(line) and not EDITOR_NOTE_RE.match(line)) or len(header) >= 15:
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


_NAME_WORD_RE = re.compile(r"[A-Z][\w'&.\-]*|of|the|and|&|al-\w+|el-\w+")


def _is_name_like(text: str) -> bool:
    """One to four capitalised words (particles aside), no digits: how site names are written."""
    words = text.split()
    return 1 <= len(words) <= 4 and all(_NAME_WORD_RE.fullmatch(w) for w in words)


def is_section_words(segment: str) -> bool:
    words = [w.casefold() for w in _WORD_RE.findall(segment)]
    return bool(words) and all(w in _SECTION_WORDS for w in words)

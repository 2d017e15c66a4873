"""The headline and the byline: the most headline-like header line, and the name a byline gives."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from transforms.metadata.header import (
    _BREADCRUMB_RE,
    _BYLINE_RE,
    _CAPTION_START_RE,
    _SITE_WORDS_RE,
    _WORD_RE,
    PAGE_NOTE_RE,
    is_capitals_name,
    is_menu,
    is_section_words,
)
from transforms.metadata.published import _looks_like_dateline


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
    story = _story_words(lines, header)
    for index in header:
        if index in skip:
            continue
        text = _title_text(lines[index], site_names)
        score = _title_score(text, lines, index, rank)
        if score is None:
            continue
        rank += 1
        if not is_capitals_name(text):  # a masthead's name recurs in its own story
            score += TOLD_IN_THE_STORY * min(_words_told(text, story), 4)
        if best is None or score > best[0]:
            best = (score, index, text)
    return (best[1], best[2]) if best else (None, None)


# A headline says what the story tells: each of its words (up to four) that the first lines
# of the body use again counts this much. A slogan, a weather box or a date bar shares none.
TOLD_IN_THE_STORY = 1.5
STORY_LINES = 30
_CONTENT_WORD_RE = re.compile(r"[^\W\d_]{4,}")


def _content_words(text: str) -> set[str]:
    """Words of four letters or more, cut to five ('detains' and 'detained' agree)."""
    return {w.casefold()[:5] for w in _CONTENT_WORD_RE.findall(text)}


def _story_words(lines: Sequence[str], header: Sequence[int]) -> set[str]:
    """The words of the body's first paragraphs (lines of running prose, not link lists)."""
    start = (max(header) + 1) if header else 0
    prose = [line for line in lines[start : start + STORY_LINES] if len(line) >= STORY_LINE_CHARS]
    return _content_words(" ".join(prose))


STORY_LINE_CHARS = 80


def _words_told(text: str, story: set[str]) -> int:
    return len(_content_words(text) & story)


def _title_text(line: str, site_names: Sequence[str]) -> str:
    """A line without its "| Site" segments: the longest segment that is not a site or section name."""
    line = line.strip().strip("=*~_#").strip()  # "=== THE ANATOLIAN COURIER ==="
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
    if text.startswith("[") and text.endswith("]"):
        return None  # "[Original page] [All snapshots]": link labels
    if is_menu(text) or re.search(r"https?://|www\.", text):
        return None  # a menu, or a line that gives the page's address ("Source: https://...")
    score = 10.0 - 2 * rank
    if len(words) < 3:
        score -= 6
    elif len(words) > 20:
        score -= 4
    if _CAPTION_START_RE.match(text):
        score -= 6
    if len(words) <= 6 and _SITE_WORDS_RE.search(text):
        score -= 4
    before_dash = _MASTHEAD_DASH_RE.split(text, 1)[0]
    masthead = is_capitals_name(text) or is_capitals_name(before_dash)
    before_hyphen = text.split(" - ", 1)[0]  # "KURDPRESS MONITOR - translations from ..."
    masthead = masthead or (len(before_hyphen.split()) >= 2 and is_capitals_name(before_hyphen))
    if masthead:
        score -= 4  # a masthead ("MIDDLE EAST EYE", "IRAQ NOW — LIVE"), not a headline
    if _BREADCRUMB_RE.search(text):
        score -= 8  # "EASTMED24 ▸ Live ▸ Lebanon": where the page sits, not what it says
    if PAGE_NOTE_RE.search(text):
        score -= 8
    following = _next_text_line(lines, index)
    if (  # a headline sits above its dateline; a masthead above the site's date bar
        following is not None
        and not masthead
        and (_looks_like_dateline(lines[following]) or _BYLINE_RE.match(lines[following]))
    ):
        score += 3
    return score


# A masthead and its tagline: "ANDES INSIGHT — Conflict & Security in Latin America".
_MASTHEAD_DASH_RE = re.compile(r"\s[\u2014\u2013]\s")


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

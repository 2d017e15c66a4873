"""The outlet: the best-supported site name among banners, mastheads, menu bars, copyright
lines and calls to action, then the URL's domain, then the wire service of a dateline.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from urllib.parse import urlsplit

from transforms.metadata.header import (
    _SITE_WORDS_RE,
    _WORD_RE,
    _is_name_like,
    is_capitals_name,
    is_prose,
    is_section_words,
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

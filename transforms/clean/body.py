"""Rendering the article body: photo credits cut from captions, repeated captions and
paragraphs kept once, the closing note on the author dropped, hyphenated names rejoined,
and one blank line between paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CREDIT_RE = re.compile(
    r"\s*(?:\(?(?:[A-Z][\w/&]*\s){0,3}(?i:photo|photograph|picture|image|file photo)s?\)?\.?"
    r"|(?i:photo|photograph|picture|image)(?i: credit)?\s*:\s*[^.]{1,60}\.?)$"
)
_WORDS_RE = re.compile(r"\w+")
# "Deir ez- Zor", "Al- Hashimi": a short particle, a hyphen, a stray space, a capitalised name.
_STRAY_HYPHEN_SPACE_RE = re.compile(r"(?<![\w-])([^\W\d_]{1,4})- (?=[A-Z][a-z])")


def close_stray_hyphen_spaces(line: str) -> str:
    """ "Deir ez- Zor" → "Deir ez-Zor", but not after an acronym ("ISIS- The group" is a dash)."""

    def close(match: re.Match[str]) -> str:
        particle = match.group(1)
        if len(particle) >= 3 and particle.isupper():
            return match.group(0)
        return particle + "-"

    return _STRAY_HYPHEN_SPACE_RE.sub(close, line) if "- " in line else line


# A photo credit closing a caption, after the caption's last sentence: "Photo: AFP",
# "PHOTO | FILE", "Photograph: Name/AFP/Getty Images", "AP photo", "REUTERS/Alaa al-Marjani";
# or in brackets wherever the caption stops: "(AFP Photo/Abdulaziz Ketaz)", "(Reuters)".
_AGENCY = (
    r"(?:REUTERS|Reuters|AFP|AP|EPA|EPA-EFE|Getty Images|Getty|Anadolu(?: Agency)?|"
    r"SANA|Xinhua|UPI|DPA|dpa|ANHA|IRNA|TASS)"
)
_SLASH_CREDIT = (
    r"(?:" + _AGENCY + r"|[A-Z]{2,}(?:-[A-Z]{2,})?)(?: (?i:photo|pool|file))?"
    r"/[A-Z][^().!?/]{0,50}(?:/[^().!?/]{1,30}){0,2}"
)
_CREDIT_AFTER_SENTENCE_RE = re.compile(
    r"(?<=[.!?\"')\]])\s+(?:"
    r"\(?(?i:photo(?:graph)?s?|pictures?|images?|(?:photo |image )?credits?)\s*[:|]\s*[^().!?]{1,60}\)?"
    r"|\(?(?:[A-Z][\w&\-]*\s){1,3}(?i:photo(?:graph)?|picture|file photo|pool photo)s?\)?"
    r"|" + _SLASH_CREDIT + r")\.?$"
)
_CREDIT_ANYWHERE_RE = re.compile(
    r"\s+\((?:"
    + _SLASH_CREDIT
    + r"|"
    + _AGENCY
    + r"(?: (?i:photo))?|(?i:photo|picture|image)s?\s*(?::|/|by)\s*[^()]{1,60})\)\.?$"
)


def strip_photo_credit(line: str) -> str:
    """A caption without the credit that closes it; the line itself when it has none.

    Only the last 200 characters are searched: a credit ends the line.
    """
    if (
        "/" not in line[-200:]
        and "(" not in line[-200:]
        and not _CREDIT_HINT_RE.search(line[-200:])
    ):
        return line
    head, tail = line[:-200], line[-200:]
    for pattern in (_CREDIT_AFTER_SENTENCE_RE, _CREDIT_ANYWHERE_RE):
        found = pattern.search(tail)
        if found and (head or found.start() > 0):
            return (head + tail[: found.start()]).rstrip()
    return line


_CREDIT_HINT_RE = re.compile(r"photo|picture|image|credit", re.IGNORECASE)

_IMAGE_CAPTION_PREFIX_RE = re.compile(r"^(?:image|photo|media) caption\s+", re.IGNORECASE)


def _comparable(line: str) -> str:
    """A line reduced for duplicate tests: no photo credit, words only, case-folded."""
    folded = line.casefold()
    if "photo" in folded or "picture" in folded or "image" in folded:
        head, tail = line[:-120], line[-120:]  # a credit ends the line
        folded = (head + _CREDIT_RE.sub("", tail)).casefold()
    return " ".join(_WORDS_RE.findall(folded))


def drop_repeats(lines: Sequence[str], indices: Sequence[int], title: str | None) -> list[int]:
    """Keep each caption or paragraph once: a line repeating an earlier one (credit aside) goes.

    Short lines are only dropped when they repeat the line just before; long
    ones (40+ characters) wherever the repeat stands, since a page prints a
    caption twice but a writer does not write the same paragraph twice.
    """
    kept: list[int] = []
    seen: set[str] = set()
    if title:
        seen.add(_comparable(title))
    previous = ""
    for index in indices:
        key = _comparable(lines[index])
        if key and (
            key == previous or (key in seen and len(key) >= 40) or key == _comparable(title or "")
        ):
            continue
        kept.append(index)
        seen.add(key)
        previous = key
    return kept


def drop_author_note(lines: Sequence[str], indices: Sequence[int], author: str | None) -> list[int]:
    """Without the note on the author closing the article ("Lina Haddad is a senior fellow ...").

    Only one of the last three body lines that opens with the byline's name and
    "is", "was" or "has" goes: it describes the writer, it reports nothing.
    """
    if not author or len(author.split()) < 2 or not indices:
        return list(indices)
    note = re.compile(re.escape(author) + r",? (?:is|was|has|works|writes)\b")
    kept = list(indices)
    for index in reversed(kept[-3:]):
        if note.match(lines[index]) and len(lines[index]) <= 400:
            kept.remove(index)
            break
    return kept


def render_body(lines: Sequence[str], indices: Sequence[int]) -> str:
    """Join kept lines: a blank line where the source had one between them, else a line break.

    A line ending in a letter and a hyphen joins the next line with no space
    ("Deir ez-" + "Zor" → "Deir ez-Zor").
    """
    out: list[str] = []
    previous: int | None = None
    for index in indices:
        line = _IMAGE_CAPTION_PREFIX_RE.sub("", lines[index])
        line = close_stray_hyphen_spaces(line)
        if previous is not None:
            paragraph_break = any(not lines[i] for i in range(previous + 1, index))
            if not paragraph_break and _ends_with_word_hyphen(out[-1]) and line[:1].isalpha():
                out[-1] += line
                previous = index
                continue
            out.append("\n\n" if paragraph_break else "\n")
        out.append(line)
        previous = index
    return "".join(out).strip()


def _ends_with_word_hyphen(text: str) -> bool:
    return len(text) >= 2 and text.endswith("-") and text[-2].isalpha()

"""Normalising the characters of a page: NFC, straight quotes, no control or zero-width
characters, one kind of space, and a menu bar's wide gaps made into " | ".
"""

from __future__ import annotations

import html
import re
import unicodedata

from transforms.clean.chrome import menu_items

_CHARACTER_MAP = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'),
    **dict.fromkeys(
        map(
            ord,
            "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t",
        ),
        " ",
    ),
    # Zero-width spaces, word joiner, BOM, soft hyphen and bidi controls carry no text.
    **dict.fromkeys(
        map(
            ord,
            "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c",
        ),
        None,
    ),
    **dict.fromkeys(map(ord, "\r\u2028\u2029\u0085\x0b\x0c"), "\n"),
}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufff9-\ufffb\ufffe\uffff]")
# ZWJ/ZWNJ shape Persian and Kurdish words; elsewhere they only break words apart.
_STRAY_JOINER_RE = re.compile(
    r"[\u200c\u200d](?![\u0600-\u06ff])|(?<![\u0600-\u06ff])[\u200c\u200d]"
)
_ENTITY_RE = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
_SPACES_RE = re.compile(r" {2,}")
_BLANK_RUN_RE = re.compile(r"\n{3,}")  # one blank line says "new paragraph" as well as ten


def normalise_text(text: str) -> str:
    """NFC text with straight quotes, plain spaces, '\\n' line ends and no control characters."""
    text = text.replace("\r\n", "\n")
    if _ENTITY_RE.search(text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_CHARACTER_MAP)
    text = _CONTROL_RE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _STRAY_JOINER_RE.sub("", text)
    text = "\n".join(_normalise_line(line) for line in text.split("\n"))
    return _BLANK_RUN_RE.sub("\n\n", text)


# Items of a menu bar: wide gaps (two spaces or more), pipes, bullets or " / " between them.
_MENU_GAP_RE = re.compile(r" {2,}|\s*[|\u2022\u00b7]\s*|\s+/\s+")


def _normalise_line(line: str) -> str:
    """One line with its spaces collapsed; a menu bar's wide gaps become " | " first.

    Collapsing "Home  News  Sport" to "Home News Sport" would hide that it is a
    row of links; as "Home | News | Sport" the furniture rules still see it.
    """
    line = line.strip()
    if "  " in line:
        items = [item for item in _MENU_GAP_RE.split(line) if item]
        if len(items) >= 2 and menu_items(items):
            return " | ".join(_SPACES_RE.sub(" ", item) for item in items)
    return _SPACES_RE.sub(" ", line)

"""Folding place names into index keys: accents, articles and transliteration wobbles evened out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string (easier to read than a long list)."""
    return frozenset(text.split())


# Arabic definite articles as they are transliterated: "al-Bab", "ar-Raqqah", "Deir ez-Zor".
ARTICLES = _words("al el ad ar as ash at az adh ath an ed er es et ez en ul")
# Articles that may stand before a name with a space instead of a hyphen ("al Bab", "Al Bab").
# "as", "at", "an"... are left out: with a space they are English words ("at Raqqa").
SPACED_ARTICLES = frozenset({"al", "el"})

# Spelling variants of the common first words of Arabic place names (folded forms).
WORD_VARIANTS = {
    "tel": "tal",
    "til": "tal",
    "dayr": "deir",
    "dair": "deir",
    "der": "deir",
    "kafar": "kafr",
    "kfar": "kafr",
    "kafer": "kafr",
    "kefr": "kafr",
    "jebel": "jabal",
    "jabel": "jabal",
    "jbel": "jabal",
    "ayn": "ain",
    "ein": "ain",
    "shaykh": "sheikh",
    "sheik": "sheikh",
    "shaikh": "sheikh",
    "cheikh": "sheikh",
    "sheykh": "sheikh",
    "khirbat": "khirbet",
    "kherbet": "khirbet",
    "khirbit": "khirbet",
}

TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’‘`ʼʿʾ](?![sS]\b)[^\W_]+)*")
JOINER_RE = re.compile(r"[ \t\u00a0]{1,2}|[ \t]?[-‐‑–][ \t]?|['’]s[ \t]")  # "Mosul's Old City"
APOSTROPHES_RE = re.compile(r"['’‘`ʼʿʾ]")
NON_ALNUM_RE = re.compile(r"[^a-z0-9]")
SIMPLE_WORD_RE = re.compile(r"[A-Za-z]{3,}")  # a plain word: its key is its folded form
LATIN_CAPITAL_RE = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")

DOUBLES_RE = re.compile(r"(.)\1+")


class _Token(NamedTuple):
    """A word of the searched text (a tuple: tokenizing is the hot loop)."""

    start: int
    end: int
    text: str
    key: str
    capitalised: bool
    article: bool


def ascii_fold(text: str) -> str:
    """Strip accents ("Ḩamāh" -> "Hamah"); plain ASCII passes through untouched."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """The folded form of one word: the part of a key that survives spelling variants."""
    word = NON_ALNUM_RE.sub("", APOSTROPHES_RE.sub("", ascii_fold(word).lower()))
    word = word.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    if DOUBLES_RE.search(word):
        word = DOUBLES_RE.sub(lambda m: m.group(1), word)
    if len(word) > 3 and word[-1] == "h" and word[-2] in "aeiou":
        word = word[:-1]
    return WORD_VARIANTS.get(word, word)


def surface_key(text: str) -> str:
    """Lowercase letters only: how the stoplist compares a matched word with its entries."""
    return NON_ALNUM_RE.sub("", ascii_fold(text).lower())


def is_article(word: str) -> bool:
    """Whether a word is a transliterated Arabic article ("al", "ez", "Ash"...)."""
    return word.lower() in ARTICLES


def tokenize(text: str) -> list[_Token]:
    """Split text into word tokens, with their folded keys and capitalisation.

    The "s" of a possessive ("Mosul's") is left out, so that the apostrophe-s is a
    mere gap between words.
    """
    tokens = []
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        start = m.start()
        if word in {"s", "S"} and start > 0 and text[start - 1] in "'’":
            continue
        tokens.append(_Token(start, m.end(), word, *_word_info(word)))
    return tokens


@lru_cache(maxsize=200_000)
def _word_info(word: str) -> tuple[str, bool, bool]:
    """Folded key, capitalisation and article-ness of a word (cached: words repeat)."""
    first = word[0]
    return fold_word(word), first.isupper() or first.isdigit(), is_article(word)


def join_keys(tokens: Sequence[_Token]) -> str:
    """The key of a run of tokens: internal articles all count as 'al'."""
    parts = [tokens[0].key if not tokens[0].article else "al"]
    parts.extend("al" if t.article else t.key for t in tokens[1:])
    return "".join(parts)


def name_keys(name: str, strip_article: bool) -> list[str]:
    """The index keys of a name: with its leading article, and without it where allowed."""
    return [key for key, _ in keys_and_prefixes(name, strip_article)]


def keys_and_prefixes(name: str, strip_article: bool) -> list[tuple[str, tuple[str, ...]]]:
    """Index keys of a name, each with the keys of its leading words ("deir", "deiral").

    The prefixes let a scan stop growing a run of words as soon as no name can
    start that way.
    """
    if SIMPLE_WORD_RE.fullmatch(name):
        return [(fold_word(name), ())]
    tokens = tokenize(name)
    if all(t.article for t in tokens):
        return []  # a name that is only an article ('An', 'El') would match every 'al-'
    runs = [tokens]
    if strip_article and len(tokens) > 1 and tokens[0].article:
        runs.append(tokens[1:])
    out = []
    for run in runs:
        if not run:
            continue
        prefixes = tuple(join_keys(run[:n]) for n in range(1, len(run)))
        key = join_keys(run)
        if key:
            out.append((key, prefixes))
    return out

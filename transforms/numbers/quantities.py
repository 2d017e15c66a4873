"""Quantities: `parse_number` reads the count a phrase starts with, from digits, number
words, vague plurals ("dozens") and approximations ("at least 93").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from transforms.numbers.vocabulary import _AGE_SUFFIXES, _MAX_COUNT, _phrase_list, _word_list

_UNITS = {
    word: n
    for n, word in enumerate(
        _word_list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen"
            " fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    word: 10 * n
    for n, word in enumerate(_word_list("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = {
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "half a dozen": 6,
    "dozens": 12,
    "scores": 20,
    "tens": 10,
    "hundreds": 100,
    "thousands": 1000,
    "several": 10,
    "many": 10,
    "multiple": 10,
    "numerous": 10,
    "a number": 10,
    "some": 10,
    "a few": 3,
    "a handful": 3,
    "a couple": 2,
    "both": 2,
    "no one": 0,
    "nobody": 0,
    "none": 0,
    "no": 0,
}


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first so "tens of thousands" beats "tens"."""
    phrases = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)


_NUMBER_WORD = _alternation([*_UNITS, *_TENS, *_SCALES, "dozen"])
# Words before a number that keep its value ("at least 93" is 93, ACLED-style).
_QUALIFIERS = _alternation(
    _phrase_list(
        "at least|at most|more than|no fewer than|no less than|fewer than|less than|over"
        "|nearly|almost|about|around|approximately|roughly|some|up to|as many as|an estimated"
        "|estimated|close to|upwards of|just over|well over|just under|a total of|a further"
        "|another|all|only|the"
    )
)
# What "a"/"an" must stand before to count one: a word, or an age ("a 30-year-old man").
_ARTICLE_BEFORE = rf"\s+(?:[A-Za-z]|\d+-(?:{'|'.join(map(re.escape, _AGE_SUFFIXES))})\b)"
_QUANTITY = re.compile(
    rf"(?<![\w$£€#/:.,-])(?:(?:{_QUALIFIERS})\s+)*"
    r"(?:"
    # 1,200 / 93 / 1.5 million / 30-40 / 30 to 40
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<digit_scale>hundred|thousand|million)\b)?"
    r"(?:\s*(?:-|–|to|or)\s*\d[\d,]*)?"
    r"(?![\w%:/-]|[.,]\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|%|percent|per\s+cent))"
    # twenty-five / two hundred and fifty / a dozen
    rf"|(?P<words>(?:an?\s+)?(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*)(?![\w-])"
    rf"|(?P<vague>{_alternation(_VAGUE)})\b"
    # a soldier / an American Navy SEAL / a 30-year-old man
    rf"|(?P<article>an?)(?={_ARTICLE_BEFORE})"
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: int
    is_article: bool  # "a"/"an": a count only when a victim noun follows


def _word_number(text: str) -> int | None:
    """Value of a run of number words: "twenty-five", "two hundred and fifty", "a dozen"."""
    total = current = 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("a", "an"):
            current = 1
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "dozen":
            current = max(current, 1) * 12
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        elif word != "and":
            return None
    return total + current


def _value(match: re.Match[str]) -> int | None:
    """The count a quantity match stands for (see the package doc for vague words)."""
    if match.group("digits"):
        number = float(match.group("digits").replace(",", ""))
        if match.group("digit_scale"):
            number *= _SCALES[match.group("digit_scale").lower()]
        return int(number) if number == int(number) else None
    if match.group("words"):
        return _word_number(match.group("words"))
    if match.group("vague"):
        return _VAGUE[" ".join(match.group("vague").lower().split())]
    return 1


def parse_number(text: str) -> int | None:
    """The quantity a phrase starts with: "at least 93" -> 93, "two dozen" -> 24,
    "dozens" -> 12, "a soldier" -> 1; None when it starts with no quantity."""
    stripped = text.strip()
    match = _QUANTITY.match(stripped)
    if match is None:
        return None
    if match.group("article") and not re.match(_ARTICLE_BEFORE, stripped[match.end() :]):
        return None
    value = _value(match)
    return value if value is not None and 0 <= value < _MAX_COUNT else None

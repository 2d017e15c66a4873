"""The sentence being read: its tokens, with every quantity that could count people indexed
by token (dates, years and clock times left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.numbers.quantities import _QUANTITY, _Quantity, _value
from transforms.numbers.vocabulary import (
    _MAX_COUNT,
    _MONTH_NAMES,
    _PREPOSITIONS_BEFORE_YEAR,
    _TOKEN,
    _Token,
)


@dataclass
class _Reading:
    """A sentence split into tokens, with its quantities indexed by token."""

    sentence: str
    tokens: list[_Token]
    starting_at: dict[int, _Quantity]  # token index -> quantity starting there
    ending_at: dict[int, _Quantity]  # token index -> quantity ending there
    used: set[int]  # start offsets of quantities already counted

    @classmethod
    def of(cls, sentence: str) -> _Reading:
        tokens = [_Token(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(sentence)]
        token_at_start = {token.start: i for i, token in enumerate(tokens)}
        token_at_end = {token.end: i for i, token in enumerate(tokens)}
        starting_at, ending_at = {}, {}
        for quantity in _quantities(sentence):
            if quantity.start in token_at_start and quantity.end in token_at_end:
                starting_at[token_at_start[quantity.start]] = quantity
                ending_at[token_at_end[quantity.end]] = quantity
        return cls(sentence, tokens, starting_at, ending_at, set())

    def word(self, index: int) -> str:
        """The lowercased token at `index`, '' outside the sentence."""
        return self.tokens[index].word if 0 <= index < len(self.tokens) else ""

    def first_token_at_or_after(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        for i, token in enumerate(self.tokens):
            if token.start >= offset:
                return i
        return len(self.tokens)


def _quantities(sentence: str) -> list[_Quantity]:
    """Every quantity in the sentence that could count people."""
    found = []
    for match in _QUANTITY.finditer(sentence):
        value = _value(match)
        if value is None or not 0 <= value < _MAX_COUNT or _is_date_or_year(match):
            continue
        found.append(_Quantity(match.start(), match.end(), value, bool(match.group("article"))))
    return found


def _is_date_or_year(match: re.Match[str]) -> bool:
    """True for digits that are dates: "in 2014", "the 2014 offensive", "2014,"
    and "March 26" / "26 March" (but "the 2000 troops" and "In December, 16 soldiers" are
    counts)."""
    digits = match.group("digits")
    if not digits:
        return False
    before = match.string[: match.start()].split()[-1:] or [""]
    after = match.string[match.end() :].split()[:1] or [""]
    previous, following = before[0].lower().strip(",."), after[0].lower().strip(",.")
    # "In late December, 16 soldiers were killed": a comma after the month ends the date
    month_before = previous in _MONTH_NAMES and (len(digits) == 4 or not before[0].endswith(","))
    if month_before or following in _MONTH_NAMES:
        return True
    if len(digits) != 4 or digits[:2] not in ("19", "20"):
        return False
    if previous in _PREPOSITIONS_BEFORE_YEAR or following in ("", ","):
        return True
    after_determiner = match.group(0).lower().startswith("the ") or previous.endswith(("'s", "’s"))
    return after_determiner and not digits.endswith("00")

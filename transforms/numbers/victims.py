"""Victim phrases: the quantity and noun phrase before or after a casualty word, with
coordinated groups ("3 soldiers and 2 civilians") summed.
"""

from __future__ import annotations

from dataclasses import dataclass

from transforms.numbers.quantities import _Quantity
from transforms.numbers.reading import _Reading
from transforms.numbers.vocabulary import (
    _AGE_SUFFIXES,
    _AUXILIARIES,
    _NOT_IN_VICTIMS,
    _NOT_VICTIMS,
    _ONE_PERSON_NOUNS,
    _POSSESSIVES,
    _SPEECH_VERBS,
    _kind_of,
)


@dataclass(frozen=True)
class _Victims:
    """Counted victims: their total, and the stretch of text naming them."""

    count: int
    quantities: tuple[_Quantity, ...]
    phrase_start: int  # -1 when no victim noun is written
    phrase_end: int
    first_token: int
    last_token: int


def _is_victim_word(word: str) -> bool:
    """Whether a token can be part of a victim noun phrase ("Syrian", "of", "the")."""
    return word[:1].isalpha() and word not in _NOT_IN_VICTIMS


def _starts_a_reduced_clause(word: str) -> bool:
    """A participle after the head noun starts a clause, not more of the noun:
    "15 civilians accused of ...", "people living in ..."."""
    return word.endswith(("ed", "ing"))


def _phrase_bounds(reading: _Reading, first: int, last: int) -> tuple[int, int]:
    """Offsets of tokens first..last without leading "of"/"the" (-1 when empty)."""
    while first <= last and reading.word(first) in ("of", "the"):
        first += 1
    if first > last:
        return -1, -1
    return reading.tokens[first].start, reading.tokens[last].end


def _names_non_people(reading: _Reading, first: int, last: int) -> bool:
    """True when the noun phrase counts things, not people ("30 km", "airstrikes").

    Its head noun decides: the word before its first "of" ("members of the village
    council"), else its last word. A thing named before the head only describes the
    person: "a village chief", "a bus driver"."""
    words = [reading.word(i) for i in range(first, last + 1)]
    while words and words[0] in ("of", "the"):
        words.pop(0)
    if not words:
        return False
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return head in _NOT_VICTIMS


def _is_age(reading: _Reading, index: int) -> bool:
    """Whether token `index` is part of an age before a victim noun: "a 30-year-old man"
    reads as a, 30, -, year-old, man."""
    word = reading.word(index)
    if word == "-":
        return reading.word(index + 1).startswith(_AGE_SUFFIXES)
    return (
        word.isdigit()
        and reading.word(index + 1) == "-"
        and reading.word(index + 2).startswith(_AGE_SUFFIXES)
    )


def _joined(first: _Victims, second: _Victims) -> _Victims:
    """Two coordinated groups of victims, in reading order, counted together."""
    return _Victims(
        first.count + second.count,
        first.quantities + second.quantities,
        first.phrase_start if first.phrase_start >= 0 else second.phrase_start,
        second.phrase_end if second.phrase_end >= 0 else first.phrase_end,
        first.first_token,
        second.last_token,
    )


def _group_after(reading: _Reading, index: int) -> _Victims | None:
    """One quantity starting at token `index` and the noun phrase after it:
    "at least 93 people", "dozens", "a soldier" (but not "30 km")."""
    quantity = reading.starting_at.get(index)
    if quantity is None or quantity.start in reading.used:
        return None
    after_quantity = reading.first_token_at_or_after(quantity.end)
    last = after_quantity - 1
    while last + 1 - after_quantity < 8 and (
        _is_victim_word(reading.word(last + 1)) or _is_age(reading, last + 1)
    ):
        if last + 1 in reading.starting_at and last + 1 > after_quantity:
            break  # the next group of a coordination
        if last >= after_quantity and _starts_a_reduced_clause(reading.word(last + 1)):
            break  # "15 civilians accused of ...", "people living in ..."
        last += 1
    while last >= after_quantity and reading.word(last) in ("of", "the"):
        last -= 1
    if quantity.is_article and last < after_quantity:
        return None
    if _names_non_people(reading, after_quantity, last):
        return None
    start, end = _phrase_bounds(reading, after_quantity, last)
    return _Victims(quantity.value, (quantity,), start, end, index, max(last, after_quantity - 1))


def _next_group_after(reading: _Reading, victims: _Victims) -> _Victims | None:
    """The group coordinated after `victims` ("... and 3 soldiers", ", 2 civilians"),
    unless it starts a new clause ("killing 5 and 3 others were wounded",
    "injured 40, a doctor said")."""
    link = victims.last_token + 1
    by_comma = reading.word(link) == ","
    link += by_comma
    by_and = reading.word(link) == "and"
    link += by_and
    if not by_and and (not by_comma or victims.phrase_start < 0):
        return None  # a list needs "and", or nouns on both sides of the comma
    possessive = reading.word(link) in _POSSESSIVES
    link += possessive  # "a woman and her two children"
    more = _group_after(reading, link)
    if more is None and possessive and reading.word(link) in _ONE_PERSON_NOUNS:
        more = _one_person(reading, link, link)  # "a commander, his wife and ..."
    if more is None or more.phrase_start < 0:
        return None
    following = reading.word(more.last_token + 1)
    if following in _AUXILIARIES or following in _SPEECH_VERBS or _kind_of(following):
        return None
    return more


def _victims_after(reading: _Reading, index: int) -> _Victims | None:
    """Victims read rightwards from token `index`, coordinated groups summed:
    "12 civilians and 3 soldiers" is 15."""
    victims = _group_after(reading, index)
    while victims is not None and (more := _next_group_after(reading, victims)) is not None:
        victims = _joined(victims, more)
    return victims


def _group_before(reading: _Reading, index: int) -> _Victims | None:
    """One quantity and the noun phrase ending at token `index`: "Fourteen
    Peshmerga", "an American Navy SEAL", "three" (but not a lone "a")."""
    i = index
    while i >= 0 and index - i < 8:
        quantity = reading.ending_at.get(i)
        if quantity is not None and quantity.start not in reading.used:
            if (quantity.is_article and i == index) or _names_non_people(reading, i + 1, index):
                return None
            start, end = _phrase_bounds(reading, i + 1, index)
            first_token = reading.first_token_at_or_after(quantity.start)
            return _Victims(quantity.value, (quantity,), start, end, first_token, index)
        if not (_is_victim_word(reading.word(i)) or _is_age(reading, i)):
            return None
        i -= 1
    return None


def _previous_group(reading: _Reading, victims: _Victims) -> _Victims | None:
    """The group coordinated before `victims`: "5 soldiers and" / "5 soldiers,"."""
    link = victims.first_token - 1
    if reading.word(link) not in ("and", ","):
        return None
    link -= 1
    link -= reading.word(link) == ","
    if reading.word(link).endswith("ed"):
        return None  # a clause ends there: "A ceasefire collapsed, and 4 people were killed"
    more = _group_before(reading, link)
    return more if more is not None and more.phrase_start >= 0 else None


def _one_person(reading: _Reading, first: int, last: int) -> _Victims:
    """One person named by a tie to the victims listed with them, tokens first..last."""
    start, end = _phrase_bounds(reading, first, last)
    return _Victims(1, (), start, end, first, last)


def _one_person_before(reading: _Reading, index: int) -> _Victims | None:
    """One person named by a tie, ending at token `index`: "their driver", "the driver"."""
    tie = index - 1
    if reading.word(index) not in _ONE_PERSON_NOUNS or not (
        reading.word(tie) in _POSSESSIVES or reading.word(tie) == "the"
    ):
        return None
    return _one_person(reading, tie, index)


def _victims_before(reading: _Reading, index: int) -> _Victims | None:
    """Victims read leftwards, ending at token `index`, coordinated groups summed:
    "Scores of Peshmerga and an American Navy SEAL" is 20 + 1, "Nine policemen and their
    driver" 9 + 1. A tie with no count before it ("Their driver was killed") is not read
    here."""
    victims = _group_before(reading, index)
    if victims is None and (tie := _one_person_before(reading, index)) is not None:
        listed = _previous_group(reading, tie)
        victims = _joined(listed, tie) if listed is not None else None
    while victims is not None and (more := _previous_group(reading, victims)) is not None:
        victims = _joined(more, victims)
    return victims

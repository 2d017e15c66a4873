"""Reading a casualty word (active, passive, intransitive or a death toll) and
`find_casualties`, the killed and injured counts a sentence states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.numbers.reading import _Reading
from transforms.numbers.victims import _Victims, _victims_after, _victims_before
from transforms.numbers.vocabulary import (
    _AFTER_OBJECTLESS_PARTICIPLE,
    _DIE_VERBS,
    _INJURE_NOUNS,
    _KILL_NOUNS,
    _LINKS_TO_TOLL,
    _PARTICIPLES,
    _PASSIVE_AUXILIARIES,
    _REFLEXIVES,
    _SKIPPABLE_BEFORE_VERB,
    _TALLY_VERBS,
    _kind_of,
)


@dataclass(frozen=True)
class CasualtyMention:
    """A count of people killed or injured, as one sentence states it."""

    start: int
    end: int
    text: str
    count: int
    kind: str  # 'killed' or 'injured'
    victims: str
    victims_start: int


def _counts_some_of_them(reading: _Reading, index: int) -> bool:
    """Whether the quantity at token `index` opens "12 of them" / "five of whom"."""
    after = reading.first_token_at_or_after(reading.starting_at[index].end)
    return reading.word(after) == "of" and reading.word(after + 1) in ("them", "whom")


def _skip_back(reading: _Reading, index: int) -> tuple[int, bool]:
    """From the token before a verb, skip auxiliaries, adverbs and a relative
    clause set off by commas; return the token the victims end at, and whether
    a form of "be" was seen (which makes the verb passive)."""
    passive = False
    i = index
    while i >= 0:
        word = reading.word(i)
        if word in _SKIPPABLE_BEFORE_VERB:
            passive = passive or word in _PASSIVE_AUXILIARIES
            i -= 1
        elif word == ",":
            opening = _opening_comma(reading, i)
            if opening is None:
                break
            i = opening - 1
        else:
            break
    return i, passive


def _opening_comma(reading: _Reading, closing: int) -> int | None:
    """The comma opening a relative clause that ends at `closing`: ", who was
    part of a quick reaction force,"; None when there is no such clause."""
    for i in range(closing - 1, max(-1, closing - 25), -1):
        if reading.word(i) == ",":
            opener = reading.word(i + 1)
            if i + 1 in reading.starting_at and _counts_some_of_them(reading, i + 1):
                return i  # ", 12 of them police officers,"
            return i if opener in ("who", "which", "including", "among", "most", "many") else None
        if _kind_of(reading.word(i)) or reading.word(i) in (".", ";"):
            return None
    return None


def _object_start(reading: _Reading, verb: int) -> int:
    """Token where the object of the verb ending at token `verb` starts, past
    "down" ("gunned down"), "of" ("the killing of") and "himself and"; -1 for
    a reflexive with nothing after it ("killed himself")."""
    i = verb + 1
    if reading.word(i) in ("down", "of"):
        i += 1
    if reading.word(i) in _REFLEXIVES:
        return i + 2 if reading.word(i + 1) == "and" else -1
    return i


def _verb_word(reading: _Reading, index: int) -> tuple[str | None, int]:
    """The casualty kind at token `index`, and the token its object reading
    starts after (a multi-word verb like "shot dead" or "lost their lives" ends later)."""
    word = reading.word(index)
    if (
        word == "lost"
        and reading.word(index + 1) in ("their", "his", "her")
        and reading.word(index + 2) in ("lives", "life")
    ):
        return "killed", index + 2
    if word == "gunned" and reading.word(index + 1) == "down":
        return "killed", index
    if word == "shot" and reading.word(index + 1) == "dead":
        return "killed", index + 1
    return _kind_of(word), index


def _is_combined(reading: _Reading, index: int, kind: str) -> bool:
    """True for "killed or wounded" / "dead and injured": one count for both."""
    for other in (index - 2, index + 2):
        between = reading.word((index + other) // 2)
        other_kind = _kind_of(reading.word(other))
        if between in ("or", "and", "/") and other_kind and other_kind != kind:
            return True
    return False


def _mention(
    reading: _Reading, kind: str, victims: _Victims, verb: tuple[int, int]
) -> CasualtyMention:
    """Build the public mention and mark its quantities as counted."""
    for quantity in victims.quantities:
        reading.used.add(quantity.start)
    start = min(verb[0], *(q.start for q in victims.quantities))
    end = max(verb[1], victims.phrase_end, *(q.end for q in victims.quantities))
    victims_text = (
        reading.sentence[victims.phrase_start : victims.phrase_end]
        if victims.phrase_start >= 0
        else ""
    )
    return CasualtyMention(
        start,
        end,
        reading.sentence[start:end],
        victims.count,
        kind,
        victims_text,
        victims.phrase_start,
    )


def _read_verb(reading: _Reading, index: int) -> CasualtyMention | None:
    """Read the casualty word at `index` as active (victims after it), passive or
    intransitive (victims before it), or a death toll."""
    word = reading.word(index)
    if word == "toll":
        return _read_toll(reading, index)
    kind, last = _verb_word(reading, index)
    if kind is None or _is_combined(reading, index, kind):
        return None
    verb_span = (reading.tokens[index].start, reading.tokens[last].end)
    before, passive = _skip_back(reading, index - 1)
    if not passive and (not _is_intransitive(word) or reading.word(last + 1) == "of"):
        object_start = _object_start(reading, last)
        victims = _victims_after(reading, object_start) if object_start >= 0 else None
        if victims is not None:
            return _mention(reading, kind, victims, verb_span)
        if object_start < 0:
            return None  # "killed himself"
    if not _may_follow_victims(reading, index, last, passive):
        return None
    victims = _victims_before(reading, before)
    return _mention(reading, kind, victims, verb_span) if victims else None


def _is_intransitive(word: str) -> bool:
    """Casualty words whose victims come before them: "died", "dead", "deaths"."""
    return word in _DIE_VERBS or word in _KILL_NOUNS or word in _INJURE_NOUNS or word == "lost"


def _may_follow_victims(reading: _Reading, index: int, last: int, passive: bool) -> bool:
    """Whether the casualty word can have its victims before it: passive ("were
    killed"), intransitive ("died", "lost their lives", "dead"), or an objectless
    participle ("30 soldiers killed in ...", "three wounded.")."""
    word = reading.word(index)
    if passive or _is_intransitive(word) or last > index:
        return True
    if word not in _PARTICIPLES and word not in ("shot", "gunned"):
        return False
    following = reading.word(last + 1)
    return following == "" or not following.isalnum() or following in _AFTER_OBJECTLESS_PARTICIPLE


def _read_toll(reading: _Reading, index: int) -> CasualtyMention | None:
    """ "the death toll rose to 40", "a toll of 17"."""
    if reading.word(index - 1) == "casualty":
        return None  # dead and wounded together
    first = index - 1 if reading.word(index - 1) == "death" else index
    return _tallied(reading, (first, index), reach=8, links=_LINKS_TO_TOLL)


# Where a tally's stretch ends: a sentence break, a contrast, another tally ('the death toll
# is unclear, but the number of displaced people rose to 4,000').
_TALLY_ENDS = frozenset({".", ";", "but", "while", "whereas", "number", "toll"})


# How far after a tally its count may come when a tally verb ('rose to', 'reached') leads
# to it; nearer, any link word does ('a toll of 17').
TALLY_VERB_REACH = 40


def _tallied(
    reading: _Reading, named: tuple[int, int], reach: int, links: frozenset[str]
) -> CasualtyMention | None:
    """The dead a tally at tokens `named` counts: the first quantity within `reach` tokens
    after it that follows a link word ("a toll of 17"), or further on one a tally verb
    leads to ("rose to 40", "reached 61"), unless a sentence break or another casualty
    word comes first."""
    last = named[1]
    for i in range(last + 1, min(last + TALLY_VERB_REACH + 1, len(reading.tokens))):
        if reading.word(i) in _TALLY_ENDS or _kind_of(reading.word(i)):
            return None
        before = reading.word(i - 1)
        linked = before in _TALLY_VERBS or (
            before in ("to", "at") and reading.word(i - 2) in _TALLY_VERBS
        )
        if i in reading.starting_at and (linked or (i - last <= reach and before in links)):
            victims = _victims_after(reading, i)
            if victims is None:
                return None
            span = (reading.tokens[named[0]].start, reading.tokens[last].end)
            return _mention(reading, "killed", victims, span)
    return None


# The dead a tally names: "the number of dead ... reached 61", "the number of martyrs rose to 9".
_TALLIED_DEAD = frozenset({"dead", "deaths", "killed", "martyrs", "fatalities", "victims"})


def _read_number_of_dead(reading: _Reading, index: int) -> CasualtyMention | None:
    """ "The number of dead from the car bomb that exploded yesterday reached 61": a
    tally of the dead, whose count may come many words after it."""
    named = index + 2 + (reading.word(index + 2) == "the")
    if reading.word(index + 1) != "of" or reading.word(named) not in _TALLIED_DEAD:
        return None
    return _tallied(reading, (index, named), reach=24, links=_LINKS_TO_TOLL)


_CASUALTY_CUE = re.compile(
    r"kill|wound|injur|dead|death|die|slain|slew|execut|behead|massacr|slaughter|murder|lives"
    r"|perish|hurt|toll|fatalit|martyr|gunned|maim|casualt",
    re.IGNORECASE,
)


# A stated zero that names no count of its own: 'causing damage but no casualties', 'there
# were no injuries'. "Casualties" covers both the dead and the wounded, so none of either.
_NO_CASUALTIES = re.compile(
    r"\b(?:no|without(?: any)?)\s+(?:(?:immediate|reported|known|human)\s+)?"
    r"(?P<what>casualties|fatalities|deaths|injuries)\b",
    re.IGNORECASE,
)
_ZERO_OF = {"casualties": ("killed", "injured"), "fatalities": ("killed",), "deaths": ("killed",)}


def _stated_zeros(sentence: str, found: list[CasualtyMention]) -> list[CasualtyMention]:
    """Zero counts for 'no casualties' and the like, of the kinds `found` does not state."""
    zeros = []
    for m in _NO_CASUALTIES.finditer(sentence):
        for kind in _ZERO_OF.get(m["what"].lower(), ("injured",)):
            if not any(c.kind == kind for c in [*found, *zeros]):
                zeros.append(CasualtyMention(m.start(), m.end(), m[0], 0, kind, "", -1))
    return zeros


def find_casualties(sentence: str) -> list[CasualtyMention]:
    """Killed and injured counts stated in `sentence`, in reading order.

    Each mention ties one count to one casualty word; offsets point into
    `sentence`. See the package doc for how vague and coordinated counts read.
    """
    if not sentence or _CASUALTY_CUE.search(sentence) is None:
        return []
    reading = _Reading.of(sentence)
    mentions = []
    for index, token in enumerate(reading.tokens):
        if token.word == "dead" and reading.word(index - 1) == "shot":
            continue  # read with "shot"
        if token.word == "number":
            mention = _read_number_of_dead(reading, index)
            if mention is not None:
                mentions.append(mention)
            continue
        if _kind_of(token.word) or token.word in ("toll", "lost", "shot", "gunned"):
            mention = _read_verb(reading, index)
            if mention is not None:
                mentions.append(mention)
    mentions += _stated_zeros(sentence, mentions)
    return sorted(mentions, key=lambda m: m.start)

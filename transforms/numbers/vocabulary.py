"""The words casualty counts are read with: the tokenizer, the casualty verbs and nouns,
auxiliaries, and the nouns and words that are not victims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MAX_COUNT = 10**7
# An age before a victim noun: "a 30-year-old man" is one person, not thirty.
_AGE_SUFFIXES = ("year-old", "month-old")


def _word_list(text: str) -> list[str]:
    """Split a space-separated word list (keeps long vocabularies compact)."""
    return text.split()


def _phrase_list(text: str) -> list[str]:
    """Split a "|"-separated list of phrases."""
    return text.split("|")


def _words(text: str) -> frozenset[str]:
    """A vocabulary from a space-separated list."""
    return frozenset(_word_list(text))


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d|[^\sA-Za-z\d]")


@dataclass(frozen=True)
class _Token:
    """A word, number or punctuation mark; `word` is lowercased."""

    start: int
    end: int
    word: str


_KILL_VERBS = _words(
    "kill kills killed killing slay slays slew slain execute executes executed executing"
    " behead beheads beheaded beheading massacre massacres massacred massacring slaughter"
    " slaughters slaughtered slaughtering murder murders murdered murdering martyred"
)
_INJURE_VERBS = _words(
    "wound wounds wounded wounding injure injures injured injuring hurt hurting maim maimed"
)
_DIE_VERBS = _words("die dies died perish perished perishes")
_KILL_NOUNS = _words("dead deaths fatalities")
_INJURE_NOUNS = _words("injuries")
# Forms that can stand after their victims without an auxiliary ("30 soldiers
# killed in ..."), as opposed to "killing" or "kills", which need an object.
_PARTICIPLES = _words(
    "killed slain executed beheaded massacred slaughtered murdered martyred wounded injured"
    " hurt maimed"
)
# Forms of "be" (and "get") make a participle passive: "were killed". "have"
# only makes it perfect: "ISIS has killed 30" is active.
_PASSIVE_AUXILIARIES = _words("were was are is be been being got get gets")
_AUXILIARIES = _PASSIVE_AUXILIARIES | _words("have has had")
# Words that may stand between a victim phrase and its verb: "were reportedly
# killed", "are believed to have died", "who were killed".
_SKIPPABLE_BEFORE_VERB = _AUXILIARIES | _words(
    "reportedly also all allegedly later subsequently reported believed thought feared said"
    " confirmed known to apparently likely probably now then already ultimately eventually"
    " just each both who that which themselves since mostly"
)
# What may follow a participle that has no object: "30 soldiers killed in ...".
_AFTER_OBJECTLESS_PARTICIPLE = _words(
    "in by when after as during on at near while since before following and or but from"
    " across inside outside around within throughout amid over under with for including"
    " overnight yesterday today tonight earlier recently last this so there early late"
    " monday tuesday wednesday thursday friday saturday sunday"
)
_POSSESSIVES = _words("her his their its")
# One person, named by their tie to a victim just listed: "a commander, his wife and ..."
_ONE_PERSON_NOUNS = _words(
    "wife husband son daughter brother sister mother father child baby nephew niece cousin"
    " uncle aunt grandson granddaughter grandfather grandmother driver bodyguard guard"
)
_REFLEXIVES = _words("himself herself themselves itself")
_SPEECH_VERBS = _words("said says told say reported added according")
# Not part of a victim noun phrase: function words and verbs.
_NOT_IN_VICTIMS = (
    _AUXILIARIES
    | _AFTER_OBJECTLESS_PARTICIPLE
    | _KILL_VERBS
    | _INJURE_VERBS
    | _DIE_VERBS
    | _REFLEXIVES
    | _words(
        "to into who whom whose which that what where why how he she it they we you i"
        " will would could should may might must can did do does not no than then"
        " said says told say lost left leaving among between against"
        " reportedly also allegedly them him me"
    )
)
# Nouns that are counted but are not people: "30 km", "10,000 airstrikes".
_NOT_VICTIMS = _words(
    "km kms kilometres kilometers kilometre kilometer miles mile metres meters m feet"
    " percent per cent % years year months month weeks week days day hours hour minutes"
    " minute seconds times airstrikes airstrike strikes strike raids raid sorties attacks"
    " attack bombs bomb shells rockets rocket missiles missile mortars rounds bullets"
    " vehicles vehicle cars car tanks tank trucks villages village towns town cities city"
    " houses house buildings homes dollars euros pounds tons tonnes kg kilograms barrels"
    " million billion acres hectares square points votes seats operations explosions"
    " blasts bombings incidents"
)
# The verbs that give a tally its count however far after it they come: "The death toll
# from the bomb that went off near the station on Friday climbed to 36".
_TALLY_VERBS = _words(
    "rose risen rises climbed climbs reached reaches stood stands jumped increased"
)
_LINKS_TO_TOLL = _TALLY_VERBS | _words("hit was is has had at to of now")
_MONTH_NAMES = _words(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
)
_PREPOSITIONS_BEFORE_YEAR = _words(
    "in since of by until till during from before after early late mid"
)


def _kind_of(word: str) -> str | None:
    """'killed' / 'injured' for a casualty word, None for any other word."""
    if word in _KILL_VERBS or word in _DIE_VERBS or word in _KILL_NOUNS:
        return "killed"
    if word in _INJURE_VERBS or word in _INJURE_NOUNS:
        return "injured"
    return None

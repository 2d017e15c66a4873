"""The casualty slots: fatalities and injuries the sentence attributes to an event, and the
victims they name.
"""

from __future__ import annotations

import re

from transforms.actors import Actor
from transforms.extraction.records import Candidate, Context, Mentions
from transforms.numbers import CasualtyMention
from transforms.reference import Reference


def attach_casualties(
    cands: list[Candidate], mentions: Mentions, reference: Reference, context: Context
) -> None:
    """Deaths and injuries go to the nearest event of the sentence; victims fill a missing
    target. The type an attack on civilians then takes is coding's (coding.code_victims)."""
    if not cands or not mentions.casualties:
        return
    base = cands[0].sent.start_char
    for cas in mentions.casualties:
        pos = base + cas.start
        target = min(cands, key=lambda c: abs(c.match.head.idx - pos))
        if cas.kind == "killed":
            target.fatalities = (target.fatalities or 0) + cas.count
        else:
            target.injuries = (target.injuries or 0) + cas.count
        if target.actor2 is None or target.actor2_guessed:
            victim = victim_actor(cas, reference, context)
            if victim is not None and (target.actor1 is None or victim.name != target.actor1.name):
                target.actor2 = victim
                target.victims_named = True
    for c in cands:
        if c.fatalities is not None or c.injuries is not None:
            c.fatalities = c.fatalities or 0
            c.injuries = c.injuries or 0


# A tally that counts more than one happening: a period, a campaign, a running total.
AGGREGATE_TALLY = re.compile(
    r"\b(?:since|so far|this year|last year|in total|overall|altogether|over the (?:past|last)"
    r"|in recent|throughout|during the (?:war|conflict|year|month)|each|every|a year|a month"
    r"|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def attach_tally(
    previous: list[Candidate], sentence: str, casualties: list[CasualtyMention]
) -> bool:
    """A count in the sentence after an event, in a sentence that reports nothing itself, is
    that event's toll ('A car bomb exploded at the market on Monday. At least 12 people
    were killed, police said.'). Only for the last event of the sentence just before, when
    it has no count yet, and never for a tally over a period or a campaign. Whether it
    was attached."""
    if not previous or not casualties or AGGREGATE_TALLY.search(sentence):
        return False
    target = previous[-1]
    if target.fatalities is not None or target.injuries is not None:
        return False
    target.fatalities = sum(c.count for c in casualties if c.kind == "killed")
    target.injuries = sum(c.count for c in casualties if c.kind != "killed")
    return True


_COUNT = (
    r"(?:(?:at least|more than|some|about|nearly|around|up to|over|as many as)\s+)?"
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen"
    r"|\w+teen|twenty|thirty|forty|fifty|dozens|scores|hundreds)"
)
# "At least 12 people were killed and 30 wounded, police said.": a count of the dead or hurt
# and nothing else, but for its source and a pointer back to the happening.
_TALLY_START_RE = re.compile(
    rf"^\s*{_COUNT}\s+(?:[\w-]+\s+){{0,3}}?(?:(?:were|was|have been|had been|are|is)\s+)?"
    r"(?:killed|dead|died|wounded|injured|hurt)\b",
    re.IGNORECASE,
)
_TALLY_REST_RE = re.compile(
    rf"\b(?:and|while)\s+{_COUNT}\s+(?:[\w-]+\s+){{0,2}}?(?:(?:were|was)\s+)?"
    r"(?:killed|dead|wounded|injured|hurt)\b"
    r"|\bin the (?:attack|blast|explosion|bombing|violence|fighting|clashes?|incident|raid"
    r"|strike|shelling|ambush|shooting|assault)\b"
    r"|\baccording to\b.*$|,[^,]*\b(?:said|says|told|reported)\b.*$",
    re.IGNORECASE,
)
BARE_TALLY_REST_WORDS = 3


def is_bare_tally(sentence: str) -> bool:
    """Whether a sentence only counts the dead and wounded (and says who counted them): the
    toll of the happening told just before it, not a happening of its own."""
    start = _TALLY_START_RE.match(sentence)
    if start is None or AGGREGATE_TALLY.search(sentence):
        return False
    rest = _TALLY_REST_RE.sub(" ", sentence[start.end() :])
    return len(re.findall(r"[A-Za-z]+", rest)) <= BARE_TALLY_REST_WORDS


def victim_actor(cas: CasualtyMention, reference: Reference, context: Context) -> Actor | None:
    if not cas.victims:
        return None
    found = reference.actors.find_actors(cas.victims, context.country)
    if found:
        return found[0].actor
    words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", cas.victims)}
    if words & {w.rstrip("s") for w in reference.lexicon.word_set("civilian_victim")}:
        return reference.actors.generic("civilians", None)
    return None

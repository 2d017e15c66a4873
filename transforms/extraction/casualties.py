"""The casualty slots: fatalities and injuries the sentence attributes to an event, and the
victims they name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transforms.actors import Actor
from transforms.extraction.records import Candidate, Context, Mentions
from transforms.numbers import CasualtyMention, find_casualties
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


# What a bare tally may hold besides its counts: a pointer back to the happening ("in the
# blast", "in those two days") and who counted ("..., police said", "according to ...").
_TALLY_REST_RE = re.compile(
    r"\bin the (?:attack|blast|explosion|bombing|violence|fighting|clashes?|incident|raid"
    r"|strike|shelling|ambush|shooting|assault)\b"
    r"|\b(?:in|during|over) (?:those|these|that) (?:\w+ )?(?:days?|hours?|nights?)\b"
    r"|\baccording to\b.*$|,[^,]*\b(?:said|says|told|reported)\b.*$",
    re.IGNORECASE,
)
BARE_TALLY_REST_WORDS = 3


def is_bare_tally(sentence: str, casualties: Sequence[CasualtyMention] | None = None) -> bool:
    """Whether a sentence only counts the dead and wounded (and says who counted them): the
    toll of the happening told just before it, not a happening of its own ("At least 12
    people were killed and 30 wounded, police said."). `casualties` are the sentence's
    counts when already read."""
    found = find_casualties(sentence) if casualties is None else casualties
    if not found or re.search(r"[A-Za-z]", sentence[: found[0].start]):
        return False
    if AGGREGATE_TALLY.search(sentence):
        return False
    rest, last = [], 0
    for cas in found:
        rest.append(sentence[last : cas.start])
        last = cas.end
    rest.append(sentence[last:])
    words = re.findall(r"[A-Za-z]+", _TALLY_REST_RE.sub(" ", " ".join(rest)))
    return len([w for w in words if w.lower() not in ("and", "while")]) <= BARE_TALLY_REST_WORDS


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

"""Merging: one event per happening, within a sentence and across the article's restatements."""

from __future__ import annotations

from collections.abc import Callable

from transforms.actors import Actor
from transforms.extraction.clauses import DATED_RE
from transforms.extraction.records import (
    CLASH,
    DESTRUCTION,
    GRT,
    NSO,
    TRANSFER,
    Candidate,
    place_name,
    precision_of,
)
from transforms.periods import overlap, period


def collapse_sentence(cands: list[Candidate]) -> list[Candidate]:
    """Within a sentence, one event per event type and place (the most specific trigger wins).

    An aim ('an operation to clear X') gives way to any realised event of the sentence,
    and a province-level place gives way to a town of the same type of event.
    """
    if not cands:
        return []
    realised = [c for c in cands if not c.aim]
    if realised and len(realised) < len(cands):
        cands = realised
    towns = {c.event_type for c in cands if precision_of(c) < 3}
    cands = [c for c in cands if precision_of(c) < 3 or c.event_type not in towns]
    blasts = {place_name(c): c for c in cands if c.event_type == "Explosions/Remote violence"}
    for c in cands:
        if generic_attack(c) and place_name(c) in blasts:
            absorb(blasts[place_name(c)], c)  # 'missiles struck Azaz, killing 14': one event
    cands = [c for c in cands if not (generic_attack(c) and place_name(c) in blasts)]
    kept: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.priority, c.match.head.i)):
        twin = next((k for k in kept if same_sentence_fact(k, cand)), None)
        if twin is None:
            kept.append(cand)
        else:
            absorb(twin, cand)
    kept.sort(key=lambda c: c.match.head.i)
    return kept


def generic_attack(c: Candidate) -> bool:
    """'fired', 'attacked', 'hit': a verb that a weapon word in the same sentence makes specific."""
    generic = c.match.trigger.frame == "attack" and c.match.trigger.event_type == "Battles"
    return generic and c.event_type != "Explosions/Remote violence" and c.priority <= 3


def same_sentence_fact(a: Candidate, b: Candidate) -> bool:
    if a.event_type != b.event_type or not sides_agree(a, b) or control_changed_back(a, b):
        return False
    if a.date_source == "explicit" and b.date_source == "explicit" and not dates_compatible(a, b):
        return False
    if place_name(a) == place_name(b):
        return True
    if a.place is None or b.place is None:
        return False
    pa, pb = a.place.place, b.place.place
    coarse = {a.place.precision, b.place.precision} & {3}
    return (
        bool(coarse)
        and pa.country == pb.country
        and (pa.admin1 == pb.admin1 or pa.feature == "country" or pb.feature == "country")
    )


def absorb(keep: Candidate, other: Candidate) -> None:
    """Fill the kept event's empty slots from a restatement of it."""
    if keep.place is None or (
        other.place is not None
        and keep.place.precision > other.place.precision
        and keep.place.place.admin1 == other.place.place.admin1
    ):
        keep.place = other.place or keep.place
    keep.actor1 = keep.actor1 or other.actor1
    if keep.actor2 is None or (
        keep.actor2_guessed and not other.actor2_guessed and other.actor2 is not None
    ):
        keep.actor2, keep.actor2_guessed = other.actor2, other.actor2_guessed
    if keep.actor1 is not None and keep.actor2 is not None and keep.actor1.name == keep.actor2.name:
        keep.actor2 = None
    more_precise = other.date_source == "explicit" and (
        keep.date_source != "explicit" or (other.precision or 4) < (keep.precision or 4)
    )
    if more_precise:
        keep.date, keep.precision, keep.date_source = other.date, other.precision, other.date_source
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    if keep.injuries is None:
        keep.injuries = other.injuries


def control_changed_back(a: Candidate, b: Candidate) -> bool:
    """A town taken and retaken: two happenings ('Kidal, captured by rebels in May 2014,
    fell to government forces on November 14th'). Coding types a change of control by who
    gained it, so one happening read twice gets one type; opposite types with two
    different winners are two changes."""
    return (
        {a.sub_event_type, b.sub_event_type} == {GRT, NSO}
        and a.actor1 is not None
        and b.actor1 is not None
        and a.actor1.name != b.actor1.name
    )


def dates_compatible(a: Candidate, b: Candidate) -> bool:
    """Whether two dated mentions can be one happening: their periods share a day."""
    if a.date is None or b.date is None:
        return True
    return overlap(period(a.date, a.precision), period(b.date, b.precision))


def fold_guests(
    cands: list[Candidate],
    is_guest: Callable[[Candidate], bool],
    hosts: Callable[[Candidate, Candidate], bool],
) -> list[Candidate]:
    """Fold each guest into the first other event of the article that hosts it (its slots fill
    the host's empty ones); every other event is kept, in order."""
    kept = []
    for cand in cands:
        if is_guest(cand):
            host = next((h for h in cands if h is not cand and hosts(h, cand)), None)
            if host is not None:
                absorb(host, cand)
                continue
        kept.append(cand)
    return kept


def fold_clashes_into_territory(cands: list[Candidate]) -> list[Candidate]:
    """A battle that ends in a change of control is coded once, as the change (ACLED practice).

    An armed clash at the same place as a territorial event of the article, with
    overlapping dates and no contradicting actors, is folded into that event.
    """
    return fold_guests(
        cands,
        lambda c: c.sub_event_type == CLASH and c.date_source in ("explicit", "published"),
        lambda t, c: (
            t.sub_event_type in (GRT, NSO)
            and place_name(t) == place_name(c)
            and (t.date is None or (t.date_source == "explicit" and dates_compatible(t, c)))
            and sides_agree(t, c)
        ),
    )


def fold_entries_into_territory(cands: list[Candidate]) -> list[Candidate]:
    """Forces entering a town the article says they took are the taking, told again.

    'Rebels seized the town on Tuesday. The fighters entered the city after brief clashes'
    reports one change of control; the second sentence reads like a handover (*Non-violent
    transfer of territory*) only because it names no fight. A transfer told without a time
    of its own, at the place of a territorial gain of the article with compatible dates and
    no contradicting sides, is folded into that gain; a handover the text dates for itself
    is kept.
    """
    return fold_guests(
        cands,
        lambda c: c.sub_event_type == TRANSFER and not told_with_its_own_time(c),
        lambda t, c: (
            t.sub_event_type in (GRT, NSO)
            and place_name(t) == place_name(c)
            and dates_compatible(t, c)
            and sides_agree(t, c)
        ),
    )


VIOLENT_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence", "Riots")


def fold_destruction_into_violence(cands: list[Candidate]) -> list[Candidate]:
    """Burning and looting in the course of an attack are that attack, not an event of their own.

    ACLED codes looting or property destruction only where no violence against people is
    reported ('Houses and food stores were set on fire' in a story of a raid on the village
    is the raid). Destruction told without a date of its own, at the same place as a violent
    event of the article, on a compatible date and with no contradicting sides, is folded
    into it; destruction the text dates for itself ('the same night, armed men burned...')
    is reported as its own happening.
    """
    return fold_guests(
        cands,
        lambda c: c.sub_event_type == DESTRUCTION and not told_with_its_own_time(c),
        lambda v, c: (
            v.event_type in VIOLENT_TYPES
            and place_name(v) == place_name(c)
            and dates_compatible(v, c)
            and sides_agree(v, c)
        ),
    )


def fold_country_summaries(cands: list[Candidate]) -> list[Candidate]:
    """A happening placed only at a country is a summary of the article's happenings of that
    type in that country on those days ('coalition forces conducted 21 strikes in Syria and
    Iraq on Dec. 9', then each strike by its town): it is folded into the first of them."""
    return fold_guests(
        cands,
        lambda c: c.place is not None and c.place.place.feature == "country",
        lambda t, c: (
            t.event_type == c.event_type
            and t.place is not None
            and t.place.place.feature != "country"
            and t.place.place.country == c.place.place.country
            and dates_compatible(t, c)
            and sides_agree(t, c)
        ),
    )


def told_with_its_own_time(cand: Candidate) -> bool:
    """A date or a time of its own ('on Sunday', 'the same night') makes a sentence a report
    of its own happening rather than a detail of the one before."""
    return cand.date_source == "explicit" or bool(DATED_RE.search(cand.sent.text))


def stated_sides(c: Candidate) -> list[Actor]:
    """The actors the text names for an event (a guessed opponent does not count)."""
    sides = [c.actor1] if c.actor1 is not None else []
    if c.actor2 is not None and not c.actor2_guessed:
        sides.append(c.actor2)
    return sides


def sides_agree(a: Candidate, b: Candidate) -> bool:
    """The same two sides, in either order; an unknown side agrees with anything."""
    names_a = {x.name for x in stated_sides(a)}
    names_b = {x.name for x in stated_sides(b)}
    return (
        not names_a or not names_b or names_a == names_b or names_a <= names_b or names_b <= names_a
    )


# Fire from the air and fire from the ground: two weapons, never one happening told twice
# ('Army artillery shelled their positions all day. Army helicopters struck a convoy').
FIRED = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
# Strategic developments gathers unlike happenings (an arrest, a looting, a deployment, a
# deal): one of them never restates another, however the text dates them.
UNLIKE_KINDS = frozenset({"Strategic developments"})


def restates_kind(k: Candidate, cand: Candidate) -> bool:
    """Whether two mentions' sub-event types may tell one happening: any two of a battle,
    a strike or a protest (a clash told again as the capture it won), but never fire from
    the air and from the ground, and only the same type of a strategic development."""
    kinds = {k.sub_event_type, cand.sub_event_type}
    if kinds == FIRED:
        return False
    return len(kinds) == 1 or k.event_type not in UNLIKE_KINDS


def merge_restatements(cands: list[Candidate]) -> list[Candidate]:
    """One event per article per fact: a later mention of the same happening is folded in.

    Same event type and place, and either the same sub-event type with compatible
    dates, or one of the two mentions has no date of its own (a restatement).
    """
    kept: list[Candidate] = []
    for cand in cands:
        twin = None
        for k in reversed(kept):
            if k.event_type != cand.event_type or place_name(k) != place_name(cand):
                continue
            if not sides_agree(k, cand) or not restates_kind(k, cand):
                continue
            undated = (
                "explicit" not in (k.date_source, cand.date_source)
                or cand.date_source != "explicit"
                or k.date_source != "explicit"
            )
            if (k.sub_event_type == cand.sub_event_type and dates_compatible(k, cand)) or (
                undated
                and (k.sub_event_type == cand.sub_event_type or cand.date_source != "explicit")
            ):
                twin = k
                break
        if twin is None:
            kept.append(cand)
            continue
        if cand.date_source == "explicit" and twin.date_source != "explicit":
            kept[kept.index(twin)] = cand
            absorb(cand, twin)
        else:
            absorb(twin, cand)
    return kept

"""Coding: the one place where a detected sub-event type may change, by the decision
table (coding_table.py, seeds/reference/coding.csv) and the frames' territory and crowd rules.

The classifier reads the type from the words; some ACLED distinctions rest on who the
actor is, which the words leave to the actor dictionary. 'Troops took control of the
district' is *Government regains territory* when the troops are the state's own and
*Non-state actor overtakes territory* when they are a rebel group's or a foreign army's.
Each row of seeds/reference/coding.csv names a detected sub-event type, a condition on
the event's slots, and the sub-event type to code instead; the conditions are the named
predicates of coding_table.py. Adding a rule is a CSV line (and, for a new kind of condition, one
predicate here).
"""

from __future__ import annotations

from transforms.events import TERRITORY_FRAMES, Lexicon, token_key
from transforms.extraction.coding_table import CodingRule, Slots, rule_for
from transforms.extraction.records import (
    CLASH,
    GRT,
    NSO,
    Candidate,
    Context,
    Mentions,
    place_country,
)
from transforms.extraction.sides import (
    default_opponent,
    fill_opponents,
    opponents_of,
    swap_sides,
)
from transforms.extraction.syntax import has_any, object_words, sentence_words, sentence_words_span


def code_detected(
    cand: Candidate, rules: list[CodingRule], country: str | None, lexicon: Lexicon
) -> None:
    """Code a detected event once its slots are read: coding.csv's table, then the victims."""
    # deaths, wounds or lethal force make force against protesters excessive (ACLED)
    harm_told = bool(cand.fatalities or cand.injuries) or has_any(
        sentence_words(cand.sent), lexicon.word_set("harm_word")
    )
    slots = Slots(cand.actor1, cand.actor2, country, harm_told, told_as_stopped(cand, lexicon))
    rule = rule_for(cand.sub_event_type, slots, rules)
    if rule is not None:
        cand.sub_event_type = rule.code_as
        cand.coded_by = f"coding.csv: {rule.condition}"
    put_the_force_first(cand)
    code_victims([cand])


def told_as_stopped(cand: Candidate, lexicon: Lexicon) -> bool:
    """The event's word is what a stopping verb acts on ('police foiled a suicide attack',
    'a car bomb was defused'), or is that verb itself: the weapon never struck."""
    head = cand.match.head
    stopping = lexicon.word_set("stopping_verb")
    if token_key(head) in stopping:
        return True
    return head.dep_ in ("dobj", "nsubjpass") and token_key(head.head) in stopping


def put_the_force_first(cand: Candidate) -> None:
    """ACLED codes excessive force against protesters with the force that used it as actor1
    and the protesters as actor2; every other protest has the protesters first. The sides
    are named before the type is final (coding.csv may make an intervention excessive), so
    the order is settled here."""
    if (
        cand.sub_event_type == "Excessive force against protesters"
        and cand.actor1 is not None
        and cand.actor1.name.startswith("Protesters")
        and cand.actor2 is not None
    ):
        swap_sides(cand)


def code_victims(cands: list[Candidate]) -> None:
    """A battle whose casualty count names civilians as its victims, read from an attack
    frame, is an attack on civilians (ACLED: a battle is between armed, organised sides)."""
    for cand in cands:
        if (
            cand.victims_named
            and cand.event_type == "Battles"
            and cand.match.trigger.frame == "attack"
            and cand.actor2 is not None
            and cand.actor2.inter_code == 7
        ):
            cand.event_type, cand.sub_event_type = "Violence against civilians", "Attack"
            cand.coded_by = cand.coded_by or "civilian victims of an attack"


# --------------------------------------------------------------------------- frames' sub-event types


def code_sub_event(cand: Candidate, mentions: Mentions, context: Context, lexicon: Lexicon) -> None:
    """ACLED sub-event type from the frame, the actors and instrument words in the sentence."""
    frame = cand.match.trigger.frame
    if frame in TERRITORY_FRAMES:
        cand.sub_event_type = territory_sub_event(cand, context)
        if cand.sub_event_type == CLASH:
            cand.event_type = "Battles"
        if cand.actor2 is None and cand.actor1 is not None:
            named = [m.actor for m, _ in mentions.actors if m.actor.name not in cand.assoc1]
            enemies = [
                a for a in opponents_of(cand.actor1, named, context) if a.state != cand.actor1.state
            ]
            cand.actor2 = (
                enemies[0]
                if enemies
                else default_opponent(cand.actor1, context, cand.assoc1, place_country(cand))
            )
            cand.actor2_guessed = cand.actor2 is not None
        return
    if frame in ("attack", "protest", "riot") and code_crowd_event(
        cand, mentions, context, lexicon
    ):
        return
    if frame == "arrest" and cand.actor1 is None:
        # 'A fourth suspect was arrested in Ngawi': ACLED credits the country's police
        country = place_country(cand) or context.country
        cand.actor1 = context.actor_dictionary.generic("police", country)
    if frame != "attack":
        return
    words = sentence_words(cand.sent)
    agent_words = " ".join(sentence_words_span(cand, mentions))
    if cand.event_type in ("Battles", "Explosions/Remote violence"):
        if has_any(words, lexicon.word_set("modifier_chemical")):
            cand.event_type, cand.sub_event_type = "Explosions/Remote violence", "Chemical weapon"
        elif cand.event_type == "Battles" and has_any(
            agent_words, lexicon.word_set("modifier_air")
        ):
            cand.event_type, cand.sub_event_type = "Explosions/Remote violence", "Air/drone strike"
        elif cand.event_type == "Battles" and (
            has_any(object_words(cand), lexicon.word_set("modifier_artillery"))
            or has_any(agent_words, lexicon.word_set("modifier_artillery"))
        ):  # 'fired shells at X', 'shells hit X'
            cand.event_type, cand.sub_event_type = (
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
            )
        elif cand.sub_event_type == "Remote explosive/landmine/IED" and has_any(
            words, lexicon.word_set("modifier_suicide")
        ):
            cand.sub_event_type = "Suicide bomb"
        elif (
            cand.sub_event_type == "Air/drone strike"
            and cand.actor1 is not None
            and not cand.actor1.state
        ):
            cand.sub_event_type = (
                "Remote explosive/landmine/IED"  # a non-state 'bombing' is no air strike
            )
    if cand.event_type in ("Battles", "Explosions/Remote violence"):
        fill_opponents(cand, context, mentions)
    if cand.event_type == "Battles" and cand.actor2 is not None and cand.actor2.inter_code == 7:
        cand.event_type, cand.sub_event_type = "Violence against civilians", "Attack"


def code_crowd_event(
    cand: Candidate, mentions: Mentions, context: Context, lexicon: Lexicon
) -> bool:
    """Protests and riots: the crowd decides the event type, police action the sub-type.

    Coded when the sentence speaks of a crowd (protesters, supporters, a march, a
    mob) and no armed group other than security forces takes part. Crowd violence
    (setting fire, stoning, storming) is a riot, with the police as actor2 when they
    act, even when the sentence is about their shooting; police dispersing a crowd is a
    protest with intervention (excessive force when people were killed); else a
    peaceful protest. Protesters or rioters are actor1, as in ACLED, save under excessive
    force, where the force that used it comes first (put_the_force_first).
    """
    words = sentence_words(cand.sent)
    if not has_any(words, lexicon.word_set("crowd_word")):
        return False
    named = [m.actor for m, _ in mentions.actors]
    if any(
        a.inter_code in (2, 3, 4) or (a.inter_code == 8 and not a.name.startswith("Police"))
        for a in named
    ):
        return False
    actors = context.actor_dictionary
    police = next((a for a in named if a.state or a.name.startswith(("Police", "Military"))), None)
    violent = has_any(words, lexicon.word_set("riot_word"))
    intervention = has_any(words, lexicon.word_set("intervention_word"))
    country = cand.place.place.country if cand.place else context.country
    if intervention and police is None:
        police = actors.generic("police", country)
    if violent:
        cand.event_type, cand.sub_event_type = (
            "Riots",
            "Violent demonstration"
            if cand.match.trigger.frame != "riot"
            or has_any(words, lexicon.word_set("crowd_word") - {"mob"})
            else "Mob violence",
        )
        cand.actor1, cand.actor2 = actors.generic("rioters", None), police
    elif intervention or (police is not None and cand.match.trigger.frame == "attack"):
        killed = bool(cand.fatalities)
        cand.event_type = "Protests"
        cand.sub_event_type = (
            "Excessive force against protesters" if killed else "Protest with intervention"
        )
        cand.actor1, cand.actor2 = actors.generic("protesters", None), police
        put_the_force_first(cand)
    else:
        cand.event_type, cand.sub_event_type = "Protests", "Peaceful protest"
        cand.actor1, cand.actor2 = actors.generic("protesters", None), None
    cand.assoc1, cand.assoc2, cand.actor2_guessed = [], [], False
    return True


def territory_sub_event(cand: Candidate, context: Context) -> str:
    if cand.actor1 is not None:
        return GRT if cand.actor1.state else NSO
    if cand.actor2 is not None:
        return NSO if cand.actor2.state else GRT
    return CLASH

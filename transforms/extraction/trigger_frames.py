"""Frames read from a trigger's roles in the parse (the rules baseline's detection, and the
slots of a detected event whose clause has a matching trigger).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from transforms.events import (
    TERRITORY_FRAMES,
    Lexicon,
    TriggerMatch,
    governing_verb,
    prep_objects,
    purpose_verb,
    read_roles,
    token_key,
)
from transforms.extraction.coding import code_sub_event
from transforms.extraction.dating import date_candidate
from transforms.extraction.places import acceptable_place, choose_places, sentence_place
from transforms.extraction.records import CLASH, Candidate, Context, Mentions
from transforms.extraction.sides import (
    actor_just_before,
    claimant_in_sentence,
    inherited_agent,
    is_passive,
    pick_actor,
    resolve_anaphor,
    sentence_subject_actor,
)
from transforms.extraction.syntax import clause_chain_up, clause_head, is_nominal, mentions_under
from transforms.reference import Reference


def day_dated(mentions: Mentions) -> bool:
    """A day-level date that is a point, not the start of a range ('since August 1')."""
    return any(d.precision <= 2 and not starts_a_range(span) for d, span in mentions.dates)


def starts_a_range(span: SpacySpan) -> bool:
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and before.lower_ in ("since", "from", "until", "till")


def agreement_reached(head: Token, lexicon: Lexicon) -> bool:
    """'agreed to a truce', 'signed a ceasefire', 'reached a deal'; not 'the truce held'."""
    verbs = lexicon.word_set("agreement_verb")
    if head.pos_ in ("VERB", "AUX"):
        return True
    return any(token_key(v) in verbs for v in clause_chain_up(head))


def town_under(head: Token, mentions: Mentions) -> bool:
    return any(p.precision < 3 and head.is_ancestor(span.root) for p, span in mentions.places)


def names_the_weapon_used(head: Token) -> bool:
    """'Mortar shells hit the market', 'killed by rocket fire': the weapon stands for the attack."""
    if head.dep_ in ("nsubj", "nsubjpass"):
        return True
    return head.dep_ == "pobj" and head.head.lower_ in ("by", "with", "from", "under")


def launched(noun: Token, lexicon: Lexicon) -> bool:
    gov = noun.head
    return token_key(gov) in lexicon.word_set("realis_launch") or gov.lower_ in lexicon.word_set(
        "realis_launch"
    )


def verb_is_trigger(verb: Token, trigger_index) -> bool:
    return any(len(t.phrase) == 1 for t in trigger_index.get(token_key(verb), ()))


def frame_candidates(
    sent: SpacySpan,
    index_in_doc: int,
    match: TriggerMatch,
    mentions: Mentions,
    context: Context,
    reference: Reference,
    lexicon: Lexicon,
    heads: Sequence[Token],
    detected: bool = False,
) -> list[Candidate]:
    """Candidates for one trigger. `detected`: a classifier already found an event here,
    so the frame is read for its slots only and a missing place is filled, not fatal."""
    trig = match.trigger
    head = match.head
    roles = read_roles(match)
    if trig.frame == "gain" and takes_no_territory(roles.patient, mentions, lexicon):
        # 'militants stormed a shopping mall': an assault on a building, not a change of control
        trig = replace(trig, frame="attack", event_type="Battles", sub_event_type=CLASH, needs="")
        match = TriggerMatch(trig, match.tokens)
    if trig.frame in ("fall", "loss") and not names_territory(roles.patient, mentions, lexicon):
        return []  # 'attacks have fallen by 80 per cent', 'lost the initiative': no place changed hands
    if trig.needs == "purpose":
        verb = purpose_verb(head)
        launch_verb = head.head
        roles.agent = roles.agent or [c for c in launch_verb.children if c.dep_ == "nsubj"]
        roles.patient = (
            [c for c in verb.children if c.dep_ in ("dobj",)] if verb is not None else []
        )
        roles.source = [c for c in verb.children if c.dep_ == "prep"] if verb is not None else []
    agents = mentions_under(roles.agent, mentions.actors)
    patients_actors = mentions_under(roles.patient, mentions.actors)
    sources = mentions_under(roles.source, mentions.actors)
    actor1, assoc1 = pick_actor(agents)
    if actor1 is None:
        actor1 = resolve_anaphor(roles.agent, head, mentions, context, lexicon, reference)
        assoc1 = []
    verb = governing_verb(head)
    if (
        actor1 is None
        and not roles.agent
        and not is_nominal(verb)
        and not is_passive(verb, mentions)
    ):
        actor1 = actor_just_before(verb, mentions, patients_actors + sources)
    actor2, assoc2 = pick_actor(
        sources if trig.frame in TERRITORY_FRAMES else patients_actors + sources
    )
    if trig.frame == "loss":
        loser, _ = pick_actor(sources)
        if loser is None:
            loser = resolve_anaphor(
                roles.source, head, mentions, context, lexicon, reference
            ) or sentence_subject_actor(head, mentions)
        actor1, assoc1, actor2, assoc2 = None, [], loser, []
    if actor1 is not None and actor2 is not None and actor1.name == actor2.name:
        actor2 = None
    nobody = not (agents or patients_actors or sources)
    scope = roles.patient + roles.locative
    governor = clause_head(head)
    if (head.dep_ == "nsubj" and governor.lemma_ != "be") or (
        head.dep_ == "nsubjpass" and token_key(governor) in lexicon.word_set("report_verb")
    ):
        # 'A suicide bomber drove a tanker into a checkpoint in Hilla': the clause places it
        scope = [*scope, governor]
    nowhere = not mentions_under(scope, mentions.places)
    if trig.frame == "agreement":
        roles.patient = roles.patient + prep_objects(head, {"with", "between"})
        patients_actors = mentions_under(roles.patient, mentions.actors)
    elif (
        is_nominal(head)
        and nobody
        and nowhere
        and not launched(head, lexicon)
        and not crowd_frame(trig)
    ):
        return []  # 'an unprecedented pincer attack', 'the offensive': no one, nowhere
    places = choose_places(trig.frame, roles, head, mentions, context, trig.needs == "place")
    places = [
        (p, src)
        for p, src in places
        if acceptable_place(
            p, src, trig.frame, bool(agents or patients_actors or sources), bool(agents)
        )
    ]
    if not places and detected:
        places = [sentence_place(head, mentions, context, reference)]
    if not places:
        return []
    out = []
    for place, source in places:
        cand = Candidate(
            sent=sent,
            sent_index=index_in_doc,
            match=match,
            event_type=trig.event_type,
            sub_event_type=trig.sub_event_type,
            place=place,
            place_source=source,
            actor1=actor1,
            assoc1=list(assoc1),
            actor2=actor2,
            assoc2=list(assoc2),
        )
        if cand.actor1 is None and trig.frame in TERRITORY_FRAMES and not roles.agent:
            cand.actor1 = claimant_in_sentence(mentions, cand.actor2) or inherited_agent(
                context, cand.actor2
            )
        code_sub_event(cand, mentions, context, lexicon)
        date_candidate(cand, mentions, context, heads)
        out.append(cand)
    return out


def crowd_frame(trig) -> bool:
    """Protests, riots and arrests need no armed actor to be events ('went on the rampage')."""
    return trig.frame in ("protest", "riot", "arrest")


def names_territory(patient: Sequence[Token], mentions: Mentions, lexicon: Lexicon) -> bool:
    """Whether what fell or was lost is a place (a named one, or 'the city', 'the base')."""
    if not patient:
        return True  # nothing stated: let the place search decide
    for tok in patient:
        if any(tok.is_ancestor(s.root) or s.start <= tok.i < s.end for _, s in mentions.places):
            return True
        if token_key(tok) in lexicon.word_set("territory_noun") or tok.lower_ in RELATIVE_WORDS:
            return True
    return False


RELATIVE_WORDS = {"which", "that", "who"}


def takes_no_territory(patient: Sequence[Token], mentions: Mentions, lexicon: Lexicon) -> bool:
    """True when what was 'taken' is a common noun that cannot change hands as territory."""
    if not patient:
        return False
    tok = patient[0]
    if tok.pos_ == "PROPN" or any(s.start <= tok.i < s.end for _, s in mentions.places):
        return False
    return tok.pos_ == "NOUN" and token_key(tok) in lexicon.word_set("facility_noun")

"""From detections to candidate events: each detected sub-event type gets a frame (from a
matching trigger in its clause, or the sentence's own mentions) and its slots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from transforms.events import (
    Lexicon,
    Trigger,
    TriggerMatch,
    find_triggers,
    is_irrealis,
    is_purpose_clause,
    is_realised_aim,
    purpose_verb,
    token_key,
)
from transforms.extraction.casualties import attach_casualties
from transforms.extraction.clauses import Anchored, clause_heads
from transforms.extraction.coding import code_detected, code_victims
from transforms.extraction.dating import date_candidate
from transforms.extraction.detect import Detection
from transforms.extraction.places import listed_with, sentence_place
from transforms.extraction.records import Candidate, Context, Mentions, place_country
from transforms.extraction.sides import name_the_sides, pick_actor, resolve_anaphor
from transforms.extraction.syntax import clause_head, has_any, mentions_under, sentence_words
from transforms.extraction.trigger_frames import (
    agreement_reached,
    day_dated,
    frame_candidates,
    launched,
    names_the_weapon_used,
    town_under,
    verb_is_trigger,
)
from transforms.gazetteer.wording import SPEECH_VERBS
from transforms.reference import Reference


def sentence_candidates(
    sent: SpacySpan,
    index_in_doc: int,
    mentions: Mentions,
    context: Context,
    reference: Reference,
    lexicon: Lexicon,
    trigger_index,
) -> list[Candidate]:
    out: list[Candidate] = []
    matches = find_triggers(sent, trigger_index)
    heads = [m.head for m in matches]
    for match in matches:
        why_not = is_irrealis(match, lexicon)
        if why_not == "generic plural" and (
            town_under(match.head, mentions) or town_under(clause_head(match.head), mentions)
        ):
            why_not = None  # 'during clashes in eastern Mosul': placed, so one happening
        if why_not == "aggregate count" and day_dated(mentions):
            why_not = (
                None  # '10 air strikes on Houthi positions in Hodeidah on Monday': one ACLED event
            )
        if (
            not why_not
            and match.trigger.frame == "agreement"
            and not agreement_reached(match.head, lexicon)
        ):
            why_not = "an agreement mentioned, not reached"
        if why_not:
            continue
        head = match.head
        aim = False
        if is_purpose_clause(head):
            # 'used heavy weapons to bombard' reports the bombardment (intentions like
            # 'sought to', 'threatened to' were refused above); 'an operation to
            # recapture X' counts only when the operation was launched.
            if head.dep_ != "xcomp" and not is_realised_aim(head, lexicon):
                continue
            aim = True
        trig = match.trigger
        if trig.needs == "purpose":
            verb = purpose_verb(head)
            if verb is None or not launched(head, lexicon) or verb_is_trigger(verb, trigger_index):
                continue
        if trig.needs == "subject" and not names_the_weapon_used(head):
            continue  # 'fire a missile toward militants': the firing is the event, not the missile
        if trig.needs == "air" and not (
            context.air_war or has_any(sentence_words(sent), lexicon.word_set("modifier_air"))
        ):
            continue  # a bare 'strike' is an air strike only where aircraft are in the story
        for cand in frame_candidates(
            sent, index_in_doc, match, mentions, context, reference, lexicon, heads
        ):
            cand.aim = aim
            out.append(cand)
    attach_casualties(out, mentions, reference, context)
    code_victims(out)
    return out


# Which trigger frames can carry the slots of a detected event of each event type.
FRAMES_FOR = {
    "Battles": {"attack", "gain", "fall", "loss"},
    "Explosions/Remote violence": {"attack"},
    "Violence against civilians": {"attack", "abduct", "riot"},
    "Protests": {"protest", "riot", "attack", "arrest"},
    "Riots": {"riot", "protest", "attack"},
    "Strategic developments": {"arrest", "agreement", "withdraw", "gain", "fall", "loss"},
}


def detected_candidates(
    sent: SpacySpan,
    index_in_doc: int,
    detections: Sequence[Anchored],
    mentions: Mentions,
    context: Context,
    reference: Reference,
    lexicon: Lexicon,
    trigger_index,
) -> list[Candidate]:
    """Events of a sentence the classifier detected, with slots read by the rules.

    The classifier has decided that the sentence reports these sub-event types; the
    trigger frames of the sentence (realised or not: the classifier, not the lexicon,
    judges realis) only say who did what to whom and where. A detection takes the slots of
    the most compatible frame; with none, it is anchored at the sentence's main verb and
    its slots come from the sentence as a whole. It is never dropped for a missing slot.
    """
    if not detections:
        return []
    matches = find_triggers(sent, trigger_index)
    heads = [m.head for m in matches]
    framed: list[tuple[TriggerMatch, list[Candidate]]] = []
    for match in matches:
        found = frame_candidates(
            sent, index_in_doc, match, mentions, context, reference, lexicon, heads, True
        )
        if found:
            framed.append((match, found))
    out: list[Candidate] = []
    used: set[int] = set()
    for anchored in detections:
        det, anchor = anchored.detection, anchored.anchor
        fitting = [
            (fit, -n, match, found)
            for n, (match, found) in enumerate(framed)
            if (fit := frame_fit(det, match, found, used, anchor)) > 0
        ]
        realised = [f for f in fitting if not told_as_unrealised(f[2], lexicon)]
        if fitting and not realised and max(f[0] for f in fitting) >= 3:
            continue  # 'the army said it would retake the town': a plan, not a happening
        best = max(realised, key=lambda x: x[:2], default=None)
        if best is None:
            cands = anchored_candidates(
                sent, index_in_doc, det, anchor, mentions, context, reference
            )
            for cand in cands:
                date_candidate(cand, mentions, context, heads)
        else:
            used.add(best[2].head.i)
            cands = [replace(c, assoc1=list(c.assoc1), assoc2=list(c.assoc2)) for c in best[3]]
        for cand in cands:
            if told_as_denied(cand.match.head, lexicon):
                continue
            cand.event_type, cand.sub_event_type = det.event_type, det.sub_event_type
            cand.detected_as, cand.coded_by = det.sub_event_type, ""
            cand.probability = det.probability
            name_the_sides(cand, mentions, context, lexicon)
            out.append(cand)
    attach_casualties(out, mentions, reference, context)
    for cand in out:  # coding, once every slot is read
        code_detected(cand, reference.coding_rules, place_country(cand) or context.country, lexicon)
        cand.event_type = reference.event_types[cand.sub_event_type]
    return out


def told_as_unrealised(match: TriggerMatch, lexicon: Lexicon) -> bool:
    """Whether a frame tells a happening that has not happened: its verb takes a future or
    conditional modal ('would retake', 'could seize', 'will march'), or is the infinitive of
    a verb of intent or expectation ('vowed to recapture', 'are expected to arrest',
    'vowed to try to retake'). Only the verb and its infinitive chain are read: a modal
    higher up ('It should be noted that an encounter took place') leaves it told."""
    modals, intents = lexicon.word_set("future_modal"), lexicon.word_set("intent_verb")
    verb = match.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    while True:
        auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a in modals for a in auxes) and "have" not in auxes:
            return True  # 'may have killed' tells a past happening, uncertainly
        if verb.dep_ != "xcomp":
            return False
        if token_key(verb.head) in intents:
            return True
        verb = verb.head


def told_as_denied(head: Token, lexicon: Lexicon) -> bool:
    """Whether the happening at `head` is what the sentence denies: 'The government denied
    that police had used live ammunition', 'Officials rejected claims that soldiers shot
    protesters'. A denial of one's part in it ('denied involvement in the bombing') still
    reports the bombing, so only a denied statement counts."""
    root = head.sent.root
    if token_key(root) not in lexicon.word_set("denial_verb"):
        return False
    claims = lexicon.word_set("claim_noun")
    denied = [c for c in root.children if c.dep_ == "ccomp"]
    denied += [
        d
        for c in root.children
        if c.dep_ == "dobj" and token_key(c) in claims
        for d in c.children
        if d.dep_ in ("acl", "ccomp", "relcl")
    ]
    return bool(denied) and (
        head.i == root.i or any(d.left_edge.i <= head.i <= d.right_edge.i for d in denied)
    )


def frame_fit(
    det: Detection,
    match: TriggerMatch,
    found: Sequence[Candidate],
    used: set[int],
    anchor: Token | None,
) -> int:
    """How well a trigger frame's reading suits a detection (0: not at all).

    A detection made in a clause takes only frames of that clause (the main clause's
    frames are those outside every sub-clause).
    """
    if match.head.i in used or not in_clause(match.head, anchor):
        return 0
    coded = found[0]
    if coded.sub_event_type == det.sub_event_type:
        return 4
    if coded.event_type == det.event_type:
        return 3
    if match.trigger.event_type == det.event_type:
        return 2
    return 1 if match.trigger.frame in FRAMES_FOR.get(det.event_type, ()) else 0


def in_clause(tok: Token, anchor: Token | None) -> bool:
    """Whether a token belongs to the clause headed by `anchor` (None: the whole sentence;
    the sentence's root: the main clause, outside every sub-clause)."""
    if anchor is None:
        return True
    if anchor.dep_ == "ROOT":
        subs = clause_heads(anchor.sent)
        return not any(h.is_ancestor(tok) or h.i == tok.i for h in subs)
    return anchor.i == tok.i or anchor.is_ancestor(tok)


def reported_clause(root: Token) -> Token:
    """The happening's verb when the sentence is a report of it: in 'Soldiers raped two
    women, a rights group said' the event's verb is 'raped', whose subject is the actor,
    not 'said', whose subject only tells the news."""
    if root.text.lower() not in SPEECH_VERBS:
        return root
    reported = [
        c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX")
    ]
    return reported[0] if reported else root


def anchored_candidates(
    sent: SpacySpan,
    index_in_doc: int,
    det: Detection,
    anchor: Token | None,
    mentions: Mentions,
    context: Context,
    reference: Reference,
) -> list[Candidate]:
    """A detected event no trigger frame covers: anchored at its clause's verb (the
    sentence's main verb when detected in the whole sentence).

    Its actor is the subject's (or a pronoun's antecedent), the other side the next actor
    named; its place the town nearest the verb, else any place of the sentence, else the
    story's last place, else the article's country, else none. Places listed together
    ('strikes on Ras al-Ain and Tal Abyad') give one event each, as ACLED codes them.
    """
    root = reported_clause(anchor if anchor is not None else sent.root)
    trigger = Trigger(
        (root.lemma_.lower(),), root.pos_, "detected", det.event_type, det.sub_event_type, 0, ""
    )
    match = TriggerMatch(trigger, [root])
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
    subjects.sort(key=lambda c: (c.i > root.i, -c.i))  # the nearest before the verb first
    agents = mentions_under(
        [c for c in subjects if c.dep_ != "nsubjpass"]
        + [g for c in root.children if c.dep_ == "agent" for g in c.children],
        mentions.actors,
    )
    actor1, assoc1 = pick_actor(agents)
    if actor1 is None and subjects and subjects[0].dep_ == "nsubj":
        actor1 = resolve_anaphor(
            subjects[:1], root, mentions, context, reference.lexicon, reference
        )
    others = [(m, s) for m, s in mentions.actors if actor1 is None or m.actor.name != actor1.name]
    others = [(m, s) for m, s in others if m.actor.name not in assoc1]
    actor2, assoc2 = pick_actor(others[:1])
    place, source = sentence_place(root, mentions, context, reference)
    return [
        Candidate(
            sent=sent,
            sent_index=index_in_doc,
            match=match,
            event_type=det.event_type,
            sub_event_type=det.sub_event_type,
            place=listed,
            place_source=source,
            actor1=actor1,
            assoc1=list(assoc1),
            actor2=actor2,
            assoc2=list(assoc2),
        )
        for listed in listed_with(place, mentions)
    ]

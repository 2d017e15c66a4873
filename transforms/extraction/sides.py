"""The roles: who acted (actor1) and against whom (actor2), from the parse, the sentence,
the article's context and the dictionary's sides.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from transforms.actors import Actor, ActorMention
from transforms.events import Lexicon, token_key
from transforms.extraction.records import CLAIM_VERBS, Candidate, Context, Mentions, place_country
from transforms.extraction.syntax import names_the_source, unique_actors
from transforms.reference import Reference


def name_the_sides(cand: Candidate, mentions: Mentions, context: Context, lexicon: Lexicon) -> None:
    """ACLED's conventions for the sides of a detected event whose type the parse did not
    code: protesters and rioters are actor1 of crowd events, the police who intervene
    actor2; arrests are made by the country's police when no one else is named, of
    civilians when the arrested belong to no named group; property of no named group that is
    destroyed or looted is civilians'; an air strike is a state's; the other side of a fight
    comes from the article."""
    actors = context.actor_dictionary
    country = place_country(cand) or context.country
    named = [m.actor for m, _ in mentions.actors]
    police = next((a for a in named if a.state or a.name.startswith(("Police", "Military"))), None)
    if cand.event_type == "Protests":
        cand.actor1, cand.assoc1 = actors.generic("protesters", None), []
        if cand.sub_event_type != "Peaceful protest":
            cand.actor2 = police or actors.generic("police", country)
        else:
            cand.actor2 = None
        cand.assoc2, cand.actor2_guessed = [], False
    elif cand.event_type == "Riots" and cand.sub_event_type == "Violent demonstration":
        if cand.actor1 is None or cand.actor1.state:
            cand.actor1, cand.assoc1 = actors.generic("rioters", None), []
            cand.actor2 = police
    elif cand.sub_event_type == "Arrests":
        if cand.actor1 is None:
            cand.actor1 = actors.generic("police", country)
        if cand.actor2 is None:  # ACLED: people arrested who belong to no named group
            cand.actor2, cand.actor2_guessed = actors.generic("civilians", None), True
    elif cand.sub_event_type == "Looting/property destruction":
        # ACLED: property destroyed or looted that belongs to no named group is civilians'
        civilians = actors.generic("civilians", None)
        if cand.actor2 is None and cand.actor1 != civilians:
            cand.actor2, cand.actor2_guessed = civilians, True
    elif cand.sub_event_type == "Change to group/activity" and cand.actor1 is None and country:
        # 'Martial law was declared in the township': a measure no one is named for is the
        # government's, as ACLED codes curfews and states of emergency
        cand.actor1 = actors.generic("government", country)
    elif cand.sub_event_type == "Disrupted weapons use":
        put_the_disrupter_first(cand, mentions, context, country)
    elif cand.event_type in ("Battles", "Explosions/Remote violence"):
        split_reciprocal_subjects(cand, mentions, context, lexicon)
        if cand.sub_event_type == "Air/drone strike":
            put_the_aircraft_first(cand)
        fill_opponents(cand, context, mentions)
    elif cand.event_type == "Violence against civilians":
        if cand.actor2 is None:
            cand.actor2, cand.actor2_guessed = actors.generic("civilians", None), True
        if cand.actor1 is None:
            cand.actor1 = attacker_of_civilians(mentions, context)


def split_reciprocal_subjects(
    cand: Candidate, mentions: Mentions, context: Context, lexicon: Lexicon
) -> None:
    """'The army and al-Shabaab clashed', 'Iraqi troops and IS fighters fought': subjects
    joined by 'and' before a reciprocal verb are the two sides, not allies; the first
    opponent of actor1 among them becomes actor2."""
    if cand.actor1 is None or cand.actor2 is not None or not cand.assoc1:
        return
    if token_key(cand.match.head) not in lexicon.word_set("reciprocal_verb"):
        return
    joined = {m.actor.name: m.actor for m, _ in mentions.actors}
    for name in cand.assoc1:
        other = joined.get(name)
        if other is not None and not context.allied(cand.actor1, other):
            cand.actor2 = other
            cand.assoc1 = [n for n in cand.assoc1 if n != name]
            return


def is_passive(verb: Token, mentions: Mentions) -> bool:
    """Passive voice; an 'auxiliary' that is really an actor ('Before IS took Mosul') does not count."""
    inside_actor = {t.i for _, span in mentions.actors for t in span}
    return any(
        c.dep_ in ("auxpass", "nsubjpass") and c.i not in inside_actor for c in verb.children
    ) or (verb.tag_ == "VBN" and verb.dep_ == "acl")


def actor_just_before(head: Token, mentions: Mentions, taken: Sequence) -> Actor | None:
    """A subject the parser missed ('Before IS took Mosul': 'IS' read as the verb 'is').

    The nearest actor mention ending within three tokens before the verb stands in.
    """
    taken_ids = {id(m) for m, _ in taken}
    near = [
        (m, s)
        for m, s in mentions.actors
        if s.end <= head.i and head.i - s.end <= 2 and id(m) not in taken_ids
    ]
    return near[-1][0].actor if near else None


def pick_actor(hits: Sequence[tuple[ActorMention, SpacySpan]]) -> tuple[Actor | None, list[str]]:
    """The first actor named (in text order) is the actor; the others and backers are associated."""
    if not hits:
        return None, []
    hits = sorted(hits, key=lambda ms: ms[1].start)
    first = hits[0][0]
    assoc: list[str] = []
    for m, _ in hits[1:]:
        if m.actor.name != first.actor.name and m.actor.name not in assoc:
            assoc.append(m.actor.name)
    for backer in first.backers:
        if backer != first.actor.name and backer not in assoc:
            assoc.append(backer)
    return first.actor, assoc


def resolve_anaphor(
    role: Sequence[Token],
    head: Token,
    mentions: Mentions,
    context: Context,
    lexicon: Lexicon,
    reference: Reference,
) -> Actor | None:
    """'the group', 'militants', 'it', 'an Iraqi offensive': who is meant."""
    if not role:
        return None
    tok = role[0]
    key = token_key(tok)
    demonym_actor = actor_from_modifiers(tok, reference, context) or actor_from_demonym(
        tok, reference, context
    )
    if demonym_actor is not None:
        return demonym_actor
    if key in lexicon.word_set("anaphor_perpetrator"):
        return perpetrator_from_story(context)
    if key in lexicon.word_set("anaphor_armed") or any(
        token_key(c) in lexicon.word_set("anaphor_armed") for c in tok.children
    ):  # 'militants' with no armed group named in the article: an unidentified one
        return armed_group_meant(head, mentions, context)
    if key in lexicon.word_set("anaphor_pronoun") or tok.pos_ == "PRON":
        before = [m.actor for m, s in mentions.actors if s.end <= tok.i]
        if before:
            return before[-1]
        governing = governing_subject(tok)
        if governing is not None:  # 'The militants held Fallujah, after they overran it'
            found = resolve_anaphor(
                [governing], governing.head, mentions, context, lexicon, reference
            )
            if found is not None:
                return found
        if context.last_agents:
            return context.last_agents[0]
        return context.main_armed
    return None


# Clauses whose unnamed subject is most likely the subject of the clause they hang from.
DEPENDENT_CLAUSES = frozenset({"advcl", "conj", "relcl"})


def governing_subject(tok: Token) -> Token | None:
    """The subject, earlier in the sentence and not itself a pronoun, of the clause that a
    pronoun's clause depends on: in 'The militants had held Fallujah since 2014, when they
    overran the city', 'they' are the militants, not the last actor of the sentences before."""
    clause = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ not in DEPENDENT_CLAUSES:
        return None
    governor = clause.head
    while governor.pos_ not in ("VERB", "AUX") and governor.head is not governor:
        governor = governor.head  # a relative clause hangs from a noun: 'since January, when'
    subjects = [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and subjects[0].i < tok.i and subjects[0].pos_ != "PRON":
        return subjects[0]
    return None


def armed_group_meant(head: Token, mentions: Mentions, context: Context) -> Actor:
    """Which armed group 'militants' or 'the insurgents' are: the article's main one, unless
    the sentence names it as the target ('Militants attacked SDF positions' in a piece on
    the SDF is the SDF's rival, not the SDF); else an unidentified armed group."""
    targets = {m.actor.name for m, span in mentions.actors if span.start > head.i}
    for group in (context.main_armed, *context.armed_named):
        if group is not None and group.name not in targets:
            return group
    return unidentified_armed_group(context)


def perpetrator_from_story(context: Context) -> Actor:
    """Who 'the attackers' or 'the raiders' are: the side that acted in the sentences
    before, else an unidentified armed group (ACLED's name for an unknown perpetrator)."""
    for actor in context.last_agents:
        if actor.inter_code != 7:
            return actor
    return unidentified_armed_group(context)


def unidentified_armed_group(context: Context) -> Actor:
    """ACLED's name for an armed side nobody names."""
    return context.actor_dictionary.generic("armed group", None)


def forces_named_by(word: str, actors, country: str | None) -> Actor | None:
    """The state forces a demonym names: 'Turkish' -> Turkey, as 'Turkish forces' would."""
    for m in actors.find_actors(f"{word} forces", country):
        return m.actor
    return None


def actor_from_demonym(tok: Token, reference: Reference, context: Context) -> Actor | None:
    """'heavy Turkish shelling': the modifier itself names the state whose forces act."""
    if tok.pos_ in ("ADJ", "PROPN") and tok.text[:1].isupper():
        return forces_named_by(tok.text, reference.actors, context.country)
    return None


def actor_from_modifiers(tok: Token, reference: Reference, context: Context) -> Actor | None:
    """'an Iraqi offensive', 'a Syrian-Russian operation': the state forces a demonym names."""
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.pos_ in ("ADJ", "PROPN", "NOUN"):
            forces = forces_named_by(child.text, reference.actors, context.country)
            if forces is not None:
                return forces
    return None


def sentence_subject_actor(head: Token, mentions: Mentions) -> Actor | None:
    """The actor of the sentence's main subject ('ISIS is losing ... followed by losses of Y')."""
    for m, span in mentions.actors:
        if span.root.dep_ in ("nsubj", "nsubjpass") and span.start < head.i:
            return m.actor
    return None


def claimant_in_sentence(mentions: Mentions, loser: Actor | None) -> Actor | None:
    """'The town was also captured on Sunday, the SNA said': the side that claims the capture."""
    for m, span in mentions.actors:
        other_side = loser is None or m.actor.name != loser.name
        claims = span.root.dep_ == "nsubj" and token_key(span.root.head) in CLAIM_VERBS
        if m.actor.inter_code in (1, 2, 3, 8) and other_side and claims:
            return m.actor
    return None


def inherited_agent(context: Context, loser: Actor | None) -> Actor | None:
    """A passive capture with no agent: the actor who was acting in the previous sentences."""
    for actor in context.last_agents:
        if loser is None or actor.name != loser.name:
            return actor
    return None


def default_opponent(
    actor: Actor, context: Context, allies: Sequence[str] = (), country: str | None = None
) -> Actor | None:
    """The other side when the text leaves it unsaid, never the actor's ally.

    Against state forces: the article's main armed group. Against an armed group: the
    forces of the state where it happens, when the article names them ('Libyan forces'
    in Sirte, not the U.S. jets overhead); else the article's main state forces; else
    the article's main armed group ('the SDF took Baghuz' in a piece on ISIS).
    """
    if actor.state:
        options = [context.main_armed]
    else:
        local = [s for s in context.states_named if country and s.country == country]
        options = [*local, context.main_state, context.main_armed]
        rival = armed_rival(actor, context)
        state = next((s for s in options if s is not None), None)
        if rival is not None and (
            state is None or context.times_named[rival.name] > context.times_named[state.name]
        ):
            options = [rival, *options]
    for option in options:
        if (
            option is not None
            and option.name != actor.name
            and option.name not in allies
            and not context.allied(actor, option)
        ):
            return option
    return None


def armed_rival(actor: Actor, context: Context) -> Actor | None:
    """The armed group an armed group's story is about fighting, when it is not the state:
    in a piece on the SDF's war with ISIS, the other side of the SDF is ISIS, though
    Syria's government is named too. The rival is taken over the state forces only when the
    article names it more often."""
    for other in context.armed_named:
        if other.name != actor.name and not context.allied(actor, other):
            return other
    return None


def fill_opponents(cand: Candidate, context: Context, mentions: Mentions) -> None:
    """The sides of a fight the parse left open, from the sentence first, then the article.

    A missing side is another actor named in the same sentence (across the
    state/non-state line first); failing that, the article's main armed group or
    main state forces, whichever is the other side. An unattributed bombing in an
    article about ISIS is ISIS's; an unattributed air strike is a state's (armed
    groups have no aircraft). Sides filled this way are marked as guessed, so a
    named victim can replace them.
    """
    if cand.actor2 is None:
        cand.actor2_guessed = True
    named = unique_actors(
        m.actor
        for m, _ in mentions.actors
        if m.actor.inter_code != 7 and m.actor.name not in cand.assoc1
    )
    if cand.actor1 is None and cand.actor2 is None:
        if cand.sub_event_type == "Air/drone strike":
            cand.actor1 = next((a for a in named if a.state), None) or context.main_state
        elif cand.event_type == "Explosions/Remote violence":  # a bomb nobody claimed
            cand.actor1 = armed_group_meant(cand.match.head, mentions, context)
        elif (
            len(named) >= 2
        ):  # 'A member of the Iraqi police fires toward IS militants during clashes'
            others = opponents_of(named[0], named[1:], context)
            if others:
                cand.actor1, cand.actor2 = named[0], others[0]
                return
    if cand.actor1 is not None and cand.actor2 is None:
        others = opponents_of(cand.actor1, named, context)
        if others:
            cand.actor2 = others[0]
        else:
            manned = force_holding_target(cand, context)
            held = manned is not None and manned.name != cand.actor1.name
            cand.actor2 = (
                manned
                if held
                else default_opponent(cand.actor1, context, cand.assoc1, place_country(cand))
            )
    elif cand.actor1 is None and cand.actor2 is not None:
        if cand.actor2.inter_code == 7 and cand.sub_event_type != "Air/drone strike":
            cand.actor1 = attacker_of_civilians(mentions, context)
            return
        if cand.sub_event_type == "Air/drone strike":
            cand.actor1 = next((a for a in named if a.state and a.name != cand.actor2.name), None)
            cand.actor1 = cand.actor1 or default_opponent(
                cand.actor2, context, country=place_country(cand)
            )
            return
        others = [a for a in named if a.name != cand.actor2.name and a.state != cand.actor2.state]
        others = [a for a in others if not context.allied(cand.actor2, a)]
        cand.actor1 = (
            others[0]
            if others
            else default_opponent(cand.actor2, context, country=place_country(cand))
        )


def swap_sides(cand: Candidate) -> None:
    """Actor1 and actor2 trade places, each with its associated actors."""
    cand.actor1, cand.actor2 = cand.actor2, cand.actor1
    cand.assoc1, cand.assoc2 = cand.assoc2, cand.assoc1


def put_the_aircraft_first(cand: Candidate) -> None:
    """An air strike is flown by a side that can fly: 'a military jet dropped bombs on a
    crowd' names the crowd only as its target. When the side read first is unarmed
    (protesters, rioters, civilians) and the other is a state's forces, the state is actor1
    and the unarmed side its target. An unnamed first side stays open, since armed groups
    fly drones at armies too ('drones were dropped on an army post')."""
    first, second = cand.actor1, cand.actor2
    if first is not None and first.inter_code in (5, 6, 7) and second is not None and second.state:
        swap_sides(cand)


def put_the_disrupter_first(
    cand: Candidate, mentions: Mentions, context: Context, country: str | None
) -> None:
    """ACLED's sides of a disrupted weapon: who stopped it (actor1), whose it was (actor2).

    The parse reads 'devices left by the militants' with the militants as the doers, and
    an unclaimed device is taken for the story's armed group; but a state force that
    defuses, intercepts or seizes is the one acting whenever the other side is an armed
    group. With no one named, a device is defused by the country's forces, and it was
    the story's armed group's ('police defused a car bomb near the bridge' in a piece on
    ISIS), as ACLED codes whose weapon was stopped.
    """
    fill_opponents(cand, context, mentions)
    first, second = cand.actor1, cand.actor2
    if first is not None and second is not None and not first.state and second.state:
        swap_sides(cand)
    if cand.actor1 is None or cand.actor1.inter_code == 7:
        cand.actor1 = context.main_state or (
            context.actor_dictionary.generic("military", country) if country else None
        )
    owner, stopper = context.main_armed, cand.actor1
    if cand.actor2 is None and owner is not None and stopper is not None:
        cand.actor2 = next(iter(opponents_of(stopper, [owner], context)), None)


def attacker_of_civilians(mentions: Mentions, context: Context) -> Actor:
    """The unnamed side of an attack on civilians: an armed actor the sentence names other
    than as the source of the news ('..., police said' does not make the police the
    attackers), else the story's perpetrator. Never the state by default: ACLED names an
    unknown perpetrator an unidentified armed group."""
    doers = [
        m.actor
        for m, span in mentions.actors
        if m.actor.inter_code != 7 and not names_the_source(span)
    ]
    return doers[0] if doers else perpetrator_from_story(context)


FORCE_MODIFIERS = ("police", "army", "military", "gendarmerie")


def force_holding_target(cand: Candidate, context: Context) -> Actor | None:
    """'attacked a police checkpoint', 'overran an army post': the forces holding the target.

    The dictionary reads 'police' before 'checkpoint' as describing a thing, not as an
    actor; as the target of an attack it names who was attacked.
    """
    head = cand.match.head
    targets = [c for c in head.children if c.dep_ == "dobj"] + [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in ("on", "at", "against")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    country = place_country(cand) or context.country
    for target in targets:
        for word in target.children:
            if word.dep_ in ("compound", "amod") and word.lower_ in FORCE_MODIFIERS:
                return context.actor_dictionary.generic(word.lower_, country)
            if word.dep_ in ("compound", "amod") and word.text[:1].isupper():
                # 'struck Saudi positions': the forces of the state the demonym names
                forces = forces_named_by(word.text, context.actor_dictionary, country)
                if forces is not None:
                    return forces
    return None


def opponents_of(
    actor: Actor, named: Sequence[Actor], context: Context | None = None
) -> list[Actor]:
    """Other named actors that are not the actor's allies, those across the state/non-state
    line first.

    'A Syrian-Russian operation pushed back ISIS': Russia is an ally, ISIS the enemy.
    """
    others = [
        a
        for a in named
        if a.name != actor.name and (context is None or not context.allied(actor, a))
    ]
    return sorted(others, key=lambda a: a.state == actor.state)

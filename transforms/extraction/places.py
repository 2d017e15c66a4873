"""The place slot: which of a sentence's places an event happened in, from the roles of its
frame, the sentence, and the places the article named before.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from transforms.events import TERRITORY_FRAMES
from transforms.extraction.records import Context, Mentions
from transforms.extraction.syntax import (
    clause_head,
    mentions_under,
    names_the_source,
    unique_places,
)
from transforms.gazetteer import PlaceMention
from transforms.reference import Reference


def listed_with(place: PlaceMention | None, mentions: Mentions) -> list[PlaceMention | None]:
    """The place and the places of its sentence listed together with it."""
    span = next((s for p, s in mentions.places if p is place), None)
    if span is None:
        return [place]
    return unique_places([p for p, _ in enumeration_of(span, mentions.places)]) or [place]


def sentence_place(
    anchor: Token, mentions: Mentions, context: Context, reference: Reference
) -> tuple[PlaceMention | None, str]:
    """Where a sentence's event is, from the sentence as a whole, then the story.

    Places in the countries the article is mostly about come first, towns before
    regions; a place that only says where the news came from ('officials in Misrata
    said') yields to the story's place: in 'Duterte, who cut short a visit to Moscow, declared martial law across
    Mindanao', the event is in Mindanao. Among towns, the one nearest the anchor wins.
    """
    home = set(context.countries[:2])
    ranked = sorted(
        mentions.places,
        key=lambda ps: (
            bool(home) and ps[0].place.country not in home,
            ps[0].precision >= 3,
            abs(ps[1].root.i - anchor.i),
        ),
    )
    told_where = [ps for ps in ranked if not names_the_source(ps[1])]
    if told_where and story_town_in_countries([p for p, _ in told_where], context):
        return context.last_places[0], "context"
    if told_where:
        return told_where[0][0], "sentence"
    if context.last_places:
        return context.last_places[0], "context"
    if ranked:
        return ranked[0][0], "sentence"
    return country_place(context, reference), "country"


def story_town_in_countries(places: Sequence[PlaceMention], context: Context) -> bool:
    """Whether the only places a sentence names are the country of the town the story is in
    ('shelled the centre of this railway town in eastern Ukraine' under a Kupiansk
    dateline): the country only says where that town is."""
    return (
        bool(places)
        and bool(context.last_places)
        and context.last_places[0].place.feature != "country"
        and all(
            p.place.feature == "country" and p.place.country == context.last_places[0].place.country
            for p in places
        )
    )


def country_place(context: Context, reference: Reference) -> PlaceMention | None:
    """The country the article makes known, as a place of geo_precision 3."""
    name = context.current_country or context.country
    place = reference.gazetteer.country(name) if name else None
    return PlaceMention(0, 0, name, place, 3) if place is not None else None


def choose_places(
    frame: str, roles, head: Token, mentions: Mentions, context: Context, needs_place: bool
) -> list[tuple[PlaceMention, str]]:
    """Where the event happened: the taken place, else a locative, else the sentence, else context."""
    if frame in TERRITORY_FRAMES or frame == "withdraw":
        role = roles.source if frame == "withdraw" and roles.source else roles.patient

        def below_country(places: list[PlaceMention]) -> list[PlaceMention]:
            # a country cannot be the place taken ('... out of Deir ez-Zor, its last
            # stronghold in Syria'): look further
            return [p for p in places if p.place.feature != "country"]

        taken = below_country(role_places(role, mentions)) or below_country(
            role_places(roles.source, mentions)
        )
        if taken:
            return [(p, "role") for p in taken]
        local = role_places(roles.locative, mentions)
        return [(local[0], "role")] if local else []
    if frame == "protest":
        # a protest happens where the crowd gathered ('gathered in Erbil to protest the
        # entry of troops into Kirkuk'), not at what it protests against
        local = next(
            (found for preps in gathering_places(head) if (found := role_places(preps, mentions))),
            [],
        ) or role_places(roles.locative, mentions)
    else:
        local = role_places(roles.patient + roles.locative, mentions)
    towns_here = [p for p, _ in mentions.places if p.precision < 3]
    if local and all(p.place.feature == "country" for p in local) and towns_here:
        return [(towns_here[0], "sentence")]  # 'agreed in Sweden to halt fighting in Hodeidah'
    if local and story_town_in_countries(local, context):
        return [(context.last_places[0], "context")]  # 'this railway town in eastern Ukraine'
    if local:
        # 'air strikes on Ras al-Ain and Tal Abyad': one event for each place
        return [(p, "role") for p in local]
    sources = {id(p) for p, s in mentions.places if names_the_source(s)}
    fronted = fronted_place(head, mentions)
    if fronted is not None and id(fronted) not in sources:
        return [(fronted, "clause")]
    under = [
        p
        for p in role_places([head], mentions) + role_places([clause_head(head)], mentions)
        if p.precision < 3 and id(p) not in sources
    ]
    if under:
        return [(under[0], "clause")]
    if needs_place:
        return []
    towns = [(p, s) for p, s in mentions.places if p.precision < 3 and id(p) not in sources]
    if towns:
        nearest = min(towns, key=lambda ps: abs(ps[1].root.i - head.i))
        return [(nearest[0], "sentence")]
    if mentions.places:
        return []  # only a country or province is named: not enough to place it
    if context.last_places:
        return [(context.last_places[0], "context")]
    return []


FRONTED_PREPOSITIONS = frozenset({"in", "at", "near", "outside"})


def fronted_place(head: Token, mentions: Mentions) -> PlaceMention | None:
    """A town set before the main verb ('In Jos, youths burned cars after a rally about the
    killings in Bauchi ended in a brawl') places everything the sentence tells that names
    no place in its own roles: it scopes the whole sentence, whatever a subordinate clause
    names nearer the event's word."""
    root = head.sent.root
    for place, span in mentions.places:
        prep = span.root.head
        if (
            place.precision < 3
            and span.root.dep_ == "pobj"
            and prep.lower_ in FRONTED_PREPOSITIONS
            and prep.head.i == root.i
            and prep.i < root.i
        ):
            return place
    return None


GATHERING_PREPOSITIONS = frozenset(
    {"in", "at", "outside", "near", "across", "around", "through", "on", "along", "into"}
)


def gathering_places(head: Token) -> list[list[Token]]:
    """The locatives of the verb a protest is the purpose of, then of its own verb."""
    verbs = [head]
    if head.dep_ in ("xcomp", "advcl") and head.head.pos_ == "VERB":
        verbs.insert(0, head.head)  # 'gathered in Erbil to protest ...'
    return [
        [c for c in verb.children if c.dep_ == "prep" and c.lower_ in GATHERING_PREPOSITIONS]
        for verb in verbs
    ]


def acceptable_place(
    place: PlaceMention, source: str, frame: str, has_actor: bool, has_agent: bool
) -> bool:
    """Whether a place is specific enough for this frame.

    A country alone locates an event only when someone is named doing it ("Indian
    troops clashed with militants in Pakistan"); a withdrawal needs a town; a place
    carried over from earlier sentences needs a named actor doing something now.
    """
    if place.place.feature == "country" and (
        not has_actor or frame in ("withdraw", "gain", "fall", "loss")
    ):
        return False
    if frame == "withdraw" and place.precision >= 3:
        return False
    return not (source == "context" and not has_agent)


def role_places(role: Sequence[Token], mentions: Mentions) -> list[PlaceMention]:
    """The places a role names: the one nearest the role word, plus places conjoined with it.

    "Ramadi and Fallujah" gives both; "Mosul, Iraq's second largest city" gives Mosul
    only; "the Shaer gas field in the Palmyra desert" gives the gas field.
    """
    expanded = []
    for tok in role:
        expanded.append(tok)
        if any(c.lower_ == "whose" for c in tok.children) and tok.head.dep_ == "relcl":
            expanded.append(
                tok.head.head
            )  # 'Baiji, whose refinery was recaptured': Baiji's refinery
        if tok.dep_ == "appos":
            expanded.append(tok.head)
        expanded.extend(c for c in tok.children if c.dep_ == "appos")
    hits = mentions_under(expanded, mentions.places)
    if not hits:
        return []
    hits.sort(
        key=lambda ps: (
            ps[0].place.feature in ("country", "governorate", "region"),
            min(abs(ps[1].root.i - t.i) for t in expanded),
        )
    )
    first_place, first_span = hits[0]
    return unique_places(
        [p for p, _ in enumeration_of(first_span, mentions.places)] or [first_place]
    )


def enumeration_of(span: SpacySpan, places: Sequence[tuple[PlaceMention, SpacySpan]]) -> list:
    """The places listed together with `span`: "Azaz, Jarabulus, Mari, and (most importantly) Dabiq".

    Read from the words between the names (commas, 'and', 'or', parenthesised
    adverbs) rather than the parse, which often breaks long lists.
    """
    ordered = sorted(places, key=lambda ps: ps[1].start)
    idx = next((i for i, (_, s) in enumerate(ordered) if s.start == span.start), None)
    if idx is None:
        return []
    group = [ordered[idx]]
    for step in (-1, 1):
        j = idx
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j + step], ordered[j]) if step < 0 else (ordered[j], ordered[j + step])
            if not only_list_glue(a[1], b[1]):
                break
            group.append(ordered[j + step])
            j += step
    group.sort(key=lambda ps: ps[1].start)
    return group


LIST_GLUE = frozenset({",", "and", "or", "(", ")", "as", "well", "both"})
# A preposition repeated after 'and' or 'or' still lists: 'in Ankara and in Izmir'.
REPEATED_PREPOSITIONS = frozenset({"in", "at", "near", "around", "outside"})


def only_list_glue(left: SpacySpan, right: SpacySpan) -> bool:
    between = left.doc[left.end : right.start]
    if len(between) == 0 or len(between) > 6:
        return False
    words = {t.lower_ for t in between}
    glue = LIST_GLUE | REPEATED_PREPOSITIONS if words & {"and", "or"} else LIST_GLUE
    return bool(words & {",", "and", "or"}) and all(
        t.lower_ in glue or t.pos_ == "ADV" for t in between
    )

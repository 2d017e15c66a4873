"""Mentions: the actors, places, dates and casualty figures one sentence names, from the
dictionaries, the gazetteer, the date resolver and the number reader (no parse needed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan

from transforms.dates import DateMention, find_date_mentions, find_date_offsets, resolve_offset
from transforms.extraction.records import Context, Mentions
from transforms.gazetteer import PlaceMention
from transforms.models import Article
from transforms.numbers import find_casualties
from transforms.reference import Reference


def sentence_mentions(
    sent: SpacySpan, article: Article, context: Context, reference: Reference
) -> Mentions:
    doc = sent.doc
    base = sent.start_char
    text = sent.text
    found_places = reference.gazetteer.find_places(text, context.countries)
    country = sentence_country(found_places, context)
    actors = []
    for m in reference.actors.find_actors(text, country):
        span = doc.char_span(base + m.start, base + m.end, alignment_mode="expand")
        if span is not None:
            actors.append((m, span))
    actor_chars = [(s.start_char, s.end_char) for _, s in actors]
    places = []
    for p in found_places:
        start, end = base + p.start, base + p.end
        if any(start < e and s < end for s, e in actor_chars) and not names_the_town_after_all(
            text, p.start, p.end, actor_chars, base
        ):
            continue  # "Islamic State of Iraq and Syria" names an actor, not a place
        if context.dateline and context.dateline[0] <= start and end <= context.dateline[1]:
            continue  # "BEIRUT -": where the reporter files from (the story's place at most)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        if names_a_facility_abroad(span, p, context):
            continue  # "the Ouagadougou conference centre" in Sirte is not in Burkina Faso
        if (context.last_places or len(found_places) > 1) and (
            names_a_road(span) or names_an_office(span) or p.place.feature == "river"
        ):
            # "the Kirkuk road", "the governor of Salahuddin", "crossed the Euphrates":
            # where a road leads, whose office, a line hundreds of km long; not where it happened
            continue
        places.append((p, span))
    dates = []
    found_dates = find_date_mentions(text, context.published, context.text_year)
    for d in with_offsets_resolved(text, found_dates, context):
        span = doc.char_span(base + d.start, base + d.end, alignment_mode="expand")
        if span is not None:
            dates.append((d, span))
    return Mentions(actors, places, dates, find_casualties(text))


def with_offsets_resolved(
    text: str, dates: list[DateMention], context: Context
) -> list[DateMention]:
    """Add the sentence's anaphoric dates ("a day earlier", "three months later", "in
    September that year"), counted from the story's own dates: one earlier in the
    sentence, else the previous sentence's, else the story's last day named, else the
    lead's day."""
    out = list(dates)
    for offset in find_date_offsets(text):
        if any(offset.start < d.end and d.start < offset.end for d in dates):
            continue
        before = [d for d in dates if d.end <= offset.start]
        if before:
            anchor, precision = before[-1].date, before[-1].precision
        elif context.last_dates:
            anchor, precision = context.last_dates[-1].date, context.last_dates[-1].precision
        elif context.recent_date is not None:  # the story's last day named
            anchor, precision = context.recent_date.date, context.recent_date.precision
        elif context.story_date is not None:
            anchor, precision = context.story_date, 1
        else:
            continue
        resolved = resolve_offset(offset, anchor, precision, context.published)
        if resolved is not None:
            out.append(resolved)
    return sorted(out, key=lambda d: d.start)


# Before a name, words that make it a place even when a leader bears it as his surname:
# "seized most of al-Baghdadi", "fighting in al-Baghdadi".
_PLACE_BEFORE_RE = re.compile(
    r"(?:\b(?:in|near|outside|around|into|at|toward|towards)|\b(?:town|city|village|district|"
    r"outskirts|most|parts|control|centre|center|north|south|east|west)\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def names_the_town_after_all(
    text: str, start: int, end: int, actor_chars: Sequence[tuple[int, int]], base: int
) -> bool:
    """Whether a name the actor dictionary also knows (a leader's surname, "al-Baghdadi") is
    here the town that bears it: exactly the actor's words, after "in", "near", "most of"."""
    exact = (base + start, base + end) in actor_chars
    return exact and bool(_PLACE_BEFORE_RE.search(text[max(0, start - 30) : start]))


ROAD_NOUNS = frozenset({"road", "highway", "motorway", "expressway", "route", "corridor"})


def names_a_road(span: SpacySpan) -> bool:
    """A town's name used as a road's ('the Kirkuk road', 'the Baghdad-Kirkuk highway')
    names where the road leads, not where on it something happened."""
    if span.root.dep_ not in ("compound", "nmod", "amod"):
        return False
    return span.root.head.lemma_.lower() in ROAD_NOUNS


OFFICE_NOUNS = frozenset(
    {"governor", "mayor", "council", "ministry", "minister", "chief", "commander", "governorate"}
)


def names_an_office(span: SpacySpan) -> bool:
    """A place that only says whose office someone holds ('mediation by the governor of
    Salahuddin') names a jurisdiction, not where the mediation took place."""
    if span.root.dep_ == "compound":  # 'the Salahuddin governor'
        return span.root.head.lemma_.lower() in OFFICE_NOUNS
    if span.root.dep_ != "pobj" or span.root.head.lower_ != "of":
        return False
    return span.root.head.head.lemma_.lower() in OFFICE_NOUNS


def names_a_facility_abroad(span: SpacySpan, place: PlaceMention, context: Context) -> bool:
    """A foreign city's name used as a modifier of a common noun names a building, not a place."""
    if span.root.dep_ != "compound" or span.root.head.pos_ != "NOUN":
        return False
    return bool(context.countries) and place.place.country != context.countries[0]


def sentence_country(places: Sequence[PlaceMention], context: Context) -> str | None:
    """The country a sentence is about: its places' country, else the running one.

    An article on two fronts ("...in Mosul. ...in Aleppo") reads "government forces"
    or "rebels" by the front the sentence is on, not by the article's first country.
    """
    counts = Counter(p.place.country for p in places if p.place.country)
    if counts:
        context.current_country = counts.most_common(1)[0][0]
    return context.current_country or context.country

"""The article's context: what it tells every sentence (publication date, countries, main
actors, the headline's places) and what each sentence leaves for the next.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from transforms.actors import Actor, ActorMention
from transforms.dates import find_date_mentions
from transforms.extraction.dating import dated_happening_noun, in_another_clause
from transforms.extraction.records import AIR_WORDS, Candidate, Context, Mentions
from transforms.extraction.syntax import names_the_source
from transforms.gazetteer import Gazetteer
from transforms.gazetteer.places import distance_km
from transforms.gazetteer.tables import AREA_FEATURES
from transforms.models import Article
from transforms.reference import Reference


def article_context(article: Article, doc: Doc, reference: Reference) -> Context:
    countries, found = countries_and_actors(article.clean_text, reference)
    armed: Counter[str] = Counter()
    states: Counter[str] = Counter()
    actors_by_name: dict[str, Actor] = {}
    times_named: Counter[str] = Counter()
    for m in found:
        actors_by_name[m.actor.name] = m.actor
        times_named[m.actor.name] += 1
        if m.actor.inter_code in (2, 3) and not m.actor.state:
            # rebel groups (2) outrank militias (3): in 'Iraqi troops and the PMF retook X'
            # the militia fights beside the state, against the article's insurgents
            armed[m.actor.name] += 3 if m.actor.inter_code == 2 else 1
        elif m.actor.state:
            states[m.actor.name] += 1
    main = actors_by_name[armed.most_common(1)[0][0]] if armed else None
    dateline = body_dateline(article)
    return Context(
        published=article.published_date,
        countries=countries,
        main_armed=main,
        states_named=[actors_by_name[name] for name, _ in states.most_common()],
        armed_named=[actors_by_name[name] for name, _ in armed.most_common()],
        times_named=dict(times_named),
        allies=reference.allies,
        actor_dictionary=reference.actors,
        air_war=any(word in article.clean_text.lower() for word in AIR_WORDS),
        text_year=None if article.published_date else first_year_named(article.clean_text),
        last_places=headline_places(article, countries, reference)
        or dateline_places(article, dateline, countries, reference),
        dateline=dateline,
    )


def countries_and_actors(text: str, reference: Reference) -> tuple[list[str], list[ActorMention]]:
    """The countries a text is about, and its actors read for the first of them.

    Armed groups' names are not evidence of a country ('Fano militiamen' in Ethiopia say
    nothing of the Italian town of Fano), so the countries are counted again without them;
    the text is scanned for actors a second time only when that changes its country.
    """
    gazetteer = reference.gazetteer
    countries = gazetteer.countries_in(text)
    first = countries[0] if countries else None
    found = reference.actors.find_actors(text, first)
    masked = without_group_names(text, found, gazetteer)
    if masked != text:
        countries = gazetteer.countries_in(masked)
        if (countries[0] if countries else None) != first:
            found = reference.actors.find_actors(text, countries[0] if countries else None)
    return countries, found


def without_group_names(text: str, found: Sequence[ActorMention], gazetteer: Gazetteer) -> str:
    """The text with the armed groups' names among `found` blanked out, except a name that
    names a country or its people ('Free Syrian Army')."""
    chars = list(text)
    names_a_country: dict[str, bool] = {}
    for m in found:
        if m.actor.state or m.actor.inter_code not in (2, 3, 4):
            continue
        if m.text not in names_a_country:
            names_a_country[m.text] = gazetteer.names_a_country(m.text)
        if not names_a_country[m.text]:
            chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


_WORD = r"[A-Z][\w'’.-]*"
DATELINE = re.compile(
    rf"\s*{_WORD}(?:\s+{_WORD}){{0,3}}"  # the city: one to four capitalised words
    rf"(?:,\s*{_WORD}(?:\s+{_WORD}){{0,2}})?"  # its country or state
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"  # a date: 'Oct. 5', 'May 15, 2016'
    r"(?:\s*\([A-Z][\w.&'’ -]{1,30}\))?"  # the agency: '(Reuters)'
    r"\s*(?:[-–—]+|:)\s"
)


def body_dateline(article: Article) -> tuple[int, int] | None:
    """Where the body's opening dateline is ('MOSUL, Iraq (Reuters) -', 'Maiduguri -',
    'New Delhi:'), as offsets into the clean text: it says where the reporter filed from,
    which is the story's place only until a sentence names where things happened."""
    text = article.clean_text
    offset, seen = 0, 0
    for paragraph in text.split("\n"):
        start, offset = offset, offset + len(paragraph) + 1
        if not paragraph.strip() or (article.title and paragraph.strip() == article.title.strip()):
            continue
        found = DATELINE.match(paragraph)
        if found:
            return start, start + found.end()
        seen += 1
        if seen == 2:
            return None
    return None


def dateline_places(
    article: Article, dateline: tuple[int, int] | None, countries: list[str], reference: Reference
) -> list:
    """The dateline's town, the story's place until the body names one."""
    if dateline is None:
        return []
    found = reference.gazetteer.find_places(article.clean_text[slice(*dateline)], countries)
    return [p for p in found if p.place.feature != "country"][:1]


def headline_places(article: Article, countries: list[str], reference: Reference) -> list:
    """The towns a headline names: where the story is until its body names a place.

    A report's lead often leaves the place to its headline ('Police fire tear gas at
    teachers in Harare' over 'Striking teachers marched to the ministry on Monday').
    """
    if not article.title:
        return []
    found = reference.gazetteer.find_places(article.title, countries)
    return [p for p in found if p.place.feature != "country"]


def first_year_named(text: str) -> int | None:
    """The year of the first date a text states, for a story with no publication date."""
    dates = find_date_mentions(text, None)
    return dates[0].date.year if dates else None


def furniture_spans(article: Article) -> list[tuple[int, int]]:
    """Text not to read events from: the headline (a summary, not a report) and datelines."""
    spans = []
    text = article.clean_text
    if article.title and text.strip() != article.title.strip():  # a headline-only item is read
        pos = text.find(article.title)
        if pos >= 0:
            spans.append((pos, pos + len(article.title)))
    return spans


# A section heading: a short line of its own with no verb and no closing stop ("Air strikes
# and the corridor", "2. Killings in the villages", "13:45 Tear gas in Istanbul"). It names
# what the section tells; the section's sentences report it.
HEADING_MAX_WORDS = 8
_HEADING_LEAD_RE = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}\s*|\d{1,2}\.\s+|[IVX]{1,4}\.\s+)")


def is_section_heading(sent, text: str) -> bool:
    """Whether a parsed sentence is a heading line of a longer story (never of a one-line item)."""
    start = sent.start_char
    end = start + len(sent.text.rstrip())
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before, after = text[line_start:start], text[end : None if line_end < 0 else line_end]
    whole_line = not after.strip() and (not before.strip() or _HEADING_LEAD_RE.fullmatch(before))
    words = _HEADING_LEAD_RE.sub("", sent.text).split()
    if not whole_line or text.count("\n") < 2 or not words:
        return False
    if sent.text.rstrip().endswith((".", "!", "?", '"', "”", "’", ":", ";", ")")):
        return False
    if is_title_case(words):
        return True  # a headline over its section, verb or not: 'Coalition Strikes Hit Oil Sites'
    return len(words) <= HEADING_MAX_WORDS and not any(tok.pos_ in ("VERB", "AUX") for tok in sent)


TITLE_CASE_SHARE = 0.75  # of the words of four letters or more
TITLE_CASE_MIN_WORDS = 3


def is_title_case(words: Sequence[str]) -> bool:
    """Headline capitals: nearly every longer word starts with a capital, as no sentence does."""
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    if len(long_words) < TITLE_CASE_MIN_WORDS:
        return False
    capitals = sum(w[0].isupper() for w in long_words)
    return capitals / len(long_words) >= TITLE_CASE_SHARE


def overlaps_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end and start >= s and end <= e for s, e in spans)


def remember(context: Context, mentions: Mentions, found: list[Candidate], sent_index: int) -> None:
    """Carry this sentence's places, dates and acting actors to the next sentences."""
    # where the news came from ('a State Department official in Washington said') is not
    # where the story goes on
    places = [
        p
        for p, span in mentions.places
        if p.place.feature != "country" and not names_the_source(span)
    ]
    if places and not names_only_the_area_around(places, context.last_places, found):
        context.last_places = events_places_first(places, found)
    # only the sentence just before dates an undated past event ('It began with an attack...'),
    # by the time of its main clause: after 'Juliaca lived on Monday the bloodiest day of the
    # protests that began in December', the next sentence's dead died on Monday
    context.last_dates = narrative_dates(mentions)
    named = [
        (noun, d.date, d.precision)
        for d, span in mentions.dates
        if (noun := dated_happening_noun(span)) is not None
    ]
    named += [(c.match.head, c.date, c.precision) for c in found if c.date_source == "explicit"]
    for word, date, precision in named:
        said = context.dated_happenings.setdefault(word.lemma_.lower(), [])
        said.append((sent_index, date, precision))
    # the year the text gives: one it states ('in October 2014'), not one counted from it
    # ('eleven months later'), which tells of another time and not of the story's year
    stated = [d for d, _ in mentions.dates if STATED_YEAR_RE.search(d.text)]
    if context.published is None and stated:
        context.text_year = stated[-1].date.year
    recent = [d for d, _ in mentions.dates if d.precision <= 2]
    if recent:
        context.recent_date = recent[-1]
    if context.story_date is None:
        dated = [c for c in found if c.date_source == "explicit" and (c.precision or 4) <= 2]
        if (
            dated
            and context.published is not None
            and (context.published - dated[0].date).days <= 14
        ):
            context.story_date = dated[0].date
    agents = [c.actor1 for c in found if c.actor1 is not None]
    subject_actors = [
        m.actor for m, span in mentions.actors if span.root.dep_ in ("nsubj", "nsubjpass")
    ]
    if agents or subject_actors:
        context.last_agents = agents or subject_actors


# A town this near the centre of a province a sentence names lies in it, as far as the
# story's place goes (a town's province is not always in the gazetteer).
TOWN_IN_AREA_KM = 200


def names_only_the_area_around(
    places: list, last_places: list, found: list[Candidate] = ()
) -> bool:
    """Whether a sentence names only provinces or districts that hold the town the story is
    in, and tells no event there ("Clan elders across the Hiiraan region called for calm"
    after a report from Beledweyne): the story stays in the town, not at the province's
    centre. A raid "in Zamfara state" under a Gusau dateline moves the story to Zamfara."""
    if not last_places or last_places[0].place.feature in AREA_FEATURES:
        return False
    if any(c.place is not None and c.place.place.feature in AREA_FEATURES for c in found):
        return False
    town = last_places[0].place
    return all(
        p.place.feature in AREA_FEATURES
        and p.place.country == town.country
        and (
            p.place.admin1 == town.admin1
            if p.place.admin1 and town.admin1
            else distance_km(p.place, town) <= TOWN_IN_AREA_KM
        )
        for p in places
    )


STATED_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def narrative_dates(mentions: Mentions) -> list:
    """A sentence's dates, less those of its relative clauses (background) when it has others."""
    dates = [d for d, _ in mentions.dates]
    told = [d for d, span in mentions.dates if not in_another_clause(span.root, span.sent.root)]
    return told or dates


def events_places_first(places: list, found: list[Candidate]) -> list:
    """The sentence's places, those of the events it reported first: the story goes on where
    its last event was ('Gusau (Reuters) - Gunmen raided a village in Zamfara ...' then
    'The attackers fled ...' is in Zamfara, not at the dateline)."""
    at_events = [
        c.place for c in found if c.place is not None and c.place.place.feature != "country"
    ]
    firsts = [p for p in places if any(p is e or p.place == e.place for e in at_events)]
    return firsts + [p for p in places if p not in firsts]

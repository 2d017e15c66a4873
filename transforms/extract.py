"""From a cleaned article to coded events: sentences -> mentions -> frames -> events.

Per sentence, the actor dictionary, the gazetteer, the date resolver and the
casualty reader find mentions; `transforms.events` finds triggers and reads their
roles from the dependency parse; this module fills each frame's slots from the
mentions in those roles, falls back on the article's context (the place and date
of the previous sentences, the article's main armed actor for "the group"), codes
the ACLED sub-event type, and merges restatements of the same fact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from transforms.actors import Actor, ActorMention
from transforms.dates import (
    DateMention,
    find_date_mentions,
    find_date_offsets,
    resolve_offset,
)
from transforms.events import (
    TERRITORY_FRAMES,
    Lexicon,
    Trigger,
    TriggerMatch,
    find_triggers,
    governing_verb,
    is_irrealis,
    is_purpose_clause,
    is_realised_aim,
    prep_objects,
    purpose_verb,
    read_roles,
    token_key,
)
from transforms.extraction.coding import Slots, code
from transforms.extraction.detect import Detection, Detector, RememberingDetector
from transforms.extraction.parse import parse_where_needed
from transforms.gazetteer import PlaceMention
from transforms.models import Article
from transforms.numbers import CasualtyMention, find_casualties
from transforms.reference import Reference

CLAIM_VERBS = ("say", "claim", "announce", "report")
AIR_WORDS = ("air strike", "airstrike", "warplane", "air raid", "aircraft", "jets", "drone")
GRT = "Government regains territory"
NSO = "Non-state actor overtakes territory"
CLASH = "Armed clash"
DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w .'’-]*?)?\s*[-–—]+\s")


@dataclass
class Mentions:
    """Everything found in one sentence, offsets made absolute (into clean_text)."""

    actors: list[tuple[ActorMention, SpacySpan]]
    places: list[tuple[PlaceMention, SpacySpan]]
    dates: list[tuple[DateMention, SpacySpan]]
    casualties: list[CasualtyMention]


@dataclass
class Candidate:
    """An event being assembled from one trigger in one sentence."""

    sent: SpacySpan
    sent_index: int
    match: TriggerMatch
    event_type: str
    sub_event_type: str
    place: PlaceMention | None = None
    place_source: str = ""
    actor1: Actor | None = None
    assoc1: list[str] = field(default_factory=list)
    actor2: Actor | None = None
    assoc2: list[str] = field(default_factory=list)
    date: dt.date | None = None
    precision: int | None = None
    date_source: str = ""
    fatalities: int | None = None
    injuries: int | None = None
    aim: bool = False
    actor2_guessed: bool = False  # filled from context, so a named victim may replace it
    probability: float | None = None  # the detector's, when a classifier detected the event

    @property
    def priority(self) -> int:
        return self.match.trigger.priority


@dataclass
class Context:
    """What the article as a whole tells a sentence: publication date, countries, main actor."""

    published: dt.date | None
    countries: list[str]
    main_armed: Actor | None
    last_places: list[PlaceMention] = field(default_factory=list)
    last_dates: list[DateMention] = field(default_factory=list)
    recent_date: DateMention | None = None  # the last day or week named in the article so far
    last_agents: list[Actor] = field(default_factory=list)
    current_country: str | None = None
    actor_dictionary: object = None  # the ActorDictionary, for generic actors
    air_war: bool = False  # the article speaks of aircraft, so a bare 'strike' is an air strike
    story_date: dt.date | None = None  # the day of the report's first dated happening
    # With no publication date, the year the text gives (its last year named so far; at
    # first, the first it names): '20 March' falls in it.
    text_year: int | None = None
    states_named: list[Actor] = field(default_factory=list)  # state forces, most named first
    allies: Mapping[str, frozenset[str]] = field(default_factory=dict)  # from actor_sides.csv

    def allied(self, a: Actor, b: Actor) -> bool:
        return b.name in self.allies.get(a.name, ())

    @property
    def main_state(self) -> Actor | None:
        """The state forces the article speaks of most."""
        return self.states_named[0] if self.states_named else None

    @property
    def country(self) -> str | None:
        return self.countries[0] if self.countries else None


# --------------------------------------------------------------------------- entry points


def extract_events_batch(
    articles: Sequence[Article],
    nlp: Language,
    reference: Reference,
    detector: Detector | None = None,
) -> tuple[list[dict], list[tuple[str, str]]]:
    """Event rows for a batch of articles; failures are per article.

    With the classifier, only the sentences it finds some hint of an event in are parsed
    (see transforms/extraction/parse.py); the rules read every sentence's parse.
    """
    rows: list[dict] = []
    failures: list[tuple[str, str]] = []
    texts = (a.clean_text for a in articles)
    if detector is None:
        docs = nlp.pipe(texts, batch_size=32)
    else:
        detector = RememberingDetector(detector)
        docs = parse_where_needed(texts, nlp, partial(hints_of_events, detector))
    for article, doc in zip(articles, docs, strict=True):
        try:
            rows.extend(extract_events(article, doc, reference, detector))
        except Exception as err:  # one odd article never stops the batch
            failures.append(
                (article.doc_id, f"extraction failed: {type(err).__name__}: {err}"[:300])
            )
    return rows, failures


def hints_of_events(detector: Detector, sentences: Sequence[str]) -> list[bool]:
    """Which sentences extraction will read closely: those whose most probable type
    reaches CLAUSE_GATE (the same sentences whose clauses it may read)."""
    return [bool(row.max(initial=0.0) >= CLAUSE_GATE) for row in detector.probabilities(sentences)]


def extract_events(
    article: Article, doc: Doc, reference: Reference, detector: Detector | None = None
) -> list[dict]:
    """All events of one article as contract rows (without run_id).

    With a `detector` (the trained classifier), it decides which sentences report which
    sub-event types and the rules only read the slots; without one, the trigger lexicon
    does both (the `rules` baseline).
    """
    lexicon = reference.lexicon
    index = reference.trigger_index
    context = article_context(article, doc, reference)
    candidates: list[Candidate] = []
    skip_spans = furniture_spans(article)
    sents = [
        (i, sent)
        for i, sent in enumerate(doc.sents)
        if sent.text.strip() and not overlaps_any(sent.start_char, sent.end_char, skip_spans)
    ]
    detections = detect_in_clauses(detector, [s for _, s in sents]) if detector else None
    for n, (i, sent) in enumerate(sents):
        mentions = sentence_mentions(sent, article, context, reference)
        if detections is None:
            found = sentence_candidates(sent, i, mentions, context, reference, lexicon, index)
        else:
            found = detected_candidates(
                sent, i, detections[n], mentions, context, reference, lexicon, index
            )
        candidates.extend(collapse_sentence(found))
        remember(context, mentions, found)
    merged = fold_clashes_into_territory(merge_restatements(candidates))
    return [event_row(article, c) for c in merged]


# --------------------------------------------------------------------------- context


def article_context(article: Article, doc: Doc, reference: Reference) -> Context:
    countries = reference.gazetteer.countries_in(article.clean_text)
    country = countries[0] if countries else None
    armed: Counter[str] = Counter()
    states: Counter[str] = Counter()
    actors_by_name: dict[str, Actor] = {}
    for m in reference.actors.find_actors(article.clean_text, country):
        actors_by_name[m.actor.name] = m.actor
        if m.actor.inter_code in (2, 3) and not m.actor.state:
            # rebel groups (2) outrank militias (3): in 'Iraqi troops and the PMF retook X'
            # the militia fights beside the state, against the article's insurgents
            armed[m.actor.name] += 3 if m.actor.inter_code == 2 else 1
        elif m.actor.state:
            states[m.actor.name] += 1
    main = actors_by_name[armed.most_common(1)[0][0]] if armed else None
    return Context(
        published=article.published_date,
        countries=countries,
        main_armed=main,
        states_named=[actors_by_name[name] for name, _ in states.most_common()],
        allies=reference.allies,
        actor_dictionary=reference.actors,
        air_war=any(word in article.clean_text.lower() for word in AIR_WORDS),
        text_year=None if article.published_date else first_year_named(article.clean_text),
        last_places=headline_places(article, countries, reference),
    )


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


def overlaps_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end and start >= s and end <= e for s, e in spans)


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
    dateline = DATELINE.match(text)
    places = []
    for p in found_places:
        start, end = base + p.start, base + p.end
        if any(start < e and s < end for s, e in actor_chars):
            continue  # "Islamic State of Iraq and Syria" names an actor, not a place
        if dateline and p.end <= dateline.end():
            continue  # "BEIRUT -": where the reporter files from
        if names_a_facility_abroad(doc, start, end, p, context):
            continue  # "the Ouagadougou conference centre" in Sirte is not in Burkina Faso
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
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
    """Add the sentence's anaphoric dates ("a day earlier"), counted from the story's own
    dates: one earlier in the sentence, else the previous sentence's, else the lead's day."""
    out = list(dates)
    for offset in find_date_offsets(text):
        if any(offset.start < d.end and d.start < offset.end for d in dates):
            continue
        before = [d for d in dates if d.end <= offset.start]
        if before:
            anchor, precision = before[-1].date, before[-1].precision
        elif context.last_dates:
            anchor, precision = context.last_dates[-1].date, context.last_dates[-1].precision
        elif context.story_date is not None:
            anchor, precision = context.story_date, 1
        else:
            continue
        if precision > 2:
            continue  # "a day after" a month or a year says no more than the month or year
        resolved = resolve_offset(offset, anchor, precision, context.published)
        if resolved is not None:
            out.append(resolved)
    return sorted(out, key=lambda d: d.start)


def names_a_facility_abroad(
    doc: Doc, start: int, end: int, place: PlaceMention, context: Context
) -> bool:
    """A foreign city's name used as a modifier of a common noun names a building, not a place."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.root.dep_ != "compound" or span.root.head.pos_ != "NOUN":
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


def remember(context: Context, mentions: Mentions, found: list[Candidate]) -> None:
    """Carry this sentence's places, dates and acting actors to the next sentences."""
    places = [p for p, _ in mentions.places if p.place.feature != "country"]
    if places:
        context.last_places = places
    # only the sentence just before dates an undated past event ('It began with an attack...')
    context.last_dates = [d for d, _ in mentions.dates]
    if context.published is None and mentions.dates:
        context.text_year = mentions.dates[-1][0].date.year
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


# --------------------------------------------------------------------------- candidates


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
    return out


# Clauses that can report a happening of their own: adverbial ('Before IS took Mosul on
# June 10, 2014, ...'), relative ('Mosul, which ISIS stormed in June 2014'), participial
# ('Palmyra, captured by ISIS in May 2015, fell to ...') and coordinated verbs. Complement
# clauses ('officials denied that troops shelled it') are left whole: cut from their verb
# they would lose the denial, the threat or the plan that governs them.
CLAUSE_DEPS = {"advcl", "relcl", "acl", "conj"}
MIN_CLAUSE_TOKENS = 4
CLAUSE_MIN_PROBABILITY = 0.8  # a clause out of its sentence is read with less context
# Only a sentence with some hint of an event is cut into clauses: one whose most probable
# type reaches this. Most sentences of an article have none, and reading their clauses
# would cost as much again as reading the sentences.
CLAUSE_GATE = 0.1
# A time of its own: a year, a month, a weekday, or a relative day, week, month or year.
DATED_RE = re.compile(
    r"\b(?:(?:19|20)\d\d|January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday"
    r"|last (?:week|month|year))\b"
)


@dataclass(frozen=True)
class Anchored:
    """A detection, and the clause head it was detected in (None: the whole sentence)."""

    detection: Detection
    anchor: Token | None


def clause_heads(sent: SpacySpan) -> list[Token]:
    """Heads of the sentence's clauses that may report their own happening."""
    heads = []
    for tok in sent:
        if tok.dep_ not in CLAUSE_DEPS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.dep_ == "acl" and tok.tag_ != "VBN":
            continue  # 'fighters loyal to', 'an operation aimed at': not a happening
        if tok.right_edge.i - tok.left_edge.i + 1 < MIN_CLAUSE_TOKENS:
            continue
        heads.append(tok)
    return heads


def clause_text(head: Token) -> str:
    return head.doc[head.left_edge.i : head.right_edge.i + 1].text.strip(" ,;:-")


def main_clause_text(sent: SpacySpan, heads: Sequence[Token]) -> str:
    """The sentence without its sub-clauses ('Palmyra fell to Assad's forces on March 26th')."""
    cut = {t.i for h in heads for t in h.subtree}
    return " ".join(t.text for t in sent if t.i not in cut).strip(" ,;:-")


def detect_in_clauses(detector: Detector, sents: Sequence[SpacySpan]) -> list[list[Anchored]]:
    """Detections of each sentence, and of those of its clauses that report their own.

    A happening is often told inside analysis ('Before IS took Mosul on June 10, 2014,
    security services dismissed the threat'), where the sentence as a whole reports
    nothing. The parse cuts such a sentence into clauses and the classifier reads each,
    with a stricter threshold (a clause is read without the rest of its sentence); a
    type found in a clause is anchored at that clause's head, so its slots are read
    there. In a sentence that already reports something, only clauses with a time of
    their own are read, and only when the rest of the sentence has one too: 'The city,
    captured by rebels in May 2015, fell to government forces on March 26th' tells two
    happenings, which a sentence classifier reads as one. Reading every clause of such
    sentences added more false events than it found (measured on the dev and studied
    sets).
    """
    probabilities = detector.probabilities([sent.text.strip() for sent in sents])
    whole = detector.detections(probabilities)
    texts: list[str] = []
    plan: dict[int, list[tuple[int, Token]]] = {}
    for n, sent in enumerate(sents):
        if probabilities[n].max(initial=0.0) < CLAUSE_GATE:
            continue
        heads = clause_heads(sent)
        if whole[n]:
            heads = [h for h in heads if DATED_RE.search(clause_text(h))]
            if not heads or not DATED_RE.search(main_clause_text(sent, heads)):
                continue
        if not heads:
            continue
        parts = []
        for head in heads:
            parts.append((len(texts), head))
            texts.append(clause_text(head))
        parts.append((len(texts), sent.root))
        texts.append(main_clause_text(sent, heads))
        plan[n] = parts
    found = detector.detect(texts) if texts else []
    out = []
    for n in range(len(sents)):
        if whole[n]:
            extra = [
                Anchored(d, head)
                for i, head in plan.get(n, [])
                for d in found[i]
                if d.probability >= CLAUSE_MIN_PROBABILITY
            ]
            out.append(unique_anchors([Anchored(d, None) for d in whole[n]] + extra))
            continue
        clauses = [
            Anchored(d, head)
            for i, head in plan.get(n, [])
            for d in found[i]
            if d.probability >= CLAUSE_MIN_PROBABILITY
        ]
        out.append(unique_types(clauses))
    return out


def unique_anchors(found: Sequence[Anchored]) -> list[Anchored]:
    """One detection per (type, clause)."""
    best: dict[tuple, Anchored] = {}
    for a in found:
        key = (a.detection.sub_event_type, a.anchor.i if a.anchor is not None else None)
        if key not in best or a.detection.probability > best[key].detection.probability:
            best[key] = a
    return list(best.values())


def unique_types(found: Sequence[Anchored]) -> list[Anchored]:
    """One detection per sub-event type, the most probable."""
    best: dict[str, Anchored] = {}
    for a in found:
        kept = best.get(a.detection.sub_event_type)
        if kept is None or a.detection.probability > kept.detection.probability:
            best[a.detection.sub_event_type] = a
    return list(best.values())


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
        best = max(
            (
                (fit, -n, match, found)
                for n, (match, found) in enumerate(framed)
                if (fit := frame_fit(det, match, found, used, anchor)) > 0
            ),
            key=lambda x: x[:2],
            default=None,
        )
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
            cand.event_type, cand.sub_event_type = det.event_type, det.sub_event_type
            cand.probability = det.probability
            name_the_sides(cand, mentions, context)
            slots = Slots(cand.actor1, cand.actor2, place_country(cand) or context.country)
            cand.sub_event_type = code(cand.sub_event_type, slots, reference.coding_rules)
            cand.event_type = reference.event_types[cand.sub_event_type]
            out.append(cand)
    attach_casualties(out, mentions, reference, context)
    return out


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
    root = anchor if anchor is not None else sent.root
    trigger = Trigger(
        (root.lemma_.lower(),), root.pos_, "detected", det.event_type, det.sub_event_type, 0, ""
    )
    match = TriggerMatch(trigger, [root])
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
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
    regions: in 'Duterte, who cut short a visit to Moscow, declared martial law across
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
    if ranked:
        return ranked[0][0], "sentence"
    if context.last_places:
        return context.last_places[0], "context"
    return country_place(context, reference), "country"


def country_place(context: Context, reference: Reference) -> PlaceMention | None:
    """The country the article makes known, as a place of geo_precision 3."""
    name = context.current_country or context.country
    place = reference.gazetteer.country(name) if name else None
    return PlaceMention(0, 0, name, place, 3) if place is not None else None


def name_the_sides(cand: Candidate, mentions: Mentions, context: Context) -> None:
    """ACLED's conventions for the sides of a detected event whose type the parse did not
    code: protesters and rioters are actor1 of crowd events, the police who intervene
    actor2; arrests are made by the country's police when no one else is named; an
    air strike is a state's; the other side of a fight comes from the article."""
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
    elif cand.sub_event_type == "Arrests" and cand.actor1 is None:
        cand.actor1 = actors.generic("police", country)
    elif cand.event_type in ("Battles", "Explosions/Remote violence"):
        fill_opponents(cand, context, mentions)
    elif cand.event_type == "Violence against civilians" and cand.actor2 is None:
        cand.actor2, cand.actor2_guessed = actors.generic("civilians", None), True


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


def clause_chain_up(tok: Token, limit: int = 4) -> list[Token]:
    out, cur = [], tok
    for _ in range(limit):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


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


def mentions_under(tokens: Sequence[Token], spans: Sequence[tuple[object, SpacySpan]]) -> list:
    """Mentions whose root lies in the subtree of any role token, nearest to it first."""
    found = []
    for role_tok in tokens:
        subtree = {t.i for t in role_tok.subtree}
        hits = [
            (m, s) for m, s in spans if s.root.i in subtree or role_tok.i in range(s.start, s.end)
        ]
        hits.sort(
            key=lambda ms: (0 if role_tok.i in range(ms[1].start, ms[1].end) else 1, ms[1].start)
        )
        for hit in hits:
            if hit not in found:
                found.append(hit)
    return found


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


def is_nominal(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or tok.tag_.startswith("NN")


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
    if key in lexicon.word_set("anaphor_armed") or any(
        token_key(c) in lexicon.word_set("anaphor_armed") for c in tok.children
    ):
        return context.main_armed
    if key in lexicon.word_set("anaphor_pronoun") or tok.pos_ == "PRON":
        before = [m.actor for m, s in mentions.actors if s.end <= tok.i]
        if before:
            return before[-1]
        if context.last_agents:
            return context.last_agents[0]
        return context.main_armed
    return None


def actor_from_demonym(tok: Token, reference: Reference, context: Context) -> Actor | None:
    """'heavy Turkish shelling': the modifier itself names the state whose forces act."""
    if tok.pos_ in ("ADJ", "PROPN") and tok.text[:1].isupper():
        for m in reference.actors.find_actors(f"{tok.text} forces", context.country):
            return m.actor
    return None


def actor_from_modifiers(tok: Token, reference: Reference, context: Context) -> Actor | None:
    """'an Iraqi offensive', 'a Syrian-Russian operation': the state forces a demonym names."""
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.pos_ in ("ADJ", "PROPN", "NOUN"):
            for m in reference.actors.find_actors(f"{child.text} forces", context.country):
                return m.actor
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
    local = role_places(roles.patient + roles.locative, mentions)
    towns_here = [p for p, _ in mentions.places if p.precision < 3]
    if local and all(p.place.feature == "country" for p in local) and towns_here:
        return [(towns_here[0], "sentence")]  # 'agreed in Sweden to halt fighting in Hodeidah'
    if local:
        # 'air strikes on Ras al-Ain and Tal Abyad': one event for each place
        return [(p, "role") for p in local]
    under = [
        p
        for p in role_places([head], mentions) + role_places([clause_head(head)], mentions)
        if p.precision < 3
    ]
    if under:
        return [(under[0], "clause")]
    if needs_place:
        return []
    towns = [(p, s) for p, s in mentions.places if p.precision < 3]
    if towns:
        nearest = min(towns, key=lambda ps: abs(ps[1].root.i - head.i))
        return [(nearest[0], "sentence")]
    if mentions.places:
        return []  # only a country or province is named: not enough to place it
    if context.last_places:
        return [(context.last_places[0], "context")]
    return []


def clause_head(tok: Token) -> Token:
    """The verb heading the clause the token sits in."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") and cur is not tok:
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


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


def only_list_glue(left: SpacySpan, right: SpacySpan) -> bool:
    between = left.doc[left.end : right.start]
    if len(between) == 0 or len(between) > 6:
        return False
    glue = {",", "and", "or", "(", ")", "as", "well", "both"}
    return any(t.lower_ in (",", "and", "or") for t in between) and all(
        t.lower_ in glue or t.pos_ == "ADV" for t in between
    )


def unique_places(places: Sequence[PlaceMention]) -> list[PlaceMention]:
    seen, out = set(), []
    for p in places:
        if p.place.name not in seen:
            seen.add(p.place.name)
            out.append(p)
    return out


# --------------------------------------------------------------------------- coding


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
    peaceful protest. Protesters or rioters are actor1, as in ACLED.
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
    for option in options:
        if (
            option is not None
            and option.name != actor.name
            and option.name not in allies
            and not context.allied(actor, option)
        ):
            return option
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
        elif cand.event_type == "Explosions/Remote violence":
            cand.actor1 = context.main_armed
        elif (
            len(named) >= 2
        ):  # 'A member of the Iraqi police fires toward IS militants during clashes'
            others = opponents_of(named[0], named[1:], context)
            if others:
                cand.actor1, cand.actor2 = named[0], others[0]
                return
    if cand.actor1 is not None and cand.actor2 is None:
        others = opponents_of(cand.actor1, named, context)
        cand.actor2 = (
            others[0]
            if others
            else default_opponent(cand.actor1, context, cand.assoc1, place_country(cand))
        )
    elif cand.actor1 is None and cand.actor2 is not None:
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


def place_country(cand: Candidate) -> str | None:
    return cand.place.place.country if cand.place is not None else None


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


def unique_actors(actors) -> list[Actor]:
    seen, out = set(), []
    for a in actors:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return out


def sentence_words(sent: SpacySpan) -> str:
    return " " + " ".join(t.lemma_.lower() for t in sent) + " "


def sentence_words_span(cand: Candidate, mentions: Mentions) -> list[str]:
    """Lemmas of the agent's phrase and of the trigger's own modifiers ('US planes', 'air')."""
    words = [t.lemma_.lower() for t in cand.match.head.subtree if t.i < cand.match.head.i]
    words += [t.lemma_.lower() for t in cand.match.tokens]
    for m, span in mentions.actors:
        if cand.actor1 is not None and m.actor.name == cand.actor1.name:
            words += [t.lemma_.lower() for t in span]
    return words


def object_words(cand: Candidate) -> str:
    """Lemmas of what the trigger verb acts with or on ('fired mortar rounds into the market')."""
    objects = [c for c in cand.match.head.children if c.dep_ in ("dobj", "attr")]
    return " ".join(t.lemma_.lower() for o in objects for t in o.subtree)


def has_any(text: str, phrases: frozenset[str]) -> bool:
    padded = f" {text} "
    return any(f" {p} " in padded for p in phrases)


def attach_casualties(
    cands: list[Candidate], mentions: Mentions, reference: Reference, context: Context
) -> None:
    """Deaths and injuries go to the nearest event of the sentence; victims fill a missing target."""
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
                if (
                    target.event_type == "Battles"
                    and target.match.trigger.frame == "attack"
                    and victim.inter_code == 7
                ):
                    target.event_type, target.sub_event_type = (
                        "Violence against civilians",
                        "Attack",
                    )
    for c in cands:
        if c.fatalities is not None or c.injuries is not None:
            c.fatalities = c.fatalities or 0
            c.injuries = c.injuries or 0


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


# --------------------------------------------------------------------------- dates


def date_candidate(
    cand: Candidate, mentions: Mentions, context: Context, heads: Sequence[Token]
) -> None:
    """The date said of this trigger; else today's news for present tense; else the narrative's date.

    A date in the trigger's own subtree (and not under another trigger there) is
    its date: in "Palmyra, captured by ISIS in May 2015, fell to Assad's forces on
    March 26th", 'fell' gets March 26th although May 2015 is nearer in words.
    """
    head = cand.match.head
    dates = [(d, span) for d, span in mentions.dates if not in_another_clause(span.root, head)]
    if dates:
        d = own_date(head, dates, heads) or nearest_date(head, dates, heads)
        cand.date, cand.precision, cand.date_source = d.date, d.precision, "explicit"
        return
    if context.published is None:
        return
    if is_present_report(head):
        cand.date, cand.precision, cand.date_source = context.published, 2, "published"
        return
    if context.last_dates:
        d = context.last_dates[-1]
        cand.date, cand.precision, cand.date_source = d.date, max(d.precision, 2), "narrative"
    elif context.story_date is not None and cand.place is not None and cand.place.precision < 3:
        # a report's other undated happenings share its lead's day ('In Mombasa, supporters marched')
        cand.date, cand.precision, cand.date_source = context.story_date, 2, "story"
    elif context.recent_date is not None:
        # the story's last day or week named before this sentence ('The only serious fighting
        # came south of the city', after 'On 16 October, ...')
        d = context.recent_date
        cand.date, cand.precision, cand.date_source = d.date, max(d.precision, 2), "narrative"
    else:
        # nothing in the report dates it: news reports the days before it, as ACLED assumes
        cand.date, cand.precision, cand.date_source = context.published, 2, "published"


def in_another_clause(tok: Token, head: Token) -> bool:
    """Whether `tok` sits in a relative clause that does not hold the trigger: in
    'retook Bashiqa, which ISIS had held since 2014', 2014 dates the holding."""
    cur = tok
    for _ in range(12):
        if cur.i == head.i or cur.head.i == cur.i:
            return False
        if cur.dep_ == "relcl" and cur.lemma_ != "be" and not cur.is_ancestor(head):
            return True  # ('offensives, which were the capture of Ramadi last May': the same)
        cur = cur.head
    return False


def own_date(head: Token, dates, heads: Sequence[Token]) -> DateMention | None:
    inner = [
        h for h in heads if h.i != head.i and h.is_ancestor(head) is False and head.is_ancestor(h)
    ]
    mine = []
    for d, span in dates:
        root = span.root
        if not (head.is_ancestor(root) or root.i == head.i):
            continue
        if any(h.is_ancestor(root) for h in inner):
            continue
        mine.append((abs(root.i - head.i), d))
    return min(mine, key=lambda x: x[0])[1] if mine else None


def nearest_date(head: Token, dates, heads: Sequence[Token]) -> DateMention:
    """The nearest date that no other trigger claims by syntax; else simply the nearest."""
    others = [h for h in heads if h.i != head.i]
    free = [
        (d, s)
        for d, s in dates
        if not any(h.is_ancestor(s.root) and not h.is_ancestor(head) for h in others)
    ]
    pool = free or list(dates)
    return min(pool, key=lambda ds: abs(ds[1].root.i - head.i))[0]


def is_present_report(head: Token) -> bool:
    """'has seized', 'is retaking', 'are battering': news of the day, dated by publication."""
    verb = clause_head(head) if is_nominal(head) else head
    for tok in (verb, *[c for c in verb.children if c.dep_ in ("aux", "auxpass")]):
        if tok.tag_ in ("VBZ", "VBP"):
            return True
    return False


# --------------------------------------------------------------------------- merging


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


def place_name(c: Candidate) -> str | None:
    return c.place.place.name if c.place is not None else None


def precision_of(c: Candidate) -> int:
    """The candidate's geo precision; 4 (coarser than a country) when it has no place."""
    return c.place.precision if c.place is not None else 4


def generic_attack(c: Candidate) -> bool:
    """'fired', 'attacked', 'hit': a verb that a weapon word in the same sentence makes specific."""
    generic = c.match.trigger.frame == "attack" and c.match.trigger.event_type == "Battles"
    return generic and c.event_type != "Explosions/Remote violence" and c.priority <= 3


def same_sentence_fact(a: Candidate, b: Candidate) -> bool:
    if a.event_type != b.event_type or not sides_agree(a, b):
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


def dates_compatible(a: Candidate, b: Candidate) -> bool:
    """Whether two dated mentions can be one happening: their date windows overlap."""
    if a.date is None or b.date is None:
        return True
    a0, a1 = date_window(a.date, a.precision)
    b0, b1 = date_window(b.date, b.precision)
    return a0 < b1 and b0 < a1


def date_window(date: dt.date, precision: int | None) -> tuple[dt.date, dt.date]:
    """[first day, day after last) of the period a date with this precision stands for."""
    if precision == 1:
        return date, date + dt.timedelta(days=1)
    if precision == 2:
        return date, date + dt.timedelta(days=7)
    if precision == 3:
        first = date.replace(day=1)
        return first, dt.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
    return dt.date(date.year, 1, 1), dt.date(date.year + 1, 1, 1)


def fold_clashes_into_territory(cands: list[Candidate]) -> list[Candidate]:
    """A battle that ends in a change of control is coded once, as the change (ACLED practice).

    An armed clash at the same place as a territorial event of the article, with
    overlapping dates and no contradicting actors, is folded into that event.
    """
    territory = [c for c in cands if c.sub_event_type in (GRT, NSO)]
    kept = []
    for cand in cands:
        if cand.sub_event_type == CLASH and cand.date_source in ("explicit", "published"):
            twin = next(
                (
                    t
                    for t in territory
                    if place_name(t) == place_name(cand)
                    and (
                        t.date is None
                        or (t.date_source == "explicit" and dates_compatible(t, cand))
                    )
                    and sides_agree(t, cand)
                ),
                None,
            )
            if twin is not None:
                absorb(twin, cand)
                continue
        kept.append(cand)
    return kept


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
            if not sides_agree(k, cand):
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


# --------------------------------------------------------------------------- rows


def confidence(c: Candidate) -> float:
    """The classifier's probability for a detected event; for the rules, a score of how
    much of the event the parse found."""
    if c.probability is not None:
        return round(min(max(c.probability, 0.0), 1.0), 3)
    score = 0.45
    score += 0.15 if c.actor1 is not None else 0.0
    score += {"role": 0.15, "clause": 0.1, "sentence": 0.05}.get(c.place_source, 0.0)
    score += 0.1 if c.date_source == "explicit" else 0.0
    score += 0.05 if c.actor2 is not None else 0.0
    score += min(c.priority, 10) / 100
    return round(min(score, 0.99), 2)


def event_id(
    doc_id: str, start: int, end: int, sub_event_type: str, location: str, trigger: int
) -> str:
    """Deterministic: document, sentence span, sub-event, place, and the trigger's offset.

    The trigger's offset tells apart two events of one sentence at one place
    (a Turkish air strike and a YPG counter-attack on the same town).
    """
    key = f"{doc_id}|{start}|{end}|{sub_event_type}|{location}|{trigger}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def evidence_bounds(sent: SpacySpan) -> tuple[int, int]:
    text = sent.text
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    return sent.start_char + lead, sent.end_char - trail


def event_row(article: Article, c: Candidate) -> dict:
    start, end = evidence_bounds(c.sent)
    place = c.place.place if c.place is not None else None
    return {
        "event_id": event_id(
            article.doc_id, start, end, c.sub_event_type, place_name(c) or "", c.match.head.idx
        ),
        "doc_id": article.doc_id,
        "event_date": c.date,
        "time_precision": c.precision if c.date is not None else None,
        "event_type": c.event_type,
        "sub_event_type": c.sub_event_type,
        "actor1": c.actor1.name if c.actor1 else None,
        "assoc_actor1": ";".join(c.assoc1) or None,
        "actor2": c.actor2.name if c.actor2 else None,
        "assoc_actor2": ";".join(c.assoc2) or None,
        "location": place.name if place else None,
        "admin1": (place.admin1 or None) if place else None,
        "country": place.country if place else None,
        "latitude": float(place.latitude) if place else None,
        "longitude": float(place.longitude) if place else None,
        "geo_precision": int(c.place.precision) if c.place is not None else None,
        "fatalities": c.fatalities,
        "injuries": c.injuries,
        "evidence": article.clean_text[start:end],
        "char_start": start,
        "char_end": end,
        "confidence": confidence(c),
        "inter1": c.actor1.inter_code if c.actor1 else None,
        "inter2": c.actor2.inter_code if c.actor2 else None,
    }

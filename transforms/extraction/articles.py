"""Extraction of one article and of a batch, stage by stage (see the package docstring).

From a cleaned article to coded events: sentences -> mentions -> frames -> events.

Per sentence, the actor dictionary, the gazetteer, the date resolver and the
casualty reader find mentions; `transforms.events` finds triggers and reads their
roles from the dependency parse; `candidates` fills each frame's slots from the
mentions in those roles, falls back on the article's context (the place and date
of the previous sentences, the article's main armed actor for "the group"), codes
the ACLED sub-event type, and merges restatements of the same fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from transforms.clean.day_marks import day_of
from transforms.extraction.candidates import detected_candidates, sentence_candidates
from transforms.extraction.casualties import attach_tally, is_bare_tally
from transforms.extraction.clauses import detect_in_clauses, hints_of_events, names_a_time
from transforms.extraction.context import (
    article_context,
    furniture_spans,
    is_section_heading,
    overlaps_any,
    remember,
)
from transforms.extraction.dating import dated_only_to_a_year
from transforms.extraction.detect import Detector, RememberingDetector
from transforms.extraction.mentions import sentence_mentions
from transforms.extraction.merge import (
    absorb,
    collapse_sentence,
    fold_clashes_into_territory,
    fold_country_summaries,
    fold_destruction_into_violence,
    fold_entries_into_territory,
    merge_restatements,
)
from transforms.extraction.parse import parse_everything, parse_where_needed
from transforms.extraction.records import Candidate, Context, Mentions
from transforms.extraction.rows import event_row
from transforms.extraction.stopwatch import Stopwatch
from transforms.models import Article
from transforms.reference import Reference


def extract_events_batch(
    articles: Sequence[Article],
    nlp: Language,
    reference: Reference,
    detector: Detector | None = None,
    clock: Stopwatch | None = None,
    on_article: Callable[[], None] | None = None,
) -> tuple[list[dict], list[tuple[str, str]]]:
    """Event rows for a batch of articles; failures are per article.

    With the classifier, only the sentences it finds some hint of an event in are parsed
    (see transforms/extraction/parse.py); the rules read every sentence's parse. `clock`
    adds up the seconds of each stage (stopwatch.STAGES): splitting sentences, the
    detector, spaCy's parse, and reading the events (mentions, slots, coding, merge).
    `on_article` is called as each article is done (a progress bar's advance).
    """
    rows: list[dict] = []
    failures: list[tuple[str, str]] = []
    clock = clock or Stopwatch()
    texts = (a.clean_text for a in articles)
    if detector is None:
        docs = parse_everything(texts, nlp, clock=clock)
    else:
        detector = RememberingDetector(detector, clock)
        docs = parse_where_needed(texts, nlp, partial(hints_of_events, detector), clock=clock)
    for article, doc in zip(articles, docs, strict=True):
        detecting = clock.seconds.get("detect", 0.0)
        with clock.timing("read"):
            try:
                rows.extend(extract_events(article, doc, reference, detector))
            except Exception as err:  # one odd article never stops the batch
                failures.append(
                    (article.doc_id, f"extraction failed: {type(err).__name__}: {err}"[:300])
                )
        clock.add("read", detecting - clock.seconds.get("detect", 0.0))  # the clauses' detection
        if on_article is not None:
            on_article()
    return rows, failures


def extract_events(
    article: Article, doc: Doc, reference: Reference, detector: Detector | None = None
) -> list[dict]:
    """All events of one article as contract rows (without run_id).

    With a `detector` (the trained classifier), it decides which sentences report which
    sub-event types and the rules only read the slots; without one, the trigger lexicon
    does both (the `rules` baseline).
    """
    merged = merge_candidates(read_candidates(article, doc, reference, detector))
    return [event_row(article, c) for c in merged]


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """The merge stage: one event per happening, within the article."""
    merged = fold_clashes_into_territory(merge_restatements(candidates))
    merged = fold_entries_into_territory(merged)
    return fold_country_summaries(fold_destruction_into_violence(merged))


def enter_day(context: Context, day: dt.date | None, article: Article) -> None:
    """A live blog's entries count from their day's heading ('this afternoon', 'on Monday'),
    and an undated entry happened on that day, not on the previous heading's."""
    day = day or article.published_date
    if day != context.published:
        context.published, context.story_date = day, day
        context.recent_date, context.last_dates = None, []


def is_toll_of_the_last(sentence: str, mentions: Mentions) -> bool:
    """A bare count of the dead and wounded with no place or time of its own, straight after
    an event: that event's toll, whatever type the classifier reads into 'police said'."""
    return (
        not mentions.places and not mentions.dates and is_bare_tally(sentence, mentions.casualties)
    )


def is_detail_of_the_last(found: list[Candidate], sentence: str, mentions: Mentions) -> bool:
    """A sentence that names no actor, place or time of its own, straight after an event,
    tells more of that event ('The attackers escaped in the dark.', 'Houses and shops were
    set on fire.'), whatever type the classifier reads into it; ACLED codes the happening
    once. A weapon going off ('the second device blew up') is a happening of its own."""
    return (
        not mentions.actors
        and not mentions.places
        and not mentions.dates
        and not names_a_time(sentence)
        and all(c.event_type != "Explosions/Remote violence" for c in found)
    )


def read_candidates(
    article: Article, doc: Doc, reference: Reference, detector: Detector | None = None
) -> list[Candidate]:
    """Every sentence's events, detected, with their slots read and coded, before merging."""
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
    previous: list[Candidate] = []  # the events of the last sentence that reported any
    bridged = 0  # sentences since then, each telling no event, date or count of its own
    for n, (i, sent) in enumerate(sents):
        if article.day_marks:
            enter_day(context, day_of(article.day_marks, sent.start_char), article)
        mentions = sentence_mentions(sent, article, context, reference)
        if detections is None:
            found = sentence_candidates(sent, i, mentions, context, reference, lexicon, index)
        elif detections[n] and (
            is_section_heading(sent, article.clean_text)
            or (previous and bridged == 0 and is_toll_of_the_last(sent.text, mentions))
        ):
            found = []
        else:
            found = detected_candidates(
                sent, i, detections[n], mentions, context, reference, lexicon, index
            )
        had_detections = bool(found)
        found = [c for c in found if not dated_only_to_a_year(c)]
        if not had_detections:
            # 'The fighting began on Thursday... By the afternoon it had spread to the old
            # quarters. Eleven people were killed': one plain sentence may come between
            attach_tally(previous if bridged <= 1 else [], sent.text, mentions.casualties)
        collapsed = collapse_sentence(found)
        if (
            collapsed
            and previous
            and bridged == 0
            and is_detail_of_the_last(collapsed, sent.text, mentions)
        ):
            for cand in collapsed:
                absorb(previous[-1], cand)
            collapsed = []
        elif collapsed:
            previous, bridged = collapsed, 0
        elif mentions.dates or mentions.casualties:
            previous = []
        else:
            bridged += 1
        candidates.extend(collapsed)
        remember(context, mentions, found, i)
    return candidates

"""Event rows as the warehouse contract has them: ids, evidence offsets, confidence."""

from __future__ import annotations

import hashlib

from spacy.tokens import Span as SpacySpan

from transforms.extraction.records import Candidate, place_name
from transforms.models import Article


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

"""Valid documents and events of any size, for the tests and the timing script.

Each document's text is a few sentences; each event's evidence is one of them, with
offsets that point at it, so a fresh frame passes every expectation and a test can
break exactly one rule per injected row.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from expectations.context import ValidationContext
from flows.settings import PROJECT_ROOT
from transforms.frames import frame_from_rows
from transforms.reference import read_reference_csv

REFERENCE = PROJECT_ROOT / "seeds" / "reference"
TODAY = dt.date(2024, 6, 1)
PUBLISHED = dt.date(2024, 5, 20)

# (sentence, event_type, sub_event_type, actor1, actor2, location, country, lat, lon)
SENTENCES = [
    (
        "Islamic State fighters attacked Iraqi troops near Mosul on Monday.",
        "Battles",
        "Armed clash",
        "Islamic State",
        "Iraqi Government",
        "Mosul",
        "Iraq",
        36.34,
        43.13,
    ),
    (
        "An air strike hit a market in Raqqa, killing 12 people.",
        "Explosions/Remote violence",
        "Air/drone strike",
        "US-led Coalition",
        "Civilians",
        "Raqqa",
        "Syria",
        35.95,
        39.01,
    ),
    (
        "Protesters gathered in Baghdad to demand jobs.",
        "Protests",
        "Peaceful protest",
        "Protesters (Iraq)",
        None,
        "Baghdad",
        "Iraq",
        33.31,
        44.36,
    ),
    (
        "Syrian army shelling struck Aleppo's eastern districts.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Syrian Government",
        "Syrian Rebels",
        "Aleppo",
        "Syria",
        36.2,
        37.16,
    ),
    (
        "Gunmen abducted two aid workers outside Kirkuk.",
        "Violence against civilians",
        "Abduction/forced disappearance",
        "Unidentified Armed Group",
        "Civilians",
        "Kirkuk",
        "Iraq",
        35.47,
        44.39,
    ),
]


def document_text(n_sentences: int) -> str:
    return " ".join(SENTENCES[i % len(SENTENCES)][0] for i in range(n_sentences))


def document_rows(n_documents: int, events_per_document: int) -> list[dict]:
    return [
        {
            "doc_id": f"doc{i:05d}",
            "file_name": f"article_{i:05d}.txt",
            "title": f"Report {i}",
            "outlet": "Example News",
            "published_date": PUBLISHED,
            "published_date_source": "metadata",
            "clean_text": document_text(events_per_document),
            "source_path": f"article_{i:05d}.txt",
            "run_id": "run-test",
        }
        for i in range(n_documents)
    ]


def event_rows(n_documents: int, events_per_document: int) -> list[dict]:
    rows = []
    for i in range(n_documents):
        start = 0
        for j in range(events_per_document):
            sentence, etype, subtype, actor1, actor2, place, country, lat, lon = SENTENCES[
                j % len(SENTENCES)
            ]
            rows.append(
                {
                    "event_id": f"ev{i:05d}-{j:02d}",
                    "doc_id": f"doc{i:05d}",
                    "event_date": PUBLISHED - dt.timedelta(days=2),
                    "time_precision": 1,
                    "event_type": etype,
                    "sub_event_type": subtype,
                    "actor1": actor1,
                    "assoc_actor1": "Kurdish Peshmerga;Military Forces of Iraq" if j == 0 else None,
                    "actor2": actor2,
                    "location": place,
                    "country": country,
                    "latitude": lat,
                    "longitude": lon,
                    "geo_precision": 1,
                    "fatalities": 12 if j == 1 else None,
                    "evidence": sentence,
                    "char_start": start,
                    "char_end": start + len(sentence),
                    "confidence": 0.8,
                    "run_id": "run-test",
                }
            )
            start += len(sentence) + 1
    return rows


def frames(n_documents: int = 3, events_per_document: int = 3) -> dict[str, pd.DataFrame]:
    """A documents and an events frame (pipeline Arrow types) that pass every expectation."""
    return {
        "documents": frame_from_rows("documents", document_rows(n_documents, events_per_document)),
        "events": frame_from_rows("events", event_rows(n_documents, events_per_document)),
    }


def reference_frames() -> dict[str, pd.DataFrame]:
    return {
        name: read_reference_csv(REFERENCE / f"{name}.csv")
        for name in ("actors", "countries", "taxonomy")
    }


def context(documents: pd.DataFrame | None = None) -> ValidationContext:
    """The context the pipeline would pass: seed reference data, no documents in the warehouse yet."""
    reference = reference_frames()
    known = (
        documents
        if documents is not None
        else pd.DataFrame(columns=["doc_id", "published_date", "clean_text"])
    )
    return ValidationContext(
        taxonomy=reference["taxonomy"],
        actors=reference["actors"],
        countries=reference["countries"],
        documents=known,
        today=TODAY,
    )


def event(doc: int = 0, sentence: int = 0, **changes: object) -> dict:
    """A valid event row of document `doc` (as built by `frames`), with `changes` applied."""
    rows = event_rows(doc + 1, len(SENTENCES))
    row = dict(rows[doc * len(SENTENCES) + sentence])
    row.update(changes)
    return row


def document(index: int, n_sentences: int = 3, **changes: object) -> dict:
    row = dict(document_rows(index + 1, n_sentences)[index])
    row.update(changes)
    return row

"""Scoring a set of labelled snippets, each reporting one event of one sub-event type.

Articles are scored event by event (`flows/evaluate.py`); a snippet set asks a simpler
question of the whole pipeline: does a short clip of news yield an event, and of the right
type? It measures detection and typing on text whose register the article sets lack
(monitoring clips, leads, ACLED-style notes) and whose context is thin (no dateline, often
no country).

The warehouse is built from the snippet file itself, a JSON-lines input: each record's
`id` becomes `documents.source_record` and its other keys (`sub_event_type`, `country`,
...) are not read by the pipeline. A snippet's predicted type is that of its most
confident event, or none. The headline figure is weighted F1 over the gold types (each
type's F1 weighted by its number of snippets); a snippet with no event counts against its
type's recall. A set of single sentences may also hold sentences that report no event
(`sub_event_type` null): "no event" is then a class of its own, scored like the types, so
an event read into such a sentence counts against the type it was given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from flows import warehouse as wh

SNIPPET_KEYS = ("id", "text", "sub_event_type")
NO_EVENT = "no event"
EMPTY_AFTER_CLEANING = "no article text"  # the rejection reason of a record cleaning emptied


def is_snippet_set(records: Sequence[Mapping]) -> bool:
    """Whether gold records are snippets (id, text, sub_event_type) rather than events."""
    return bool(records) and all(
        all(k in r for k in SNIPPET_KEYS) and "doc" not in r for r in records
    )


def predicted_types(warehouse: Path) -> dict[str, tuple[str, str] | None]:
    """Each snippet's (sub_event_type, event_type) of its most confident event, or None."""
    con = wh.connect_reader(warehouse)
    try:
        rows = con.execute(
            "SELECT d.source_record, e.sub_event_type, e.event_type "
            "FROM documents d LEFT JOIN events e USING (doc_id) "
            "QUALIFY row_number() OVER (PARTITION BY d.source_record "
            "ORDER BY e.confidence DESC NULLS LAST, e.event_id) = 1"
        ).fetchall()
        # a record that cleaning left empty ('Related: Gunmen kill five in ...') was read
        # and reports nothing: no event, not a snippet the pipeline never saw
        emptied = con.execute(
            "SELECT DISTINCT split_part(source_path, '#', -1) FROM rejected_files "
            "WHERE contains(source_path, '#') AND starts_with(reason, ?)",
            [EMPTY_AFTER_CLEANING],
        ).fetchall()
    finally:
        con.close()
    found = {str(rid): (sub, kind) if sub is not None else None for rid, sub, kind in rows}
    return {str(rid): None for (rid,) in emptied} | found


def score_snippets(
    predictions: Mapping[str, tuple[str, str] | None],
    records: Sequence[Mapping],
    event_types: Mapping[str, str],
) -> tuple[dict, list[str]]:
    """Weighted and macro F1 over the gold sub-event types, and the misses as lines."""
    missing = [str(r["id"]) for r in records if str(r["id"]) not in predictions]
    if missing:
        raise ValueError(
            f"{len(missing)} snippets are not in the warehouse (first: {missing[0]}): "
            "run the pipeline on the snippet file itself"
        )
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    support: Counter[str] = Counter()
    same_kind = no_event = 0
    lines = []
    for r in records:
        gold = r["sub_event_type"] or NO_EVENT
        found = predictions[str(r["id"])]
        said = found[0] if found is not None else NO_EVENT
        support[gold] += 1
        no_event += found is None
        if said == gold:
            tp[gold] += 1
        else:
            fp[said] += 1
            lines.append(f"MISS {r['id']} {gold} -> {said}")
        if (found[1] if found is not None else None) == event_types.get(gold):
            same_kind += 1

    def f1(label: str) -> tuple[float, float, float]:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        rc = tp[label] / support[label]
        return p, rc, (2 * p * rc / (p + rc) if p + rc else 0.0)

    n = len(records)
    per_type = {label: f1(label) for label in sorted(support)}
    weighted = [sum(per_type[t][i] * support[t] for t in per_type) / n for i in range(3)]
    result = {
        "snippets": n,
        "precision": round(weighted[0], 3),
        "recall": round(weighted[1], 3),
        "f1": round(weighted[2], 3),
        "macro_f1": round(sum(v[2] for v in per_type.values()) / len(per_type), 3),
        "accuracy": round(sum(tp.values()) / n, 3),
        "event_type_accuracy": round(same_kind / n, 3),
        "no_event_share": round(no_event / n, 3),
        "per_type_f1": {t: round(v[2], 3) for t, v in per_type.items()},
    }
    return result, lines


def format_snippet_result(result: Mapping) -> str:
    return (
        f"snippets: {result['snippets']}  weighted precision={result['precision']} "
        f"recall={result['recall']} f1={result['f1']}  macro f1={result['macro_f1']}\n"
        f"sub-event type right: {result['accuracy']}, event type right: "
        f"{result['event_type_accuracy']}, no event: {result['no_event_share']}"
    )

"""Score a warehouse's events against hand-coded gold events (`sitrep eval`).

The rules are the contract's ("How extraction quality is scored"): a predicted event
matches a gold event of the same article when the event type is equal, the
coordinates lie within 30/75/200 km for gold geo precision 1/2/3, and the date
falls in the gold period. Matching is one to one (maximum bipartite matching);
events matched to optional gold events are neither rewarded nor punished. Over
matched pairs, slot accuracy is reported for sub-event type, actors (after alias
folding with the project's actor dictionary), fatalities and injuries.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from flows import warehouse as wh
from transforms.geo import great_circle_km
from transforms.reference import read_reference_csv

RADIUS_KM = {1: 30.0, 2: 75.0, 3: 200.0}
PRED_COLUMNS = [
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "latitude",
    "longitude",
    "event_date",
    "fatalities",
    "injuries",
]


def norm(name: str | None) -> str:
    s = (name or "").casefold().replace("\u2019", "'")
    s = re.sub(r"^the\s+", "", s.strip())
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def alias_map(actors_csv: Path) -> dict[str, str]:
    """Every alias and canonical name, normalised, to the normalised canonical name."""
    amap: dict[str, str] = {}
    for row in read_reference_csv(actors_csv).to_dict("records"):
        canon = norm(row["actor"])
        amap[canon] = canon
        for alias in (row.get("aliases") or "").split(";"):
            if alias.strip():
                amap.setdefault(norm(alias), canon)
    return amap


def in_period(pred: dt.date | str | None, gold: str | None, precision: int | None) -> bool:
    if gold is None:
        return True
    if pred is None:
        return False
    if isinstance(pred, str):
        pred = dt.date.fromisoformat(pred[:10])
    parts = [int(x) for x in gold.split("-")]
    if len(parts) == 3:
        slack = 7 if precision and precision >= 2 else 2
        return abs((pred - dt.date(*parts)).days) <= slack
    if len(parts) == 2:
        y, m = parts
        lo = dt.date(y, m, 1) - dt.timedelta(days=3)
        hi = dt.date(y, m, calendar.monthrange(y, m)[1]) + dt.timedelta(days=3)
        return lo <= pred <= hi
    return pred.year == parts[0]


def as_list(value: object) -> list | None:
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


def matches(p: Mapping, g: Mapping) -> bool:
    if p["event_type"] != g["event_type"] or p["latitude"] is None or p["longitude"] is None:
        return False
    distance = great_circle_km(p["latitude"], p["longitude"], g["latitude"], g["longitude"])
    if distance > RADIUS_KM.get(g.get("geo_precision") or 1, 30.0):
        return False
    return in_period(p["event_date"], g["event_date"], g.get("time_precision"))


def actor_ok(pred: str | None, gold: list | None, amap: Mapping[str, str]) -> bool | None:
    if gold is None:
        return None
    names = {amap.get(norm(x), norm(x)) for x in re.split(r"[;,]", pred or "") if x.strip()}
    return bool(names & {amap.get(norm(x), norm(x)) for x in gold})


def slot_score(p: Mapping, g: Mapping, amap: Mapping[str, str]) -> dict[str, bool | None]:
    return {
        "sub_event_type": p["sub_event_type"] in as_list(g["sub_event_type"]),
        "actor1": actor_ok(p["actor1"], as_list(g["actor1"]), amap),
        "actor2": actor_ok(p["actor2"], as_list(g["actor2"]), amap),
        "fatalities": None if g["fatalities"] is None else p["fatalities"] == g["fatalities"],
        "injuries": None if g["injuries"] is None else p["injuries"] == g["injuries"],
    }


def max_match(
    preds: Sequence[Mapping], golds: Sequence[Mapping], amap, taken: set[int]
) -> dict[int, int]:
    """Maximum one-to-one matching (augmenting paths), better-agreeing pairs tried first."""
    options: dict[int, list[int]] = {}
    for gi, g in enumerate(golds):
        cands = [pi for pi, p in enumerate(preds) if pi not in taken and matches(p, g)]
        cands.sort(key=lambda pi: -sum(bool(v) for v in slot_score(preds[pi], g, amap).values()))
        options[gi] = cands
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in options[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(golds)):
        augment(gi, set())
    return {gi: pi for pi, gi in owner.items()}


def load_predictions(warehouse: Path) -> dict[str, list[dict]]:
    con = wh.connect_reader(warehouse)
    try:
        rows = con.execute(
            f"SELECT d.file_name, {', '.join('e.' + c for c in PRED_COLUMNS)}, e.evidence "
            "FROM events e JOIN documents d USING (doc_id)"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, list[dict]] = {}
    for r in rows:
        rec = dict(zip(["file_name", *PRED_COLUMNS, "evidence"], r, strict=True))
        out.setdefault(rec["file_name"], []).append(rec)
    return out


def read_gold(path: Path) -> list[dict]:
    gold = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            gold.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{number}: not valid JSON ({err.msg})") from err
    return gold


def score(
    preds: Mapping[str, list[dict]], gold: list[dict], amap: Mapping[str, str]
) -> tuple[dict, list[str]]:
    """Figures over the articles the gold file covers, and MISS/EXTRA lines for --verbose."""
    tp = fp = fn = 0
    slots: dict[str, list[bool]] = {}
    lines: list[str] = []
    for doc in sorted({g["doc"] for g in gold}):
        ps = preds.get(doc, [])
        req = [g for g in gold if g["doc"] == doc and g.get("required", True)]
        opt = [g for g in gold if g["doc"] == doc and not g.get("required", True)]
        m_req = max_match(ps, req, amap, set())
        m_opt = max_match(ps, opt, amap, set(m_req.values()))
        used = set(m_req.values()) | set(m_opt.values())
        tp += len(m_req)
        fn += len(req) - len(m_req)
        fp += len(ps) - len(used)
        for gi, pi in m_req.items():
            for k, v in slot_score(ps[pi], req[gi], amap).items():
                if v is not None:
                    slots.setdefault(k, []).append(v)
        for gi, g in enumerate(req):
            if gi not in m_req:
                lines.append(
                    f"MISS {doc} {g.get('gold_id', gi)} {g['sub_event_type']} @ {g.get('location')} "
                    f"{g['event_date']}: {g.get('evidence', '')[:90]}"
                )
        for pi, p in enumerate(ps):
            if pi not in used:
                lines.append(
                    f"EXTRA {doc} {p['sub_event_type']} @ ({p['latitude']},{p['longitude']}) "
                    f"{p['event_date']}: {(p['evidence'] or '')[:90]}"
                )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "slot_accuracy": {k: round(sum(v) / len(v), 3) for k, v in sorted(slots.items())},
    }
    return result, lines


def words_of(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").casefold().replace("\u2019", "'")))


def detection_score(
    preds: Mapping[str, list[dict]], gold: list[dict], amap: Mapping[str, str]
) -> dict:
    """Detection apart from slots: did the sentence that reports a gold event yield an
    event of its type, whatever its place, date and actors?

    A predicted event detects a gold event of the same article when its evidence
    sentence holds the gold evidence and the event types agree (one to one, as for
    events). Precision counts predicted events that detect nothing, leaving out those
    that detect only optional gold; recall counts required gold events detected. Over
    detected pairs, each slot is scored on its own: the sub-event type, the place (within
    the gold's radius), the date (in the gold period), actors and casualties.
    """
    tp = fp = fn = 0
    slots: dict[str, list[bool]] = {}
    for doc in sorted({g["doc"] for g in gold}):
        ps = preds.get(doc, [])
        pwords = [words_of(p.get("evidence")) for p in ps]
        taken: set[int] = set()
        optional_only: set[int] = set()
        for g in sorted(gold, key=lambda g: not g.get("required", True)):
            if g["doc"] != doc:
                continue
            quote = words_of(g.get("evidence"))
            hit = next(
                (
                    pi
                    for pi, p in enumerate(ps)
                    if pi not in taken
                    and p["event_type"] == g["event_type"]
                    and quote in pwords[pi]
                ),
                None,
            )
            required = g.get("required", True)
            if hit is None:
                fn += required
                continue
            taken.add(hit)
            if not required:
                optional_only.add(hit)
                continue
            tp += 1
            p = ps[hit]
            placed = p["latitude"] is not None and great_circle_km(
                p["latitude"], p["longitude"], g["latitude"], g["longitude"]
            ) <= RADIUS_KM.get(g.get("geo_precision") or 1, 30.0)
            found = {
                "place": placed,
                "date": in_period(p["event_date"], g["event_date"], g.get("time_precision")),
                **slot_score(p, g, amap),
            }
            for k, v in found.items():
                if v is not None:
                    slots.setdefault(k, []).append(bool(v))
        fp += len(ps) - len(taken)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "slot_accuracy": {k: round(sum(v) / len(v), 3) for k, v in sorted(slots.items())},
    }


def score_warehouse(
    warehouse: Path, gold_path: Path, reference_dir: Path
) -> tuple[dict, list[str]]:
    """Event scores (the contract's), with the detection scores under 'detection'."""
    amap = alias_map(Path(reference_dir) / "actors.csv")
    preds, gold = load_predictions(warehouse), read_gold(gold_path)
    result, lines = score(preds, gold, amap)
    result["detection"] = detection_score(preds, gold, amap)
    return result, lines


HISTORY_COLUMNS = [
    "date", "commit", "detector", "set", "status",
    "precision", "recall", "f1", "detection_f1", "note",
]  # fmt: skip


def set_status(gold_path: Path) -> str:
    """'blind', 'studied' or 'tuned', from the set's CARD.md (empty when it has none)."""
    card = Path(gold_path).parent / "CARD.md"
    if not card.exists():
        return ""
    found = re.search(r"\*\*Status: (\w+)", card.read_text(encoding="utf-8"))
    return found.group(1) if found else ""


def record(history: Path, gold_path: Path, result: Mapping, detector: str, commit: str) -> dict:
    """Append one measurement to the history file (tests/eval/history.csv)."""
    import csv
    import datetime

    row = {
        "date": datetime.date.today().isoformat(),
        "commit": commit,
        "detector": detector,
        "set": Path(gold_path).parent.name,
        "status": set_status(gold_path),
        "precision": result["precision"],
        "recall": result["recall"],
        "f1": result["f1"],
        "detection_f1": result.get("detection", {}).get("f1", ""),
        "note": "",
    }
    new = not history.exists()
    with history.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=HISTORY_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow(row)
    return row


def format_result(result: Mapping) -> str:
    slots = ", ".join(f"{k}={v}" for k, v in result["slot_accuracy"].items())
    text = (
        f"events: tp={result['tp']} fp={result['fp']} fn={result['fn']}  precision={result['precision']} "
        f"recall={result['recall']} f1={result['f1']}\nslot accuracy: {slots}"
    )
    if "detection" in result:
        d = result["detection"]
        found = ", ".join(f"{k}={v}" for k, v in d["slot_accuracy"].items())
        text += (
            f"\ndetection (per sentence, event type): precision={d['precision']} "
            f"recall={d['recall']} f1={d['f1']}\nslots of detected events: {found}"
        )
    return text

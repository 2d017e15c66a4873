"""Link events from different articles that report the same happening.

Two events are the same happening when they have the same sub-event type, lie
close together (within the looser of their geo precisions' radii), their date
windows overlap, and their actors do not contradict each other. Linked events form
clusters (union-find over such pairs), so an analyst can count distinct events and
see how many articles and outlets corroborate each one.

Events without a date cannot be placed in time and stay in clusters of their own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Mapping

import pandas as pd

from transforms.geo import great_circle_km

RADIUS_KM = {1: 15.0, 2: 50.0, 3: 150.0}
WINDOW_DAYS = {1: 1, 2: 7}  # days after the first day; months and years end on the calendar
CLUSTER_COLUMNS = [
    "cluster_id",
    "event_id",
    "doc_id",
    "n_events",
    "n_articles",
    "n_outlets",
    "earliest_report",
    "first_event_date",
]


def window(date: dt.date, precision: object) -> tuple[dt.date, dt.date]:
    """The days an event may have happened on (both ends included), from its first day and
    time precision: a day (with a day's slack, for reports that straddle midnight or a
    time zone), a week, the rest of the month, the rest of the year. A missing precision
    counts as a year."""
    level = int(precision) if _present(precision) else 4
    if level == 3:
        return date, date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if level >= 4 or level not in WINDOW_DAYS:
        return date, date.replace(month=12, day=31)
    return date, date + dt.timedelta(days=WINDOW_DAYS[level])


def actors_compatible(
    a: Mapping, b: Mapping, allies: Mapping[str, frozenset[str]] | None = None
) -> bool:
    """Stated actors must agree; an unstated actor agrees with anything, and so does an
    ally (one outlet's 'Syrian troops' is another's 'Russian-backed forces')."""
    allies = allies or {}
    for slot in ("actor1", "actor2"):
        x, y = a.get(slot), b.get(slot)
        if _present(x) and _present(y) and x != y and y not in allies.get(x, ()):
            return False
    return True


def _present(value: object) -> bool:
    return value is not None and value is not pd.NA and value == value and value != ""


def same_happening(
    a: Mapping, b: Mapping, allies: Mapping[str, frozenset[str]] | None = None
) -> bool:
    if a["doc_id"] == b["doc_id"] or a["sub_event_type"] != b["sub_event_type"]:
        return False
    if not (_present(a["event_date"]) and _present(b["event_date"])):
        return False
    a0, a1 = window(a["event_date"], a["time_precision"])
    b0, b1 = window(b["event_date"], b["time_precision"])
    if a1 < b0 or b1 < a0:
        return False
    if not all(_present(e[k]) for e in (a, b) for k in ("latitude", "longitude", "geo_precision")):
        return False  # an event with no known place corroborates nothing by place
    radius = max(
        RADIUS_KM.get(int(a["geo_precision"]), 150.0), RADIUS_KM.get(int(b["geo_precision"]), 150.0)
    )
    if great_circle_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"]) > radius:
        return False
    return actors_compatible(a, b, allies)


def cluster_events(
    events: pd.DataFrame,
    documents: pd.DataFrame,
    allies: Mapping[str, frozenset[str]] | None = None,
) -> pd.DataFrame:
    """One row per event: its cluster and the cluster's corroboration figures.

    `events` needs event_id, doc_id, sub_event_type, event_date, time_precision,
    latitude, longitude, geo_precision, actor1, actor2; `documents` needs doc_id,
    outlet, published_date.
    """
    if events.empty:
        return pd.DataFrame(columns=CLUSTER_COLUMNS)
    rows = events.sort_values("event_id").to_dict("records")
    for r in rows:
        r["event_date"] = _as_date(r["event_date"])
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_type: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if r["event_date"] is not None:
            by_type.setdefault(r["sub_event_type"], []).append(i)
    for members in by_type.values():
        members.sort(key=lambda i: rows[i]["event_date"])
        for pos, i in enumerate(members):
            horizon = rows[i]["event_date"] + dt.timedelta(days=366)  # no window is longer
            for j in members[pos + 1 :]:
                if rows[j]["event_date"] > horizon:
                    break
                if find(i) != find(j) and same_happening(rows[i], rows[j], allies):
                    parent[find(j)] = find(i)
    docs = documents.set_index("doc_id")
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in groups.values():
        out.extend(cluster_rows([rows[i] for i in members], docs))
    return pd.DataFrame(out, columns=CLUSTER_COLUMNS)


def cluster_rows(members: list[dict], docs: pd.DataFrame) -> list[dict]:
    doc_ids = sorted({m["doc_id"] for m in members})
    outlets = {
        docs.at[d, "outlet"] for d in doc_ids if d in docs.index and _present(docs.at[d, "outlet"])
    }
    published = [_as_date(docs.at[d, "published_date"]) for d in doc_ids if d in docs.index]
    published = [p for p in published if p is not None]
    dates = [m["event_date"] for m in members if m["event_date"] is not None]
    first = min(members, key=lambda m: (m["event_date"] or dt.date.max, m["event_id"]))
    cluster_id = "cl-" + hashlib.sha256(first["event_id"].encode()).hexdigest()[:16]
    return [
        {
            "cluster_id": cluster_id,
            "event_id": m["event_id"],
            "doc_id": m["doc_id"],
            "n_events": len(members),
            "n_articles": len(doc_ids),
            "n_outlets": len(outlets),
            "earliest_report": min(published) if published else None,
            "first_event_date": min(dates) if dates else None,
        }
        for m in members
    ]


def _as_date(value: object) -> dt.date | None:
    if not _present(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()

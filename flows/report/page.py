"""The report's HTML: plain data for the Jinja2 template `templates/report.html.j2`.

Everything quoted from the warehouse (article titles, evidence, actors, quality keys) is
escaped by the template's autoescaping; only the charts' SVG, which sitrep draws
itself, is marked safe. The page has no scripts, fonts, or links out: articles are
embedded and shown with CSS `:target`, with their evidence marked.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from flows.report import charts
from flows.report.formatting import (
    event_period,
    fmt_date,
    fmt_int,
    fmt_value,
    humanise,
    join_present,
)
from flows.report.style import type_colour

TEMPLATES = Path(__file__).resolve().parent / "templates"
Row = dict[str, Any]


@cache
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=fmt_int, date=fmt_date, period=event_period, colour=type_colour, anchor=doc_anchor
    )
    env.globals["join_present"] = join_present
    return env


def render_page(data: dict[str, Any], quality: dict | None, out_dir: Path) -> str:
    """The whole HTML document; `out_dir` is where it goes (links are relative to it)."""
    headline = data["headline"]
    measures = data.get("measures") or []
    quality_svg = charts.quality_chart(measures, data["severities"]) if measures else None
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            generated=dt.datetime.now(dt.UTC).strftime("%d %b %Y %H:%M UTC"),
            headline=headline,
            cards=headline_cards(headline),
            period_sentence=period_sentence(headline),
            timeline_svg=Markup(charts.timeline_chart(data["monthly"])),
            timeline_caption=timeline_caption(headline),
            map_svg=Markup(charts.map_chart(data["map_points"])),
            places=data["places"],
            actors=data["actors"],
            control=data["control"],
            control_svg=Markup(charts.control_chart(data["control"])) if data["control"] else "",
            control_first=first_of_place(data["control"]),
            quality_svg=Markup(quality_svg) if quality_svg else None,
            quality_caption=charts.quality_caption(measures),
            quality=None if quality is None else quality_node("", quality, out_dir),
            recent=data["recent"],
            documents_cited=data["documents"],
            documents=[document(d, data["spans"]) for d in data["documents"]],
        )
    )


def headline_cards(h: Row) -> list[tuple[str, str, str]]:
    """The figures an analyst quotes first, as large numbers: label, value, note."""
    return [
        ("Articles", fmt_int(h["documents"]), "documents in the warehouse"),
        ("Events", fmt_int(h["events"]), "as reported, one per article"),
        ("Distinct happenings", fmt_int(h["happenings"]), "events merged across articles"),
        (
            "Fatalities",
            fmt_int(h["fatalities"]),
            f"highest toll per happening ({fmt_int(h['fatalities_reported'])} summed over reports)",
        ),
        ("Countries", fmt_int(h["countries"]), "with at least one event"),
        ("Period", event_period(h), "event dates"),
    ]


def period_sentence(h: Row) -> str:
    if not h["events"]:
        return "The warehouse holds no events yet: run `sitrep run` first."
    undated = h["undated_events"]
    tail = f" {undated} event(s) have no resolvable date." if undated else ""
    return (
        f"{fmt_int(h['events'])} events read from {fmt_int(h['documents'])} articles, dated "
        f"{event_period(h)}.{tail}"
    )


def timeline_caption(h: Row) -> str:
    undated = h["undated_events"]
    note = f" {undated} undated event(s) are not shown." if undated else ""
    return (
        "Events per month by ACLED event type (an event dated only to a month or year "
        f"counts in its first month).{note}"
    )


def first_of_place(changes: list[Row]) -> list[bool]:
    """For each change of control, whether it opens its place's group of rows."""
    places = [(c["location"], c["country"]) for c in changes]
    return [i == 0 or place != places[i - 1] for i, place in enumerate(places)]


def doc_anchor(doc_id: str) -> str:
    return f"doc-{doc_id}"


# --------------------------------------------------------------------------- quality


def quality_node(key: str, value: Any, out_dir: Path) -> dict[str, Any]:
    """A value of the quality summary as a node the template draws: scalars as text, dicts
    as key-value tables, lists of records as tables, the Data Docs path as a link."""
    if value is None:
        return {"kind": "missing"}
    if isinstance(value, dict):
        items = [(humanise(str(k)), quality_node(str(k), v, out_dir)) for k, v in value.items()]
        return {"kind": "pairs", "items": items} if items else {"kind": "none"}
    if isinstance(value, list | tuple):
        return quality_list(key, list(value), out_dir)
    if key == "data_docs":
        return data_docs_link(Path(str(value)), out_dir)
    bad = is_failure_key(key) and value not in (0, "0", False)
    return {"kind": "text", "text": fmt_value(value), "bad": bad}


def quality_list(key: str, values: list, out_dir: Path) -> dict[str, Any]:
    if not values:
        return {"kind": "none"}
    if all(isinstance(v, dict) for v in values):
        headers = list(dict.fromkeys(k for v in values for k in v))
        return {
            "kind": "records",
            "headers": [humanise(h) for h in headers],
            "rows": [[quality_node(h, v.get(h), out_dir) for h in headers] for v in values],
            "bad": is_failure_key(key),
        }
    return {"kind": "list", "items": [quality_node(key, v, out_dir) for v in values]}


def data_docs_link(index: Path, out_dir: Path) -> dict[str, Any]:
    """Data Docs as a link relative to the report, so it opens from the report's folder
    on disk, wherever that folder is copied with its `data_docs/` beside it."""
    relative = Path(os.path.relpath(Path(index).resolve(), Path(out_dir).resolve())).as_posix()
    return {"kind": "link", "href": quote(relative), "text": relative, "title": str(index)}


def is_failure_key(key: str) -> bool:
    return any(word in key.lower() for word in ("fail", "quarantin", "reject", "error"))


# --------------------------------------------------------------------------- documents


def document(doc: Row, spans: list[Row]) -> dict[str, Any]:
    """An embedded article: its heading, a line about it, and its text in marked pieces."""
    marks = merged_spans(
        (s["char_start"], s["char_end"]) for s in spans if s["doc_id"] == doc["doc_id"]
    )
    meta = join_present(
        doc["outlet"],
        f"published {fmt_date(doc['published_date'], 1)}" if doc["published_date"] else None,
        doc["file_name"],
        sep=" · ",
    )
    return {
        "doc_id": doc["doc_id"],
        "title": doc["title"] or doc["file_name"],
        "meta": meta,
        "pieces": marked_pieces(doc["clean_text"], marks),
    }


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping evidence spans as one span each, so marks never nest."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked_pieces(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The text cut at the marks: (piece, whether it is evidence), in order."""
    pieces, pos = [], 0
    for start, end in marks:
        pieces += [(text[pos:start], False), (text[start:end], True)]
        pos = end
    pieces.append((text[pos:], False))
    return [p for p in pieces if p[0]]

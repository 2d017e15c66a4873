"""`sitrep report`: one self-contained HTML situation report an analyst can open or print.

The page must work where the analyst is, which is often offline or behind an air gap:
no scripts, no web fonts, no map tiles, no links out. Charts are matplotlib drawings
inlined as SVG, the map is drawn over country outlines that ship with sitrep
(`report_assets/world_outlines.geojson`), and every article an event links to is
embedded in the page and shown with CSS `:target`, with its evidence highlighted.

The figures come from the warehouse views (`warehouse/views/`) through the queries of
`warehouse/queries/report_*.sql`. The views are recreated as temporary views first, so a
report reads the current definitions even from a warehouse last written by an older
sitrep, and even on a read-only connection.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.commands import reads_warehouse
from flows.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:  # the CLI imports this module to build its parser: keep that cheap
    import duckdb

    from expectations.severity import SeverityPolicy

QUERIES_DIR = PROJECT_ROOT / "warehouse" / "queries"
VIEWS_DIR = PROJECT_ROOT / "warehouse" / "views"
OUTLINES = Path(__file__).resolve().parent / "report_assets" / "world_outlines.geojson"
REPORT_FILE = "sitrep-report.html"

RECENT_EVENTS = 50
TOP_ROWS = 15
TIMELINE_PLACES = 14

Row = dict[str, Any]

# ACLED's event types, each with a colour that stays the same in every chart.
EVENT_TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#7d3c98",
    "Protests": "#2471a3",
    "Riots": "#17a589",
    "Strategic developments": "#7f8c8d",
}
OTHER_COLOUR = "#34495e"
HOLDER_COLOURS = [
    "#1f4e79",
    "#b03a2e",
    "#1e8449",
    "#b9770e",
    "#6c3483",
    "#117a65",
    "#873600",
    "#2e4053",
    "#a93226",
    "#5b2c6f",
]
MAP_SHAPE = 1.75  # width / height of the map frame
# Where the map looks when there is nothing to show: Syria, Iraq and their neighbours.
DEFAULT_EXTENT = (25.0, 60.0, 25.0, 43.0)

# --------------------------------------------------------------------------- entry points


def build_report(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    quality: dict | None = None,
    severities: SeverityPolicy | None = None,
) -> Path:
    """Write `out_dir/sitrep-report.html` from the warehouse behind `con`; return its path.

    `quality` is the data-quality summary to show (any keys; see `flows.quality.quality_summary`
    for what sitrep itself passes); None says that none was available.
    """
    use_current_views(con)
    data = read_report_data(con)
    data["severities"] = severities
    page = render_page(data, quality)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / REPORT_FILE
    partial = target.with_suffix(".html.partial")  # a reader never sees half a report
    partial.write_text(page, encoding="utf-8")
    partial.replace(target)
    return target


def add_report_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `sitrep report [--out DIR] [--warehouse PATH]` on the CLI's subparsers."""
    report = subparsers.add_parser(
        "report",
        help="write a self-contained HTML situation report",
        description="Write sitrep-report.html: headline figures, events over time, a map, top "
        "places and actors, who held which place when, data quality, and the latest events "
        "with their evidence and articles. The file needs no network to open or print.",
    )
    report.add_argument(
        "--warehouse", type=Path, help="DuckDB file (default: warehouse/sitrep.duckdb)"
    )
    report.add_argument(
        "--out",
        type=Path,
        help="folder to write into (default: reports/ in the warehouse's PATH.sitrep/ folder)",
    )
    report.add_argument(
        "what",
        nargs="?",
        choices=["html", "quality"],
        default="html",
        help="html (default): the HTML report; quality: print the data-quality summary",
    )
    report.set_defaults(func=cmd_report)
    return report


@reads_warehouse
def cmd_report(args: argparse.Namespace, settings: Settings, con) -> int:
    """Build the report from a read-only connection and print where it was written."""
    from flows.quality import format_quality, quality_summary

    quality = quality_summary(con, settings.reports)
    if args.what == "quality":
        print(format_quality(quality))
        return 0
    from expectations.severity import SeverityPolicy

    severities = SeverityPolicy.load(settings.severities)
    print(build_report(con, args.out or settings.reports, quality, severities))
    return 0


def use_current_views(con: duckdb.DuckDBPyConnection, views_dir: Path = VIEWS_DIR) -> None:
    """Create this sitrep's views as temporary views, which shadow whatever the file holds."""
    for path in sorted(Path(views_dir).glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        con.execute(
            re.sub(r"CREATE\s+OR\s+REPLACE\s+VIEW", "CREATE OR REPLACE TEMP VIEW", sql, count=1)
        )


@cache
def query_text(name: str) -> str:
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def rows(con: duckdb.DuckDBPyConnection, query: str, *params: object) -> list[Row]:
    """The rows of `warehouse/queries/<query>.sql` as dicts."""
    result = con.execute(query_text(query), list(params))
    names = [d[0] for d in result.description]
    return [dict(zip(names, r, strict=True)) for r in result.fetchall()]


def read_report_data(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the page shows, read once."""
    data: dict[str, Any] = {
        "headline": rows(con, "report_headline")[0],
        "monthly": rows(con, "report_monthly_events"),
        "map_points": rows(con, "report_map_points"),
        "places": rows(con, "report_top_places", TOP_ROWS),
        "actors": rows(con, "report_top_actors", TOP_ROWS),
        "control": rows(con, "report_control_changes"),
        "recent": rows(con, "report_recent_events", RECENT_EVENTS),
        "measures": quality_measures(con),
    }
    # Only the articles the page links to are embedded: the page stays small however
    # large the warehouse grows.
    linked = {r["doc_id"] for r in data["recent"]}
    linked |= {r["first_evidence_doc_id"] for r in data["control"]}
    data["documents"] = rows(con, "report_documents", sorted(linked))
    data["spans"] = rows(con, "report_evidence_spans", sorted(linked))
    return data


# --------------------------------------------------------------------------- page


def quality_measures(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The batch measures per run (none from a warehouse older than severities, which a
    read-only connection cannot upgrade)."""
    import duckdb

    from flows.quality_chart import RUNS_SHOWN

    try:
        return rows(con, "report_quality_measures", RUNS_SHOWN)
    except duckdb.BinderException:
        return []


def quality_figure(data: dict[str, Any]) -> str:
    """The measures-over-runs chart, or nothing when no run recorded a measure."""
    from expectations.severity import SeverityPolicy
    from flows.quality_chart import quality_caption, quality_chart

    policy = data.get("severities") or SeverityPolicy.load()
    svg = quality_chart(data.get("measures") or [], policy)
    return figure(svg, quality_caption(data["measures"])) if svg else ""


def render_page(data: dict[str, Any], quality: dict | None) -> str:
    """The whole HTML document."""
    headline = data["headline"]
    sections = [
        section("overview", "Overview", headline_cards(headline), intro=period_sentence(headline)),
        section(
            "timeline",
            "Events over time",
            figure(timeline_chart(data["monthly"]), timeline_caption(headline)),
        ),
        section("map", "Where", figure(map_chart(data["map_points"]), map_caption())),
        section(
            "places",
            "Top places and actors",
            '<div class="two-col">'
            + places_table(data["places"])
            + actors_table(data["actors"])
            + "</div>",
        ),
        section("control", "Who held what, and when", control_section(data["control"])),
        section("quality", "Data quality", quality_figure(data) + quality_section(quality)),
        section(
            "events",
            "Latest events",
            events_table(data["recent"]),
            intro=f"The {len(data['recent'])} most recent events by event date, each with the "
            "sentence it was read from. “article” opens the full text with the evidence marked.",
        ),
        section("sources", "Articles cited", sources_table(data["documents"])),
    ]
    documents = "".join(document_panel(d, data["spans"]) for d in data["documents"])
    generated = dt.datetime.now(dt.UTC).strftime("%d %b %Y %H:%M UTC")
    return PAGE.format(
        css=CSS,
        generated=esc(generated),
        nav=NAV,
        sections="\n".join(sections),
        documents=documents,
    )


def section(anchor: str, title: str, body: str, intro: str = "") -> str:
    lead = f'<p class="intro">{esc(intro)}</p>' if intro else ""
    return f'<section id="{anchor}" class="block"><h2>{esc(title)}</h2>{lead}{body}</section>'


def figure(svg: str, caption: str) -> str:
    return f'<figure class="chart">{svg}<figcaption>{esc(caption)}</figcaption></figure>'


def headline_cards(h: Row) -> str:
    """The figures an analyst quotes first, as large numbers."""
    cards = [
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
    return '<div class="cards">' + "".join(card(*c) for c in cards) + "</div>"


def card(label: str, value: str, note: str) -> str:
    return (
        f'<div class="card"><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)}</div><div class="note">{esc(note)}</div></div>'
    )


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


def map_caption() -> str:
    return (
        "Events by place, coloured by event type; circle area grows with the fatalities "
        "reported. Outlines: Natural Earth 1:110m (simplified), bundled with sitrep."
    )


# --------------------------------------------------------------------------- tables


def table(
    headers: Sequence[str],
    body_rows: Iterable[Sequence[str]],
    cls: str = "",
    row_classes: Sequence[str] = (),
) -> str:
    """An HTML table; cells are already-escaped HTML."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body_rows = list(body_rows)
    classes = list(row_classes) + [""] * (len(body_rows) - len(row_classes))
    body = "".join(
        (f'<tr class="{c}">' if c else "<tr>") + "".join(f"<td>{v}</td>" for v in r) + "</tr>"
        for r, c in zip(body_rows, classes, strict=True)
    )
    if not body:
        body = f'<tr><td colspan="{len(headers)}" class="empty">nothing to show</td></tr>'
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def places_table(places: list[Row]) -> str:
    body = [
        (
            f"<strong>{esc(p['location'])}</strong>"
            f'<div class="sub">{esc(join_present(p["admin1"], p["country"]))}</div>',
            num(p["happenings"]),
            num(p["events"]),
            num(p["fatalities"]),
            esc(event_period(p)),
        )
        for p in places
    ]
    return (
        '<div><h3>Places</h3><p class="intro">By distinct happenings, then fatalities.</p>'
        + table(["Place", "Happenings", "Events", "Fatalities", "Dates"], body, "numeric")
        + "</div>"
    )


def actors_table(actors: list[Row]) -> str:
    body = [
        (
            f"<strong>{esc(a['actor'])}</strong>",
            num(a["events"]),
            num(a["as_actor1"]),
            num(a["as_actor2"]),
            num(a["fatalities"]),
        )
        for a in actors
    ]
    return (
        '<div><h3>Actors</h3><p class="intro">By events they took part in, on either side.</p>'
        + table(["Actor", "Events", "Acting", "Acted upon", "Fatalities"], body, "numeric")
        + "</div>"
    )


def events_table(events: list[Row]) -> str:
    body = [
        (
            f'<span class="nowrap">{esc(fmt_date(e["event_date"], e["time_precision"]))}</span>',
            type_badge(e["event_type"]) + f'<div class="sub">{esc(e["sub_event_type"])}</div>',
            actors_cell(e["actor1"], e["actor2"]),
            f"{esc(e['location'])}"
            f'<div class="sub">{esc(join_present(e["admin1"], e["country"]))}</div>',
            num(e["fatalities"]),
            f"<q>{esc(e['evidence'])}</q> {article_link(e['doc_id'], e['title'], e['outlet'])}",
        )
        for e in events
    ]
    return table(["Date", "Type", "Actors", "Place", "Killed", "Evidence"], body, "events-table")


def sources_table(documents: list[Row]) -> str:
    body = [
        (
            f'<a href="#{doc_anchor(d["doc_id"])}">{esc(d["title"] or d["file_name"])}</a>',
            esc(d["outlet"] or "—"),
            f'<span class="nowrap">{esc(fmt_date(d["published_date"], 1))}</span>',
            num(d["events"]),
            f'<span class="mono">{esc(d["file_name"])}</span>',
        )
        for d in documents
    ]
    return table(["Article", "Outlet", "Published", "Events", "File"], body)


def type_badge(event_type: str) -> str:
    colour = EVENT_TYPE_COLOURS.get(event_type, OTHER_COLOUR)
    return f'<span class="badge" style="background:{colour}">{esc(event_type)}</span>'


def actors_cell(actor1: str | None, actor2: str | None) -> str:
    first = esc(actor1) if actor1 else '<span class="muted">unstated</span>'
    if not actor2:
        return first
    return f"{first} <span class='muted'>→</span> {esc(actor2)}"


def article_link(doc_id: str, title: str | None, outlet: str | None) -> str:
    hint = esc(join_present(title, outlet, sep=" — ") or "the article")
    return f'<a class="article" href="#{doc_anchor(doc_id)}" title="{hint}">article&nbsp;›</a>'


def doc_anchor(doc_id: str) -> str:
    return f"doc-{esc(doc_id)}"


# --------------------------------------------------------------------------- control


def control_section(changes: list[Row]) -> str:
    """The holder timeline chart over the table of changes, grouped by place."""
    if not changes:
        return '<p class="empty">No territorial-control changes have been extracted.</p>'
    chart = figure(
        control_chart(changes),
        "Each band is one holder, from the change that gave them the place to the next "
        "change; a pale band is still held when the articles end. Dots mark changes.",
    )
    return chart + control_table(changes)


def control_table(changes: list[Row]) -> str:
    body, row_classes = [], []
    previous_place = None
    for c in changes:
        place = (c["location"], c["country"])
        place_cell = ""
        row_classes.append("first-of-place" if place != previous_place else "")
        if place != previous_place:
            place_cell = (
                f"<strong>{esc(c['location'])}</strong>"
                f'<div class="sub">{esc(join_present(c["admin1"], c["country"]))}</div>'
            )
        previous_place = place
        body.append(
            (
                place_cell,
                num(c["seq"]),
                f'<span class="nowrap">{esc(fmt_date(c["event_date"], c["time_precision"]))}</span>',
                change_cell(c),
                esc(c["sub_event_type"]),
                num(c["sources"]),
                f"<q>{esc(c['first_evidence'])}</q> "
                + article_link(c["first_evidence_doc_id"], None, None),
            )
        )
    return table(
        ["Place", "#", "Date", "Change", "How", "Sources", "First report"],
        body,
        "control-table",
        row_classes,
    )


def change_cell(c: Row) -> str:
    loser = esc(c["from_actor"]) if c["from_actor"] else '<span class="muted">unknown</span>'
    if c["from_actor_basis"] == "previous holder":
        loser += ' <span class="muted" title="the previous holder at this place">(prev.)</span>'
    winner = esc(c["to_actor"]) if c["to_actor"] else '<span class="muted">unstated</span>'
    return f"{loser} <span class='muted'>→</span> <strong>{winner}</strong>"


# --------------------------------------------------------------------------- quality


def quality_section(quality: dict | None) -> str:
    """Whatever the caller's quality summary holds, as readable tables and lists."""
    if quality is None:
        return '<p class="empty">No data-quality summary was passed to this report.</p>'
    if not quality:
        return '<p class="empty">The data-quality summary is empty.</p>'
    return key_value_table(quality)


def key_value_table(values: dict) -> str:
    items = "".join(
        f"<tr><th>{esc(humanise(str(k)))}</th><td>{quality_value(str(k), v)}</td></tr>"
        for k, v in values.items()
    )
    return f'<table class="kv">{items}</table>'


def quality_value(key: str, value: Any) -> str:
    """A value of the quality summary: scalars as text, lists of records as tables."""
    if value is None:
        return '<span class="muted">—</span>'
    if isinstance(value, dict):
        if not value:
            return '<span class="ok">none</span>'
        return key_value_table(value)
    if isinstance(value, list | tuple):
        return quality_list(key, list(value))
    text = esc(fmt_value(value))
    if is_failure_key(key) and value not in (0, "0", False):
        return f'<span class="bad">{text}</span>'
    return text


def quality_list(key: str, values: list) -> str:
    if not values:
        return '<span class="ok">none</span>'
    if all(isinstance(v, dict) for v in values):
        headers = list(dict.fromkeys(k for v in values for k in v))
        body = [[quality_value(h, v.get(h)) for h in headers] for v in values]
        cls = "bad-table" if is_failure_key(key) else ""
        return table([humanise(h) for h in headers], body, cls)
    return "<ul>" + "".join(f"<li>{quality_value(key, v)}</li>" for v in values) + "</ul>"


def is_failure_key(key: str) -> bool:
    return any(word in key.lower() for word in ("fail", "quarantin", "reject", "error"))


def humanise(key: str) -> str:
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- documents


def document_panel(doc: Row, spans: list[Row]) -> str:
    """An article's full text, hidden until a link targets it; its evidence is marked."""
    marks = merged_spans(
        (s["char_start"], s["char_end"]) for s in spans if s["doc_id"] == doc["doc_id"]
    )
    meta = join_present(
        doc["outlet"],
        f"published {fmt_date(doc['published_date'], 1)}" if doc["published_date"] else None,
        doc["file_name"],
        sep=" · ",
    )
    return (
        f'<section class="doc" id="{doc_anchor(doc["doc_id"])}">'
        f'<a class="close" href="#events">close ×</a>'
        f"<h2>{esc(doc['title'] or doc['file_name'])}</h2>"
        f'<p class="sub">{esc(meta)}</p>'
        f'<div class="text">{marked_text(doc["clean_text"], marks)}</div></section>'
    )


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping evidence spans as one span each, so marks never nest."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked_text(text: str, marks: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in marks:
        out.append(esc(text[pos:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


# --------------------------------------------------------------------------- charts


def timeline_chart(monthly: list[Row]) -> str:
    """Stacked monthly bars of events by event type."""
    import numpy as np

    if not monthly:
        return empty_chart("No dated events yet", "timeline")
    fig, ax = new_figure(10, 3.4)
    months = sorted({r["month"] for r in monthly})
    span = month_range(months[0], months[-1])
    bottoms = np.zeros(len(span))
    index = {m: i for i, m in enumerate(span)}
    for event_type in ordered_types({r["event_type"] for r in monthly}):
        counts = np.zeros(len(span))
        for r in monthly:
            if r["event_type"] == event_type:
                counts[index[r["month"]]] += r["events"]
        ax.bar(
            span,
            counts,
            bottom=bottoms,
            width=24 if len(span) > 3 else 20,
            align="edge",
            color=EVENT_TYPE_COLOURS.get(event_type, OTHER_COLOUR),
            label=event_type,
            linewidth=0,
        )
        bottoms += counts
    ax.set_ylabel("events per month")
    ax.set_ylim(0, max(bottoms.max() * 1.15, 1))
    ax.yaxis.get_major_locator().set_params(integer=True)
    date_axis(ax, span[0], span[-1] + dt.timedelta(days=31))
    ax.legend(loc="upper left", ncols=3, frameon=False, fontsize=8)
    return svg_of(fig, "timeline")


def map_chart(points: list[Row]) -> str:
    """Events over the bundled country outlines, sized by fatalities, places named."""
    fig, ax = new_figure(10, 10 / MAP_SHAPE)
    extent = map_extent(points)
    frame_map(ax, extent)
    countries = draw_outlines(ax, extent)
    draw_event_points(ax, points)
    legends = add_map_legends(ax, points)
    labels = LabelLayout(fig, ax)
    for legend in legends:
        labels.block(legend.get_window_extent(labels.renderer))
    labels.block_points(points)
    label_places(labels, points)
    label_countries(labels, countries)
    return svg_of(fig, "map")


def frame_map(ax: Any, extent: tuple[float, float, float, float]) -> None:
    """Limits, a plate carrée aspect true at the map's middle latitude, and degree ticks."""
    from matplotlib.ticker import FuncFormatter

    west, east, south, north = extent
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_facecolor("#dce9f2")
    ax.tick_params(labelsize=7, colors="#666666")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}°{'E' if v >= 0 else 'W'}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}°{'N' if v >= 0 else 'S'}"))
    for spine in ax.spines.values():
        spine.set_color("#999999")


def draw_event_points(ax: Any, points: list[Row]) -> None:
    for event_type in ordered_types({p["event_type"] for p in points}):
        chosen = [p for p in points if p["event_type"] == event_type]
        ax.scatter(
            [p["longitude"] for p in chosen],
            [p["latitude"] for p in chosen],
            s=[marker_area(p["fatalities"]) for p in chosen],
            color=EVENT_TYPE_COLOURS.get(event_type, OTHER_COLOUR),
            alpha=0.8,
            edgecolors="white",
            linewidths=0.6,
            zorder=3,
            label=event_type,
        )
    if not points:
        ax.text(
            0.5,
            0.5,
            "No events yet",
            transform=ax.transAxes,
            ha="center",
            color="#555555",
            zorder=6,
            bbox={"facecolor": "white", "edgecolor": "#999999", "boxstyle": "round,pad=0.5"},
        )


def add_map_legends(ax: Any, points: list[Row]) -> list[Any]:
    """The event-type key (lower left) and the fatalities size key (lower right)."""
    from matplotlib.lines import Line2D

    if not points:
        return []
    type_legend = ax.legend(loc="lower left", fontsize=8, framealpha=0.92, title="Event type")
    type_legend.get_title().set_fontsize(8)
    ax.add_artist(type_legend)
    sizes = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=math.sqrt(marker_area(n)),
            markerfacecolor="#bbbbbb",
            markeredgecolor="#666666",
            label=f"{n} killed" if n else "none / unknown",
        )
        for n in (0, 10, 100)
    ]
    size_legend = ax.legend(
        handles=sizes,
        loc="lower right",
        fontsize=8,
        framealpha=0.92,
        labelspacing=1.6,
        borderpad=1.0,
        handletextpad=1.2,
    )
    size_legend.set_title("Fatalities", prop={"size": 8})
    return [type_legend, size_legend]


class LabelLayout:
    """Places map labels where they overprint neither dots, keys nor other labels.

    Works in display coordinates after the figure's layout has settled, using the Agg
    renderer to measure text; labels are kept out of the layout so that nothing moves
    once they are placed.
    """

    def __init__(self, fig: Any, ax: Any) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.ax = ax
        self.renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()
        self.taken: list[Any] = []
        self.frame = ax.get_window_extent(self.renderer)

    def block(self, box: Any) -> None:
        self.taken.append(box)

    def block_points(self, points: list[Row]) -> None:
        from matplotlib.transforms import Bbox

        scale = self.ax.figure.dpi / 72
        for p in points:
            x, y = self.ax.transData.transform((p["longitude"], p["latitude"]))
            r = math.sqrt(marker_area(p["fatalities"])) / 2 * scale
            self.block(Bbox.from_extents(x - r, y - r, x + r, y + r))

    def try_text(self, text: Any) -> float:
        """How much of `text` would overlap what is taken (0: free); inf if off the frame."""
        box = text.get_window_extent(self.renderer)
        if not self.frame.contains(box.x0, box.y0) or not self.frame.contains(box.x1, box.y1):
            return math.inf
        return sum(overlap_area(box, other) for other in self.taken)

    def keep(self, text: Any) -> None:
        self.block(text.get_window_extent(self.renderer).expanded(1.05, 1.15))


def overlap_area(a: Any, b: Any) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


# Where a place's name may go, beside its dot: (x, y) in points past the dot's edge.
PLACE_LABEL_OFFSETS = [(1, 0.2, "left"), (1, -1, "left"), (-1, 0.2, "right"), (-1, -1, "right")]


def label_places(labels: LabelLayout, points: list[Row], how_many: int = 20) -> None:
    """Name the places with the most events (then fatalities) beside their dot.

    A place whose name fits nowhere free stays unnamed: a legible map with fewer names
    beats a pile of overprinted ones.
    """
    from matplotlib import patheffects

    totals: dict[tuple[str, str], list[float]] = {}
    for p in points:
        entry = totals.setdefault(
            (p["location"], p["country"]), [0, 0, p["longitude"], p["latitude"], 0]
        )
        entry[0] += p["events"]
        entry[1] += p["fatalities"]
        entry[4] = max(entry[4], math.sqrt(marker_area(p["fatalities"])) / 2)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1][0] - kv[1][1] / 10, kv[0]))
    named = 0
    for (location, _), (_, _, lon, lat, radius) in ranked:
        if named >= how_many:
            break
        for side, up, align in PLACE_LABEL_OFFSETS:
            text = labels.ax.annotate(
                location,
                (lon, lat),
                xytext=(side * (radius + 2), up * 8 if radius < 6 else up * radius),
                textcoords="offset points",
                ha=align,
                fontsize=8,
                color="#222222",
                zorder=5,
                in_layout=False,
                path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
            )
            if labels.try_text(text) == 0:
                labels.keep(text)
                named += 1
                break
            text.remove()


COUNTRY_LABEL_SHIFTS = [(0, 0), (0, -0.8), (0, 0.8), (-1.5, 0), (1.5, 0), (0, -1.6), (0, 1.6)]


def label_countries(labels: LabelLayout, countries: list[tuple[str, float, float]]) -> None:
    """Name each country near its middle, where it clashes least with the event labels."""
    for name, x, y in countries:
        best, best_clash = None, math.inf
        for dx, dy in COUNTRY_LABEL_SHIFTS:
            text = labels.ax.text(
                x + dx,
                y + dy,
                name.upper(),
                fontsize=9,
                color="#a09a8c",
                fontweight="bold",
                ha="center",
                va="center",
                zorder=2,
                in_layout=False,
            )
            clash = labels.try_text(text)
            if clash < best_clash:
                if best is not None:
                    best.remove()
                best, best_clash = text, clash
            else:
                text.remove()
            if clash == 0:
                break
        if best is not None and best_clash < math.inf:
            labels.keep(best)
        elif best is not None:
            best.remove()


def control_chart(changes: list[Row]) -> str:
    """One lane per place, coloured by holder from each dated change to the next."""
    from matplotlib.patches import Patch

    dated = [c for c in changes if c["event_date"] is not None]
    places = lanes(dated)
    if not places:
        return empty_chart("No dated changes of control", "control")
    fig, ax = new_figure(10, 0.8 + 0.36 * len(places))
    start = min(c["event_date"] for c in dated)
    end = max(c["event_date"] for c in dated)  # the last change; held_until never passes it
    end = end + dt.timedelta(days=max(30, (end - start).days // 25))
    colours = holder_colours(dated)
    for lane, place in enumerate(places):
        for c in [c for c in dated if (c["location"], c["country"]) == place]:
            until = c["held_until"] or end
            ax.barh(
                lane,
                (until - c["event_date"]).days,
                left=c["event_date"],
                height=0.62,
                color=colours.get(c["to_actor"], "#bbbbbb"),
                alpha=1.0 if c["held_until"] else 0.45,
                linewidth=0,
            )
            ax.plot(c["event_date"], lane, "o", color="#222222", markersize=3, zorder=3)
    ax.set_yticks(range(len(places)), [p[0] for p in places], fontsize=8)
    ax.invert_yaxis()
    date_axis(ax, start - dt.timedelta(days=20), end)
    handles = [Patch(color=colour, label=name or "unstated") for name, colour in colours.items()]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
        frameon=False,
        title="Holder",
        title_fontsize=8,
    )
    return svg_of(fig, "control")


def lanes(dated: list[Row]) -> list[tuple[str, str]]:
    """The places to draw, most changes first, as many as fit."""
    counts: dict[tuple[str, str], int] = {}
    for c in dated:
        key = (c["location"], c["country"])
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    return ranked[:TIMELINE_PLACES]


def holder_colours(changes: list[Row]) -> dict[str | None, str]:
    """A fixed colour per holder, the most frequent holders first."""
    counts: dict[str | None, int] = {}
    for c in changes:
        counts[c["to_actor"]] = counts.get(c["to_actor"], 0) + 1
    ranked = sorted(counts, key=lambda a: (-counts[a], a or ""))
    return {
        actor: HOLDER_COLOURS[i] if i < len(HOLDER_COLOURS) else "#999999"
        for i, actor in enumerate(ranked)
    }


def marker_area(fatalities: int | None) -> float:
    """Circle area in points²: a visible dot for none, growing with the toll, capped."""
    return min(22 + 6 * (fatalities or 0), 1600)


def map_extent(points: list[Row]) -> tuple[float, float, float, float]:
    """West, east, south, north around the events, padded, never smaller than a region."""
    if not points:
        return DEFAULT_EXTENT
    lons = [p["longitude"] for p in points]
    lats = [p["latitude"] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    cx, cy = (west + east) / 2, (south + north) / 2
    stretch = 1 / math.cos(math.radians(min(abs(cy), 70)))  # the map's y scale per x degree
    half_w = max((east - west) / 2 + 3.0, 7.0)
    half_h = max((north - south) / 2 + 2.5, 4.0)
    # Keep the shape of a landscape page (width = MAP_SHAPE x height, on paper).
    half_w = max(half_w, half_h * stretch * MAP_SHAPE)
    half_h = max(half_h, half_w / (stretch * MAP_SHAPE))
    return (
        max(cx - half_w, -180.0),
        min(cx + half_w, 180.0),
        max(cy - half_h, -90.0),
        min(cy + half_h, 90.0),
    )


@cache
def outline_features() -> tuple[dict, ...]:
    return tuple(json.loads(OUTLINES.read_text(encoding="utf-8"))["features"])


def draw_outlines(
    ax: Any, extent: tuple[float, float, float, float]
) -> list[tuple[str, float, float]]:
    """Fill and outline the countries that reach into the map.

    Returns the name and label point of each country whose middle lies on the map.
    """
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    west, east, south, north = extent
    names = []
    for feature in outline_features():
        rings = [ring for polygon in feature["geometry"]["coordinates"] for ring in polygon]
        if not any(ring_meets(ring, extent) for ring in rings):
            continue
        vertices, codes = [], []
        for ring in rings:
            vertices.extend(ring)
            codes.extend(
                [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY]
            )
        ax.add_patch(
            PathPatch(
                MplPath(vertices, codes),
                facecolor="#f4f1ea",
                edgecolor="#9a9a9a",
                linewidth=0.6,
                zorder=1,
            )
        )
        x, y = label_point(rings)
        if west < x < east and south < y < north:
            names.append((feature["properties"]["name"], x, y))
    return names


def ring_meets(ring: list[list[float]], extent: tuple[float, float, float, float]) -> bool:
    west, east, south, north = extent
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south


def label_point(rings: list[list[list[float]]]) -> tuple[float, float]:
    """The centroid of the country's largest ring: where its name goes."""
    best, best_area = rings[0], 0.0
    for ring in rings:
        area = abs(signed_area(ring))
        if area > best_area:
            best, best_area = ring, area
    area = signed_area(best)
    if not area:
        return best[0][0], best[0][1]
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(best, best[1:] + best[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def signed_area(ring: list[list[float]]) -> float:
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def ordered_types(types: set[str]) -> list[str]:
    """ACLED's event types in codebook order, anything else after them."""
    known = [t for t in EVENT_TYPE_COLOURS if t in types]
    return known + sorted(types - set(known))


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def date_axis(ax: Any, start: dt.date, end: dt.date) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlim(start, end)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def new_figure(width: float, height: float) -> tuple[Any, Any]:
    """A figure made without pyplot, so no GUI backend or global state is involved."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.tick_params(labelsize=8)
    return fig, ax


def empty_chart(message: str, name: str) -> str:
    """A short strip that says there is nothing to draw, in place of a chart."""
    fig, ax = new_figure(10, 0.8)
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", color="#555555")
    return svg_of(fig, name)


def svg_of(fig: Any, name: str) -> str:
    """The figure as inline SVG: text as paths (no fonts needed), ids unique on the page.

    `name` must differ between the charts of one page: it prefixes the SVG's ids.
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "sitrep"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)  # RDF boilerplate
    svg = re.sub(r'(<svg[^>]*?)\swidth="[^"]*"\sheight="[^"]*"', r"\1", svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{esc(name)} chart" ', 1)
    return namespace_ids(svg, f"{name}-")


def namespace_ids(svg: str, prefix: str) -> str:
    """Prefix every id and reference to it, as several SVGs share one HTML document."""
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m[1]}"', svg)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m[1]})", svg)


# --------------------------------------------------------------------------- formatting


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def num(value: int | float | None) -> str:
    return '<span class="muted">—</span>' if value is None else esc(fmt_int(value))


def fmt_int(value: int | float | None) -> str:
    return "—" if value is None else f"{int(value):,}"


def fmt_value(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.3g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def fmt_date(value: dt.date | None, precision: int | None) -> str:
    """A date written as precisely as it is known: '26 Mar 2016', 'Mar 2016', '2016'."""
    if value is None:
        return "undated"
    if precision == 4:
        return f"{value.year}"
    if precision == 3:
        return value.strftime("%b %Y")
    day = f"{value.day} {value.strftime('%b %Y')}"
    return f"c. {day}" if precision == 2 else day


def date_range(
    first: dt.date | None, last: dt.date | None, first_precision: int = 1, last_precision: int = 1
) -> str:
    if first is None or last is None:
        return "—"
    if first == last:
        return fmt_date(first, min(first_precision, last_precision))
    return f"{fmt_date(first, first_precision)} – {fmt_date(last, last_precision)}"


def event_period(h: Row) -> str:
    """A row's first to last event date, each end written as precisely as it is known."""
    return date_range(
        h["first_event_date"],
        h["last_event_date"],
        h["first_date_precision"] or 1,
        h["last_date_precision"] or 1,
    )


def join_present(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


# --------------------------------------------------------------------------- template

NAV = (
    '<nav><a href="#overview">Overview</a><a href="#timeline">Over time</a>'
    '<a href="#map">Map</a><a href="#places">Places &amp; actors</a>'
    '<a href="#control">Control</a><a href="#quality">Quality</a>'
    '<a href="#events">Latest events</a><a href="#sources">Articles</a></nav>'
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="sitrep">
<title>sitrep — situation report</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>Situation report</h1>
<p class="sub">ACLED-coded events read from news articles · generated {generated} by sitrep</p>
{nav}
</header>
<main>
{sections}
</main>
<div class="docs">{documents}</div>
</body>
</html>
"""

CSS = """
:root { --ink: #1c1c1c; --muted: #6b6b6b; --rule: #d9d9d9; --accent: #8b1e1e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 0 28px 48px; color: var(--ink);
  font: 14px/1.45 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif;
  background: #fff; }
header { border-bottom: 3px solid var(--ink); padding: 22px 0 10px; }
h1 { margin: 0; font-size: 28px; letter-spacing: .02em; }
h2 { font-size: 19px; margin: 0 0 8px; padding-top: 6px; border-top: 1px solid var(--ink); }
h3 { font-size: 15px; margin: 4px 0; }
nav { margin-top: 10px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.block { margin: 26px 0; }
.intro, .sub, figcaption { color: var(--muted); font-size: 12.5px; margin: 2px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(6, 1fr); gap: 10px; }
.card { border: 1px solid var(--rule); border-top: 4px solid var(--accent); padding: 8px 10px; }
.card .label { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.card .value { font-size: 26px; font-weight: 700; line-height: 1.2; margin: 2px 0; }
.card:last-child .value { font-size: 16px; padding: 5px 0; }
.card .note { font-size: 11.5px; color: var(--muted); }
figure { margin: 0; }
.chart svg { width: 100%; height: auto; display: block; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 4px 0 8px; }
th { text-align: left; font-weight: 600; border-bottom: 1.5px solid var(--ink); padding: 4px 6px;
  vertical-align: bottom; }
td { border-bottom: 1px solid var(--rule); padding: 4px 6px; vertical-align: top; }
table.numeric td:not(:first-child), table.numeric th:not(:first-child) { text-align: right; }
.events-table td:nth-child(5), .control-table td:nth-child(2),
.control-table td:nth-child(6) { text-align: right; }
.events-table td:last-child, .control-table td:last-child { width: 46%; }
td .sub { margin: 0; font-size: 11.5px; }
.control-table tr.first-of-place td { border-top: 1.5px solid #888; }
.control-table tr:not(.first-of-place) td { border-bottom-color: #eeeeee; }
main > section:first-child h2 { border-top: 0; }
q { quotes: "“" "”"; font-style: italic; }
.badge { color: #fff; border-radius: 3px; padding: 0 5px; font-size: 11px; white-space: nowrap; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11.5px; }
.empty { color: var(--muted); font-style: italic; }
.ok { color: #1e7b34; }
.bad { color: #a4161a; font-weight: 600; }
table.kv { width: auto; min-width: 50%; }
table.kv > tbody > tr > th { border-bottom: 1px solid var(--rule); font-weight: 600;
  padding-right: 24px; vertical-align: top; white-space: nowrap; }
table.kv table { margin: 0; }
.bad-table th { border-bottom-color: #a4161a; }
a.article { font-style: normal; font-size: 12px; white-space: nowrap; }
.doc { display: none; }
.doc:target { display: block; position: fixed; inset: 4vh 7vw; overflow: auto; z-index: 10;
  background: #fff; padding: 18px 28px 28px; border: 1px solid #888;
  box-shadow: 0 0 0 100vmax rgba(0, 0, 0, .45); }
.doc .close { float: right; font-size: 13px; }
.doc h2 { border: 0; }
.doc .text { white-space: pre-wrap; font-size: 14px; line-height: 1.6; max-width: 780px; }
mark { background: #ffe58a; padding: 0 1px; }
@media (max-width: 900px) { .cards { grid-template-columns: repeat(3, 1fr); }
  .two-col { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav, .docs, a.article { display: none; }
  a { color: inherit; }
  .block { break-inside: auto; margin: 16px 0; }
  figure, .cards, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  .badge { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""

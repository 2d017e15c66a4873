"""Every chart of the report, drawn with matplotlib and inlined as SVG.

The page must work offline and in print, so charts are vector drawings with their text
as paths (no fonts needed), made without pyplot (no GUI backend, no global state).
Each chart's SVG ids are prefixed with the chart's name, as the charts share one page.
The map's event markers carry `data-event-ids` (the events each stands for) and the
keys are drawn beside the map, never over it: a browser test reads their boxes.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flows.report import map_layout as layout
from flows.report.outlines import draw_outlines
from flows.report.style import HOLDER_COLOURS, PASSED, WARNED, ordered_types, type_colour

if TYPE_CHECKING:
    from expectations.severity import SeverityPolicy

Row = dict[str, Any]

TIMELINE_PLACES = 14
SIZE_KEY = (1, 10, 100)  # the fatalities the size key shows a marker for
KEY_COLOUR = "#9a9a9a"
MEASURE_LABELS = {
    "share_dated": "share of events dated",
    "share_geocoded_to_town": "share placed at a town",
    "events_per_document": "events per document",
}

# --------------------------------------------------------------------------- timeline


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
            color=type_colour(event_type),
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


# --------------------------------------------------------------------------- map


def map_chart(points: list[Row]) -> str:
    """Events over the bundled country outlines, sized by fatalities, places named.

    The keys (event types, marker sizes) sit in a column of their own to the right of
    the frame, so no key can hide an event wherever the events lie.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 5.4), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[5.2, 1])
    ax, key = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
    ax.patch.set_gid("frame")
    key.set_gid("key")
    key.set_axis_off()
    extent = layout.map_extent(points)
    layout.frame_map(ax, extent)
    groups = markers_by_type(points)
    for k, (event_type, group) in enumerate(groups):
        draw_markers(ax, group, type_colour(event_type), f"events-{k}")
    draw_keys(key, points)
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
    extent = layout.fit_markers(ax, extent, points)
    countries = draw_outlines(ax, extent)
    labels = layout.LabelLayout(fig, ax)
    labels.block_points(points)
    layout.label_places(labels, points)
    layout.label_countries(labels, countries)
    return with_marker_data(svg_of(fig, "map"), [group for _, group in groups])


def markers_by_type(points: list[Row]) -> list[tuple[str, list[Row]]]:
    """The points by event type, in codebook order; each type's deadliest first, so
    smaller markers are drawn over bigger ones."""
    return [
        (event_type, [p for p in points if p["event_type"] == event_type])
        for event_type in ordered_types({p["event_type"] for p in points})
    ]


def draw_markers(ax: Any, points: list[Row], colour: str, gid: str, **kw) -> None:
    """Circles whose area says the toll: the map's markers and the size key's alike.

    One collection per call, drawn in the order of `points` (`with_marker_data` relies
    on it to tag each marker with its events).
    """
    ax.scatter(
        [p["longitude"] for p in points],
        [p["latitude"] for p in points],
        s=[layout.marker_area(p["fatalities"]) for p in points],
        color=colour,
        alpha=0.8,
        edgecolors="white",
        linewidths=layout.MARKER_EDGE,
        zorder=3,
        gid=gid,
        **kw,
    )


def draw_keys(key: Any, points: list[Row]) -> None:
    """The event-type key at the top of the key column, the size key at its foot."""
    from matplotlib.lines import Line2D

    if not points:
        return
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=7, color=type_colour(t), label=t)
        for t in ordered_types({p["event_type"] for p in points})
    ]
    types = key.legend(
        handles=handles,
        loc="upper left",
        fontsize=8,
        frameon=False,
        title="Event type",
        title_fontsize=8,
        alignment="left",
        borderaxespad=0,
    )
    types.set_gid("legend-types")
    # The size key from the foot of the column upwards, placed in points: the same markers
    # at the same scale as the map's, whatever height the layout gives the column.
    widest = layout.marker_radius(max(SIZE_KEY))
    below = 2.0
    for n in reversed(SIZE_KEY):
        r = layout.marker_radius(n)
        middle = below + r
        at = key_point(key, widest + 1, middle)
        example = {"longitude": 0, "latitude": 0, "fatalities": n}
        draw_markers(key, [example], KEY_COLOUR, f"size-key-{n}", transform=at, clip_on=False)
        label_at = key_point(key, 2 * widest + 8, middle)
        key.text(0, 0, f"{n} killed", transform=label_at, fontsize=8, va="center")
        below = middle + r + 6
    key.text(0, 0, "Fatalities", transform=key_point(key, 0, below), fontsize=8)


def key_point(key: Any, x: float, y: float) -> Any:
    """A transform to `x, y` points from the lower left corner of the key column."""
    from matplotlib.transforms import ScaledTranslation

    return key.transAxes + ScaledTranslation(x / 72, y / 72, key.figure.dpi_scale_trans)


def with_marker_data(svg: str, groups: list[list[Row]]) -> str:
    """Tag each event marker with the events it stands for, and each size-key marker
    with the toll it stands for, so a reader (or a test) can find them on the page.

    matplotlib writes a collection as a group holding one element per marker, in the
    order of its points; a count that differs is an error, not a silent mistag.
    """
    for k, group in enumerate(groups):
        start = svg.index(f'<g id="map-events-{k}">')
        block = svg[start : closing_tag(svg, start)]
        defs = [m.span() for m in re.finditer(r"<defs>.*?</defs>", block, flags=re.S)]
        tags = [
            m
            for m in re.finditer(r"<(?:path|use)\b", block)
            if not any(a <= m.start() < b for a, b in defs)
        ]
        if len(tags) != len(group):
            raise RuntimeError(f"{len(tags)} map markers drawn for {len(group)} points")
        pieces, last = [], 0
        for tag, p in zip(tags, group, strict=True):
            pieces += [block[last : tag.end()], marker_attributes(p)]
            last = tag.end()
        svg = svg[:start] + "".join(pieces) + block[last:] + svg[start + len(block) :]
    return re.sub(
        r'<g id="map-size-key-(\d+)"', r'\g<0> class="size-key-marker" data-fatalities="\1"', svg
    )


def marker_attributes(point: Row) -> str:
    ids = html.escape(" ".join(point["event_ids"] or []))
    fatalities = int(point["fatalities"] or 0)
    return f' class="event-marker" data-event-ids="{ids}" data-fatalities="{fatalities}"'


def closing_tag(svg: str, start: int) -> int:
    """Where the `<g>` element that opens at `start` ends (just past its `</g>`)."""
    depth = 0
    for m in re.finditer(r"<g\b|</g>", svg[start:]):
        depth += 1 if m[0] == "<g" else -1
        if depth == 0:
            return start + m.end()
    raise ValueError("an SVG group that never closes")


# --------------------------------------------------------------------------- control


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


# --------------------------------------------------------------------------- quality


def measures_by_name(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """The query's rows grouped by measure, in the order the labels list them."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["expectation"], []).append(row)
    order = list(MEASURE_LABELS)
    return dict(
        sorted(grouped.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    )


def quality_chart(rows: Sequence[Mapping[str, Any]], policy: SeverityPolicy) -> str | None:
    """Quality over time: one small panel per batch measure (share dated, share geocoded
    to a town, events per document), one point per run, the warn_if threshold of the
    severities file dashed, the runs that warned in red; None when no run recorded one.

    A warning never stops a run, so the report is where a drift shows: a share of dated
    events falling run after run says more than any single run's warning.
    """
    grouped = measures_by_name(rows)
    if not grouped:
        return None
    from matplotlib.figure import Figure

    runs = sorted({row["run_id"]: row["started_at"] for row in rows}.items(), key=lambda r: r[1])
    position = {run_id: i for i, (run_id, _) in enumerate(runs)}
    fig = Figure(figsize=(3.3 * len(grouped), 2.1), layout="constrained")
    for panel, (name, series) in enumerate(grouped.items()):
        ax = fig.add_subplot(1, len(grouped), panel + 1)
        xs = [position[row["run_id"]] + 1 for row in series]
        ys = [row["value"] for row in series]
        ax.plot(xs, ys, color=PASSED, linewidth=1.2, zorder=2)
        colours = [PASSED if row["success"] else WARNED for row in series]
        ax.scatter(xs, ys, c=colours, s=16, zorder=3)
        threshold = policy.measure("events", name).warn_if
        if threshold is not None:
            ax.axhline(threshold.value, color=WARNED, linestyle="--", linewidth=0.9, zorder=1)
            ax.annotate(
                f"warn if {threshold}",
                (1, threshold.value),
                xycoords=("axes fraction", "data"),
                ha="right",
                va="bottom",
                fontsize=7,
                color=WARNED,
            )
        ax.set_title(MEASURE_LABELS.get(name, name), fontsize=9)
        ax.set_xlim(0.5, len(runs) + 0.5)
        ax.set_xlabel("run", fontsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(labelsize=7)
        top = max([*ys, threshold.value if threshold else 0])
        ax.set_ylim(0, max(1.0, top * 1.15) if name.startswith("share") else top * 1.2 or 1)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return svg_of(fig, "quality")


def quality_caption(rows: Sequence[Mapping[str, Any]]) -> str:
    runs = len({row["run_id"] for row in rows})
    warned = len({row["run_id"] for row in rows if not row["success"]})
    return (
        f"The batch measures of the last {runs} run{'s' if runs != 1 else ''} that loaded "
        f"({warned} warned, in red); dashed: the warn_if threshold of "
        "expectations/severities.toml. A warning never stops a run."
    )


# --------------------------------------------------------------------------- drawing


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
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(name)} chart" ', 1)
    return namespace_ids(svg, f"{name}-")


def namespace_ids(svg: str, prefix: str) -> str:
    """Prefix every id and reference to it, as several SVGs share one HTML document."""
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m[1]}"', svg)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m[1]})", svg)

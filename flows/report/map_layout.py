"""Where things go on the map: its extent, room for every marker, and labels that fit.

The map is plate carrée with its aspect true at the middle latitude, filling the room the
layout gives it. Markers have a size in points (their area grows with the toll), not in
degrees, so the extent is widened after layout until every marker lies wholly inside
the frame. Labels are placed in
display coordinates, measured with the Agg renderer, where they overprint neither
markers, nor the frame's edge, nor other labels.
"""

from __future__ import annotations

import math
from typing import Any

from flows.report.outlines import Extent

MAP_SHAPE = 1.75  # width / height of the map frame
# Where the map looks when there is nothing to show: Syria, Iraq and their neighbours.
DEFAULT_EXTENT: Extent = (25.0, 60.0, 25.0, 43.0)
MARKER_EDGE = 0.6  # points: the white ring around each marker
FIT_ROUNDS = 4

Row = dict[str, Any]


def marker_area(fatalities: int | None) -> float:
    """Circle area in points²: a visible dot for none, growing with the toll, capped.

    The one scale of the map: its markers and the size key are both drawn with it.
    """
    return min(22 + 6 * (fatalities or 0), 1600)


def marker_radius(fatalities: int | None) -> float:
    """The marker's outer radius in points, its white edge included."""
    return math.sqrt(marker_area(fatalities)) / 2 + MARKER_EDGE / 2


def map_extent(points: list[Row]) -> Extent:
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
    return (cx - half_w, cx + half_w, max(cy - half_h, -90.0), min(cy + half_h, 90.0))


def frame_map(ax: Any, extent: Extent) -> None:
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


def filled(ax: Any, extent: Extent) -> Extent:
    """`extent` widened (or heightened) about its middle to the shape of the room the
    layout gives the map, so the frame fills it instead of leaving a margin."""
    fig = ax.figure
    slot = ax.get_position(original=True)
    room = (slot.height * fig.bbox.height) / (slot.width * fig.bbox.width)
    west, east, south, north = extent
    y_per_x = 1 / math.cos(math.radians((south + north) / 2))
    shape = (north - south) * y_per_x / (east - west)
    cx, cy = (west + east) / 2, (south + north) / 2
    if shape < room:
        half_h = (east - west) * room / y_per_x / 2
        return (west, east, cy - half_h, cy + half_h)
    half_w = (north - south) * y_per_x / room / 2
    return (cx - half_w, cx + half_w, south, north)


def fit_markers(ax: Any, extent: Extent, points: list[Row]) -> Extent:
    """Frame the map on `extent`, filled to its room and widened until every marker lies
    wholly inside the frame; return the extent used.

    A big marker near the edge of the events' box would otherwise be cut by the frame:
    the padding of `map_extent` is in degrees, a marker's size in points.
    """
    fig = ax.figure
    fig.draw_without_rendering()  # lays the figure out: the map's room is known
    for _ in range(FIT_ROUNDS):
        extent = filled(ax, extent)
        frame_map(ax, extent)
        fig.draw_without_rendering()
        grow = overflow(ax, points)
        if max(grow) <= 0:
            break
        # A little more than needed: widening the limits shrinks the scale a little.
        west, east, south, north = extent
        extent = (
            west - 1.2 * grow[0],
            east + 1.2 * grow[1],
            south - 1.2 * grow[2],
            north + 1.2 * grow[3],
        )
    else:  # still short after the last round (never seen): frame what was asked for
        extent = filled(ax, extent)
        frame_map(ax, extent)
    return extent


def overflow(ax: Any, points: list[Row]) -> list[float]:
    """How many degrees the markers reach past the frame: west, east, south, north (0: none)."""
    frame = ax.get_window_extent()
    per_point = ax.figure.dpi / 72
    origin = ax.transData.transform((0, 0))
    x_scale = abs(ax.transData.transform((1, 0))[0] - origin[0])
    y_scale = abs(ax.transData.transform((0, 1))[1] - origin[1])
    grow = [0.0, 0.0, 0.0, 0.0]
    for p in points:
        x, y = ax.transData.transform((p["longitude"], p["latitude"]))
        r = (marker_radius(p["fatalities"]) + 1) * per_point  # a point to spare
        grow[0] = max(grow[0], (frame.x0 - (x - r)) / x_scale)
        grow[1] = max(grow[1], ((x + r) - frame.x1) / x_scale)
        grow[2] = max(grow[2], (frame.y0 - (y - r)) / y_scale)
        grow[3] = max(grow[3], ((y + r) - frame.y1) / y_scale)
    return grow


class LabelLayout:
    """Places map labels where they overprint neither dots, keys nor other labels.

    Works in display coordinates after the figure's layout has settled, using the Agg
    renderer to measure text; labels are kept out of the layout so that nothing moves
    once they are placed. What is taken is an array of boxes, so a candidate label is
    weighed against thousands of markers at once.
    """

    def __init__(self, fig: Any, ax: Any) -> None:
        import numpy as np
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.ax = ax
        self.renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()
        self.taken = np.empty((0, 4))  # x0, y0, x1, y1 per box
        self.frame = ax.get_window_extent(self.renderer)

    def block(self, box: Any) -> None:
        import numpy as np

        self.taken = np.vstack([self.taken, [box.x0, box.y0, box.x1, box.y1]])

    def block_points(self, points: list[Row]) -> None:
        import numpy as np

        if not points:
            return
        xy = self.ax.transData.transform([(p["longitude"], p["latitude"]) for p in points])
        r = np.array([marker_radius(p["fatalities"]) for p in points]) * self.ax.figure.dpi / 72
        boxes = np.column_stack([xy[:, 0] - r, xy[:, 1] - r, xy[:, 0] + r, xy[:, 1] + r])
        self.taken = np.vstack([self.taken, boxes])

    def try_text(self, text: Any) -> float:
        """How much of `text` would overlap what is taken (0: free); inf if off the frame."""
        import numpy as np

        box = text.get_window_extent(self.renderer)
        if not self.frame.contains(box.x0, box.y0) or not self.frame.contains(box.x1, box.y1):
            return math.inf
        t = self.taken
        width = np.minimum(box.x1, t[:, 2]) - np.maximum(box.x0, t[:, 0])
        height = np.minimum(box.y1, t[:, 3]) - np.maximum(box.y0, t[:, 1])
        return float((width.clip(min=0) * height.clip(min=0)).sum())

    def keep(self, text: Any) -> None:
        self.block(text.get_window_extent(self.renderer).expanded(1.05, 1.15))


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
        entry[4] = max(entry[4], marker_radius(p["fatalities"]))
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
        if best is not None and best_clash == 0:
            labels.keep(best)
        elif best is not None:  # overprinted names help no one: leave the country unnamed
            best.remove()

"""The country outlines the map is drawn over, bundled with sitrep so the map needs no tiles.

`assets/world_outlines.geojson` is Natural Earth 1:110m admin-0 countries, made by
`assets/make_outlines.py` (which says where the data comes from and how to rebuild it).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

OUTLINES = Path(__file__).resolve().parent / "assets" / "world_outlines.geojson"

Extent = tuple[float, float, float, float]  # west, east, south, north in degrees
Ring = list[list[float]]


@cache
def outline_features(path: Path = OUTLINES) -> tuple[dict, ...]:
    """The countries: GeoJSON features with a `name`, an `iso_a3` and MultiPolygon rings."""
    return tuple(json.loads(path.read_text(encoding="utf-8"))["features"])


def country_rings(feature: dict) -> list[Ring]:
    return [ring for polygon in feature["geometry"]["coordinates"] for ring in polygon]


def draw_outlines(ax: Any, extent: Extent) -> list[tuple[str, float, float]]:
    """Fill and outline the countries that reach into the map.

    Returns the name and label point of each country whose middle lies on the map.
    """
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    west, east, south, north = extent
    names = []
    for feature in outline_features():
        rings = country_rings(feature)
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


def ring_meets(ring: Ring, extent: Extent) -> bool:
    west, east, south, north = extent
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south


def label_point(rings: list[Ring]) -> tuple[float, float]:
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


def signed_area(ring: Ring) -> float:
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )

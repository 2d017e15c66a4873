"""Regenerate `world_outlines.geojson` from Natural Earth's 1:110m admin-0 countries.

The report draws its map offline, so the outlines ship with sitrep. They come from
the Natural Earth shapefile that geopandas 0.14 bundled in its wheel (public domain):

    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-*.whl
    python flows/report/assets/make_outlines.py geopandas/datasets/naturalearth_lowres

Only the standard library is used (the shapefile and dBase formats are simple), and
coordinates are rounded to 0.01 degree (about 1 km), ample for a country outline.

The names are text in the code page the shapefile's `.cpg` file declares (ISO-8859-1 for
this one: "Côte d'Ivoire" is the byte F4), so they are decoded with it, strictly: reading
them as UTF-8 once turned the name into "C\ufffdte d'Ivoire" on every map.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DECIMALS = 2
# What a shapefile's text is in when no .cpg says otherwise (GDAL and ESRI assume the same).
DEFAULT_CODE_PAGE = "ISO-8859-1"


def code_page(dbf: Path) -> str:
    """The encoding the shapefile declares for its attributes, in the `.cpg` beside them."""
    cpg = dbf.with_suffix(".cpg")
    declared = cpg.read_text(encoding="ascii").strip() if cpg.exists() else ""
    return declared or DEFAULT_CODE_PAGE


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The attribute rows of a dBase III file, as text in the shapefile's code page."""
    encoding = code_page(path)
    data = path.read_bytes()
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(n_records):
        start = header_len + i * record_len + 1  # skip the deletion flag
        row, offset = {}, start
        for name, length in fields:
            row[name] = data[offset : offset + length].decode(encoding).strip()
            offset += length
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each shape's rings (lists of lon/lat points) of a polygon shapefile."""
    data = path.read_bytes()
    shapes, pos = [], 100
    while pos < len(data):
        _, words = struct.unpack(">ii", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + 2 * words]
        pos += 8 + 2 * words
        if struct.unpack("<i", content[:4])[0] != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        flat = struct.unpack(f"<{2 * n_points}d", content[44 + 4 * n_parts :][: 16 * n_points])
        points = list(zip(flat[0::2], flat[1::2], strict=True))
        bounds = [*parts, n_points]
        shapes.append([points[a:b] for a, b in zip(bounds, bounds[1:], strict=False)])
    return shapes


def rounded_ring(ring: list[tuple[float, float]]) -> list[list[float]]:
    """The ring at ~1 km resolution, without the repeated points rounding creates."""
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def feature(row: dict[str, str], rings: list[list[tuple[float, float]]]) -> dict:
    rings_out = [r for r in (rounded_ring(r) for r in rings) if len(r) >= 4]
    return {
        "type": "Feature",
        "properties": {"name": row["name"], "iso_a3": row["iso_a3"]},
        # All rings of the country; outer rings run clockwise and holes counter-clockwise
        # (shapefile order), so a non-zero fill of the compound path keeps the holes.
        "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rings_out]},
    }


def main(folder: Path) -> None:
    rows = read_dbf(folder / "naturalearth_lowres.dbf")
    shapes = read_polygons(folder / "naturalearth_lowres.shp")
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14",
        "features": [feature(r, s) for r, s in zip(rows, shapes, strict=True)],
    }
    target = HERE / "world_outlines.geojson"
    target.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{target}: {len(collection['features'])} countries, {target.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""`sitrep report`: one self-contained HTML situation report an analyst can open or print.

The page must work where the analyst is, which is often offline or behind an air gap:
no scripts, no web fonts, no map tiles, no links out. The package is laid out by what
each part does:

- `data`: the figures, read from the warehouse by the named queries of
  `warehouse/queries/report_*.sql` over the current views;
- `charts`: every chart (events over time, the map, who held what, quality over runs),
  drawn by matplotlib and inlined as SVG; `map_layout` and `outlines` place the map's
  markers, keys and labels over the bundled country outlines (`assets/`);
- `page` and `templates/report.html.j2`: the HTML, from a Jinja2 template with
  autoescaping on.

The CLI's `sitrep report` calls `build_report`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flows.report.data import use_current_views

if TYPE_CHECKING:
    import duckdb

    from expectations.severity import SeverityPolicy

REPORT_FILE = "sitrep-report.html"

__all__ = ["REPORT_FILE", "build_report", "use_current_views"]


def build_report(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    quality: dict | None = None,
    severities: SeverityPolicy | None = None,
) -> Path:
    """Write `out_dir/sitrep-report.html` from the warehouse behind `con`; return its path.

    `quality` is the data-quality summary to show (any keys; see `flows.quality.quality_summary`
    for what sitrep itself passes); None says that none was available. `severities` gives
    the warn thresholds drawn on the quality chart (default: expectations/severities.toml).
    """
    from expectations.severity import SeverityPolicy
    from flows.report.data import read_report_data
    from flows.report.page import render_page

    use_current_views(con)
    data = read_report_data(con)
    data["severities"] = severities or SeverityPolicy.load()
    out_dir = Path(out_dir)
    page = render_page(data, quality, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / REPORT_FILE
    partial = target.with_suffix(".html.partial")  # a reader never sees half a report
    partial.write_text(page, encoding="utf-8")
    partial.replace(target)
    return target

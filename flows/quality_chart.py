"""Quality over time: the batch measures of each run, as small inline-SVG charts.

A warning never stops a run, so the report is where a drift shows: a share of dated
events falling run after run says more than any single run's warning. One panel per
measure (share dated, share geocoded to a town, events per document), one point per
run, the warn_if threshold of the severities file dashed, the runs that warned in red.
Drawn with matplotlib like the report's other charts: no script, no CDN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from expectations.severity import SeverityPolicy

RUNS_SHOWN = 30
MEASURE_LABELS = {
    "share_dated": "share of events dated",
    "share_geocoded_to_town": "share placed at a town",
    "events_per_document": "events per document",
}
PASSED, WARNED = "#1f4e79", "#c0392b"


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
    """Small multiples of the measures over runs; None when no run has recorded one."""
    from flows.report import svg_of

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

"""The data-quality summary: the last run, failing expectations, quarantine by reason.

Read from the warehouse's `runs`, `quality_results` and `quarantine` tables (filled
by expectations/runner.py on every load) so that `sitrep report quality` and the
HTML report say the same thing.
"""

from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "warehouse" / "queries"


def read_sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def quality_summary(con, reports_dir: Path | None = None) -> dict:
    """A plain dict (JSON-able) of the warehouse's current data quality."""
    last = con.execute(read_sql("quality_last_run")).fetchone()
    summary: dict = {"last_run": None, "failing": [], "quarantine": [], "data_docs": None}
    if last is None:
        summary["note"] = "no runs yet: run `sitrep run` first"
    else:
        names = ["run_id", "status", "started_at", "documents_loaded", "events_loaded", "message"]
        summary["last_run"] = {
            k: (str(v) if v is not None else None) for k, v in zip(names, last, strict=True)
        }
        run_id = last[0]
        summary["failing"] = [
            {
                "severity": r[4],
                "suite": r[0],
                "expectation": r[1],
                "unexpected_count": r[2],
                "observed": r[3],
            }
            for r in con.execute(read_sql("quality_failing"), [run_id]).fetchall()
        ]
        summary["warnings"] = sum(f["severity"] == "warn" for f in summary["failing"])
        summary["checked"] = con.execute(
            "SELECT count(*) FROM quality_results WHERE run_id = ?", [run_id]
        ).fetchone()[0]
    summary["quarantine"] = [
        {"table": r[0], "reason": r[1], "rows": r[2]}
        for r in con.execute(read_sql("quality_quarantine")).fetchall()
    ]
    if reports_dir is not None:
        index = Path(reports_dir) / "data_docs" / "index.html"
        summary["data_docs"] = str(index) if index.exists() else None
    return summary


def failing_line(failure: dict) -> str:
    """'  warn       events.share_dated: observed 0.139' (row checks: how many rows failed)."""
    name = f"{failure.get('severity') or '':<10} {failure['suite']}.{failure['expectation']}"
    observed = failure["observed"] or ""
    if failure["unexpected_count"]:
        return f"  {name}: {failure['unexpected_count']} rows ({observed})"[:160]
    return f"  {name}: observed {observed}"[:160]


def format_quality(summary: dict) -> str:
    """The summary as a few readable lines for the terminal."""
    lines = []
    last = summary.get("last_run")
    if last is None:
        return "no runs yet: run `sitrep run` first"
    lines.append(
        f"last run {last['run_id']}: {last['status']} at {last['started_at']}, "
        f"{last['documents_loaded'] or 0} documents and {last['events_loaded'] or 0} events loaded"
    )
    failing = summary.get("failing", [])
    checked = summary.get("checked", 0)
    if failing:
        warnings = summary.get("warnings", 0)
        lines.append(
            f"failing expectations ({len(failing)} of {checked}; {warnings} only warn, "
            "expectations/severities.toml):"
        )
        lines += [failing_line(f) for f in failing]
    else:
        lines.append(f"all {checked} expectations passed")
    quarantine = summary.get("quarantine", [])
    if quarantine:
        lines.append("quarantined rows by reason (all runs):")
        lines += [f"  {q['table']}: {q['reason']}: {q['rows']}" for q in quarantine]
    else:
        lines.append("quarantine is empty")
    lines.append(f"Data Docs: {summary.get('data_docs') or 'not built yet'}")
    return "\n".join(lines)

"""`sitrep`: the command line front door.

    sitrep run      read new article files into the warehouse
    sitrep query    ask the warehouse in SQL (read-only)
    sitrep status   what the warehouse holds and the last runs
    sitrep validate every expectation on the warehouse as it stands (exit 0, 1 warnings, 2 errors)
    sitrep eval     score extracted events against hand-coded gold events
    sitrep report   write a self-contained HTML situation report (or: report quality)
    sitrep export   write the events to CSV, Parquet or GeoJSON (ACLED columns with --acled)
    sitrep serve    run the pipeline on a schedule as a Prefect deployment
    sitrep bench    measure articles/s against spaCy alone on a generated corpus

Every command takes --warehouse; paths and choices also come from SITREP_*
environment variables (see flows/settings.py); flags win.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from flows.commands import reads_warehouse
from flows.settings import PROJECT_ROOT, Settings, apply_prefect_defaults

EXAMPLES = """examples:
  sitrep run                                  # the bundled seed articles into warehouse/sitrep.duckdb
  sitrep run --input ~/articles --prune       # your folder; forget rows of deleted files
  sitrep query "select event_type, count(*) from events group by 1"
  sitrep query "select * from events limit 5" --format json
  sitrep status
  sitrep validate                             # every suite on the warehouse; exit 0 / 1 / 2
  sitrep eval tests/eval/dev/gold.jsonl
  sitrep report                               # PATH.sitrep/reports/sitrep-report.html
  sitrep report quality                       # last run, failing expectations, quarantine
  sitrep export --format geojson --acled      # reports/events-acled.geojson, ACLED column names
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Turn conflict news articles into a validated, ACLED-coded event warehouse (DuckDB).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    run = sub.add_parser(
        "run",
        help="read new or changed article files into the warehouse",
        description="Run the pipeline ingest -> clean -> extract -> validate -> load once. "
        "Files already in the warehouse are skipped; changed files replace their old rows.",
    )
    add_warehouse(run)
    run.add_argument(
        "--input", type=Path, help="folder of .txt/.html/.jsonl articles (default: seeds/articles)"
    )
    run.add_argument(
        "--prune",
        action="store_true",
        default=None,
        help="drop rows of files no longer in the folder",
    )
    run.add_argument(
        "--runner", help="'local' (default), 'dask' (a local cluster) or 'dask:ADDRESS'"
    )
    run.add_argument("--batch-size", type=int, help="articles per clean/extract task (default 64)")
    run.add_argument(
        "--detector",
        choices=("classifier", "rules"),
        help="event detection: the trained classifier (default) or the trigger rules",
    )
    run.add_argument(
        "--lake",
        metavar="URL",
        help="where the Parquet files go: a folder or any fsspec URL such as s3://bucket/sitrep "
        "(default: lake/ in the warehouse's outputs folder, PATH.sitrep/)",
    )
    run.add_argument(
        "--wait",
        type=float,
        dest="lock_wait_seconds",
        help="seconds to wait if another run is writing",
    )
    run.add_argument("--json", action="store_true", help="print the run summary as JSON")
    run.set_defaults(func=cmd_run)

    query = sub.add_parser(
        "query",
        help="run SQL against the warehouse (read-only)",
        description="Run one SQL statement on a read-only connection: nothing can be changed, "
        "and no file outside the warehouse can be read.",
    )
    add_warehouse(query)
    query.add_argument("sql", help="the SQL statement, in quotes")
    query.add_argument("--format", choices=["table", "csv", "json"], default="table")
    query.add_argument(
        "--limit", type=int, default=1000, help="rows shown in table format (default 1000)"
    )
    query.add_argument(
        "--timeout",
        type=float,
        dest="query_timeout_seconds",
        help="stop the statement after this many seconds (default 60)",
    )
    add_reader_wait(query)
    query.set_defaults(func=cmd_query)

    status = sub.add_parser("status", help="table counts and the last runs")
    add_warehouse(status)
    status.add_argument("--runs", type=int, default=5, help="how many recent runs to show")
    add_reader_wait(status)
    status.set_defaults(func=cmd_status)

    ev = sub.add_parser(
        "eval",
        help="score the warehouse's events against a gold file",
        description="Compare extracted events with hand-coded gold events (JSON lines, the format of "
        "tests/eval/dev/gold.jsonl): precision, recall, F1 and slot accuracy.",
    )
    add_warehouse(ev)
    ev.add_argument("gold", type=Path, help="gold events, one JSON object per line")
    ev.add_argument("--verbose", action="store_true", help="list missed and extra events")
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument(
        "--record",
        nargs="?",
        const=Path("tests/eval/history.csv"),
        type=Path,
        metavar="HISTORY_CSV",
        help="append the figures to a history file (default tests/eval/history.csv), with the "
        "date, the commit, the detector and the set's status from its CARD.md",
    )
    ev.add_argument(
        "--detector",
        choices=("classifier", "rules"),
        help="the detector that built the warehouse, for --record (default: the setting)",
    )
    ev.set_defaults(func=cmd_eval)

    from flows.bench import add_bench_command
    from flows.export import add_export_command
    from flows.serve import add_serve_command
    from flows.validate import add_validate_command

    add_validate_command(sub)
    add_report_command(sub)
    add_export_command(sub)
    add_serve_command(sub)
    add_bench_command(sub)
    return parser


def add_report_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `sitrep report [--out DIR] [--warehouse PATH] [html|quality]`."""
    report = subparsers.add_parser(
        "report",
        help="write a self-contained HTML situation report",
        description="Write sitrep-report.html: headline figures, events over time, a map, top "
        "places and actors, who held which place when, data quality, and the latest events "
        "with their evidence and articles. The file needs no network to open or print.",
    )
    add_warehouse(report)
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
    from flows.report import build_report

    severities = SeverityPolicy.load(settings.severities)
    print(build_report(con, args.out or settings.reports, quality, severities))
    return 0


def add_reader_wait(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--wait",
        type=float,
        dest="wait_for_writer_seconds",
        help="seconds to wait while a run loads into the warehouse (default 30)",
    )


def add_warehouse(p: argparse.ArgumentParser) -> None:
    p.add_argument("--warehouse", type=Path, help="DuckDB file (default: warehouse/sitrep.duckdb)")


def settings_from(args: argparse.Namespace) -> Settings:
    flags = {
        "warehouse": getattr(args, "warehouse", None),
        "input_dir": getattr(args, "input", None),
        "prune": getattr(args, "prune", None),
        "runner": getattr(args, "runner", None),
        "batch_size": getattr(args, "batch_size", None),
        "lock_wait_seconds": getattr(args, "lock_wait_seconds", None),
        "lake_dir": getattr(args, "lake", None),
        "detector": getattr(args, "detector", None),
    }
    return Settings().with_overrides(**flags)


BUSY_MESSAGE = (
    "another sitrep run is writing to {warehouse}; try again when it ends (or pass --wait SECONDS)"
)


def fail(message: str, code: int = 2) -> int:
    print(f"sitrep: {message}", file=sys.stderr)
    return code


# --------------------------------------------------------------------------- run


def cmd_run(args: argparse.Namespace) -> int:
    from flows import warehouse as wh

    settings = settings_from(args)
    if not settings.input_dir.is_dir():
        return fail(f"input folder not found: {settings.input_dir}")
    try:
        busy = wh.writer_busy(settings.warehouse, settings.lock_file)
    except wh.WarehouseUnwritable as err:
        return fail(str(err))
    if busy and not settings.lock_wait_seconds:
        return fail(BUSY_MESSAGE.format(warehouse=settings.warehouse), 3)
    apply_prefect_defaults(quiet=True)
    from flows.pipeline import flow_for, progress_reporter
    from flows.temporary_api import start_temporary_api

    start_temporary_api()  # when there is no PREFECT_API_URL: a server that dies with us

    with progress_bar(enabled=sys.stderr.isatty() and not args.json) as advance:
        token = progress_reporter.set(advance)
        try:
            summary = flow_for(settings)(settings)
        except wh.WarehouseBusy as err:
            return fail(str(err), 3)
        except wh.WarehouseUnwritable as err:
            return fail(str(err))
        except Exception as err:
            return fail(f"run failed, the warehouse is unchanged: {type(err).__name__}: {err}", 1)
        finally:
            progress_reporter.reset(token)
    if summary.get("status") == "busy":  # lost the race for the lock after the check above
        return fail(BUSY_MESSAGE.format(warehouse=settings.warehouse), 3)
    if args.json:
        print(json.dumps(summary, default=str))
    else:
        print_summary(summary, settings)
    return 0


class progress_bar:
    """A rich progress bar over articles for interactive runs; a no-op otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
        )
        self.progress.start()

        def advance(done: int, total: int) -> None:
            if self.task is None:
                self.task = self.progress.add_task("extract", total=total)
            self.progress.update(self.task, completed=done, total=total)

        return advance

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


def print_summary(summary: dict, settings: Settings) -> None:
    status = summary["status"]
    print(f"run {summary['run_id']}: {status}  ({summary['seconds']:.1f} s)")
    print(
        f"  files: {summary['files_seen']} seen, {summary['files_new']} new, {summary['files_changed']} changed, "
        f"{summary['files_unchanged']} unchanged, {summary['files_rejected']} rejected"
        + (f", {summary['files_pruned']} pruned" if summary.get("files_pruned") else "")
    )
    print(
        f"  loaded: {summary['documents_loaded']} documents, {summary['events_loaded']} events"
        + (
            f", {summary['events_quarantined']} events quarantined"
            if summary.get("events_quarantined")
            else ""
        )
    )
    for path, reason in summary.get("rejected", []):
        print(f"  rejected {path}: {reason}")
    for path, note in summary.get("notes", []):
        print(f"  note {path}: {note}")
    for warning in summary.get("validation_warnings", []):
        print(f"  warning: {warning}")
    if status == "nothing-new":
        print("  nothing new: the warehouse is unchanged")
    print(f"  warehouse: {settings.warehouse}")


# --------------------------------------------------------------------------- query / status


def query_limits(settings: Settings) -> dict[str, object]:
    from flows.query import query_config

    return query_config(settings)


@reads_warehouse(limits=query_limits)
def cmd_query(args: argparse.Namespace, settings: Settings, con) -> int:
    """One statement inside the limits of flows/query.py, its rows streamed to stdout."""
    import duckdb

    from flows.query import QueryTimedOut, cap_process_memory, run_query

    if getattr(args, "own_process", False):
        cap_process_memory(settings.query_memory_limit)
    try:
        run_query(
            con, args.sql, args.format, sys.stdout, settings.query_timeout_seconds, args.limit
        )
    except QueryTimedOut as err:
        return fail(f"query {err}")
    except duckdb.OutOfMemoryException as err:
        return fail(
            f"query refused or failed: {first_line(str(err))} (the limit is "
            f"{settings.query_memory_limit}: SITREP_QUERY_MEMORY_LIMIT)"
        )
    except duckdb.Error as err:
        return fail(f"query refused or failed: {first_line(str(err))}")
    return 0


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def print_rows(
    names: Sequence[str], rows: Sequence[Sequence[object]], fmt: str, limit: int = 1000
) -> None:
    if fmt == "json":
        print(
            json.dumps(
                [dict(zip(names, r, strict=True)) for r in rows], default=str, ensure_ascii=False
            )
        )
    elif fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*names, show_lines=False)
        for r in rows[:limit]:
            table.add_row(*["" if v is None else str(v) for v in r])
        Console(width=max(100, min(240, 24 * len(names)))).print(table)
        if len(rows) > limit:
            print(f"({len(rows) - limit} more rows; use --limit or --format csv)")


@reads_warehouse
def cmd_status(args: argparse.Namespace, settings: Settings, con) -> int:
    from flows import warehouse as wh

    counts = [
        (t, con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in wh.table_names(con)
    ]
    runs = con.execute(
        "SELECT run_id, status, started_at, files_seen, files_new, files_changed, files_rejected, "
        "documents_loaded, events_loaded, round(seconds, 1) AS seconds FROM runs "
        "ORDER BY started_at DESC LIMIT ?",
        [args.runs],
    )
    run_names = [d[0] for d in runs.description]
    run_rows = runs.fetchall()
    print(f"warehouse: {settings.warehouse}")
    print_rows(["table", "rows"], counts, "table")
    print("last runs:")
    print_rows(run_names, run_rows, "table")
    return 0


# --------------------------------------------------------------------------- eval


def cmd_eval(args: argparse.Namespace) -> int:
    from flows import warehouse as wh
    from flows.evaluate import format_result, score_warehouse

    settings = settings_from(args)
    if not args.gold.is_file():
        return fail(f"gold file not found: {args.gold}")
    try:
        result, lines = score_warehouse(settings.warehouse, args.gold, settings.reference_dir)
    except (wh.WarehouseMissing, wh.WarehouseBusy, ValueError) as err:
        return fail(str(err))
    if args.verbose:
        print("\n".join(lines))
    print(json.dumps(result) if args.json else format_result(result))
    if args.record:
        from flows.evaluate import record

        record(args.record, args.gold, result, settings.detector, current_commit())
    return 0


def current_commit() -> str:
    """The checkout's short commit id, with '+' when the working tree has changes (other
    than to a history file, which recording itself changes)."""
    import subprocess

    def git(*argv: str) -> str:
        done = subprocess.run(["git", *argv], capture_output=True, text=True, cwd=PROJECT_ROOT)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!*history.csv")
    return commit + ("+" if changed else "")


def main(argv: Sequence[str] | None = None) -> int:
    apply_prefect_defaults()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.own_process = argv is None  # the `sitrep` program itself, not a call from Python
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""What each `sitrep` command does: call one library function and format its result.

The parser is flows/cli.py; mistakes are raised as `CommandError` (flows/commands.py)
and printed there as one line. Library code is imported inside each command, so that
`sitrep --help` and `sitrep query` do not wait for Prefect, pandas or spaCy to load.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from flows.commands import (
    BUSY_MESSAGE,
    EXIT_BUSY,
    EXIT_FAILED,
    CommandError,
    check_input_folder,
    check_warehouse_file,
    reads_warehouse,
    settings_from,
)
from flows.settings import PROJECT_ROOT, Settings, apply_prefect_defaults

# --------------------------------------------------------------------------- run


def cmd_run(args: argparse.Namespace) -> int:
    """One pipeline run as a Prefect flow; the summary as text or JSON."""
    apply_prefect_defaults(quiet=True)  # before anything imports Prefect
    from flows import warehouse as wh

    settings = settings_from(args)
    check_input_folder(settings.input_dir, settings.prune)
    check_warehouse_file(settings.warehouse)
    check_runner(settings)
    try:
        busy = wh.writer_busy(settings.warehouse, settings.lock_file)
    except wh.WarehouseUnwritable as err:
        raise CommandError(str(err)) from None
    if busy and not settings.lock_wait_seconds:
        raise CommandError(BUSY_MESSAGE.format(warehouse=settings.warehouse), EXIT_BUSY)
    summary = run_flow(settings, show_progress=sys.stderr.isatty() and not args.json)
    if summary.get("status") == "busy":  # lost the race for the lock after the check above
        raise CommandError(BUSY_MESSAGE.format(warehouse=settings.warehouse), EXIT_BUSY)
    if args.json:
        print(json.dumps(summary, default=str))
    else:
        print("\n".join(summary_lines(summary, settings)))
    return 0


def check_runner(settings: Settings) -> None:
    from flows.pipeline import uses_dask

    try:
        uses_dask(settings)
    except ValueError as err:
        raise CommandError(str(err)) from None


def run_flow(settings: Settings, show_progress: bool) -> dict:
    """The pipeline flow on a temporary Prefect API, with a progress bar over its stages."""
    from flows import warehouse as wh
    from flows.pipeline import flow_for
    from flows.progress import StageBar, stage_progress
    from flows.temporary_api import start_temporary_api

    start_temporary_api()  # when there is no PREFECT_API_URL: a server that dies with us
    with StageBar(enabled=show_progress) as bar, failures_said_once():
        token = stage_progress.set(bar)
        try:
            return flow_for(settings)(settings)
        except wh.WarehouseBusy as err:
            raise CommandError(str(err), EXIT_BUSY) from None
        except wh.WarehouseUnwritable as err:
            raise CommandError(str(err)) from None
        except Exception as err:
            message = first_line(f"{type(err).__name__}: {err}")
            raise CommandError(
                f"run failed, the warehouse is unchanged: {message}", EXIT_FAILED
            ) from None
        finally:
            stage_progress.reset(token)


class DropFailureReports(logging.Filter):
    """Prefect's own report of a failed flow or task run (with its traceback): the CLI
    says the failure itself, in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.levelno >= logging.ERROR
            and record.name.startswith(("prefect.flow_runs", "prefect.task_runs", "prefect.engine"))
        )


@contextlib.contextmanager
def failures_said_once() -> Iterator[None]:
    """Keep Prefect's failure reports off the terminal (they still reach the Prefect API)."""
    handlers = [h for h in logging.getLogger().handlers if "Console" in type(h).__name__]
    drop = DropFailureReports()
    for handler in handlers:
        handler.addFilter(drop)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(drop)


def summary_lines(summary: dict, settings: Settings) -> list[str]:
    status = summary["status"]
    lines = [
        f"run {summary['run_id']}: {status}  ({summary['seconds']:.1f} s)",
        f"  files: {summary['files_seen']} seen, {summary['files_new']} new, "
        f"{summary['files_changed']} changed, {summary['files_unchanged']} unchanged, "
        f"{summary['files_rejected']} rejected"
        + (f", {summary['files_pruned']} pruned" if summary.get("files_pruned") else ""),
        f"  loaded: {summary['documents_loaded']} documents, {summary['events_loaded']} events"
        + (
            f", {summary['events_quarantined']} events quarantined"
            if summary.get("events_quarantined")
            else ""
        ),
    ]
    lines += [f"  rejected {path}: {reason}" for path, reason in summary.get("rejected", [])]
    lines += [f"  note {path}: {note}" for path, note in summary.get("notes", [])]
    lines += [f"  warning: {warning}" for warning in summary.get("validation_warnings", [])]
    if status == "nothing-new":
        lines.append("  nothing new: the warehouse is unchanged")
    lines.append(f"  warehouse: {settings.warehouse}")
    return lines


# --------------------------------------------------------------------------- query, status, tables


def query_limits(settings: Settings) -> dict[str, object]:
    from flows.query import query_config

    return query_config(settings)


def sql_of(args: argparse.Namespace) -> str:
    """The statement: the argument, `-` for stdin, or --file F.sql (exactly one of them)."""
    if args.file is not None and args.sql is not None:
        raise CommandError("give the SQL either as an argument or with --file, not both")
    if args.file is not None:
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            reason = getattr(err, "strerror", None) or str(err)
            raise CommandError(f"cannot read the SQL file {args.file}: {reason}") from None
    if args.sql == "-":
        return sys.stdin.read()
    if args.sql is None:
        raise CommandError('no SQL given: sitrep query "SELECT ..." (or --file F.sql, or -)')
    return args.sql


@reads_warehouse(limits=query_limits)
def cmd_query(args: argparse.Namespace, settings: Settings, con) -> int:
    """One statement inside the limits of flows/query.py, its rows streamed to stdout."""
    import duckdb

    from flows.query import QueryRefused, QueryTimedOut, cap_process_memory, run_query

    sql = sql_of(args)
    if args.limit < 0 or settings.query_timeout_seconds <= 0:
        raise CommandError("--limit must be 0 or more and --timeout more than 0")
    if getattr(args, "own_process", False):
        cap_process_memory(settings.query_memory_limit)
    try:
        run_query(con, sql, args.format, sys.stdout, settings.query_timeout_seconds, args.limit)
    except QueryRefused as err:
        raise CommandError(str(err)) from None
    except QueryTimedOut as err:
        raise CommandError(f"query {err}") from None
    except duckdb.OutOfMemoryException as err:
        raise CommandError(
            f"query refused or failed: {first_line(str(err))} (the limit is "
            f"{settings.query_memory_limit}: SITREP_QUERY_MEMORY_LIMIT)"
        ) from None
    except duckdb.Error as err:
        raise CommandError(f"query refused or failed: {first_line(str(err))}") from None
    return 0


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


@reads_warehouse
def cmd_status(args: argparse.Namespace, settings: Settings, con) -> int:
    """Table counts and the last runs, as tables or (--json) one JSON object."""
    from flows.catalog import warehouse_status
    from flows.query import write_rows

    try:
        status = warehouse_status(con, str(settings.warehouse), args.runs)
    except ValueError as err:
        raise CommandError(str(err)) from None
    if args.json:
        print(json.dumps(status.as_dict(), default=str, ensure_ascii=False))
        return 0
    print(f"warehouse: {status.warehouse}")
    write_rows(["table", "rows"], list(status.tables.items()), "table", sys.stdout)
    print("last runs:")
    write_rows(status.run_columns, status.runs, "table", sys.stdout)
    return 0


@reads_warehouse
def cmd_tables(args: argparse.Namespace, settings: Settings, con) -> int:
    """Every table and view with its row count and columns."""
    from flows.catalog import RELATION_COLUMNS, relation_rows, relations
    from flows.query import write_rows

    write_rows(RELATION_COLUMNS, relation_rows(relations(con)), args.format, sys.stdout)
    return 0


# --------------------------------------------------------------------------- validate, eval


def cmd_validate(args: argparse.Namespace) -> int:
    """Print one line per failing expectation, then the verdict; exit 0, 1 or 2."""
    from flows import warehouse as wh
    from flows.validate import EXIT_ERRORS, validate_warehouse

    settings = settings_from(args)
    check_warehouse_file(settings.warehouse)
    try:
        result = validate_warehouse(settings)
    except (wh.WarehouseMissing, wh.WarehouseBusy, wh.WarehouseUnwritable, ValueError) as err:
        raise CommandError(str(err), EXIT_ERRORS) from None
    for line in result.lines:
        print(line)
    print(result.summary())
    return result.exit_code


def cmd_eval(args: argparse.Namespace) -> int:
    from flows import warehouse as wh
    from flows.evaluate import record

    settings = settings_from(args)
    if not args.gold.is_file():
        raise CommandError(f"gold file not found: {args.gold}")
    check_warehouse_file(settings.warehouse)
    try:
        result, lines, text = score_gold_file(settings, args.gold)
    except (wh.WarehouseMissing, wh.WarehouseBusy, ValueError) as err:
        raise CommandError(str(err)) from None
    if args.verbose:
        print("\n".join(lines))
    print(json.dumps(result) if args.json else text)
    if args.record:
        record(args.record, args.gold, result, settings.detector, current_commit())
    return 0


def score_gold_file(settings: Settings, gold: Path) -> tuple[dict, list[str], str]:
    """Score the warehouse against a gold file of events (articles) or of labelled snippets."""
    from flows.evaluate import format_result, read_gold, score_warehouse
    from flows.evaluate_snippets import (
        format_snippet_result,
        is_snippet_set,
        predicted_types,
        score_snippets,
    )
    from transforms.reference import read_reference_csv

    records = read_gold(gold)
    if is_snippet_set(records):
        taxonomy = read_reference_csv(settings.reference_dir / "taxonomy.csv")
        types = dict(zip(taxonomy.sub_event_type, taxonomy.event_type, strict=True))
        result, lines = score_snippets(predicted_types(settings.warehouse), records, types)
        return result, lines, format_snippet_result(result)
    result, lines = score_warehouse(settings.warehouse, gold, settings.reference_dir)
    return result, lines, format_result(result)


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


# --------------------------------------------------------------------------- report, export


@reads_warehouse
def cmd_report(args: argparse.Namespace, settings: Settings, con) -> int:
    """The HTML report (its path printed), or `report quality`: the data-quality summary."""
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


@reads_warehouse
def cmd_export(args: argparse.Namespace, settings: Settings, con) -> int:
    """Export from a read-only connection and print where the file was written."""
    from flows.export import ExportRefused, default_out, export_events

    if args.with_provenance and not args.acled:
        raise CommandError("--with-provenance adds sitrep's columns to --acled: give both")
    out = args.out or default_out(settings, args.fmt, args.acled)
    try:
        written = export_events(
            con, args.fmt, out, args.acled, args.with_provenance, settings.reference_dir
        )
    except ExportRefused as err:
        raise CommandError(str(err)) from None
    except OSError as err:  # an unwritable folder, a full disk, a path under a file
        raise CommandError(f"cannot write {out}: {err.strerror or err}") from None
    print(written)
    return 0


# --------------------------------------------------------------------------- serve, bench


def cmd_serve(args: argparse.Namespace) -> int:
    """Register the scheduled deployment and serve its runs until stopped."""
    apply_prefect_defaults()  # before Prefect loads
    from flows.serve import FLOW_NAME, check_can_serve, serve_pipeline

    settings = settings_from(args)
    try:
        api_url = check_can_serve(settings, args.cron)
    except ValueError as err:
        raise CommandError(str(err)) from None
    print(
        f"serving {FLOW_NAME}/{args.name} on {api_url} with schedule {args.cron!r}: "
        f"{settings.input_dir} -> {settings.warehouse} (Ctrl-C stops)",
        flush=True,
    )
    serve_pipeline(settings, args.cron, args.name)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Throughput against spaCy alone, as lines or (--json) one JSON object."""
    apply_prefect_defaults(quiet=True)
    from flows.bench import BenchOptions, format_result, run_bench

    if args.docs < 1 or args.repeat < 1:
        raise CommandError("--docs and --repeat must be at least 1")
    if args.input_dir is not None and not args.input_dir.is_dir():
        raise CommandError(f"input folder not found: {args.input_dir}")
    options = BenchOptions(
        docs=args.docs,
        seed=args.seed,
        repeat=args.repeat,
        batch_size=args.batch_size,
        noop_docs=args.noop_docs,
        dask_scaling=args.dask_scaling,
        input_dir=args.input_dir,
    )
    result = run_bench(options, args.workdir)
    print(json.dumps(result) if args.json else "\n".join(format_result(result)))
    return 0

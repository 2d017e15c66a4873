"""`sitrep`: the command line front door, and the one module that defines its arguments.

    sitrep run      read new article files into the warehouse
    sitrep query    ask the warehouse in SQL (read-only)
    sitrep status   what the warehouse holds and the last runs
    sitrep tables   the tables and views, with row counts and columns
    sitrep validate every expectation on the warehouse as it stands (exit 0, 1 warnings, 2 errors)
    sitrep eval     score extracted events against hand-coded gold events
    sitrep report   write a self-contained HTML situation report (or: report quality)
    sitrep export   write the events to CSV, Parquet or GeoJSON (ACLED's format with --acled)
    sitrep serve    run the pipeline on a schedule as a Prefect deployment
    sitrep bench    measure articles/s against spaCy alone on a generated corpus

Each command is a function of flows/cli_commands.py that calls one library function
and formats its result. A mistake is one line on stderr (`sitrep: ...`) and a non-zero
exit code, never a traceback: 2 for a mistake in what was asked, 3 when another run
holds the warehouse, 1 when a run or an unexpected error fails (`--traceback` shows it).
Every command takes --warehouse; paths and choices also come from SITREP_* environment
variables (see flows/settings.py); flags win.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from flows import cli_commands as commands
from flows.bench import DEFAULT_DOCS as BENCH_DOCS
from flows.bench import DEFAULT_SEED as BENCH_SEED
from flows.commands import EXIT_FAILED, CommandError, say
from flows.export import FORMATS as EXPORT_FORMATS
from flows.serve import DEFAULT_DEPLOYMENT
from flows.settings import apply_prefect_defaults

QUERY_FORMATS = ("table", "csv", "json", "ndjson", "markdown")
EXAMPLES = """examples:
  sitrep run                                  # the bundled seed articles into warehouse/sitrep.duckdb
  sitrep run --input ~/articles --prune       # your folder; forget rows of deleted files
  sitrep query "select event_type, count(*) from events group by 1"
  sitrep query --file question.sql --format ndjson
  echo "select * from events limit 5" | sitrep query - --format json
  sitrep tables                               # tables and views, rows, columns
  sitrep status --json
  sitrep validate                             # every suite on the warehouse; exit 0 / 1 / 2
  sitrep eval tests/eval/dev/gold.jsonl
  sitrep report                               # PATH.sitrep/reports/sitrep-report.html
  sitrep report quality                       # last run, failing expectations, quarantine
  sitrep export --acled --out events.csv      # ACLED's columns, order and types
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Turn conflict news articles into a validated, ACLED-coded event warehouse (DuckDB).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sitrep {sitrep_version()}")
    parser.add_argument(
        "--traceback",
        action="store_true",
        help="show the full traceback of an unexpected error (for a bug report)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_run(sub)
    add_query(sub)
    add_status(sub)
    add_tables(sub)
    add_validate(sub)
    add_eval(sub)
    add_report(sub)
    add_export(sub)
    add_serve(sub)
    add_bench(sub)
    return parser


def sitrep_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sitrep")
    except PackageNotFoundError:  # a source tree without install
        return "0+unknown"


def add_warehouse(p: argparse.ArgumentParser) -> None:
    p.add_argument("--warehouse", type=Path, help="DuckDB file (default: warehouse/sitrep.duckdb)")


def add_reader_wait(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--wait",
        type=float,
        dest="wait_for_writer_seconds",
        help="seconds to wait while a run loads into the warehouse (default 30)",
    )


def add_run(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser(
        "run",
        help="read new or changed article files into the warehouse",
        description="Run the pipeline discover -> clean -> extract -> validate -> load once. "
        "Files already in the warehouse are skipped; changed files replace their old rows.",
    )
    add_warehouse(run)
    run.add_argument(
        "--input", type=Path, help="folder of .txt/.html/.jsonl articles (default: seeds/articles)"
    )
    run.add_argument(
        "--prune", action="store_true", default=None, help="drop rows of files no longer there"
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
    run.set_defaults(func=commands.cmd_run)


def add_query(sub: argparse._SubParsersAction) -> None:
    query = sub.add_parser(
        "query",
        help="run SQL against the warehouse (read-only)",
        description="Run one SQL statement on a read-only connection: nothing can be changed, "
        "and no file outside the warehouse can be read. A script of several statements is "
        "refused rather than showing the last result only.",
    )
    add_warehouse(query)
    query.add_argument("sql", nargs="?", help="the SQL statement, in quotes; - reads it from stdin")
    query.add_argument("--file", "-f", type=Path, help="read the SQL statement from this file")
    query.add_argument("--format", choices=QUERY_FORMATS, default="table")
    query.add_argument(
        "--limit", type=int, default=1000, help="rows shown as a table or markdown (default 1000)"
    )
    query.add_argument(
        "--timeout",
        type=float,
        dest="query_timeout_seconds",
        help="stop the statement after this many seconds (default 60)",
    )
    add_reader_wait(query)
    query.set_defaults(func=commands.cmd_query)


def add_status(sub: argparse._SubParsersAction) -> None:
    status = sub.add_parser("status", help="table counts and the last runs")
    add_warehouse(status)
    status.add_argument("--runs", type=int, default=5, help="how many recent runs to show")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    add_reader_wait(status)
    status.set_defaults(func=commands.cmd_status)


def add_tables(sub: argparse._SubParsersAction) -> None:
    tables = sub.add_parser(
        "tables",
        help="list the tables and views with row counts and columns",
        description="Every table and view of the warehouse: its kind, row count and columns.",
    )
    add_warehouse(tables)
    tables.add_argument("--format", choices=QUERY_FORMATS, default="table")
    add_reader_wait(tables)
    tables.set_defaults(func=commands.cmd_tables, limit=1000)


def add_validate(sub: argparse._SubParsersAction) -> None:
    validate = sub.add_parser(
        "validate",
        help="run every expectation on the warehouse as it stands (exit 0, 1 warnings, 2 errors)",
        description="Validate the warehouse's tables with every Great Expectations suite, as "
        "`dbt test` does: one line per failing expectation with its severity "
        "(expectations/severities.toml), results recorded in quality_results. Exit 0 when "
        "everything passed, 1 when there are warnings only, 2 when there are errors (a row "
        "that a run would have quarantined counts as an error here).",
    )
    add_warehouse(validate)
    validate.add_argument(
        "--wait",
        type=float,
        dest="lock_wait_seconds",
        help="seconds to wait if a run is writing (recording the results needs the writer lock)",
    )
    validate.set_defaults(func=commands.cmd_validate)


def add_eval(sub: argparse._SubParsersAction) -> None:
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
    ev.set_defaults(func=commands.cmd_eval)


def add_report(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser(
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
    report.set_defaults(func=commands.cmd_report)


def add_export(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export",
        help="write the events to CSV, Parquet or GeoJSON",
        description="Write every event to one file. --acled writes ACLED's export format: its "
        "31 columns in its order and types (event_id_cnty, disorder_type, inter codes, iso, "
        "region, notes, timestamp, ...), so ACLED tooling reads it unchanged.",
    )
    add_warehouse(export)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="csv", dest="fmt")
    export.add_argument("--acled", action="store_true", help="ACLED's columns, codes and types")
    export.add_argument(
        "--with-provenance",
        action="store_true",
        help="with --acled: add sitrep's evidence, confidence, cluster and doc columns",
    )
    export.add_argument("--out", help="file to write (default: reports/events[-acled].FORMAT)")
    add_reader_wait(export)
    export.set_defaults(func=commands.cmd_export)


def add_serve(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser(
        "serve",
        help="run the pipeline on a schedule (a Prefect deployment served from here)",
        description="Register a Prefect deployment with the server at PREFECT_API_URL and "
        "run its scheduled (and hand-triggered) runs until stopped. New files in the input "
        "folder are picked up by the next run; a run that finds another one writing is "
        "skipped (state Completed, named Skipped).",
    )
    serve.add_argument(
        "--cron", required=True, help='schedule, e.g. "*/30 * * * *" (every half hour)'
    )
    serve.add_argument(
        "--input", type=Path, help="folder of .txt/.html/.jsonl articles (default: seeds/articles)"
    )
    add_warehouse(serve)
    serve.add_argument(
        "--name", default=DEFAULT_DEPLOYMENT, help=f"deployment name (default {DEFAULT_DEPLOYMENT})"
    )
    serve.add_argument("--runner", help="'local' (default), 'dask' or 'dask:ADDRESS'")
    serve.add_argument("--batch-size", type=int, help="articles per clean/extract task")
    serve.add_argument(
        "--wait",
        type=float,
        dest="lock_wait_seconds",
        help="seconds a run waits for another writer before skipping (default 0)",
    )
    serve.set_defaults(func=commands.cmd_serve)


def add_bench(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser(
        "bench",
        help="measure throughput against spaCy alone on a synthetic corpus",
        description="Build N unique articles from the seed articles' paragraphs, run the "
        "pipeline on them into a temporary warehouse, then spaCy alone on the same texts; "
        "print articles/s, the ratio, peak memory and a no-op re-run's time. Progress goes "
        "to stderr.",
    )
    bench.add_argument(
        "--docs", type=int, default=BENCH_DOCS, help=f"articles (default {BENCH_DOCS})"
    )
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--repeat", type=int, default=1, help="runs to take the median of")
    bench.add_argument("--seed", type=int, default=BENCH_SEED, help="corpus random seed")
    bench.add_argument("--batch-size", type=int, default=64, help="articles per task")
    bench.add_argument(
        "--noop-docs",
        type=int,
        help="also time a no-op re-run over a warehouse of this many articles (e.g. 10000)",
    )
    bench.add_argument(
        "--dask-scaling",
        action="store_true",
        help="also run the flow on 1 and then 2 Dask workers and compare",
    )
    bench.add_argument(
        "--input",
        type=Path,
        dest="input_dir",
        help="time the pipeline on the articles of this folder (only read) instead of a "
        "synthetic corpus, e.g. seeds/articles",
    )
    bench.add_argument(
        "--workdir", type=Path, help="keep the corpus and warehouses here (default: a temp dir)"
    )
    bench.set_defaults(func=commands.cmd_bench)


def parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """parse_args, except that an unknown flag after a command prints that command's usage."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        chosen = subparser(parser, args.command)
        (chosen or parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def subparser(parser: argparse.ArgumentParser, command: str | None):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    apply_prefect_defaults()
    parser = build_parser()
    own_process = argv is None  # the `sitrep` program itself, not a call from Python
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        parser.print_help()
        return 0
    args = parse(parser, argv)
    if args.command is None:  # only global flags
        parser.print_help()
        return 0
    args.own_process = own_process
    try:
        return args.func(args)
    except CommandError as err:
        return say(str(err), err.code)
    except KeyboardInterrupt:
        return say("interrupted", 130)
    except OSError as err:  # a file or folder the command could not read or write
        where = f" {err.filename}" if err.filename else ""
        return say(f"cannot use{where}: {err.strerror or err}", EXIT_FAILED)
    except Exception as err:
        if args.traceback:
            raise
        return say(
            f"unexpected error: {type(err).__name__}: {commands.first_line(str(err))} "
            "(run again with --traceback for a bug report)",
            EXIT_FAILED,
        )


if __name__ == "__main__":
    sys.exit(main())

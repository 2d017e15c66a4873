"""`sitrep query`: one SQL statement, read-only, inside limits, its rows streamed out.

A query is SQL anyone may type, so it runs in a box: the connection is read-only and
cannot reach files, the network or extensions (flows/warehouse.py); here it also gets a
memory limit (a setting, default 2 GB) and no temporary folder at all, so it can neither
spill nor write (DuckDB otherwise lets even a sandboxed connection write into its temp
folder beside the warehouse); both are locked before the statement runs. A timer
interrupts the statement after `--timeout` seconds (default 60), covering its execution
and the fetching of its rows. DuckDB's memory limit covers what its buffer manager holds,
not one huge value (`range(1e9)` as a list, `repeat('x', 2e9)`): so `sitrep query`, run as
its own process, also caps its data segment (RLIMIT_DATA) at the limit plus headroom,
and such an allocation fails at once with DuckDB's out-of-memory error. Rows are fetched in chunks and written as they come, so
`--format csv|json` over a billion rows uses the memory of one chunk, and the table
format fetches only the rows it shows.
"""

from __future__ import annotations

import csv
import json
import re
import resource
import threading
from collections.abc import Iterator, Sequence
from typing import TextIO

import duckdb

from flows.settings import Settings

CHUNK_ROWS = 2048
# What the process needs beyond DuckDB's limit: Python, its modules, the rows in flight.
PROCESS_HEADROOM_BYTES = 512 * 2**20
UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
UNITS |= {"KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}


class QueryTimedOut(RuntimeError):
    """The statement ran past the timeout and was interrupted."""


class QueryRefused(ValueError):
    """Not one SQL statement: nothing, only comments, or several statements."""


def one_statement(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse SQL that is not exactly one statement. DuckDB would run every statement of
    a script and show only the last result, hiding what the others did or said."""
    count = len(con.extract_statements(sql))
    if count == 0:
        raise QueryRefused(
            "the query is empty: give one SQL statement (in quotes, with --file F.sql, "
            "or - to read it from stdin)"
        )
    if count > 1:
        raise QueryRefused(
            f"the query holds {count} statements: sitrep query runs one statement at a "
            "time, so send them one by one"
        )


def query_config(settings: Settings) -> dict[str, object]:
    """The limits of a `sitrep query` connection (added to the read-only sandbox)."""
    return {
        "memory_limit": settings.query_memory_limit,
        "temp_directory": "",  # no spilling, and no folder that COPY or ATTACH may write
        "max_temp_directory_size": "0B",
    }


def size_bytes(text: str) -> int:
    """'2GB' -> 2_000_000_000 (the units of the query_memory_limit setting)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*", text)
    if not match or match[2].upper() not in UNITS:
        raise ValueError(f"not a size: {text!r} (use e.g. 2GB or 512MiB)")
    return int(float(match[1]) * UNITS[match[2].upper()])


def data_segment_bytes() -> int:
    """The process's private data in use now (VmData), 0 where /proc cannot tell."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cap_process_memory(memory_limit: str) -> None:
    """Cap this process's data segment at what it uses now plus the query's memory limit
    and some headroom. Only for a process that runs nothing but the query (the CLI)."""
    cap = data_segment_bytes() + size_bytes(memory_limit) + PROCESS_HEADROOM_BYTES
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft == resource.RLIM_INFINITY or cap < soft:
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


class Deadline:
    """Interrupts a connection's running statement once `seconds` have passed."""

    def __init__(self, con: duckdb.DuckDBPyConnection, seconds: float) -> None:
        self.seconds = seconds
        self.fired = threading.Event()
        self.timer = threading.Timer(seconds, self._fire, args=(con,))
        self.timer.daemon = True

    def _fire(self, con: duckdb.DuckDBPyConnection) -> None:
        self.fired.set()
        con.interrupt()

    def __enter__(self) -> Deadline:
        self.timer.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.timer.cancel()
        if self.fired.is_set() and isinstance(exc, duckdb.Error):
            raise QueryTimedOut(
                f"stopped after {self.seconds:g} s, the time limit (--timeout SECONDS to change "
                "it); any rows printed are incomplete"
            ) from None


def chunks(result: duckdb.DuckDBPyConnection) -> Iterator[list[tuple]]:
    while rows := result.fetchmany(CHUNK_ROWS):
        yield rows


def run_query(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    fmt: str,
    out: TextIO,
    timeout: float,
    limit: int = 1000,
) -> None:
    """Run `sql` and write its rows to `out` as a table, csv or json, within `timeout`.

    Raises QueryRefused for anything but one statement, QueryTimedOut when the timer
    fires, duckdb.Error when DuckDB refuses or fails the statement (a syntax error, a
    write, a file, the memory limit).
    """
    one_statement(con, sql)
    with Deadline(con, timeout):
        result = con.execute(sql)
        if result.description is None:
            return
        names = [d[0] for d in result.description]
        WRITERS[fmt](names, result, out, limit)


def write_json(names: Sequence[str], result, out: TextIO, limit: int) -> None:
    """A JSON array of objects, one row per line, written as the rows arrive."""
    out.write("[")
    first = True
    for rows in chunks(result):
        for row in rows:
            record = dict(zip(names, row, strict=True))
            out.write(
                ("" if first else ",\n") + json.dumps(record, default=str, ensure_ascii=False)
            )
            first = False
    out.write("]\n")


def write_ndjson(names: Sequence[str], result, out: TextIO, limit: int) -> None:
    """One JSON object per line (JSON Lines), as jq, DuckDB and pandas read it."""
    for rows in chunks(result):
        for row in rows:
            record = dict(zip(names, row, strict=True))
            out.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")


def write_markdown(names: Sequence[str], result, out: TextIO, limit: int) -> None:
    """A GitHub-flavoured Markdown table of the first `limit` rows, for notes and issues."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    rows = result.fetchmany(limit + 1)
    out.write("| " + " | ".join(cell(n) for n in names) + " |\n")
    out.write("|" + "---|" * len(names) + "\n")
    for row in rows[:limit]:
        out.write("| " + " | ".join(cell(v) for v in row) + " |\n")
    if len(rows) > limit:
        out.write(f"\n(more than {limit} rows; use --limit or --format csv)\n")


def write_csv(names: Sequence[str], result, out: TextIO, limit: int) -> None:
    writer = csv.writer(out)
    writer.writerow(names)
    for rows in chunks(result):
        writer.writerows(rows)


def write_table(names: Sequence[str], result, out: TextIO, limit: int) -> None:
    """The first `limit` rows as a table; one more is fetched only to say there are more."""
    from rich.console import Console
    from rich.table import Table

    rows = result.fetchmany(limit + 1)
    table = Table(*names, show_lines=False)
    for r in rows[:limit]:
        table.add_row(*["" if v is None else str(v) for v in r])
    Console(file=out, width=max(100, min(240, 24 * len(names)))).print(table)
    if len(rows) > limit:
        out.write(f"(more than {limit} rows; use --limit or --format csv)\n")


WRITERS = {
    "table": write_table,
    "csv": write_csv,
    "json": write_json,
    "ndjson": write_ndjson,
    "markdown": write_markdown,
}
FORMATS = tuple(WRITERS)


class Rows:
    """Rows already in memory, read like a DuckDB result (for the other commands' output)."""

    def __init__(self, rows: Sequence[Sequence[object]]) -> None:
        self.rows = list(rows)

    def fetchmany(self, size: int) -> list:
        taken, self.rows = self.rows[:size], self.rows[size:]
        return taken


def write_rows(
    names: Sequence[str], rows: Sequence[Sequence[object]], fmt: str, out: TextIO, limit: int = 1000
) -> None:
    """Rows computed by a command (status, tables) in any of the query formats."""
    WRITERS[fmt](names, Rows(rows), out, limit)

"""Everything that opens the DuckDB warehouse: connections, migrations, views, loads.

The warehouse is one DuckDB file. Writers take an exclusive lock file first (so two
`sitrep run` never write at once), apply any pending `warehouse/schema/NNN_*.sql`
migration, and load each run's Parquet files in a single transaction: a run lands
whole or not at all. Readers (`sitrep query`) get a read-only connection with
external access disabled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

MIGRATION_FILE = re.compile(r"^(\d{3})_([\w-]+)\.sql$")


class WarehouseBusy(RuntimeError):
    """Another sitrep process is writing to the warehouse."""


class WarehouseMissing(FileNotFoundError):
    """The warehouse file does not exist yet (no run has loaded anything)."""


class WarehouseHeldOpen(RuntimeError):
    """Readers kept the warehouse file open for longer than a run waits to write it."""


class WarehouseUnwritable(RuntimeError):
    """The warehouse's folder cannot be written (permissions, a read-only file system...)."""


LOCK_RETRY_SECONDS = 0.2


def is_lock_conflict(err: duckdb.Error) -> bool:
    """DuckDB refused to open the file because another process holds it (its file lock)."""
    return isinstance(err, duckdb.IOException) and "lock" in str(err).lower()


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def read_migrations(schema_dir: Path) -> list[Migration]:
    """The numbered SQL files of `schema_dir`, in order."""
    found = []
    for path in sorted(Path(schema_dir).glob("*.sql")):
        match = MIGRATION_FILE.match(path.name)
        if match:
            found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    return found


def apply_migrations(con: duckdb.DuckDBPyConnection, schema_dir: Path) -> list[int]:
    """Apply the migrations the warehouse has not recorded yet; return their versions.

    Each migration runs in its own transaction and is recorded in `schema_migrations`,
    so an older warehouse upgrades in place and a failed migration changes nothing.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for migration in read_migrations(schema_dir):
        if migration.version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [migration.version, migration.name, utcnow()],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied


def apply_views(con: duckdb.DuckDBPyConnection, views_dir: Path) -> None:
    """(Re)create every view of `warehouse/views/*.sql`; each file holds CREATE OR REPLACE VIEW."""
    for path in sorted(Path(views_dir).glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@contextlib.contextmanager
def writer_lock(
    warehouse: Path, wait_seconds: float = 0.0, lock_file: Path | None = None
) -> Iterator[None]:
    """Hold the warehouse's writer lock, waiting up to `wait_seconds` for another writer.

    A plain lock file with flock: the OS releases it when the holder dies, even by
    SIGKILL, so a crashed run never leaves the warehouse locked. The file is `lock` in
    the warehouse's outputs folder (`Settings.lock_file`; by default PATH.sitrep/lock).
    """
    from flows.outputs import mark, outputs_folder_of

    lock_path = Path(lock_file) if lock_file is not None else outputs_folder_of(warehouse) / "lock"
    try:
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        mark(lock_path.parent)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise WarehouseUnwritable(
            f"cannot write to the warehouse folder {warehouse.parent}: "
            f"{err.strerror or err} (choose another --warehouse, or fix its permissions)"
        ) from None
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another sitrep run is writing to {warehouse}; try again when it ends"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def writer_busy(warehouse: Path, lock_file: Path | None = None) -> bool:
    """Whether another process holds the writer lock right now (a check, not a reservation)."""
    try:
        with writer_lock(warehouse, lock_file=lock_file):
            return False
    except WarehouseBusy:
        return True


def connect_when_free(
    connect: Callable[[], duckdb.DuckDBPyConnection],
    wait_seconds: float,
    timed_out: Callable[[], Exception],
) -> duckdb.DuckDBPyConnection:
    """`connect()`, retried while another process holds the file in a conflicting mode,
    for up to `wait_seconds`; then `timed_out()` is raised. Other errors pass through."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return connect()
        except duckdb.Error as err:
            if not is_lock_conflict(err):
                raise
            if time.monotonic() >= deadline:
                raise timed_out() from None
            time.sleep(LOCK_RETRY_SECONDS)


def connect_writer(
    warehouse: Path, schema_dir: Path, views_dir: Path, wait_seconds: float = 0.0
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing, creating and upgrading it as needed.

    Call it holding the writer lock, so the only other holders of the file can be
    readers (`sitrep query`, report, export, status, or another program): DuckDB refuses
    a writer while any of them has the file open. The writer waits for them, up to
    `wait_seconds`, rather than failing a run whose extraction is already done; after
    that it raises WarehouseHeldOpen with what to do.
    """
    con = connect_when_free(
        lambda: duckdb.connect(str(warehouse)),
        wait_seconds,
        lambda: WarehouseHeldOpen(
            f"the warehouse {warehouse} is held open by another process (a sitrep "
            f"query, report or export, or another program) and was not released "
            f"within {wait_seconds:.0f} s; close it and run again"
        ),
    )
    try:
        apply_migrations(con, schema_dir)
        apply_views(con, views_dir)
    except BaseException:
        con.close()
        raise
    return con


@contextlib.contextmanager
def connect_writer_ctx(
    warehouse: Path, schema_dir: Path, views_dir: Path, wait_seconds: float = 0.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """connect_writer as a context manager that always closes the connection."""
    con = connect_writer(warehouse, schema_dir, views_dir, wait_seconds)
    try:
        yield con
    finally:
        con.close()


READ_ONLY_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}


def connect_reader(
    warehouse: Path, wait_seconds: float = 0.0, config: dict[str, object] | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot touch files, the network or extensions.

    While a run loads, DuckDB lets no reader open the file: the reader waits for the
    load to end, up to `wait_seconds`, then raises WarehouseBusy with what to do.
    `config` adds settings (the query limits of flows/query_limits.py); every setting is
    locked once connected, so SQL cannot undo it.
    """
    if not Path(warehouse).exists():
        raise WarehouseMissing(f"no warehouse at {warehouse}: run `sitrep run` first")
    con = connect_when_free(
        lambda: duckdb.connect(
            str(warehouse), read_only=True, config=READ_ONLY_CONFIG | (config or {})
        ),
        wait_seconds,
        lambda: WarehouseBusy(
            f"the warehouse {warehouse} is being written by a run and stayed busy "
            f"for {wait_seconds:.0f} s; try again in a moment (or pass --wait SECONDS)"
        ),
    )
    con.execute("SET lock_configuration = true")
    return con


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def frame_for_table(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame
) -> pd.DataFrame:
    """The frame's columns in the table's order; a missing column is an error, not a NULL."""
    cols = table_columns(con, table)
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"rows for {table} lack columns: {', '.join(missing)}")
    return frame[cols]


def delete_where_in(
    con: duckdb.DuckDBPyConnection, table: str, column: str, values: Sequence[str]
) -> None:
    """Delete the rows whose `column` is one of `values` (a no-op for no values)."""
    if not values:
        return
    con.execute(
        f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?::VARCHAR[]))", [list(values)]
    )

"""What every CLI command shares: settings from flags, one-line errors, the read-only connection.

A mistake (a missing file, a folder where a file belongs, a bad value, a busy warehouse)
is a `CommandError`: `flows.cli.main` prints it as one line on stderr, `sitrep: ...`,
and exits with its code, never with a traceback. This module imports no command's
library code, so any of them (report, export, serve) may import it without a cycle.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path

from flows.settings import Settings

ReadingCommand = Callable[[argparse.Namespace, Settings, object], int]

EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 1, 2, 3
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
BUSY_MESSAGE = (
    "another sitrep run is writing to {warehouse}; try again when it ends (or pass --wait SECONDS)"
)


class CommandError(Exception):
    """A mistake the user can fix, said in one line; `code` is the exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def say(message: str, code: int = EXIT_USAGE) -> int:
    """Print `sitrep: message` on stderr and return `code` (for commands that return)."""
    print(f"sitrep: {message}", file=sys.stderr)
    return code


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings (SITREP_* variables) with the command's flags over them."""
    flags = {
        "warehouse": getattr(args, "warehouse", None),
        "input_dir": getattr(args, "input", None),
        "prune": getattr(args, "prune", None),
        "runner": getattr(args, "runner", None),
        "batch_size": getattr(args, "batch_size", None),
        "lock_wait_seconds": getattr(args, "lock_wait_seconds", None),
        "lake_dir": getattr(args, "lake", None),
        "detector": getattr(args, "detector", None),
        "wait_for_writer_seconds": getattr(args, "wait_for_writer_seconds", None),
        "query_timeout_seconds": getattr(args, "query_timeout_seconds", None),
    }
    from pydantic import ValidationError

    try:
        settings = Settings().with_overrides(**flags)
        # with_overrides copies without validating: validate the flags like the variables
        return Settings.model_validate(settings.model_dump())
    except ValidationError as err:
        problem = err.errors()[0]
        name = ".".join(str(part) for part in problem["loc"])
        raise CommandError(
            f"bad value for {name} (flag or SITREP_{name.upper()}): {problem['msg']}"
        ) from None


def check_warehouse_file(warehouse: Path) -> None:
    """Refuse a --warehouse that is a folder or a file other than a DuckDB database, which
    DuckDB would report as a lock conflict or an I/O error; a missing file passes."""
    path = Path(warehouse)
    if path.is_dir():
        raise CommandError(
            f"--warehouse {path} is a folder, not a DuckDB file: give the file, "
            f"e.g. {path / 'sitrep.duckdb'}"
        )
    if not path.exists():
        return
    try:
        with path.open("rb") as file:
            header = file.read(12)
    except OSError as err:
        raise CommandError(f"cannot read the warehouse {path}: {err.strerror or err}") from None
    if header[8:12] != DUCKDB_MAGIC:
        raise CommandError(
            f"--warehouse {path} is not a DuckDB database: give a warehouse file "
            "written by `sitrep run`"
        )


def check_input_folder(folder: Path, prune: bool) -> None:
    """The input must be a folder with at least one file in it (an empty one is allowed with
    --prune, which then forgets every file the warehouse holds)."""
    path = Path(folder)
    if not path.exists():
        raise CommandError(f"input folder not found: {path}")
    if not path.is_dir():
        raise CommandError(
            f"--input {path} is a file, not a folder: give the folder that holds the articles "
            f"(e.g. {path.parent})"
        )
    if not prune and not any(p.is_file() for p in path.rglob("*")):
        raise CommandError(
            f"input folder {path} is empty: put .txt, .html or .jsonl articles in it"
        )


def reads_warehouse(
    command: ReadingCommand | None = None,
    *,
    limits: Callable[[Settings], dict[str, object]] | None = None,
):
    """Give a CLI command a read-only connection to the warehouse its --warehouse flag (or
    SITREP_WAREHOUSE) names, closed afterwards. While a run loads, the command waits for
    it (`--wait`, default 30 s). A missing warehouse, or one still busy after the wait, is
    one clear error line and exit code 2, the same for every command. `limits(settings)`
    gives DuckDB settings to add to the read-only sandbox (those of `sitrep query`)."""

    if command is None:  # used as @reads_warehouse(limits=...)
        return functools.partial(reads_warehouse, limits=limits)

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from flows import warehouse as wh

        settings = settings_from(args)
        config = limits(settings) if limits is not None else None
        try:
            check_warehouse_file(settings.warehouse)
            con = wh.connect_reader(settings.warehouse, settings.wait_for_writer_seconds, config)
        except (CommandError, wh.WarehouseMissing, wh.WarehouseBusy) as err:
            return say(str(err), getattr(err, "code", EXIT_USAGE))
        try:
            return command(args, settings, con)
        finally:
            con.close()

    return run

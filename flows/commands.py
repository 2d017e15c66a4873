"""What the read-only CLI commands (query, status, report, export) share."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable

from flows.settings import Settings

ReadingCommand = Callable[[argparse.Namespace, Settings, object], int]


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

        settings = Settings().with_overrides(
            warehouse=getattr(args, "warehouse", None),
            wait_for_writer_seconds=getattr(args, "wait_for_writer_seconds", None),
            query_timeout_seconds=getattr(args, "query_timeout_seconds", None),
        )
        config = limits(settings) if limits is not None else None
        try:
            con = wh.connect_reader(settings.warehouse, settings.wait_for_writer_seconds, config)
        except (wh.WarehouseMissing, wh.WarehouseBusy) as err:
            print(f"sitrep: {err}", file=sys.stderr)
            return 2
        try:
            return command(args, settings, con)
        finally:
            con.close()

    return run

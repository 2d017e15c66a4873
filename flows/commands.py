"""What the read-only CLI commands (query, status, report, export) share."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable

from flows.settings import Settings

ReadingCommand = Callable[[argparse.Namespace, Settings, object], int]


def reads_warehouse(command: ReadingCommand) -> Callable[[argparse.Namespace], int]:
    """Give a CLI command a read-only connection to the warehouse its --warehouse flag (or
    SITREP_WAREHOUSE) names, closed afterwards. A missing or busy warehouse is one clear
    error line and exit code 2, the same for every command."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from flows import warehouse as wh

        settings = Settings().with_overrides(warehouse=getattr(args, "warehouse", None))
        try:
            con = wh.connect_reader(settings.warehouse)
        except (wh.WarehouseMissing, wh.WarehouseBusy) as err:
            print(f"sitrep: {err}", file=sys.stderr)
            return 2
        try:
            return command(args, settings, con)
        finally:
            con.close()

    return run

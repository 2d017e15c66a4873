"""`sitrep serve`: the pipeline on a schedule, as a Prefect deployment served from here.

    sitrep serve --cron "*/30 * * * *" [--input DIR] [--warehouse PATH] [--name NAME]

This process registers a deployment (flow `sitrep-scheduled`) with the Prefect server
named by PREFECT_API_URL and runs every flow run of it, scheduled or triggered by
hand, in a subprocess. The pipeline is incremental, so files dropped into the input
folder are picked up by the next run and a run with nothing new changes nothing.

Overlapping runs never write at once: the warehouse writer lock decides. A run that
finds another run (scheduled, or a `sitrep run` from a shell) holding the lock after
`--wait` seconds does nothing and ends in state Completed named "Skipped", with the
message "skipped: another run is writing". Completed rather than Cancelled or Failed:
skipping is the healthy outcome of a long run overlapping the next slot, the skipped
work is done by the next run, and nobody should be alerted for it.

Transient failures (I/O errors, a lost Dask worker, a timeout) are retried with
back-off inside the run; deterministic ones (a validation failure, a bug) fail the
run at once. Either way a failed attempt leaves the warehouse as it was.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from flows.settings import Settings, apply_prefect_defaults

# Prefect, pandas and the pipeline load lazily: `sitrep --help` and `sitrep query`
# register this subcommand, and should not wait seconds for imports they never use.

FLOW_NAME = "sitrep-scheduled"
DEFAULT_DEPLOYMENT = "sitrep"
SKIPPED = "skipped: another run is writing"
NO_SERVER = (
    "PREFECT_API_URL is not set: start a server with `prefect server start` "
    "and set PREFECT_API_URL=http://127.0.0.1:4200/api"
)
RETRY_DELAYS_SECONDS = (10.0, 60.0)  # two retries: after 10 s, then after a minute
TRANSIENT_ERROR_NAMES = {"KilledWorker", "CommClosedError", "IOException"}


# --------------------------------------------------------------------------- the served flow


def is_transient(err: BaseException) -> bool:
    """Failures worth another attempt: the file system, the network, a lost Dask worker."""
    from flows.warehouse import WarehouseBusy

    if isinstance(err, WarehouseBusy):
        return False  # handled as a skip, not retried
    return isinstance(err, OSError | TimeoutError) or type(err).__name__ in TRANSIENT_ERROR_NAMES


def run_with_retries(
    attempt: Callable[[], Any],
    logger,
    delays: Sequence[float] = RETRY_DELAYS_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Call `attempt`, and again after each delay while it fails transiently."""
    for delay in (*delays, None):
        try:
            return attempt()
        except Exception as err:
            if delay is None or not is_transient(err):
                raise
            logger.warning(
                "transient failure, retrying in %.0f s: %s: %s", delay, type(err).__name__, err
            )
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def run_scheduled(settings: Settings | None = None):
    """The body of the served flow: the pipeline, or a logged skip when another run writes."""
    from prefect import get_run_logger
    from prefect.states import Completed

    from flows.pipeline import run_pipeline
    from flows.warehouse import WarehouseBusy

    settings = settings or Settings()
    logger = get_run_logger()
    try:
        summary = run_with_retries(lambda: run_pipeline(settings, logger), logger)
    except WarehouseBusy as err:
        logger.info("%s: %s", SKIPPED, err)
        return Completed(name="Skipped", message=f"{SKIPPED}: {err}")
    return summary.as_dict()


@functools.cache
def scheduled_flow():
    """The flow `sitrep-scheduled`, built on first use (see the note on lazy imports)."""
    from prefect import flow

    return flow(name=FLOW_NAME, log_prints=False)(run_scheduled)


def served_flow(settings: Settings):
    """The scheduled flow with the task runner the settings ask for (local or Dask)."""
    from flows.pipeline import dask_task_runner, uses_dask

    if uses_dask(settings):
        return scheduled_flow().with_options(task_runner=dask_task_runner(settings))
    return scheduled_flow()


def flow_parameters(settings: Settings) -> dict[str, object]:
    """The deployment's parameters: the settings spelled out, so the UI shows what runs."""
    return {"settings": settings.model_dump(mode="json")}


# --------------------------------------------------------------------------- the command


def prefect_api_url() -> str | None:
    """The API the deployment goes to: PREFECT_API_URL (or the active Prefect profile's)."""
    from prefect.settings import get_current_settings

    return get_current_settings().api.url or None


def valid_cron(expression: str) -> bool:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=expression)
    except ValueError:  # pydantic's ValidationError is a ValueError
        return False
    return True


def server_answers(api_url: str, timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    apply_prefect_defaults()  # before Prefect loads
    from flows.cli import fail, settings_from
    from flows.pipeline import uses_dask

    settings = settings_from(args)
    if not settings.input_dir.is_dir():
        return fail(f"input folder not found: {settings.input_dir}")
    if not valid_cron(args.cron):
        return fail(f'not a cron schedule: {args.cron!r} (e.g. "*/30 * * * *")')
    try:
        uses_dask(settings)
    except ValueError as err:
        return fail(str(err))
    api_url = prefect_api_url()
    if not api_url:
        return fail(NO_SERVER)
    if not server_answers(api_url):
        return fail(
            f"no Prefect server answers at {api_url}: start one with `prefect server start`"
        )
    print(
        f"serving {FLOW_NAME}/{args.name} on {api_url} with schedule {args.cron!r}: "
        f"{settings.input_dir} -> {settings.warehouse} (Ctrl-C stops)",
        flush=True,
    )
    served_flow(settings).serve(
        name=args.name,
        cron=args.cron,
        parameters=flow_parameters(settings),
        description="sitrep: read new article files into the warehouse",
        tags=["sitrep"],
        print_starting_message=False,
    )
    return 0


def add_serve_command(subparsers) -> argparse.ArgumentParser:
    """Register `sitrep serve` on the CLI's subparsers."""
    serve = subparsers.add_parser(
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
    serve.add_argument(
        "--warehouse", type=Path, help="DuckDB file (default: warehouse/sitrep.duckdb)"
    )
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
    serve.set_defaults(func=cmd_serve)
    return serve


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m flows.serve ARGS` is `sitrep serve ARGS`."""
    parser = argparse.ArgumentParser(prog="sitrep serve")
    add_serve_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["serve", *(argv if argv is not None else sys.argv[1:])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

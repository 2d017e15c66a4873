"""`sitrep serve`: the pipeline on a schedule, as a Prefect deployment served from here.

    sitrep serve --cron "*/30 * * * *" [--input DIR] [--warehouse PATH] [--name NAME]

(the command line is flows/cli.py; this module is what it calls)

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

import functools
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

from flows.settings import Settings

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


class ServeRefused(ValueError):
    """What keeps `sitrep serve` from starting: a bad folder or schedule, no server."""


def check_can_serve(settings: Settings, cron: str) -> str:
    """The Prefect API to serve on, once the input, the schedule and the server are fine."""
    from flows.pipeline import uses_dask

    if not settings.input_dir.is_dir():
        raise ServeRefused(f"input folder not found: {settings.input_dir}")
    if not valid_cron(cron):
        raise ServeRefused(f'not a cron schedule: {cron!r} (e.g. "*/30 * * * *")')
    uses_dask(settings)  # a ValueError for a runner it does not know
    api_url = prefect_api_url()
    if not api_url:
        raise ServeRefused(NO_SERVER)
    if not server_answers(api_url):
        raise ServeRefused(
            f"no Prefect server answers at {api_url}: start one with `prefect server start`"
        )
    return api_url


def serve_pipeline(settings: Settings, cron: str, name: str = DEFAULT_DEPLOYMENT) -> None:
    """Register the deployment `sitrep-scheduled/NAME` and run its flow runs until stopped."""
    served_flow(settings).serve(
        name=name,
        cron=cron,
        parameters=flow_parameters(settings),
        description="sitrep: read new article files into the warehouse",
        tags=["sitrep"],
        print_starting_message=False,
    )

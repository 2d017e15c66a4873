"""A schedule that fires by itself: `sitrep serve --cron "* * * * *"` on a real Prefect server.

The server runs with its services (the scheduler among them), as a user's does; no run is
triggered by hand. The tests wait, bounded, for runs the scheduler created
(`auto_scheduled`) to complete, check what they loaded, and check that the Prefect CLI
can list the deployment and its runs against that server (it could not under fastapi
0.151+, and the scheduler failed on every loop under SQLAlchemy 2.1).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEEDS
from tests.integration.prefect_server import (
    PREFECT,
    SITREP,
    api_client,
    prefect_server,
    spawn,
    stop,
    tail,
    wait_for_deployment,
)

pytestmark = pytest.mark.slow

CRON = "* * * * *"
DEPLOYMENT = "sitrep-scheduled/every-minute"
FIRST_RUN_TIMEOUT = 150  # the next minute, plus the pipeline on the seeds
NEXT_RUN_TIMEOUT = 120
NEW_ARTICLE = """Gunmen attack checkpoint near Maiduguri

Tuesday 3 March 2020

MAIDUGURI, Nigeria - Insurgents attacked an army checkpoint outside Maiduguri on Monday \
night, killing two soldiers, a military spokesman said.
"""


@dataclass
class Served:
    api_url: str
    env: dict[str, str]
    articles: Path
    warehouse: Path
    log: Path
    deployment_id: object


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    """A Prefect server with its scheduler, and `sitrep serve` on an every-minute cron."""
    tmp = tmp_path_factory.mktemp("schedule")
    articles = tmp / "articles"
    shutil.copytree(SEEDS, articles)
    warehouse = tmp / "wh" / "sitrep.duckdb"
    with prefect_server(tmp, services=True) as (api_url, env, _server_log):
        log = tmp / "serve.log"
        serve = spawn(
            [str(SITREP), "serve", "--cron", CRON, "--name", "every-minute"]
            + ["--input", str(articles), "--warehouse", str(warehouse)],
            env | {"PREFECT_RUNNER_POLL_FREQUENCY": "2"},
            log,
        )
        try:
            with api_client(api_url) as client:
                deployment = wait_for_deployment(client, DEPLOYMENT, serve, log)
            yield Served(api_url, env, articles, warehouse, log, deployment.id)
        finally:
            stop(serve)


def scheduled_runs(client, deployment_id) -> list:
    """The deployment's runs that the scheduler created (not triggered by hand)."""
    return [
        run
        for run in client.read_flow_runs(limit=200)
        if run.deployment_id == deployment_id and run.auto_scheduled
    ]


def completed_scheduled_run(served: Served, started_after: datetime, timeout: float):
    """Wait for a scheduled run that started after `started_after` to reach a final state."""
    deadline = time.monotonic() + timeout
    with api_client(served.api_url) as client:
        while True:
            for run in scheduled_runs(client, served.deployment_id):
                if run.start_time and run.start_time > started_after and run.state.is_final():
                    return run
            assert time.monotonic() < deadline, f"no scheduled run finished:\n{tail(served.log)}"
            time.sleep(2)


def document_count(warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def test_a_cron_schedule_fires_by_itself_and_loads_the_seeds(served):
    run = completed_scheduled_run(served, datetime(2000, 1, 1, tzinfo=UTC), FIRST_RUN_TIMEOUT)
    assert run.auto_scheduled
    assert run.state.is_completed(), f"{run.state.name}: {run.state.message}\n{tail(served.log)}"
    assert document_count(served.warehouse) == len(list(SEEDS.iterdir()))


def test_prefect_cli_lists_the_deployment_and_its_runs(served):
    listed = subprocess.run(
        [str(PREFECT), "deployment", "ls"], env=served.env, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert "every-minute" in listed.stdout
    runs = subprocess.run(
        [str(PREFECT), "flow-run", "ls"], env=served.env, capture_output=True, text=True
    )
    assert runs.returncode == 0, runs.stderr[-2000:]
    assert "sitrep-sc" in runs.stdout  # the flow's name, however the table truncates it


def test_a_file_dropped_between_runs_is_loaded_by_the_next_scheduled_run(served):
    before = document_count(served.warehouse) if served.warehouse.exists() else 0
    (served.articles / "zz_dropped_later.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    dropped = datetime.now(UTC)
    run = completed_scheduled_run(served, dropped, NEXT_RUN_TIMEOUT)
    assert run.state.is_completed(), f"{run.state.name}: {run.state.message}\n{tail(served.log)}"
    assert document_count(served.warehouse) == max(before, 5) + 1

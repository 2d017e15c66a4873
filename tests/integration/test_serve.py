"""`sitrep serve`: a deployment on a real Prefect server, runs triggered through the API.

The slow test starts `prefect server start` on a free 127.0.0.1 port with its own
PREFECT_HOME and SQLite database, serves the pipeline from a `python -m flows.cli serve`
subprocess, triggers runs through the API and checks the warehouse after each. Every
process it starts is stopped in a `finally`, the serve process before the server (on
shutdown it pauses its schedule through the API).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows import warehouse as wh
from flows.serve import SKIPPED, is_transient, run_with_retries, scheduled_flow
from flows.settings import Settings
from tests.conftest import ROOT, SEEDS
from tests.integration.prefect_server import (
    api_client,
    prefect_server,
    spawn,
    stop,
    tail,
    wait_for_deployment,
)

RUN_TIMEOUT = 120
CRON = "0 0 1 1 *"  # once a year: no scheduled run fires while the test triggers its own
NEW_ARTICLE = """Iraqi forces retake village south of Mosul

Monday 14 November 2016

MOSUL - Iraqi army units recaptured the village of Hammam al-Alil from Islamic State \
militants on Sunday, an army officer said. Twelve militants were killed in the fighting.
"""


# --------------------------------------------------------------------------- fast checks


class Flaky:
    """Fails with the given errors, then returns 'done'."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


def test_transient_failures_are_retried_with_back_off():
    waits: list[float] = []
    attempt = Flaky(OSError("disk hiccup"), TimeoutError("slow"))
    log = logging.getLogger("sitrep.test")
    assert run_with_retries(attempt, log, delays=(1, 5), sleep=waits.append) == "done"
    assert attempt.calls == 3 and waits == [1, 5]


def test_deterministic_failures_and_a_busy_warehouse_are_not_retried():
    log = logging.getLogger("sitrep.test")
    for error in (ValueError("bug"), wh.WarehouseBusy("another run")):
        attempt = Flaky(error)
        with pytest.raises(type(error)):
            run_with_retries(attempt, log, delays=(1, 5), sleep=lambda s: None)
        assert attempt.calls == 1
    assert not is_transient(wh.WarehouseBusy("x")) and is_transient(ConnectionResetError())


def test_a_run_that_finds_another_writer_is_skipped_as_completed(prefect_server, tmp_path):
    settings = Settings(input_dir=SEEDS, warehouse=tmp_path / "sitrep.duckdb")
    with wh.writer_lock(settings.warehouse):
        state = scheduled_flow()(settings, return_state=True)
    assert state.is_completed() and state.name == "Skipped"
    assert state.message.startswith(SKIPPED)
    assert not settings.warehouse.exists()  # nothing was written


def test_serve_without_a_server_says_how_to_start_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # no profile with an API URL
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve", "--cron", "*/30 * * * *"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "prefect server start" in done.stderr
    assert "PREFECT_API_URL=http://127.0.0.1:4200/api" in done.stderr


# --------------------------------------------------------------------------- a real server


def run_and_wait(client, deployment_id, log: Path):
    """Trigger a run of the deployment and wait for it to reach a final state."""
    run = client.create_flow_run_from_deployment(deployment_id)
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        state = client.read_flow_run(run.id).state
        if state is not None and state.is_final():
            return state
        assert time.monotonic() < deadline, f"run still {state and state.name}:\n{tail(log)}"
        time.sleep(1)


def document_count(warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow
def test_served_deployment_runs_on_request_skips_overlaps_and_picks_up_new_files(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    warehouse = tmp_path / "wh" / "sitrep.duckdb"
    with prefect_server(tmp_path) as (api_url, env, _server_log):
        serve_log = tmp_path / "serve.log"
        serve = spawn(
            [sys.executable, "-m", "flows.cli", "serve", "--cron", CRON, "--name", "test"]
            + ["--input", str(articles), "--warehouse", str(warehouse)],
            env | {"PREFECT_RUNNER_POLL_FREQUENCY": "1"},
            serve_log,
        )
        try:
            with api_client(api_url) as client:
                deployment = wait_for_deployment(client, "sitrep-scheduled/test", serve, serve_log)
                assert [s.schedule.cron for s in deployment.schedules] == [CRON]

                state = run_and_wait(client, deployment.id, serve_log)
                assert state.is_completed(), f"{state.name}: {state.message}\n{tail(serve_log)}"
                assert document_count(warehouse) == 5

                with wh.writer_lock(warehouse):  # another writer holds the warehouse
                    state = run_and_wait(client, deployment.id, serve_log)
                assert state.is_completed() and state.name == "Skipped", tail(serve_log)
                assert SKIPPED in state.message

                (articles / "zz_new_wire_story.txt").write_text(NEW_ARTICLE, encoding="utf-8")
                state = run_and_wait(client, deployment.id, serve_log)
                assert state.is_completed(), f"{state.name}: {state.message}\n{tail(serve_log)}"
                assert document_count(warehouse) == 6
        finally:
            stop(serve)

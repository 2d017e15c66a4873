"""A run killed with SIGKILL loses nothing and leaves nothing half-done.

`sitrep run` runs in a subprocess with the test hooks SITREP_PAUSE_AT / SITREP_PAUSE_FILE
(flows.pipeline.checkpoint): it writes the marker file when it reaches the point and waits
there, and the test kills it with SIGKILL, once at 'extract' (after extraction, before
validation) and once at 'load' (inside the open load transaction). The next normal run
must then mark the killed run 'crashed' and leave the warehouse exactly as one clean run
over the same files does, with no Parquet of the killed run in the lake.

The helpers at the top (CliRun, start_cli, cli_env) are shared with test_concurrency.py.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from flows.lake import Lake
from flows.pipeline import RunSummary, run_pipeline
from flows.settings import Settings
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_server")

LOG = logging.getLogger("sitrep.test.crash")
POINTS = ("extract", "load")
ARTICLES = ("000_4c7c56f7f3f1e0b3.txt", "001_31fd84cbd806a696.txt")
# Content tables compared with a clean run, without run ids and load timestamps.
CONTENT_TABLES = ("documents", "events", "event_clusters", "source_files", "rejected_files")
VOLATILE_COLUMNS = {"run_id", "rejected_at"}
MARKER_TIMEOUT = 180.0  # seconds for a subprocess to reach its pause point on a slow machine


# --------------------------------------------------------------------------- helpers


def cli_env(**sitrep: str) -> dict[str, str]:
    """Environment for a `sitrep` subprocess: the session's Prefect test server, quiet
    logs, no telemetry, and the given SITREP_* variables (e.g. PAUSE_AT='load')."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    env.update(
        PREFECT_API_URL=str(PREFECT_API_URL.value()),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW="ignore",
        PYTHONUNBUFFERED="1",
    )
    env.update({f"SITREP_{k.upper()}": v for k, v in sitrep.items()})
    return env


@dataclass
class CliRun:
    """A `sitrep` subprocess whose output goes to files (no pipe to fill up)."""

    proc: subprocess.Popen
    out: Path
    err: Path
    marker: Path | None = None

    @property
    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = MARKER_TIMEOUT) -> int:
        return self.proc.wait(timeout=timeout)

    def wait_paused(self, point: str, timeout: float = MARKER_TIMEOUT) -> None:
        """Block until the run wrote its marker for `point` (it is then sleeping there)."""
        assert self.marker is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.marker.exists() and self.marker.read_text().split()[-1:] == [point]:
                return
            if self.proc.poll() is not None:
                pytest.fail(
                    f"sitrep exited with {self.proc.returncode} before pausing at {point}:\n"
                    + self.stderr[-3000:]
                )
            time.sleep(0.05)
        pytest.fail(f"sitrep did not pause at {point} within {timeout} s:\n{self.stderr[-3000:]}")

    def resume(self) -> None:
        """Let a paused run go on (checkpoint() stops waiting when its marker is gone)."""
        assert self.marker is not None
        self.marker.unlink()

    def kill(self) -> None:
        """SIGKILL this subprocess (only this one, by its own pid) and reap it."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)


def start_cli(workdir: Path, name: str, args: list[str], pause_at: str | None = None) -> CliRun:
    """Start `python -m flows.cli ARGS` (what the `sitrep` script runs), optionally paused."""
    workdir.mkdir(parents=True, exist_ok=True)
    marker = workdir / f"{name}.paused" if pause_at else None
    hooks = {"pause_at": pause_at, "pause_file": str(marker)} if pause_at else {}
    out, err = workdir / f"{name}.out", workdir / f"{name}.err"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *args],
            cwd=ROOT,
            env=cli_env(**hooks),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
    return CliRun(proc, out, err, marker)


def run_args(input_dir: Path, warehouse: Path, *extra: str) -> list[str]:
    return ["run", "--input", str(input_dir), "--warehouse", str(warehouse), "--json", *extra]


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every content table's rows, sorted, without run ids and load times."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        for table in CONTENT_TABLES:
            cols = [
                r[0]
                for r in con.execute(f"DESCRIBE {table}").fetchall()
                if r[0] not in VOLATILE_COLUMNS
            ]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def lake_run_ids(lake: str) -> set[str]:
    """The run ids that have Parquet files in the lake."""
    return Lake.at(lake).run_ids()


# --------------------------------------------------------------------------- the scenario


@dataclass
class Killed:
    """A run killed at `point`, what it left behind, and the normal run after it."""

    point: str
    settings: Settings
    run_id: str
    runs_after_kill: dict[str, str]  # run_id -> status, straight after the kill
    counts_after_kill: tuple[int, int]  # documents, events
    lake_after_kill: set[str]
    recovery: RunSummary | None = None


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Two seed articles and one rejected (empty) file, shared read-only by every run."""
    folder = tmp_path_factory.mktemp("crash_input")
    for name in ARTICLES:
        shutil.copy(SEEDS / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def clean_run(inputs, tmp_path_factory) -> dict[str, list[tuple]]:
    """The warehouse content of one undisturbed run over the same files."""
    settings = Settings(
        input_dir=inputs, warehouse=tmp_path_factory.mktemp("clean") / "sitrep.duckdb"
    )
    assert run_pipeline(settings, LOG).status == "completed"
    return snapshot(settings.warehouse)


@pytest.fixture(scope="module")
def killed(inputs, tmp_path_factory) -> dict[str, Killed]:
    """Both kills (run side by side to save time), then a normal run on each warehouse."""
    root = tmp_path_factory.mktemp("killed")
    started = {}
    for point in POINTS:
        warehouse = root / point / "sitrep.duckdb"
        started[point] = start_cli(root / point, "run", run_args(inputs, warehouse), point)
    try:
        for point, run in started.items():
            run.wait_paused(point)
            run.kill()
    finally:
        for run in started.values():
            run.kill()
    results = {}
    for point in POINTS:
        settings = Settings(input_dir=inputs, warehouse=root / point / "sitrep.duckdb")
        runs = dict(query(settings.warehouse, "SELECT run_id, status FROM runs"))
        assert list(runs.values()) == ["running"], runs
        counts = query(
            settings.warehouse,
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)",
        )[0]
        results[point] = Killed(
            point, settings, next(iter(runs)), runs, counts, lake_run_ids(settings.lake)
        )
    for result in results.values():  # the next normal run, in this process
        result.recovery = run_pipeline(result.settings, LOG)
    return results


@pytest.fixture(params=POINTS)
def crash(request, killed) -> Killed:
    return killed[request.param]


# --------------------------------------------------------------------------- the checks


def test_a_killed_run_committed_no_rows(crash):
    """Killed before or inside the load transaction: no document or event is visible."""
    assert crash.counts_after_kill == (0, 0)
    assert crash.runs_after_kill == {crash.run_id: "running"}


def test_the_next_run_marks_the_killed_run_crashed(crash):
    """The next run (the writer lock freed by the kernel) records the dead run as crashed."""
    assert crash.recovery.status == "completed"
    runs = dict(
        query(crash.settings.warehouse, "SELECT run_id, status || ': ' || message FROM runs")
    )
    assert runs[crash.run_id].startswith("crashed: the process ended before the run finished")
    assert runs[crash.recovery.run_id].startswith("completed")


def test_the_next_run_loads_exactly_what_a_clean_run_loads(crash, clean_run):
    """documents, events, clusters, source_files and rejected_files (without run ids) are
    identical to those of one clean run: nothing lost, nothing half-loaded."""
    assert (crash.recovery.files_new, crash.recovery.files_rejected) == (len(ARTICLES), 1)
    assert crash.recovery.documents_loaded == len(ARTICLES)
    after = snapshot(crash.settings.warehouse)
    assert {t: len(rows) for t, rows in after.items()} == {
        t: len(rows) for t, rows in clean_run.items()
    }
    assert after == clean_run


def test_no_row_is_duplicated_after_recovery(crash):
    """Every key appears once, and every row carries the recovery run's id."""
    con = duckdb.connect(str(crash.settings.warehouse), read_only=True)
    try:
        for table, key in (("documents", "doc_id"), ("events", "event_id")):
            total, distinct, run_ids = con.execute(
                f"SELECT count(*), count(DISTINCT {key}), list(DISTINCT run_id) FROM {table}"
            ).fetchone()
            assert total == distinct > 0
            assert run_ids == [crash.recovery.run_id]
        assert con.execute(
            "SELECT count(*) FROM rejected_files WHERE run_id = ?", [crash.run_id]
        ).fetchone() == (0,)
    finally:
        con.close()


def test_the_lake_holds_no_parquet_of_the_killed_run(crash):
    """After recovery the lake holds the recovery run's Parquet and nothing of the killed
    run (a kill inside the load transaction comes after the Parquet files were written)."""
    if crash.point == "load":
        assert crash.lake_after_kill == {crash.run_id}  # what the kill left behind
    else:
        assert crash.lake_after_kill == set()
    assert lake_run_ids(crash.settings.lake) == {crash.recovery.run_id}

"""A run killed with SIGKILL loses nothing and leaves nothing half-done.

`sitrep run` runs in a subprocess with the test hooks SITREP_PAUSE_AT / SITREP_PAUSE_FILE
(flows.pipeline.checkpoint): it writes the marker file when it reaches the point and waits
there, and the test kills it with SIGKILL, at each of the ten points of
flows.pipeline.KILL_POINTS, from just after taking the writer lock to after COMMIT and
after the outcome is recorded (issue 18 case 5). Killed before COMMIT, the next normal run
must mark the killed run 'crashed' and remove its Parquet; killed after COMMIT, the run's
row already says 'completed' with its counts (they are written in the load transaction),
its Parquet stays, and the next run has nothing new. Either way the warehouse ends up
exactly as one clean run over the same files leaves it: nothing lost, nothing doubled.

The helpers at the top (CliRun, start_cli, cli_env) are shared with test_concurrency.py.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from flows.lake import Lake
from flows.pipeline import KILL_POINTS, RunSummary, run_pipeline
from flows.settings import Settings
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_server")

LOG = logging.getLogger("sitrep.test.crash")
POINTS = KILL_POINTS
COMMITTED = ("committed", "finished")  # points after the load transaction committed
WROTE_PARQUET = ("lake", "load", "status")  # uncommitted points after the Parquet was written
PARALLEL = 5  # killed runs alive at once (each loads spaCy: memory and 2 cores)
ARTICLES = ("000_4c7c56f7f3f1e0b3.txt", "001_31fd84cbd806a696.txt")
# Content tables compared with a clean run, without run ids and load timestamps.
CONTENT_TABLES = ("documents", "events", "event_clusters", "source_files", "rejected_files")
VOLATILE_COLUMNS = {"run_id", "rejected_at"}
MARKER_TIMEOUT = 600.0  # seconds for a subprocess to reach its pause point: five start at once,
# each loading spaCy, while the other test worker runs (make test uses two)


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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.is_paused(point):
                return
            time.sleep(0.05)
        pytest.fail(f"sitrep did not pause at {point} within {timeout} s:\n{self.stderr[-3000:]}")

    def is_paused(self, point: str) -> bool:
        """Whether the run sleeps at `point` now; fails the test if it ended before."""
        assert self.marker is not None
        if self.marker.exists() and self.marker.read_text().split()[-1:] == [point]:
            return True
        if self.proc.poll() is not None:
            pytest.fail(
                f"sitrep exited with {self.proc.returncode} before pausing at {point}:\n"
                + self.stderr[-3000:]
            )
        return False

    def resume(self) -> None:
        """Let a paused run go on (checkpoint() stops waiting when its marker is gone)."""
        assert self.marker is not None
        self.marker.unlink()

    def kill(self) -> None:
        """SIGKILL this subprocess (only this one, by its own pid) and reap it."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)


def start_cli(
    workdir: Path, name: str, args: list[str], pause_at: str | None = None, **sitrep: str
) -> CliRun:
    """Start `python -m flows.cli ARGS` (what the `sitrep` script runs), optionally paused,
    with more SITREP_* settings given as keywords (wait_for_readers_seconds='1')."""
    workdir.mkdir(parents=True, exist_ok=True)
    marker = workdir / f"{name}.paused" if pause_at else None
    hooks = {"pause_at": pause_at, "pause_file": str(marker)} if pause_at else {}
    hooks |= sitrep
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
    run_id: str | None  # None when killed before it wrote its row ('locked')
    runs_after_kill: dict[str, str]  # run_id -> status, straight after the kill
    counts_after_kill: tuple[int, int]  # documents, events
    lake_after_kill: set[str]
    recovery: RunSummary | None = None

    @property
    def committed(self) -> bool:
        return self.point in COMMITTED

    @property
    def loader(self) -> str:
        """The run whose rows the warehouse holds in the end."""
        return self.run_id if self.committed else self.recovery.run_id


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


def kill_each_as_it_pauses(runs: dict[str, CliRun], timeout: float = MARKER_TIMEOUT) -> None:
    """Kill each run the moment it pauses at its point, in whatever order they get there. A
    run waited for behind a slower one would sleep out its pause (PAUSE_SECONDS) and go on
    past its point: under load, the run paused before COMMIT committed before it was killed."""
    waiting = dict(runs)
    deadline = time.monotonic() + timeout
    while waiting and time.monotonic() < deadline:
        for point, run in list(waiting.items()):
            if run.is_paused(point):
                run.kill()
                del waiting[point]
        time.sleep(0.05)
    if waiting:
        pytest.fail(f"sitrep did not pause at {', '.join(waiting)} within {timeout} s")


@pytest.fixture(scope="module")
def killed(inputs, tmp_path_factory) -> dict[str, Killed]:
    """Every kill (PARALLEL at a time, to save time), then a normal run on each warehouse."""
    root = tmp_path_factory.mktemp("killed")
    for start in range(0, len(POINTS), PARALLEL):
        started = {}
        for point in POINTS[start : start + PARALLEL]:
            warehouse = root / point / "sitrep.duckdb"
            started[point] = start_cli(root / point, "run", run_args(inputs, warehouse), point)
        try:
            kill_each_as_it_pauses(started)
        finally:
            for run in started.values():
                run.kill()
    results = {}
    for point in POINTS:
        settings = Settings(input_dir=inputs, warehouse=root / point / "sitrep.duckdb")
        if settings.warehouse.exists():
            runs = dict(query(settings.warehouse, "SELECT run_id, status FROM runs"))
            counts = query(
                settings.warehouse,
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)",
            )[0]
        else:  # killed before it first opened the warehouse
            runs, counts = {}, (0, 0)
        assert len(runs) == (0 if point == "locked" else 1), runs
        results[point] = Killed(
            point, settings, next(iter(runs), None), runs, counts, lake_run_ids(settings.lake)
        )
    for result in results.values():  # the next normal run, in this process
        result.recovery = run_pipeline(result.settings, LOG)
    return results


@pytest.fixture(params=POINTS)
def crash(request, killed) -> Killed:
    return killed[request.param]


# --------------------------------------------------------------------------- the checks


def test_there_are_ten_kill_points_including_after_commit():
    assert len(POINTS) >= 10 and "committed" in POINTS and "finished" in POINTS


def test_a_killed_run_is_all_or_nothing_and_its_row_says_which(crash, clean_run):
    """Killed before COMMIT: no document or event is visible and its row says 'running'
    (or there is no row: killed before writing it). Killed after COMMIT: everything is
    there and its row already says 'completed' with its counts."""
    if not crash.committed:
        assert crash.counts_after_kill == (0, 0)
        expected = {} if crash.run_id is None else {crash.run_id: "running"}
        assert crash.runs_after_kill == expected
        return
    assert crash.counts_after_kill == (len(clean_run["documents"]), len(clean_run["events"]))
    assert crash.runs_after_kill == {crash.run_id: "completed"}
    (row,) = query(
        crash.settings.warehouse,
        f"SELECT documents_loaded, events_loaded, files_new, ended_at IS NOT NULL FROM runs "
        f"WHERE run_id = '{crash.run_id}'",
    )
    assert row == (len(ARTICLES), len(clean_run["events"]), len(ARTICLES), True)


def test_the_next_run_settles_the_killed_run_truthfully(crash):
    """The next run (the writer lock freed by the kernel) marks a run killed before COMMIT
    crashed, and leaves a committed one completed (never relabelled crashed)."""
    runs = dict(
        query(crash.settings.warehouse, "SELECT run_id, status || ': ' || message FROM runs")
    )
    if crash.run_id is not None and not crash.committed:
        assert runs[crash.run_id].startswith("crashed: the process ended before the run finished")
    if crash.committed:
        assert runs[crash.run_id].startswith("completed")
        assert crash.recovery.status == "nothing-new"
    else:
        assert crash.recovery.status == "completed"
        assert runs[crash.recovery.run_id].startswith("completed")


def test_the_warehouse_ends_exactly_as_a_clean_run_leaves_it(crash, clean_run):
    """documents, events, clusters, source_files and rejected_files (without run ids) are
    identical to those of one clean run: nothing lost, nothing half-loaded."""
    if not crash.committed:
        assert (crash.recovery.files_new, crash.recovery.files_rejected) == (len(ARTICLES), 1)
        assert crash.recovery.documents_loaded == len(ARTICLES)
    after = snapshot(crash.settings.warehouse)
    assert {t: len(rows) for t, rows in after.items()} == {
        t: len(rows) for t, rows in clean_run.items()
    }
    assert after == clean_run


def test_no_row_is_duplicated_after_recovery(crash):
    """Every key appears once, and every row carries the id of the run that loaded it."""
    con = duckdb.connect(str(crash.settings.warehouse), read_only=True)
    try:
        for table, key in (("documents", "doc_id"), ("events", "event_id")):
            total, distinct, run_ids = con.execute(
                f"SELECT count(*), count(DISTINCT {key}), list(DISTINCT run_id) FROM {table}"
            ).fetchone()
            assert total == distinct > 0
            assert run_ids == [crash.loader]
        if not crash.committed:
            assert con.execute(
                "SELECT count(*) FROM rejected_files WHERE run_id = ?", [crash.run_id]
            ).fetchone() == (0,)
    finally:
        con.close()


def test_the_lake_holds_the_parquet_of_the_loading_run_only(crash):
    """After recovery the lake holds the Parquet of the run whose rows the warehouse holds,
    and nothing of a run killed before COMMIT (which may have written Parquet already);
    a run killed after COMMIT keeps its files."""
    if crash.point in WROTE_PARQUET or crash.committed:
        assert crash.lake_after_kill == {crash.run_id}  # what the kill left behind
    else:
        assert crash.lake_after_kill == set()
    assert lake_run_ids(crash.settings.lake) == {crash.loader}


# --------------------------------------------------------------------------- no orphan server


def children(pid: int, word: bytes) -> list[int]:
    """Live processes whose parent is `pid` and whose command line holds `word`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == pid and stat[0] != "Z" and word in cmdline:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_run_leaves_no_temporary_prefect_server(tmp_path):
    """Issue 18 case 8: an ad-hoc run (no PREFECT_API_URL) starts Prefect's temporary API
    as a child; killed with SIGKILL, the run takes that server with it instead of leaving
    an orphan of some 220 MB."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / ARTICLES[1], inputs / ARTICLES[1])
    marker = tmp_path / "run.paused"
    env = cli_env(pause_at="extract", pause_file=str(marker))
    env.pop("PREFECT_API_URL")
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # its own database, not ~/.prefect
    out, err = tmp_path / "run.out", tmp_path / "run.err"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *run_args(inputs, tmp_path / "w.duckdb")],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
    run = CliRun(proc, out, err, marker)
    servers: list[int] = []
    try:
        run.wait_paused("extract")
        servers = children(proc.pid, b"uvicorn")
        assert servers, "the run started no temporary Prefect server"
        run.kill()
        deadline = time.monotonic() + 20
        while any(alive(pid) for pid in servers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in servers), "the temporary server outlived the run"
    finally:
        run.kill()
        for pid in servers:  # only the server this test's run started, by its own pid
            if alive(pid):
                os.kill(pid, signal.SIGKILL)

"""Concurrent use of one warehouse: two `sitrep run` never write at once, a reader never
fails a run, and a reader during a load waits for it (issue 18 case 4).

One scenario, in subprocesses, shared by the checks below (each subprocess costs seconds):
run A starts with SITREP_PAUSE_AT='extract,load' and waits at 'extract' holding the writer
lock; run B (no --wait) and run C (--wait 120) start beside it, with a `sitrep query`;
then A moves on to wait inside its load transaction (holding DuckDB's write connection),
where `sitrep query` and `sitrep status` are asked again: they wait, and answer once A
has committed; a query with `--wait 1` gives up with a clear message. Then C gets the lock.

A second scenario has readers hold the warehouse open while runs want to load: run D
waits for the reader and completes; run E, allowed to wait 1 s only, fails with a clear
message and no traceback.

That `sitrep query` refuses INSERT, DELETE, COPY ... TO, ATTACH, read_csv('/etc/passwd')
and INSTALL with a clear error is checked in tests/flows/test_cli.py
(test_query_refuses_writes_and_outside_access); here we only add that a refused COPY or
ATTACH leaves no file behind and a refused read_csv prints nothing of the file.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from flows.cli import main
from tests.conftest import SEEDS
from tests.integration.test_crash import CliRun, query, run_args, start_cli

pytestmark = pytest.mark.usefixtures("prefect_server")

ARTICLE = "001_31fd84cbd806a696.txt"
COUNTS_SQL = (
    "SELECT (SELECT count(*) FROM documents) AS documents, "
    "(SELECT count(*) FROM events) AS events, "
    "(SELECT count(*) FROM source_files) AS source_files"
)


@dataclass
class Finished:
    """A subprocess that ran to its end."""

    code: int
    stdout: str
    stderr: str

    @classmethod
    def of(cls, run: CliRun, timeout: float = 180) -> Finished:
        code = run.wait(timeout)
        return cls(code, run.stdout, run.stderr)


@dataclass
class Scenario:
    warehouse: Path
    a: Finished | None = None
    b: Finished | None = None
    c: Finished | None = None
    c_waiting: list[bool] = field(default_factory=list)  # C still alive at each check
    query_at_extract: Finished | None = None
    query_at_load: Finished | None = None
    status_at_load: Finished | None = None
    readers_waiting: list[bool] = field(default_factory=list)  # query, status alive after 2 s
    impatient_query: Finished | None = None  # --wait 1 during the load


def sitrep_query(workdir: Path, name: str, warehouse: Path, sql: str = COUNTS_SQL) -> CliRun:
    return start_cli(
        workdir, name, ["query", sql, "--format", "json", "--warehouse", str(warehouse)]
    )


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    root = tmp_path_factory.mktemp("concurrency")
    inputs = root / "articles"
    inputs.mkdir()
    shutil.copy(SEEDS / ARTICLE, inputs / ARTICLE)
    warehouse = root / "sitrep.duckdb"
    seen = Scenario(warehouse)
    a = start_cli(root, "a", run_args(inputs, warehouse), pause_at="extract,load")
    others: list[CliRun] = []
    try:
        a.wait_paused("extract")
        b = start_cli(root, "b", run_args(inputs, warehouse))
        c = start_cli(root, "c", run_args(inputs, warehouse, "--wait", "120"))
        q1 = sitrep_query(root, "q1", warehouse)
        others = [b, c, q1]
        seen.b, seen.query_at_extract = Finished.of(b), Finished.of(q1)
        seen.c_waiting.append(c.proc.poll() is None)
        a.resume()
        a.wait_paused("load")
        q2 = sitrep_query(root, "q2", warehouse)
        status = start_cli(root, "status", ["status", "--warehouse", str(warehouse)])
        q3 = start_cli(
            root, "q3", ["query", COUNTS_SQL, "--wait", "1", "--warehouse", str(warehouse)]
        )
        others += [q2, status, q3]
        seen.impatient_query = Finished.of(q3)
        time.sleep(1.0)
        seen.readers_waiting = [q2.proc.poll() is None, status.proc.poll() is None]
        seen.c_waiting.append(c.proc.poll() is None)
        a.resume()
        seen.query_at_load, seen.status_at_load = Finished.of(q2), Finished.of(status)
        seen.a = Finished.of(a)
        seen.c = Finished.of(c)
    finally:
        for run in [a, *others]:
            run.kill()
    return seen


def no_traceback(result: Finished) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def test_a_second_run_without_wait_exits_with_a_clear_busy_message(scenario):
    """While A holds the writer lock, B exits 3 saying another run is writing."""
    assert scenario.b.code == 3, scenario.b.stderr[-3000:]
    assert "another sitrep run is writing" in last_line(scenario.b.stderr)
    assert last_line(scenario.b.stderr).startswith("sitrep: ")
    assert scenario.b.stdout.strip() == ""


def test_a_second_run_with_wait_waits_for_the_first_then_succeeds(scenario):
    """C (--wait 120) is still waiting while A pauses, and runs after A committed: it finds
    A's files already loaded; the runs table shows C starting after A ended."""
    assert scenario.c_waiting == [True, True]
    assert scenario.a.code == 0, scenario.a.stderr[-3000:]
    assert scenario.c.code == 0, scenario.c.stderr[-3000:]
    a, c = json.loads(scenario.a.stdout), json.loads(scenario.c.stdout)
    assert (a["status"], a["documents_loaded"]) == ("completed", 1)
    assert (c["status"], c["files_unchanged"]) == ("nothing-new", 1)
    (a_ended,) = query(
        scenario.warehouse, f"SELECT ended_at FROM runs WHERE run_id = '{a['run_id']}'"
    )[0]
    (c_started,) = query(
        scenario.warehouse, f"SELECT started_at FROM runs WHERE run_id = '{c['run_id']}'"
    )[0]
    assert c_started >= a_ended
    runs = dict(query(scenario.warehouse, "SELECT run_id, status FROM runs"))
    assert runs == {a["run_id"]: "completed", c["run_id"]: "nothing-new"}  # B left no row


def test_a_query_while_a_run_waits_at_extract_answers_the_committed_state(scenario):
    """At 'extract' the run holds no DuckDB connection: a query answers, and sees nothing
    of the run yet."""
    result = scenario.query_at_extract
    assert result.code == 0, result.stderr[-3000:]
    no_traceback(result)
    assert json.loads(result.stdout) == [{"documents": 0, "events": 0, "source_files": 0}]


@pytest.mark.parametrize("command", ["query", "status"])
def test_a_reader_during_the_load_transaction_waits_and_answers_after_the_commit(scenario, command):
    """Issue 18 case 4: inside A's open load transaction, `sitrep query`/`status` wait for
    the load (they are still running a second later) and then answer from the committed
    state, which holds all of A; never a traceback or a half-loaded answer."""
    result = scenario.query_at_load if command == "query" else scenario.status_at_load
    no_traceback(result)
    assert scenario.readers_waiting == [True, True]
    assert result.code == 0, result.stderr[-3000:]
    if command == "query":
        (counts,) = json.loads(result.stdout)
        assert counts["documents"] == 1 and counts["source_files"] == 1
    else:
        assert "completed" in result.stdout


def test_a_reader_whose_wait_runs_out_says_so_clearly(scenario):
    """`sitrep query --wait 1` during the load gives up after a second: exit 2, one line
    saying the warehouse is being written and what to do."""
    result = scenario.impatient_query
    no_traceback(result)
    assert result.code == 2, result.stderr
    message = result.stderr.strip()
    assert message.startswith("sitrep: ") and "being written by a run" in message
    assert "stayed busy for 1 s" in message and "try again" in message
    assert result.stdout.strip() == ""


def test_a_query_after_the_run_sees_all_of_it(scenario, capsys):
    """Once A committed, a query sees its document, events and files together."""
    assert (
        main(["query", COUNTS_SQL, "--format", "json", "--warehouse", str(scenario.warehouse)]) == 0
    )
    (counts,) = json.loads(capsys.readouterr().out)
    a = json.loads(scenario.a.stdout)
    assert counts == {"documents": 1, "events": a["events_loaded"], "source_files": 1}


def test_refused_statements_leave_no_file_behind_and_read_nothing(scenario, tmp_path, capsys):
    """COPY ... TO and ATTACH are refused and create no file; read_csv on a local file is
    refused and prints none of it (the messages are checked in tests/flows/test_cli.py)."""
    secret = tmp_path / "secret.csv"
    secret.write_text("name,password\nalice,hunter2\n")
    leak, other = tmp_path / "leak.csv", tmp_path / "other.duckdb"
    for sql in (
        f"COPY events TO '{leak}'",
        f"ATTACH '{other}' AS other",
        f"SELECT * FROM read_csv('{secret}')",
    ):
        assert main(["query", sql, "--warehouse", str(scenario.warehouse)]) == 2, sql
        captured = capsys.readouterr()
        assert captured.err.startswith("sitrep: query refused or failed:")
        assert "hunter2" not in captured.out + captured.err
    assert not leak.exists() and not other.exists()


# --------------------------------------------------------------------------- readers hold on


@dataclass
class HeldOpen:
    patient: Finished  # run D: waits for the reader, then loads
    impatient: Finished  # run E: SITREP_WAIT_FOR_READERS_SECONDS=1
    patient_waited: bool  # D still running while the reader held the file
    patient_warehouse: Path
    impatient_warehouse: Path


@pytest.fixture(scope="module")
def held_open(tmp_path_factory) -> HeldOpen:
    """Runs D and E pause after extraction; then a reader (a read-only DuckDB connection,
    as `sitrep query`, report, export or any other program holds) opens each warehouse,
    and the runs go on to load while it is open. D's reader lets go after 4 s."""
    import duckdb

    root = tmp_path_factory.mktemp("held_open")
    inputs = root / "articles"
    inputs.mkdir()
    shutil.copy(SEEDS / ARTICLE, inputs / ARTICLE)
    wd, we = root / "d" / "sitrep.duckdb", root / "e" / "sitrep.duckdb"
    d = start_cli(root, "d", run_args(inputs, wd), pause_at="extract")
    e = start_cli(root, "e", run_args(inputs, we), pause_at="extract", wait_for_readers_seconds="1")
    readers = []
    try:
        d.wait_paused("extract")
        e.wait_paused("extract")
        readers = [duckdb.connect(str(w), read_only=True) for w in (wd, we)]
        d.resume()
        e.resume()
        impatient = Finished.of(e)
        time.sleep(4.0)
        patient_waited = d.proc.poll() is None
        readers[0].close()
        patient = Finished.of(d)
    finally:
        for reader in readers:
            reader.close()
        for run in (d, e):
            run.kill()
    return HeldOpen(patient, impatient, patient_waited, wd, we)


def test_a_reader_holding_the_warehouse_never_fails_a_run(held_open):
    """Issue 18 case 4: a reader has the file open when the run wants to load: the run
    waits for it (bounded), then loads; its work is not thrown away and its row says
    'completed', not 'crashed'."""
    assert held_open.patient_waited
    result = held_open.patient
    assert result.code == 0, result.stderr[-3000:]
    no_traceback(result)
    summary = json.loads(result.stdout)
    assert (summary["status"], summary["documents_loaded"]) == ("completed", 1)
    runs = dict(query(held_open.patient_warehouse, "SELECT run_id, status FROM runs"))
    assert runs == {summary["run_id"]: "completed"}


def test_a_run_whose_wait_for_readers_runs_out_says_so_clearly(held_open):
    """With SITREP_WAIT_FOR_READERS_SECONDS=1 and a reader that never lets go, the run
    fails after a second with one line naming the cause (Prefect's own report of the
    failed flow run, with its traceback, stays off the terminal), and loads nothing."""
    result = held_open.impatient
    assert result.code == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    message = last_line(result.stderr)
    assert message.startswith("sitrep: run failed, the warehouse is unchanged")
    assert "held open by another process" in message and "within 1 s" in message
    counts = query(held_open.impatient_warehouse, COUNTS_SQL)
    assert counts == [(0, 0, 0)]


def test_a_run_that_loses_the_lock_race_prints_one_line_not_a_traceback(tmp_path):
    """Issue 18 case 8: a run that finds the writer lock taken after the CLI's own check
    (here: --wait 0.5 runs out while the test holds the lock, the same path) is a skipped
    flow run: one line, exit 3, no Prefect traceback."""
    from flows import warehouse as wh

    inputs = tmp_path / "articles"
    inputs.mkdir()
    shutil.copy(SEEDS / ARTICLE, inputs / ARTICLE)
    warehouse = tmp_path / "sitrep.duckdb"
    with wh.writer_lock(warehouse):
        run = start_cli(tmp_path, "late", run_args(inputs, warehouse, "--wait", "0.5"))
        result = Finished.of(run)
    no_traceback(result)
    assert result.code == 3, result.stderr[-3000:]
    assert last_line(result.stderr).startswith("sitrep: another sitrep run is writing")
    assert result.stdout.strip() == ""

"""Every mistake is one line on stderr and a non-zero exit code, never a traceback.

A table of the mistakes users make (the ones of issue 19 first), each run through
`flows.cli.main` with the process's stderr captured at the file-descriptor level (so a
traceback printed by any library would be seen too): the exit code, one line starting
`sitrep: `, and the words that say what is wrong. A few run as the real program in a
subprocess as well.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from flows.cli import main
from tests.conftest import ROOT, SEEDS
from tests.flows.test_views import make_sample_warehouse


@dataclass(frozen=True)
class Mistake:
    argv: tuple[str, ...]  # {w}: a good warehouse; {tmp}: a scratch folder
    code: int
    says: str


MISTAKES = {
    # issue 19
    "empty query": Mistake(("query", "", "--warehouse", "{w}"), 2, "the query is empty"),
    "comment only": Mistake(("query", "-- x", "--warehouse", "{w}"), 2, "the query is empty"),
    "semicolon only": Mistake(("query", ";", "--warehouse", "{w}"), 2, "the query is empty"),
    "negative --runs": Mistake(
        ("status", "--runs", "-1", "--warehouse", "{w}"), 2, "--runs must be 0 or more"
    ),
    "--out names a folder": Mistake(
        ("export", "--out", "{tmp}/reports/", "--warehouse", "{w}"), 2, "is a folder"
    ),
    "--out is an existing folder": Mistake(
        ("export", "--out", "{tmp}", "--warehouse", "{w}"), 2, "is a folder: give a file name"
    ),
    "warehouse is a folder": Mistake(
        ("query", "select 1", "--warehouse", "{tmp}"), 2, "is a folder, not a DuckDB file"
    ),
    "warehouse is not DuckDB": Mistake(
        ("status", "--warehouse", "{tmp}/notes.txt"), 2, "is not a DuckDB database"
    ),
    "run --input FILE": Mistake(
        ("run", "--input", "{tmp}/notes.txt", "--warehouse", "{tmp}/w.duckdb"),
        2,
        "is a file, not a folder",
    ),
    "unwritable warehouse folder": Mistake(
        ("run", "--input", str(SEEDS), "--warehouse", "{tmp}/notes.txt/w.duckdb"),
        2,
        "cannot write to the warehouse folder",
    ),
    "export into an unwritable folder": Mistake(
        ("export", "--out", "{tmp}/notes.txt/events.csv", "--warehouse", "{w}"),
        2,
        "cannot write",
    ),
    "multi-statement query": Mistake(
        ("query", "select 1; select 2", "--warehouse", "{w}"), 2, "holds 2 statements"
    ),
    "empty input folder": Mistake(
        ("run", "--input", "{tmp}/empty", "--warehouse", "{tmp}/w.duckdb"), 2, "is empty"
    ),
    # more of the same kind
    "no SQL at all": Mistake(("query", "--warehouse", "{w}"), 2, "no SQL given"),
    "SQL twice": Mistake(
        ("query", "select 1", "--file", "{tmp}/q.sql", "--warehouse", "{w}"), 2, "not both"
    ),
    "missing SQL file": Mistake(
        ("query", "--file", "{tmp}/none.sql", "--warehouse", "{w}"), 2, "cannot read the SQL file"
    ),
    "syntax error": Mistake(("query", "selec 1", "--warehouse", "{w}"), 2, "syntax error"),
    "unknown table": Mistake(
        ("query", "select * from nowhere", "--warehouse", "{w}"), 2, "nowhere does not exist"
    ),
    "missing warehouse": Mistake(
        ("tables", "--warehouse", "{tmp}/none.duckdb"), 2, "run `sitrep run` first"
    ),
    "missing input folder": Mistake(
        ("run", "--input", "{tmp}/nowhere", "--warehouse", "{tmp}/w.duckdb"),
        2,
        "input folder not found",
    ),
    "run into a folder": Mistake(
        ("run", "--input", str(SEEDS), "--warehouse", "{tmp}"), 2, "is a folder"
    ),
    "run into a non-DuckDB file": Mistake(
        ("run", "--input", str(SEEDS), "--warehouse", "{tmp}/notes.txt"), 2, "not a DuckDB"
    ),
    "provenance without --acled": Mistake(
        ("export", "--with-provenance", "--warehouse", "{w}"), 2, "give both"
    ),
    "missing gold file": Mistake(
        ("eval", "{tmp}/gold.jsonl", "--warehouse", "{w}"), 2, "gold file not found"
    ),
    "validate a folder": Mistake(("validate", "--warehouse", "{tmp}"), 2, "is a folder"),
    "bad cron": Mistake(("serve", "--cron", "every day"), 2, "not a cron schedule"),
    "bench of no articles": Mistake(("bench", "--docs", "0"), 2, "at least 1"),
    "zero batch size": Mistake(
        ("run", "--batch-size", "0", "--warehouse", "{tmp}/w.duckdb"), 2, "bad value for batch_size"
    ),
    "unknown runner": Mistake(
        ("run", "--runner", "cluster", "--warehouse", "{tmp}/w.duckdb"), 2, "unknown runner"
    ),
    "negative limit": Mistake(
        ("query", "select 1", "--limit", "-1", "--warehouse", "{w}"), 2, "--limit must be"
    ),
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mistakes") / "w.duckdb"
    make_sample_warehouse(path).close()
    return path


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text("not a warehouse\n")
    (tmp_path / "q.sql").write_text("select 1")
    (tmp_path / "empty").mkdir()
    return tmp_path


def filled(argv: tuple[str, ...], warehouse: Path, scratch: Path) -> list[str]:
    return [a.replace("{w}", str(warehouse)).replace("{tmp}", str(scratch)) for a in argv]


def assert_one_line(err: str, says: str) -> None:
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert err.startswith("sitrep: "), err
    assert says in err, err


@pytest.mark.parametrize("name", list(MISTAKES))
def test_a_mistake_is_one_line_and_an_exit_code(name, warehouse, scratch, capfd):
    mistake = MISTAKES[name]
    code = main(filled(mistake.argv, warehouse, scratch))
    out, err = capfd.readouterr()
    assert code == mistake.code
    assert_one_line(err, mistake.says)
    assert out == ""


def test_a_bad_environment_variable_is_one_line(warehouse, capfd, monkeypatch):
    monkeypatch.setenv("SITREP_QUERY_TIMEOUT_SECONDS", "soon")
    assert main(["query", "select 1", "--warehouse", str(warehouse)]) == 2
    assert_one_line(capfd.readouterr().err, "SITREP_QUERY_TIMEOUT_SECONDS")


def test_a_busy_warehouse_is_exit_3(warehouse, tmp_path, capfd):
    """Another run holds the writer lock: one line, exit 3, before any work starts."""
    from flows.settings import Settings

    lock = Settings(warehouse=tmp_path / "w.duckdb").lock_file
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code = main(["run", "--input", str(SEEDS), "--warehouse", str(tmp_path / "w.duckdb")])
    out, err = capfd.readouterr()
    assert code == 3
    assert_one_line(err, "another sitrep run is writing")


@pytest.mark.slow
def test_losing_the_lock_race_is_one_line_too(prefect_server, tmp_path, capfd, monkeypatch):
    """The check finds the warehouse free, then another run takes the lock before ours:
    the flow skips (today: a Prefect traceback) and the CLI says so in one line, exit 3."""
    from flows import warehouse as wh
    from flows.settings import Settings

    target = tmp_path / "w.duckdb"
    lock = Settings(warehouse=target).lock_file
    lock.parent.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(wh, "writer_busy", lambda *a, **k: False)  # the check came first
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code = main(["run", "--input", str(SEEDS), "--warehouse", str(target)])
    out, err = capfd.readouterr()
    assert code == 3
    assert_one_line(err, "another sitrep run is writing")


@pytest.mark.slow
def test_a_reader_that_never_lets_go_is_one_line(prefect_server, tmp_path, capfd, monkeypatch):
    """The run's load finds the warehouse held open by a reader past its wait: Prefect's
    report of the failed flow run (a traceback, before issue 19) stays off the terminal."""
    import shutil

    shutil.copytree(SEEDS, tmp_path / "articles")
    target = tmp_path / "w.duckdb"
    make_sample_warehouse(target).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        monkeypatch.setenv("SITREP_WAIT_FOR_READERS_SECONDS", "1")
        code = main(["run", "--input", str(tmp_path / "articles"), "--warehouse", str(target)])
    finally:
        holder.kill()
        holder.wait()
    out, err = capfd.readouterr()
    assert code == 1
    assert_one_line(err, "held open by another process")


HOLD_OPEN = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
time.sleep(600)
"""


@pytest.mark.parametrize("name", ["empty query", "warehouse is a folder", "run --input FILE"])
def test_the_program_itself_prints_one_line(name, warehouse, scratch):
    """The same through `python -m flows.cli`, as a user's shell runs it."""
    mistake = MISTAKES[name]
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", *filled(mistake.argv, warehouse, scratch)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ | {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"},
        timeout=120,
    )
    assert done.returncode == mistake.code
    assert_one_line(done.stderr, mistake.says)


def test_an_unknown_flag_after_a_command_prints_that_commands_usage(warehouse, capfd):
    with pytest.raises(SystemExit) as done:
        main(["query", "select 1", "--bogus", "--warehouse", str(warehouse)])
    assert done.value.code == 2
    err = capfd.readouterr().err
    assert err.startswith("usage: sitrep query")
    assert err.strip().endswith("sitrep query: error: unrecognized arguments: --bogus")
    assert "Traceback" not in err


def test_an_unexpected_error_is_one_line_unless_a_traceback_is_asked_for(
    warehouse, capfd, monkeypatch
):
    import flows.catalog

    def broken(*args, **kwargs):
        raise RuntimeError("a bug\nwith a second line")

    monkeypatch.setattr(flows.catalog, "relations", broken)
    assert main(["tables", "--warehouse", str(warehouse)]) == 1
    assert_one_line(capfd.readouterr().err, "unexpected error: RuntimeError: a bug")
    with pytest.raises(RuntimeError):
        main(["--traceback", "tables", "--warehouse", str(warehouse)])

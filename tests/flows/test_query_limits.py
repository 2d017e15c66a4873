"""`sitrep query` is a box: every escape is refused and every resource bomb is stopped.

Issue 18 cases 6 and 7. ESCAPES are statements that try to write, to reach a file (the
warehouse's own temp folder included), the network or an extension, or to undo a limit:
each is refused with one line, or answers harmlessly. BOMBS try to exhaust time or
memory: each is stopped by the timeout or the memory limit within seconds, with a clear
message, the process's peak memory bounded. The bombs run as `sitrep` processes (as a
user runs them) with small limits (SITREP_QUERY_MEMORY_LIMIT=100MB, --timeout 2), all
at once, so the whole file takes seconds. The warehouse is made with the migrations
alone (no pipeline run): these tests are about the box, not the data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from flows import warehouse as wh
from flows.cli import main
from flows.settings import Settings
from tests.conftest import ROOT

REFUSED, ANSWERS = "refused", "answers"
TIMEOUT_SECONDS = 2.0
MEMORY_LIMIT = "100MB"
PEAK_RSS_LIMIT_MB = 900  # 100 MB for DuckDB plus Python, its modules and the rows in flight


@pytest.fixture(scope="module")
def box(tmp_path_factory) -> dict[str, Path]:
    """A warehouse with the schema and one run row, its temp folder (as a spill or a crash
    leaves it), a lake file and an outside secret."""
    root = tmp_path_factory.mktemp("query_box")
    warehouse = root / "sitrep.duckdb"
    defaults = Settings()
    con = wh.connect_writer(warehouse, defaults.schema_dir, defaults.views_dir)
    con.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('r1', now(), 'completed')")
    con.execute("COPY (SELECT 1 AS a) TO '" + str(root / "lake.parquet") + "' (FORMAT parquet)")
    con.close()
    temp = root / "sitrep.duckdb.tmp"
    temp.mkdir()
    (root / "secret.csv").write_text("name,password\nalice,hunter2\n")
    return {"warehouse": warehouse, "root": root, "temp": temp}


def escapes(box: dict[str, Path]) -> list[tuple[str, str]]:
    """(SQL, outcome) for every escape: the paths are those of the box."""
    root, temp, w = box["root"], box["temp"], box["warehouse"]
    secret, lake = root / "secret.csv", root / "lake.parquet"
    return [
        # writes to the warehouse
        ("INSERT INTO runs (run_id, started_at, status) VALUES ('x', now(), 'x')", REFUSED),
        ("UPDATE runs SET status = 'crashed'", REFUSED),
        ("DELETE FROM events", REFUSED),
        ("TRUNCATE events", REFUSED),
        ("CREATE TABLE stolen AS SELECT * FROM documents", REFUSED),
        ("DROP TABLE events", REFUSED),
        ("ALTER TABLE events ADD COLUMN x INTEGER", REFUSED),
        ("CREATE OR REPLACE VIEW events_enriched AS SELECT 1 AS x", REFUSED),
        ("CREATE SEQUENCE s", REFUSED),
        ("CREATE SCHEMA s", REFUSED),
        ("CREATE INDEX i ON events (doc_id)", REFUSED),
        ("COMMENT ON TABLE events IS 'x'", REFUSED),
        ("CHECKPOINT", ANSWERS),  # a no-op on a read-only connection: the file is unchanged
        ("VACUUM", ANSWERS),
        ("INSERT INTO source_files SELECT * FROM source_files", REFUSED),
        # files: writing
        (f"COPY events TO '{root / 'leak.csv'}'", REFUSED),
        (f"COPY events TO '{temp / 'leak.csv'}'", REFUSED),  # the temp folder (case 7)
        (f"COPY (SELECT 1) TO '{temp / 'leak.parquet'}' (FORMAT parquet)", REFUSED),
        (f"ATTACH '{temp / 'other.duckdb'}' AS other (READ_WRITE)", REFUSED),  # case 7
        (f"ATTACH '{root / 'other.duckdb'}' AS other", REFUSED),
        (f"ATTACH '{w}' AS again (READ_ONLY)", ANSWERS),  # the same file, read-only again
        ("ATTACH ':memory:' AS m", REFUSED),
        (f"EXPORT DATABASE '{root / 'export'}'", REFUSED),
        (f"IMPORT DATABASE '{root}'", REFUSED),
        ("COPY (SELECT 1) TO '/dev/stdout'", REFUSED),
        # files: reading
        (f"COPY runs FROM '{secret}'", REFUSED),
        (f"SELECT * FROM read_csv('{secret}')", REFUSED),
        (f"SELECT * FROM read_csv_auto('{secret}')", REFUSED),
        (f"SELECT * FROM read_csv(['{secret}'])", REFUSED),
        (f"SELECT * FROM read_text('{secret}')", REFUSED),
        (f"SELECT * FROM read_blob('{secret}')", REFUSED),
        (f"SELECT * FROM read_json('{secret}')", REFUSED),
        (f"SELECT * FROM read_ndjson_objects('{secret}')", REFUSED),
        (f"SELECT * FROM read_parquet('{lake}')", REFUSED),
        (f"SELECT * FROM parquet_metadata('{lake}')", REFUSED),
        (f"SELECT * FROM sniff_csv('{secret}')", REFUSED),
        (f"SELECT * FROM '{secret}'", REFUSED),
        (f"SELECT * FROM glob('{root}/*')", REFUSED),
        ("SELECT * FROM read_csv('/etc/passwd')", REFUSED),
        (f"SELECT * FROM read_blob('{w}')", ANSWERS),  # the warehouse itself, readable anyway
        # the network and extensions
        ("SELECT * FROM read_csv('https://example.com/x.csv')", REFUSED),
        ("INSTALL httpfs", REFUSED),
        ("FORCE INSTALL httpfs", REFUSED),
        ("LOAD httpfs", REFUSED),
        ("CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')", REFUSED),
        ("SELECT * FROM duckdb_secrets()", REFUSED),
        # undoing a limit
        ("SET enable_external_access = true", REFUSED),
        ("SET memory_limit = '20GB'", REFUSED),
        ("PRAGMA memory_limit = '20GB'", REFUSED),
        ("RESET memory_limit", REFUSED),
        (f"SET temp_directory = '{temp}'", REFUSED),
        ("SET max_temp_directory_size = '100GB'", REFUSED),
        ("SET threads = 64", REFUSED),
        ("SET lock_configuration = false", REFUSED),
        ("SET allowed_directories = ['/']", REFUSED),
        ("DETACH sitrep", REFUSED),
        ("SELECT getenv('HOME')", REFUSED),
        # harmless reads: they answer
        ("SELECT count(*) FROM runs", ANSWERS),
        ("SELECT current_setting('memory_limit'), current_setting('temp_directory')", ANSWERS),
        ("CALL pragma_database_size()", ANSWERS),
        ("CREATE TEMP TABLE scratch AS SELECT 1 AS x", ANSWERS),  # in memory, within limits
        ("SELECT * FROM range(1e10::BIGINT)", ANSWERS),  # table format: the first 1,000 rows
    ]


ESCAPE_COUNT = 62


def test_the_escape_table_holds_enough_cases(box):
    assert len(escapes(box)) == ESCAPE_COUNT
    assert ESCAPE_COUNT + len(BOMBS) >= 60


@pytest.mark.parametrize("index", range(ESCAPE_COUNT))
def test_every_escape_is_refused_or_harmless(box, capsys, index):
    """Each statement of the table is refused with one 'sitrep: query refused' line (and
    leaves no file behind), or answers without touching anything outside."""
    cases = escapes(box)
    sql, outcome = cases[index]
    before = sorted(p.name for p in box["root"].rglob("*"))
    warehouse_bytes = box["warehouse"].read_bytes()
    code = main(["query", sql, "--warehouse", str(box["warehouse"])])
    captured = capsys.readouterr()
    if outcome == REFUSED:
        assert code == 2, (sql, captured.out[-500:])
        assert captured.err.startswith("sitrep: query refused or failed:"), captured.err
        assert len(captured.err.strip().splitlines()) == 1
    else:
        assert code == 0, (sql, captured.err)
    assert "hunter2" not in captured.out + captured.err
    after = sorted(p.name for p in box["root"].rglob("*"))
    assert after == before, sql
    assert box["warehouse"].read_bytes() == warehouse_bytes, sql


def test_the_query_limits_are_set_and_locked(box, capsys):
    """The memory limit is the setting (2 GB by default) and there is no temp folder."""
    sql = "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t"
    assert main(["query", sql, "--format", "json", "--warehouse", str(box["warehouse"])]) == 0
    import json

    (row,) = json.loads(capsys.readouterr().out)
    assert row["t"] == "" and row["m"].startswith(("1.8 GiB", "1.9 GiB"))


def test_the_default_timeout_is_a_minute():
    assert Settings().query_timeout_seconds == 60
    assert Settings().query_memory_limit == "2GB"


# --------------------------------------------------------------------------- resource bombs

# (SQL, --format): each would run for minutes or take gigabytes without the limits.
BOMBS = [
    ("SELECT count(*) FROM range(1e13::BIGINT)", "table"),
    ("SELECT count(*) FROM range(1000000) a, range(1000000) b", "table"),
    (
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
        "table",
    ),
    ("SELECT * FROM range(1e10::BIGINT)", "csv"),
    ("SELECT * FROM range(1e10::BIGINT)", "json"),
    ("SELECT * FROM generate_series(1, 1e12::BIGINT) ORDER BY random()", "table"),
    ("SELECT unnest(range(1000000000::BIGINT)) LIMIT 3", "table"),
    ("SELECT range(1000000000::BIGINT) AS big_list", "json"),
    ("SELECT list(range) FROM range(100000000)", "table"),
    ("SELECT length(repeat('x', 2000000000))", "table"),
    ("SELECT repeat('ab', 1000000000) AS s", "csv"),
    ("SELECT length(string_agg('abc', ',')) FROM range(100000000)", "table"),
    ("SELECT histogram(i) FROM range(100000000) t(i)", "table"),
    (
        "SELECT count(*) FROM range(3000000) a JOIN range(3000000) b ON a.range % 2 = b.range % 2",
        "table",
    ),
]


@dataclass
class Stopped:
    code: int
    stderr: str
    seconds: float
    peak_rss_mb: float


# Runs a command and writes its peak memory (KiB) to a file. The bomb must be the child
# of a small process: on Linux a child forked from this test process (pytest with spaCy
# loaded) reports pytest's own peak as its maxrss, whatever it does after exec.
MEASURE = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


@pytest.fixture(scope="module")
def bombs(box, tmp_path_factory) -> list[Stopped]:
    """Every bomb as its own `sitrep query` process, all started at once."""
    logs = tmp_path_factory.mktemp("bomb_logs")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    env |= {"SITREP_QUERY_MEMORY_LIMIT": MEMORY_LIMIT, "PYTHONUNBUFFERED": "1"}
    started = []
    for i, (sql, fmt) in enumerate(BOMBS):
        argv = ["query", sql, "--format", fmt, "--timeout", str(TIMEOUT_SECONDS)]
        argv += ["--warehouse", str(box["warehouse"])]
        err = open(logs / f"{i}.err", "wb")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(
            [sys.executable, "-c", MEASURE, str(logs / f"{i}.rss"), sys.executable, "-m"]
            + ["flows.cli", *argv],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        started.append((proc, err, time.monotonic()))
    results = []
    for proc, err, t0 in started:
        reap(proc, timeout=120)
        err.close()
        rss = Path(err.name).with_suffix(".rss")
        results.append(
            Stopped(
                proc.returncode,
                Path(err.name).read_text(errors="replace"),
                time.monotonic() - t0,
                int(rss.read_text()) / 1024 if rss.exists() else float("inf"),
            )
        )
    return results


def reap(proc: subprocess.Popen, timeout: float) -> None:
    """Wait for the process, killing it (by its own pid) after `timeout`."""
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


@pytest.mark.parametrize("index", range(len(BOMBS)), ids=[f"bomb{i}" for i in range(len(BOMBS))])
def test_every_resource_bomb_is_stopped_within_seconds(bombs, index):
    """Each bomb ends with exit 2 and one clear line: stopped at the time limit, or out of
    memory at the memory limit; never a traceback, never minutes, never gigabytes."""
    result = bombs[index]
    err = result.stderr.strip()
    assert result.code == 2, (BOMBS[index], err[-2000:])
    assert "Traceback" not in err
    assert err.startswith("sitrep: query "), err
    assert "stopped after 2 s, the time limit" in err or "Out of Memory" in err, err
    assert result.seconds < 60, result.seconds
    assert result.peak_rss_mb < PEAK_RSS_LIMIT_MB, result.peak_rss_mb

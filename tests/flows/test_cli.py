"""The CLI front door: each command's output and errors, in process."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from flows.cli import main
from flows.pipeline import run_pipeline
from flows.progress import stage_progress
from flows.settings import Settings
from tests.conftest import GOLD, SEEDS


class ProgressRecorder:
    """A stand-in for the progress bar: what the pipeline reported, in order."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def stage(self, name: str, total: int | None) -> None:
        self.events.append(("stage", name, total))

    def advance(self, n: int = 1) -> None:
        self.events.append(("advance", n))

    def reach(self, done: int) -> None:
        self.events.append(("reach", done))


PROGRESS = ProgressRecorder()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The five seed articles run into a warehouse, with the progress the run reported."""
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(SEEDS, root / "articles")
    settings = Settings(input_dir=root / "articles", warehouse=root / "sitrep.duckdb")
    token = stage_progress.set(PROGRESS)
    try:
        run_pipeline(settings, logging.getLogger("test"))
    finally:
        stage_progress.reset(token)
    return settings.warehouse


def test_help_explains_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "query", "status", "validate", "eval"):
        assert command in out


def test_query_prints_a_table_csv_and_json(warehouse, capsys):
    assert (
        main(["query", "select count(*) as n from documents", "--warehouse", str(warehouse)]) == 0
    )
    assert "5" in capsys.readouterr().out
    assert (
        main(
            [
                "query",
                "select count(*) as n from documents",
                "--format",
                "csv",
                "--warehouse",
                str(warehouse),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == ["n", "5"]
    assert (
        main(
            [
                "query",
                "select file_name from documents order by 1 limit 2",
                "--format",
                "json",
                "--warehouse",
                str(warehouse),
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"file_name": "000_4c7c56f7f3f1e0b3.txt"},
        {"file_name": "001_31fd84cbd806a696.txt"},
    ]


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO runs (run_id, started_at, status) VALUES ('x', now(), 'x')",
        "DELETE FROM events",
        "COPY events TO '/tmp/sitrep_cli_leak.csv'",
        "ATTACH '/tmp/sitrep_other.duckdb' AS other",
        "SELECT * FROM read_csv('/etc/passwd')",
        "INSTALL httpfs",
    ],
)
def test_query_refuses_writes_and_outside_access(warehouse, capsys, sql):
    assert main(["query", sql, "--warehouse", str(warehouse)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sitrep: query refused or failed:")


def test_query_on_a_missing_warehouse_says_what_to_do(tmp_path, capsys):
    assert main(["query", "select 1", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "run `sitrep run` first" in capsys.readouterr().err


def test_status_shows_tables_and_runs(warehouse, capsys):
    assert main(["status", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "documents" in out and "events" in out and "completed" in out


def test_eval_scores_the_warehouse_against_gold(warehouse, capsys):
    assert main(["eval", str(GOLD), "--warehouse", str(warehouse), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["f1"] >= 0.5 and result["precision"] >= 0.5  # the classifier on dev: ~0.6
    assert set(result["slot_accuracy"]) >= {"sub_event_type", "actor1", "actor2", "fatalities"}
    detection = result["detection"]
    assert 0.4 <= detection["f1"] <= 1.0
    assert set(detection["slot_accuracy"]) >= {"place", "date", "sub_event_type"}


def test_eval_records_a_measurement_in_the_history(warehouse, capsys, tmp_path):
    history = tmp_path / "history.csv"
    argv = ["eval", str(GOLD), "--warehouse", str(warehouse), "--record", str(history)]
    assert main([*argv, "--detector", "rules"]) == 0
    assert main(argv) == 0
    rows = list(csv.DictReader(history.open()))
    assert [r["detector"] for r in rows] == ["rules", "classifier"]
    assert rows[0]["set"] == "dev" and rows[0]["status"] == "tuned"
    assert float(rows[0]["f1"]) == float(rows[1]["f1"]) > 0 and rows[0]["commit"]


def test_eval_names_a_missing_gold_file(warehouse, capsys, tmp_path):
    assert main(["eval", str(tmp_path / "nope.jsonl"), "--warehouse", str(warehouse)]) == 2
    assert "gold file not found" in capsys.readouterr().err


def test_run_through_prefect_prints_the_summary(prefect_server, tmp_path, capsys):
    shutil.copytree(SEEDS, tmp_path / "articles")
    args = ["run", "--input", str(tmp_path / "articles"), "--warehouse", str(tmp_path / "w.duckdb")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "5 seen, 5 new" in out and "loaded: 5 documents" in out
    assert main([*args, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["status"] == "nothing-new" and summary["files_unchanged"] == 5


def test_run_on_a_missing_folder_fails_clearly(tmp_path, capsys):
    assert (
        main(
            ["run", "--input", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "w.duckdb")]
        )
        == 2
    )
    assert "input folder not found" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["read-only-filesystem", "under-a-file"])
def test_an_unwritable_warehouse_folder_is_one_clear_line(tmp_path, capsys, where):
    """Issue 18 case 8: a warehouse folder sitrep cannot write (here /sys, which even root
    cannot write, or a path under a regular file) is exit 2 and one line, no traceback."""
    if where == "read-only-filesystem":
        warehouse = Path("/sys/sitrep-test/sitrep.duckdb")
        if os.access("/sys", os.W_OK) and not Path("/sys/fs").exists():
            pytest.skip("/sys is not a read-only kernel file system here")
    else:
        (tmp_path / "a_file").write_text("x")
        warehouse = tmp_path / "a_file" / "sitrep.duckdb"
    code = main(["run", "--input", str(SEEDS), "--warehouse", str(warehouse)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("sitrep: cannot write to the warehouse folder") and err.count("\n") == 1


# --------------------------------------------------------------------------- issue 19


def test_version_names_the_installed_sitrep(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"sitrep {version('sitrep')}"


def test_bare_sitrep_prints_the_help(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: sitrep")
    for command in ("run", "query", "status", "tables", "export", "serve", "bench"):
        assert f"    {command}" in out


def test_query_reads_its_sql_from_stdin_or_a_file(warehouse, capsys, monkeypatch, tmp_path):
    sql = "select count(*) as n from documents"
    monkeypatch.setattr("sys.stdin", io.StringIO(sql + ";\n"))
    assert main(["query", "-", "--format", "csv", "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "5"]
    (tmp_path / "q.sql").write_text("-- how many articles\n" + sql + "\n")
    args = ["query", "--file", str(tmp_path / "q.sql"), "--format", "csv"]
    assert main([*args, "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "5"]


def test_query_writes_ndjson_and_markdown(warehouse, capsys):
    sql = "select file_name, outlet from documents order by 1 limit 2"
    assert main(["query", sql, "--format", "ndjson", "--warehouse", str(warehouse)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"file_name": "000_4c7c56f7f3f1e0b3.txt", "outlet": None},
        {"file_name": "001_31fd84cbd806a696.txt", "outlet": "Asharq Al-Awsat"},
    ]
    assert main(["query", sql, "--format", "markdown", "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "| file_name | outlet |",
        "|---|---|",
        "| 000_4c7c56f7f3f1e0b3.txt |  |",
        "| 001_31fd84cbd806a696.txt | Asharq Al-Awsat |",
    ]


def test_status_json_is_one_object_with_tables_and_runs(warehouse, capsys):
    assert main(["status", "--json", "--runs", "1", "--warehouse", str(warehouse)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["warehouse"] == str(warehouse)
    assert status["tables"]["documents"] == 5 and status["tables"]["events"] > 0
    assert len(status["runs"]) == 1 and status["runs"][0]["status"] == "completed"
    assert status["runs"][0]["documents_loaded"] == 5


def test_tables_lists_tables_and_views_with_rows_and_columns(warehouse, capsys):
    assert main(["tables", "--format", "json", "--warehouse", str(warehouse)]) == 0
    listed = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed["documents"]["kind"] == "table" and listed["documents"]["rows"] == 5
    assert listed["events"]["columns"].startswith("event_id, doc_id, event_date")
    assert listed["events_enriched"]["kind"] == "view"
    assert listed["events_enriched"]["rows"] == listed["events"]["rows"]
    assert {"control_changes", "daily_counts", "runs"} <= set(listed)


def test_the_progress_covers_every_stage_article_by_article(warehouse):
    """The run of the fixture (five articles in one batch of 64) reported every stage in
    order, and advanced clean and extract once per article, not once per batch."""
    stages = [e[1] for e in PROGRESS.events if e[0] == "stage"]
    assert stages == ["discover", "clean", "extract", "validate", "load"]

    def advances_in(stage: str) -> int:
        start = PROGRESS.events.index(next(e for e in PROGRESS.events if e[1:2] == (stage,)))
        following = PROGRESS.events[start + 1 :]
        end = next((i for i, e in enumerate(following) if e[0] == "stage"), len(following))
        return sum(e[1] for e in following[:end] if e[0] == "advance")

    assert ("stage", "clean", 5) in PROGRESS.events
    assert ("stage", "extract", 5) in PROGRESS.events
    assert advances_in("clean") == 5 and advances_in("extract") == 5


@pytest.mark.parametrize(
    ("terminal", "flags", "shown"),
    [(False, [], False), (True, [], True), (True, ["--json"], False)],
)
def test_the_progress_bar_is_drawn_only_on_a_terminal(
    tmp_path, monkeypatch, capsys, terminal, flags, shown
):
    import flows.cli_commands as commands

    asked: list[bool] = []

    def fake_run(settings, show_progress: bool) -> dict:
        asked.append(show_progress)
        return {"status": "nothing-new", "run_id": "r", "seconds": 0.0, "files_seen": 0,
                "files_new": 0, "files_changed": 0, "files_unchanged": 0, "files_rejected": 0,
                "documents_loaded": 0, "events_loaded": 0}  # fmt: skip

    monkeypatch.setattr(commands, "run_flow", fake_run)
    monkeypatch.setattr("sys.stderr.isatty", lambda: terminal, raising=False)
    args = ["run", "--input", str(SEEDS), "--warehouse", str(tmp_path / "w.duckdb"), *flags]
    assert main(args) == 0
    assert asked == [shown]


def test_the_stage_bar_draws_nothing_when_off(capfd):
    from flows.progress import StageBar

    with StageBar(enabled=False) as bar:
        bar.stage("clean", 3)
        bar.advance()
        bar.reach(3)
    assert capfd.readouterr() == ("", "")

"""The CLI front door: each command's output and errors, in process."""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from flows.cli import main
from flows.pipeline import run_pipeline
from flows.settings import Settings
from tests.conftest import GOLD, SEEDS


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(SEEDS, root / "articles")
    settings = Settings(input_dir=root / "articles", warehouse=root / "sitrep.duckdb")
    run_pipeline(settings, logging.getLogger("test"))
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

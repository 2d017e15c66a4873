"""`sitrep validate`: every suite on the warehouse as it stands; exit 0, 1 (warnings), 2 (errors)."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import duckdb
import pytest

from flows import cli
from flows.pipeline import run_pipeline
from flows.settings import Settings

SNIPPETS = [
    ("s1", "Police fired tear gas at traders protesting against market fees in Nairobi."),
    ("s2", "Security forces arrested fourteen opposition activists in Harare."),
    ("s3", "Gunmen abducted eleven farmers from their fields near Kano, relatives said."),
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """A warehouse that one run filled (three snippets), shared read-only by the tests."""
    root = tmp_path_factory.mktemp("validate")
    inbox = root / "in"
    inbox.mkdir()
    (inbox / "feed.jsonl").write_text(
        "\n".join(json.dumps({"id": k, "text": t}) for k, t in SNIPPETS) + "\n", encoding="utf-8"
    )
    settings = Settings(input_dir=inbox, warehouse=root / "base" / "w.duckdb")
    assert run_pipeline(settings, logging.getLogger("sitrep.test")).status == "completed"
    return settings.warehouse


@pytest.fixture
def warehouse(loaded: Path, tmp_path: Path) -> Path:
    """A private copy of the loaded warehouse file (its outputs folder starts empty)."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(loaded, copy)
    return copy


def sql(warehouse: Path, statement: str, *params: object) -> list[tuple]:
    con = duckdb.connect(str(warehouse))
    try:
        return con.execute(statement, list(params)).fetchall()
    finally:
        con.close()


def validate(warehouse: Path, capsys) -> tuple[int, list[str]]:
    code = cli.main(["validate", "--warehouse", str(warehouse)])
    return code, capsys.readouterr().out.strip().splitlines()


def test_a_sound_warehouse_passes_and_exits_0(warehouse, capsys):
    code, lines = validate(warehouse, capsys)
    assert code == 0, lines
    assert len(lines) == 1 and "passed" in lines[0]
    run_id = lines[0].split()[1].rstrip(":")
    assert sql(warehouse, "SELECT status FROM runs WHERE run_id = ?", run_id) == [("validated",)]
    failed, total = sql(
        warehouse,
        "SELECT count(*) FILTER (WHERE NOT success), count(*) FROM quality_results WHERE run_id = ?",
        run_id,
    )[0]
    assert failed == 0 and total > 30
    assert (warehouse.with_suffix(".sitrep") / "reports" / "data_docs" / "index.html").is_file()


def test_warnings_only_exit_1_with_one_line_each(warehouse, capsys, tmp_path, monkeypatch):
    severities = tmp_path / "severities.toml"
    severities.write_text(
        '[events.share_dated]\nwarn_if = "< 1.01"\nmin_rows = 1\n'
        '[events.events_per_document]\nwarn_if = "> 0.5"\nmin_rows = 1\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SITREP_SEVERITIES", str(severities))
    code, lines = validate(warehouse, capsys)
    assert code == 1
    assert lines[0].startswith("warn       events.events_per_document: events per document is")
    assert lines[1].startswith("warn       events.share_dated: share of events with a date is")
    assert "warnings" in lines[-1] and len(lines) == 3
    recorded = sql(
        warehouse,
        "SELECT expectation, severity FROM quality_results "
        "WHERE NOT success AND run_id LIKE 'validate-%' ORDER BY 1",
    )
    assert recorded == [("events_per_document", "warn"), ("share_dated", "warn")]


def test_errors_exit_2_and_name_each_failing_expectation(warehouse, capsys):
    """Broken offsets (a bug: error) and an unknown actor (a run would have quarantined it:
    in the warehouse it should not be, so it is an error here too)."""
    first, second = [r[0] for r in sql(warehouse, "SELECT event_id FROM events ORDER BY 1")][:2]
    sql(warehouse, "UPDATE events SET evidence = 'not the text' WHERE event_id = ?", first)
    sql(warehouse, "UPDATE events SET actor1 = 'Foo Brigade' WHERE event_id = ?", second)
    code, lines = validate(warehouse, capsys)
    assert code == 2
    assert lines[:2] == [
        f'error      events.evidence_matches_offsets: fails on 1 row: ["{first}"]'.replace(
            f'["{first}"]', lines[0].split(": ", 2)[-1]
        ),
        'quarantine events.actor1_known: fails on 1 row: ["Foo Brigade"]',
    ]
    assert lines[0].startswith("error      events.evidence_matches_offsets: fails on 1 row")
    assert "errors" in lines[-1] and len(lines) == 3


def test_a_missing_warehouse_is_one_line_and_exit_2(tmp_path, capsys):
    code = cli.main(["validate", "--warehouse", str(tmp_path / "none.duckdb")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "no warehouse at" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "none.duckdb").exists()


def test_report_quality_shows_the_validation(warehouse, capsys):
    validate(warehouse, capsys)
    assert cli.main(["report", "quality", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "validate-" in out and "validated" in out

"""Warehouse module: migrations upgrade in place, the writer lock excludes, readers cannot escape."""

from __future__ import annotations

import duckdb
import pytest

from flows import warehouse as wh
from tests.conftest import ROOT

SCHEMA = ROOT / "warehouse" / "schema"
VIEWS = ROOT / "warehouse" / "views"


def test_migrations_apply_once_and_are_recorded(tmp_path):
    path = tmp_path / "w.duckdb"
    con = wh.connect_writer(path, SCHEMA, VIEWS)
    versions = [
        r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
    ]
    assert versions == [m.version for m in wh.read_migrations(SCHEMA)]
    assert {"documents", "events", "runs", "source_files", "rejected_files"} <= set(
        wh.table_names(con)
    )
    assert wh.apply_migrations(con, SCHEMA) == []  # nothing left to do
    con.close()


def test_an_older_warehouse_upgrades_in_place(tmp_path):
    old_schema = tmp_path / "schema"
    old_schema.mkdir()
    first = sorted(SCHEMA.glob("001_*.sql"))[0]
    (old_schema / first.name).write_text(first.read_text())
    path = tmp_path / "w.duckdb"
    no_views = tmp_path / "views"
    no_views.mkdir()  # today's views need today's tables
    con = wh.connect_writer(path, old_schema, no_views)
    con.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('old', now(), 'completed')")
    con.close()
    con = wh.connect_writer(path, SCHEMA, VIEWS)
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 1  # data kept
    assert len(con.execute("SELECT * FROM schema_migrations").fetchall()) == len(
        wh.read_migrations(SCHEMA)
    )
    con.close()


def test_a_failing_migration_changes_nothing(tmp_path):
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "001_ok.sql").write_text("CREATE TABLE a (x INTEGER);")
    (schema / "002_bad.sql").write_text("CREATE TABLE b (y INTEGER); SELECT * FROM no_such_table;")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    with pytest.raises(duckdb.Error):
        wh.apply_migrations(con, schema)
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert "a" in tables and "b" not in tables
    assert [r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()] == [1]


def test_writer_lock_excludes_a_second_writer(tmp_path):
    path = tmp_path / "w.duckdb"
    with (
        wh.writer_lock(path),
        pytest.raises(wh.WarehouseBusy, match="another sitrep run"),
        wh.writer_lock(path, wait_seconds=0.3),
    ):
        pass
    with wh.writer_lock(path):  # released after use
        pass


def test_reader_is_read_only_and_sealed(tmp_path):
    path = tmp_path / "w.duckdb"
    wh.connect_writer(path, SCHEMA, VIEWS).close()
    con = wh.connect_reader(path)
    for sql in (
        "INSERT INTO runs (run_id, started_at, status) VALUES ('x', now(), 'x')",
        "COPY runs TO '/tmp/sitrep_leak.csv'",
        "ATTACH '/tmp/other.duckdb' AS other",
        "SELECT * FROM read_csv('/etc/passwd')",
        "INSTALL httpfs",
        "SET enable_external_access = true",
    ):
        with pytest.raises(duckdb.Error):
            con.execute(sql)
    con.close()


def test_reader_on_a_missing_warehouse_says_run_first(tmp_path):
    with pytest.raises(wh.WarehouseMissing, match="sitrep run"):
        wh.connect_reader(tmp_path / "none.duckdb")

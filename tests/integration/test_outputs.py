"""One folder of outputs per warehouse: PATH.duckdb owns PATH.sitrep/ and shares nothing."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import duckdb

from flows import report
from flows import warehouse as wh
from flows.outputs import MARKER, outputs_folder_of
from flows.pipeline import run_pipeline
from flows.settings import Settings

LOG = logging.getLogger("sitrep.test")
SNIPPETS = [
    ("s1", "Police fired tear gas at traders protesting against market fees in Nairobi."),
    ("s2", "Security forces arrested fourteen opposition activists in Harare."),
]


def feed(folder: Path, records=SNIPPETS, name: str = "feed.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": key, "text": text}) for key, text in records]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_ids(warehouse: Path) -> set[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT run_id FROM runs").fetchall()}
    finally:
        con.close()


def lake_run_ids(lake: Path) -> set[str]:
    return {p.name.removeprefix("run_id=") for p in lake.glob("*/run_id=*")}


def test_the_outputs_folder_is_named_after_the_warehouse():
    assert outputs_folder_of(Path("/d/a.duckdb")) == Path("/d/a.sitrep")
    assert outputs_folder_of(Path("/d/a")) == Path("/d/a.sitrep")
    assert outputs_folder_of(Path("/d/a.sitrep")) == Path("/d/a.sitrep.sitrep")
    settings = Settings(warehouse=Path("/d/a.duckdb"))
    assert (settings.lake, settings.reports, settings.gx_dir, settings.lock_file) == (
        "/d/a.sitrep/lake",
        Path("/d/a.sitrep/reports"),
        Path("/d/a.sitrep"),
        Path("/d/a.sitrep/lock"),
    )
    moved = Settings(warehouse=Path("/d/a.duckdb"), outputs_dir=Path("/o"))
    assert moved.lake == "/o/lake" and moved.lock_file == Path("/o/lock")


def test_three_warehouses_in_one_folder_keep_three_lakes_and_reports(tmp_path):
    folder = tmp_path / "shared"
    inbox = feed(tmp_path / "in")
    names = ("a", "b", "c")
    for name in names:
        settings = Settings(input_dir=inbox, warehouse=folder / f"{name}.duckdb")
        assert run_pipeline(settings, LOG).status == "completed"
        con = wh.connect_reader(settings.warehouse)
        report.build_report(con, settings.reports)
        con.close()
    assert sorted(p.name for p in folder.iterdir()) == [
        "a.duckdb", "a.sitrep", "b.duckdb", "b.sitrep", "c.duckdb", "c.sitrep",
    ]  # fmt: skip
    seen: set[str] = set()
    for name in names:
        outputs = folder / f"{name}.sitrep"
        own = run_ids(folder / f"{name}.duckdb")
        assert lake_run_ids(outputs / "lake") == own and not own & seen
        seen |= own
        index = (outputs / "reports" / "data_docs" / "index.html").read_text(encoding="utf-8")
        assert all(run_id in index for run_id in own)
        assert not any(other in index for other in seen - own)
        assert (outputs / "reports" / report.REPORT_FILE).is_file()
        assert (outputs / "gx" / "great_expectations.yml").is_file()
        assert (outputs / "lock").is_file() and (outputs / MARKER).is_file()


def test_a_warehouse_inside_the_input_folder_is_not_ingested(tmp_path):
    inbox = feed(tmp_path / "in")
    settings = Settings(input_dir=inbox, warehouse=inbox / "store" / "w.duckdb")
    first = run_pipeline(settings, LOG)
    assert (settings.reports / "data_docs" / "index.html").is_file()
    # Another warehouse's outputs under a name of its own, and an old-layout reports/ folder.
    other = Settings(warehouse=inbox / "elsewhere" / "x.duckdb", outputs_dir=inbox / "mine")
    with wh.writer_lock(other.warehouse, lock_file=other.lock_file):
        (other.outputs / "page.html").write_text("<p>Gunmen attacked Mosul.</p>")
    (inbox / "old" / "reports").mkdir(parents=True)
    (inbox / "old" / "v.duckdb").write_bytes(b"not an article")
    (inbox / "old" / "reports" / "index.html").write_text("<p>Militants attacked Homs.</p>")
    feed(inbox, [("s3", "Gunmen abducted eleven farmers near Kano, relatives said.")], "more.jsonl")
    second = run_pipeline(settings, LOG)
    assert (first.files_seen, first.files_new, first.documents_loaded) == (1, 1, 2)
    assert (second.files_seen, second.files_new, second.documents_loaded) == (2, 1, 1)
    assert second.files_rejected == 0
    con = wh.connect_reader(settings.warehouse)
    try:
        files = sorted(r[0] for r in con.execute("SELECT source_path FROM source_files").fetchall())
        rejected = con.execute("SELECT count(*) FROM rejected_files").fetchone()[0]
    finally:
        con.close()
    assert files == ["feed.jsonl", "more.jsonl"] and rejected == 0


def test_the_old_shared_layout_moves_into_the_warehouses_folder_on_the_next_run(tmp_path):
    inbox = feed(tmp_path / "in")
    folder = tmp_path / "wh"
    settings = Settings(input_dir=inbox, warehouse=folder / "w.duckdb")
    run_pipeline(settings, LOG)
    outputs = settings.outputs
    for name in ("lake", "reports", "gx"):  # as sitrep laid them out before
        shutil.move(outputs / name, folder / name)
    shutil.rmtree(outputs)
    (folder / "w.duckdb.lock").write_text("")
    feed(inbox, [("s3", "Gunmen abducted eleven farmers near Kano, relatives said.")], "more.jsonl")
    again = run_pipeline(settings, LOG)
    assert again.status == "completed" and again.documents_loaded == 1
    assert sorted(p.name for p in folder.iterdir()) == ["w.duckdb", "w.sitrep"]
    assert lake_run_ids(outputs / "lake") == run_ids(settings.warehouse)
    index = (outputs / "reports" / "data_docs" / "index.html").read_text(encoding="utf-8")
    assert all(run_id in index for run_id in run_ids(settings.warehouse))

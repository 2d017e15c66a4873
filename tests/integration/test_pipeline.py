"""Whole runs into a temporary warehouse: idempotence, incremental change, atomic failure."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import duckdb
import pytest

from flows.lake import Lake
from flows.pipeline import ValidationFailed, run_pipeline
from flows.settings import Settings

LOG = logging.getLogger("sitrep.test")
CONTENT_TABLES = (
    "documents",
    "events",
    "event_clusters",
    "source_files",
    "rejected_files",
    "actors",
    "places",
)


def settings_for(tmp_path: Path, input_dir: Path, **extra) -> Settings:
    return Settings(input_dir=input_dir, warehouse=tmp_path / "wh" / "sitrep.duckdb", **extra)


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every content table's rows, sorted, without the run id (which names the loading run)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        for table in CONTENT_TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "run_id"]
            out[table] = sorted(
                con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr
            )
        return out
    finally:
        con.close()


def query(warehouse: Path, sql: str):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One full run over a copy of the seeds, shared by the read-only checks below."""
    import shutil

    from tests.conftest import SEEDS

    root = tmp_path_factory.mktemp("seeded")
    shutil.copytree(SEEDS, root / "articles")
    settings = settings_for(root, root / "articles")
    summary = run_pipeline(settings, LOG)
    return settings, summary


def test_a_run_loads_every_seed_article_and_its_events(first_run):
    settings, summary = first_run
    assert summary.status == "completed"
    assert (summary.files_seen, summary.files_new, summary.documents_loaded) == (5, 5, 5)
    assert summary.events_loaded > 20
    assert query(settings.warehouse, "SELECT count(*) FROM documents")[0][0] == 5
    assert query(settings.warehouse, "SELECT count(*) FROM events")[0][0] == summary.events_loaded


def test_every_contract_column_is_filled_from_the_text(first_run):
    settings, _ = first_run
    nulls = query(
        settings.warehouse,
        "SELECT count(*) FILTER (WHERE location IS NULL OR country IS NULL OR latitude IS NULL "
        "OR evidence IS NULL OR confidence IS NULL), count(*) FILTER (WHERE event_date IS NOT NULL), "
        "count(*) FILTER (WHERE actor1 IS NOT NULL), count(*) FILTER (WHERE fatalities IS NOT NULL) FROM events",
    )[0]
    assert nulls[0] == 0 and nulls[1] > 0 and nulls[2] > 0 and nulls[3] > 0
    mismatched = query(
        settings.warehouse,
        "SELECT count(*) FROM events e JOIN documents d USING (doc_id) "
        "WHERE substr(d.clean_text, e.char_start + 1, e.char_end - e.char_start) <> e.evidence",
    )[0][0]
    assert mismatched == 0


def test_parquet_lake_holds_the_run(first_run):
    settings, summary = first_run
    for table in ("documents", "events"):
        files = list((Path(settings.lake) / table).glob(f"run_id={summary.run_id}/*.parquet"))
        assert len(files) == 1
    rows = query(
        settings.warehouse,
        f"SELECT count(*) FROM read_parquet('{settings.lake}/events/*/*.parquet')",
    )
    assert rows[0][0] == summary.events_loaded


def test_runs_table_records_counts_and_version(first_run):
    settings, summary = first_run
    row = query(
        settings.warehouse,
        f"SELECT status, files_seen, documents_loaded, events_loaded, sitrep_version FROM runs WHERE run_id = '{summary.run_id}'",
    )[0]
    assert row[:4] == ("completed", 5, 5, summary.events_loaded) and row[4]


def test_quality_results_and_data_docs_are_written(first_run):
    settings, summary = first_run
    n = query(
        settings.warehouse,
        f"SELECT count(*) FROM quality_results WHERE run_id = '{summary.run_id}'",
    )[0][0]
    assert n > 30
    assert (settings.reports / "data_docs" / "index.html").is_file()


def test_a_second_run_changes_nothing_and_says_so(tmp_path, seed_dir):
    settings = settings_for(tmp_path, seed_dir)
    run_pipeline(settings, LOG)
    before = snapshot(settings.warehouse)
    again = run_pipeline(settings, LOG)
    assert again.status == "nothing-new"
    assert (again.files_new, again.files_changed, again.documents_loaded) == (0, 0, 0)
    assert again.files_unchanged == 5
    assert snapshot(settings.warehouse) == before


def test_changing_one_article_reprocesses_only_that_article(tmp_path, seed_dir):
    settings = settings_for(tmp_path, seed_dir)
    run_pipeline(settings, LOG)
    target = seed_dir / "001_31fd84cbd806a696.txt"
    old_ids = {r[0] for r in query(settings.warehouse, "SELECT doc_id FROM documents")}
    target.write_text(target.read_text() + "\nIraqi forces recaptured the town of Hit on Sunday.\n")
    os.utime(target, ns=(10**18, 10**18))
    summary = run_pipeline(settings, LOG)
    assert (summary.files_changed, summary.files_unchanged, summary.documents_loaded) == (1, 4, 1)
    new_ids = {r[0] for r in query(settings.warehouse, "SELECT doc_id FROM documents")}
    assert len(new_ids) == 5 and len(new_ids - old_ids) == 1 and len(old_ids - new_ids) == 1
    untouched = query(
        settings.warehouse,
        f"SELECT count(DISTINCT run_id) FROM documents WHERE doc_id <> '{(new_ids - old_ids).pop()}'",
    )
    assert untouched[0][0] == 1  # the other four still carry the first run's id


def test_a_deleted_file_keeps_its_rows_unless_pruned(tmp_path, seed_dir):
    settings = settings_for(tmp_path, seed_dir)
    run_pipeline(settings, LOG)
    (seed_dir / "000_4c7c56f7f3f1e0b3.txt").unlink()
    kept = run_pipeline(settings, LOG)
    assert kept.status == "nothing-new"
    assert query(settings.warehouse, "SELECT count(*) FROM documents")[0][0] == 5
    pruned = run_pipeline(settings.with_overrides(prune=True), LOG)
    assert pruned.files_pruned == 1
    assert query(settings.warehouse, "SELECT count(*) FROM documents")[0][0] == 4
    assert (
        query(
            settings.warehouse,
            "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)",
        )[0][0]
        == 0
    )


def test_prune_keeps_what_a_renamed_file_or_a_remaining_copy_still_provides(tmp_path):
    """Issue 18 case 1: a renamed file and the survivor of two identical copies still
    provide their documents, so --prune removes neither (nor their events), and the run
    after it has nothing new."""
    import shutil

    from tests.conftest import SEEDS

    inbox = tmp_path / "articles"
    inbox.mkdir()
    for name in ("000_4c7c56f7f3f1e0b3.txt", "002_5222c52d2d6dfa74.txt"):
        shutil.copy(SEEDS / name, inbox / name)
    shutil.copy(SEEDS / "002_5222c52d2d6dfa74.txt", inbox / "copy_of_002.txt")
    settings = settings_for(tmp_path, inbox, prune=True)
    run_pipeline(settings, LOG)
    before = query(
        settings.warehouse, "SELECT (SELECT count(*) FROM documents), count(*) FROM events"
    )
    (inbox / "000_4c7c56f7f3f1e0b3.txt").rename(inbox / "renamed.txt")
    (inbox / "copy_of_002.txt").unlink()
    pruned = run_pipeline(settings, LOG)
    assert (pruned.files_new, pruned.files_pruned) == (1, 2)
    assert (
        query(settings.warehouse, "SELECT (SELECT count(*) FROM documents), count(*) FROM events")
        == before
    )
    assert before[0][0] == 2 and before[0][1] > 0
    assert run_pipeline(settings, LOG).status == "nothing-new"


def test_clean_up_spares_a_run_whose_rows_were_committed(tmp_path):
    """Issue 18 case 5: a run killed between its COMMIT and its status update (possible
    before the outcome was part of the load transaction) left its row 'running' with all
    its documents loaded. The next run must not call it crashed nor delete its Parquet:
    clean-up removes only files that no committed row references."""
    import shutil

    from tests.conftest import SEEDS

    inbox = tmp_path / "articles"
    inbox.mkdir()
    shutil.copy(SEEDS / "001_31fd84cbd806a696.txt", inbox / "001_31fd84cbd806a696.txt")
    settings = settings_for(tmp_path, inbox)
    first = run_pipeline(settings, LOG)
    con = duckdb.connect(str(settings.warehouse))
    con.execute(
        "UPDATE runs SET status = 'running', ended_at = NULL, documents_loaded = NULL "
        "WHERE run_id = ?",
        [first.run_id],
    )
    con.close()
    second = run_pipeline(settings, LOG)
    assert second.status == "nothing-new"
    assert Lake.at(settings.lake).run_ids() == {first.run_id}
    (status,) = query(
        settings.warehouse, f"SELECT status FROM runs WHERE run_id = '{first.run_id}'"
    )
    assert status == ("completed",)
    assert query(settings.warehouse, "SELECT count(*) FROM documents") == [(1,)]


@pytest.mark.parametrize("point", ["after-extract", "before-commit"])
def test_a_failed_run_leaves_the_warehouse_as_it_was(tmp_path, seed_dir, point):
    settings = settings_for(tmp_path, seed_dir)
    run_pipeline(settings, LOG)
    before = snapshot(settings.warehouse)
    lake = Path(settings.lake)
    lake_before = sorted(p.relative_to(lake) for p in lake.rglob("*.parquet"))
    target = seed_dir / "002_5222c52d2d6dfa74.txt"
    target.write_text(
        target.read_text() + "\nISIS fighters seized the village of Bashiqa on Monday.\n"
    )
    os.utime(target, ns=(10**18, 10**18))
    with pytest.raises(RuntimeError, match="injected fault"):
        run_pipeline(settings, LOG, fault=point)
    assert snapshot(settings.warehouse) == before
    assert sorted(p.relative_to(lake) for p in lake.rglob("*.parquet")) == lake_before
    status = query(
        settings.warehouse, "SELECT status, message FROM runs ORDER BY started_at DESC LIMIT 1"
    )[0]
    assert status[0] == "failed" and "injected fault" in status[1]
    fixed = run_pipeline(settings, LOG)  # the same change lands on the next run
    assert fixed.files_changed == 1 and fixed.status == "completed"


MEASURES_HEADING = "# " + "-" * 75 + " batch measures"


def severities_file(tmp_path: Path, measures: str) -> Path:
    """The shipped severities file with its batch measures replaced by `measures`."""
    from expectations.severity import DEFAULT_FILE

    shipped = DEFAULT_FILE.read_text(encoding="utf-8")
    assert MEASURES_HEADING in shipped
    path = tmp_path / "severities.toml"
    path.write_text(shipped.split(MEASURES_HEADING)[0] + measures, encoding="utf-8")
    return path


def test_a_measure_past_error_if_stops_the_run_before_writing(tmp_path, seed_dir):
    severities = severities_file(
        tmp_path, '[events.events_per_document]\nwarn_if = "> 0.2"\nerror_if = "> 0.5"\n'
    )
    settings = settings_for(tmp_path, seed_dir, severities=severities)
    with pytest.raises(ValidationFailed) as failure:
        run_pipeline(settings, LOG)
    assert any("events per document" in line for line in failure.value.lines)
    assert query(settings.warehouse, "SELECT count(*) FROM documents")[0][0] == 0
    assert query(settings.warehouse, "SELECT status FROM runs")[0][0] == "failed"


def test_a_batch_distribution_only_warns_and_the_run_loads(tmp_path, seed_dir):
    severities = severities_file(
        tmp_path, '[events.share_dated]\nwarn_if = "< 1.01"\nmin_rows = 1\n'
    )
    settings = settings_for(tmp_path, seed_dir, severities=severities)
    summary = run_pipeline(settings, LOG)
    assert summary.status == "completed" and summary.documents_loaded == 5
    assert any("share of events with a date" in w for w in summary.validation_warnings)
    recorded = query(
        settings.warehouse,
        "SELECT success, severity FROM quality_results WHERE expectation = 'share_dated'",
    )
    assert recorded == [(False, "warn")]


def test_a_duplicated_event_id_stops_the_run_and_leaves_the_warehouse_as_it_was(
    prefect_server, tmp_path, seed_dir, monkeypatch, capsys
):
    """One event emitted twice (a bug: ids are deterministic) stops the run with one line."""
    import flows.pipeline as pipeline
    from flows import cli

    settings = settings_for(tmp_path, seed_dir)
    target = seed_dir / "002_5222c52d2d6dfa74.txt"
    kept = target.read_text()
    target.unlink()
    run_pipeline(settings, LOG)
    before = snapshot(settings.warehouse)
    target.write_text(kept)
    real = pipeline.frame_from_rows

    def with_a_duplicate(table, rows):
        if table == "events" and rows:
            rows = [*rows, dict(rows[0])]
        return real(table, rows)

    monkeypatch.setattr(pipeline, "frame_from_rows", with_a_duplicate)
    monkeypatch.setenv("SITREP_WAREHOUSE", str(settings.warehouse))
    code = cli.main(["run", "--input", str(seed_dir)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "the warehouse is unchanged" in err and "event_id_unique fails on 2 rows" in err
    assert snapshot(settings.warehouse) == before
    status = query(
        settings.warehouse, "SELECT status, message FROM runs ORDER BY started_at DESC LIMIT 1"
    )[0]
    assert status[0] == "failed" and "event_id_unique" in status[1]


def test_bad_files_are_rejected_with_reasons_and_the_rest_loads(tmp_path, seed_dir):
    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (seed_dir / "feed.jsonl").write_text(
        '{"id": "r1", "text": "ISIS militants stormed the town of Hit on Monday."}\n{broken\n'
    )
    settings = settings_for(tmp_path, seed_dir)
    summary = run_pipeline(settings, LOG)
    reasons = dict(query(settings.warehouse, "SELECT source_path, reason FROM rejected_files"))
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["photo.txt"]
    assert "not valid JSON" in reasons["feed.jsonl#2"]
    assert summary.documents_loaded == 6
    assert query(
        settings.warehouse, "SELECT source_record FROM documents WHERE file_name = 'feed.jsonl'"
    ) == [("r1",)]


def test_the_lake_can_be_any_fsspec_url(tmp_path, seed_dir):
    """Parquet goes to the URL given (here fsspec's in-memory filesystem, as a stand-in for
    s3:// or gcs://), and the warehouse loads from those files: same rows as a local lake."""
    import fsspec

    url = f"memory://sitrep-lake-{tmp_path.name}"
    remote = settings_for(tmp_path / "remote", seed_dir, lake_dir=url)
    summary = run_pipeline(remote, LOG)
    local = settings_for(tmp_path / "local", seed_dir)
    run_pipeline(local, LOG)

    fs = fsspec.filesystem("memory")
    files = fs.glob(f"{url.removeprefix('memory://')}/*/run_id={summary.run_id}/*.parquet")
    assert sorted(f.split("/")[-3] for f in files) == ["documents", "events"]
    assert Lake.at(url).run_ids() == {summary.run_id}
    assert not (tmp_path / "remote" / "wh" / "lake").exists()
    assert snapshot(remote.warehouse) == snapshot(local.warehouse)


def test_a_failed_run_removes_its_files_from_a_remote_lake(tmp_path, seed_dir):
    url = f"memory://sitrep-lake-failed-{tmp_path.name}"
    settings = settings_for(tmp_path, seed_dir, lake_dir=url)
    with pytest.raises(RuntimeError, match="injected fault"):
        run_pipeline(settings, LOG, fault="before-commit")
    assert Lake.at(url).run_ids() == set()


def test_undated_snippets_with_and_without_a_place_all_load(tmp_path):
    """A feed of short undated snippets: every detected event loads, the one whose text
    names no place with a NULL location, and the batch's low share of dated events only
    warns (written for this test, not taken from any article)."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    records = [
        ("s1", "Gunmen abducted eleven farmers from their fields late on Tuesday, relatives said."),
        ("s2", "Police fired tear gas at traders protesting against market fees in Nairobi."),
        ("s3", "Security forces arrested fourteen opposition activists in Harare."),
    ]
    (inbox / "feed.jsonl").write_text(
        "\n".join(json.dumps({"id": key, "text": text}) for key, text in records) + "\n"
    )
    settings = settings_for(tmp_path, inbox)
    summary = run_pipeline(settings, LOG)
    assert summary.status == "completed" and summary.documents_loaded == 3
    rows = query(
        settings.warehouse,
        "SELECT d.source_record, e.sub_event_type, e.location, e.latitude, e.geo_precision "
        "FROM events e JOIN documents d USING (doc_id) ORDER BY 1",
    )
    assert [r[0] for r in rows] == ["s1", "s2", "s3"]
    assert rows[0][1] == "Abduction/forced disappearance" and rows[0][2:] == (None, None, None)
    assert rows[1][2] == "Nairobi" and rows[2][2] == "Harare"


SNIPPET_TEMPLATES = (
    "Police fired tear gas at traders protesting against market fees in {place}.",
    "Security forces arrested fourteen opposition activists in {place}.",
    "Gunmen abducted eleven farmers from their fields near {place}, relatives said.",
    "A roadside bomb killed three soldiers on the road to {place}.",
    "Militants attacked an army checkpoint in {place}, killing two soldiers.",
)
SNIPPET_PLACES = (
    "Nairobi", "Harare", "Lagos", "Kano", "Mosul", "Kirkuk", "Aleppo", "Homs", "Kabul",
    "Kandahar", "Mogadishu", "Bamako", "Goma", "Juba", "Khartoum", "Aden", "Tripoli",
    "Benghazi", "Maiduguri", "Raqqa",
)  # fmt: skip


def test_a_folder_of_100_undated_snippets_loads_every_valid_event_with_a_warning(tmp_path):
    """100 news snippets without a publication date (written for this test): nothing can be
    dated, so the share dated is far under its warn_if; the run warns and loads everything."""
    inbox = tmp_path / "snippets"
    inbox.mkdir()
    texts = [t.format(place=p) for t in SNIPPET_TEMPLATES for p in SNIPPET_PLACES]
    for i, text in enumerate(texts):
        (inbox / f"snippet-{i:03d}.txt").write_text(text + "\n", encoding="utf-8")
    settings = settings_for(tmp_path, inbox)
    summary = run_pipeline(settings, LOG)
    assert summary.status == "completed" and summary.documents_loaded == 100
    assert summary.events_loaded >= 20 and summary.rows_quarantined == 0
    assert [w for w in summary.validation_warnings if "share of events with a date" in w]
    dated = query(settings.warehouse, "SELECT count(event_date) FROM events")[0][0]
    assert dated / summary.events_loaded < 0.2
    recorded = query(
        settings.warehouse,
        "SELECT success, severity FROM quality_results WHERE expectation = 'share_dated'",
    )
    assert recorded == [(False, "warn")]

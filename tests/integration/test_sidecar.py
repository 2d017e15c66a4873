"""A sidecar in a real run: `source` becomes the document's outlet, an unknown key a warning."""

from __future__ import annotations

import json
import logging

import duckdb

from flows.pipeline import run_pipeline
from flows.settings import Settings

ARTICLE = (
    "Islamic State fighters attacked the town of Hit in Anbar on Monday, killing 3 soldiers.\n"
)


def test_a_run_logs_an_unknown_sidecar_key_and_stores_source_as_the_outlet(tmp_path, caplog):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "hit.txt").write_text(ARTICLE, encoding="utf-8")
    (inbox / "hit.meta.json").write_text(
        json.dumps({"source": "Rudaw", "language": "en"}), encoding="utf-8"
    )
    settings = Settings(input_dir=inbox, warehouse=tmp_path / "wh" / "sitrep.duckdb")
    with caplog.at_level(logging.WARNING, logger="sitrep.test"):
        summary = run_pipeline(settings, logging.getLogger("sitrep.test"))
    assert summary.status == "completed"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    note = (
        "sidecar hit.meta.json: unknown key 'language' ignored "
        "(sitrep reads title, outlet, url, published, author, source)"
    )
    assert [w for w in warnings if "'language'" in w] == [f"input note: hit.txt: {note}"]
    assert summary.notes == [("hit.txt", note)]
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        assert con.execute("SELECT outlet FROM documents").fetchall() == [("Rudaw",)]
    finally:
        con.close()

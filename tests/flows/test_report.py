"""The HTML report: one file that opens offline, shows the figures, and escapes what it quotes."""

from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path

import pytest

from flows import report
from flows import warehouse as wh
from flows.cli import main
from flows.quality import format_quality, quality_summary
from flows.report.outlines import OUTLINES, outline_features
from tests.flows.test_views import (
    HOSTILE_EVIDENCE,
    SCHEMA,
    VIEWS,
    D,
    insert_event,
    make_sample_warehouse,
)

QUALITY = {
    "last_run_id": "run-42",
    "failing_expectations": [
        {"suite": "events", "expectation": "inside_country_bounds", "unexpected_count": 2}
    ],
    "quarantine_by_reason": {"fatalities <0> & up": 3},
}


# Events on three more continents, beside the sample's in Syria and Iraq. Santiago is the
# map's south-west corner, where the event-type key once sat over it; the three tolls are
# the ones the size key draws (1, 10, 100).
WORLD_EVENTS = {
    "w1": ("d5", D(2016, 11, 2), 1, "Riots", "Violent demonstration", "Rioters (Chile)", None,
           ("Santiago", "Santiago Metropolitan", "Chile", -33.4569, -70.6483), 100, 5, None,
           None, "A hundred people died in riots in Santiago."),
    "w2": ("d5", D(2016, 11, 5), 1, "Violence against civilians", "Attack", None, "Civilians",
           ("Abidjan", "Abidjan", "Côte d'Ivoire", 5.3364, -4.0267), 10, None, 7, None,
           "Gunmen killed ten people in Abidjan."),
    "w3": ("d5", D(2016, 11, 9), 1, "Explosions/Remote violence", "Remote explosive", None,
           None, ("Kabul", "Kabul", "Afghanistan", 34.5281, 69.1723), 1, None, None, None,
           "A roadside bomb killed one man in Kabul."),
}  # fmt: skip


def make_world_warehouse(path: Path) -> None:
    """The sample warehouse with WORLD_EVENTS added: events in five countries."""
    con = make_sample_warehouse(path)
    for event_id, event in WORLD_EVENTS.items():
        insert_event(con, event_id, *event)
    con.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample warehouse's path and its report's text."""
    folder = tmp_path_factory.mktemp("report")
    make_sample_warehouse(folder / "w.duckdb").close()
    con = wh.connect_reader(folder / "w.duckdb")
    path = report.build_report(con, folder / "out", QUALITY)
    con.close()
    return folder / "w.duckdb", path, path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory):
    """A warehouse with the schema and nothing in it: the quickest report, for CLI wiring."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    wh.connect_writer(path, SCHEMA, VIEWS).close()
    return path


def card_value(page: str, label: str) -> str:
    match = re.search(
        rf'<div class="label">{re.escape(label)}</div><div class="value">([^<]*)</div>', page
    )
    assert match, f"no headline card {label!r}"
    return match[1]


def test_the_report_is_one_html_file_in_the_out_dir(sample):
    _, path, page = sample
    assert path.name == "sitrep-report.html"
    assert page.startswith("<!DOCTYPE html>")
    assert list(path.parent.iterdir()) == [path]


def test_nothing_is_fetched_from_the_network(sample):
    page = sample[2]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "@import" not in page and "@font-face" not in page
    assert "<script" not in page.lower()  # no scripts at all, so none from a CDN
    assert "<link" not in page.lower()


def test_charts_and_map_are_inline_svg(sample):
    page = sample[2]
    assert page.count("<svg") == 3  # events over time, map, control timeline
    # Each chart's ids are its own, so one chart's clip paths cannot clip another's.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_headline_figures(sample):
    page = sample[2]
    assert card_value(page, "Articles") == "5"
    assert card_value(page, "Events") == "11"
    # c1, c2, c3, three singletons (e6, e8, e10) and the unclustered e7.
    assert card_value(page, "Distinct happenings") == "7"
    # Highest toll per happening: 7 (c2) + 12 (Baghdad) + 3 (Raqqa).
    assert card_value(page, "Fatalities") == "22"
    assert "27 summed over reports" in page
    assert card_value(page, "Countries") == "2"
    assert card_value(page, "Period") == "May 2015 – 11 Dec 2016"  # e3 is dated to a month


def test_quoted_text_is_escaped(sample):
    page = sample[2]
    assert HOSTILE_EVIDENCE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Fatalities &lt;0&gt; &amp; up" in page  # quality keys are escaped too


def test_every_article_link_opens_an_embedded_article(sample):
    page = sample[2]
    targets = set(re.findall(r'href="#(doc-[^"]+)"', page))
    assert targets, "the events table links to its articles"
    embedded = set(re.findall(r'<section class="doc" id="(doc-[^"]+)"', page))
    assert targets <= embedded
    assert ".doc:target" in page  # shown by CSS alone, no script
    assert "<mark>US jets struck Raqqa.</mark>" in page  # the evidence is highlighted


def test_control_changes_are_listed_by_place(sample):
    page = sample[2]
    table = page[page.index('<table class="control-table">') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr") == 1 + 3  # header and Palmyra's three changes
    assert "(prev.)" in table  # the third change's loser is inferred


def test_quality_summary_renders_whatever_it_is_given(sample):
    page = sample[2]
    section = page[page.index('id="quality"') : page.index('id="events"')]
    assert "run-42" in section
    assert "inside_country_bounds" in section
    assert "Failing expectations" in section


def test_no_quality_summary_is_said_plainly(empty_warehouse, tmp_path):
    con = wh.connect_reader(empty_warehouse)
    page = report.build_report(con, tmp_path, None).read_text()
    con.close()
    assert "No data-quality summary was passed" in page


def test_the_report_builds_on_an_empty_warehouse(empty_warehouse, tmp_path):
    con = wh.connect_reader(empty_warehouse)
    quality = quality_summary(con)
    page = report.build_report(con, tmp_path / "out", quality).read_text()
    con.close()
    assert card_value(page, "Events") == "0"
    assert "run `sitrep run` first" in page
    assert page.count("<svg") == 2  # timeline and map; no control changes to draw


def test_views_missing_from_an_old_warehouse_are_supplied(tmp_path):
    old = tmp_path / "old.duckdb"
    wh.connect_writer(old, SCHEMA, tmp_path / "no-views").close()
    con = wh.connect_reader(old)  # read-only: nothing may be written to the file
    path = report.build_report(con, tmp_path / "out", None)
    con.close()
    assert path.exists()


def test_quality_summary_reads_the_last_run(tmp_path):
    con = make_sample_warehouse(tmp_path / "w.duckdb")
    con.execute(
        "INSERT INTO runs (run_id, started_at, status) VALUES"
        " ('old', TIMESTAMP '2024-01-01', 'completed'), ('new', TIMESTAMP '2024-02-01', 'completed')"
    )
    con.execute(
        "INSERT INTO quality_results VALUES"
        " ('new', 'events', 'inside_country_bounds', 'latitude', false, NULL, 1, 11, now(),"
        "  'quarantine'),"
        " ('new', 'events', 'known_event_type', 'event_type', true, NULL, 0, 11, now(),"
        "  'quarantine'),"
        " ('new', 'events', 'share_dated', 'event_date', false, '0.139', NULL, 40, now(), 'warn'),"
        " ('old', 'events', 'old_check', NULL, false, NULL, 1, 1, now(), NULL)"
    )
    con.execute(
        "INSERT INTO quarantine VALUES"
        " ('new', 'events', 'x', '{}', ['inside_country_bounds'], now()),"
        " ('new', 'events', 'y', '{}', ['inside_country_bounds', 'known_actor'], now())"
    )
    quality = quality_summary(con)
    con.close()
    assert quality["last_run"]["run_id"] == "new" and quality["checked"] == 3
    assert [f["expectation"] for f in quality["failing"]] == [
        "inside_country_bounds",
        "share_dated",
    ]
    assert quality["warnings"] == 1
    assert quality["quarantine"] == [
        {"table": "events", "reason": "inside_country_bounds", "rows": 2},
        {"table": "events", "reason": "known_actor", "rows": 1},
    ]
    text = format_quality(quality)
    assert "failing expectations (2 of 3; 1 only warn" in text
    assert "  warn       events.share_dated: observed 0.139" in text
    assert "  quarantine events.inside_country_bounds: 1 rows" in text
    assert "events: known_actor: 1" in text


def test_report_command_writes_into_out_and_prints_the_path(empty_warehouse, tmp_path, capsys):
    assert main(["report", "--warehouse", str(empty_warehouse), "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "sitrep-report.html")
    assert (tmp_path / "sitrep-report.html").exists()


def test_report_command_defaults_to_the_reports_folder(empty_warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_REPORTS_DIR", str(tmp_path / "reports"))
    assert main(["report", "--warehouse", str(empty_warehouse)]) == 0
    assert (tmp_path / "reports" / "sitrep-report.html").exists()


def test_report_command_on_a_missing_warehouse_fails_cleanly(tmp_path, capsys):
    assert main(["report", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse" in capsys.readouterr().err


def test_the_batch_measures_of_each_run_are_charted_inline(tmp_path):
    """Quality over time: one small inline-SVG panel per warn-level measure, one point per
    run; a run that warned is told apart, `sitrep validate` results are left out."""
    con = make_sample_warehouse(tmp_path / "w.duckdb")
    runs = [("r1", "2024-01-01", 0.61), ("r2", "2024-02-01", 0.45), ("r3", "2024-03-01", 0.12)]
    for run_id, day, dated in runs:
        con.execute(
            "INSERT INTO runs (run_id, started_at, status) VALUES (?, ?, 'completed')",
            [run_id, day],
        )
        for name, value in (("share_dated", dated), ("events_per_document", 4.5)):
            con.execute(
                "INSERT INTO quality_results (run_id, suite, expectation, success, "
                "observed_value, element_count, checked_at, severity) "
                "VALUES (?, 'events', ?, ?, ?, 40, now(), 'warn')",
                [run_id, name, not (name == "share_dated" and dated < 0.2), str(value)],
            )
    con.execute(
        "INSERT INTO runs (run_id, started_at, status) VALUES ('validate-x', now(), 'validated')"
    )
    con.close()
    con = wh.connect_reader(tmp_path / "w.duckdb")
    page = report.build_report(con, tmp_path / "out", quality_summary(con)).read_text()
    con.close()
    section = page[page.index('id="quality"') : page.index('id="events"')]
    assert section.count("<svg") == 1 and 'aria-label="quality chart"' in section
    assert "last 3 runs that loaded (1 warned" in section
    assert page.count("<svg") == 4
    (tmp_path / "section.html").write_text(section)  # for a look: chromium --screenshot


def test_no_measures_yet_means_no_quality_chart(sample):
    page = sample[2]
    section = page[page.index('id="quality"') : page.index('id="events"')]
    assert "<svg" not in section


# --------------------------------------------------------------------------- what a user saw


def test_an_article_title_with_a_script_tag_is_escaped(tmp_path):
    con = make_sample_warehouse(tmp_path / "w.duckdb")
    con.execute("UPDATE documents SET title = ? WHERE doc_id = 'd1'", [HOSTILE_TITLE])
    con.close()
    con = wh.connect_reader(tmp_path / "w.duckdb")
    page = report.build_report(con, tmp_path / "out", None).read_text()
    con.close()
    assert "<script" not in page.lower()
    # In the events table's link titles, the articles cited and the embedded article.
    assert page.count("&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;") >= 3


def test_each_map_marker_carries_the_events_it_stands_for(tmp_path):
    make_world_warehouse(tmp_path / "w.duckdb")
    con = wh.connect_reader(tmp_path / "w.duckdb")
    page = report.build_report(con, tmp_path / "out", None).read_text()
    located = con.execute("SELECT event_id FROM events WHERE latitude IS NOT NULL").fetchall()
    con.close()
    markers = re.findall(r'class="event-marker" data-event-ids="([^"]*)"', page)
    drawn = [event_id for ids in markers for event_id in ids.split()]
    assert sorted(drawn) == sorted(e for (e,) in located)
    assert len(markers) == 7  # one per place and event type


def test_the_size_key_shows_1_10_and_100_killed(tmp_path):
    make_world_warehouse(tmp_path / "w.duckdb")
    con = wh.connect_reader(tmp_path / "w.duckdb")
    page = report.build_report(con, tmp_path / "out", None).read_text()
    con.close()
    key = re.findall(r'class="size-key-marker" data-fatalities="(\d+)"', page)
    assert sorted(map(int, key)) == [1, 10, 100]


def test_country_names_are_read_in_the_code_page_the_shapefile_declares():
    names = {f["properties"]["iso_a3"]: f["properties"]["name"] for f in outline_features()}
    assert names["CIV"] == "Côte d'Ivoire"
    assert not [name for name in names.values() if "\ufffd" in name]


def test_make_outlines_decodes_names_with_the_cpg_code_page(tmp_path):
    make_outlines = load_make_outlines()
    dbf = tmp_path / "countries.dbf"
    dbf.write_bytes(dbase_file([("name", 20)], [["Côte d'Ivoire".encode("iso-8859-1")]]))
    (tmp_path / "countries.cpg").write_text("ISO-8859-1")
    assert make_outlines.read_dbf(dbf) == [{"name": "Côte d'Ivoire"}]
    (tmp_path / "countries.cpg").write_text("UTF-8")  # a wrong code page fails loudly
    with pytest.raises(UnicodeDecodeError):
        make_outlines.read_dbf(dbf)


def test_data_docs_are_a_link_relative_to_the_report(tmp_path):
    make_world_warehouse(tmp_path / "w.duckdb")
    reports = tmp_path / "w.sitrep" / "reports"
    (reports / "data_docs").mkdir(parents=True)
    (reports / "data_docs" / "index.html").write_text("<title>Data Docs</title>")
    con = wh.connect_reader(tmp_path / "w.duckdb")
    quality = quality_summary(con, reports)
    beside = report.build_report(con, reports, quality).read_text()
    elsewhere = report.build_report(con, tmp_path / "my reports", quality).read_text()
    con.close()
    assert '<a class="data-docs" href="data_docs/index.html"' in beside
    assert '<a class="data-docs" href="../w.sitrep/reports/data_docs/index.html"' in elsewhere


HOSTILE_TITLE = '<script>alert("title")</script>'


def load_make_outlines():
    """`flows/report/assets/make_outlines.py`, a script beside the data it makes."""
    spec = importlib.util.spec_from_file_location(
        "make_outlines", OUTLINES.parent / "make_outlines.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dbase_file(fields: list[tuple[str, int]], records: list[list[bytes]]) -> bytes:
    """A dBase III file of character fields, as a shapefile's .dbf holds its attributes."""
    record_len = 1 + sum(length for _, length in fields)
    header_len = 32 + 32 * len(fields) + 1
    header = struct.pack("<BBBBIHH20x", 3, 124, 1, 1, len(records), header_len, record_len)
    descriptors = b"".join(
        struct.pack("<11scI2B14x", name.encode("ascii"), b"C", 0, length, 0)
        for name, length in fields
    )
    body = b"".join(
        b" " + b"".join(value.ljust(length) for value, (_, length) in zip(r, fields, strict=True))
        for r in records
    )
    return header + descriptors + b"\r" + body + b"\x1a"

"""Exports: every format reads back with the usual tools, and --acled speaks ACLED."""

from __future__ import annotations

import argparse
import datetime as dt
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from flows import export
from flows import warehouse as wh
from tests.flows.test_views import EVENTS, HOSTILE_EVIDENCE, make_sample_warehouse

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "w.duckdb"
    make_sample_warehouse(path).close()
    return path


@pytest.fixture
def con(warehouse):
    con = wh.connect_reader(warehouse)
    yield con
    con.close()


def test_csv_round_trips(con, tmp_path):
    path = export.export_events(con, "csv", tmp_path / "events.csv", acled=False)
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    assert len(frame) == len(EVENTS)
    row = frame.set_index("event_id").loc["e6"]
    assert row["evidence"] == HOSTILE_EVIDENCE  # quotes and commas survive
    assert row["event_date"] == "2015-05-18"
    assert row["fatalities"] == 12
    assert row["outlet"] == "Outlet A" and row["cluster_id"] == "c6"
    assert {"title", "published_date", "file_name", "confidence"} <= set(frame.columns)


def test_parquet_round_trips_with_types(con, tmp_path):
    path = export.export_events(con, "parquet", tmp_path / "events.parquet", acled=False)
    table = pq.read_table(path)
    assert table.num_rows == len(EVENTS)
    rows = {r["event_id"]: r for r in table.to_pylist()}
    assert rows["e2"]["event_date"] == dt.date(2016, 3, 27)
    assert rows["e7"]["event_date"] is None
    assert rows["e2"]["latitude"] == pytest.approx(34.5624)


def test_geojson_is_a_feature_collection_of_points(con, tmp_path):
    path = export.export_events(con, "geojson", tmp_path / "events.geojson", acled=False)
    collection = json.loads(path.read_text())
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(EVENTS)
    feature = next(f for f in collection["features"] if f["properties"]["event_id"] == "e8")
    assert feature["geometry"] == {"type": "Point", "coordinates": [39.0167, 35.95]}
    assert feature["properties"]["event_date"] == "2016-03-30"
    assert feature["properties"]["actor1"] == "United States"
    assert "latitude" not in feature["properties"]


def test_acled_csv_has_acleds_columns_and_codes(con, tmp_path):
    path = export.export_events(con, "csv", tmp_path / "acled.csv", acled=True)
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    assert list(frame.columns) == ACLED_COLUMNS
    rows = frame.set_index("event_id_cnty")
    bombing = rows.loc["e6"]  # Islamic State (rebels, 2) against civilians (7)
    assert (bombing["inter1"], bombing["inter2"], bombing["interaction"]) == (2, 7, 27)
    assert bombing["notes"] == HOSTILE_EVIDENCE
    assert bombing["source"] == "Outlet A"
    assert bombing["year"] == 2015
    retaking = rows.loc["e2"]  # the state (1) against rebels (2)
    assert retaking["interaction"] == 12
    capture = rows.loc["e1"]  # rebels acting alone: ACLED's "sole rebel action"
    assert (capture["inter2"], capture["interaction"], capture["fatalities"]) == (0, 20, 0)
    assert rows.loc["e7"]["source"] == "d4.txt"  # no outlet known: the file it came from


def test_acled_parquet_and_geojson_use_the_same_names(con, tmp_path):
    table = pq.read_table(export.export_events(con, "parquet", tmp_path / "a.parquet", True))
    assert table.column_names == ACLED_COLUMNS
    collection = json.loads(
        export.export_events(con, "geojson", tmp_path / "a.geojson", True).read_text()
    )
    properties = collection["features"][0]["properties"]
    assert list(properties) == [c for c in ACLED_COLUMNS if c not in ("latitude", "longitude")]


def test_an_unknown_format_is_refused(con, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export.export_events(con, "xlsx", tmp_path / "events.xlsx", acled=False)


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_command_writes_the_default_file(warehouse, tmp_path, monkeypatch, capsys, fmt):
    monkeypatch.setenv("SITREP_REPORTS_DIR", str(tmp_path))
    parser = argparse.ArgumentParser()
    export.add_export_command(parser.add_subparsers())
    args = parser.parse_args(["export", "--format", fmt, "--acled", "--warehouse", str(warehouse)])
    assert args.func(args) == 0
    written = tmp_path / f"events-acled.{fmt}"
    assert capsys.readouterr().out.strip() == str(written)
    assert written.stat().st_size > 0


def test_export_command_honours_out(warehouse, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    export.add_export_command(parser.add_subparsers())
    out = tmp_path / "deep" / "mine.csv"
    args = parser.parse_args(["export", "--warehouse", str(warehouse), "--out", str(out)])
    assert args.func(args) == 0
    assert len(pd.read_csv(out)) == len(EVENTS)

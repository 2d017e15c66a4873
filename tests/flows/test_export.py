"""Exports: every format reads back with the usual tools, and --acled speaks ACLED."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows import export
from flows import warehouse as wh
from flows.cli import main
from tests.flows.test_views import (
    EVENTS,
    HOSTILE_EVIDENCE,
    MOSUL,
    insert_event,
    make_sample_warehouse,
)

# ACLED's export columns in ACLED's order (the list, which is ACLED's codebook's).
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
PROVENANCE = ["evidence", "confidence", "cluster", "doc"]
# The types ACLED documents for its export: a reader that asks for them fails on anything else.
ACLED_INTEGERS = [
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
    "fatalities", "timestamp",
]  # fmt: skip
ACLED_DTYPES = {c: "Int64" for c in ACLED_INTEGERS} | {
    "latitude": "float64",
    "longitude": "float64",
}
ACLED_DTYPES |= {c: "string" for c in ACLED_COLUMNS if c not in ACLED_DTYPES and c != "event_date"}
LOADED_AT = dt.datetime(2026, 12, 1, 9, 30, 0)  # the run's end, UTC


def read_acled_csv(path) -> pd.DataFrame:
    """The export read as an ACLED user's pandas script reads ACLED's own CSV."""
    return pd.read_csv(path, dtype=ACLED_DTYPES, parse_dates=["event_date"], na_values=[""])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """The sample warehouse, with its run recorded and one more event: Kurdish Peshmerga
    attacked by someone the article does not name (no actor1)."""
    path = tmp_path_factory.mktemp("export") / "w.duckdb"
    con = make_sample_warehouse(path)
    insert_event(
        con, "e12", "d4", dt.date(2016, 4, 2), 2, "Battles", "Armed clash", None,
        "Kurdish Peshmerga", MOSUL, 3, None, 1, None, "Peshmerga fighters came under fire.",
    )  # fmt: skip
    con.execute("UPDATE documents SET url = 'https://www.example.org/a/1' WHERE doc_id = 'd4'")
    con.execute(
        "INSERT INTO runs (run_id, started_at, ended_at, status) VALUES ('r1', ?, ?, 'completed')",
        [LOADED_AT - dt.timedelta(minutes=1), LOADED_AT],
    )
    con.close()
    return path


N_EVENTS = len(EVENTS) + 1


@pytest.fixture
def con(warehouse):
    con = wh.connect_reader(warehouse)
    yield con
    con.close()


def test_csv_round_trips(con, tmp_path):
    path = export.export_events(con, "csv", tmp_path / "events.csv", acled=False)
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    assert len(frame) == N_EVENTS
    row = frame.set_index("event_id").loc["e6"]
    assert row["evidence"] == HOSTILE_EVIDENCE  # quotes and commas survive
    assert row["event_date"] == "2015-05-18"
    assert row["fatalities"] == 12
    assert row["outlet"] == "Outlet A" and row["cluster_id"] == "c6"
    assert {"title", "published_date", "file_name", "confidence"} <= set(frame.columns)


def test_parquet_round_trips_with_types(con, tmp_path):
    path = export.export_events(con, "parquet", tmp_path / "events.parquet", acled=False)
    table = pq.read_table(path)
    assert table.num_rows == N_EVENTS
    rows = {r["event_id"]: r for r in table.to_pylist()}
    assert rows["e2"]["event_date"] == dt.date(2016, 3, 27)
    assert rows["e7"]["event_date"] is None
    assert rows["e2"]["latitude"] == pytest.approx(34.5624)


def test_geojson_is_a_feature_collection_of_points(con, tmp_path):
    path = export.export_events(con, "geojson", tmp_path / "events.geojson", acled=False)
    collection = json.loads(path.read_text())
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == N_EVENTS
    feature = next(f for f in collection["features"] if f["properties"]["event_id"] == "e8")
    assert feature["geometry"] == {"type": "Point", "coordinates": [39.0167, 35.95]}
    assert feature["properties"]["event_date"] == "2016-03-30"
    assert feature["properties"]["actor1"] == "United States"
    assert "latitude" not in feature["properties"]


def test_acled_csv_reads_back_with_acleds_columns_and_types(con, tmp_path):
    path = export.export_events(con, "csv", tmp_path / "acled.csv", acled=True)
    frame = read_acled_csv(path)  # raises if a value does not have ACLED's type
    assert list(frame.columns) == ACLED_COLUMNS
    assert len(frame) == N_EVENTS
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    for column in ("iso", "geo_precision", "fatalities", "timestamp", "latitude", "longitude"):
        assert frame[column].notna().all(), column
    dated = frame[frame["event_date"].notna()]
    assert (dated["year"] == dated["event_date"].dt.year).all()
    assert dated["time_precision"].notna().all()
    assert (frame["timestamp"] == int(LOADED_AT.replace(tzinfo=dt.UTC).timestamp())).all()


def acled_rows(con, tmp_path, **options) -> dict[str, dict]:
    """The ACLED export by sitrep's event id (from the provenance columns)."""
    path = export.export_events(
        con, "csv", tmp_path / "acled.csv", acled=True, with_provenance=True, **options
    )
    frame = pd.read_csv(path, dtype=ACLED_DTYPES, parse_dates=["event_date"], na_values=[""])
    assert list(frame.columns) == ACLED_COLUMNS + PROVENANCE
    frame = frame.astype(object).where(frame.notna(), None)
    event_ids = dict(
        ((doc, evidence), event_id)
        for event_id, doc, evidence in con.execute(
            "SELECT event_id, doc_id, evidence FROM events"
        ).fetchall()
    )
    return {event_ids[(r["doc"], r["evidence"])]: r for r in frame.to_dict("records")}


def test_acled_rows_follow_acleds_conventions(con, tmp_path):
    rows = acled_rows(con, tmp_path)
    bombing = rows["e6"]  # Islamic State (rebels, 2) bombs civilians (7) in Baghdad
    assert bombing["event_id_cnty"].startswith("IRQ") and bombing["event_id_cnty"][3:].isdigit()
    assert (bombing["inter1"], bombing["inter2"], bombing["interaction"]) == (2, 7, 27)
    assert bombing["actor2"] == "Civilians (Iraq)"
    assert bombing["civilian_targeting"] == "Civilian targeting"
    assert bombing["disorder_type"] == "Political violence"
    assert (bombing["iso"], bombing["region"]) == (368, "Middle East")
    assert bombing["source"] == "Outlet A" and bombing["fatalities"] == 12
    assert bombing["notes"] == (
        "On 18 May 2015, Islamic State carried out a suicide bombing against Civilians in "
        "Baghdad (Iraq), killing 12."
    )
    assert bombing["evidence"] == HOSTILE_EVIDENCE and bombing["doc"] == "d1"
    assert bombing["cluster"] == "c6" and bombing["confidence"] == pytest.approx(0.9)
    retaking = rows["e2"]  # the state (1) retakes Palmyra from rebels (2) in Assad's time
    assert retaking["actor1"] == "Military Forces of Syria (2000-2024)"
    assert (retaking["interaction"], retaking["iso"]) == (12, 760)
    assert retaking["civilian_targeting"] is None
    strike = rows["e8"]  # external forces (8) against rebels (2): smaller code first
    assert strike["actor1"] == "Military Forces of the United States (2009-2017)"
    assert strike["interaction"] == 28
    capture = rows["e1"]  # rebels acting alone: ACLED's "sole rebel action"
    assert (capture["inter2"], capture["interaction"], capture["fatalities"]) == (0, 20, 0)
    assert (
        capture["notes"] == "On 20 May 2015, Islamic State took territory in Palmyra (Homs, Syria)."
    )
    assert rows["e3"]["notes"].startswith("In May 2015, Islamic State took territory")


def test_no_actor1_gets_no_invented_code(con, tmp_path):
    rows = acled_rows(con, tmp_path)
    unnamed = rows["e12"]  # someone the article does not name fired on the Peshmerga
    assert unnamed["actor1"] is None and unnamed["inter1"] is None
    assert (unnamed["inter2"], unnamed["interaction"]) == (1, None)
    assert unnamed["notes"].startswith("Around 2 April 2016, Unidentified actors clashed with")
    nobody = rows["e7"]  # clashes with neither side named
    assert (nobody["inter1"], nobody["inter2"], nobody["interaction"]) == (None, None, None)
    assert nobody["event_date"] is None and nobody["year"] is None


def test_acled_source_is_the_outlet_or_the_articles_site(con, tmp_path):
    rows = acled_rows(con, tmp_path)
    assert rows["e7"]["source"] == "example.org"  # no outlet: the host of the article's URL
    assert rows["e2"]["source"] == "Outlet B" and rows["e2"]["source_scale"] is None
    assert {r["admin2"] for r in rows.values()} == {None}


def test_acled_ids_are_stable_and_unique(con, tmp_path):
    first = export.export_events(con, "csv", tmp_path / "1.csv", acled=True)
    second = export.export_events(con, "csv", tmp_path / "2.csv", acled=True)
    ids = read_acled_csv(first)["event_id_cnty"]
    assert list(ids) == list(read_acled_csv(second)["event_id_cnty"])
    assert ids.is_unique and ids.str.fullmatch(r"[A-Z]{3}\d+").all()


def test_the_acled_reference_tables_cover_every_country_and_sub_event():
    from transforms.reference import read_reference_csv

    reference = export.REFERENCE_DIR
    countries = set(read_reference_csv(reference / "countries.csv")["country"])
    regions = read_reference_csv(reference / "acled_regions.csv")
    assert set(regions["country"]) == countries
    assert regions["iso"].str.fullmatch(r"\d+").all()
    taxonomy = read_reference_csv(reference / "taxonomy.csv")
    sub_events = read_reference_csv(reference / "acled_sub_event_types.csv")
    assert sorted(sub_events["sub_event_type"]) == sorted(taxonomy["sub_event_type"])
    assert set(sub_events["disorder_type"]) == {
        "Political violence",
        "Demonstrations",
        "Political violence; Demonstrations",
        "Strategic developments",
    }


def test_acled_parquet_and_geojson_use_the_same_names_and_types(con, tmp_path):
    table = pq.read_table(export.export_events(con, "parquet", tmp_path / "a.parquet", True))
    assert table.column_names == ACLED_COLUMNS
    assert table.schema.field("event_date").type == pa.date32()
    assert all(pa.types.is_integer(table.schema.field(c).type) for c in ACLED_INTEGERS)
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
    assert main(["export", "--format", fmt, "--acled", "--warehouse", str(warehouse)]) == 0
    written = tmp_path / f"events-acled.{fmt}"
    assert capsys.readouterr().out.strip() == str(written)
    assert written.stat().st_size > 0


def test_export_command_honours_out(warehouse, tmp_path, capsys):
    out = tmp_path / "deep" / "mine.csv"
    assert main(["export", "--warehouse", str(warehouse), "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == N_EVENTS
    assert not list(out.parent.glob("*.partial"))


def test_export_command_adds_provenance_to_acled_only(warehouse, tmp_path, capsys):
    out = tmp_path / "acled.csv"
    args = ["export", "--acled", "--with-provenance", "--warehouse", str(warehouse)]
    assert main([*args, "--out", str(out)]) == 0
    assert list(read_acled_csv(out).columns) == ACLED_COLUMNS + PROVENANCE
    assert main(["export", "--with-provenance", "--warehouse", str(warehouse)]) == 2
    assert "--with-provenance" in capsys.readouterr().err

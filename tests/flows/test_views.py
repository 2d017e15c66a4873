"""Warehouse views: what an analyst reads off each of them, on a small hand-made warehouse.

The sample tells one story about Palmyra across five articles: ISIS takes it in May 2015,
the government retakes it in March 2016, ISIS takes it back in December 2016; several
articles restate each change, one of them twice, and one restates without a date.
`make_sample_warehouse` is also used by the report and export tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from flows import warehouse as wh
from tests.conftest import ROOT

SCHEMA = ROOT / "warehouse" / "schema"
VIEWS = ROOT / "warehouse" / "views"
VIEW_NAMES = [
    "events_enriched",
    "daily_counts",
    "fatalities_by_month",
    "actor_dyads",
    "control_changes",
]

D = dt.date
IS, SYG, USA = "Islamic State", "Syrian Government", "United States"
OVERTAKES = "Non-state actor overtakes territory"
REGAINS = "Government regains territory"
PALMYRA = ("Palmyra", "Homs", "Syria", 34.5624, 38.2840)
BAGHDAD = ("Baghdad", "Baghdad", "Iraq", 33.3406, 44.4009)
RAQQA = ("Raqqa", "Raqqa", "Syria", 35.9500, 39.0167)
MOSUL = ("Mosul", "Nineveh", "Iraq", 36.3350, 43.1189)
HOSTILE_EVIDENCE = 'Militants shouted "<script>alert(1)</script>" & fled Baghdad.'

# doc_id: (title, outlet, published_date, lead); the article's text is the lead followed by
# the evidence sentences of its events.
DOCUMENTS = {
    "d1": ("Palmyra falls to ISIS", "Outlet A", D(2015, 5, 22), "ISIS seized Palmyra."),
    "d2": ("Army retakes Palmyra", "Outlet B", D(2016, 3, 28), "The army retook Palmyra."),
    "d3": ("After Palmyra", "Outlet C", D(2016, 4, 2), "Palmyra was retaken in March."),
    "d4": (None, None, None, "Undated notes about Palmyra and Mosul."),
    "d5": ("ISIS back in Palmyra", "Outlet A", D(2016, 12, 12), "ISIS retook Palmyra."),
}

# event_id: (doc, date, precision, type, sub-type, actor1, actor2, place, fatalities,
#            inter1, inter2, cluster, evidence)
EVENTS = {
    "e1": ("d1", D(2015, 5, 20), 1, "Battles", OVERTAKES, IS, None, PALMYRA, None, 2, None, "c1",
           "ISIS seized Palmyra on May 20."),
    "e3": ("d2", D(2015, 5, 1), 3, "Battles", OVERTAKES, IS, None, PALMYRA, None, 2, None, "c1",
           "Palmyra, captured by ISIS in May 2015, ..."),
    "e2": ("d2", D(2016, 3, 27), 1, "Battles", REGAINS, SYG, IS, PALMYRA, 5, 1, 2, "c2",
           "The army retook Palmyra from ISIS on Sunday."),
    "e4": ("d3", D(2016, 3, 1), 3, "Battles", REGAINS, SYG, None, PALMYRA, None, 1, None, "c2",
           "Palmyra was retaken in March."),
    "e5": ("d3", D(2016, 3, 27), 1, "Battles", REGAINS, SYG, IS, PALMYRA, 7, 1, 2, "c2",
           "Government troops entered Palmyra on March 27."),
    "e10": ("d5", D(2016, 6, 1), 3, "Battles", REGAINS, SYG, None, PALMYRA, None, 1, None, None,
            "The government, which liberated Palmyra, held it through the summer."),
    "e9": ("d5", D(2016, 12, 11), 1, "Battles", OVERTAKES, IS, None, PALMYRA, None, 2, None, "c3",
           "ISIS retook Palmyra on Sunday."),
    "e11": ("d4", None, None, "Battles", OVERTAKES, IS, None, PALMYRA, None, 2, None, "c3",
            "ISIS overran Palmyra again."),
    "e6": ("d1", D(2015, 5, 18), 1, "Explosions/Remote violence", "Suicide bomb", IS,
           "Civilians", BAGHDAD, 12, 2, 7, "c6", HOSTILE_EVIDENCE),
    "e8": ("d3", D(2016, 3, 30), 1, "Explosions/Remote violence", "Air/drone strike", USA, IS,
           RAQQA, 3, 8, 2, "c8", "US jets struck Raqqa."),
    "e7": ("d4", None, None, "Battles", "Armed clash", None, None, MOSUL, None, None, None, None,
           "Clashes were reported in Mosul."),
}  # fmt: skip


def make_sample_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A writable warehouse at `path` holding DOCUMENTS and EVENTS (and their clusters)."""
    con = wh.connect_writer(path, SCHEMA, VIEWS)
    texts = {doc_id: lead for doc_id, (_, _, _, lead) in DOCUMENTS.items()}
    for event_id, event in EVENTS.items():
        doc_id, evidence = event[0], event[-1]
        start = len(texts[doc_id]) + 1
        texts[doc_id] += " " + evidence
        insert_event(con, event_id, *event, char_start=start)
    for doc_id, (title, outlet, published, _) in DOCUMENTS.items():
        con.execute(
            "INSERT INTO documents (doc_id, file_name, title, outlet, published_date, clean_text,"
            " source_path, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'r1')",
            [doc_id, f"{doc_id}.txt", title, outlet, published, texts[doc_id], f"{doc_id}.txt"],
        )
    return con


def insert_event(
    con: duckdb.DuckDBPyConnection,
    event_id: str,
    doc_id: str,
    date: dt.date | None,
    precision: int | None,
    event_type: str,
    sub_event_type: str,
    actor1: str | None,
    actor2: str | None,
    place: tuple[str, str, str, float, float],
    fatalities: int | None,
    inter1: int | None,
    inter2: int | None,
    cluster: str | None,
    evidence: str,
    char_start: int = 0,
) -> None:
    location, admin1, country, lat, lon = place
    con.execute(
        "INSERT INTO events (event_id, doc_id, event_date, time_precision, event_type,"
        " sub_event_type, actor1, actor2, location, admin1, country, latitude, longitude,"
        " geo_precision, fatalities, evidence, char_start, char_end, confidence, inter1, inter2,"
        " run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 0.9, ?, ?, 'r1')",
        [
            event_id, doc_id, date, precision, event_type, sub_event_type, actor1, actor2,
            location, admin1, country, lat, lon, fatalities, evidence, char_start,
            char_start + len(evidence),
            inter1, inter2,
        ],
    )  # fmt: skip
    if cluster:
        con.execute(
            "INSERT INTO event_clusters VALUES (?, ?, ?, 1, 1, 1, NULL, ?)",
            [cluster, event_id, doc_id, date],
        )


def records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    result = con.execute(sql)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


@pytest.fixture
def con(tmp_path):
    con = make_sample_warehouse(tmp_path / "w.duckdb")
    yield con
    con.close()


# --------------------------------------------------------------------------- control_changes


def test_control_changes_tell_who_held_palmyra_and_when(con):
    changes = records(
        con,
        "SELECT seq, event_date, time_precision, from_actor, from_actor_basis, to_actor,"
        " sub_event_type, sources, held_until FROM control_changes"
        " WHERE location = 'Palmyra' ORDER BY seq",
    )
    assert changes == [
        {
            "seq": 1,
            "event_date": D(2015, 5, 20),  # the precise date beats the restatement's "May 2015"
            "time_precision": 1,
            "from_actor": None,  # nobody named, nobody held it before as far as we know
            "from_actor_basis": None,
            "to_actor": IS,
            "sub_event_type": OVERTAKES,
            "sources": 2,  # d1 and d2
            "held_until": D(2016, 3, 27),
        },
        {
            "seq": 2,
            "event_date": D(2016, 3, 27),
            "time_precision": 1,
            "from_actor": IS,
            "from_actor_basis": "stated",
            "to_actor": SYG,
            "sub_event_type": REGAINS,
            "sources": 3,  # d2, d3 (twice: counted once), d5's later restatement
            "held_until": D(2016, 12, 11),
        },
        {
            "seq": 3,
            "event_date": D(2016, 12, 11),
            "time_precision": 1,
            "from_actor": SYG,  # not named by the article: the previous holder
            "from_actor_basis": "previous holder",
            "to_actor": IS,
            "sub_event_type": OVERTAKES,
            "sources": 2,  # d5 and d4's undated restatement
            "held_until": None,
        },
    ]


def test_control_changes_quote_the_first_published_report(con):
    first = records(
        con,
        "SELECT first_evidence, first_evidence_doc_id, first_reported, event_ids, latitude"
        " FROM control_changes WHERE location = 'Palmyra' AND seq = 1",
    )[0]
    assert first["first_evidence_doc_id"] == "d1"
    assert first["first_evidence"] == "ISIS seized Palmyra on May 20."
    assert first["first_reported"] == D(2015, 5, 22)
    assert first["event_ids"] == ["e1", "e3"]
    assert first["latitude"] == pytest.approx(34.5624)


def test_control_changes_leave_out_fighting_that_moves_no_line(con):
    places = {r["location"] for r in records(con, "SELECT location FROM control_changes")}
    assert places == {"Palmyra"}  # Baghdad, Raqqa and Mosul saw no change of control


def test_a_restatement_in_another_month_folds_into_the_change_it_restates(con):
    second = records(
        con, "SELECT event_ids FROM control_changes WHERE location = 'Palmyra' AND seq = 2"
    )[0]
    assert second["event_ids"] == ["e10", "e2", "e4", "e5"]


# --------------------------------------------------------------------------- the other views


def test_events_enriched_adds_article_and_cluster(con):
    rows = {r["event_id"]: r for r in records(con, "SELECT * FROM events_enriched")}
    assert len(rows) == len(EVENTS)
    assert rows["e2"]["title"] == "Army retakes Palmyra"
    assert rows["e2"]["outlet"] == "Outlet B"
    assert rows["e2"]["published_date"] == D(2016, 3, 28)
    assert rows["e2"]["file_name"] == "d2.txt"
    assert rows["e2"]["cluster_id"] == "c2"
    assert rows["e7"]["cluster_id"] is None and rows["e7"]["title"] is None


def test_daily_counts_count_happenings_once(con):
    rows = records(
        con,
        "SELECT * FROM daily_counts WHERE event_date = DATE '2016-03-27'"
        " AND event_type = 'Battles' AND country = 'Syria'",
    )
    assert rows == [
        {
            "event_date": D(2016, 3, 27),
            "event_type": "Battles",
            "country": "Syria",
            "events": 2,  # e2 and e5, two articles ...
            "happenings": 1,  # ... about one happening (cluster c2)
            "fatalities": 12,  # 5 + 7 as reported
            "fatalities_distinct": 7,  # the happening's highest toll, once
        }
    ]
    undated = con.execute("SELECT count(*) FROM daily_counts WHERE event_date IS NULL").fetchone()
    assert undated == (0,)


def test_fatalities_by_month(con):
    rows = records(
        con,
        "SELECT month, country, event_type, events, happenings, fatalities, fatalities_distinct"
        " FROM fatalities_by_month WHERE month = DATE '2016-03-01' ORDER BY event_type",
    )
    assert rows == [
        {
            "month": D(2016, 3, 1),
            "country": "Syria",
            "event_type": "Battles",
            "events": 3,
            "happenings": 1,
            "fatalities": 12,
            "fatalities_distinct": 7,
        },
        {
            "month": D(2016, 3, 1),
            "country": "Syria",
            "event_type": "Explosions/Remote violence",
            "events": 1,
            "happenings": 1,
            "fatalities": 3,
            "fatalities_distinct": 3,
        },
    ]
    total = con.execute("SELECT sum(events) FROM fatalities_by_month").fetchone()[0]
    assert total == len(EVENTS) - 2  # the two undated events have no month


def test_actor_dyads(con):
    dyads = {
        (r["actor1"], r["actor2"]): r
        for r in records(con, "SELECT * FROM actor_dyads")  # e7 has no actors: left out
    }
    assert set(dyads) == {(IS, None), (SYG, IS), (SYG, None), (IS, "Civilians"), (USA, IS)}
    pair = dyads[(SYG, IS)]
    assert (pair["events"], pair["happenings"], pair["articles"], pair["fatalities"]) == (
        2,
        1,
        2,
        12,
    )
    assert (pair["first_event_date"], pair["last_event_date"]) == (D(2016, 3, 27), D(2016, 3, 27))
    one_sided = dyads[(IS, None)]
    assert one_sided["events"] == 4
    assert (one_sided["first_event_date"], one_sided["last_event_date"]) == (
        D(2015, 5, 1),
        D(2016, 12, 11),
    )


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_every_view_works_on_an_empty_warehouse(tmp_path, view):
    con = wh.connect_writer(tmp_path / "empty.duckdb", SCHEMA, VIEWS)
    assert con.execute(f"SELECT count(*) FROM {view}").fetchone() == (0,)
    con.close()


def test_each_view_file_is_one_create_or_replace_view():
    files = sorted(VIEWS.glob("*.sql"))
    assert set(VIEW_NAMES) <= {f.stem for f in files}
    for path in files:
        sql = path.read_text()
        code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
        assert code.strip().startswith(f"CREATE OR REPLACE VIEW {path.stem} AS"), path.name
        assert ";" not in code.strip().rstrip(";"), f"{path.name} holds more than one statement"

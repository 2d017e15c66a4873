"""Tests for cross-article event clustering (transforms/cluster.py).

Frames are built by hand: a few events around Mosul, each from its own article
unless a test says otherwise. Every test asserts exact cluster memberships and
figures. Distances are set by moving a point north of Mosul along its meridian
(one degree of latitude is about 111.2 km), so "11 km", "22 km" and so on are
exact enough for radii of 15, 50 and 150 km.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import pytest

from transforms.cluster import (
    CLUSTER_COLUMNS,
    RADIUS_KM,
    WINDOW_DAYS,
    actors_compatible,
    cluster_events,
    same_happening,
    window,
)
from transforms.geo import great_circle_km

D = dt.date
MOSUL = (36.3350, 43.1189)
KM_PER_DEGREE_LAT = 6371.0 * 3.141592653589793 / 180.0  # about 111.19 km

CAPTURE = "Non-state actor overtakes territory"
AIRSTRIKE = "Air/drone strike"
CLASH = "Armed clash"
IS = "Islamic State"
IRAQ = "Iraqi Government"
PESHMERGA = "Kurdish Peshmerga"


def north_of_mosul(distance_km: float) -> tuple[float, float]:
    """A point `distance_km` due north of Mosul."""
    return MOSUL[0] + distance_km / KM_PER_DEGREE_LAT, MOSUL[1]


def ev(
    event_id: str,
    doc_id: str,
    *,
    sub_event_type: str = CAPTURE,
    event_date: object = D(2016, 5, 15),
    time_precision: int | None = 1,
    at_km: float = 0.0,
    geo_precision: int = 1,
    actor1: object = IS,
    actor2: object = IRAQ,
) -> dict:
    """One event row with the columns cluster_events needs."""
    lat, lon = north_of_mosul(at_km)
    return {
        "event_id": event_id,
        "doc_id": doc_id,
        "sub_event_type": sub_event_type,
        "event_date": event_date,
        "time_precision": time_precision,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": geo_precision,
        "actor1": actor1,
        "actor2": actor2,
    }


def doc(doc_id: str, outlet: object = None, published: object = None) -> dict:
    return {"doc_id": doc_id, "outlet": outlet, "published_date": published}


def default_docs(events: list[dict]) -> pd.DataFrame:
    """One document per doc_id of `events`, each from its own outlet, published 2016-05-16."""
    doc_ids = sorted({e["doc_id"] for e in events})
    return pd.DataFrame([doc(d, f"outlet-{d}", D(2016, 5, 16)) for d in doc_ids])


def run(events: list[dict], docs: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(events)
    return cluster_events(frame, default_docs(events) if docs is None else docs)


def groups(result: pd.DataFrame) -> set[frozenset[str]]:
    """The clusters as sets of event ids."""
    return {frozenset(g["event_id"]) for _, g in result.groupby("cluster_id")}


def row(result: pd.DataFrame, event_id: str) -> dict:
    rows = result[result["event_id"] == event_id].to_dict("records")
    assert len(rows) == 1, rows
    return rows[0]


def clustered(a: dict, b: dict) -> bool:
    """Whether two events (from different articles) end up in one cluster."""
    return groups(run([a, b])) == {frozenset({a["event_id"], b["event_id"]})}


def cluster_id_of(event_id: str) -> str:
    return "cl-" + hashlib.sha256(event_id.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- corroboration


def test_two_outlets_reporting_the_same_capture_form_one_cluster_with_their_figures() -> None:
    """Same capture of Mosul, same day, two articles from two outlets: one cluster,
    2 events, 2 articles, 2 outlets, earliest report = the earlier publication."""
    events = [ev("e-reuters", "d-reuters"), ev("e-ap", "d-ap")]
    docs = pd.DataFrame(
        [doc("d-reuters", "Reuters", D(2016, 5, 17)), doc("d-ap", "AP", D(2016, 5, 16))]
    )
    result = run(events, docs)

    assert list(result.columns) == CLUSTER_COLUMNS
    assert len(result) == 2
    assert groups(result) == {frozenset({"e-reuters", "e-ap"})}
    for event_id, doc_id in [("e-reuters", "d-reuters"), ("e-ap", "d-ap")]:
        r = row(result, event_id)
        assert r["doc_id"] == doc_id
        assert r["n_events"] == 2
        assert r["n_articles"] == 2
        assert r["n_outlets"] == 2
        assert r["earliest_report"] == D(2016, 5, 16)
        assert r["first_event_date"] == D(2016, 5, 15)


def test_two_articles_from_one_outlet_count_two_articles_but_one_outlet() -> None:
    """n_outlets counts distinct outlets, n_articles distinct doc_ids."""
    events = [ev("e1", "d1"), ev("e2", "d2")]
    docs = pd.DataFrame([doc("d1", "Reuters", D(2016, 5, 16)), doc("d2", "Reuters", None)])
    r = row(run(events, docs), "e1")
    assert (r["n_articles"], r["n_outlets"]) == (2, 1)
    assert r["earliest_report"] == D(2016, 5, 16)  # a NULL publication date is ignored


def test_articles_without_outlet_or_publication_date_are_not_counted_as_outlets() -> None:
    """A missing outlet adds no outlet; with no publication date at all, earliest_report is None."""
    events = [ev("e1", "d1"), ev("e2", "d2")]
    docs = pd.DataFrame([doc("d1", None, None), doc("d2", "", None)])
    r = row(run(events, docs), "e2")
    assert (r["n_events"], r["n_articles"], r["n_outlets"]) == (2, 2, 0)
    assert r["earliest_report"] is None


def test_a_lone_event_is_its_own_cluster() -> None:
    """Every event gets a row; an event with no partner has n_events = n_articles = 1."""
    result = run([ev("e1", "d1")])
    assert list(result.columns) == CLUSTER_COLUMNS
    assert result.to_dict("records") == [
        {
            "cluster_id": cluster_id_of("e1"),
            "event_id": "e1",
            "doc_id": "d1",
            "n_events": 1,
            "n_articles": 1,
            "n_outlets": 1,
            "earliest_report": D(2016, 5, 16),
            "first_event_date": D(2016, 5, 15),
        }
    ]


# --------------------------------------------------------------------------- sub-event type


def test_same_place_and_day_but_different_sub_event_types_are_not_clustered() -> None:
    """A capture and an airstrike at the same place and day are two happenings."""
    a = ev("e1", "d1", sub_event_type=CAPTURE)
    b = ev("e2", "d2", sub_event_type=AIRSTRIKE)
    assert same_happening(a, b) is False
    assert same_happening(a, ev("e3", "d3", sub_event_type=CAPTURE)) is True
    result = run([a, b])
    assert groups(result) == {frozenset({"e1"}), frozenset({"e2"})}
    assert set(result["n_articles"]) == {1}


# --------------------------------------------------------------------------- distance


def test_km_measures_a_degree_of_latitude_as_about_111_km() -> None:
    km = great_circle_km  # clustering's distance is the project's one formula
    assert km(*MOSUL, *north_of_mosul(100.0)) == pytest.approx(100.0, abs=0.01)
    assert km(36.0, 43.0, 37.0, 43.0) == pytest.approx(111.19, abs=0.01)
    assert km(*MOSUL, *MOSUL) == 0.0


def test_radius_table_is_what_the_distance_tests_assume() -> None:
    assert RADIUS_KM == {1: 15.0, 2: 50.0, 3: 150.0}


# (geo_precision of a, geo_precision of b, km apart, clustered?)
# fmt: off
DISTANCES = [
    (1, 1, 11.0, True),    # two town-level reports 11 km apart: within 15 km
    (1, 1, 22.0, False),   # 22 km apart: beyond 15 km
    (1, 1, 111.0, False),
    (2, 2, 40.0, True),    # near-town precision: 50 km
    (2, 1, 40.0, True),    # the looser of the two precisions decides
    (1, 2, 56.0, False),   # beyond 50 km
    (3, 1, 111.0, True),   # province-level: 150 km
    (1, 3, 140.0, True),
    (3, 3, 111.0, True),
    (3, 1, 167.0, False),  # beyond 150 km even for province level
]
# fmt: on


@pytest.mark.parametrize(("prec_a", "prec_b", "apart_km", "expected"), DISTANCES)
def test_distance_limit_is_the_radius_of_the_looser_geo_precision(
    prec_a: int, prec_b: int, apart_km: float, expected: bool
) -> None:
    """Same type and day: clustered exactly when the distance is within max(radius a, radius b)."""
    a = ev("e1", "d1", geo_precision=prec_a)
    b = ev("e2", "d2", geo_precision=prec_b, at_km=apart_km)
    assert clustered(a, b) is expected


def test_province_level_event_clusters_over_a_distance_that_town_level_events_do_not() -> None:
    """The same pair of points 111 km apart: apart at precision 1, together when one is precision 3."""
    town = [ev("e1", "d1", geo_precision=1), ev("e2", "d2", geo_precision=1, at_km=111.0)]
    province = [ev("e1", "d1", geo_precision=3), ev("e2", "d2", geo_precision=1, at_km=111.0)]
    assert groups(run(town)) == {frozenset({"e1"}), frozenset({"e2"})}
    assert groups(run(province)) == {frozenset({"e1", "e2"})}


# --------------------------------------------------------------------------- date windows


def test_window_spans_a_day_a_week_or_the_rest_of_the_month_or_year() -> None:
    assert WINDOW_DAYS == {1: 1, 2: 7}
    assert window(D(2016, 5, 15), 1) == (D(2016, 5, 15), D(2016, 5, 16))
    assert window(D(2016, 5, 15), 2) == (D(2016, 5, 15), D(2016, 5, 22))
    assert window(D(2016, 4, 1), 3) == (D(2016, 4, 1), D(2016, 4, 30))
    assert window(D(2016, 2, 1), 3) == (D(2016, 2, 1), D(2016, 2, 29))
    assert window(D(2016, 1, 1), 4) == (D(2016, 1, 1), D(2016, 12, 31))
    assert window(D(2016, 9, 1), 4) == (D(2016, 9, 1), D(2016, 12, 31))  # "late 2016"


def test_missing_time_precision_is_treated_as_year_precision() -> None:
    """A dated event with no precision (None, NaN or NA) gets the widest window."""
    assert window(D(2016, 1, 1), None) == window(D(2016, 1, 1), 4)
    assert window(D(2016, 1, 1), float("nan")) == window(D(2016, 1, 1), 4)
    assert window(D(2016, 1, 1), pd.NA) == window(D(2016, 1, 1), 4)
    a = ev("e1", "d1", event_date=D(2016, 1, 1), time_precision=None)
    b = ev("e2", "d2", event_date=D(2016, 9, 1), time_precision=1)
    assert same_happening(a, b)
    frame = pd.DataFrame([a, b]).astype({"time_precision": "Int16"})  # NA, as from the warehouse
    result = cluster_events(frame, default_docs([a, b]))
    assert groups(result) == {frozenset({"e1", "e2"})}


# (date a, precision a, date b, precision b, clustered?)
# fmt: off
DATES = [
    (D(2016, 4, 1), 3, D(2016, 4, 20), 1, True),    # a day inside the month
    (D(2016, 4, 1), 3, D(2016, 4, 30), 1, True),    # last day of the month
    (D(2016, 4, 1), 3, D(2016, 4, 1), 3, True),     # two reports of the same month
    (D(2016, 4, 1), 3, D(2016, 6, 1), 3, False),    # April vs June
    (D(2016, 4, 1), 3, D(2016, 5, 10), 1, False),   # well into the next month
    (D(2016, 5, 15), 1, D(2016, 5, 15), 1, True),   # same day
    (D(2016, 5, 15), 1, D(2016, 5, 17), 1, False),  # two days apart
    (D(2016, 5, 15), 1, D(2016, 6, 15), 1, False),  # a month apart
    (D(2016, 5, 8), 2, D(2016, 5, 14), 1, True),    # inside the week
    (D(2016, 5, 8), 2, D(2016, 5, 20), 1, False),   # after the week
    (D(2016, 1, 1), 4, D(2016, 12, 31), 1, True),   # year precision reaches the year's last day
    (D(2016, 1, 1), 4, D(2017, 3, 1), 1, False),
    (D(2016, 5, 20), 1, D(2016, 5, 1), 3, True),    # order of the two does not matter
]
# fmt: on


@pytest.mark.parametrize(("date_a", "prec_a", "date_b", "prec_b", "expected"), DATES)
def test_events_cluster_only_when_their_date_windows_overlap(
    date_a: dt.date, prec_a: int, date_b: dt.date, prec_b: int, expected: bool
) -> None:
    a = ev("e1", "d1", event_date=date_a, time_precision=prec_a)
    b = ev("e2", "d2", event_date=date_b, time_precision=prec_b)
    assert clustered(a, b) is expected


def test_exact_days_one_day_apart_cluster_because_the_window_end_is_inclusive() -> None:
    """A precision-1 window is [d, d+1] with both ends included, so reports dated 15 and
    16 May are one happening (a one-day tolerance), 15 and 17 are not."""
    a = ev("e1", "d1", event_date=D(2016, 5, 15))
    assert clustered(a, ev("e2", "d2", event_date=D(2016, 5, 16)))
    assert not clustered(a, ev("e2", "d2", event_date=D(2016, 5, 17)))


def test_week_precision_window_includes_its_eighth_day() -> None:
    """Current behaviour: [d, d+7] inclusive covers 8 days; d+8 is outside."""
    a = ev("e1", "d1", event_date=D(2016, 5, 8), time_precision=2)
    assert clustered(a, ev("e2", "d2", event_date=D(2016, 5, 15)))
    assert not clustered(a, ev("e2", "d2", event_date=D(2016, 5, 16)))


# (period start, precision, first day after the period) -- month and year periods
PERIOD_ENDS = [
    pytest.param(D(2016, 1, 1), 3, D(2016, 2, 1), id="January-vs-1-February"),
    pytest.param(D(2016, 2, 1), 3, D(2016, 3, 1), id="February-2016-vs-1-March"),
    pytest.param(D(2016, 2, 1), 3, D(2016, 3, 3), id="February-2016-vs-3-March"),
    pytest.param(D(2016, 4, 1), 3, D(2016, 5, 1), id="April-vs-1-May"),
    pytest.param(D(2016, 4, 1), 3, D(2016, 5, 2), id="April-vs-2-May"),
    pytest.param(D(2015, 1, 1), 4, D(2016, 1, 1), id="year-2015-vs-1-January-2016"),
]


@pytest.mark.parametrize(("start", "precision", "day_after"), PERIOD_ENDS)
def test_month_or_year_period_does_not_overlap_a_day_after_it_ends(
    start: dt.date, precision: int, day_after: dt.date
) -> None:
    """A month-precision date means "some day in that month" (contract: "a month: inside that
    month"), so it must not be the same happening as an exact-day report from the next month."""
    a = ev("e1", "d1", event_date=start, time_precision=precision)
    b = ev("e2", "d2", event_date=day_after, time_precision=1)
    assert not clustered(a, b)


def test_undated_events_stay_in_clusters_of_their_own() -> None:
    """Module docstring: events without a date cannot be placed in time. Two undated reports of
    the same capture, and an undated report next to a dated one, all stay singletons."""
    events = [
        ev("e1", "d1", event_date=None, time_precision=None),
        ev("e2", "d2", event_date=None, time_precision=None),
        ev("e3", "d3"),
    ]
    assert same_happening(events[0], events[1]) is False
    assert same_happening(events[0], events[2]) is False
    assert same_happening(events[2], events[0]) is False
    result = run(events)
    assert groups(result) == {frozenset({"e1"}), frozenset({"e2"}), frozenset({"e3"})}
    for event_id in ("e1", "e2"):
        r = row(result, event_id)
        assert (r["n_events"], r["n_articles"], r["n_outlets"]) == (1, 1, 1)
        assert r["first_event_date"] is None
        assert r["cluster_id"] == cluster_id_of(event_id)


def test_nan_nat_and_na_dates_count_as_undated() -> None:
    """Missing dates as pandas frames hold them (NaT in datetime columns, NA) are undated."""
    frame = pd.DataFrame(
        [
            ev("e1", "d1", event_date=pd.NaT, time_precision=None),
            ev("e2", "d2", event_date=pd.NA, time_precision=None),
            ev("e3", "d3", event_date=None, time_precision=None),
        ]
    )
    result = cluster_events(frame, default_docs(frame.to_dict("records")))
    assert groups(result) == {frozenset({"e1"}), frozenset({"e2"}), frozenset({"e3"})}


def test_dates_as_timestamps_strings_and_nullable_ints_cluster_like_dates() -> None:
    """The warehouse hands DATE back as datetime64 and SMALLINT as nullable Int16 (with NA for
    undated rows); those frames cluster exactly like hand-made datetime.date values."""
    frame = pd.DataFrame(
        [ev("e1", "d1"), ev("e2", "d2"), ev("e3", "d3", event_date=None, time_precision=None)]
    )
    frame["event_date"] = pd.to_datetime(frame["event_date"]).astype("datetime64[us]")
    frame["time_precision"] = frame["time_precision"].astype("Int16")
    frame["geo_precision"] = frame["geo_precision"].astype("int32")
    docs = pd.DataFrame(
        [
            doc("d1", "Reuters", "2016-05-17"),
            doc("d2", "AP", pd.Timestamp("2016-05-16")),
            doc("d3", "AFP", None),
        ]
    )
    result = cluster_events(frame, docs)
    assert groups(result) == {frozenset({"e1", "e2"}), frozenset({"e3"})}
    r = row(result, "e1")
    assert r["earliest_report"] == D(2016, 5, 16)
    assert r["first_event_date"] == D(2016, 5, 15)
    assert type(r["first_event_date"]) is dt.date


# --------------------------------------------------------------------------- actors

# (actors of a, actors of b, compatible?)
# fmt: off
ACTOR_PAIRS = [
    ((IS, IRAQ), (IS, IRAQ), True),
    ((IS, IRAQ), (IS, None), True),          # actor2 unstated on one side
    ((IS, None), (IS, IRAQ), True),
    ((IS, IRAQ), (IS, float("nan")), True),  # NaN, NA and "" are unstated too
    ((IS, IRAQ), (IS, pd.NA), True),
    ((IS, IRAQ), (IS, ""), True),
    ((None, None), (IS, IRAQ), True),
    ((IS, IRAQ), (IS, PESHMERGA), False),    # different actor2
    ((IS, IRAQ), (PESHMERGA, IRAQ), False),  # different actor1
    ((IS, IRAQ), (IRAQ, IS), False),         # roles swapped
]
# fmt: on


@pytest.mark.parametrize(("actors_a", "actors_b", "expected"), ACTOR_PAIRS)
def test_actors_compatible_requires_stated_actors_to_agree_slot_by_slot(
    actors_a: tuple, actors_b: tuple, expected: bool
) -> None:
    a = {"actor1": actors_a[0], "actor2": actors_a[1]}
    b = {"actor1": actors_b[0], "actor2": actors_b[1]}
    assert actors_compatible(a, b) is expected
    assert actors_compatible(b, a) is expected


def test_incompatible_actors_keep_otherwise_identical_events_apart() -> None:
    """IS taking Mosul from the Iraqi army vs IS taking it from the Peshmerga: two happenings."""
    a = ev("e1", "d1", actor2=IRAQ)
    b = ev("e2", "d2", actor2=PESHMERGA)
    c = ev("e3", "d3", actor1=PESHMERGA, actor2=IRAQ)
    assert groups(run([a, b, c])) == {frozenset({"e1"}), frozenset({"e2"}), frozenset({"e3"})}


def test_allies_in_the_same_slot_are_compatible() -> None:
    """One outlet credits the Iraqi army, another the Peshmerga fighting beside it; with the
    sides of actor_sides.csv they are one happening, without them two."""
    a = ev("e1", "d1", actor1=IRAQ, actor2=None)
    b = ev("e2", "d2", actor1=PESHMERGA, actor2=None)
    allies = {IRAQ: frozenset({PESHMERGA}), PESHMERGA: frozenset({IRAQ})}
    frame = pd.DataFrame([a, b])
    assert groups(cluster_events(frame, default_docs([a, b]), allies)) == {frozenset({"e1", "e2"})}
    assert groups(cluster_events(frame, default_docs([a, b]))) == {
        frozenset({"e1"}),
        frozenset({"e2"}),
    }


def test_missing_actor2_on_one_side_still_clusters() -> None:
    a = ev("e1", "d1", actor2=IRAQ)
    b = ev("e2", "d2", actor2=None)
    assert clustered(a, b)


# --------------------------------------------------------------------------- same article


def test_two_events_of_the_same_article_are_never_linked_directly() -> None:
    """same_happening refuses a pair with the same doc_id, so one article restating an event
    does not become two corroborating articles: two singletons with n_articles = 1."""
    a = ev("e1", "d1")
    b = ev("e2", "d1")
    assert same_happening(a, b) is False
    result = run([a, b])
    assert groups(result) == {frozenset({"e1"}), frozenset({"e2"})}
    assert list(result["n_events"]) == [1, 1]
    assert list(result["n_articles"]) == [1, 1]
    assert list(result["n_outlets"]) == [1, 1]


def test_events_of_one_article_joined_through_another_article_count_that_article_once() -> None:
    """Chaining: e1 and e3 (both article d1) each match e2 (article d2), so all three share a
    cluster; n_events is 3 but n_articles counts distinct articles: 2, not 3."""
    events = [ev("e1", "d1"), ev("e2", "d2"), ev("e3", "d1", at_km=5.0)]
    result = run(events)
    assert groups(result) == {frozenset({"e1", "e2", "e3"})}
    assert set(result["n_events"]) == {3}
    assert set(result["n_articles"]) == {2}
    assert set(result["n_outlets"]) == {2}


# --------------------------------------------------------------------------- chaining


def test_links_chain_transitively_even_when_the_ends_are_too_far_apart() -> None:
    """Union-find: A~B (11 km) and B~C (11 km) put A, B, C in one cluster although A and C
    are 22 km apart, beyond the 15 km radius of precision 1."""
    a = ev("a", "d1", at_km=0.0)
    b = ev("b", "d2", at_km=11.0)
    c = ev("c", "d3", at_km=22.0)
    assert same_happening(a, b) and same_happening(b, c)
    assert not same_happening(a, c)
    result = run([a, b, c])
    assert groups(result) == {frozenset({"a", "b", "c"})}
    assert set(result["n_events"]) == {3}
    assert set(result["n_articles"]) == {3}


def test_chaining_through_an_unstated_actor_joins_events_with_contradicting_actors() -> None:
    """As implemented (single linkage): A (IS vs Iraq) ~ B (IS, actor2 unstated) ~ C (IS vs
    Peshmerga), so A and C share a cluster though their actor2 contradict each other."""
    a = ev("a", "d1", actor2=IRAQ)
    b = ev("b", "d2", actor2=None)
    c = ev("c", "d3", actor2=PESHMERGA)
    assert not actors_compatible(a, c)
    assert groups(run([a, b, c])) == {frozenset({"a", "b", "c"})}


def test_separate_happenings_in_one_frame_get_separate_clusters() -> None:
    """Two captures (Mosul, 15 May, and 100 km away, 15 May) and one airstrike: three clusters,
    each with its own figures."""
    events = [
        ev("m1", "d1"),
        ev("m2", "d2"),
        ev("q1", "d1", at_km=100.0),
        ev("q2", "d3", at_km=100.0),
        ev("q3", "d4", at_km=100.0),
        ev("s1", "d2", sub_event_type=AIRSTRIKE),
    ]
    result = run(events)
    assert groups(result) == {
        frozenset({"m1", "m2"}),
        frozenset({"q1", "q2", "q3"}),
        frozenset({"s1"}),
    }
    assert row(result, "q1")["n_articles"] == 3
    assert row(result, "m2")["n_articles"] == 2
    assert row(result, "s1")["n_articles"] == 1
    assert result["cluster_id"].nunique() == 3


# --------------------------------------------------------------------------- ids and shape


def test_cluster_id_comes_from_the_earliest_dated_event_then_the_smallest_event_id() -> None:
    """cluster_id = "cl-" + sha256(first event id)[:16], the first event being the earliest
    event_date (ties broken by event_id), not simply the smallest event_id."""
    events = [
        ev("a-late", "d1", event_date=D(2016, 5, 16)),
        ev("z-early", "d2", event_date=D(2016, 5, 15)),
        ev("m-early", "d3", event_date=D(2016, 5, 15)),
    ]
    result = run(events)
    assert set(result["cluster_id"]) == {cluster_id_of("m-early")}
    assert set(result["first_event_date"]) == {D(2016, 5, 15)}


def test_result_does_not_depend_on_input_row_order() -> None:
    events = [
        ev("a", "d1", at_km=0.0),
        ev("b", "d2", at_km=11.0),
        ev("c", "d3", at_km=60.0),
        ev("d", "d4", at_km=70.0),
    ]
    forward = run(events).sort_values("event_id").reset_index(drop=True)
    backward = run(events[::-1]).sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(forward, backward)
    assert groups(forward) == {frozenset({"a", "b"}), frozenset({"c", "d"})}


def test_one_row_per_input_event_with_the_contract_columns() -> None:
    events = [ev(f"e{i}", f"d{i % 3}", at_km=40.0 * i) for i in range(6)]
    result = run(events)
    assert list(result.columns) == CLUSTER_COLUMNS
    assert sorted(result["event_id"]) == [f"e{i}" for i in range(6)]
    assert result.set_index("event_id")["doc_id"].to_dict() == {
        f"e{i}": f"d{i % 3}" for i in range(6)
    }


def test_empty_events_give_an_empty_frame_with_the_cluster_columns() -> None:
    events = pd.DataFrame(columns=[*ev("x", "y").keys()])
    result = cluster_events(events, pd.DataFrame(columns=["doc_id", "outlet", "published_date"]))
    assert result.empty
    assert list(result.columns) == CLUSTER_COLUMNS


def test_an_event_with_no_known_place_is_its_own_cluster() -> None:
    placed = ev("placed", "d1")
    unplaced = {**ev("unplaced", "d2"), "latitude": None, "longitude": None, "geo_precision": None}
    result = run([placed, unplaced])
    assert groups(result) == {frozenset({"placed"}), frozenset({"unplaced"})}

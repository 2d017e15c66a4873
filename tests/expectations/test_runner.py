"""validate_run on a small run with one injected fault per bad row.

One module-scoped validation serves most tests (GX is slow to import and to set
up); the table-level and edge-case tests each run their own small validation.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from expectations.runner import DOCUMENT_QUARANTINED, ValidationOutcome, validate_run
from expectations.severity import SeverityPolicy
from tests.expectations import synthetic
from transforms.frames import frame_from_rows

GOOD_DOCS = 3
PER_DOC = 3  # events per good document; all of them are valid

# event_id of each bad event -> the one check it breaks (besides knock-on checks listed)
BAD_EVENTS = {
    "bad-latitude": ({"latitude": 95.0}, {"latitude_in_range"}),
    "bad-outside-country": ({"latitude": 48.85, "longitude": 2.35}, {"inside_country_bounds"}),
    "bad-subtype": ({"sub_event_type": "Grenade"}, {"taxonomy_pair_valid"}),
    "bad-after-publication": (
        {"event_date": synthetic.PUBLISHED + dt.timedelta(days=5)},
        {"event_date_not_after_publication"},
    ),
    "bad-actor": ({"actor1": "Foo Brigade"}, {"actor1_known"}),
    "bad-assoc-actor": ({"assoc_actor1": "Islamic State; Nobody Special"}, {"assoc_actor1_known"}),
    "bad-precision": (
        {"event_date": None, "time_precision": 1},
        {"time_precision_null_iff_event_date_null"},
    ),
    "bad-fatalities": ({"fatalities": 20_000}, {"fatalities_in_range"}),
    "bad-confidence": ({"confidence": 1.5}, {"confidence_in_range"}),
    "bad-geo-precision": ({"geo_precision": 4}, {"geo_precision_valid"}),
    "bad-old-date": ({"event_date": dt.date(1985, 3, 1)}, {"event_date_not_before_1990"}),
    "bad-half-place": (
        {"location": None},
        {"location_coordinates_precision_null_together"},
    ),
}
# Failures that mean a bug, not a bad row (severity error): each stops the run.
BUGS = {
    "bad-offsets": ({"char_start": 1}, "evidence_matches_offsets"),
    "bad-doc": ({"doc_id": "doc-unknown"}, "doc_id_known"),
}
DUPLICATED = "ev00001-00"  # a good event's id, given to a second row too
GENERIC_ACTORS = {
    "ok-generic-military": "Military Forces of Iraq",
    "ok-generic-police": "Police Forces of Syria",
    "ok-protesters-of": "Protesters (Iraq)",
}
BAD_DOC = "doc-bad"  # a document with an invalid published_date_source; its event must follow it


def run_frames() -> dict[str, pd.DataFrame]:
    documents = synthetic.document_rows(GOOD_DOCS, PER_DOC)
    documents.append(synthetic.document(0, doc_id=BAD_DOC, published_date_source="guessed"))
    documents.append(synthetic.document(0, doc_id="doc-1980", published_date=dt.date(1980, 1, 1)))
    events = synthetic.event_rows(GOOD_DOCS, PER_DOC)
    events += [synthetic.event(event_id=key, **changes) for key, (changes, _) in BAD_EVENTS.items()]
    events.append(synthetic.event(event_id=None))
    events += [synthetic.event(event_id=key, actor2=name) for key, name in GENERIC_ACTORS.items()]
    events.append(synthetic.event(event_id="ev-of-bad-doc", doc_id=BAD_DOC))
    clusters = pd.DataFrame(
        {
            "cluster_id": ["c1", "c1", "c2", "c3", None],
            "event_id": ["ev00000-00", "ev00001-01", "bad-latitude", "ev00002-00", "ev00002-01"],
            "n_articles": [2, 2, 1, 1, 1],
            "n_outlets": [2, 2, 1, 3, 1],
            "earliest_report": [synthetic.PUBLISHED] * 5,
        }
    )
    return {
        "documents": frame_from_rows("documents", documents),
        "events": frame_from_rows("events", events),
        "event_clusters": clusters,
    }


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("validation")


@pytest.fixture(scope="module")
def outcome(workdir: Path) -> ValidationOutcome:
    home = workdir / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        result = validate_run(
            run_frames(), synthetic.context(), "run-1", workdir / "reports", workdir
        )
    assert not list(home.iterdir()), "validation wrote into the home directory"
    return result


def quarantined(outcome: ValidationOutcome, table: str = "events") -> dict[str, list[str]]:
    rows = outcome.quarantine[outcome.quarantine["table_name"] == table]
    return {
        key: list(failed)
        for key, failed in zip(rows["row_key"], rows["failed_expectations"], strict=True)
    }


@pytest.mark.parametrize("event_id", sorted(BAD_EVENTS))
def test_each_bad_event_is_quarantined_with_the_check_it_breaks(
    outcome: ValidationOutcome, event_id: str
) -> None:
    failed = quarantined(outcome)
    assert event_id in failed
    assert BAD_EVENTS[event_id][1] <= set(failed[event_id])
    assert event_id not in set(outcome.good["events"]["event_id"].dropna())


def test_a_bad_row_fails_only_what_it_breaks(outcome: ValidationOutcome) -> None:
    failed = quarantined(outcome)
    assert failed["bad-subtype"] == ["taxonomy_pair_valid"]
    assert failed["bad-actor"] == ["actor1_known"]
    assert set(failed["bad-latitude"]) == {"latitude_in_range", "inside_country_bounds"}


def test_good_events_pass_and_keep_their_columns(outcome: ValidationOutcome) -> None:
    good = outcome.good["events"]
    expected = {f"ev{d:05d}-{e:02d}" for d in range(GOOD_DOCS) for e in range(PER_DOC)}
    assert expected | set(GENERIC_ACTORS) == set(good["event_id"])
    assert list(good.columns) == list(run_frames()["events"].columns)
    assert not any(column.startswith("_") for column in good.columns)


def test_a_duplicated_event_id_is_an_error_in_one_line(workdir: Path) -> None:
    """Event ids are deterministic: a duplicate is a bug, so the run must stop, not pick one."""
    frames = synthetic.frames(2, 2)
    frames["events"] = frame_from_rows(
        "events", [*synthetic.event_rows(2, 2), synthetic.event(1, 1, event_id=DUPLICATED)]
    )
    outcome = validate_run(frames, synthetic.context(), "run-duplicate", None, workdir)
    assert outcome.table_failures == [
        f'events: event_id_unique fails on 2 rows: ["{DUPLICATED}", "{DUPLICATED}"]'
    ]
    assert outcome.quarantine.empty and outcome.warnings == []
    results = outcome.results.set_index(["suite", "expectation"])
    assert results.loc[("events", "event_id_unique"), "severity"] == "error"


@pytest.mark.parametrize("event_id", sorted(BUGS))
def test_broken_offsets_and_missing_documents_are_errors(workdir: Path, event_id: str) -> None:
    changes, check = BUGS[event_id]
    frames = synthetic.frames(2, 2)
    frames["events"] = frame_from_rows(
        "events", [*synthetic.event_rows(2, 2), synthetic.event(event_id=event_id, **changes)]
    )
    outcome = validate_run(frames, synthetic.context(), f"run-{event_id}", None, workdir)
    assert len(outcome.table_failures) == 1
    assert outcome.table_failures[0].startswith(f"events: {check} fails on 1 row")
    assert outcome.quarantine.empty


def test_a_row_without_key_is_quarantined_by_position(outcome: ValidationOutcome) -> None:
    failed = quarantined(outcome)
    keyless = [key for key in failed if key.startswith("_row=")]
    assert len(keyless) == 1
    assert failed[keyless[0]] == ["event_id_not_null"]


def test_a_quarantined_document_takes_its_events_along(outcome: ValidationOutcome) -> None:
    assert quarantined(outcome, "documents")[BAD_DOC] == ["published_date_source_valid"]
    assert quarantined(outcome)["ev-of-bad-doc"] == [DOCUMENT_QUARANTINED]
    assert BAD_DOC not in set(outcome.good["documents"]["doc_id"])


def test_a_document_published_before_1990_is_quarantined(outcome: ValidationOutcome) -> None:
    assert quarantined(outcome, "documents")["doc-1980"] == ["published_date_in_range"]
    assert len(outcome.good["documents"]) == GOOD_DOCS


def test_cluster_rows_are_checked_against_the_loaded_events(outcome: ValidationOutcome) -> None:
    failed = quarantined(outcome, "event_clusters")
    assert failed["c2|bad-latitude"] == ["event_id_known"]  # its event is quarantined
    assert failed["c3|ev00002-00"] == ["n_outlets_not_above_n_articles"]
    assert failed["_row=4"] == ["cluster_id_not_null"]
    assert list(outcome.good["event_clusters"]["cluster_id"]) == ["c1", "c1"]


def test_quarantine_rows_carry_the_row_as_json(outcome: ValidationOutcome) -> None:
    row = outcome.quarantine.set_index("row_key").loc["bad-after-publication"]
    record = json.loads(row["row_json"])
    assert record["event_date"] == (synthetic.PUBLISHED + dt.timedelta(days=5)).isoformat()
    assert record["latitude"] == 36.34 and record["injuries"] is None
    assert row["run_id"] == "run-1" and isinstance(row["quarantined_at"], dt.datetime)


def test_every_expectation_has_a_result_row(outcome: ValidationOutcome) -> None:
    results = outcome.results
    assert set(results.columns) == {
        "run_id", "suite", "expectation", "column_name", "success",
        "observed_value", "unexpected_count", "element_count", "checked_at", "severity",
    }  # fmt: skip
    events = set(results.loc[results["suite"] == "events", "expectation"])
    for _, names in BAD_EVENTS.values():
        assert names <= events
    assert {"event_id_unique", "contract_columns_present", "events_per_document"} <= events
    assert set(results["suite"]) == {
        "documents",
        "documents_schema",
        "events",
        "events_schema",
        "event_clusters",
    }
    assert results.duplicated(["suite", "expectation"]).sum() == 0
    severity = results.set_index(["suite", "expectation"])["severity"]
    assert severity[("events", "actor1_known")] == "quarantine"
    assert severity[("events", "event_id_unique")] == "error"
    assert severity[("events", "events_per_document")] == "warn"
    assert severity[("events_schema", "contract_types_match")] == "error"


def test_results_say_what_failed(outcome: ValidationOutcome) -> None:
    results = outcome.results.set_index(["suite", "expectation"])
    actor = results.loc[("events", "actor1_known")]
    assert not actor["success"] and actor["unexpected_count"] == 1
    assert json.loads(actor["observed_value"]) == ["Foo Brigade"]
    assert results.loc[("events", "events_per_document"), "success"]


def test_a_clean_run_has_no_table_failure(outcome: ValidationOutcome) -> None:
    assert outcome.table_failures == []


def test_data_docs_are_built_in_the_reports_folder(
    outcome: ValidationOutcome, workdir: Path
) -> None:
    assert outcome.docs_index == (workdir / "reports" / "data_docs" / "index.html").resolve()
    assert outcome.docs_index.exists()
    assert "run-1" in outcome.docs_index.read_text(encoding="utf-8")
    assert (workdir / "gx" / "great_expectations.yml").exists()


def test_data_docs_pages_load_nothing_remote(outcome: ValidationOutcome) -> None:
    """Every script, stylesheet and image is a local copy (the browser test opens them)."""
    import re

    site = outcome.docs_index.parent
    pages = list(site.rglob("*.html"))
    assert len(pages) > 4
    remote = re.compile(r"<(?:script|link|img)\b[^>]*(?:src|href)=\"https?://", re.S)
    assert [p.name for p in pages if remote.search(p.read_text(encoding="utf-8"))] == []
    vendor = site / "static" / "vendor"
    assert (vendor / "font-awesome" / "webfonts" / "fa-solid-900.woff2").is_file()
    assert (vendor / "bootstrap-table" / "LICENSE").is_file()
    styles = (site / "static" / "styles" / "data_docs_default_styles.css").read_text()
    assert "https://" not in styles


# --------------------------------------------------------------------------- table level


def undated_province_events(n: int) -> dict[str, pd.DataFrame]:
    """One document with `n` undated, province-level events: every batch measure is off."""
    frames = synthetic.frames(1, 1)
    rows = [
        synthetic.event(event_id=f"e{i}", event_date=None, time_precision=None, geo_precision=3)
        for i in range(n)
    ]
    frames["events"] = frame_from_rows("events", rows)
    return frames


def test_batch_measures_only_warn_in_readable_lines(workdir: Path) -> None:
    """60 undated, province-level events in one document cross all three measures' warn_if."""
    outcome = validate_run(
        undated_province_events(60), synthetic.context(), "run-sanity", None, workdir
    )
    assert outcome.table_failures == []
    assert sorted(outcome.warnings) == [  # batch measures warn, never stop a run
        "events: events per document is 60, expected <= 50",
        "events: share of events geocoded to a town (geo_precision 1 or 2) is 0, expected >= 0.3",
        "events: share of events with a date is 0, expected >= 0.2",
    ]
    assert len(outcome.good["events"]) == 60  # measures quarantine nothing
    failed = outcome.results[~outcome.results["success"]]
    assert set(failed["severity"]) == {"warn"}
    assert outcome.docs_index is None


def test_a_measure_past_its_error_threshold_stops_the_run(workdir: Path, tmp_path: Path) -> None:
    """warn_if and error_if on one measure: a warning past the first, an error past the second."""
    severities = tmp_path / "severities.toml"
    severities.write_text(
        '[events.events_per_document]\nwarn_if = "> 10"\nerror_if = "> 40"\n'
        '[events.share_dated]\nwarn_if = "< 0.5"\nmin_rows = 20\n',
        encoding="utf-8",
    )
    context = synthetic.context()
    context.severities = SeverityPolicy.load(severities)
    outcome = validate_run(undated_province_events(60), context, "run-error-if", None, workdir)
    assert outcome.table_failures == ["events: events per document is 60, expected <= 40"]
    assert outcome.warnings == ["events: share of events with a date is 0, expected >= 0.5"]
    low = validate_run(undated_province_events(30), context, "run-warn-if", None, workdir)
    assert low.table_failures == []
    assert "events: events per document is 30, expected <= 10" in low.warnings


def test_share_checks_wait_for_enough_events(workdir: Path) -> None:
    frames = synthetic.frames(1, 1)
    frames["events"] = frame_from_rows(
        "events",
        [synthetic.event(event_id=f"e{i}", event_date=None, time_precision=None) for i in range(5)],
    )
    outcome = validate_run(frames, synthetic.context(), "run-few", None, workdir)
    assert outcome.table_failures == []
    assert "share_dated" not in set(outcome.results["expectation"])


def test_missing_and_mistyped_columns_stop_the_run(workdir: Path) -> None:
    frames = synthetic.frames(2, 2)
    events = frames["events"].drop(columns=["confidence"])
    events["latitude"] = events["latitude"].astype(str)
    frames["events"] = events
    outcome = validate_run(frames, synthetic.context(), "run-columns", None, workdir)
    assert "events: contract columns missing: confidence" in outcome.table_failures
    assert "events: column types differ from the contract: latitude is string, expected DOUBLE" in (
        outcome.table_failures
    )


def test_empty_frames_validate_trivially(workdir: Path) -> None:
    frames = {
        "documents": frame_from_rows("documents", []),
        "events": frame_from_rows("events", []),
    }
    outcome = validate_run(frames, synthetic.context(), "run-empty", None, workdir)
    assert outcome.table_failures == []
    assert outcome.quarantine.empty
    assert len(outcome.good["events"]) == 0 and len(outcome.results) > 0


def test_events_may_point_to_documents_of_earlier_runs(workdir: Path) -> None:
    earlier = synthetic.frames(1, 2)["documents"]
    frames = {"events": synthetic.frames(1, 2)["events"]}
    outcome = validate_run(frames, synthetic.context(documents=earlier), "run-later", None, workdir)
    assert outcome.quarantine.empty and len(outcome.good["events"]) == 2
    assert "documents" not in outcome.good


# --------------------------------------------------------------------------- reference tables


def test_reference_rows_are_quarantined_like_any_row(workdir: Path) -> None:
    reference = synthetic.reference_frames()
    actors = pd.concat(
        [
            reference["actors"],
            pd.DataFrame(
                [{"actor": "Islamic State", "inter_code": "2"}, {"actor": "X", "inter_code": "9"}]
            ),
        ],
        ignore_index=True,
    ).fillna("")
    places = pd.DataFrame(
        {
            "name": ["Mosul", "Nowhere", ""],
            "country": ["Iraq", "Iraq", "Iraq"],
            "latitude": ["36.34", "north", "33.3"],
            "longitude": ["43.13", "43.1", "44.4"],
        }
    )
    taxonomy = pd.concat([reference["taxonomy"], reference["taxonomy"].head(1)], ignore_index=True)
    frames = {
        "actors": actors,
        "places": places,
        "countries": reference["countries"],
        "taxonomy": taxonomy,
    }
    outcome = validate_run(frames, synthetic.context(), "run-reference", None, workdir)
    assert quarantined(outcome, "actors") == {
        "Islamic State": ["actor_unique"],
        "X": ["inter_code_in_1_to_8"],
    }
    assert quarantined(outcome, "places") == {
        "Nowhere|Iraq": ["latitude_not_null", "latitude_is_number"],
        "_row=2": ["name_not_null"],
    }
    assert quarantined(outcome, "taxonomy") == {
        "Battles|Armed clash": ["taxonomy_pair_unique"]
    } or set(quarantined(outcome, "taxonomy")) == {"Battles|Armed clash"}
    assert len(outcome.good["countries"]) == len(reference["countries"])


def test_old_validation_results_are_pruned(tmp_path: Path) -> None:
    from expectations.gx_project import GxProject

    frames = synthetic.frames(1, 1)
    for run_id in ("run-a", "run-b"):
        validate_run(frames, synthetic.context(), run_id, None, tmp_path)
    project = GxProject.open(tmp_path, None)
    assert project.prune(keep_runs=1) > 0
    runs = {key.run_id.run_name for key in project.context.validation_results_store.list_keys()}
    assert runs == {"run-b"}


def test_great_expectations_can_be_imported_ahead_of_time() -> None:
    from expectations.runner import preload_in_background

    thread = preload_in_background()
    thread.join(timeout=60)
    assert not thread.is_alive()

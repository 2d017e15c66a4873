"""The severities file: its thresholds, its defaults, and a clear error for a mistake in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from expectations.severity import DEFAULT_FILE, Rule, Severity, SeverityPolicy, Threshold


def test_a_threshold_is_breached_by_what_it_says_and_passes_the_rest() -> None:
    below = Threshold.parse("< 0.2")
    assert below.breached(0.1) and not below.breached(0.2)
    assert below.expected() == ">= 0.2" and below.bounds() == {
        "min_value": 0.2,
        "strict_min": False,
    }
    at_most = Threshold.parse(">= 50")
    assert at_most.breached(50) and at_most.bounds() == {"max_value": 50, "strict_max": True}
    assert Threshold.parse("> 50").reciprocal() == Threshold("<", 0.02)


@pytest.mark.parametrize("text", ["0.2", "== 3", "< x", "<"])
def test_a_threshold_that_is_not_a_comparison_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="threshold"):
        Threshold.parse(text)


def test_a_measure_warns_past_warn_if_and_errs_past_error_if() -> None:
    rule = Rule(warn_if=Threshold.parse("> 10"), error_if=Threshold.parse("> 40"))
    assert rule.severity_of(20) is Severity.WARN and rule.severity_of(41) is Severity.ERROR
    assert rule.expected(20) == "<= 10" and rule.expected(41) == "<= 40"
    assert Rule(error_if=Threshold.parse("< 0.1")).level is Severity.ERROR


def test_the_shipped_file_makes_bugs_errors_and_batch_measures_warnings() -> None:
    policy = SeverityPolicy.load(DEFAULT_FILE)
    for check in ("event_id_unique", "evidence_matches_offsets", "doc_id_known"):
        assert policy.severity("events", check, row_level=True) is Severity.ERROR
    assert policy.severity("events", "actor1_known", row_level=True) is Severity.QUARANTINE
    assert policy.severity("events_schema", "contract_types_match", row_level=False) is (
        Severity.ERROR
    )
    for measure in ("share_dated", "share_geocoded_to_town", "events_per_document"):
        rule = policy.measure("events", measure)
        assert rule.level is Severity.WARN and rule.error_if is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[events.x]\nseverity = "fatal"\n', "is not one of error, quarantine, warn"),
        ('[events.x]\nwarn_if = "0.2"\n', "threshold"),
        ('[events.x]\nwarn_when = "< 0.2"\n', "unknown key"),
        ('[events.x]\nseverity = "warn"\nwarn_if = "< 1"\n', "not both"),
        ("[events.x\n", "cannot read"),
    ],
)
def test_a_mistake_in_the_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "severities.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        SeverityPolicy.load(path)


def test_a_table_level_check_cannot_quarantine(tmp_path: Path) -> None:
    path = tmp_path / "severities.toml"
    path.write_text('[defaults]\ntable = "quarantine"\n', encoding="utf-8")
    policy = SeverityPolicy.load(path)
    assert policy.severity("events", "contract_columns_present", row_level=False) is (
        Severity.ERROR
    )

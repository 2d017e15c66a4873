"""Scoring a snippet set: the pipeline run on the snippet file, one predicted type per snippet."""

from __future__ import annotations

import json
import logging

import pytest

from flows.cli import main
from flows.evaluate_snippets import is_snippet_set, score_snippets
from flows.pipeline import run_pipeline
from flows.settings import Settings

TYPES = {
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Peaceful protest": "Protests",
    "Arrests": "Strategic developments",
}

# Written for this test (not from any article or evaluation set).
SNIPPETS = [
    {
        "id": "t1",
        "text": "KORHOGO, Ivory Coast, 3 March 2021 - Several thousand farmers marched "
        "peacefully through Korhogo on Wednesday to demand higher cotton prices.",
        "sub_event_type": "Peaceful protest",
    },
    {
        "id": "t2",
        "text": "Police in Kisumu, Kenya, arrested four opposition organisers on 12 July "
        "2023, a day before a planned rally.",
        "sub_event_type": "Arrests",
    },
    {
        "id": "t3",
        "text": "The weather in the capital stayed mild all week, forecasters said.",
        "sub_event_type": "Air/drone strike",
    },
    {  # a furniture line: cleaning leaves nothing of it, and it reports no event
        "id": "t4",
        "text": "Related: Gunmen kill five in Kaduna",
        "sub_event_type": None,
    },
]


def test_a_snippet_file_is_told_from_an_event_gold_file():
    assert is_snippet_set(SNIPPETS)
    assert not is_snippet_set([{"gold_id": "x", "doc": "a.txt", "sub_event_type": "Arrests"}])
    assert not is_snippet_set([])


def test_weighted_f1_counts_a_snippet_with_no_event_against_its_type_only():
    records = [
        {"id": "a", "text": "...", "sub_event_type": "Air/drone strike"},
        {"id": "b", "text": "...", "sub_event_type": "Air/drone strike"},
        {"id": "c", "text": "...", "sub_event_type": "Shelling/artillery/missile attack"},
        {"id": "d", "text": "...", "sub_event_type": "Peaceful protest"},
    ]
    predictions = {
        "a": ("Air/drone strike", "Explosions/Remote violence"),
        "b": ("Shelling/artillery/missile attack", "Explosions/Remote violence"),
        "c": ("Shelling/artillery/missile attack", "Explosions/Remote violence"),
        "d": None,
    }
    result, lines = score_snippets(predictions, records, TYPES)
    # air: p 1, r 1/2 -> 2/3; shelling: p 1/2, r 1 -> 2/3; protest: 0. Weighted by 2, 1, 1.
    assert result["f1"] == pytest.approx((2 * 2 / 3 + 2 / 3 + 0) / 4, abs=1e-3)
    assert result["macro_f1"] == pytest.approx((2 / 3 + 2 / 3) / 3, abs=1e-3)
    assert result["accuracy"] == 0.5
    assert result["event_type_accuracy"] == 0.75
    assert result["no_event_share"] == 0.25
    assert lines == [
        "MISS b Air/drone strike -> Shelling/artillery/missile attack",
        "MISS d Peaceful protest -> no event",
    ]


def test_sentences_that_report_no_event_are_a_class_of_their_own():
    records = [
        {"id": "a", "text": "...", "sub_event_type": "Air/drone strike"},
        {"id": "b", "text": "...", "sub_event_type": None},
        {"id": "c", "text": "...", "sub_event_type": None},
        {"id": "d", "text": "...", "sub_event_type": "Peaceful protest"},
    ]
    predictions = {
        "a": ("Air/drone strike", "Explosions/Remote violence"),
        "b": None,
        "c": ("Air/drone strike", "Explosions/Remote violence"),
        "d": None,
    }
    result, lines = score_snippets(predictions, records, TYPES)
    # air: p 1/2, r 1 -> 2/3; no event: p 1/2, r 1/2 -> 1/2; protest: 0. Weighted by 1, 2, 1.
    assert result["f1"] == pytest.approx((2 / 3 + 2 * 0.5 + 0) / 4, abs=1e-3)
    assert result["per_type_f1"]["no event"] == 0.5
    assert result["accuracy"] == 0.5
    assert result["event_type_accuracy"] == 0.5
    assert lines == ["MISS c no event -> Air/drone strike", "MISS d Peaceful protest -> no event"]


def test_a_snippet_missing_from_the_warehouse_is_an_error_not_a_miss():
    with pytest.raises(ValueError, match="not in the warehouse"):
        score_snippets({}, SNIPPETS[:1], TYPES)


def test_sitrep_eval_scores_a_warehouse_built_from_the_snippet_file(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    snippets = tmp_path / "in" / "snippets.jsonl"
    snippets.write_text("".join(json.dumps(s) + "\n" for s in SNIPPETS), encoding="utf-8")
    settings = Settings(input_dir=tmp_path / "in", warehouse=tmp_path / "s.duckdb")
    run_pipeline(settings, logging.getLogger("test"))
    argv = ["eval", str(snippets), "--warehouse", str(settings.warehouse)]
    assert main([*argv, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["snippets"] == 4
    # the furniture line, emptied by cleaning, is rightly no event; the weather wrongly so
    assert result["per_type_f1"]["no event"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["accuracy"] >= 3 / 4  # the protest and the arrests; the weather is no event
    assert main([*argv, "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "MISS t3 Air/drone strike -> no event" in out
    assert "weighted precision=" in out

"""`sitrep bench`: the corpus it builds and the shape of its JSON (never its speed)."""

from __future__ import annotations

import json

from flows.bench import HEADLINES, build_corpus, seed_paragraphs
from flows.cli import main as sitrep


def test_the_corpus_is_unique_and_deterministic():
    texts = build_corpus(300, seed=7)
    assert len(set(texts)) == 300
    assert build_corpus(300, seed=7) == texts
    assert build_corpus(300, seed=8) != texts


def test_each_article_has_a_headline_a_dateline_and_seed_paragraphs():
    paragraphs = set(seed_paragraphs())
    article = build_corpus(1, seed=3)[0]
    headline, dateline, first, *rest = article.strip().split("\n\n")
    assert headline in HEADLINES
    assert dateline.split()[0].endswith("day") and dateline.split()[-1].isdigit()
    assert first.split(" - ", 1)[1] in paragraphs
    assert all(p in paragraphs for p in rest)


def test_bench_prints_one_json_object_with_the_figures(prefect_server, tmp_path, capsys):
    assert bench(["--docs", "20", "--json", "--workdir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1
    result = json.loads(out)
    assert result["docs"] == 20
    for key in (
        "seconds",
        "articles_per_s",
        "spacy_articles_per_s",
        "ratio_to_spacy",
        "peak_rss_mb",
        "noop_seconds",
        "detector_seconds",
        "detector_share_of_spacy",
        "validation_seconds",
        "validation_share_of_run",
    ):
        assert isinstance(result[key], float) and result[key] > 0, key
    assert result["sentences"] > 20
    stages = result["stage_seconds"]
    for stage in ("clean", "extract", "validate", "load"):
        assert stages[stage] > 0, stage
    parts = [stages[f"extract.{part}"] for part in ("split", "detect", "parse", "read")]
    assert all(p > 0 for p in parts) and sum(parts) <= stages["extract"]
    texts = [p.read_text() for p in (tmp_path / "corpus").glob("*.txt")]
    assert len(texts) == 20 and len(set(texts)) == 20


def test_bench_can_time_a_folder_of_real_articles(prefect_server, tmp_path, seed_dir, capsys):
    """--input times the pipeline on the given articles (here the five seeds), and only
    reads that folder."""
    before = sorted(p.name for p in seed_dir.iterdir())
    assert bench(["--input", str(seed_dir), "--json", "--workdir", str(tmp_path / "w")]) == 0
    result = json.loads(capsys.readouterr().out.strip())
    assert result["docs"] == 5 and result["input"] == str(seed_dir)
    assert result["articles_per_s"] > 0 and result["spacy_articles_per_s"] > 0
    assert sorted(p.name for p in seed_dir.iterdir()) == before


def test_bench_refuses_a_missing_input_folder(tmp_path, capsys):
    assert bench(["--input", str(tmp_path / "nowhere")]) == 2
    assert "input folder not found" in capsys.readouterr().err


def bench(argv: list[str]) -> int:
    """`sitrep bench ARGV`."""
    return sitrep(["bench", *argv])

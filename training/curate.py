"""Curate the corpus in place: drop exact repeats and anything that overlaps an evaluation set.

    python -m training.curate [GLOB ...]   # rewrite training/corpus/GLOB (default *.jsonl), log to CURATION.md

Authors write independently, so the same boilerplate line ("Load more") or a stock
sentence can appear twice; the first occurrence (files in name order) is kept. A line is
also dropped when it shares a run of OVERLAP_WORDS words with an article of any
evaluation set under tests/eval/ or contains one of their gold evidence quotes: the
authors never saw those sets, but a coincidental near-copy would still let an evaluation
sentence leak into training. Every removal is logged with its reason.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from transforms.html import visible_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "training" / "corpus"
EVAL = ROOT / "tests" / "eval"
SEEDS = ROOT / "seeds" / "articles"
LOG = ROOT / "training" / "CURATION.md"
OVERLAP_WORDS = 10
MIN_QUOTE_WORDS = 5


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold().replace("\u2019", "'"))


def runs(text: str, n: int = OVERLAP_WORDS) -> set[tuple[str, ...]]:
    """Every run of n consecutive words of the text."""
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def evaluation_articles() -> dict[str, list[str]]:
    """Texts of every evaluation set, by set name: articles (dev's are the seeds), or the
    snippets of a snippet set."""
    sets: dict[str, list[str]] = {}
    for gold in sorted(EVAL.glob("*/gold.jsonl")):
        folder = SEEDS if gold.parent.name == "dev" else gold.parent
        sets[gold.parent.name] = page_texts(folder)
    for answers in sorted(EVAL.glob("*/answers.jsonl")):  # a page set: pages, no gold events
        sets[answers.parent.name] = [
            p.read_text(encoding="utf-8") for p in sorted(answers.parent.glob("*.txt"))
        ]
    for snippets in sorted(EVAL.glob("*/snippets.jsonl")):  # a snippet set: texts in the file
        lines = snippets.read_text(encoding="utf-8").splitlines()
        sets[snippets.parent.name] = [json.loads(line)["text"] for line in lines if line.strip()]
    return sets


def page_texts(folder: Path) -> list[str]:
    """The pages of a set as a reader sees them: text files as they are, HTML pages' visible
    text (tags and scripts would break the runs of words that are compared)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    texts += [visible_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.html"))]
    return texts


def evaluation_quotes() -> set[str]:
    quotes = set()
    for gold in EVAL.glob("*/gold.jsonl"):
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = " ".join(words(json.loads(line)["evidence"]))
                if len(q.split()) >= MIN_QUOTE_WORDS:
                    quotes.add(q)
    return quotes


def overlap_reason(text: str, article_runs: set, quotes: set[str]) -> str | None:
    """Why a corpus text may not stay beside the evaluation sets, or None."""
    flat = " ".join(words(text))
    if any(q in flat for q in quotes):
        return "contains a gold evidence quote"
    if runs(text) & article_runs:
        return f"shares {OVERLAP_WORDS} words in a row with an evaluation article"
    return None


def curate(files: Iterable[Path]) -> list[tuple[str, str, str]]:
    """Rewrite the files without repeats and overlaps; return (file, text, reason) removed."""
    article_runs: set = set()
    for texts in evaluation_articles().values():
        for text in texts:
            article_runs |= runs(text)
    quotes = evaluation_quotes()
    seen: set[str] = set()
    removed = []
    for path in files:
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            key = " ".join(words(text))
            reason = "repeats an earlier line" if key in seen else None
            reason = reason or overlap_reason(text, article_runs, quotes)
            if reason:
                removed.append((path.name, text, reason))
                continue
            seen.add(key)
            kept.append(line)
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return removed


def main(patterns: list[str]) -> None:
    files = sorted({p for pattern in patterns or ["*.jsonl"] for p in CORPUS.glob(pattern)})
    removed = curate(files)
    with LOG.open("a", encoding="utf-8") as log:
        for name, text, reason in removed:
            log.write(f"- `{name}`: {reason}: {json.dumps(text, ensure_ascii=False)}\n")
    print(f"removed {len(removed)} lines")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Check corpus files: valid JSON lines, known labels, required keys; print counts per label.

Usage: python training/check_corpus.py [FILE_OR_GLOB ...]   (default: training/corpus/*.jsonl)
Exit 1 when any line is malformed, so an author can run it after every batch.
"""

from __future__ import annotations

import csv
import glob
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = ROOT / "seeds" / "reference" / "taxonomy.csv"
KEYS = {"text", "labels", "source", "guideline_version"}


def known_labels() -> set[str]:
    with TAXONOMY.open(encoding="utf-8") as f:
        return {row["sub_event_type"] for row in csv.DictReader(f)}


def check(paths: list[str]) -> int:
    labels_ok = known_labels()
    counts: Counter[str] = Counter()
    texts: Counter[str] = Counter()
    errors = 0
    lines = 0
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            lines += 1
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{n}: not JSON ({exc.msg})")
                errors += 1
                continue
            if set(row) != KEYS:
                print(f"{path}:{n}: keys must be exactly {sorted(KEYS)}, got {sorted(row)}")
                errors += 1
                continue
            bad = [lab for lab in row["labels"] if lab not in labels_ok]
            if bad or not isinstance(row["labels"], list):
                print(f"{path}:{n}: unknown label(s) {bad}")
                errors += 1
                continue
            if len(set(row["labels"])) != len(row["labels"]):
                print(f"{path}:{n}: a label is repeated")
                errors += 1
            texts[" ".join(row["text"].lower().split())] += 1
            counts.update(row["labels"] or ["(no event)"])
    for label in sorted(labels_ok) + ["(no event)"]:
        print(f"{counts[label]:6d}  {label}")
    dupes = sum(c - 1 for c in texts.values() if c > 1)
    print(f"{lines} lines, {errors} errors, {dupes} exact duplicate texts")
    return 1 if errors else 0


if __name__ == "__main__":
    args = sys.argv[1:] or [str(ROOT / "training" / "corpus" / "*.jsonl")]
    files = sorted({p for a in args for p in glob.glob(a)})
    sys.exit(check(files))

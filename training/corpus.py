"""Read the labelled corpus (training/corpus/*.jsonl) and split it by author.

The validation split is held out by *author* (the `source` batch), never by random
line: sentences by one author share habits of phrasing, and a random split would
measure how well a model learns an author's habits rather than the task.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "training" / "corpus"
TAXONOMY = ROOT / "seeds" / "reference" / "taxonomy.csv"
NO_EVENT = "(no event)"
# Authors whose sentences form the validation split (training/README.md says why these).
HELD_OUT_AUTHORS = ("b03-southasia", "b08-context", "b14-leads")


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[str, ...]
    batch: str  # the author's batch, e.g. 'b03-southasia'


def sub_event_types() -> list[str]:
    """The 25 sub-event types, in taxonomy order (the classifier's label order)."""
    with TAXONOMY.open(encoding="utf-8") as f:
        return [row["sub_event_type"] for row in csv.DictReader(f)]


def corpus_files(folder: Path = CORPUS_DIR) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


def read_corpus(files: Iterable[Path] | None = None) -> list[Example]:
    examples = []
    for path in files if files is not None else corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                batch = row["source"].split("/", 1)[0]
                examples.append(Example(row["text"], tuple(row["labels"]), batch))
    return examples


def corpus_sha256(files: Sequence[Path] | None = None) -> str:
    """One hash over the corpus files' names and bytes: what a model was trained from."""
    digest = hashlib.sha256()
    for path in files if files is not None else corpus_files():
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def split_by_author(
    examples: Sequence[Example], held_out: Sequence[str] = HELD_OUT_AUTHORS
) -> tuple[list[Example], list[Example]]:
    train = [e for e in examples if e.batch not in held_out]
    valid = [e for e in examples if e.batch in held_out]
    return train, valid

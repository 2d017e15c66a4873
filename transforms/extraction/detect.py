"""Detection: which sentences report an event, of which ACLED sub-event type, how sure.

One interface, `detect(sentences) -> detections`, two implementations chosen by the
`detector` setting:

- `classifier` (the default): a multi-label sentence classifier trained from the
  project's own corpus (training/, `make model`) and shipped in models/event-detector/.
  Each sub-event type whose probability reaches the model's threshold (chosen on
  held-out authors) is a detection; the probability becomes the event's confidence.
- `rules`: today's trigger lexicon (seeds/reference/triggers.csv), kept as the baseline
  the classifier is compared with; extraction then runs its trigger-driven path.

Nothing is loaded with pickle: the linear model is JSON and .npy arrays, a spaCy model
is spaCy's own serialization.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from transforms.extraction.stopwatch import Stopwatch

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MODEL = ROOT / "models" / "event-detector"
MAX_DETECTIONS = 3
# A second or third type for the same sentence must be this sure: in articles, a sentence
# that reports one happening often mentions its consequences or its means ('killing
# three', 'backed by air strikes'), which read like a second event (dev and studied sets).
SECONDARY_MIN_PROBABILITY = 0.9  # a sentence rarely reports more than two or three happenings

# The linear model's features; the same settings at training and at run time.
LINEAR_WORD = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "lowercase": True}
LINEAR_CHAR = {
    "analyzer": "char_wb",
    "ngram_range": (2, 5),
    "min_df": 3,
    "sublinear_tf": True,
    "max_features": 60000,
}


@dataclass(frozen=True)
class Detection:
    """One sub-event type a sentence reports, with the detector's probability."""

    event_type: str
    sub_event_type: str
    probability: float


class Detector(Protocol):
    name: str
    labels: list[str]

    def detect(self, sentences: Sequence[str]) -> list[tuple[Detection, ...]]:
        """For each sentence, the sub-event types it reports (none: no event)."""
        ...

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """An (n sentences x n sub-event types) array of probabilities."""
        ...

    def detections(self, probabilities: np.ndarray) -> list[tuple[Detection, ...]]:
        """The detections that rows of `probabilities` amount to."""
        ...


class ClassifierDetector:
    """A trained sentence classifier from a model folder (detector.json says which kind)."""

    name = "classifier"

    def __init__(self, model_dir: Path, event_types: dict[str, str] | None = None) -> None:
        self.model_dir = model_dir
        self.meta = json.loads((model_dir / "detector.json").read_text(encoding="utf-8"))
        self.labels: list[str] = self.meta["labels"]
        self.threshold: float = float(self.meta["threshold"])
        self.event_types = event_types or {}
        kind = self.meta["kind"]
        self._probabilities = (
            LinearModel(model_dir, len(self.labels))
            if kind == "linear"
            else SpacyTextcat(model_dir, self.labels)
        )

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """An (n sentences x n labels) array of probabilities."""
        if not sentences:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self._probabilities(list(sentences))

    def detect(self, sentences: Sequence[str]) -> list[tuple[Detection, ...]]:
        return self.detections(self.probabilities(sentences))

    def detections(self, probabilities: np.ndarray) -> list[tuple[Detection, ...]]:
        """The most probable type at the model's threshold, and up to two more at
        SECONDARY_MIN_PROBABILITY."""
        out = []
        for row in probabilities:
            order = np.argsort(-row)[:MAX_DETECTIONS]
            out.append(
                tuple(
                    Detection(
                        self.event_types.get(self.labels[j], ""),
                        self.labels[j],
                        round(float(row[j]), 3),
                    )
                    for k, j in enumerate(order)
                    if row[j] >= (self.threshold if k == 0 else SECONDARY_MIN_PROBABILITY)
                )
            )
        return out


class RememberingDetector:
    """A detector that reads each distinct sentence once: the parse planner asks which
    sentences carry a hint of an event, and extraction then asks again for the same text."""

    def __init__(self, detector: Detector, clock: Stopwatch | None = None) -> None:
        self.detector = detector
        self.name = detector.name
        self.labels = detector.labels
        self.seen: dict[str, np.ndarray] = {}
        self.clock = clock or Stopwatch()

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        missing = [s for s in dict.fromkeys(sentences) if s not in self.seen]
        if missing:
            with self.clock.timing("detect"):
                found = self.detector.probabilities(missing)
            self.seen.update(zip(missing, found, strict=True))
        if not sentences:
            return self.detector.probabilities([])
        return np.stack([self.seen[s] for s in sentences])

    def detect(self, sentences: Sequence[str]) -> list[tuple[Detection, ...]]:
        return self.detections(self.probabilities(sentences))

    def detections(self, probabilities: np.ndarray) -> list[tuple[Detection, ...]]:
        return self.detector.detections(probabilities)


class LinearModel:
    """TF-IDF word and character n-grams, one logistic regression per label."""

    def __init__(self, model_dir: Path, n_labels: int) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        def vectorizer(name: str, settings: dict) -> TfidfVectorizer:
            vocab = json.loads((model_dir / f"{name}_vocabulary.json").read_text("utf-8"))
            vec = TfidfVectorizer(**{**settings, "vocabulary": vocab})
            vec.idf_ = np.load(model_dir / f"{name}_idf.npy")
            return vec

        self.words = vectorizer("words", LINEAR_WORD)
        self.chars = vectorizer("chars", LINEAR_CHAR)
        coef = np.load(model_dir / "coef.npy")
        assert coef.shape[0] == n_labels, "model and labels disagree"
        # features x labels, C-contiguous: a transposed view would be copied on every call
        self.weights = np.ascontiguousarray(coef.T)
        self.intercept = np.load(model_dir / "intercept.npy")

    def __call__(self, sentences: list[str]) -> np.ndarray:
        x = linear_features(self.words, self.chars, sentences)
        logits = x @ self.weights + self.intercept
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)


def linear_features(words, chars, sentences: Sequence[str]):
    from scipy.sparse import hstack

    return hstack([words.transform(sentences), chars.transform(sentences)]).tocsr()


class SpacyTextcat:
    """spaCy's textcat_multilabel, run on each sentence as its own short doc."""

    def __init__(self, model_dir: Path, labels: Sequence[str]) -> None:
        import spacy

        self.nlp = spacy.load(model_dir)
        self.labels = list(labels)

    def __call__(self, sentences: list[str]) -> np.ndarray:
        docs = self.nlp.pipe(sentences, batch_size=256)
        return np.array(
            [[doc.cats.get(label, 0.0) for label in self.labels] for doc in docs],
            dtype=np.float32,
        )


def detector_for(name: str, model_dir: str | Path = SHIPPED_MODEL) -> ClassifierDetector | None:
    """The detector a setting names: the classifier in `model_dir`, or None for the rules."""
    if name == "rules":
        return None
    if name == "classifier":
        return load_detector(Path(model_dir or SHIPPED_MODEL))
    raise ValueError(f"unknown detector {name!r}: 'classifier' or 'rules'")


@lru_cache(maxsize=4)
def load_detector(model_dir: Path = SHIPPED_MODEL) -> ClassifierDetector:
    """The classifier in `model_dir`, loaded once per process."""
    if not (model_dir / "detector.json").exists():
        raise RuntimeError(f"no event-detector model in {model_dir}: run `make model`")
    return ClassifierDetector(model_dir, taxonomy_event_types())


def taxonomy_event_types() -> dict[str, str]:
    """sub_event_type -> event_type, from the taxonomy seed."""
    import csv

    with (ROOT / "seeds" / "reference" / "taxonomy.csv").open(encoding="utf-8") as f:
        return {row["sub_event_type"]: row["event_type"] for row in csv.DictReader(f)}

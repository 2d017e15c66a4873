"""Train the event detector from the corpus, evaluate it on held-out authors, package it.

    python -m training.train                      # `make model`: the shipped kind -> models/event-detector/
    python -m training.train --compare            # every kind on the author split: the table in README
    python -m training.train --kind spacy-cnn --out /tmp/m

Two steps, as in spaCy projects: first the model is trained on the training authors and
scored on the held-out authors (training.corpus.HELD_OUT_AUTHORS); those figures, the
per-class F1 and the threshold chosen on them are the model's metrics. Then the same
recipe is trained on the whole corpus, which is what ships, with the metrics and the
corpus's sha256 written beside it. Seeds are fixed, so `make model` reproduces the shipped
model from the same corpus.

Kinds:
- `linear`: TF-IDF over words (1-2 grams) and characters (2-5 grams within words) with
  one logistic regression per sub-event type (scikit-learn), saved as JSON and .npy, no
  pickle.
- `spacy-bow`, `spacy-cnn`: spaCy's textcat_multilabel (configs in training/configs/),
  trained with `spacy train`, saved with spaCy's own serialization.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from training.corpus import (
    HELD_OUT_AUTHORS,
    NO_EVENT,
    ROOT,
    Example,
    corpus_files,
    corpus_sha256,
    read_corpus,
    split_by_author,
    sub_event_types,
)
from transforms.extraction.detect import SHIPPED_MODEL, load_detector

CONFIGS = ROOT / "training" / "configs"
SHIPPED_KIND = "linear"
SEED = 13
THRESHOLDS = [round(x, 2) for x in np.arange(0.1, 0.81, 0.05)]


# --------------------------------------------------------------------------- scoring


def label_matrix(examples: Sequence[Example], labels: Sequence[str]) -> np.ndarray:
    y = np.zeros((len(examples), len(labels)), dtype=np.int8)
    index = {label: i for i, label in enumerate(labels)}
    for row, example in enumerate(examples):
        for label in example.labels:
            y[row, index[label]] = 1
    return y


def with_no_event(y: np.ndarray) -> np.ndarray:
    """Add the 26th class, 'no event': a row with no sub-event type."""
    return np.hstack([y, (y.sum(axis=1) == 0).astype(np.int8)[:, None]])


def per_class_f1(truth: np.ndarray, pred: np.ndarray) -> np.ndarray:
    tp = (truth & pred).sum(axis=0)
    fp = ((1 - truth) & pred).sum(axis=0)
    fn = (truth & (1 - pred)).sum(axis=0)
    denom = 2 * tp + fp + fn
    return np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)


def score(truth: np.ndarray, probs: np.ndarray, threshold: float) -> dict:
    """Macro and weighted F1 over the 26 classes (25 sub-types and no event)."""
    t = with_no_event(truth)
    p = with_no_event((probs >= threshold).astype(np.int8))
    f1 = per_class_f1(t, p)
    support = t.sum(axis=0)
    return {
        "threshold": threshold,
        "macro_f1": round(float(f1.mean()), 4),
        "weighted_f1": round(float((f1 * support).sum() / support.sum()), 4),
        "per_class_f1": [round(float(x), 4) for x in f1],
    }


def best_threshold(truth: np.ndarray, probs: np.ndarray) -> dict:
    return max((score(truth, probs, th) for th in THRESHOLDS), key=lambda s: s["macro_f1"])


# --------------------------------------------------------------------------- kinds


def train_linear(train: Sequence[Example], labels: Sequence[str], out: Path) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from transforms.extraction.detect import LINEAR_CHAR, LINEAR_WORD, linear_features

    texts = [e.text for e in train]
    words = TfidfVectorizer(**LINEAR_WORD).fit(texts)
    chars = TfidfVectorizer(**LINEAR_CHAR).fit(texts)
    x = linear_features(words, chars, texts)
    y = label_matrix(train, labels)
    coef, intercept = [], []
    for j in range(len(labels)):
        model = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")
        model.fit(x, y[:, j])
        coef.append(model.coef_[0])
        intercept.append(model.intercept_[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, vec in (("words", words), ("chars", chars)):
        vocab = {term: int(i) for term, i in vec.vocabulary_.items()}
        (out / f"{name}_vocabulary.json").write_text(json.dumps(vocab, sort_keys=True))
        np.save(out / f"{name}_idf.npy", vec.idf_.astype(np.float32))
    np.save(out / "coef.npy", np.asarray(coef, dtype=np.float32))
    np.save(out / "intercept.npy", np.asarray(intercept, dtype=np.float32))


def docbin(examples: Sequence[Example], labels: Sequence[str], path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    db = DocBin()
    for doc, example in zip(nlp.pipe(e.text for e in examples), examples, strict=True):
        doc.cats = {label: float(label in example.labels) for label in labels}
        db.add(doc)
    db.to_disk(path)


def train_spacy(config: str):
    def train(train: Sequence[Example], labels: Sequence[str], out: Path) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            docbin(train, labels, tmp_path / "train.spacy")
            # spaCy wants a dev corpus to pick its best step; the last step is kept instead
            # (the held-out authors are scored separately, never used to choose a step)
            docbin(train[::20], labels, tmp_path / "dev.spacy")
            command = [sys.executable, "-m", "spacy", "train", str(CONFIGS / config)]
            command += ["--output", str(tmp_path / "out"), "--paths.train"]
            command += [str(tmp_path / "train.spacy"), "--paths.dev", str(tmp_path / "dev.spacy")]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            if out.exists():
                shutil.rmtree(out)
            shutil.copytree(tmp_path / "out" / "model-last", out)

    return train


KINDS = {
    "linear": train_linear,
    "spacy-bow": train_spacy("textcat_bow.cfg"),
    "spacy-cnn": train_spacy("textcat_cnn.cfg"),
}


# --------------------------------------------------------------------------- the recipe


def write_meta(out: Path, kind: str, labels: Sequence[str], metrics: dict, files) -> None:
    meta = {
        "name": out.name,
        "kind": kind,
        "labels": list(labels),
        "threshold": metrics["threshold"],
        "corpus_sha256": corpus_sha256(files),
        "corpus_files": [f.name for f in files],
        "seed": SEED,
        "validation": {
            "split": "held out by author",
            "held_out_authors": list(HELD_OUT_AUTHORS),
            **metrics,
            "per_class_f1": dict(zip([*labels, NO_EVENT], metrics["per_class_f1"], strict=True)),
        },
    }
    (out / "detector.json").write_text(json.dumps(meta, indent=2) + "\n")


def evaluate_kind(kind: str, workdir: Path) -> dict:
    """Train on the training authors, score on the held-out ones."""
    labels = sub_event_types()
    train, valid = split_by_author(read_corpus())
    out = workdir / kind
    started = time.monotonic()
    KINDS[kind](train, labels, out)
    seconds = time.monotonic() - started
    write_meta(out, kind, labels, {"threshold": 0.5, "per_class_f1": [0.0] * 26}, corpus_files())
    detector = load_detector(out)
    probs = detector.probabilities([e.text for e in valid])
    metrics = best_threshold(label_matrix(valid, labels), probs)
    metrics |= {
        "train_sentences": len(train),
        "valid_sentences": len(valid),
        "train_seconds": round(seconds, 1),
    }
    return metrics


def package(kind: str, out: Path) -> dict:
    """`make model`: the held-out metrics, then the whole corpus, into `out`."""
    with tempfile.TemporaryDirectory() as tmp:
        metrics = evaluate_kind(kind, Path(tmp))
    labels = sub_event_types()
    files = corpus_files()
    KINDS[kind](read_corpus(files), labels, out)
    write_meta(out, kind, labels, metrics, files)
    return metrics


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.train", description=__doc__)
    parser.add_argument("--kind", choices=sorted(KINDS), default=SHIPPED_KIND)
    parser.add_argument("--out", type=Path, default=SHIPPED_MODEL)
    parser.add_argument("--compare", action="store_true", help="score every kind, ship none")
    args = parser.parse_args(argv)
    if args.compare:
        rows = {}
        with tempfile.TemporaryDirectory() as tmp:
            for kind in KINDS:
                rows[kind] = evaluate_kind(kind, Path(tmp))
                m = rows[kind]
                print(
                    f"{kind:10s} macro F1 {m['macro_f1']:.3f}  weighted F1 {m['weighted_f1']:.3f}"
                    f"  threshold {m['threshold']}  train {m['train_seconds']} s",
                    flush=True,
                )
        report = ROOT / "training" / "metrics" / "comparison.json"
        report.parent.mkdir(exist_ok=True)
        report.write_text(json.dumps(rows, indent=2) + "\n")
        return 0
    metrics = package(args.kind, args.out)
    print(
        f"{args.kind}: held-out macro F1 {metrics['macro_f1']:.3f}, weighted "
        f"{metrics['weighted_f1']:.3f}, threshold {metrics['threshold']} -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Detection in sentences and in their clauses: which sub-event types a sentence reports,
anchored at the clause that reports each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from transforms.extraction.detect import Detection, Detector


def hints_of_events(detector: Detector, sentences: Sequence[str]) -> list[bool]:
    """Which sentences extraction will read closely: those whose most probable type
    reaches CLAUSE_GATE (the same sentences whose clauses it may read)."""
    return [bool(row.max(initial=0.0) >= CLAUSE_GATE) for row in detector.probabilities(sentences)]


# Clauses that can report a happening of their own: adverbial ('Before IS took Mosul on
# June 10, 2014, ...'), relative ('Mosul, which ISIS stormed in June 2014'), participial
# ('Palmyra, captured by ISIS in May 2015, fell to ...') and coordinated verbs. Complement
# clauses ('officials denied that troops shelled it') are left whole: cut from their verb
# they would lose the denial, the threat or the plan that governs them.
CLAUSE_DEPS = {"advcl", "relcl", "acl", "conj"}


MIN_CLAUSE_TOKENS = 4


CLAUSE_MIN_PROBABILITY = 0.8  # a clause out of its sentence is read with less context

# A type the whole sentence reports is the main clause's when the main clause, read on its
# own, still leans to it: 'Palmyra, captured by ISIS in May 2015, fell to Assad's forces
# on March 26th' reports the fall in the main clause, and its date and sides are read
# there, not from the sub-clause's capture.
MAIN_CLAUSE_SUPPORT = 0.5


# Only a sentence with some hint of an event is cut into clauses: one whose most probable
# type reaches this. Most sentences of an article have none, and reading their clauses
# would cost as much again as reading the sentences. The same sentences are the ones
# parsed (parse.py). At 0.1, 39% of the bench corpus's sentences were parsed, at 0.3 26%.
# The clause events of sentences between 0.1 and 0.3 were nearly all false: raising the
# gate from 0.1 to 0.3 kept every true event on all nine sets (dev, holdout, blind2-7) and
# dropped 2 to 4 false ones on most. At 0.5, dev lost two true events.
CLAUSE_GATE = 0.3


# A time of its own: a year, a month, a weekday, or a relative day, week, month or year.
DATED_RE = re.compile(
    r"\b(?:(?:19|20)\d\d|January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday"
    r"|last (?:week|month|year)|(?:days|weeks|months|years) (?:later|earlier)"
    r"|the (?:next|following) (?:day|morning|week|month|year)"
    r"|(?i:the same|that) (?:day|night|morning|afternoon|evening))\b"
)


# A time of day or a span of hours: 'around midday', 'at dawn', 'within minutes'.
TIME_OF_DAY_RE = re.compile(
    r"\b(?:midday|noon|midnight|dawn|dusk|night|morning|afternoon|evening|hours?|minutes?)\b",
    re.IGNORECASE,
)


def names_a_time(text: str) -> bool:
    """Whether a sentence gives a time of its own, a date or an hour of the day."""
    return bool(DATED_RE.search(text) or TIME_OF_DAY_RE.search(text))


@dataclass(frozen=True)
class Anchored:
    """A detection, and the clause head it was detected in (None: the whole sentence)."""

    detection: Detection
    anchor: Token | None


def clause_heads(sent: SpacySpan) -> list[Token]:
    """Heads of the sentence's clauses that may report their own happening."""
    heads = []
    for tok in sent:
        if tok.dep_ not in CLAUSE_DEPS or tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.dep_ == "acl" and tok.tag_ != "VBN":
            continue  # 'fighters loyal to', 'an operation aimed at': not a happening
        if tok.right_edge.i - tok.left_edge.i + 1 < MIN_CLAUSE_TOKENS:
            continue
        heads.append(tok)
    return heads


def clause_text(head: Token) -> str:
    return head.doc[head.left_edge.i : head.right_edge.i + 1].text.strip(" ,;:-")


def main_clause_text(sent: SpacySpan, heads: Sequence[Token]) -> str:
    """The sentence without its sub-clauses ('Palmyra fell to Assad's forces on March 26th')."""
    cut = {t.i for h in heads for t in h.subtree}
    return " ".join(t.text for t in sent if t.i not in cut).strip(" ,;:-")


def detect_in_clauses(detector: Detector, sents: Sequence[SpacySpan]) -> list[list[Anchored]]:
    """Detections of each sentence, and of those of its clauses that report their own.

    A happening is often told inside analysis ('Before IS took Mosul on June 10, 2014,
    security services dismissed the threat'), where the sentence as a whole reports
    nothing. The parse cuts such a sentence into clauses and the classifier reads each,
    with a stricter threshold (a clause is read without the rest of its sentence); a
    type found in a clause is anchored at that clause's head, so its slots are read
    there. In a sentence that already reports something, only clauses with a time of
    their own are read, and only when the rest of the sentence has one too: 'The city,
    captured by rebels in May 2015, fell to government forces on March 26th' tells two
    happenings, which a sentence classifier reads as one. Reading every clause of such
    sentences added more false events than it found (measured on the dev and studied
    sets).
    """
    probabilities = detector.probabilities([sent.text.strip() for sent in sents])
    whole = detector.detections(probabilities)
    texts: list[str] = []
    plan: dict[int, list[tuple[int, Token]]] = {}
    for n, sent in enumerate(sents):
        if probabilities[n].max(initial=0.0) < CLAUSE_GATE:
            continue
        heads = clause_heads(sent)
        if whole[n]:
            heads = [h for h in heads if DATED_RE.search(clause_text(h))]
            if not heads or not DATED_RE.search(main_clause_text(sent, heads)):
                continue
        if not heads:
            continue
        parts = []
        for head in heads:
            parts.append((len(texts), head))
            texts.append(clause_text(head))
        parts.append((len(texts), sent.root))
        texts.append(main_clause_text(sent, heads))
        plan[n] = parts
    clause_probabilities = detector.probabilities(texts)
    found = detector.detections(clause_probabilities)
    column = {label: j for j, label in enumerate(detector.labels)}
    out = []
    for n, sent in enumerate(sents):
        if whole[n]:
            extra = [
                Anchored(d, head)
                for i, head in plan.get(n, [])
                for d in found[i]
                if d.probability >= CLAUSE_MIN_PROBABILITY
            ]
            main = plan[n][-1][0] if n in plan else None
            anchored = [
                Anchored(d, sent.root)
                if main is not None
                and clause_probabilities[main][column[d.sub_event_type]] >= MAIN_CLAUSE_SUPPORT
                else Anchored(d, None)
                for d in whole[n]
            ]
            in_clauses = {a.detection.sub_event_type for a in extra}
            anchored = [
                a
                for a in anchored
                if a.anchor is not None or a.detection.sub_event_type not in in_clauses
            ]
            out.append(unique_anchors(anchored + extra))
            continue
        clauses = [
            Anchored(d, head)
            for i, head in plan.get(n, [])
            for d in found[i]
            if d.probability >= CLAUSE_MIN_PROBABILITY
        ]
        out.append(unique_types(clauses))
    return out


def unique_anchors(found: Sequence[Anchored]) -> list[Anchored]:
    """One detection per (type, clause)."""
    best: dict[tuple, Anchored] = {}
    for a in found:
        key = (a.detection.sub_event_type, a.anchor.i if a.anchor is not None else None)
        if key not in best or a.detection.probability > best[key].detection.probability:
            best[key] = a
    return list(best.values())


def unique_types(found: Sequence[Anchored]) -> list[Anchored]:
    """One detection per sub-event type, the most probable."""
    best: dict[str, Anchored] = {}
    for a in found:
        kept = best.get(a.detection.sub_event_type)
        if kept is None or a.detection.probability > kept.detection.probability:
            best[a.detection.sub_event_type] = a
    return list(best.values())

"""Small readings of the parse and of the mentions that several stages share."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from transforms.actors import Actor
from transforms.extraction.records import Candidate, Mentions
from transforms.gazetteer import PlaceMention
from transforms.gazetteer.wording import SPEECH_VERBS


def clause_chain_up(tok: Token, limit: int = 4) -> list[Token]:
    out, cur = [], tok
    for _ in range(limit):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


def mentions_under(tokens: Sequence[Token], spans: Sequence[tuple[object, SpacySpan]]) -> list:
    """Mentions whose root lies in the subtree of any role token, nearest to it first."""
    found = []
    for role_tok in tokens:
        subtree = {t.i for t in role_tok.subtree}
        hits = [
            (m, s) for m, s in spans if s.root.i in subtree or role_tok.i in range(s.start, s.end)
        ]
        hits.sort(
            key=lambda ms: (0 if role_tok.i in range(ms[1].start, ms[1].end) else 1, ms[1].start)
        )
        for hit in hits:
            if hit not in found:
                found.append(hit)
    return found


def is_nominal(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") or tok.tag_.startswith("NN")


def clause_head(tok: Token) -> Token:
    """The verb heading the clause the token sits in."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") and cur is not tok:
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def unique_places(places: Sequence[PlaceMention]) -> list[PlaceMention]:
    seen, out = set(), []
    for p in places:
        if p.place.name not in seen:
            seen.add(p.place.name)
            out.append(p)
    return out


def unique_actors(actors) -> list[Actor]:
    seen, out = set(), []
    for a in actors:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return out


def sentence_words(sent: SpacySpan) -> str:
    return " " + " ".join(t.lemma_.lower() for t in sent) + " "


def sentence_words_span(cand: Candidate, mentions: Mentions) -> list[str]:
    """Lemmas of the agent's phrase and of the trigger's own modifiers ('US planes', 'air')."""
    words = [t.lemma_.lower() for t in cand.match.head.subtree if t.i < cand.match.head.i]
    words += [t.lemma_.lower() for t in cand.match.tokens]
    for m, span in mentions.actors:
        if cand.actor1 is not None and m.actor.name == cand.actor1.name:
            words += [t.lemma_.lower() for t in span]
    return words


def object_words(cand: Candidate) -> str:
    """Lemmas of what the trigger verb acts with or on ('fired mortar rounds into the market')."""
    objects = [c for c in cand.match.head.children if c.dep_ in ("dobj", "attr")]
    return " ".join(t.lemma_.lower() for o in objects for t in o.subtree)


def has_any(text: str, phrases: frozenset[str]) -> bool:
    padded = f" {text} "
    return any(f" {p} " in padded for p in phrases)


# "officials in Misrata said", "a State Department official in Washington said": the words
# that tell an unparsed sentence's place is its speaker's.
_SPEAKER_IN_RE = re.compile(
    r"\b(?:officials?|spokes(?:man|woman|person)|sources?|ministry|department|diplomats?|"
    r"analysts?|embassy|correspondents?|reporters?|police|authorities|governor)"
    r"(?:\s+[\w'’-]+){0,2}\s+(?:in|from)\s+$",
    re.IGNORECASE,
)
_SAID = "|".join(sorted(SPEECH_VERBS))
_SPEECH_VERB_RE = re.compile(r"\b(?:" + _SAID + r")\b", re.IGNORECASE)
# A speaker named after the verb, and told about: '..., said a vendor who reached Pemba by boat'
_SPEAKER_AFTER_RE = re.compile(
    r"\b(?:" + _SAID + r"|according to)\s+(?:[\w'’-]+\s+){1,4}"
    r"(?:who|whose|from)\b[^,;:.\"”]{0,50}$",
    re.IGNORECASE,
)


def is_unparsed(sent: SpacySpan) -> bool:
    """Whether a sentence was left unparsed (parse.flat_sentence: every token a 'dep' of the
    first)."""
    return len(sent) > 2 and sent[1].dep_ == "dep" and sent[2].dep_ == "dep"


def _source_by_wording(span: SpacySpan) -> bool:
    sentence = span.sent.text
    start = span.start_char - span.sent.start_char
    before = sentence[max(0, start - 60) : start]
    after = sentence[start + len(span.text) :]
    if _SPEAKER_AFTER_RE.search(before):
        return True
    return bool(_SPEAKER_IN_RE.search(before)) and bool(_SPEECH_VERB_RE.search(after[:60]))


def names_the_source(span: SpacySpan) -> bool:
    """A mention inside the speaker of a report ('hospital officials in Misrata said',
    'police said') tells where the news came from, not where or by whom it happened."""
    tok = span.root
    if is_unparsed(span.sent):  # the detector found no hint of an event in it
        return _source_by_wording(span)
    for _ in range(6):
        if tok.dep_ == "nsubj" and tok.head.text.lower() in SPEECH_VERBS:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False

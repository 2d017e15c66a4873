"""The progress bar of `sitrep run`: one line per stage, advancing per article.

The pipeline reports through `stage_progress`, which the CLI sets for a run: a stage
begins (with its number of articles, or None when that is not known in advance:
discover, validate, load), then advances as each article is cleaned or extracted. In a
Dask worker, where the CLI's bar is out of reach, each batch that comes back moves the
bar instead. The bar is drawn on stderr only when stderr is a terminal, so logs, pipes
and CI output stay clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class StageProgress(Protocol):
    """What the pipeline reports its progress to (StageBar below, or a test's recorder)."""

    def stage(self, name: str, total: int | None) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def reach(self, done: int) -> None: ...


# The CLI sets this to follow every stage (discover, clean, extract, validate, load),
# article by article where the articles are handled in this process.
stage_progress: ContextVar[StageProgress | None] = ContextVar("stage_progress", default=None)


def progress_stage(name: str, total: int | None = None) -> None:
    if (progress := stage_progress.get()) is not None:
        progress.stage(name, total)


def progress_reach(done: int) -> None:
    if (progress := stage_progress.get()) is not None:
        progress.reach(done)


def article_advance() -> Callable[[], None] | None:
    """What to call as each article is done, when a bar follows this process's stages."""
    progress = stage_progress.get()
    return progress.advance if progress is not None else None


def each_then_advance(items: Iterable[T]) -> Iterator[T]:
    """Yield each item; once the caller is done with it (asks for the next), advance the
    progress by one: per-article progress without touching the loop that does the work."""
    progress = stage_progress.get()
    for item in items:
        yield item
        if progress is not None:
            progress.advance()


class AdvancingPipeline:
    """A spaCy pipeline whose nlp.pipe advances the progress as each doc is used."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp

    def pipe(self, texts, **kwargs):
        return each_then_advance(self.nlp.pipe(texts, **kwargs))

    def __getattr__(self, name: str):
        return getattr(self.nlp, name)


STAGES = ("discover", "clean", "extract", "validate", "load")


class StageBar:
    """A rich progress display with a line per pipeline stage; does nothing when disabled."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> StageBar:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                TextColumn("{task.description:<9}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                transient=True,
            )
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def stage(self, name: str, total: int | None) -> None:
        """Begin stage `name` over `total` articles (None: not known), ending the last one."""
        if self.progress is None:
            return
        self.finish_current()
        self.task = self.progress.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        """Count `n` more articles of the current stage as done."""
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, n)

    def reach(self, done: int) -> None:
        """At least `done` articles of the current stage are done (a batch came back from a
        worker that could not report its articles one by one)."""
        if self.progress is None or self.task is None:
            return
        current = self.current().completed
        if done > current:
            self.progress.update(self.task, completed=done)

    def finish_current(self) -> None:
        if self.task is None:
            return
        task = self.current()
        total = task.total if task.total is not None else max(task.completed, 1)
        self.progress.update(self.task, total=total, completed=total)

    def current(self) -> Any:
        return next(t for t in self.progress.tasks if t.id == self.task)

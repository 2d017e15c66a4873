"""The progress bar of `sitrep run`: one line per stage, advancing per article.

The pipeline reports through `flows.pipeline.stage_progress`: a stage begins (with its
number of articles, or None when that is not known in advance: discover, validate,
load), then advances as each article is cleaned or extracted. The bar is drawn on
stderr only when stderr is a terminal, so logs, pipes and CI output stay clean.
"""

from __future__ import annotations

from typing import Any

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

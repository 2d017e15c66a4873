"""Seconds per extraction stage, so a run and `sitrep bench` can say where the time goes."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")
_END = object()  # the end of an iterable, told apart from a None item

# The stages a batch's time is split into, in the order they run for an article.
STAGES = ("split", "detect", "parse", "read")


@dataclass
class Stopwatch:
    """Seconds spent in each stage, added up over articles and batches."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - started)

    def timed_items(self, items: Iterable[T], stage: str) -> Iterator[T]:
        """Each item of a lazy iterable, the time spent producing it counted to `stage`."""
        iterator = iter(items)
        while True:
            with self.timing(stage):
                item = next(iterator, _END)
            if item is _END:
                return
            yield item

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def rounded(self) -> dict[str, float]:
        return {stage: round(self.seconds.get(stage, 0.0), 3) for stage in STAGES}

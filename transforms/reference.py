"""The one loader for reference data in `seeds/reference/`.

Reference data is data: an alias, a village or a trigger word is a CSV line, never
code. Every transform that needs a vocabulary gets it from a `Reference` built
here, so each fact lives in exactly one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from transforms.actors import ActorDictionary
    from transforms.events import Lexicon, Trigger
    from transforms.extraction.coding_table import CodingRule
    from transforms.gazetteer import Gazetteer

TABLES = (
    "actors",
    "actor_patterns",
    "actor_sides",
    "places",
    "conflict_towns",
    "world_provinces",
    "world_districts",
    "world_city_variants",
    "place_stoplist",
    "countries",
    "country_bounds",
    "taxonomy",
    "triggers",
    "lexicon",
    "coding",
)


def read_reference_csv(path: Path) -> pd.DataFrame:
    """Read one reference CSV with every column as text, empty cells as ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@dataclass
class Reference:
    """All reference tables, plus the lookup structures built from them (built once, lazily)."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> Reference:
        frames = {}
        for name in TABLES:
            path = Path(directory) / f"{name}.csv"
            if path.exists():
                frames[name] = read_reference_csv(path)
        missing = [t for t in ("actors", "taxonomy") if t not in frames]
        if missing:
            raise FileNotFoundError(f"reference data missing in {directory}: {', '.join(missing)}")
        return cls(frames)

    def frame(self, name: str) -> pd.DataFrame:
        return self.frames.get(name, pd.DataFrame())

    @cached_property
    def gazetteer(self) -> Gazetteer:
        from transforms.gazetteer import Gazetteer

        # the curated places first: where both name a division, the curated row is kept
        places = pd.concat(
            [self.frame(t) for t in ("places", "conflict_towns", "world_provinces")],
            ignore_index=True,
        )
        return Gazetteer.from_frames(
            places,
            self.frame("countries"),
            stoplist=self.frame("place_stoplist"),
            districts=self.frame("world_districts"),
            variants=self.frame("world_city_variants"),
        )

    @cached_property
    def actors(self) -> ActorDictionary:
        from transforms.actors import ActorDictionary

        return ActorDictionary.from_frames(
            self.frame("actors"), self.frame("countries"), self.frame("actor_patterns")
        )

    @cached_property
    def lexicon(self) -> Lexicon:
        from transforms.events import Lexicon

        return Lexicon.from_frames(self.frame("triggers"), self.frame("lexicon"))

    @cached_property
    def trigger_index(self) -> dict[str, list[Trigger]]:
        return self.lexicon.by_first_lemma()

    @cached_property
    def allies(self) -> dict[str, frozenset[str]]:
        """Each actor's allies: the actors it shares a side with in actor_sides.csv."""
        sides: dict[str, set[str]] = {}
        for side, actor in zip(
            self.frame("actor_sides").get("side", []),
            self.frame("actor_sides").get("actor", []),
            strict=True,
        ):
            sides.setdefault(side, set()).add(actor)
        allies: dict[str, set[str]] = {}
        for members in sides.values():
            for actor in members:
                allies.setdefault(actor, set()).update(members - {actor})
        return {actor: frozenset(names) for actor, names in allies.items()}

    @cached_property
    def coding_rules(self) -> list[CodingRule]:
        from transforms.extraction.coding_table import coding_rules

        return coding_rules(self.frame("coding"))

    @cached_property
    def event_types(self) -> dict[str, str]:
        """sub_event_type -> event_type."""
        tax = self.frame("taxonomy")
        return dict(zip(tax["sub_event_type"], tax["event_type"], strict=True))

    @cached_property
    def taxonomy_pairs(self) -> set[tuple[str, str]]:
        tax = self.frame("taxonomy")
        return set(zip(tax["event_type"], tax["sub_event_type"], strict=True))


@lru_cache(maxsize=4)
def load_reference_cached(directory: str) -> Reference:
    """Reference.load once per process and directory (workers reuse the built indexes)."""
    return Reference.load(Path(directory))

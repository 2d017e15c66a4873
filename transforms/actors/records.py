"""The records of the actor dictionary: canonical actors, their mentions in a text, and the
entries, modifiers, candidates and tables the dictionary is built from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from transforms.actors.surfaces import _case_matches

PATTERN_COLUMNS = ["category", "phrase", "actor", "context_country", "noun_class", "note"]
GOVERNMENT = "@government"  # pattern actor: the government of the article's country
COUNTRY_SLOT = "{country}"  # placeholder in generic actor names ("Military Forces of {country}")
STATE_CLASSES = frozenset({"military", "police", "action", "government"})
GENERIC_INTERS = frozenset({5, 6, 7})  # rioters, protesters, civilians: never modifiers

RANK_CONTEXT, RANK_NAME, RANK_PATTERN = 0, 1, 2

# actor_patterns.csv categories that are plain word lists (the others build lookup tables)
WORD_LISTS = frozenset(
    {
        "blocker",  # a word before a common noun that gives it another owner ('its troops')
        "place_preposition",  # 'in Turkey' is a place
        "place_word",  # 'Lake Assad' is a place
        "non_actor_head",  # 'a Russian military spokesman' is a person
        "title_word",  # words between a forces phrase and such a person noun
        "object_noun",  # 'the military airport' names no actor
        "backing_word",  # 'X-backed Y', 'Y backed by X'
        "leading_word",  # 'X-led Y'
        "negating_prefix",  # 'anti-ISIS operations'
    }
)


@dataclass(frozen=True)
class Actor:
    """One canonical actor, as it goes into the `actor1`/`actor2` columns."""

    name: str
    inter_code: int
    state: bool
    country: str | None


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text: offsets into the searched text, and the backers named with it."""

    start: int
    end: int
    text: str
    actor: Actor
    backers: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Entry:
    """One surface form in a lookup table and what it stands for."""

    surface: str
    kind: str  # 'alias' | 'leader' | 'country' (a foreign state's name) | 'nation' | 'modifier'
    actor: Actor | None = None
    country: str | None = None  # nations ('Turkish', 'Iraq's', 'Iran'): the country they name
    rule: _Modifier | None = None
    guard_contexts: frozenset[str] | None = None  # guarded common-noun aliases
    place_like: bool = False  # a country or capital name: a place after 'in', 'to', ...
    upper: tuple[str, ...] = ()

    def fits_case(self, matched: str) -> bool:
        return _case_matches(self.upper, matched)


@dataclass(frozen=True)
class _Modifier:
    """A pattern modifier ('Kurdish', 'pro-government'): its actor in one context, for some nouns."""

    actor: str  # canonical name or GOVERNMENT
    context: str  # '' = any article country
    classes: frozenset[str]


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    actor: Actor
    rank: int
    backers: tuple[str, ...] = ()

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Tables:
    """Everything from_frames reads out of the CSVs, before the regexes are compiled."""

    actors: dict[str, Actor] = field(default_factory=dict)
    government_of: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    mods: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    backers: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    nouns: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    descriptors: set[str] = field(default_factory=set)
    bare: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    proxies: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    countries: dict[str, str] = field(default_factory=dict)  # key of name/alias/iso -> country
    generic: dict[str, str] = field(default_factory=dict)  # key of kind word -> actor name/template
    # guard vocabularies: blockers, place prepositions, person nouns, backing words...
    words: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    surfaces: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

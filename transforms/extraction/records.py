"""The values passed between extraction stages: what a sentence mentions, the event being
assembled from it, and what the article as a whole tells each sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan

from transforms.actors import Actor, ActorMention
from transforms.dates import DateMention
from transforms.events import TriggerMatch
from transforms.gazetteer import PlaceMention
from transforms.numbers import CasualtyMention

CLAIM_VERBS = ("say", "claim", "announce", "report")


AIR_WORDS = ("air strike", "airstrike", "warplane", "air raid", "aircraft", "jets", "drone")


GRT = "Government regains territory"


NSO = "Non-state actor overtakes territory"


CLASH = "Armed clash"


TRANSFER = "Non-violent transfer of territory"


DESTRUCTION = "Looting/property destruction"


@dataclass
class Mentions:
    """Everything found in one sentence, offsets made absolute (into clean_text)."""

    actors: list[tuple[ActorMention, SpacySpan]]
    places: list[tuple[PlaceMention, SpacySpan]]
    dates: list[tuple[DateMention, SpacySpan]]
    casualties: list[CasualtyMention]


@dataclass
class Candidate:
    """An event being assembled from one trigger in one sentence."""

    sent: SpacySpan
    sent_index: int
    match: TriggerMatch
    event_type: str
    sub_event_type: str
    place: PlaceMention | None = None
    place_source: str = ""
    actor1: Actor | None = None
    assoc1: list[str] = field(default_factory=list)
    actor2: Actor | None = None
    assoc2: list[str] = field(default_factory=list)
    date: dt.date | None = None
    precision: int | None = None
    date_source: str = ""
    fatalities: int | None = None
    injuries: int | None = None
    aim: bool = False
    actor2_guessed: bool = False  # filled from context, so a named victim may replace it
    probability: float | None = None  # the detector's, when a classifier detected the event
    victims_named: bool = False  # actor2 is the victims a casualty count names
    detected_as: str = ""  # the sub-event type detection gave (the classifier's, or the frame's)
    coded_by: str = ""  # the coding rule that changed it, if one did

    @property
    def priority(self) -> int:
        return self.match.trigger.priority


@dataclass
class Context:
    """What the article as a whole tells a sentence: publication date, countries, main actor."""

    published: dt.date | None
    countries: list[str]
    main_armed: Actor | None
    last_places: list[PlaceMention] = field(default_factory=list)
    last_dates: list[DateMention] = field(default_factory=list)
    recent_date: DateMention | None = None  # the last day or week named in the article so far
    last_agents: list[Actor] = field(default_factory=list)
    current_country: str | None = None
    actor_dictionary: object = None  # the ActorDictionary, for generic actors
    air_war: bool = False  # the article speaks of aircraft, so a bare 'strike' is an air strike
    story_date: dt.date | None = None  # the day of the report's first dated happening
    # With no publication date, the year the text gives (its last year named so far; at
    # first, the first it names): '20 March' falls in it.
    text_year: int | None = None
    states_named: list[Actor] = field(default_factory=list)  # state forces, most named first
    armed_named: list[Actor] = field(default_factory=list)  # armed groups, main_armed first
    times_named: Mapping[str, int] = field(default_factory=dict)  # actor name -> mentions
    allies: Mapping[str, frozenset[str]] = field(default_factory=dict)  # from actor_sides.csv
    dateline: tuple[int, int] | None = None  # 'MOSUL, Iraq (Reuters) -' opening the body
    # happenings the text has named with a date ('the Paris attacks of 13 November',
    # 'January's attack', 'attacked a church on Sunday'): lemma -> (sentence index, date) of
    # each, in order, for 'that attack' and 'the attack' later
    dated_happenings: dict[str, list[tuple[int, dt.date, int | None]]] = field(default_factory=dict)

    def allied(self, a: Actor, b: Actor) -> bool:
        return b.name in self.allies.get(a.name, ())

    @property
    def main_state(self) -> Actor | None:
        """The state forces the article speaks of most."""
        return self.states_named[0] if self.states_named else None

    @property
    def country(self) -> str | None:
        return self.countries[0] if self.countries else None


def place_country(cand: Candidate) -> str | None:
    return cand.place.place.country if cand.place is not None else None


def place_name(c: Candidate) -> str | None:
    return c.place.place.name if c.place is not None else None


def precision_of(c: Candidate) -> int:
    """The candidate's geo precision; 4 (coarser than a country) when it has no place."""
    return c.place.precision if c.place is not None else 4

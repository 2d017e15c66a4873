"""The coding table: the one place where a detected sub-event type may change, by a decision table.

The classifier reads the type from the words; some ACLED distinctions rest on who the
actor is, which the words leave to the actor dictionary. 'Troops took control of the
district' is *Government regains territory* when the troops are the state's own and
*Non-state actor overtakes territory* when they are a rebel group's or a foreign army's.
Each row of seeds/reference/coding.csv names a detected sub-event type, a condition on
the event's slots, and the sub-event type to code instead; the conditions are the named
predicates below. Adding a rule is a CSV line (and, for a new kind of condition, one
predicate here).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from transforms.actors import Actor


@dataclass(frozen=True)
class Slots:
    """What a coding condition may look at."""

    actor1: Actor | None
    actor2: Actor | None
    country: str | None  # the event's country, where the place or the article gives it
    harm_told: bool = True  # the sentence tells of deaths, wounds or lethal force
    stopped: bool = False  # the weapon's use is told as stopped: 'foiled a suicide attack'


def state_here(actor: Actor | None, country: str | None) -> bool:
    """The actor is a state's forces, of the country the event is in (when that is known)."""
    return actor is not None and actor.state and (country is None or actor.country == country)


# ACLED's interaction codes of organised armed actors: state forces (1), rebel groups (2),
# political militias (3), identity militias (4) and external or other forces (8).
ARMED_INTER_CODES = frozenset({1, 2, 3, 4, 8})


def armed(actor: Actor | None) -> bool:
    """The actor is an organised armed force, not rioters, protesters or civilians."""
    return actor is not None and actor.inter_code in ARMED_INTER_CODES


CONDITIONS: Mapping[str, Callable[[Slots], bool]] = {
    "actor1_state_here": lambda s: state_here(s.actor1, s.country),
    "actor1_not_state_here": lambda s: s.actor1 is not None and not state_here(s.actor1, s.country),
    "no_harm_told": lambda s: not s.harm_told,
    "actor1_armed_harm_told": lambda s: armed(s.actor1) and s.harm_told,
    "actor1_armed": lambda s: armed(s.actor1),
    "weapon_stopped": lambda s: s.stopped,
}


@dataclass(frozen=True)
class CodingRule:
    sub_event_type: str
    condition: str
    code_as: str


def coding_rules(frame) -> list[CodingRule]:
    """The rows of coding.csv; an unknown condition is an error, found at load time."""
    rules = []
    for row in frame.to_dict("records") if len(frame) else []:
        if row["condition"] not in CONDITIONS:
            raise ValueError(f"coding.csv: unknown condition {row['condition']!r}")
        rules.append(CodingRule(row["sub_event_type"], row["condition"], row["code_as"]))
    return rules


def code(sub_event_type: str, slots: Slots, rules: list[CodingRule]) -> str:
    """The sub-event type after the first rule that applies (unchanged when none does)."""
    rule = rule_for(sub_event_type, slots, rules)
    return rule.code_as if rule else sub_event_type


def rule_for(sub_event_type: str, slots: Slots, rules: list[CodingRule]) -> CodingRule | None:
    """The first rule of coding.csv that applies to a type and its slots."""
    for rule in rules:
        if rule.sub_event_type == sub_event_type and CONDITIONS[rule.condition](slots):
            return rule
    return None

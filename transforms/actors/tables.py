"""Loading the reference tables (actors.csv, actor_patterns.csv, countries.csv) into the
lookup tables the dictionary compiles: names, leaders, modifiers, force nouns, guard words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pandas as pd

from transforms.actors.records import (
    COUNTRY_SLOT,
    GENERIC_INTERS,
    GOVERNMENT,
    WORD_LISTS,
    Actor,
    _Entry,
    _Modifier,
    _Tables,
)
from transforms.actors.surfaces import _split, _upper_acronyms, phrase_key, strip_article


def _load_countries(t: _Tables, countries: pd.DataFrame) -> None:
    """Country names, aliases and ISO codes fold to the country; demonyms become modifiers and backers."""
    for row in countries.itertuples(index=False):
        names = [strip_article(n) for n in [row.country, *_split(row.aliases)]]
        for surface in [*names, row.iso3]:
            t.countries.setdefault(phrase_key(surface), row.country)
        for surface in names:
            _add_surface(t, "backer", t.backers, _nation(surface, row.country))
            _add_surface(t, "mod", t.mods, _nation(f"{surface}'s", row.country))
        for demonym in _split(row.demonyms):
            _add_surface(t, "mod", t.mods, _nation(demonym, row.country))
            _add_surface(t, "backer", t.backers, _nation(demonym, row.country))


def _nation(surface: str, country: str) -> _Entry:
    """A word that names a country's side: 'Turkish', 'U.S.', 'Iraq's', 'Iran' (in 'Iran-backed')."""
    return _Entry(surface, "nation", country=country, upper=_upper_acronyms(surface))


def _load_actors(t: _Tables, actors: pd.DataFrame) -> None:
    """Actors and their aliases; a country's first-listed state actor is its government."""
    owner: dict[str, str] = {}
    for row in actors.to_dict("records"):
        country = (row.get("country") or "").strip() or None
        actor = Actor(
            row["actor"].strip(),
            int(row["inter_code"]),
            row.get("state", "0").strip() == "1",
            country,
        )
        t.actors[phrase_key(actor.name)] = actor
        if actor.state and country:
            t.government_of.setdefault(country, actor)
        for surface in dict.fromkeys([actor.name, *_split(row["aliases"])]):
            surface = strip_article(surface)
            key = phrase_key(surface)
            if owner.setdefault(key, actor.name) != actor.name:
                raise ValueError(
                    f"alias {surface!r} belongs to both {owner[key]!r} and {actor.name!r}"
                )
            entry = _Entry(surface, "alias", actor=actor, upper=_upper_acronyms(surface))
            _add_surface(t, "name", t.names, entry)
            if actor.inter_code not in GENERIC_INTERS:
                _add_surface(t, "mod", t.mods, entry)
            if actor.state or actor.inter_code == 8:  # who backs others: states and foreign forces
                _add_surface(t, "backer", t.backers, entry)


def _load_patterns(t: _Tables, patterns: pd.DataFrame) -> tuple[dict[str, set[str]], set[str]]:
    """Force nouns, descriptors, modifiers, leaders, proxies and guard words.

    Returns the guarded aliases (key -> countries) and the place-like names, which
    are marked once every name is loaded.
    """
    guards: dict[str, set[str]] = defaultdict(set)
    place_aliases: set[str] = set()
    for row in patterns.to_dict("records"):
        category, phrase = row["category"].strip(), row["phrase"].strip()
        actor, context = row.get("actor", "").strip(), row.get("context_country", "").strip()
        classes = frozenset(_split(row.get("noun_class", "")))
        if category == "force_noun":
            t.nouns[phrase_key(phrase)] |= classes
            t.surfaces["noun"].append(phrase)
        elif category == "force_modifier":
            t.descriptors.add(phrase_key(phrase))
            t.surfaces["descriptor"].append(phrase)
        elif category == "modifier":
            rule = _Modifier(actor, context, classes)
            _add_surface(
                t,
                "mod",
                t.mods,
                _Entry(phrase, "modifier", rule=rule, upper=_upper_acronyms(phrase)),
            )
        elif category == "bare":
            t.bare[phrase_key(phrase)].append((actor, context))
        elif category == "proxy":
            t.proxies[phrase].append((actor, context))
        elif category == "leader":
            if phrase_key(actor) in t.actors:  # else reported by _check_named_actors
                _add_leader(t, phrase, t.actors[phrase_key(actor)])
        elif category == "guarded_alias":
            guards[phrase_key(strip_article(phrase))].add(context)
        elif category == "place_alias":
            place_aliases.add(phrase_key(phrase))
        elif category == "generic":
            t.generic[phrase_key(phrase)] = actor
        elif category in WORD_LISTS:
            t.words[category].append(phrase)
        else:
            raise ValueError(f"actor_patterns: unknown category {category!r} ({phrase!r})")
    _check_named_actors(t, patterns)
    return guards, place_aliases


def _check_named_actors(t: _Tables, patterns: pd.DataFrame) -> None:
    """Every actor a pattern row names must be in actors.csv: a typo there is a data error."""
    for row in patterns.to_dict("records"):
        name = row.get("actor", "").strip()
        if (
            name
            and name != GOVERNMENT
            and COUNTRY_SLOT not in name
            and phrase_key(name) not in t.actors
        ):
            raise ValueError(
                f"actor_patterns: {row['category']} {row['phrase']!r} names unknown actor {name!r}"
            )
        if row["category"] == "proxy" and phrase_key(row["phrase"]) not in t.actors:
            raise ValueError(f"actor_patterns: proxy backer {row['phrase']!r} is not an actor")


def _add_leader(t: _Tables, name: str, actor: Actor) -> None:
    """A leader is a name ('Assad'), a possessive ('Assad's forces') and a side ('pro-Assad forces')."""
    for surface in (name, f"{name}'s"):
        _add_surface(t, "name", t.names, _Entry(surface, "leader", actor=actor))
    for surface in (name, f"{name}'s", f"pro-{name}"):
        _add_surface(t, "mod", t.mods, _Entry(surface, "leader", actor=actor))


def _add_state_names(t: _Tables, countries: pd.DataFrame) -> set[str]:
    """A foreign state's name stands for it ('Russia is scrambling to bomb IS'); Syria or Iraq do not.

    Returns the keys of these names: they are places too ('in Turkey').
    """
    foreign = {a.country: a for a in t.government_of.values() if a.inter_code == 8}
    places: set[str] = set()
    for row in countries.itertuples(index=False):
        actor = foreign.get(row.country)
        if actor is None:
            continue
        for surface in [row.country, *_split(row.aliases)]:
            surface = strip_article(surface)
            places.add(phrase_key(surface))
            if phrase_key(surface) in t.names:
                continue
            entry = _Entry(
                surface, "country", actor=actor, place_like=True, upper=_upper_acronyms(surface)
            )
            _add_surface(t, "name", t.names, entry)
            _add_surface(t, "mod", t.mods, entry)
    return places


def _drop_noun_final_modifiers(t: _Tables) -> None:
    """'Russian forces' is a name, but as a modifier it would swallow its own noun.

    Names that the modifier pattern rebuilds ('Russian' + 'forces', 'Islamic State'
    + 'group') leave the modifier table, so that 'Syrian and Russian forces' reads
    as two modifiers of 'forces'; the name regex still finds them whole.
    """
    for key, entries in list(t.mods.items()):
        kept = [e for e in entries if e.kind != "alias" or not _rebuilt_by_pattern(e.surface, t)]
        if kept:
            t.mods[key] = kept
        else:
            del t.mods[key]
    t.surfaces["mod"] = list(dict.fromkeys(e.surface for es in t.mods.values() for e in es))


def _rebuilt_by_pattern(surface: str, t: _Tables) -> bool:
    """Is the surface a known modifier, up to two descriptors, and a force noun?"""
    words = surface.split()
    for cut in range(1, len(words)):
        if phrase_key(" ".join(words[cut:])) not in t.nouns:
            continue
        head = words[:cut]
        while len(head) > 1 and phrase_key(head[-1]) in t.descriptors:
            head = head[:-1]
        if phrase_key(" ".join(head)) in t.mods:
            return True
    return False


def _apply_guards(t: _Tables, guards: dict[str, set[str]], place_aliases: set[str]) -> None:
    """Mark guarded common-noun aliases and place-like names in the name and modifier tables."""
    for table in (t.names, t.mods):
        for key, entries in table.items():
            for i, entry in enumerate(entries):
                if entry.kind != "alias":
                    continue
                if key in guards:  # an empty set of contexts: guarded in every country
                    entry = replace(entry, guard_contexts=frozenset(c for c in guards[key] if c))
                if key in place_aliases:
                    entry = replace(entry, place_like=True)
                entries[i] = entry


def _add_surface(t: _Tables, regex: str, table: dict[str, list[_Entry]], entry: _Entry) -> None:
    key = phrase_key(entry.surface)
    if not key or entry in table[key]:
        return
    table[key].append(entry)
    t.surfaces[regex].append(entry.surface)

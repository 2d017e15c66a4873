"""The `ActorDictionary`: finds actor mentions in sentences (names, force phrases and
led phrases) and names actors canonically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

import pandas as pd

from transforms.actors.phrases import (
    _FIRST_BACKER_GAP,
    _FOLLOWING_WORD,
    _NEXT_BACKER_GAP,
    _coordinated,
    _longest_without_overlap,
    _merge_adjacent,
    _next_candidate,
    _next_word,
    _previous_word,
    _starts_sentence,
)
from transforms.actors.records import (
    COUNTRY_SLOT,
    GENERIC_INTERS,
    GOVERNMENT,
    PATTERN_COLUMNS,
    RANK_CONTEXT,
    RANK_NAME,
    RANK_PATTERN,
    STATE_CLASSES,
    Actor,
    ActorMention,
    _Candidate,
    _Entry,
    _Tables,
)
from transforms.actors.surfaces import alternation, phrase_key, strip_article
from transforms.actors.tables import (
    _add_state_names,
    _apply_guards,
    _drop_noun_final_modifiers,
    _load_actors,
    _load_countries,
    _load_patterns,
)


class ActorDictionary:
    """Finds actor mentions in sentences and names actors canonically."""

    def __init__(self, tables: _Tables) -> None:
        self._t = tables
        self._compile()

    # ----- construction

    @classmethod
    def from_frames(
        cls,
        actors: pd.DataFrame,
        countries: pd.DataFrame,
        patterns: pd.DataFrame | None = None,
    ) -> ActorDictionary:
        """Build from the reference tables (read with dtype=str, keep_default_na=False).

        `patterns` is `actor_patterns.csv`; without it only dictionary names and
        aliases resolve (no force nouns, leaders or generic actors).
        """
        if patterns is None:
            patterns = pd.DataFrame(columns=PATTERN_COLUMNS)
        tables = _Tables()
        _load_countries(tables, countries)
        _load_actors(tables, actors)
        guards, places = _load_patterns(tables, patterns)
        places |= _add_state_names(tables, countries)
        _apply_guards(tables, guards, places)
        _drop_noun_final_modifiers(tables)
        return cls(tables)

    def _compile(self) -> None:
        t = self._t
        names = alternation(t.surfaces["name"])
        mod = alternation(t.surfaces["mod"])
        noun = alternation(t.surfaces["noun"])
        desc = alternation(t.surfaces["descriptor"])
        backer = alternation(t.surfaces["backer"])
        backing = alternation(t.words["backing_word"])
        leading = alternation(t.words["leading_word"])
        descs = rf"(?:(?:{desc})\s+){{0,2}}"
        flags = re.IGNORECASE
        self._name_re = re.compile(rf"(?<!\w)(?:{names})(?!\w)", flags)
        # a modifier with its noun, a modifier alone (a conjunct: 'Syrian' in 'Syrian and
        # Russian forces'), or a noun with no modifier ('the army')
        self._phrase_re = re.compile(
            rf"(?<!\w)(?:(?P<mod>{mod})(?:\s+(?P<desc>{descs})(?P<noun>{noun}))?"
            rf"|(?P<bare>{descs}(?P<bare_noun>{noun})))(?!\w)",
            flags,
        )
        self._led_re = re.compile(
            rf"(?<![\w-])(?P<x>{backer})[-‐–\s]+(?:{leading})\s+{descs}(?P<noun>{noun})(?!\w)",
            flags,
        )
        self._prefix_re = re.compile(
            rf"(?<![\w-])(?P<pro>pro-)?(?P<x>{backer})(?P<verb>[-‐–\s]+(?:{backing}))?\s+\Z", flags
        )
        self._backed_by_re = re.compile(rf"\s*,?\s+(?:{backing})\s+by\s+", flags)
        self._backed_by_state_re = re.compile(
            rf"\s*,?\s+(?:{backing})\s+by\s+(?:the\s+)?(?P<x>{backer})(?!\w)", flags
        )
        heads = alternation(t.words["non_actor_head"])
        titles = alternation(t.words["title_word"])
        self._person_after_re = re.compile(rf"\s+(?:(?i:{titles})\s+)?(?i:{heads})(?!\w)")
        self._negated_re = re.compile(
            rf"(?<!\w)(?:{alternation(t.words['negating_prefix'])})[-‐–]\Z", flags
        )
        self._place_before_re = re.compile(
            rf"(?<!\w)(?:{alternation(t.words['place_preposition'])})\s+(?:the\s+)?\Z", flags
        )
        self._blockers = {phrase_key(w) for w in t.words["blocker"]}
        self._place_words = {phrase_key(w) for w in t.words["place_word"]}
        self._object_nouns = {phrase_key(w) for w in t.words["object_noun"]}
        self._linking_words = {
            phrase_key(w) for w in t.words["backing_word"] + t.words["leading_word"]
        }
        self._generic_prefixes = [
            (template.split(COUNTRY_SLOT)[0], template)
            for template in set(t.generic.values())
            if COUNTRY_SLOT in template
        ]

    # ----- public interface

    def find_actors(self, text: str, context_country: str | None = None) -> list[ActorMention]:
        """All actor mentions in `text`, longest first, without overlaps, returned in text order.

        `context_country` is the country the article is about; it resolves phrases
        that name no owner ("government forces", "Kurdish fighters").
        """
        context = self._country(context_country) if context_country else None
        core = [*self._name_candidates(text, context), *self._phrase_candidates(text, context)]
        core.extend(self._led_candidates(text))
        core = [c for c in core if not self._names_a_person(text, c)]
        widened = [self._with_backers(text, c, core) for c in core]
        chosen = _merge_adjacent(text, _longest_without_overlap(widened))
        return [
            ActorMention(c.start, c.end, text[c.start : c.end], c.actor, c.backers) for c in chosen
        ]

    def canonical(self, name: str) -> Actor | None:
        """The actor an alias, a canonical name, a leader or a generic name stands for."""
        key = phrase_key(strip_article(name))
        if key in self._t.actors:
            return self._t.actors[key]
        for entry in self._t.names.get(key, ()):
            return entry.actor
        return self._generic_by_name(name)

    def generic(self, kind: str, country: str | None) -> Actor:
        """A generic actor: generic('military', 'India') -> Military Forces of India.

        Kinds are the `generic` rows of actor_patterns.csv (military, police,
        protesters, rioters, armed group, civilians, ...). A country with an actor
        of its own gets that actor: generic('military', 'Syria') -> Syrian Government.
        """
        template = self._t.generic.get(phrase_key(kind))
        if template is None:
            raise ValueError(f"unknown generic actor kind: {kind!r}")
        if COUNTRY_SLOT not in template:
            return self._t.actors[phrase_key(template)]
        canonical_country = self._country(country) if country else None
        if canonical_country is None:
            return Actor(
                "Unidentified " + template.replace(f" of {COUNTRY_SLOT}", ""), 1, True, None
            )
        own = self._own_forces(canonical_country, self._t.nouns.get(phrase_key(kind), set()))
        if own is not None:
            return own
        return Actor(template.replace(COUNTRY_SLOT, canonical_country), 1, True, canonical_country)

    def _own_forces(self, country: str, classes: set[str]) -> Actor | None:
        """The country's own actor, standing for its forces; but a foreign intervener's actor
        (inter code 8: 'France' as the coalition's jets over Raqqa) names its forces abroad,
        and police serve at home: 'French police in Paris' are Police Forces of France."""
        own = self._t.government_of.get(country)
        police_only = "police" in classes and not classes & {"military", "action"}
        if own is not None and own.inter_code == 8 and police_only:
            return None
        return own

    @property
    def actors(self) -> list[Actor]:
        """Every actor of actors.csv, in file order."""
        return list(self._t.actors.values())

    # ----- family 1: names

    def _name_candidates(self, text: str, context: str | None) -> Iterator[_Candidate]:
        for m in self._name_re.finditer(text):
            entry = self._fitting_entry(self._t.names.get(phrase_key(m.group()), ()), m.group())
            if entry is None or self._negated(text, m.start()):
                continue
            if self._name_is_excluded(text, m.start(), m.end(), entry, context):
                continue
            yield _Candidate(m.start(), m.end(), entry.actor, RANK_NAME)

    def _name_is_excluded(
        self, text: str, start: int, end: int, entry: _Entry, context: str | None
    ) -> bool:
        """Common nouns owned by someone else, places, and leaders' names used for places."""
        if entry.guard_contexts is not None:
            if context and entry.guard_contexts and context not in entry.guard_contexts:
                return True
            if self._owner_named_before(text, start):
                return True
        if entry.place_like and (self._is_place(text, start) or self._name_continues(text, end)):
            return True
        if entry.kind == "leader":
            before = _previous_word(text, start)
            return (
                phrase_key(before.group(1) if before else "") in self._place_words
                or phrase_key(_next_word(text, end) or "") in self._place_words
            )
        return False

    # ----- family 2: force phrases

    def _phrase_candidates(self, text: str, context: str | None) -> Iterator[_Candidate]:
        conjuncts: list[re.Match[str]] = []  # modifiers seen alone so far, for coordinations
        pos = 0
        while (m := self._phrase_re.search(text, pos)) is not None:
            found: list[_Candidate] = []
            if m["noun"]:
                found = self._modified_phrase(text, [*_coordinated(text, conjuncts, m), m], context)
            elif m["bare"]:
                found = self._bare_phrase(text, m, context)
            else:
                conjuncts.append(m)
            yield from found
            # an unresolved long reading must not hide a shorter one inside it
            pos = m.end() if found else m.start() + 1

    def _modified_phrase(
        self, text: str, items: list[re.Match[str]], context: str | None
    ) -> list[_Candidate]:
        """'Syrian and Russian forces' -> one candidate per modifier; the last one spans the noun."""
        head = items[-1]
        classes = self._t.nouns.get(phrase_key(head["noun"]), set())
        if self._negated(text, items[0].start()):
            return []
        found = []
        for index, item in enumerate(items):
            surface = item["mod"]
            entries = [e for e in self._t.mods.get(phrase_key(surface), ()) if e.fits_case(surface)]
            if any(e.place_like for e in entries) and self._is_place(text, item.start()):
                continue
            resolved = self._resolve_modifier(entries, classes, context)
            if resolved is None:
                continue
            actor, rank, guarded = resolved
            if guarded and index == 0 and self._owner_named_before(text, item.start()):
                continue
            end = head.end() if item is head else item.end("mod")
            found.append(_Candidate(item.start(), end, actor, rank))
        return found

    def _resolve_modifier(
        self, entries: Iterable[_Entry], classes: set[str], context: str | None
    ) -> tuple[Actor, int, bool] | None:
        """What one modifier means before this noun, in this article: (actor, rank, guarded)."""
        for entry in entries:
            if entry.kind == "nation":
                actor = self._forces_of(entry.country, classes)
                if actor is not None:
                    return actor, RANK_PATTERN, False
            elif entry.kind == "modifier":
                rule = entry.rule
                if (rule.context and rule.context != context) or not classes & rule.classes:
                    continue
                actor = self._rule_actor(rule.actor, classes, context)
                if actor is not None:
                    used_context = rule.actor == GOVERNMENT or bool(rule.context)
                    guarded = entry.surface[:1].islower()
                    return actor, RANK_CONTEXT if used_context else RANK_PATTERN, guarded
            elif entry.actor is not None and entry.actor.inter_code not in GENERIC_INTERS:
                if entry.guard_contexts and context and context not in entry.guard_contexts:
                    continue
                return entry.actor, RANK_PATTERN, entry.guard_contexts is not None
        return None

    def _bare_phrase(self, text: str, m: re.Match[str], context: str | None) -> list[_Candidate]:
        """'Turkish-backed fighters' names a proxy; 'the army' or 'troops' the article country's forces."""
        prefix = self._backer_prefix(text, m.start())
        if prefix is not None:
            start, backers = prefix
            proxy = self._proxy_for(backers, context)
            if proxy is not None:
                return [_Candidate(start, m.end(), proxy, RANK_CONTEXT, backers)]
        backed_by = self._backed_by_state_re.match(text, m.end())
        if backed_by is not None and (backer := self._backer_actor(backed_by["x"])) is not None:
            proxy = self._proxy_for((backer.name,), context)
            if proxy is not None:  # widened over 'backed by X' with the other candidates
                return [_Candidate(m.start(), m.end(), proxy, RANK_CONTEXT)]
        if self._used_as_adjective(text, m.end()):
            return []
        classes = self._t.nouns.get(phrase_key(m["bare_noun"]), set())
        phrase = phrase_key(m["bare"])
        for actor_name, rule_context in self._t.bare.get(phrase, ()):
            if context is None or (rule_context and rule_context != context):
                continue
            if self._owner_named_before(text, m.start()):
                return []
            actor = self._rule_actor(actor_name, classes, context)
            if actor is not None:
                return [_Candidate(m.start(), m.end(), actor, RANK_CONTEXT)]
        return []

    def _proxy_for(self, backers: tuple[str, ...], context: str | None) -> Actor | None:
        for backer in backers:
            for actor_name, rule_context in self._t.proxies.get(backer, ()):
                if not rule_context or rule_context == context:
                    return self._t.actors[phrase_key(actor_name)]
        return None

    # ----- family 3: led phrases

    def _led_candidates(self, text: str) -> Iterator[_Candidate]:
        for m in self._led_re.finditer(text):
            if not self._t.nouns.get(phrase_key(m["noun"]), set()) & {"military", "action"}:
                continue
            leader = self._coalition_led_by(m["x"]) or self._backer_actor(m["x"])
            if leader is not None:
                yield _Candidate(m.start(), m.end(), leader, RANK_PATTERN)

    def _coalition_led_by(self, surface: str) -> Actor | None:
        """'U.S.-led air strikes' are the coalition's when 'US-led coalition' is a name."""
        for entry in self._t.names.get(phrase_key(f"{surface}-led coalition"), ()):
            return entry.actor
        return None

    # ----- backers

    def _with_backers(self, text: str, cand: _Candidate, core: list[_Candidate]) -> _Candidate:
        """Widen a candidate over 'X-backed' / 'pro-X' before it and ', backed by X and Y' after it."""
        backers = list(cand.backers)
        start, end = cand.start, cand.end
        prefix = self._backer_prefix(text, start)
        if prefix is not None:
            start, named = prefix
            backers.extend(named)
        suffix = self._backer_suffix(text, end, core)
        if suffix is not None:
            end, named = suffix
            backers.extend(named)
        backers = [b for b in dict.fromkeys(backers) if b != cand.actor.name]
        return replace(cand, start=start, end=end, backers=tuple(backers))

    def _backer_prefix(self, text: str, start: int) -> tuple[int, tuple[str, ...]] | None:
        m = self._prefix_re.search(text, max(0, start - 60), start)
        if m is None or not (m["pro"] or m["verb"]):
            return None
        backer = self._backer_actor(m["x"])
        return (m.start(), (backer.name,)) if backer is not None else None

    def _backer_suffix(
        self, text: str, end: int, core: list[_Candidate]
    ) -> tuple[int, tuple[str, ...]] | None:
        m = self._backed_by_re.match(text, end)
        if m is None:
            return None
        pos, names, filler = m.end(), [], _FIRST_BACKER_GAP
        while (nxt := _next_candidate(text, pos, core, filler)) is not None:
            names.append(nxt.actor.name)
            pos, filler = nxt.end, _NEXT_BACKER_GAP
        return (pos, tuple(names)) if names else None

    def _backer_actor(self, surface: str) -> Actor | None:
        for entry in self._t.backers.get(phrase_key(surface), ()):
            if not entry.fits_case(surface):
                continue
            if entry.kind == "nation":
                return self._forces_of(entry.country, {"military"})
            return entry.actor
        return None

    # ----- resolution helpers

    def _forces_of(self, country: str | None, classes: set[str]) -> Actor | None:
        """A country's own forces before this noun: its actor, else Military/Police Forces of X."""
        if country is None or not classes & STATE_CLASSES:
            return None
        own = self._own_forces(country, classes)
        if own is not None:
            return own
        return self._generic_forces(classes, country)

    def _generic_forces(self, classes: set[str], country: str) -> Actor | None:
        """Military or Police Forces of X, by the noun; a government is not an armed actor we name."""
        if classes & {"military", "action"}:
            kind = "military"
        elif "police" in classes:
            kind = "police"
        else:
            return None
        return self.generic(kind, country) if phrase_key(kind) in self._t.generic else None

    def _rule_actor(self, actor_name: str, classes: set[str], context: str | None) -> Actor | None:
        """A pattern row's actor; GOVERNMENT is the forces of the article's country."""
        if actor_name != GOVERNMENT:
            return self._t.actors.get(phrase_key(actor_name))
        return self._forces_of(context, classes)

    def _country(self, name: str) -> str | None:
        return self._t.countries.get(phrase_key(name), name)

    def _generic_by_name(self, name: str) -> Actor | None:
        for prefix, template in self._generic_prefixes:
            if name.casefold().startswith(prefix.casefold()):
                kind = next(k for k, v in self._t.generic.items() if v == template)
                return self.generic(kind, name[len(prefix) :])
        return None

    @staticmethod
    def _fitting_entry(entries: Iterable[_Entry], matched: str) -> _Entry | None:
        return next((e for e in entries if e.fits_case(matched)), None)

    # ----- guards

    def _is_place(self, text: str, start: int) -> bool:
        """'in Turkey', 'from Moscow': a country or capital after a place preposition is a place."""
        return self._place_before_re.search(text, max(0, start - 40), start) is not None

    def _negated(self, text: str, start: int) -> bool:
        """'anti-ISIS operations' are not operations by ISIS."""
        return self._negated_re.search(text, max(0, start - 12), start) is not None

    def _owner_named_before(self, text: str, start: int) -> bool:
        """Does the word before a common noun give it another owner ('Houthi rebels', 'its troops')?"""
        if self._backer_prefix(text, start) is not None:
            return False
        word = _previous_word(text, start)
        if word is None:
            return False
        if phrase_key(word.group(1)) in self._blockers:
            return True
        return word.group(1)[:1].isupper() and not _starts_sentence(text, word.start(1))

    def _name_continues(self, text: str, end: int) -> bool:
        """'Washington Post', 'Turkey-Syria border', 'Britain-based': the name is part of another word.

        'Iran-backed' and 'US-led' are not: there the state acts.
        """
        m = _FOLLOWING_WORD.match(text, end)
        if m is None:
            return False
        if m["word"][:1].isupper():
            return True
        return bool(m["hyphen"]) and phrase_key(m["word"]) not in self._linking_words

    def _used_as_adjective(self, text: str, end: int) -> bool:
        """'the military airport', 'a police station': the force word only describes a thing."""
        return phrase_key(_next_word(text, end) or "") in self._object_nouns

    def _names_a_person(self, text: str, cand: _Candidate) -> bool:
        """'a Russian military spokesman' is a person speaking, not the forces acting."""
        return self._person_after_re.match(text, cand.end) is not None

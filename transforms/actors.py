"""The actor dictionary: who is named in a sentence, by canonical ACLED-style actor.

Two reference tables drive it, so that an alias, a leader or a force noun is a
CSV line and never code:

- `actors.csv` (`actor,inter_code,aliases,country,state`): canonical actors and
  their surface forms. A country's *government* is the first state actor listed
  for it (Iraqi Government before Kurdish Peshmerga).
- `actor_patterns.csv` (`category,phrase,actor,context_country,noun_class,note`):
  the words patterns are made of — force nouns and their class, descriptive
  words, context-dependent modifiers ("Kurdish" is the YPG in Syria and the
  Peshmerga in Iraq), leaders, proxies, guard words.

`countries.csv` gives demonyms ("Turkish" -> Turkey) and country names.

Mentions are found by three families of patterns, each one regular expression
compiled once:

1. names: actor aliases, leaders' names, and the names of foreign states;
2. force phrases: `[modifier (and modifier)*] [descriptor]{0,2} noun`, where a
   modifier is a demonym, an actor name, a leader form ("Assad's", "pro-Assad")
   or a pattern modifier, and the noun's class decides what the modifier means
   ("Indian troops" -> Military Forces of India, "ISIS militants" -> Islamic
   State, "French fighters" -> nobody); with no modifier at all ("the army",
   "troops") the article's country decides;
3. led phrases: "Saudi-led coalition" -> Saudi Arabia.

Backers named inside the phrase ("Turkish-backed", "pro-Turkish", "backed by
the coalition") widen a mention and fill `ActorMention.backers`. Coordinated
modifiers ("Syrian and Russian forces", "a Syrian-Russian operation") give one
mention per actor. Overlaps are settled longest first; at equal length a reading
that used the article's country beats a plain alias, which beats a pattern.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import pandas as pd

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


# --------------------------------------------------------------------------- text keys and regexes


def phrase_key(text: str) -> str:
    """Fold a surface form for lookup: case, apostrophes, dots, hyphens and spaces don't count."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def strip_article(surface: str) -> str:
    """Drop a leading 'the': aliases match with or without it, and mentions never include it."""
    return re.sub(r"^the\s+", "", surface.strip(), flags=re.IGNORECASE)


_TOKEN = re.compile(r"(?P<dotted>(?:[A-Z]\.){2,4})|(?P<word>[^\W_]+)|(?P<space>\s+)|(?P<other>.)")
_SPACE_ATOM = r"(?:\s+|\s*[-‐–]\s*)"
_OTHER_ATOMS = {
    "-": r"[-‐–\s]?",
    "‐": r"[-‐–\s]?",
    "–": r"[-‐–\s]?",
    "'": r"['’‘]?",
    "’": r"['’‘]?",
    "‘": r"['’‘]?",
    ".": r"\.?",
    "/": r"\s*/\s*",
    "&": r"(?:&|and)",
}


def _acronym_atom(letters: str) -> str:
    """'US' matches 'US', 'U.S.' and 'U.S' (so 'U.S.-backed' and a sentence-final 'U.S.' both work)."""
    dotted = r"\.".join(letters) + r"\.?"
    return f"(?:{dotted}|{letters})"


def _atoms(surface: str) -> tuple[str, ...]:
    """Split a surface form into regex atoms that tolerate spelling variants of names."""
    atoms: list[str] = []
    for tok in _TOKEN.finditer(surface):
        if tok["dotted"]:
            atoms.append(_acronym_atom(tok["dotted"].replace(".", "")))
        elif tok["word"]:
            word = tok["word"]
            if word.isupper() and 2 <= len(word) <= 4 and word.isascii():
                atoms.append(_acronym_atom(word))
            else:
                atoms.extend(re.escape(ch) for ch in word.lower())
        elif tok["space"]:
            atoms.append(_SPACE_ATOM)
        else:
            atoms.append(_OTHER_ATOMS.get(tok["other"], re.escape(tok["other"])))
    return tuple(atoms)


def alternation(surfaces: Iterable[str]) -> str:
    """One regex matching any of the surfaces, as a trie so that thousands of names stay fast."""
    trie: dict = {}
    for surface in surfaces:
        node = trie
        for atom in _atoms(surface):
            node = node.setdefault(atom, {})
        node[""] = {}
    return _trie_regex(trie) or r"(?!)"


def _trie_regex(node: dict) -> str:
    branches = [atom + _trie_regex(child) for atom, child in node.items() if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a name may end here: the longer reading is tried first
        body = f"(?:{body})?"
    return body


def _upper_acronyms(surface: str) -> tuple[str, ...]:
    """Short capitalised acronyms of a surface ('IS', 'US', 'SDF') must stay capitalised in text."""
    found = []
    for tok in _TOKEN.finditer(surface):
        letters = (tok["dotted"] or tok["word"] or "").replace(".", "")
        if letters.isascii() and letters.isupper() and 2 <= len(letters) <= 3:
            found.append(letters)
    return tuple(found)


def _case_matches(required: tuple[str, ...], matched: str) -> bool:
    """'IS' is the group, 'is' or 'Is' the verb: check the acronyms kept their capitals."""
    if not required:
        return True
    tokens = {t.replace(".", "") for t in re.findall(r"[A-Za-z][A-Za-z.]*", matched)}
    return all(acronym in tokens for acronym in required)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


# --------------------------------------------------------------------------- lookup entries


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


# --------------------------------------------------------------------------- the dictionary


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
        own = self._t.government_of.get(canonical_country)
        if own is not None:
            return own
        return Actor(template.replace(COUNTRY_SLOT, canonical_country), 1, True, canonical_country)

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
        own = self._t.government_of.get(country)
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


_FIRST_BACKER_GAP = re.compile(r"(?:[a-z][\w-]*\s+){0,3}")
_NEXT_BACKER_GAP = re.compile(r"(?:\s*,)?\s*(?:(?:and|&|as well as)\s+)?(?:the\s+|an?\s+)?")


_CONJUNCTION = re.compile(r"\s*(?:,|,?\s*(?:and|&)|/|[-‐–])\s*", re.IGNORECASE)


def _coordinated(
    text: str, conjuncts: list[re.Match[str]], head: re.Match[str]
) -> list[re.Match[str]]:
    """The lone modifiers coordinated with a phrase's own: 'Syrian and', 'Syrian-', 'Iraqi, Kurdish and'.

    A list joined by commas only ('In Turkey, Russian forces') is no coordination:
    it needs an 'and' somewhere.
    """
    chain: list[re.Match[str]] = []
    gaps: list[str] = []
    start = head.start()
    for item in reversed(conjuncts):
        gap = text[item.end() : start]
        if item.end() > start or not _CONJUNCTION.fullmatch(gap):
            break
        chain.insert(0, item)
        gaps.insert(0, gap)
        start = item.start()
    if any(g.strip() == "," for g in gaps) and not any(re.search(r"and|&", g) for g in gaps):
        return []
    return chain


def _next_candidate(
    text: str, pos: int, core: list[_Candidate], gap: re.Pattern[str]
) -> _Candidate | None:
    """The longest candidate starting right after `pos`, past nothing but the allowed gap words."""
    fits = [c for c in core if pos <= c.start <= pos + 40 and gap.fullmatch(text, pos, c.start)]
    if not fits:
        return None
    return min(fits, key=lambda c: (c.start, -c.length, c.rank))


_FOLLOWING_WORD = re.compile(r"(?:[ \t]+|(?P<hyphen>[-‐–]))(?P<word>[\w'’]+)")
_PREVIOUS_WORD = re.compile(r"([\w'’.-]+)[ \t]+\Z")


def _previous_word(text: str, start: int) -> re.Match[str] | None:
    """The word right before `start` in the same clause (None after punctuation or at the start)."""
    m = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if m is None or (m.group(1)[-1] in ".'’" and not re.fullmatch(r"(?:[A-Z]\.)+", m.group(1))):
        return None
    return m


def _next_word(text: str, end: int) -> str | None:
    m = re.match(r"\s+([\w'’-]+)", text[end : end + 40])
    return m.group(1) if m else None


def _starts_sentence(text: str, word_start: int) -> bool:
    """Is the word at `word_start` the first of its sentence (so its capital says nothing)?"""
    before = text[max(0, word_start - 10) : word_start].rstrip(" \t")
    return not before.strip() or before[-1] in ".!?:;\"“”'‘’(\n"


def _longest_without_overlap(cands: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.length, c.rank, c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _merge_adjacent(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """'Erdogan's Turkey' is one mention of Turkey, not two."""
    merged: list[_Candidate] = []
    for cand in cands:
        last = merged[-1] if merged else None
        if last and last.actor == cand.actor and not text[last.end : cand.start].strip():
            backers = tuple(dict.fromkeys(last.backers + cand.backers))
            merged[-1] = replace(
                last, end=cand.end, backers=backers, rank=min(last.rank, cand.rank)
            )
        else:
            merged.append(cand)
    return merged


# --------------------------------------------------------------------------- loading the tables


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

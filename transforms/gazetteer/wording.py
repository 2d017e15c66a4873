"""What the words around a matched name say: its precision (province, city, 'near'),
whether the province is meant, and whether the name is a person's rather than a place's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transforms.gazetteer.names import JOINER_RE, _Token, _words
from transforms.gazetteer.places import Place, _Entry, _Match

FEATURE_PRECISION = {
    "country": 3,
    "governorate": 3,
    "city": 1,
    "town": 1,
    "village": 1,
}  # every other feature (neighbourhood, field, dam, base, region...) is precision 2

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
# A division named after its main town: 'Tsafe Local Government Area', 'Tsafe LGA',
# 'Hpakant Township', 'Kurram District', 'Barikot tehsil'. Where the gazetteer lists no
# such division (Nigeria, Myanmar, Pakistan), the town stands for it, at geo_precision 2.
DIVISION_WORDS = (
    r"local\s+government(?:\s+area)?|l\.?g\.?a\b\.?|township|tehsil|taluka|taluk"
    r"|municipality|sub-?county|sub-?district|commune|department"
)  # not 'district' or 'county': 'the Mazraa district' is as often a quarter of a city
DIVISION_AFTER_RE = re.compile(rf"^\s+(?:{DIVISION_WORDS})\b", re.IGNORECASE)
DIVISION_END_RE = re.compile(rf"\s(?:{DIVISION_WORDS})$", re.IGNORECASE)  # 'Mir Ali Tehsil'


def division_follows(text: str, match: _Match) -> bool:
    """Whether a division word follows the matched name ('Tsafe LGA', 'Hpakant Township')."""
    return bool(DIVISION_AFTER_RE.match(text[match.end : match.end + 30]))


CITY_AFTER_RE = re.compile(r"^\s+(?:city|town)\b", re.IGNORECASE)
ADJECTIVAL_AFTER_RE = re.compile(
    r"^[-‐‑](?:backed|led|based|allied|aligned|sponsored|supported|funded|trained|linked|bound)\b",
    re.IGNORECASE,
)
# A military operation's name ('Operation Euphrates Shield', 'Operation Olive Branch')
# names no place, even when one of its words is a place's name.
OPERATION_BEFORE_RE = re.compile(r"\bOperation\s+(?:[A-Z][\w'’-]*\s+){0,3}$")
SENTENCE_BREAK_CHARS = frozenset(".!?\"“”‘'(\n:;—")

# Words around a lone capitalised world-city name that show it is a person, not a place.
TITLE_WORDS = _words(
    "president presidents secretary minister ministers mr mrs ms dr gen general sen senator "
    "rep king queen prince princess sheikh emir ayatollah imam judge pope chancellor premier "
    "envoy ambassador spokesman spokeswoman colonel col lt lieutenant captain capt sgt major "
    "commander leader mayor governor saint st"
)
SPEECH_VERBS = _words(
    "said says say told tell tells added stated announced tweeted wrote warned urged insisted "
    "report reports reported confirm confirms confirmed "
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
    "july august september october november december "
    # a building or site the town's name heads: 'the Quetta Press Club', 'Kabul University'
    "press university college hospital prison jail stadium station bazaar market square "
    "mosque cathedral high court museum hotel bridge port harbour refinery camp "
    # a road, crossing or body of the place: 'the Tal Afar Road', 'Kirkuk Provincial Council'
    "road street highway checkpoint crossing border dam base airbase valley river gate old "
    "municipal municipality metropolitan provincial council countryside front"
)
# The words that name a division after its name: "Bijapur district", "Plateau state".
AREA_KIND_WORDS = r"district|province|state|county|governorate"
LOCATIVE_BEFORE_RE = re.compile(
    r"\b(?:in|near|outside|around|(?:town|city|village|district|outskirts|"
    + _DIRECTIONS
    + r")\s+of)\s+$",
    re.IGNORECASE,
)


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
        or DIVISION_AFTER_RE.match(after)
        or DIVISION_END_RE.search(text[match.start : match.end])
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


def heads_a_longer_name(tokens: list[_Token], match: _Match, text: str) -> bool:
    """A place's name that goes straight on into a capitalised word which is no part of a
    place ('Aung San Suu Kyi', 'the San Marcos Herald'): the first words of a person's,
    paper's or body's name, not the place."""
    i = match.end_token
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if text[tokens[i].end : nxt.start].strip() != "" or division_follows(text, match):
        return False
    return nxt.capitalised and nxt.text.lower() not in PLACE_CONTINUATIONS


def _looks_like_person(tokens: list[_Token], match: _Match, text: str) -> bool:
    """A lone world-city word next to a title, a first name, a surname or a speech verb."""
    if division_follows(text, match):
        return False  # 'Tsafe Local Government Area', 'Hpakant Township'
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
        if text[tokens[i].end : nxt.start].strip() == "" and nxt.text.lower() in SPEECH_VERBS:
            return True
    return heads_a_longer_name(tokens, match, text)

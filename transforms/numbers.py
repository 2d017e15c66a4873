"""Read fatality and injury counts out of news sentences.

Two layers:

* `parse_number` reads the quantity at the start of a phrase: digits ("1,200"),
  words ("twenty-five", "a hundred", "two dozen"), vague plurals ("dozens"),
  approximations ("at least 93", "more than 30") and a lone article ("a soldier").
* `find_casualties` finds killed / injured counts tied to a casualty word:
  a verb ("killed", "wounded", "died", "lost their lives"), an adjective or noun
  ("dead", "deaths", "injuries") or a death toll.

Choices, following ACLED's conservative coding of reported numbers:

* Approximations keep the stated number: "at least 93", "more than 30",
  "nearly 40", "up to 50" are 93, 30, 40, 50; a range "30 to 40" is 30.
* Vague plurals count one unit of what they name: "dozens" 12, "scores" 20,
  "tens" 10, "hundreds" 100, "thousands" 1000, "tens of thousands" 10000.
  ACLED's default for an unnumbered plural is 10: "several", "many",
  "multiple", "numerous", "a number of", "some" are 10; "a few" and
  "a handful" are 3, "a couple" and "both" 2, "half a dozen" 6.
* A singular victim ("a soldier", "an American Navy SEAL", "one") is 1, and
  "no one" / "nobody" / "none" / "no civilians" are 0: a stated zero is a count.
* Coordinated victims of one verb are summed: "Scores of Peshmerga and an
  American Navy SEAL ... were killed" is 20 + 1 = 21; "killing 3 soldiers and
  2 civilians" is 5. Separate verbs give separate mentions: "killed 12
  civilians and wounded 40 others" is 12 killed and 40 injured.
* The attacker is not a victim: "a suicide bomber killed himself" gives
  nothing, "killing himself and 5 others" gives 5.
* "casualties" mixes dead and wounded, so it is never counted, and neither is
  "killed or wounded" / "dead and wounded" (no split is stated).
* Numbers that measure something else are skipped: a quantity followed by a
  unit or a non-human noun ("30 km", "10,000 airstrikes", "a 200-man force"),
  a year after a preposition ("in 2014"), a day next to a month, a clock time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["CasualtyMention", "find_casualties", "parse_number"]

_MAX_COUNT = 10**7


@dataclass(frozen=True)
class CasualtyMention:
    """A count of people killed or injured, as one sentence states it."""

    start: int
    end: int
    text: str
    count: int
    kind: str  # 'killed' or 'injured'
    victims: str
    victims_start: int


def _word_list(text: str) -> list[str]:
    """Split a space-separated word list (keeps long vocabularies compact)."""
    return text.split()


def _phrase_list(text: str) -> list[str]:
    """Split a "|"-separated list of phrases."""
    return text.split("|")


def _words(text: str) -> frozenset[str]:
    """A vocabulary from a space-separated list."""
    return frozenset(_word_list(text))


# --------------------------------------------------------------------------- #
# Quantities
# --------------------------------------------------------------------------- #

_UNITS = {
    word: n
    for n, word in enumerate(
        _word_list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen"
            " fourteen fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    word: 10 * n
    for n, word in enumerate(_word_list("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = {
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "half a dozen": 6,
    "dozens": 12,
    "scores": 20,
    "tens": 10,
    "hundreds": 100,
    "thousands": 1000,
    "several": 10,
    "many": 10,
    "multiple": 10,
    "numerous": 10,
    "a number": 10,
    "some": 10,
    "a few": 3,
    "a handful": 3,
    "a couple": 2,
    "both": 2,
    "no one": 0,
    "nobody": 0,
    "none": 0,
    "no": 0,
}


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first so "tens of thousands" beats "tens"."""
    phrases = sorted(phrases, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)


_NUMBER_WORD = _alternation([*_UNITS, *_TENS, *_SCALES, "dozen"])
# Words before a number that keep its value ("at least 93" is 93, ACLED-style).
_QUALIFIERS = _alternation(
    _phrase_list(
        "at least|at most|more than|no fewer than|no less than|fewer than|less than|over"
        "|nearly|almost|about|around|approximately|roughly|some|up to|as many as|an estimated"
        "|estimated|close to|upwards of|just over|well over|just under|a total of|a further"
        "|another|all|only|the"
    )
)
_QUANTITY = re.compile(
    rf"(?<![\w$£€#/:.,-])(?:(?:{_QUALIFIERS})\s+)*"
    r"(?:"
    # 1,200 / 93 / 1.5 million / 30-40 / 30 to 40
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<digit_scale>hundred|thousand|million)\b)?"
    r"(?:\s*(?:-|–|to|or)\s*\d[\d,]*)?"
    r"(?![\w%:/-]|[.,]\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|%|percent|per\s+cent))"
    # twenty-five / two hundred and fifty / a dozen
    rf"|(?P<words>(?:an?\s+)?(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*)(?![\w-])"
    rf"|(?P<vague>{_alternation(_VAGUE)})\b"
    # a soldier / an American Navy SEAL
    r"|(?P<article>an?)(?=\s+[A-Za-z])"
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: int
    is_article: bool  # "a"/"an": a count only when a victim noun follows


def _word_number(text: str) -> int | None:
    """Value of a run of number words: "twenty-five", "two hundred and fifty", "a dozen"."""
    total = current = 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("a", "an"):
            current = 1
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "dozen":
            current = max(current, 1) * 12
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        elif word != "and":
            return None
    return total + current


def _value(match: re.Match[str]) -> int | None:
    """The count a quantity match stands for (see the module doc for vague words)."""
    if match.group("digits"):
        number = float(match.group("digits").replace(",", ""))
        if match.group("digit_scale"):
            number *= _SCALES[match.group("digit_scale").lower()]
        return int(number) if number == int(number) else None
    if match.group("words"):
        return _word_number(match.group("words"))
    if match.group("vague"):
        return _VAGUE[" ".join(match.group("vague").lower().split())]
    return 1


def parse_number(text: str) -> int | None:
    """The quantity a phrase starts with: "at least 93" -> 93, "two dozen" -> 24,
    "dozens" -> 12, "a soldier" -> 1; None when it starts with no quantity."""
    stripped = text.strip()
    match = _QUANTITY.match(stripped)
    if match is None:
        return None
    if match.group("article") and not re.match(r"\s+[A-Za-z]", stripped[match.end() :]):
        return None
    value = _value(match)
    return value if value is not None and 0 <= value < _MAX_COUNT else None


# --------------------------------------------------------------------------- #
# Tokens and vocabulary
# --------------------------------------------------------------------------- #

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d|[^\sA-Za-z\d]")


@dataclass(frozen=True)
class _Token:
    """A word, number or punctuation mark; `word` is lowercased."""

    start: int
    end: int
    word: str


_KILL_VERBS = _words(
    "kill kills killed killing slay slays slew slain execute executes executed executing"
    " behead beheads beheaded beheading massacre massacres massacred massacring slaughter"
    " slaughters slaughtered slaughtering murder murders murdered murdering martyred"
)
_INJURE_VERBS = _words(
    "wound wounds wounded wounding injure injures injured injuring hurt hurting maim maimed"
)
_DIE_VERBS = _words("die dies died perish perished perishes")
_KILL_NOUNS = _words("dead deaths fatalities")
_INJURE_NOUNS = _words("injuries")
# Forms that can stand after their victims without an auxiliary ("30 soldiers
# killed in ..."), as opposed to "killing" or "kills", which need an object.
_PARTICIPLES = _words(
    "killed slain executed beheaded massacred slaughtered murdered martyred wounded injured"
    " hurt maimed"
)
# Forms of "be" (and "get") make a participle passive: "were killed". "have"
# only makes it perfect: "ISIS has killed 30" is active.
_PASSIVE_AUXILIARIES = _words("were was are is be been being got get gets")
_AUXILIARIES = _PASSIVE_AUXILIARIES | _words("have has had")
# Words that may stand between a victim phrase and its verb: "were reportedly
# killed", "are believed to have died", "who were killed".
_SKIPPABLE_BEFORE_VERB = _AUXILIARIES | _words(
    "reportedly also all allegedly later subsequently reported believed thought feared said"
    " confirmed known to apparently likely probably now then already ultimately eventually"
    " just each both who that which themselves since mostly"
)
# What may follow a participle that has no object: "30 soldiers killed in ...".
_AFTER_OBJECTLESS_PARTICIPLE = _words(
    "in by when after as during on at near while since before following and or but from"
    " across inside outside around within throughout amid over under with for including"
    " overnight yesterday today tonight earlier recently last this so there early late"
    " monday tuesday wednesday thursday friday saturday sunday"
)
_POSSESSIVES = _words("her his their its")
_REFLEXIVES = _words("himself herself themselves itself")
_SPEECH_VERBS = _words("said says told say reported added according")
# Not part of a victim noun phrase: function words and verbs.
_NOT_IN_VICTIMS = (
    _AUXILIARIES
    | _AFTER_OBJECTLESS_PARTICIPLE
    | _KILL_VERBS
    | _INJURE_VERBS
    | _DIE_VERBS
    | _REFLEXIVES
    | _words(
        "to into who whom whose which that what where why how he she it they we you i"
        " will would could should may might must can did do does not no than then"
        " said says told say lost left leaving among between against"
        " reportedly also allegedly them him me"
    )
)
# Nouns that are counted but are not people: "30 km", "10,000 airstrikes".
_NOT_VICTIMS = _words(
    "km kms kilometres kilometers kilometre kilometer miles mile metres meters m feet"
    " percent per cent % years year months month weeks week days day hours hour minutes"
    " minute seconds times airstrikes airstrike strikes strike raids raid sorties attacks"
    " attack bombs bomb shells rockets rocket missiles missile mortars rounds bullets"
    " vehicles vehicle cars car tanks tank trucks villages village towns town cities city"
    " houses house buildings homes dollars euros pounds tons tonnes kg kilograms barrels"
    " million billion acres hectares square points votes seats operations explosions"
    " blasts bombings incidents"
)
_LINKS_TO_TOLL = _words(
    "rose risen rises climbed climbs reached reaches stood stands hit jumped increased"
    " was is has had at to of now"
)
_MONTH_NAMES = _words(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
)
_PREPOSITIONS_BEFORE_YEAR = _words(
    "in since of by until till during from before after early late mid"
)


def _kind_of(word: str) -> str | None:
    """'killed' / 'injured' for a casualty word, None for any other word."""
    if word in _KILL_VERBS or word in _DIE_VERBS or word in _KILL_NOUNS:
        return "killed"
    if word in _INJURE_VERBS or word in _INJURE_NOUNS:
        return "injured"
    return None


# --------------------------------------------------------------------------- #
# The sentence being read
# --------------------------------------------------------------------------- #


@dataclass
class _Reading:
    """A sentence split into tokens, with its quantities indexed by token."""

    sentence: str
    tokens: list[_Token]
    starting_at: dict[int, _Quantity]  # token index -> quantity starting there
    ending_at: dict[int, _Quantity]  # token index -> quantity ending there
    used: set[int]  # start offsets of quantities already counted

    @classmethod
    def of(cls, sentence: str) -> _Reading:
        tokens = [_Token(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(sentence)]
        token_at_start = {token.start: i for i, token in enumerate(tokens)}
        token_at_end = {token.end: i for i, token in enumerate(tokens)}
        starting_at, ending_at = {}, {}
        for quantity in _quantities(sentence):
            if quantity.start in token_at_start and quantity.end in token_at_end:
                starting_at[token_at_start[quantity.start]] = quantity
                ending_at[token_at_end[quantity.end]] = quantity
        return cls(sentence, tokens, starting_at, ending_at, set())

    def word(self, index: int) -> str:
        """The lowercased token at `index`, '' outside the sentence."""
        return self.tokens[index].word if 0 <= index < len(self.tokens) else ""

    def first_token_at_or_after(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        for i, token in enumerate(self.tokens):
            if token.start >= offset:
                return i
        return len(self.tokens)


def _quantities(sentence: str) -> list[_Quantity]:
    """Every quantity in the sentence that could count people."""
    found = []
    for match in _QUANTITY.finditer(sentence):
        value = _value(match)
        if value is None or not 0 <= value < _MAX_COUNT or _is_date_or_year(match):
            continue
        found.append(_Quantity(match.start(), match.end(), value, bool(match.group("article"))))
    return found


def _is_date_or_year(match: re.Match[str]) -> bool:
    """True for digits that are dates: "in 2014", "the 2014 offensive", "2014,"
    and "March 26" / "26 March" (but "the 2000 troops" is a count)."""
    digits = match.group("digits")
    if not digits:
        return False
    before = match.string[: match.start()].split()[-1:] or [""]
    after = match.string[match.end() :].split()[:1] or [""]
    previous, following = before[0].lower().strip(",."), after[0].lower().strip(",.")
    if previous in _MONTH_NAMES or following in _MONTH_NAMES:
        return True
    if len(digits) != 4 or digits[:2] not in ("19", "20"):
        return False
    if previous in _PREPOSITIONS_BEFORE_YEAR or following in ("", ","):
        return True
    after_determiner = match.group(0).lower().startswith("the ") or previous.endswith(("'s", "’s"))
    return after_determiner and not digits.endswith("00")


# --------------------------------------------------------------------------- #
# Victim phrases
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class _Victims:
    """Counted victims: their total, and the stretch of text naming them."""

    count: int
    quantities: tuple[_Quantity, ...]
    phrase_start: int  # -1 when no victim noun is written
    phrase_end: int
    first_token: int
    last_token: int


def _is_victim_word(word: str) -> bool:
    """Whether a token can be part of a victim noun phrase ("Syrian", "of", "the")."""
    return word[:1].isalpha() and word not in _NOT_IN_VICTIMS


def _starts_a_reduced_clause(word: str) -> bool:
    """A participle after the head noun starts a clause, not more of the noun:
    "15 civilians accused of ...", "people living in ..."."""
    return word.endswith(("ed", "ing"))


def _phrase_bounds(reading: _Reading, first: int, last: int) -> tuple[int, int]:
    """Offsets of tokens first..last without leading "of"/"the" (-1 when empty)."""
    while first <= last and reading.word(first) in ("of", "the"):
        first += 1
    if first > last:
        return -1, -1
    return reading.tokens[first].start, reading.tokens[last].end


def _names_non_people(reading: _Reading, first: int, last: int) -> bool:
    """True when the noun phrase counts things, not people ("30 km", "airstrikes")."""
    return any(reading.word(i) in _NOT_VICTIMS for i in range(first, last + 1))


def _joined(first: _Victims, second: _Victims) -> _Victims:
    """Two coordinated groups of victims, in reading order, counted together."""
    return _Victims(
        first.count + second.count,
        first.quantities + second.quantities,
        first.phrase_start if first.phrase_start >= 0 else second.phrase_start,
        second.phrase_end if second.phrase_end >= 0 else first.phrase_end,
        first.first_token,
        second.last_token,
    )


def _group_after(reading: _Reading, index: int) -> _Victims | None:
    """One quantity starting at token `index` and the noun phrase after it:
    "at least 93 people", "dozens", "a soldier" (but not "30 km")."""
    quantity = reading.starting_at.get(index)
    if quantity is None or quantity.start in reading.used:
        return None
    after_quantity = reading.first_token_at_or_after(quantity.end)
    last = after_quantity - 1
    while last + 1 - after_quantity < 8 and _is_victim_word(reading.word(last + 1)):
        if last + 1 in reading.starting_at and last + 1 > after_quantity:
            break  # the next group of a coordination
        if last >= after_quantity and _starts_a_reduced_clause(reading.word(last + 1)):
            break  # "15 civilians accused of ...", "people living in ..."
        last += 1
    while last >= after_quantity and reading.word(last) in ("of", "the"):
        last -= 1
    if quantity.is_article and last < after_quantity:
        return None
    if _names_non_people(reading, after_quantity, last):
        return None
    start, end = _phrase_bounds(reading, after_quantity, last)
    return _Victims(quantity.value, (quantity,), start, end, index, max(last, after_quantity - 1))


def _next_group_after(reading: _Reading, victims: _Victims) -> _Victims | None:
    """The group coordinated after `victims` ("... and 3 soldiers", ", 2 civilians"),
    unless it starts a new clause ("killing 5 and 3 others were wounded",
    "injured 40, a doctor said")."""
    link = victims.last_token + 1
    by_comma = reading.word(link) == ","
    link += by_comma
    by_and = reading.word(link) == "and"
    link += by_and
    if not by_and and (not by_comma or victims.phrase_start < 0):
        return None  # a list needs "and", or nouns on both sides of the comma
    if by_and and reading.word(link) in _POSSESSIVES:
        link += 1  # "a woman and her two children"
    more = _group_after(reading, link)
    if more is None or more.phrase_start < 0:
        return None
    following = reading.word(more.last_token + 1)
    if following in _AUXILIARIES or following in _SPEECH_VERBS or _kind_of(following):
        return None
    return more


def _victims_after(reading: _Reading, index: int) -> _Victims | None:
    """Victims read rightwards from token `index`, coordinated groups summed:
    "12 civilians and 3 soldiers" is 15."""
    victims = _group_after(reading, index)
    while victims is not None and (more := _next_group_after(reading, victims)) is not None:
        victims = _joined(victims, more)
    return victims


def _group_before(reading: _Reading, index: int) -> _Victims | None:
    """One quantity and the noun phrase ending at token `index`: "Fourteen
    Peshmerga", "an American Navy SEAL", "three" (but not a lone "a")."""
    i = index
    while i >= 0 and index - i < 8:
        quantity = reading.ending_at.get(i)
        if quantity is not None and quantity.start not in reading.used:
            if (quantity.is_article and i == index) or _names_non_people(reading, i + 1, index):
                return None
            start, end = _phrase_bounds(reading, i + 1, index)
            first_token = reading.first_token_at_or_after(quantity.start)
            return _Victims(quantity.value, (quantity,), start, end, first_token, index)
        if not _is_victim_word(reading.word(i)):
            return None
        i -= 1
    return None


def _previous_group(reading: _Reading, victims: _Victims) -> _Victims | None:
    """The group coordinated before `victims`: "5 soldiers and" / "5 soldiers,"."""
    link = victims.first_token - 1
    if reading.word(link) not in ("and", ","):
        return None
    link -= 1
    link -= reading.word(link) == ","
    more = _group_before(reading, link)
    return more if more is not None and more.phrase_start >= 0 else None


def _victims_before(reading: _Reading, index: int) -> _Victims | None:
    """Victims read leftwards, ending at token `index`, coordinated groups summed:
    "Scores of Peshmerga and an American Navy SEAL" is 20 + 1."""
    victims = _group_before(reading, index)
    while victims is not None and (more := _previous_group(reading, victims)) is not None:
        victims = _joined(more, victims)
    return victims


# --------------------------------------------------------------------------- #
# Reading a casualty word
# --------------------------------------------------------------------------- #


def _skip_back(reading: _Reading, index: int) -> tuple[int, bool]:
    """From the token before a verb, skip auxiliaries, adverbs and a relative
    clause set off by commas; return the token the victims end at, and whether
    a form of "be" was seen (which makes the verb passive)."""
    passive = False
    i = index
    while i >= 0:
        word = reading.word(i)
        if word in _SKIPPABLE_BEFORE_VERB:
            passive = passive or word in _PASSIVE_AUXILIARIES
            i -= 1
        elif word == ",":
            opening = _opening_comma(reading, i)
            if opening is None:
                break
            i = opening - 1
        else:
            break
    return i, passive


def _opening_comma(reading: _Reading, closing: int) -> int | None:
    """The comma opening a relative clause that ends at `closing`: ", who was
    part of a quick reaction force,"; None when there is no such clause."""
    for i in range(closing - 1, max(-1, closing - 25), -1):
        if reading.word(i) == ",":
            opener = reading.word(i + 1)
            return i if opener in ("who", "which", "including", "among", "most", "many") else None
        if _kind_of(reading.word(i)) or reading.word(i) in (".", ";"):
            return None
    return None


def _object_start(reading: _Reading, verb: int) -> int:
    """Token where the object of the verb ending at token `verb` starts, past
    "down" ("gunned down"), "of" ("the killing of") and "himself and"; -1 for
    a reflexive with nothing after it ("killed himself")."""
    i = verb + 1
    if reading.word(i) in ("down", "of"):
        i += 1
    if reading.word(i) in _REFLEXIVES:
        return i + 2 if reading.word(i + 1) == "and" else -1
    return i


def _verb_word(reading: _Reading, index: int) -> tuple[str | None, int]:
    """The casualty kind at token `index`, and the token its object reading
    starts after (a multi-word verb like "shot dead" or "lost their lives" ends later)."""
    word = reading.word(index)
    if (
        word == "lost"
        and reading.word(index + 1) in ("their", "his", "her")
        and reading.word(index + 2) in ("lives", "life")
    ):
        return "killed", index + 2
    if word == "gunned" and reading.word(index + 1) == "down":
        return "killed", index
    if word == "shot" and reading.word(index + 1) == "dead":
        return "killed", index + 1
    return _kind_of(word), index


def _is_combined(reading: _Reading, index: int, kind: str) -> bool:
    """True for "killed or wounded" / "dead and injured": one count for both."""
    for other in (index - 2, index + 2):
        between = reading.word((index + other) // 2)
        other_kind = _kind_of(reading.word(other))
        if between in ("or", "and", "/") and other_kind and other_kind != kind:
            return True
    return False


def _mention(
    reading: _Reading, kind: str, victims: _Victims, verb: tuple[int, int]
) -> CasualtyMention:
    """Build the public mention and mark its quantities as counted."""
    for quantity in victims.quantities:
        reading.used.add(quantity.start)
    start = min(verb[0], *(q.start for q in victims.quantities))
    end = max(verb[1], victims.phrase_end, *(q.end for q in victims.quantities))
    victims_text = (
        reading.sentence[victims.phrase_start : victims.phrase_end]
        if victims.phrase_start >= 0
        else ""
    )
    return CasualtyMention(
        start,
        end,
        reading.sentence[start:end],
        victims.count,
        kind,
        victims_text,
        victims.phrase_start,
    )


def _read_verb(reading: _Reading, index: int) -> CasualtyMention | None:
    """Read the casualty word at `index` as active (victims after it), passive or
    intransitive (victims before it), or a death toll."""
    word = reading.word(index)
    if word == "toll":
        return _read_toll(reading, index)
    kind, last = _verb_word(reading, index)
    if kind is None or _is_combined(reading, index, kind):
        return None
    verb_span = (reading.tokens[index].start, reading.tokens[last].end)
    before, passive = _skip_back(reading, index - 1)
    if not passive and (not _is_intransitive(word) or reading.word(last + 1) == "of"):
        object_start = _object_start(reading, last)
        victims = _victims_after(reading, object_start) if object_start >= 0 else None
        if victims is not None:
            return _mention(reading, kind, victims, verb_span)
        if object_start < 0:
            return None  # "killed himself"
    if not _may_follow_victims(reading, index, last, passive):
        return None
    victims = _victims_before(reading, before)
    return _mention(reading, kind, victims, verb_span) if victims else None


def _is_intransitive(word: str) -> bool:
    """Casualty words whose victims come before them: "died", "dead", "deaths"."""
    return word in _DIE_VERBS or word in _KILL_NOUNS or word in _INJURE_NOUNS or word == "lost"


def _may_follow_victims(reading: _Reading, index: int, last: int, passive: bool) -> bool:
    """Whether the casualty word can have its victims before it: passive ("were
    killed"), intransitive ("died", "lost their lives", "dead"), or an objectless
    participle ("30 soldiers killed in ...", "three wounded.")."""
    word = reading.word(index)
    if passive or _is_intransitive(word) or last > index:
        return True
    if word not in _PARTICIPLES and word not in ("shot", "gunned"):
        return False
    following = reading.word(last + 1)
    return following == "" or not following.isalnum() or following in _AFTER_OBJECTLESS_PARTICIPLE


def _read_toll(reading: _Reading, index: int) -> CasualtyMention | None:
    """ "the death toll rose to 40", "a toll of 17"."""
    if reading.word(index - 1) == "casualty":
        return None  # dead and wounded together
    for i in range(index + 1, min(index + 9, len(reading.tokens))):
        if reading.word(i) in (".", ";") or _kind_of(reading.word(i)):
            return None
        if i in reading.starting_at and reading.word(i - 1) in _LINKS_TO_TOLL:
            victims = _victims_after(reading, i)
            if victims is None:
                return None
            first = index - 1 if reading.word(index - 1) == "death" else index
            toll_span = (reading.tokens[first].start, reading.tokens[index].end)
            return _mention(reading, "killed", victims, toll_span)
    return None


_CASUALTY_CUE = re.compile(
    r"kill|wound|injur|dead|death|die|slain|slew|execut|behead|massacr|slaughter|murder|lives"
    r"|perish|hurt|toll|fatalit|martyr|gunned|maim",
    re.IGNORECASE,
)


def find_casualties(sentence: str) -> list[CasualtyMention]:
    """Killed and injured counts stated in `sentence`, in reading order.

    Each mention ties one count to one casualty word; offsets point into
    `sentence`. See the module doc for how vague and coordinated counts read.
    """
    if not sentence or _CASUALTY_CUE.search(sentence) is None:
        return []
    reading = _Reading.of(sentence)
    mentions = []
    for index, token in enumerate(reading.tokens):
        if token.word == "dead" and reading.word(index - 1) == "shot":
            continue  # read with "shot"
        if _kind_of(token.word) or token.word in ("toll", "lost", "shot", "gunned"):
            mention = _read_verb(reading, index)
            if mention is not None:
                mentions.append(mention)
    return sorted(mentions, key=lambda m: m.start)

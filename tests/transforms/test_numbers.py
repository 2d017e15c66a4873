"""Tests for reading fatality and injury counts (transforms/numbers/).

Each table row names what it checks. The values chosen for vague quantities
("dozens" = 12, "several" = 10 ...) are documented in the module docstring.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.numbers import CasualtyMention, find_casualties, parse_number

# --------------------------------------------------------------------------- parse_number

# fmt: off
NUMBERS = [
    pytest.param("93", 93, id="digits"),
    pytest.param("1,200", 1200, id="thousands-separator"),
    pytest.param("2000", 2000, id="plain-four-digits"),
    pytest.param("1.5 million", 1_500_000, id="decimal-with-scale"),
    pytest.param("Fourteen", 14, id="capitalised-word"),
    pytest.param("twenty-five", 25, id="hyphenated-words"),
    pytest.param("twenty five", 25, id="spaced-words"),
    pytest.param("two hundred and fifty", 250, id="hundreds-and"),
    pytest.param("three thousand", 3000, id="thousand"),
    pytest.param("a hundred", 100, id="a-hundred"),
    pytest.param("a dozen", 12, id="a-dozen"),
    pytest.param("two dozen", 24, id="two-dozen"),
    pytest.param("half a dozen", 6, id="half-a-dozen"),
    pytest.param("dozens", 12, id="dozens-is-one-dozen"),
    pytest.param("scores", 20, id="scores-is-one-score"),
    pytest.param("tens", 10, id="tens"),
    pytest.param("hundreds", 100, id="hundreds"),
    pytest.param("thousands", 1000, id="thousands"),
    pytest.param("tens of thousands", 10_000, id="tens-of-thousands"),
    pytest.param("hundreds of thousands", 100_000, id="hundreds-of-thousands"),
    pytest.param("several", 10, id="several-acled-default"),
    pytest.param("many", 10, id="many-acled-default"),
    pytest.param("a number of", 10, id="a-number-of"),
    pytest.param("some", 10, id="some-alone"),
    pytest.param("a few", 3, id="a-few"),
    pytest.param("a handful", 3, id="a-handful"),
    pytest.param("both", 2, id="both"),
    pytest.param("at least 93", 93, id="at-least"),
    pytest.param("more than 30", 30, id="more-than"),
    pytest.param("nearly 40", 40, id="nearly"),
    pytest.param("up to 50", 50, id="up-to"),
    pytest.param("some 40", 40, id="some-approximation"),
    pytest.param("an estimated 200", 200, id="an-estimated"),
    pytest.param("a total of 17", 17, id="a-total-of"),
    pytest.param("30 to 40", 30, id="range-takes-lower"),
    pytest.param("30-40", 30, id="dash-range-takes-lower"),
    pytest.param("an American Navy SEAL", 1, id="singular-an"),
    pytest.param("a soldier", 1, id="singular-a"),
    pytest.param("one", 1, id="one"),
    pytest.param("no one", 0, id="no-one"),
    pytest.param("nobody", 0, id="nobody"),
]
# fmt: on


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number_reads_the_leading_quantity(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("Media ID", id="words"),
        pytest.param("a", id="lone-article"),
        pytest.param("the soldiers", id="determiner"),
        pytest.param("0.203", id="fraction"),
        pytest.param("55345953", id="too-large-identifier"),
        pytest.param("200-man", id="compound-modifier"),
        pytest.param("100km", id="glued-unit"),
        pytest.param("30%", id="percentage"),
    ],
)
def test_parse_number_gives_none_without_a_count(text):
    assert parse_number(text) is None


# --------------------------------------------------------------------------- find_casualties

# fmt: off
CASUALTIES = [
    pytest.param("Fourteen Peshmerga were wounded when ISIS used heavy weapons.", [(14, "injured", "Peshmerga")], id="passive-injured"),
    pytest.param("A car bombing in Sadr City last week, killing at least 93 people – the most deadly attack.", [(93, "killed", "people")], id="gerund-object-at-least"),
    pytest.param("ISIS seized the Shaer gas field after killing 30 Syrian soldiers in a three-day assault.", [(30, "killed", "Syrian soldiers")], id="after-killing"),
    pytest.param("30 Syrian soldiers were killed.", [(30, "killed", "Syrian soldiers")], id="passive-killed"),
    pytest.param("Gunmen killed 12 civilians and wounded 40 others.", [(12, "killed", "civilians"), (40, "injured", "others")], id="two-verbs-two-mentions"),
    pytest.param("The blast left 5 dead and 20 injured.", [(5, "killed", ""), (20, "injured", "")], id="left-dead-and-injured"),
    pytest.param("The death toll rose to 40 on Sunday.", [(40, "killed", "")], id="death-toll"),
    pytest.param("The toll stood at 17.", [(17, "killed", "")], id="toll-stood-at"),
    pytest.param("The death toll from the truck bomb that exploded on Friday near the bus station in Kabul climbed to 36, officials said.", [(36, "killed", "")], id="toll-far-from-its-verb"),
    pytest.param("The number of dead from the car bomb that a militant set off yesterday morning in the busy cattle market of Jamrud, west of Peshawar, rose to 41.", [(41, "killed", "")], id="number-of-dead-far-from-its-verb"),
    pytest.param("At least 17 people died in the attack.", [(17, "killed", "people")], id="died"),
    pytest.param("Three soldiers lost their lives in the clash.", [(3, "killed", "soldiers")], id="lost-their-lives"),
    pytest.param("The blast, injuring dozens, shook the city.", [(12, "injured", "")], id="injuring-dozens"),
    pytest.param("Mortar fire wounded more than 100.", [(100, "injured", "")], id="wounded-more-than"),
    pytest.param("The bomber blew himself up, killing himself and 5 others.", [(5, "killed", "others")], id="attacker-not-counted"),
    pytest.param("Two civilians were killed and three wounded.", [(2, "killed", "civilians"), (3, "injured", "")], id="elided-second-verb"),
    pytest.param("Scores of Peshmerga and an American Navy SEAL, who was part of a quick reaction force, were killed in that attack.", [(21, "killed", "Peshmerga and an American Navy SEAL")], id="coordinated-victims-summed-past-relative-clause"),
    pytest.param("Five soldiers and three civilians were killed.", [(8, "killed", "soldiers and three civilians")], id="coordinated-subjects"),
    pytest.param("The strike killed 3 soldiers and 2 civilians.", [(5, "killed", "soldiers and 2 civilians")], id="coordinated-objects"),
    pytest.param("Barrel bombs hit the village, killing a woman and her two children.", [(3, "killed", "woman and her two children")], id="coordinated-after-a-possessive"),
    pytest.param("30 people, including 5 children, were killed.", [(30, "killed", "people")], id="including-clause-not-added"),
    pytest.param("30 soldiers killed in Raqqa", [(30, "killed", "soldiers")], id="headline-participle"),
    pytest.param("An American Navy SEAL was killed.", [(1, "killed", "American Navy SEAL")], id="singular-victim"),
    pytest.param("ISIS executed 20 men and beheaded a journalist.", [(20, "killed", "men"), (1, "killed", "journalist")], id="executed-beheaded"),
    pytest.param("Five soldiers were shot dead.", [(5, "killed", "soldiers")], id="shot-dead-passive"),
    pytest.param("Gunmen shot dead 5 soldiers.", [(5, "killed", "soldiers")], id="shot-dead-active"),
    pytest.param("Gunmen gunned down two policemen.", [(2, "killed", "policemen")], id="gunned-down"),
    pytest.param("The deaths of 3 soldiers were confirmed.", [(3, "killed", "soldiers")], id="deaths-of"),
    pytest.param("The shelling caused 40 civilian deaths.", [(40, "killed", "civilian")], id="n-deaths"),
    pytest.param("The group killed tens of victims.", [(10, "killed", "victims")], id="tens-of"),
    pytest.param("Hundreds of civilians were massacred.", [(100, "killed", "civilians")], id="massacred-hundreds"),
    pytest.param("Two dozen fighters were slain.", [(24, "killed", "fighters")], id="slain-two-dozen"),
    pytest.param("Several people were hurt.", [(10, "injured", "people")], id="several-hurt"),
    pytest.param("The blast injured 1,200 people.", [(1200, "injured", "people")], id="thousands-separator"),
    pytest.param("Twenty-five militants were reportedly killed.", [(25, "killed", "militants")], id="adverb-between"),
    pytest.param("At least 17 people are believed to have died.", [(17, "killed", "people")], id="believed-to-have-died"),
    pytest.param("No one was hurt in the blast.", [(0, "injured", "")], id="stated-zero"),
    pytest.param("In 2014, 30 soldiers were killed.", [(30, "killed", "soldiers")], id="year-before-count"),
    pytest.param("On March 26, 4 soldiers were wounded.", [(4, "injured", "soldiers")], id="day-before-count"),
    pytest.param("In late December, 16 soldiers were killed.", [(16, "killed", "soldiers")], id="comma-after-month-ends-the-date"),
    pytest.param("A drone hit a flat, killing a commander, his wife and their two sons.", [(4, "killed", "commander, his wife and their two sons")], id="one-person-after-a-possessive"),
    pytest.param("Gunmen killed a teacher, his wife said.", [(1, "killed", "teacher")], id="possessive-speaker-is-not-a-victim"),
    pytest.param("Nine policemen and their driver were killed when the mine exploded.", [(10, "killed", "policemen and their driver")], id="a-tie-listed-before-the-verb"),
    pytest.param("Four nurses and the driver were wounded in the ambush.", [(5, "injured", "nurses and the driver")], id="a-definite-tie-listed-before-the-verb"),
    pytest.param("The raids killed 3 soldiers, 2 civilians and 1 policeman.", [(6, "killed", "soldiers, 2 civilians and 1 policeman")], id="three-coordinated-objects"),
    pytest.param("3 soldiers, 2 civilians and a policeman were killed.", [(6, "killed", "soldiers, 2 civilians and a policeman")], id="three-coordinated-subjects"),
    pytest.param("Its strikes had killed an estimated 25,000 fighters.", [(25000, "killed", "fighters")], id="perfect-tense-is-active"),
    pytest.param("Eight civilians, among them three children, died in the shelling.", [(8, "killed", "civilians")], id="among-clause-skipped"),
    pytest.param("ISIS militants executed 15 civilians accused of collaborating.", [(15, "killed", "civilians")], id="reduced-clause-ends-victims"),
    pytest.param("A US service member was killed in an explosion.", [(1, "killed", "US service member")], id="us-is-not-a-pronoun-here"),
    pytest.param("The bombing killed 17 and injured 40, a doctor said.", [(17, "killed", ""), (40, "injured", "")], id="bare-counts"),
    pytest.param("Killing 5 and wounding 3 others, the bomber fled.", [(5, "killed", ""), (3, "injured", "others")], id="new-verb-ends-coordination"),
    pytest.param("The 2014 offensive killed 30 soldiers.", [(30, "killed", "soldiers")], id="year-after-the-is-not-a-count"),
    pytest.param("A shell hit a school yard, causing damage but no casualties.", [(0, "killed", ""), (0, "injured", "")], id="no-casualties-is-zero-of-both"),
    pytest.param("The blast caused no deaths but wounded four.", [(0, "killed", ""), (4, "injured", "")], id="no-deaths-is-zero-killed"),
    pytest.param("Gunmen shot dead a village chief near his farm.", [(1, "killed", "village chief")], id="a-thing-before-the-head-noun-describes-a-person"),
    pytest.param("Five members of the town council were killed.", [(5, "killed", "members of the town council")], id="the-head-is-before-of"),
    pytest.param("Militants burned 30 houses and killed 4 people.", [(4, "killed", "people")], id="things-are-still-not-victims"),
    pytest.param("A 30-year-old man was shot dead by police.", [(1, "killed", "30-year-old man")], id="an-age-is-not-a-count"),
    pytest.param("Soldiers killed a 70-year-old farmer and his son.", [(2, "killed", "70-year-old farmer and his son")], id="an-age-after-the-article"),
    pytest.param("A truce collapsed, and 4 people were killed.", [(4, "killed", "people")], id="a-clause-before-and-is-no-victim-group"),
    pytest.param("At least 30 people, 12 of them police officers, were killed and 50 others wounded.", [(30, "killed", "people"), (50, "injured", "others")], id="n-of-them-clause-skipped"),
    pytest.param("The number of dead from the lorry bomb that went off on Friday in Hilla market reached 61.", [(61, "killed", "")], id="number-of-dead-reached"),
    pytest.param("The number of martyrs rose to 9.", [(9, "killed", "")], id="number-of-martyrs-rose-to"),
    pytest.param("The number of people displaced reached 4,000 and 3 were killed.", [(3, "killed", "")], id="number-of-people-is-no-tally"),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "expected"), CASUALTIES)
def test_find_casualties_reads_counts_kinds_and_victims(sentence, expected):
    found = find_casualties(sentence)
    assert [(m.count, m.kind, m.victims) for m in found] == expected
    for mention in found:
        assert sentence[mention.start : mention.end] == mention.text
        if mention.victims:
            start = mention.victims_start
            assert sentence[start : start + len(mention.victims)] == mention.victims
        else:
            assert mention.victims_start == -1


# fmt: off
NOT_CASUALTIES = [
    pytest.param("A suicide bomber killed himself at the checkpoint.", id="attacker-alone"),
    pytest.param("We have launched nearly 10,000 airstrikes.", id="airstrikes"),
    pytest.param("Iraqi forces, a 200-man special operations force, advanced.", id="unit-size"),
    pytest.param("The way is open to push 100km eastward.", id="distance"),
    pytest.param("The strike killed 30 km from the city.", id="unit-after-count"),
    pytest.param("There were many casualties.", id="casualties-ambiguous"),
    pytest.param("Ten people were killed or wounded.", id="killed-or-wounded"),
    pytest.param("Thirty were dead and wounded.", id="dead-and-wounded"),
    pytest.param("Two gunmen killed the mayor.", id="attackers-are-not-victims"),
    pytest.param("ISIS fighters were killed in the strike.", id="no-number"),
    pytest.param("Two suicide bombers killed themselves.", id="reflexive-plural"),
    pytest.param("The casualty toll rose to 40.", id="casualty-toll"),
    pytest.param("The death toll is unclear, but the number of displaced people rose to 4,000.", id="another-tally-after-a-toll"),
    pytest.param("Militants killed in 2014 were buried.", id="year-is-not-a-count"),
    pytest.param("Three airstrikes killed nobody we know of, officials said, 5 years ago", id="years-are-not-people"),
]
# fmt: on


@pytest.mark.parametrize("sentence", NOT_CASUALTIES)
def test_find_casualties_ignores_what_is_not_a_victim_count(sentence):
    found = find_casualties(sentence)
    assert [m for m in found if m.count > 0] == [], found


def test_each_quantity_is_counted_once():
    """A number read as one verb's victims is not read again by the next verb."""
    found = find_casualties("The raid killed 5 soldiers wounded in an earlier attack.")
    assert [(m.count, m.kind) for m in found] == [(5, "killed")]


def test_mentions_carry_offsets_of_the_whole_phrase():
    sentence = "Officials said 30 Syrian soldiers were killed."
    [mention] = find_casualties(sentence)
    assert mention == CasualtyMention(
        15, 45, "30 Syrian soldiers were killed", 30, "killed", "Syrian soldiers", 18
    )


# --------------------------------------------------------------------------- properties

CASUALTY_FRAGMENTS = [
    "killed",
    "were killed",
    "wounded",
    "injuring",
    "died",
    "dead",
    "death toll rose to",
    "lost their lives",
    "shot dead",
    "himself and",
    "and",
    ",",
    "who was there,",
    "at least",
    "93",
    "1,200",
    "55345953",
    "dozens of",
    "a",
    "an",
    "Fourteen",
    "twenty-five",
    "people",
    "soldiers",
    "km",
    "2014",
    "-",
    "of",
]
SENTENCES = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(CASUALTY_FRAGMENTS) | st.text(max_size=6), max_size=14).map(" ".join),
)


@settings(max_examples=200, deadline=None)
@given(sentence=SENTENCES)
def test_casualties_are_well_formed_for_any_text(sentence):
    """Never crashes; counts non-negative and below 10**7; offsets valid."""
    for mention in find_casualties(sentence):
        assert 0 <= mention.count < 10**7
        assert mention.kind in ("killed", "injured")
        assert 0 <= mention.start < mention.end <= len(sentence)
        assert sentence[mention.start : mention.end] == mention.text
        if mention.victims_start >= 0:
            start = mention.victims_start
            assert mention.start <= start
            assert sentence[start : start + len(mention.victims)] == mention.victims
        else:
            assert mention.victims == ""


@settings(max_examples=200, deadline=None)
@given(text=SENTENCES)
def test_parse_number_never_crashes_and_stays_in_range(text):
    value = parse_number(text)
    assert value is None or 0 <= value < 10**7

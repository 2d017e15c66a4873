"""Tests for event-date resolution (transforms/dates/).

Each table row names the rule it checks. Dates are resolved against a
publication date; the rules are those of docs/contract.md plus the choices
documented in the module docstring (last May, weekday on publication day,
late 2016, seasons, numeric dates).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.dates import (
    DateMention,
    find_date_mentions,
    find_date_offsets,
    resolve_offset,
    resolve_relative,
)

D = dt.date
SUN_15_MAY_2016 = D(2016, 5, 15)  # a Sunday
FRI_1_APR_2016 = D(2016, 4, 1)
SAT_14_MAY_2016 = D(2016, 5, 14)
FRI_20_JAN_2017 = D(2017, 1, 20)


def only(sentence: str, published: dt.date | None) -> DateMention:
    """The single date mention a sentence must have."""
    mentions = find_date_mentions(sentence, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


def resolved(sentence: str, published: dt.date | None) -> list[tuple[str, dt.date, int]]:
    return [(m.text, m.date, m.precision) for m in find_date_mentions(sentence, published)]


# --------------------------------------------------------------------------- explicit dates

# fmt: off
EXPLICIT = [
    pytest.param("ISIS took Mosul on June 10, 2014.", "June 10, 2014", D(2014, 6, 10), 1, id="month-day-year"),
    pytest.param("It was declared on June 30, 2014, in Mosul.", "June 30, 2014", D(2014, 6, 30), 1, id="month-day-comma-year"),
    pytest.param("ISIS took Mosul on 10 June 2014.", "10 June 2014", D(2014, 6, 10), 1, id="day-month-year"),
    pytest.param("the 10th of June, 2014", "10th of June, 2014", D(2014, 6, 10), 1, id="ordinal-of-month"),
    pytest.param("on Sept. 11, 2001 the towers fell", "Sept. 11, 2001", D(2001, 9, 11), 1, id="dotted-abbreviation"),
    pytest.param("on Jan 5 2015 they attacked", "Jan 5 2015", D(2015, 1, 5), 1, id="undotted-abbreviation-before-number"),
    pytest.param("ISIS stormed it in June 2014.", "June 2014", D(2014, 6, 1), 3, id="month-year"),
    pytest.param("captured in Sept. 2015", "Sept. 2015", D(2015, 9, 1), 3, id="abbreviated-month-year"),
    pytest.param("in June of 2014", "June of 2014", D(2014, 6, 1), 3, id="month-of-year"),
    pytest.param("solidified by IS in 2014 at one point", "2014", D(2014, 1, 1), 4, id="in-year"),
    pytest.param("controlled by IS since 2015, but", "2015", D(2015, 1, 1), 4, id="since-year"),
    pytest.param("its collapse during the 2014 ISIS blitzkrieg", "2014", D(2014, 1, 1), 4, id="year-as-modifier"),
    pytest.param("after the 2003 invasion", "2003", D(2003, 1, 1), 4, id="the-year-noun"),
    pytest.param("lost control to US troops in 2006-07, it", "2006-07", D(2006, 1, 1), 4, id="short-year-range"),
    pytest.param("fighting in 2014-2015 was fierce", "2014-2015", D(2014, 1, 1), 4, id="long-year-range"),
    pytest.param("the 2014-06 report", "2014-06", D(2014, 6, 1), 3, id="iso-year-month"),
    pytest.param("dated 2016-04-01 in the file", "2016-04-01", D(2016, 4, 1), 1, id="iso-date"),
    pytest.param("by late 2015 the city fell", "late 2015", D(2015, 9, 1), 4, id="late-year-third"),
    pytest.param("in early 2015 they", "early 2015", D(2015, 1, 1), 4, id="early-year-third"),
    pytest.param("by mid-2015 the group", "mid-2015", D(2015, 5, 1), 4, id="mid-year-third"),
    pytest.param("at the end of 2015 ISIS", "the end of 2015", D(2015, 9, 1), 4, id="end-of-year"),
    pytest.param("in the second half of 2015", "the second half of 2015", D(2015, 7, 1), 4, id="second-half"),
    pytest.param("during the summer of 2015 it", "summer of 2015", D(2015, 6, 1), 3, id="season-of-year"),
    pytest.param("in late summer 2015", "late summer 2015", D(2015, 8, 1), 3, id="late-season-year"),
    pytest.param("in the winter of 2015", "winter of 2015", D(2015, 1, 1), 3, id="winter-is-january"),
    pytest.param("in late March 2016 forces", "late March 2016", D(2016, 3, 21), 2, id="late-month-year"),
    pytest.param("between June 10-12, 2014", "June 10-12, 2014", D(2014, 6, 10), 2, id="day-range"),
    pytest.param("on 10-12 June 2014", "10-12 June 2014", D(2014, 6, 10), 2, id="day-range-first"),
    pytest.param("Friday 01/04/2016", "Friday 01/04/2016", D(2016, 4, 1), 1, id="numeric-day-first-weekday"),
    pytest.param("By Paul Iddon 15/5/2016", "15/5/2016", D(2016, 5, 15), 1, id="numeric-day-first"),
    pytest.param("posted 4/30/2016 3:41:06 AM", "4/30/2016", D(2016, 4, 30), 1, id="numeric-month-first-only"),
    pytest.param("— Stork 7 апреля 2016 г.", "7 апреля 2016", D(2016, 4, 7), 1, id="foreign-month-dateparser"),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "text", "date", "precision"), EXPLICIT)
def test_explicit_dates_resolve_with_or_without_publication(sentence, text, date, precision):
    """Dates that carry their year resolve the same with no publication date."""
    for published in (SUN_15_MAY_2016, None):
        mention = only(sentence, published)
        assert (mention.text, mention.date, mention.precision) == (text, date, precision)


# --------------------------------------------------------------------------- partial dates

# fmt: off
PARTIAL = [
    pytest.param("fell to Assad's forces on March 26th, aided by", FRI_1_APR_2016, "March 26th", D(2016, 3, 26), 1, id="month-day-this-year"),
    pytest.param("said to be in Palmyra on December 11", FRI_20_JAN_2017, "December 11", D(2016, 12, 11), 1, id="month-day-last-year"),
    pytest.param("clashes in eastern Mosul on January 13.", FRI_20_JAN_2017, "January 13", D(2017, 1, 13), 1, id="month-day-same-month"),
    pytest.param("on 26 March the army", FRI_1_APR_2016, "26 March", D(2016, 3, 26), 1, id="day-month-no-year"),
    pytest.param("on February 29 it", D(2017, 3, 1), "February 29", D(2016, 2, 29), 1, id="leap-day-goes-back"),
    pytest.param("the refinery which fell in October, followed", SUN_15_MAY_2016, "October", D(2015, 10, 1), 3, id="month-before-publication-month"),
    pytest.param("In February when a Syrian-Russian operation", SUN_15_MAY_2016, "February", D(2016, 2, 1), 3, id="capitalised-in-month"),
    pytest.param("liberated from IS since August.", D(2016, 12, 1), "August", D(2016, 8, 1), 3, id="since-month"),
    pytest.param("ISIS fighters in Ramadi last December.", SUN_15_MAY_2016, "last December", D(2015, 12, 1), 3, id="last-month-name"),
    pytest.param("Ramadi and Palmyra last May, just under", SUN_15_MAY_2016, "last May", D(2015, 5, 1), 3, id="last-may-written-in-may"),
    pytest.param("Ramadi fell in May to the group", SUN_15_MAY_2016, "May", D(2016, 5, 1), 3, id="in-may-written-in-may"),
    pytest.param("a slow start last April on the front", SUN_15_MAY_2016, "last April", D(2016, 4, 1), 3, id="last-april-written-in-may"),
    pytest.param("Palmyra, which they lost in late March.", SUN_15_MAY_2016, "late March", D(2016, 3, 21), 2, id="late-month"),
    pytest.param("In mid-April Warren said", SUN_15_MAY_2016, "mid-April", D(2016, 4, 11), 2, id="mid-month"),
    pytest.param("by early April the town", SUN_15_MAY_2016, "early April", D(2016, 4, 1), 2, id="early-month"),
    pytest.param("in Rome early last February that", SUN_15_MAY_2016, "early last February", D(2016, 2, 1), 2, id="early-last-month-name"),
    pytest.param("at the end of March the city", SUN_15_MAY_2016, "the end of March", D(2016, 3, 21), 2, id="end-of-month"),
    pytest.param("in late May the town", SUN_15_MAY_2016, "late May", D(2015, 5, 21), 2, id="part-after-publication-moves-back-a-year"),
    pytest.param("In March 30 soldiers died", SUN_15_MAY_2016, "March", D(2016, 3, 1), 3, id="count-after-month-is-not-a-day"),
    pytest.param("On March 26 forces stormed", SUN_15_MAY_2016, "March 26", D(2016, 3, 26), 1, id="on-month-day-before-plural"),
    pytest.param("07/05 - HAWIJA: Gunmen shot a farmer dead", SUN_15_MAY_2016, "07/05", D(2016, 5, 7), 1, id="digest-item-day-month"),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "published", "text", "date", "precision"), PARTIAL)
def test_partial_dates_take_the_most_recent_occurrence(sentence, published, text, date, precision):
    """A date without a year is the most recent such date not after publication."""
    mention = only(sentence, published)
    assert (mention.text, mention.date, mention.precision) == (text, date, precision)


@pytest.mark.parametrize("sentence", [row.values[0] for row in PARTIAL])
def test_partial_dates_need_a_publication_date(sentence):
    """With no publication date, and no year from the text, a month or day with no year
    resolves to nothing."""
    assert find_date_mentions(sentence, None) == []


# --------------------------------------------------------------------------- relative dates

# fmt: off
RELATIVE = [
    pytest.param("bombard their front-lines on Saturday.", SUN_15_MAY_2016, "Saturday", D(2016, 5, 14), 1, id="weekday-day-before"),
    pytest.param("On Friday, ISIS reportedly declared", SUN_15_MAY_2016, "Friday", D(2016, 5, 13), 1, id="weekday-earlier-in-week"),
    pytest.param("fighting on Saturday in the town", SAT_14_MAY_2016, "Saturday", D(2016, 5, 14), 1, id="weekday-on-publication-day-is-that-day"),
    pytest.param("fighting last Saturday in the town", SAT_14_MAY_2016, "last Saturday", D(2016, 5, 7), 1, id="last-weekday-is-strictly-before"),
    pytest.param("clashes late Monday near", SUN_15_MAY_2016, "late Monday", D(2016, 5, 9), 1, id="late-weekday"),
    pytest.param("IDPs yesterday at 04:15", SUN_15_MAY_2016, "yesterday", D(2016, 5, 14), 1, id="yesterday"),
    pytest.param("the day before yesterday", SUN_15_MAY_2016, "the day before yesterday", D(2016, 5, 13), 1, id="day-before-yesterday"),
    pytest.param("strikes last night hit", SUN_15_MAY_2016, "last night", D(2016, 5, 14), 1, id="last-night"),
    pytest.param("heavy battles are being waged today", SUN_15_MAY_2016, "today", D(2016, 5, 15), 1, id="today"),
    pytest.param("Today’s battle was reinforced", SUN_15_MAY_2016, "Today", D(2016, 5, 15), 1, id="today-possessive"),
    pytest.param("forces entered this morning", SUN_15_MAY_2016, "this morning", D(2016, 5, 15), 1, id="this-morning"),
    pytest.param("A few hours ago, rebels captured al-Rai", SUN_15_MAY_2016, "A few hours ago", D(2016, 5, 15), 1, id="few-hours-ago"),
    pytest.param("shelled earlier today", SUN_15_MAY_2016, "earlier today", D(2016, 5, 15), 1, id="earlier-today"),
    pytest.param("a car bombing in Sadr City last week, killing", SUN_15_MAY_2016, "last week", D(2016, 5, 8), 2, id="last-week"),
    pytest.param("fighting this week near", SUN_15_MAY_2016, "this week", D(2016, 5, 15), 2, id="this-week"),
    pytest.param("raids last weekend in", D(2016, 5, 17), "last weekend", D(2016, 5, 14), 2, id="last-weekend"),
    pytest.param("shot dead eight men on the 18th, relatives said", D(2016, 9, 24), "the 18th", D(2016, 9, 18), 1, id="on-the-ordinal-day"),
    pytest.param("the village was raided on the 28th", D(2016, 10, 3), "the 28th", D(2016, 9, 28), 1, id="on-the-ordinal-day-last-month"),
    pytest.param("left the town over the weekend under a deal", D(2016, 5, 17), "over the weekend", D(2016, 5, 14), 2, id="over-the-weekend"),
    pytest.param("clashes at the weekend killed", SUN_15_MAY_2016, "at the weekend", D(2016, 5, 14), 2, id="at-the-weekend-under-way"),
    pytest.param("raids this past weekend in", D(2016, 5, 16), "this past weekend", D(2016, 5, 14), 2, id="this-past-weekend"),
    pytest.param("ISIS has mounted this month.", SUN_15_MAY_2016, "this month", D(2016, 5, 1), 3, id="this-month"),
    pytest.param("earlier this month the army", SUN_15_MAY_2016, "earlier this month", D(2016, 5, 1), 3, id="earlier-this-month"),
    pytest.param("Sinjar, West of Mosul just last month.", D(2016, 1, 10), "last month", D(2015, 12, 1), 3, id="last-month-across-year"),
    pytest.param("the siege began late last month", SUN_15_MAY_2016, "late last month", D(2016, 4, 21), 2, id="late-last-month"),
    pytest.param("the deadliest attack this year.", SUN_15_MAY_2016, "this year", D(2016, 1, 1), 4, id="this-year"),
    pytest.param("advances earlier this year.", SUN_15_MAY_2016, "earlier this year", D(2016, 1, 1), 4, id="earlier-this-year"),
    pytest.param("elections last year were", SUN_15_MAY_2016, "last year", D(2015, 1, 1), 4, id="last-year"),
    pytest.param("the operation, which began late last year, saw", FRI_20_JAN_2017, "late last year", D(2016, 9, 1), 4, id="late-last-year"),
    pytest.param("remember March of last year, when", SUN_15_MAY_2016, "March of last year", D(2015, 3, 1), 3, id="month-of-last-year"),
    pytest.param("the town fell in August last year", SUN_15_MAY_2016, "August last year", D(2015, 8, 1), 3, id="month-last-year"),
    pytest.param("the siege of April this year", SUN_15_MAY_2016, "April this year", D(2016, 4, 1), 3, id="month-this-year"),
    pytest.param("than it was this time last year.", SUN_15_MAY_2016, "this time last year", D(2015, 5, 1), 3, id="this-time-last-year"),
    pytest.param("two days ago the town fell", SUN_15_MAY_2016, "two days ago", D(2016, 5, 13), 1, id="two-days-ago"),
    pytest.param("3 days ago the town fell", SUN_15_MAY_2016, "3 days ago", D(2016, 5, 12), 1, id="digit-days-ago"),
    pytest.param("a day ago the town fell", SUN_15_MAY_2016, "a day ago", D(2016, 5, 14), 1, id="a-day-ago"),
    pytest.param("in Jarabulus just days ago which", SUN_15_MAY_2016, "just days ago", D(2016, 5, 12), 2, id="just-days-ago"),
    pytest.param("a few days ago the town fell", SUN_15_MAY_2016, "a few days ago", D(2016, 5, 12), 2, id="few-days-ago"),
    pytest.param("two weeks ago the town fell", SUN_15_MAY_2016, "two weeks ago", D(2016, 5, 1), 2, id="two-weeks-ago"),
    pytest.param("over the course of the last two weeks.", SUN_15_MAY_2016, "the last two weeks", D(2016, 5, 1), 2, id="over-the-last-two-weeks"),
    pytest.param("in the past 3 days", SUN_15_MAY_2016, "the past 3 days", D(2016, 5, 12), 2, id="past-n-days"),
    pytest.param("weeks ago the town fell", SUN_15_MAY_2016, "weeks ago", D(2016, 4, 1), 3, id="vague-weeks-ago"),
    pytest.param("the victory in Palmyra nearly one year ago had", FRI_20_JAN_2017, "nearly one year ago", D(2016, 1, 1), 3, id="nearly-one-year-ago"),
    pytest.param("it fell a year ago", SUN_15_MAY_2016, "a year ago", D(2015, 5, 1), 3, id="a-year-ago"),
    pytest.param("its capture of Mosul 2 1/2 years ago.", FRI_20_JAN_2017, "2 1/2 years ago", D(2014, 1, 1), 4, id="two-and-a-half-years-ago-fraction"),
    pytest.param("two and a half years ago", FRI_20_JAN_2017, "two and a half years ago", D(2014, 1, 1), 4, id="two-and-a-half-years-ago-words"),
    pytest.param("a year and a half ago", SUN_15_MAY_2016, "a year and a half ago", D(2014, 11, 1), 3, id="year-and-a-half-ago"),
    pytest.param("three months ago", SUN_15_MAY_2016, "three months ago", D(2016, 2, 1), 3, id="months-ago"),
    pytest.param("since last summer the group", SUN_15_MAY_2016, "last summer", D(2015, 6, 1), 3, id="last-summer"),
    pytest.param("over the late summer.", D(2016, 12, 1), "late summer", D(2016, 8, 1), 3, id="late-summer-no-year"),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "published", "text", "date", "precision"), RELATIVE)
def test_relative_expressions_resolve_against_publication(
    sentence, published, text, date, precision
):
    """Relative dates count back from the publication date."""
    mention = only(sentence, published)
    assert (mention.text, mention.date, mention.precision) == (text, date, precision)


@pytest.mark.parametrize("sentence", [row.values[0] for row in RELATIVE])
def test_relative_expressions_need_a_publication_date(sentence):
    """Without a publication date a relative expression resolves to nothing."""
    assert find_date_mentions(sentence, None) == []


# --------------------------------------------------------------------------- never after publication

# fmt: off
FUTURE_OR_AFTER = [
    pytest.param("expect to force ISIS from Mosul by the end of 2016.", id="end-of-year-still-to-come"),
    pytest.param("As we enter 2017, things look different", id="later-year"),
    pytest.param("the vote on 16 May 2016", id="explicit-day-after-publication"),
    pytest.param("due in December 2016", id="explicit-month-after-publication"),
    pytest.param("talks resume next week", id="next-week"),
    pytest.param("a summit later this month", id="later-this-month-hides-this-month"),
    pytest.param("talks next May", id="next-month-name"),
    pytest.param("an offensive next Friday", id="next-weekday"),
    pytest.param("the talks tomorrow", id="tomorrow"),
    pytest.param("offensive this December", id="this-month-name-still-to-come"),
    pytest.param("an offensive this summer", id="this-season-still-to-come"),
    pytest.param("many months ago the group", id="vague-months-ago"),
    pytest.param("in January of that year", id="anaphoric-year"),
    pytest.param("On the same Thursday, gunmen seized three workers", id="the-same-weekday"),
    pytest.param("that Sunday is when they decided", id="that-weekday"),
]
# fmt: on


@pytest.mark.parametrize("sentence", FUTURE_OR_AFTER)
def test_future_dates_and_dates_after_publication_are_dropped(sentence):
    """No mention is dated after publication; future expressions give nothing, nor do
    weekdays that point back into the story ("the same Thursday": the narrative's)."""
    published = D(2016, 3, 15) if "summer" in sentence else SUN_15_MAY_2016
    assert find_date_mentions(sentence, published) == []


def test_partial_date_after_publication_goes_back_a_year():
    """ "May 16" written on 15 May 2016 means the May 16 of 2015."""
    assert resolved("clashes on May 16 in", SUN_15_MAY_2016) == [("May 16", D(2015, 5, 16), 1)]


def test_numeric_date_takes_the_reading_not_after_publication():
    """ "05/06/2016" read day-first would be after publication; month-first is not."""
    assert resolved("posted 05/06/2016", D(2016, 5, 10)) == [("05/06/2016", D(2016, 5, 6), 1)]


# --------------------------------------------------------------------------- not dates

# fmt: off
NOT_DATES = [
    pytest.param("after killing 30 Syrian soldiers in a three-day assault", id="count"),
    pytest.param("The way is now open to push 100km eastward", id="distance"),
    pytest.param("0.203 secondsISIS is finished", id="timing-footer"),
    pytest.param("We have launched nearly 10,000 airstrikes", id="thousands"),
    pytest.param("Media ID: 55345953", id="identifier"),
    pytest.param("a 200-man special operations force", id="unit-size"),
    pytest.param("He is 100000x worse then", id="multiplier"),
    pytest.param("the clash at 10:20 near the bridge", id="clock-time"),
    pytest.param("shelling began at 0800 GMT", id="military-time"),
    pytest.param("by 1930 hours the town", id="hours"),
    pytest.param("Iraq deployed 2000 troops", id="round-number-of-troops"),
    pytest.param("the 1990s insurgency", id="decade"),
    pytest.param("ISIS may well strike back", id="may-the-verb"),
    pytest.param("Theresa May said on the", id="may-the-name"),
    pytest.param("the Mar Elias monastery", id="undotted-abbreviation-alone"),
    pytest.param("the Sunday Times reported", id="newspaper"),
    pytest.param("the fall of Mosul changed everything", id="fall-not-autumn"),
    pytest.param("Armies march on Raqqa", id="lowercase-month-word"),
    pytest.param("In recent months ISIS fronts have", id="vague-recent-months"),
    pytest.param("the F-16 and the Su-24 flew", id="aircraft"),
    pytest.param("troops on the 5th floor of the tower", id="ordinal-floor"),
    pytest.param("marched on the 18th anniversary of the massacre", id="ordinal-anniversary"),
]
# fmt: on


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_numbers_and_words_that_are_not_dates_are_ignored(sentence):
    assert find_date_mentions(sentence, SUN_15_MAY_2016) == []


def test_several_mentions_come_in_sentence_order_with_longest_forms():
    """Specific forms beat their pieces ("June 2014" is not also "2014")."""
    sentence = (
        "Palmyra, captured by ISIS in May 2015, fell on March 26th, after the 2014 blitzkrieg."
    )
    assert resolved(sentence, FRI_1_APR_2016) == [
        ("May 2015", D(2015, 5, 1), 3),
        ("March 26th", D(2016, 3, 26), 1),
        ("2014", D(2014, 1, 1), 4),
    ]


def test_offsets_point_into_the_sentence_and_leave_out_plain_prepositions():
    sentence = "It fell on Saturday, in 2014 and since August."
    for mention in find_date_mentions(sentence, SUN_15_MAY_2016):
        assert sentence[mention.start : mention.end] == mention.text
    assert [m.text for m in find_date_mentions(sentence, SUN_15_MAY_2016)] == [
        "Saturday",
        "2014",
        "August",
    ]


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        pytest.param("last week", SUN_15_MAY_2016, (D(2016, 5, 8), 2), id="relative"),
        pytest.param("in late March", SUN_15_MAY_2016, (D(2016, 3, 21), 2), id="part-of-month"),
        pytest.param("June 2014", None, (D(2014, 6, 1), 3), id="explicit-without-publication"),
        pytest.param("last week", None, None, id="relative-without-publication"),
        pytest.param("the town", SUN_15_MAY_2016, None, id="no-date"),
    ],
)
def test_resolve_relative_resolves_one_expression(expression, published, expected):
    assert resolve_relative(expression, published) == expected


# --------------------------------------------------------------------------- properties

DATE_FRAGMENTS = [
    "on Saturday",
    "last May",
    "in late March",
    "June 10, 2014",
    "2006-07",
    "2 1/2 years ago",
    "the end of 2016",
    "yesterday",
    "last week",
    "10,000 airstrikes",
    "01/04/2016",
    "May 16",
    "29 February",
    "this time last year",
    "next week",
    "31 April 2015",
    "7 апреля 2016",
    "Sept.",
    "-",
    ", ",
    "1999",
    "2099",
    "30",
]
SENTENCES = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(DATE_FRAGMENTS) | st.text(max_size=8), max_size=12).map(" ".join),
)
PUBLISHED = st.none() | st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31)) | st.dates()


@settings(max_examples=200, deadline=None)
@given(sentence=SENTENCES, published=PUBLISHED)
def test_mentions_are_well_formed_for_any_text(sentence, published):
    """Never crashes; offsets inside the sentence; never after publication; precision 1-4."""
    mentions = find_date_mentions(sentence, published)
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(sentence)
        assert sentence[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end  # sorted, not overlapping
        previous_end = mention.end
        assert mention.precision in (1, 2, 3, 4)
        assert published is None or mention.date <= published


# ------------------------------------------------------------------ anaphoric offsets


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The crossing had been seized a day earlier.", [("a day earlier", -1, 1)]),
        ("A similar protest a week earlier also ended badly.", [("a week earlier", -7, 2)]),
        ("Two days later ISIS struck again.", [("Two days later", 2, 1)]),
        ("It was taken the previous day.", [("the previous day", -1, 1)]),
        ("They came back the following day.", [("the following day", 1, 1)]),
        # counted from an event or a holiday, not from a date: left alone
        ("Two days after the attack, police made arrests.", []),
        ("The day before Eid the market was full.", []),
        ("The vote came a day earlier than planned.", []),  # a comparison
        ("the day before yesterday", []),
        ("Troops of the 16th brigade moved in.", []),  # a unit, not a day
        ("on the 16th anniversary of the massacre", []),
    ],
)
def test_offsets_are_found_with_their_direction(sentence, expected):
    found = find_date_offsets(sentence)
    assert [(o.text, o.days, o.precision) for o in found] == expected
    for o in found:
        assert sentence[o.start : o.end] == o.text


def test_an_offset_counts_from_its_anchor_and_never_passes_publication():
    (week_later,) = find_date_offsets("A week later the town fell.")
    anchor = dt.date(2016, 3, 1)
    assert resolve_offset(week_later, anchor, 1, dt.date(2016, 4, 1)).date == dt.date(2016, 3, 8)
    assert resolve_offset(week_later, anchor, 1, dt.date(2016, 4, 1)).precision == 2
    assert resolve_offset(week_later, anchor, 1, dt.date(2016, 3, 5)) is None


@pytest.mark.parametrize(
    ("sentence", "anchor", "anchor_precision", "expected"),
    [
        # counted in months or years from a dated anchor: a month (or a year) of the calendar
        ("The army retook the town four months later.", (2015, 1, 17), 1, ((2015, 5, 1), 3)),
        ("Three months earlier, rebels had shelled it.", (2015, 2, 1), 3, ((2014, 11, 1), 3)),
        ("A year later the militia returned.", (2014, 6, 10), 1, ((2015, 1, 1), 4)),
        # a month of the anchor's year, whatever the anchor's precision
        ("In September that year, gunmen killed six.", (2015, 1, 1), 4, ((2015, 9, 1), 3)),
        ("in March of the following year", (2015, 6, 3), 1, ((2016, 3, 1), 3)),
        # a vague anchor says nothing a finer offset could count from
        ("Two months later the base fell.", (2015, 1, 1), 4, None),
        # never after publication (2016-04-01)
        ("Two years later it fell again.", (2015, 1, 1), 3, None),
        # a day of the story's month, or of the next once the story has passed it
        ("On the 16th, drones hit a post.", (2015, 10, 12), 1, ((2015, 10, 16), 1)),
        ("In March the siege began; on the 9th, it broke.", (2015, 3, 1), 3, ((2015, 3, 9), 1)),
        ("By the 3rd, the town had fallen.", (2015, 10, 28), 1, ((2015, 11, 3), 1)),
    ],
)
def test_month_and_year_offsets_count_from_the_story_s_own_date(
    sentence, anchor, anchor_precision, expected
):
    (offset,) = find_date_offsets(sentence)
    found = resolve_offset(offset, dt.date(*anchor), anchor_precision, dt.date(2016, 4, 1))
    if expected is None:
        assert found is None
    else:
        assert (found.date, found.precision) == (dt.date(*expected[0]), expected[1])
        assert sentence[found.start : found.end] == found.text


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        (
            "On Christmas Day, a bomb killed two.",
            (2016, 5, 12),
            [("Christmas Day", (2015, 12, 25))],
        ),
        (
            "on New Year's Eve 2014 gunmen fired",
            (2016, 5, 12),
            [("New Year's Eve 2014", (2014, 12, 31))],
        ),
        ("On New Year’s Day a crowd gathered.", (2017, 1, 3), [("New Year’s Day", (2017, 1, 1))]),
        ("On Christmas Day, a bomb killed two.", None, []),  # needs a year from somewhere
    ],
)
def test_fixed_holidays_are_days_of_the_calendar(sentence, published, expected):
    found = find_date_mentions(sentence, dt.date(*published) if published else None)
    assert [(m.text, m.date, m.precision) for m in found] == [
        (text, dt.date(*day), 1) for text, day in expected
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He financed January's attack in Jakarta.", [("January", dt.date(2016, 1, 1), 3)]),
        ("December's vote was delayed.", [("December", dt.date(2016, 12, 1), 3)]),
        ("May I add one thing?", []),  # not a month
        ("Those who planned the January attack in Jakarta", [("January", dt.date(2016, 1, 1), 3)]),
        ("the March offensive on the town", [("March", dt.date(2016, 3, 1), 3)]),
        ("the March on Washington", []),  # a name, not a month's happening
    ],
)
def test_a_month_naming_a_happening_is_the_most_recent_such_month(sentence, expected):
    found = find_date_mentions(sentence, dt.date(2016, 12, 11))
    assert [(m.text, m.date, m.precision) for m in found] == expected


@pytest.mark.parametrize(
    ("sentence", "text", "date", "precision"),
    [
        ("On 20 March, soldiers clashed near the border.", "20 March", dt.date(2019, 3, 20), 1),
        ("Gunmen struck on March 20th.", "March 20th", dt.date(2019, 3, 20), 1),
        ("The town fell in late May.", "late May", dt.date(2019, 5, 21), 2),
        ("The town fell in October.", "October", dt.date(2019, 10, 1), 3),
    ],
)
def test_with_no_publication_date_a_day_and_month_take_the_year_the_text_gives(
    sentence, text, date, precision
):
    (found,) = find_date_mentions(sentence, None, text_year=2019)
    assert (found.text, found.date, found.precision) == (text, date, precision)


@pytest.mark.parametrize(
    "sentence",
    ["Gunmen struck on Tuesday.", "The town fell last March.", "Fighting resumed last week."],
)
def test_words_counting_from_the_day_of_writing_still_need_a_publication_date(sentence):
    assert find_date_mentions(sentence, None, text_year=2019) == []

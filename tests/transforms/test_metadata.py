"""Tests for reading publication dates, titles, outlets and authors (transforms/metadata/)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.metadata import (
    date_from_url,
    display_outlet_name,
    find_metadata,
    infer_publication_date,
    is_bare_date,
    is_capitals_name,
    parse_publication_date,
    wire_agency,
)


def lines_of(text: str) -> list[str]:
    return text.split("\n")


# -- parse_publication_date: written forms ----------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15/5/2016", dt.date(2016, 5, 15)),
        ("May 15, 2016", dt.date(2016, 5, 15)),
        ("2016-05-15", dt.date(2016, 5, 15)),
        ("15 May 2016", dt.date(2016, 5, 15)),
        ("Sun 15 May 2016 10:20 GMT", dt.date(2016, 5, 15)),
        ("2016-05-15T23:20:00+03:00", dt.date(2016, 5, 15)),
        ("2016/05/15", dt.date(2016, 5, 15)),
        ("Sept. 5, 2016", dt.date(2016, 9, 5)),
        ("5th of May, 2016", dt.date(2016, 5, 5)),
        ("15-May-2016", dt.date(2016, 5, 15)),
        ("Published: Thursday, June 2, 2016 8:45 AM EDT", dt.date(2016, 6, 2)),
        ("4/30/2017 3:41:06 AM", dt.date(2017, 4, 30)),
        ("15.05.2016", dt.date(2016, 5, 15)),
        ("15/5/16", dt.date(2016, 5, 15)),
    ],
)
def test_common_written_forms_are_read(value: str, expected: dt.date) -> None:
    assert parse_publication_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7 апреля 2016 г.", dt.date(2016, 4, 7)),
        ("15 مايو 2016", dt.date(2016, 5, 15)),
        ("١٥ مايو ٢٠١٦", dt.date(2016, 5, 15)),
        ("7 avril 2016", dt.date(2016, 4, 7)),
        ("15. Mai 2016", dt.date(2016, 5, 15)),
    ],
)
def test_month_names_of_other_languages_are_read(value: str, expected: dt.date) -> None:
    assert parse_publication_date(value) == expected


def test_weekday_settles_day_month_order() -> None:
    # 1 April 2016 was a Friday; 4 January 2016 a Monday.
    assert parse_publication_date("Friday 01/04/2016") == dt.date(2016, 4, 1)
    assert parse_publication_date("Monday 01/04/2016") == dt.date(2016, 1, 4)
    assert parse_publication_date("Mon, 04/01/2016") == dt.date(2016, 1, 4)


def test_number_above_twelve_settles_day_month_order() -> None:
    assert parse_publication_date("30/4/2017") == dt.date(2017, 4, 30)
    assert parse_publication_date("4/30/2017") == dt.date(2017, 4, 30)


def test_ambiguous_numeric_date_defaults_to_day_first() -> None:
    assert parse_publication_date("01/04/2016") == dt.date(2016, 4, 1)


def test_page_convention_from_hint_settles_ambiguous_dates() -> None:
    hint = "Posted 12/25/2016 ... updated 12/28/2016"
    assert parse_publication_date("05/06/2016", hint) == dt.date(2016, 5, 6)
    assert parse_publication_date("05/06/2016", "Posted 25/12/2016") == dt.date(2016, 6, 5)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "yesterday",
        "2 days ago",
        "2016",
        "31/02/2016",
        "01/01/1850",
        "13/13/2016",
        "hello world",
        "May 2016",
    ],
)
def test_non_dates_and_impossible_dates_give_none(value: str) -> None:
    assert parse_publication_date(value) is None


def test_first_date_in_a_value_wins() -> None:
    assert parse_publication_date("Published 15 May 2016, updated 17 May 2016") == dt.date(
        2016, 5, 15
    )


def test_url_dates_are_read() -> None:
    assert date_from_url("https://www.example.com/world/2016/05/15/isis-attack") == dt.date(
        2016, 5, 15
    )
    assert date_from_url("https://example.com/news/12345") is None
    assert date_from_url(None) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=100)))
def test_parse_never_raises_and_stays_in_1900_2100(value: str, hint: str | None) -> None:
    found = parse_publication_date(value, hint)
    assert found is None or dt.date(1900, 1, 1) <= found <= dt.date(2100, 12, 31)


date_like = st.from_regex(
    r"\A(?:[A-Za-z]{3,9}\s)?\d{1,4}[/.\- ](?:\d{1,2}|[A-Za-zа-я]{3,9})[/.\- ,]{1,2}\d{1,5}\Z"
)


@settings(max_examples=200, deadline=None)
@given(date_like)
def test_parse_of_date_like_strings_stays_in_1900_2100(value: str) -> None:
    found = parse_publication_date(value)
    assert found is None or dt.date(1900, 1, 1) <= found <= dt.date(2100, 12, 31)


# -- find_metadata ------------------------------------------------------------


def test_byline_gives_author_and_date_and_is_a_header_line() -> None:
    lines = lines_of(
        "Recent offensives show ISIS trying to rebound\n\nBy Paul Iddon 15/5/2016\n"
        "ERBIL, Kurdistan Region – The Islamic State's attack on the Peshmerga is the latest in a series of assaults."
    )
    page = find_metadata(lines, {})
    assert page.title == "Recent offensives show ISIS trying to rebound"
    assert page.author == "Paul Iddon"
    assert page.published_date == dt.date(2016, 5, 15)
    assert page.published_date_source == "text"
    assert {0, 2} <= page.header_lines


def test_title_is_cut_from_a_site_banner_and_outlet_capitalised() -> None:
    lines = lines_of(
        "Middle-east Arab News Opinion | Asharq Al-awsat\n\n"
        "ISIS Shifts to Defense | ASHARQ AL-AWSAT English Archive 2005 -2017\n"
        "In recent months ISIS fronts in Syria and Iraq have taken a defensive turn, according to analysts."
    )
    page = find_metadata(lines, {})
    assert page.title == "ISIS Shifts to Defense"
    assert page.outlet == "Asharq Al-Awsat"
    assert page.published_date is None


def test_furniture_lines_are_never_the_title() -> None:
    lines = lines_of(
        "Sign In / Up\nTracking Islamic State\n"
        "There are at least four separate coalitions that claim to be battling the extremist group."
    )
    page = find_metadata(lines, {}, furniture={0})
    assert page.title == "Tracking Islamic State"


def test_a_first_line_that_is_a_sentence_is_not_a_title() -> None:
    lines = lines_of(
        "ISIS is finished in Syria and Iraq. Nobody knows exactly when or how, but it is clear they are on the way out.\n"
        "Rebels make huge gains along the Turkish-Syrian border"
    )
    assert find_metadata(lines, {}).title is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Elsewhere on Rudaw", "Rudaw"),
        ("Be Part of Your Rudaw!", "Rudaw"),
        (
            "The views expressed in this blog post do not necessarily reflect the views of RFE/RL.",
            "RFE/RL",
        ),
        ("© 2016 Kurdistan24. All rights reserved.", "Kurdistan24"),
        ("Copyright © 2015 ARA News. All rights reserved.", "ARA News"),
    ],
)
def test_outlet_is_read_from_site_cues(line: str, outlet: str) -> None:
    lines = [
        "Some headline here",
        "A body sentence that is long enough to count as prose in the article text.",
        line,
    ]
    assert find_metadata(lines, {}).outlet == outlet


def test_outlet_falls_back_to_the_url_domain() -> None:
    page = find_metadata(["Headline"], {"url": "https://www.rudaw.net/english/middleeast/15052016"})
    assert page.outlet == "rudaw.net"


def test_display_outlet_name_capitalises_but_keeps_acronyms() -> None:
    assert display_outlet_name("ASHARQ AL-AWSAT") == "Asharq Al-Awsat"
    assert display_outlet_name("Asharq Al-awsat") == "Asharq Al-Awsat"
    assert display_outlet_name("RFE/RL") == "RFE/RL"
    assert display_outlet_name("Voice of America") == "Voice of America"


def test_scraper_metadata_wins_over_the_text() -> None:
    lines = lines_of(
        "A headline of the page\nFriday 01/04/2016\nBEIRUT - A long enough body sentence about the war against ISIS in Syria."
    )
    meta = {
        "title": "Scraper title",
        "outlet": "The Arab Weekly",
        "published": "2016-04-03",
        "author": "Sami Moubayed",
    }
    page = find_metadata(lines, meta)
    assert (page.title, page.outlet, page.author) == (
        "Scraper title",
        "The Arab Weekly",
        "Sami Moubayed",
    )
    assert page.published_date == dt.date(2016, 4, 3)
    assert page.published_date_source == "metadata"


def test_unreadable_scraper_date_falls_back_to_the_dateline() -> None:
    lines = lines_of(
        "A headline of the page\nFriday 01/04/2016\nBEIRUT - A long enough body sentence about the war against ISIS in Syria."
    )
    page = find_metadata(lines, {"published": "unknown"})
    assert page.published_date == dt.date(2016, 4, 1)
    assert page.published_date_source == "text"


def test_dates_below_the_header_are_not_publication_dates() -> None:
    lines = lines_of(
        "A headline of the page\n"
        "The first paragraph of the article is a sentence long enough to start the body.\n"
        "Kurdistan is not Turkey | 4/30/2017 3:41:06 AM\n"
        "Iraqi teachers strike 28/4/2017 | (1)\n"
        "ISIS stormed the city on 10 June 2014, the article says in its body text here."
    )
    page = find_metadata(lines, {})
    assert page.published_date is None


def test_tweet_date_is_only_an_inferred_date() -> None:
    lines = lines_of(
        "ISIS is finished in Syria and Iraq, and it is clear the group is on the way out now.\n"
        "The rumour is confirmed today. pic.twitter.com/y3usO1gooJ\n"
        "— Stork (@NorthernStork) 7 апреля 2016 г."
    )
    page = find_metadata(lines, {})
    assert page.published_date == dt.date(2016, 4, 7)
    assert page.published_date_source == "inferred"


def test_new_year_statement_with_january_dates_infers_the_date() -> None:
    lines = lines_of(
        "As we enter 2017, things look very different indeed.\n"
        "A caption from December 11 and a raid on January 13 and a bombing on January 16."
    )
    assert infer_publication_date(lines) == dt.date(2017, 1, 16)


def test_history_paragraphs_do_not_anchor_an_inferred_year() -> None:
    lines = lines_of("At the start of 2014 ISIS took Fallujah. On January 3 the city fell.")
    assert infer_publication_date(lines) is None


def test_wire_dateline_in_the_first_paragraph_is_a_text_date() -> None:
    lines = lines_of(
        "Iraqi troops push into Falluja\n"
        "MOSUL, Iraq, 23 May 2016 (AFP) - Iraqi forces backed by coalition air strikes pushed into Falluja on Monday."
    )
    page = find_metadata(lines, {})
    assert page.published_date == dt.date(2016, 5, 23)
    assert page.published_date_source == "text"


def test_url_date_is_used_when_the_page_has_none() -> None:
    lines = [
        "A headline",
        "A body sentence that is long enough to count as the first paragraph of prose.",
    ]
    page = find_metadata(lines, {"url": "https://example.com/2016/05/15/story"})
    assert page.published_date == dt.date(2016, 5, 15)
    assert page.published_date_source == "metadata"


# -- mastheads, bare dates, wire datelines, bylines ------------------------------------

PROSE = (
    "Gunmen attacked a checkpoint on the road north of the city on Sunday, police officials said."
)


def test_a_date_alone_on_a_line_below_the_headline_is_the_publication_date() -> None:
    lines = lines_of(f"A convoy is ambushed near Kirkuk\n\n03/09/2017\nBy Staff reporter\n{PROSE}")
    # The cleaner counts a line without letters as furniture; above the body it is the dateline.
    page = find_metadata(lines, {}, furniture={2})
    assert page.published_date == dt.date(2017, 9, 3)
    assert page.published_date_source == "text"
    assert page.title == "A convoy is ambushed near Kirkuk"


@pytest.mark.parametrize(
    "top_bar",
    ["Sunday, December 6, 2026", "06/12/2026 | Weather 14C", "Today: 6 December 2026"],
)
def test_a_sites_date_bar_above_the_headline_never_outranks_the_articles_dateline(
    top_bar: str,
) -> None:
    """A page saved years later prints the day of the crawl above the headline; the date
    printed with the article, below its headline, is its publication date."""
    page_text = f"{top_bar}\nKurdish forces push into a village near Sinjar\nBy Staff reporter | March 3, 2015\n{PROSE}"
    page = find_metadata(lines_of(page_text), {})
    assert page.title == "Kurdish forces push into a village near Sinjar"
    assert page.published_date == dt.date(2015, 3, 3)


def test_a_date_above_the_headline_is_kept_when_it_is_the_only_one() -> None:
    page = find_metadata(lines_of(f"March 3, 2015\nA convoy is ambushed near Kirkuk\n{PROSE}"), {})
    assert page.published_date == dt.date(2015, 3, 3)


def test_bare_dates_are_only_dates() -> None:
    assert is_bare_date("16/02/2016")
    assert is_bare_date("2016-02-16 10:20")
    assert not is_bare_date("16/02/2016 Beirut")
    assert not is_bare_date("12345")


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("ADEN/DUBAI (Reuters) - ", "Reuters"),
        ("HILLA, Iraq (Reuters) - ", "Reuters"),
        ("MOSUL, Iraq (AFP) - ", "AFP"),
        ("BEIRUT, Lebanon (AP) — ", "Associated Press"),
        ("(AP) — ", "Associated Press"),
        ("ANKARA (Anadolu) - ", "Anadolu Agency"),
    ],
)
def test_wire_dateline_names_the_outlet_when_nothing_else_does(dateline: str, outlet: str) -> None:
    lines = ["Checkpoint attacked north of the city", dateline + PROSE]
    assert find_metadata(lines, {}).outlet == outlet
    assert wire_agency(lines) == outlet


def test_a_named_site_outweighs_the_wire_dateline() -> None:
    lines = [
        "Checkpoint attacked north of the city",
        "MOSUL, Iraq (AFP) - " + PROSE,
        "Copyright 2016 The Kirkuk Courier. All rights reserved.",
    ]
    assert find_metadata(lines, {}).outlet == "The Kirkuk Courier"


def test_a_wire_agency_quoted_in_the_story_is_no_dateline() -> None:
    lines = ["Checkpoint attacked north of the city", PROSE, "An official told AFP (AFP) nothing."]
    assert find_metadata(lines, {}).outlet is None


def test_a_masthead_in_capitals_is_the_outlet_not_the_title() -> None:
    lines = lines_of(
        f"RIVER GATE POST\n\nFRONTLINE LEDGER\n\nMilitia convoy ambushed near Kirkuk\n{PROSE}"
    )
    page = find_metadata(lines, {})
    assert page.title == "Militia convoy ambushed near Kirkuk"
    assert page.outlet in {"River Gate Post", "Frontline Ledger"}
    lines = lines_of(f"BBC\n\nMilitia convoy ambushed near Kirkuk\n{PROSE}")
    page = find_metadata(lines, {})
    assert (page.title, page.outlet) == ("Militia convoy ambushed near Kirkuk", "BBC")


@pytest.mark.parametrize(
    "kicker", ["OPINION", "EXCLUSIVE", "WORLD NEWS", "ANALYSIS", "SPECIAL REPORT"]
)
def test_kickers_in_capitals_are_not_mastheads(kicker: str) -> None:
    assert not is_capitals_name(kicker)
    page = find_metadata(lines_of(f"{kicker}\nMilitia convoy ambushed near Kirkuk\n{PROSE}"), {})
    assert page.outlet is None


def test_site_beside_a_section_in_a_banner_is_the_outlet_but_a_headline_is_not() -> None:
    lines = lines_of(
        f"Levant Policy Circle | Analysis & Opinion\nThe siege is over. The reckoning has not\n{PROSE}"
    )
    page = find_metadata(lines, {})
    assert page.outlet == "Levant Policy Circle"
    assert page.title == "The siege is over. The reckoning has not"
    page = find_metadata(lines_of(f"Convoy Ambushed Near Kirkuk | World\n{PROSE}"), {})
    assert page.outlet is None


def test_site_leading_a_menu_bar_is_a_weak_outlet_cue() -> None:
    lines = lines_of(
        f"Kurdpress | Iraq | Syria | World | Opinion\nConvoy ambushed near Kirkuk\n{PROSE}"
    )
    assert find_metadata(lines, {}, furniture={0}).outlet == "Kurdpress"
    lines.append("© 2016 Kurdistan24. All rights reserved.")
    assert find_metadata(lines, {}, furniture={0}).outlet == "Kurdistan24"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Ledger correspondent in Kirkuk", "Ledger correspondent"),
        ("By Staff reporter", "Staff reporter"),
        ("By Rana Aziz.", "Rana Aziz"),
        ("By John D.", "John D."),
        ("By Lina Haddad, senior fellow, Middle East Programme", "Lina Haddad"),
    ],
)
def test_byline_names_a_role_or_ends_with_a_full_stop(byline: str, author: str) -> None:
    page = find_metadata(lines_of(f"Convoy ambushed near Kirkuk\n{byline}\n{PROSE}"), {})
    assert page.author == author


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("MIDDLE EAST EYE", "Middle East Eye"),
        ("THE DAILY STAR", "The Daily Star"),
        ("AL JAZEERA ENGLISH", "Al Jazeera English"),
        ("VOICE OF AMERICA", "Voice of America"),
        ("AFP NEWS AGENCY", "AFP News Agency"),
    ],
)
def test_display_outlet_name_reads_words_in_a_shouted_name(name: str, shown: str) -> None:
    assert display_outlet_name(name) == shown


def test_a_weekday_dateline_after_the_standfirst_is_the_publication_date() -> None:
    """Headline, standfirst, then 'Monday 04/07/2016' on a line of its own (which the
    cleaner files as furniture): the weekday makes it 4 July, day first."""
    from transforms.clean import clean_document
    from transforms.models import RawDocument

    page = "\n".join(
        [
            "Home | World | Middle East",
            "",
            "Rebels shell government districts of Aleppo",
            "",
            "Residents say the bombardment was the heaviest in weeks, with dozens hurt.",
            "",
            "Monday 04/07/2016",
            "",
            "Rebel groups shelled government-held districts of western Aleppo on Sunday, "
            "wounding at least 20 people, state media and a monitoring group said.",
            "",
            "The shells fell on the Midan and Sulaymaniyah districts, the monitor said, "
            "adding that government warplanes struck rebel-held areas in response.",
        ]
    )
    article = clean_document(RawDocument(doc_id="d" * 64, file_name="page.txt", text=page))
    assert article.published_date == dt.date(2016, 7, 4)
    assert article.title == "Rebels shell government districts of Aleppo"
    assert "Monday 04/07/2016" not in article.clean_text

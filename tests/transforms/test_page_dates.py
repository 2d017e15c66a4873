"""Dates a page prints around its story: date bars, wire datelines, live blogs' day headings.

Pages written for these tests (not taken from any article or evaluation set).
"""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.clean import clean_document
from transforms.decode import sha256_hex
from transforms.extraction.articles import extract_events
from transforms.extraction.detect import detector_for
from transforms.models import RawDocument

SAVED_WITH_A_DATE_BAR = """Sunday, December 6, 2026
Home | World | Business | Sport
Iraqi forces enter Tal Afar
TAL AFAR, Iraq, Aug 20, 2017 (Reuters) - Iraqi forces entered the outskirts of Tal Afar on \
Sunday as an offensive to retake the city from Islamic State began.
Troops came under mortar fire in the village of Kisik, a commander said.
"""

LIVE_BLOG = """LIVE: Battle for Kobani
Live coverage | Page refreshed automatically
Sunday 6 December 2026 10:12

Tuesday 7 October 2014

16:45
Coalition jets struck Islamic State positions south of Kobani this afternoon, a Kurdish \
official told us.

Monday 6 October 2014

22:30
Hundreds of Kurds protested in Diyarbakir against Turkey's refusal to intervene.

09:00
Welcome to our live coverage.
"""

PAGE_NOTES = """WORLD | Asia
Myanmar junta jets bomb village in Sagaing
Last updated: 2 hours ago | Print this page
By Staff Reporter
Myanmar military aircraft bombed a village in Sagaing region on 11 April 2023, killing \
dozens of people who had gathered for a ceremony, residents said.
"""


def cleaned(text: str):
    return clean_document(
        RawDocument(doc_id=sha256_hex(text.encode()), file_name="p.txt", text=text)
    )


def test_a_wire_dateline_outranks_a_date_bar_above_the_headline():
    article = cleaned(SAVED_WITH_A_DATE_BAR)
    assert article.title == "Iraqi forces enter Tal Afar"
    assert article.published_date == dt.date(2017, 8, 20)


def test_a_line_about_the_page_is_never_the_headline():
    assert cleaned(PAGE_NOTES).title == "Myanmar junta jets bomb village in Sagaing"


def test_a_live_blog_is_dated_by_its_day_headings_not_by_the_day_it_was_saved():
    article = cleaned(LIVE_BLOG)
    assert article.published_date == dt.date(2014, 10, 7)
    days = [day for _, day in article.day_marks]
    assert days == [dt.date(2014, 10, 7), dt.date(2014, 10, 6)]
    start, _ = article.day_marks[1]
    assert article.clean_text[start:].startswith("Hundreds of Kurds protested")


def test_a_live_blog_entry_happens_on_its_day(nlp, reference):
    article = cleaned(LIVE_BLOG)
    events = extract_events(article, nlp(article.clean_text), reference, detector_for("classifier"))
    days = {e["location"]: e["event_date"] for e in events}
    assert days["Kobani"] == dt.date(2014, 10, 7)  # "this afternoon", under Tuesday's heading
    assert days["Diyarbakir"] == dt.date(2014, 10, 6)  # undated, under Monday's heading


def test_one_dateline_is_not_a_live_blog():
    assert cleaned(PAGE_NOTES).day_marks == ()
    assert cleaned(SAVED_WITH_A_DATE_BAR).day_marks == ()


BULLETINS = """MINISTRY OF DEFENCE - PRESS OFFICE
Home | Bulletins | Contact
Bulletins > 2019 > March

=====================================
Bulletin No. 2 - Monday 4/3/2019, 07:15
=====================================
Troops this morning pushed militants out of the hills above Gwoza.

=====================================
Bulletin No. 5 - Thursday 7/3/2019, 19:40
=====================================
A patrol today arrested four suspected militant couriers at a checkpoint in Bama.
"""


def test_titled_day_headings_under_drawn_rules_date_their_entries(nlp, reference):
    article = cleaned(BULLETINS)
    assert [day for _, day in article.day_marks] == [dt.date(2019, 3, 4), dt.date(2019, 3, 7)]
    assert article.published_date == dt.date(2019, 3, 7)  # no older than its last bulletin
    events = extract_events(article, nlp(article.clean_text), reference, detector_for("classifier"))
    days = {e["location"]: e["event_date"] for e in events}
    assert days["Bama"] == dt.date(2019, 3, 7)  # "today", in Thursday's bulletin


def test_a_dated_sentence_is_not_a_day_heading():
    page = """Clashes in the east
Fighters said Monday 4 March 2019 was the worst day of the siege so far.

Villagers fled again on Thursday 7 March 2019, after the shelling resumed.
"""
    assert cleaned(page).day_marks == ()


UNDATED_REPORT = """Attacks in the north

On 3 March 2019, gunmen attacked the village of Kukawa, killing five farmers.

The militants then shelled an army post outside the village.

Two days later, soldiers clashed with the militants near Monguno.
"""


def test_a_page_with_no_publication_date_still_dates_its_story(nlp, reference):
    article = cleaned(UNDATED_REPORT)
    assert article.published_date is None
    events = extract_events(article, nlp(article.clean_text), reference, detector_for("classifier"))
    days = {e["sub_event_type"]: e["event_date"] for e in events}
    assert days["Attack"] == dt.date(2019, 3, 3)
    assert days["Shelling/artillery/missile attack"] == dt.date(2019, 3, 3)  # the narrative's day
    assert days["Armed clash"] == dt.date(2019, 3, 5)  # two days after the last day named


def page_under_a_date_bar(date_line: str, body_year: str = "") -> str:
    story = (
        "RUTBA, Iraq - Militants stormed a police post near Rutba on Monday, killing four "
        "officers, officials said."
    )
    if body_year:
        story += f" The town had been retaken from Islamic State in {body_year}."
    lines = ["Menu | News | Sport", "Tuesday, 6 December 2026"]
    lines += ["Militants storm police post in western Iraq", date_line, story]
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize(
    "date_line",
    [
        "14 March 2017 — 3 min read",
        "UPDATED 15 MARCH 2017 — PUBLISHED 14 MARCH 2017",
        "Posted: Tue, 03/14/2017 - 09:12",
        "First published on Tue 14 Mar 2017 06.00 GMT",
    ],
)
def test_the_article_s_own_date_line_beats_the_date_bar(date_line):
    assert cleaned(page_under_a_date_bar(date_line)).published_date == dt.date(2017, 3, 14)


def test_an_updated_date_under_the_headline_beats_the_date_bar():
    article = cleaned(page_under_a_date_bar("Last updated 15 March 2017"))
    assert article.published_date == dt.date(2017, 3, 15)


def test_a_date_bar_years_after_the_story_is_the_day_the_page_was_saved():
    assert cleaned(page_under_a_date_bar("", "2016")).published_date is None
    # a story that names a recent year may well be as new as its date bar
    assert cleaned(page_under_a_date_bar("", "2025")).published_date == dt.date(2026, 12, 6)


def page_with_a_masthead(masthead: str, bar: str, byline: str) -> str:
    lines = [masthead, bar, "", "Militants storm police post in western Iraq", byline, ""]
    lines.append(
        "Militants stormed a police post near Rutba on Monday, killing four officers, "
        "officials said. The town had been retaken from Islamic State in 2016."
    )
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("masthead", "bar", "byline"),
    [
        # a masthead in capitals with a section list, over a "Today:" bar
        ("DESERT NOW — LIVE | Sections: Politics  Security", "Today: 06.12.2026", ""),
        # a breadcrumb, then a date bar
        ("WESTWIRE ▸ News ▸ Iraq", "Sun 06 Dec 2026", ""),
        # a masthead with its tagline, then a byline that gives the writer's role
        (
            "DESERT INSIGHT — Conflict & Security in the Middle East",
            "Sunday 6 December 2026",
            "Tue 14 Mar 2017 · by Jane Roe, senior analyst · 8 min read",
        ),
    ],
)
def test_a_masthead_or_breadcrumb_is_not_the_headline_and_its_date_bar_is_not_the_date(
    masthead, bar, byline
):
    article = cleaned(page_with_a_masthead(masthead, bar, byline))
    assert article.title == "Militants storm police post in western Iraq"
    assert article.published_date == (dt.date(2017, 3, 14) if byline else None)


@pytest.mark.parametrize(
    "kept",
    [
        '{"@type": "NewsArticle", "datePublished": "2017-03-14T09:12:00Z"}',
        "article_meta: datePublished=2017-03-14T09:12:00Z; section=world",
        'meta property="article:published_time" content="2017-03-14T09:12:00+03:00"',
    ],
)
def test_structured_data_kept_in_the_page_states_its_date(kept):
    page = page_with_a_masthead("DESERT NOW", "Sunday 6 December 2026", "") + kept + "\n"
    assert cleaned(page).published_date == dt.date(2017, 3, 14)


@pytest.mark.parametrize(
    "footer",
    [
        ["Author: Staff correspondent", "Date: 14-03-2017", "Tags: Anbar, police"],
        ["Story from the Western Desert Herald: 2017/03/14 09:12:00 GMT"],
    ],
)
def test_a_labelled_date_below_the_story_dates_a_page_with_none_above_it(footer):
    """An info box's "Date:" or a print footer's "Story from ...:" is the page's own date;
    the date bar at the top is the day it was shown (the site's copyright year)."""
    lines = ["Tuesday, 6 December 2026 | Rutba 18°C", "Menu | News | Sport"]
    lines += ["Militants storm police post in western Iraq"]
    lines += ["Militants stormed a police post near Rutba on Monday, killing four officers."]
    lines += footer + ["© 2026 Western Desert Herald"]
    assert cleaned("\n".join(lines) + "\n").published_date == dt.date(2017, 3, 14)


def test_a_dated_byline_after_the_lead_dates_the_page():
    """Translated and local pages set the place, date and writer after the lead paragraph."""
    lines = ["Tuesday, 6 December 2026 | Rutba 18°C", "Militants storm police post in western Iraq"]
    lines += ["Militants stormed a police post near Rutba on Monday, killing four officers."]
    lines += ["Rutba — 14 March 2017 — Correspondent: Staff reporter"]
    lines += ["The attackers fled towards the desert.", "© 2026 Western Desert Herald"]
    assert cleaned("\n".join(lines) + "\n").published_date == dt.date(2017, 3, 14)


def test_the_page_s_own_address_above_the_headline_dates_it():
    lines = ["Dec 6, 2026 | 14:02", "WESTERN DESERT HERALD"]
    lines += ["https://www.wdh.example/iraq/2017/03/14/militants-storm-police-post"]
    lines += ["Iraq | Anbar", "Militants storm police post in western Iraq"]
    lines += ["Militants stormed a police post near Rutba on Monday, killing four officers."]
    lines += ["© 2026 Western Desert Herald"]
    assert cleaned("\n".join(lines) + "\n").published_date == dt.date(2017, 3, 14)


SITE_TODAY_OVER_A_TAGLINE = """RIVER COURIER
Independent news from the valley and its towns
Sunday 06-12-2026

Tuesday 14 March 2017
Last modified: 14/03/2017 - 20:10

Ferry sunk on the river as two armies race for its crossings

River Courier - valley desk

Jets sank a ferry near the village of Hawi on Monday evening, killing nine passengers, our \
correspondent said. The crossing had been in the militants' hands since 2014.
"""


def test_a_date_bar_years_after_the_header_s_own_dateline_is_the_day_the_page_was_saved():
    """Whichever line the headline finder settles on, the date bar of 2026 is not the date."""
    assert cleaned(SITE_TODAY_OVER_A_TAGLINE).published_date == dt.date(2017, 3, 14)


@pytest.mark.parametrize(
    "dateline, expected",
    [
        ("Redacción | Jueves 9 de mayo de 2019, 10:15 a.m.", dt.date(2019, 5, 9)),
        ("Maputo, 12 de março de 2021", dt.date(2021, 3, 12)),
    ],
)
def test_a_spanish_or_portuguese_dateline_with_de_dates_the_page(dateline, expected):
    page = (
        "EL CORREO DEL SUR\nPortada | Nacional | Mundo\n\n"
        "Police clear the square after a night of marches\n\n"
        f"{dateline}\n\n"
        "Police used tear gas to clear the main square on Wednesday night after thousands "
        "marched against the new fuel prices, witnesses said.\n"
    )
    assert cleaned(page).published_date == expected


def wire_page(bar: str, dateline: str, footer: str) -> str:
    lines = ["THE HARBOUR WIRE", "World | Africa | Markets", bar, ""]
    lines += ["Marchers clash with police outside the port authority", ""]
    lines += [
        f"{dateline} - Dock workers marching on the port authority fought running battles "
        "with police on Wednesday, throwing stones at riot vans, union officials said.",
        "",
        "Police said eleven officers were hurt.",
        "",
        footer,
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("bar", "footer", "expected"),
    [
        # the date bar is the day the page was saved; the page's own footer names the year
        ("Harbour Wire Online - Sun, Dec 6, 2026", "(c) Harbour Wire 2019", dt.date(2019, 3, 13)),
        # the bar's day is the wire's day: the bar dates the page
        ("Wed, Mar 13, 2019", "(c) Harbour Wire 2026", dt.date(2019, 3, 13)),
        # no year anywhere but the bar: the wire's day, the last before the page was saved
        ("Sun, Dec 6, 2026", "Contact us | Privacy", dt.date(2026, 3, 13)),
    ],
)
def test_a_wire_dateline_without_a_year_outranks_a_date_bar_of_another_day(bar, footer, expected):
    page = wire_page(bar, "MOMBASA, March 13 (Harbour Wire)", footer)
    assert cleaned(page).published_date == expected


def test_a_wire_dateline_without_a_year_takes_the_year_the_page_names():
    page = wire_page(
        "", "MOMBASA, 13 March (Harbour Wire)", "More: Port strike enters third week - 2019"
    )
    assert cleaned(page).published_date == dt.date(2019, 3, 13)


@pytest.mark.parametrize(
    "published",
    ["Publié le 13/03/2019 à 23h05 · Modifié le 14/03/2019", "Publicado el 13/03/2019 a las 10:15"],
)
def test_a_french_or_spanish_published_line_beats_the_date_bar(published):
    assert cleaned(page_under_a_date_bar(published)).published_date == dt.date(2019, 3, 13)


MENU = "Home · News · Region · World · Opinion · Kurdî · العربية"


def translated_page(note: str, footer: str = "", menu: str = MENU) -> str:
    lines = ["Valley Courier (English service)", menu, "07/12/2026"]
    lines += ["", note, "", "Rebels ambush a police patrol near the river crossing", ""]
    lines += [
        "Rebels ambushed a police patrol near the river crossing on Monday afternoon, killing "
        "three constables, the district police chief said.",
        "",
        footer,
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "note",
    [
        "[Translated from the Hindi edition. Published 13 March 2019, 08:12 IST]",
        "Source: a regional radio station. Date of original: 22 Esfand 1397 (13 March 2019)",
    ],
)
def test_a_translator_s_note_dates_the_page_over_the_date_bar(note):
    assert cleaned(translated_page(note)).published_date == dt.date(2019, 3, 13)


def test_a_publish_date_under_the_story_beats_a_bare_date_bar():
    """The site's name over its date bar reads like a headline over its dateline; the
    labelled date at the foot of the story is the article's own."""
    page = translated_page("", footer="Publish date: 13.03.2019 - 11:20", menu="")
    assert cleaned(page).published_date == dt.date(2019, 3, 13)


@pytest.mark.parametrize(
    ("bar", "footer", "published"),
    [
        ("07/12/2026 | EN FR", "Publish date: 13.03.2019 - 11:20", dt.date(2019, 3, 13)),
        ("Monday, 7 December 2026 | Sign in", "Published March 2019", dt.date(2019, 3, 31)),
        ("07/12/2026", "Published: March 2019", dt.date(2019, 3, 31)),
    ],
)
def test_a_labelled_date_beats_a_date_bar_among_the_site_s_controls(bar, footer, published):
    """A report dated only by its month was published by the month's last day at the latest:
    'in February' is read as February of that year, 'in April' as the year before."""
    page = translated_page("", footer=footer, menu="").replace("07/12/2026", bar)
    assert cleaned(page).published_date == published


def test_a_menu_of_short_items_is_never_the_headline():
    note = "This article was translated from Kurdish. Names of places follow local usage."
    page = translated_page(note).replace("07/12/2026", "7 December 2026")
    assert cleaned(page).title == "Rebels ambush a police patrol near the river crossing"


def test_a_live_blog_s_dated_line_under_the_headline_beats_the_date_bar():
    page = translated_page("").replace(
        "Rebels ambush a police patrol near the river crossing\n",
        "LIVE: Rebels ambush a police patrol near the river crossing\n\n"
        "Live updates, 13 March 2019 - refresh for the latest (auto-refresh off)\n",
    )
    assert cleaned(page).published_date == dt.date(2019, 3, 13)


@pytest.mark.parametrize(
    ("bar", "date_line"),
    [
        ("Monday, December 7, 2026", "APRIL 17, 2015 / 6:42 PM / UPDATED 11 YEARS AGO"),
        ("Print date: 07.12.2026", "17.04.2015, 08:30 | Updated 17.04.2015, 12:15"),
    ],
)
def test_a_date_line_that_also_says_updated_dates_the_page_under_a_date_bar(bar, date_line):
    lines = ["THE DESK WIRE | World | Middle East | Markets", bar, "", "WORLD NEWS", date_line, ""]
    lines += ["Car bomb hits near a consulate in the Kurdish capital", ""]
    lines += ["By Staff Writers", ""]
    lines += [
        "ERBIL, Iraq (Desk Wire) - A car packed with explosives blew up on Friday outside a cafe "
        "near the consulate, killing three people, police said."
    ]
    assert cleaned("\n".join(lines) + "\n").published_date == dt.date(2015, 4, 17)


def test_a_line_giving_the_page_s_address_is_never_the_headline():
    from transforms.metadata.title import _title_score

    lines = ["Source: https://desk.example/kosovo/police-officer-killed-in-siege", "Print date"]
    assert _title_score(lines[0], lines, 0, 0) is None
    assert _title_score("Police officer killed in siege", lines, 0, 0) is not None


def test_a_copy_stamp_lends_its_date_to_no_sentence():
    lines = ["Border Civilian Monitor", "Home > Publications > Field briefs", ""]
    lines += ["Accessed 7 December 2026", "", "Displaced from the hills: the fight for a town", ""]
    lines += [
        "This brief draws on twenty interviews with displaced residents of the town and on "
        "photographs taken after the army re-entered it."
    ]
    article = cleaned("\n".join(lines) + "\n")
    assert article.published_date is None
    assert "2026" not in article.clean_text


UNDATED_REPORT_WITH_A_LATER_ESCAPE = """Crimes in the mountain villages

In the early hours of 3 August 2014, the militants advanced on the town from the south.

One woman said she was held in a house in the old quarter in October 2014 and escaped eleven \
months later.

On 9 August, jets struck armed vehicles that had been shelling families below the mountain.
"""


def test_a_year_counted_from_the_story_is_not_the_year_the_text_gives(nlp, reference):
    """'Eleven months later' tells of 2015; the story's 9 August is still 2014's."""
    article = cleaned(UNDATED_REPORT_WITH_A_LATER_ESCAPE)
    assert article.published_date is None
    events = extract_events(article, nlp(article.clean_text), reference, detector_for("classifier"))
    strikes = [e for e in events if e["sub_event_type"] == "Air/drone strike"]
    assert strikes and strikes[0]["event_date"] == dt.date(2014, 8, 9)

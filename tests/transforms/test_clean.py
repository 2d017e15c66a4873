"""Tests for cleaning scraped articles (transforms/clean/, transforms/html.py).

The seed articles are the dev set; the fixtures under tests/fixtures/clean/
imitate other outlets' pages (Guardian-like, WordPress blog, wire story,
Russian and Arabic pages, two HTML pages) so that the rules are checked on
layouts the seeds do not have.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.clean import clean_document, is_furniture_line, is_menu_line, normalise_text
from transforms.models import Article, RawDocument

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds" / "articles"
FIXTURES = ROOT / "tests" / "fixtures" / "clean"

# Furniture that must not survive in any cleaned seed.
FURNITURE = [
    "Sign In",
    "Add contribution as a guest",
    "Your email will not be displayed publicly",
    "Forgot Password",
    "or connect using",
    "What You Say",
    "Elsewhere on",
    "0.203 seconds",
    "Load more",
    "About This Blog",
    "Under The Black Flag",
    "Latest Posts",
    "Accessibility links",
    "Breaking News",
    "Select Page",
    "Media ID",
    "Asharq Al-awsat",
    "English Archive",
    "Be Part of Your Rudaw",
    "quite possibly the world",
    "do not necessarily reflect",
    "pic.twitter.com",
    "@NorthernStork",
    " | ",
]


def clean(text: str, fmt: str = "text", **meta: str) -> Article:
    return clean_document(
        RawDocument(doc_id="test", file_name="test.txt", text=text, fmt=fmt, meta=meta)
    )


def clean_file(path: Path) -> Article:
    fmt = "html" if path.suffix == ".html" else "text"
    return clean_document(
        RawDocument(
            doc_id=path.stem, file_name=path.name, text=path.read_text(encoding="utf-8"), fmt=fmt
        )
    )


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return {path.name[:3]: clean_file(path) for path in sorted(SEEDS.glob("*.txt"))}


# -- the seed articles ---------------------------------------------------------


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_furniture_is_gone(seeds: dict[str, Article], seed: str) -> None:
    text = seeds[seed].clean_text
    left = [phrase for phrase in FURNITURE if phrase in text]
    assert not left, f"furniture left in {seed}: {left}"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_text_is_normalised(seeds: dict[str, Article], seed: str) -> None:
    text = seeds[seed].clean_text
    assert not set(text) & set("\u2018\u2019\u201c\u201d\u00a0\u200b")
    assert "\n\n\n" not in text
    assert text == text.strip()


@pytest.mark.parametrize(
    ("seed", "sentence"),
    [
        ("000", "BEIRUT - In an unprecedented pincer attack"),
        ("000", "fell to Syrian President Bashar Assad's forces on March 26th"),
        ("000", "Syrian pro-government forces patrolling street in ancient city of Palmyra"),
        ("000", "This time the jihadists may well strike back"),
        ("001", "its nearby oil refinery in the Saladin Governorate which fell in October"),
        ("001", "Al-Hashimi also pointed out"),
        ("001", "Balanche added."),
        (
            "002",
            "Fourteen Peshmerga were wounded when ISIS used heavy weapons fitted with chemical agents",
        ),
        ("002", "killing at least 93 people – the most deadly attack"),
        ("002", "it is much weaker economically than it was this time last year."),
        ("003", "has liberated Ramadi and Fallujah from IS control"),
        (
            "003",
            "A screen grab from a video released by the Islamic State-affiliated Amaq news agency",
        ),
        ("003", "A member of the Iraqi federal police fires toward Islamic State militants"),
        ("003", "IS may be losing battles, but the war is still a long way from being won."),
        ("004", "captured al-Rai town in northern Aleppo from ISIS troops"),
        ("004", "Rebels make huge gains along the Turkish-Syrian border"),
        ("004", "Bliss."),
    ],
)
def test_seed_body_sentences_stay(seeds: dict[str, Article], seed: str, sentence: str) -> None:
    assert sentence in seeds[seed].clean_text


def test_seed_002_reader_comments_and_related_lists_are_gone(seeds: dict[str, Article]) -> None:
    text = seeds["002"].clean_text
    for comment in [
        "ad.dawah",
        "mujihd",
        "Richard Ledford",
        "dying throes",
        "Kurdistan is not Turkey",
        "no-fly zone",
    ]:
        assert comment not in text
    for related in [
        "Child labor rising sharply",
        "unauthorised oil refineries",
        "Dashni Morad",
        "contract teachers",
    ]:
        assert related not in text


@pytest.mark.parametrize(
    ("seed", "caption"),
    [
        ("002", "Iraqi Security Forces engage ISIS militants in Ramadi last December."),
        ("003", "Iraqi Special Operations Forces react after a car bomb exploded"),
        ("003", "Members of the Iraqi rapid response forces fire a missile"),
    ],
)
def test_seed_repeated_captions_appear_once(
    seeds: dict[str, Article], seed: str, caption: str
) -> None:
    assert seeds[seed].clean_text.count(caption) == 1


def test_seed_000_rejoins_deir_ez_zor_and_keeps_dashes(seeds: dict[str, Article]) -> None:
    text = seeds["000"].clean_text
    assert "Deir ez-Zor" in text
    assert "Deir ez- Zor" not in text
    assert "al-Baghdadi — and one that may signal" in text


def test_seed_titles_are_not_kept_in_the_body(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        if article.title:
            assert article.title not in article.clean_text


def test_seed_000_metadata(seeds: dict[str, Article]) -> None:
    article = seeds["000"]
    assert article.title == "ISIS hit by twin offensives in Syria, Iraq"
    assert article.published_date == dt.date(2016, 4, 1)
    assert article.published_date_source == "text"
    assert "Friday 01/04/2016" not in article.clean_text


def test_seed_001_metadata(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    assert article.title == "ISIS Shifts to Defense"
    assert article.outlet == "Asharq Al-Awsat"
    assert article.published_date is None
    assert article.published_date_source is None


def test_seed_002_metadata(seeds: dict[str, Article]) -> None:
    article = seeds["002"]
    assert (
        article.title
        == "Recent ISIS offensives may indicate it is trying to rebound from serious setbacks"
    )
    assert article.author == "Paul Iddon"
    assert article.outlet == "Rudaw"
    assert article.published_date == dt.date(2016, 5, 15)
    assert article.published_date_source == "text"
    assert "By Paul Iddon" not in article.clean_text


def test_seed_003_metadata_is_inferred_from_the_new_year_and_january_dates(
    seeds: dict[str, Article],
) -> None:
    article = seeds["003"]
    assert article.title == "Tracking Islamic State"
    assert article.outlet == "RFE/RL"
    assert article.published_date == dt.date(2017, 1, 16)
    assert article.published_date_source == "inferred"


def test_seed_004_tweet_date_is_inferred_not_text(seeds: dict[str, Article]) -> None:
    article = seeds["004"]
    assert article.title is None
    assert article.published_date == dt.date(2016, 4, 7)
    assert article.published_date_source == "inferred"
    assert "The rumour Ahrar al-Sham" not in article.clean_text


# -- characters -----------------------------------------------------------------


def test_normalise_straightens_quotes_and_spaces() -> None:
    text = "\u201cWe know\u201d \u2018this\u2019 enemy\u2019s\u00a0plan\u200b\ufeff  now\u2009here"
    assert normalise_text(text) == "\"We know\" 'this' enemy's plan now here"


def test_normalise_strips_controls_and_composes_unicode() -> None:
    assert (
        normalise_text("Qamishli\x00\x07 cafe\u0301\r\nline\rnext") == "Qamishli café\nline\nnext"
    )


def test_normalise_drops_bidi_marks_but_keeps_arabic_text() -> None:
    assert normalise_text("\u200fالرقة\u200e Raqqa") == "الرقة Raqqa"


def test_normalise_unescapes_html_entities() -> None:
    assert normalise_text("Assad&rsquo;s forces &amp; allies") == "Assad's forces & allies"


# -- structure ------------------------------------------------------------------

BODY = "ISIS fighters attacked the town on Saturday, officials in the province said in a statement."


def test_paragraph_breaks_become_one_blank_line_and_line_breaks_stay() -> None:
    text = f"{BODY}\n\n\n\nSecond paragraph of the article, with enough words to be prose.\nSame paragraph, next line."
    assert clean(text).clean_text == (
        f"{BODY}\n\nSecond paragraph of the article, with enough words to be prose.\nSame paragraph, next line."
    )


def test_hyphen_at_line_end_is_rejoined() -> None:
    text = f"{BODY}\nForces advanced on Deir ez-\nZor and on the pro-\ngovernment held airport."
    assert "Deir ez-Zor and on the pro-government held airport." in clean(text).clean_text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("the town of Deir ez- Zor fell", "the town of Deir ez-Zor fell"),
        ("Al- Hashimi said", "Al-Hashimi said"),
        ("both pre- and post-war", "both pre- and post-war"),
        ("the fight - But it went on", "the fight - But it went on"),
        ("the fight — and it went on", "the fight — and it went on"),
        ("the ISIS- The group", "the ISIS- The group"),
    ],
)
def test_stray_space_after_hyphen_is_closed_only_in_names(written: str, expected: str) -> None:
    assert expected in clean(f"{BODY}\nWe saw {written} in the end.").clean_text


def test_repeated_caption_is_kept_once() -> None:
    caption = "Iraqi Security Forces engage ISIS militants in Ramadi last December."
    text = f"A headline\n{caption}\n{caption} AP photo.\n{BODY}\n\n{caption}"
    assert clean(text).clean_text.count(caption) == 1


def test_same_short_line_twice_in_a_row_is_kept_once() -> None:
    assert clean(f"{BODY}\nMosul on fire.\nMosul on fire.").clean_text.count("Mosul on fire.") == 1


def test_reader_comments_and_related_list_after_the_body_are_dropped() -> None:
    text = (
        f"A headline\n{BODY}\n\n"
        "John Smith | 15/5/2016\nThis is a comment that goes on for long enough to look like a sentence of prose.\n"
        "Most popular\nAnother story headline\n| yesterday at 10:20 | (1)\n"
    )
    assert clean(text).clean_text == BODY


def test_article_prose_after_a_sidebar_list_is_kept() -> None:
    more = [
        f"Paragraph {n} of the article goes on about the fighting in Mosul and in the villages around it."
        for n in range(3)
    ]
    text = f"A headline\n{BODY}\n\nRelated\nOther story one\nOther story two\n\n" + "\n\n".join(
        more
    )
    cleaned = clean(text).clean_text
    assert "Other story" not in cleaned
    assert all(paragraph in cleaned for paragraph in more)


def test_every_item_of_an_aggregator_s_cluster_is_kept_and_its_links_dropped() -> None:
    items = [
        ("Harbour Post", "Gunmen burned two ferries at the jetty in Lamu on Sunday, police said."),
        ("Coast Daily", "Fishermen in Kiunga said armed men had taken three boats on Saturday."),
        ("Radio Pwani", "Residents of Mpeketoni marched on Monday to demand more police patrols."),
    ]
    blocks = [
        f"[{n}] {outlet} - 12 Jan 2025\n{extract}\nRead more >"
        if n % 2
        else f"[{n}] {outlet} - 12 Jan 2025\n{extract}\nRead more on {outlet} >"
        for n, (outlet, extract) in enumerate(items, start=1)
    ]
    text = "Story cluster: Attacks on the Lamu coast\n\n" + "\n\n-----\n".join(blocks)
    text += "\n\nRelated clusters\n- Fuel prices rise again\n- Election date set\n"
    cleaned = clean(text).clean_text
    assert all(extract in cleaned for _, extract in items)
    assert "Read more" not in cleaned
    assert "Fuel prices" not in cleaned


def test_a_read_more_heading_over_headlines_still_ends_the_article() -> None:
    text = f"A headline\n{BODY}\n\nRead more\nOther story one\nOther story two\n"
    assert clean(text).clean_text == BODY


def test_embedded_tweet_and_trailer_are_dropped() -> None:
    text = f"{BODY}\nRebels took the town today. pic.twitter.com/abc123\n— Some One (@someone) May 15, 2016\nThe last line."
    cleaned = clean(text).clean_text
    assert "Rebels took the town" not in cleaned and "@someone" not in cleaned
    assert cleaned.endswith("The last line.")


def test_leftover_code_is_dropped() -> None:
    text = (
        f"{BODY}\nvar _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1']);\n"
        ".article-body p { margin: 0 0 1em; }\n});\n"
        "function(d, s, id) { var js = d.getElementsByTagName(s)[0]; }"
    )
    assert clean(text).clean_text == BODY


def test_outlet_furniture_lines_are_dropped() -> None:
    text = (
        f"Skip to content\nHome » News\nA headline for a story\n{BODY}\n"
        "Share this:\nTwitter\nFacebook\nAdvertisement\n(Reporting by Ahmed Rasheed; Editing by Tom Heneghan)\n"
        "© 2016 Reuters. All rights reserved.\nPage generated in 0.42 seconds"
    )
    assert clean(text).clean_text == BODY


# -- other outlets' pages (fixtures) ----------------------------------------------


def test_guardian_style_page() -> None:
    article = clean_file(FIXTURES / "guardian_style.txt")
    assert article.title == "Iraqi forces retake Falluja government compound from Isis"
    assert article.author == "Martin Chulov"
    assert article.published_date == dt.date(2016, 6, 26)
    assert article.published_date_source == "text"
    assert "Guardian" in (article.outlet or "")
    text = article.clean_text
    assert text.count("An Iraqi soldier holds a flag in central Falluja.") == 1
    assert "killed at least 30 militants" in text
    for furniture in [
        "Skip to",
        "Share on",
        "Share via",
        "Most popular",
        "Boris Johnson",
        "Advertisement",
        "©",
        "Last modified",
        "World\n",
    ]:
        assert furniture not in text


def test_wordpress_blog_page() -> None:
    article = clean_file(FIXTURES / "wordpress_blog.txt")
    assert article.title == "Kurdish fighters seize Tishreen Dam from ISIS"
    assert article.author == "Hisham Arafat"
    assert article.outlet == "ARA News"
    assert article.published_date == dt.date(2015, 12, 27)
    text = article.clean_text
    assert text.startswith("QAMISHLI – Kurdish-led forces")
    assert text.endswith("according to the Pentagon.")


def test_wire_story_dateline() -> None:
    article = clean_file(FIXTURES / "wire_story.txt")
    assert article.published_date == dt.date(2016, 5, 23)
    assert article.published_date_source == "text"
    assert "Reporting by" not in article.clean_text
    assert article.clean_text.startswith("MOSUL, Iraq, 23 May 2016 (AFP) - Iraqi forces")


def test_russian_page() -> None:
    article = clean_file(FIXTURES / "russian_news.txt")
    assert article.title == "Сирийская армия освободила Пальмиру"
    assert article.published_date == dt.date(2016, 3, 27)
    assert article.clean_text.startswith("Сирийские правительственные войска")
    assert "Поделиться" not in article.clean_text and "меню" not in article.clean_text


def test_arabic_page() -> None:
    article = clean_file(FIXTURES / "arabic_news.txt")
    assert article.title == "القوات العراقية تستعيد الرمادي"
    assert article.published_date == dt.date(2016, 5, 15)
    assert article.clean_text.startswith("أعلنت القوات العراقية")
    assert "\u200f" not in article.clean_text


def test_html_page_with_article_element() -> None:
    article = clean_file(FIXTURES / "kurdish_outlet.html")
    assert article.title == "Peshmerga repel ISIS attack near Bashiqa"
    assert article.outlet == "Kurdistan24"
    assert article.author == "Karzan Sulaivany"
    assert article.url == "https://www.kurdistan24.net/en/news/2016/10/03/peshmerga-repel"
    assert article.published_date == dt.date(2016, 10, 3)
    assert article.published_date_source == "metadata"
    text = article.clean_text
    assert "Kurdish Peshmerga forces repelled an Islamic State (ISIS) attack" in text
    assert "Three Peshmerga were wounded" in text
    assert '"The militants attacked at dawn' in text
    for furniture in [
        "Home",
        "Opinion",
        "cookies",
        "WhatsApp",
        "Mosul Dam",
        "Most Read",
        "God protect",
        "©",
        "dataLayer",
        "font:",
        "By Karzan",
    ]:
        assert furniture not in text
    assert text.count("Peshmerga fighters on the Bashiqa front") == 1
    assert "\n\n" in text


def test_html_page_without_article_element_uses_text_density_and_json_ld() -> None:
    article = clean_file(FIXTURES / "no_article_tag.html")
    assert article.title == "Syria: regime forces enter al-Qaryatain"
    assert article.outlet == "Middle East Monitor"
    assert article.published_date == dt.date(2016, 4, 3)
    text = article.clean_text
    assert text.startswith("Syrian regime forces backed by Russian air strikes")
    assert "seized by Daesh in August 2015." in text
    assert "Israel demolishes" not in text and "Africa" not in text and "Copyright" not in text


def test_jsonl_record_holding_html_is_read_as_html() -> None:
    record = f"<p>{BODY}</p><p>Second <b>paragraph</b> here, also long enough to read as article prose.</p>"
    article = clean(record, fmt="jsonl", title="From the record")
    assert (
        article.clean_text
        == f"{BODY}\n\nSecond paragraph here, also long enough to read as article prose."
    )
    assert article.title == "From the record"


def test_jsonl_record_holding_plain_text_is_read_as_text() -> None:
    assert (
        clean(f"{BODY}\n\n{BODY[:-1]} again.", fmt="jsonl").clean_text
        == f"{BODY}\n\n{BODY[:-1]} again."
    )


def test_scraper_metadata_wins_and_drops_the_same_headline() -> None:
    text = f"Palmyra retaken\nFriday 01/04/2016\n{BODY}"
    article = clean(
        text,
        title="Palmyra retaken",
        outlet="The Arab Weekly",
        published="2016-04-03",
        url="https://x.org/a",
    )
    assert (article.title, article.outlet, article.url) == (
        "Palmyra retaken",
        "The Arab Weekly",
        "https://x.org/a",
    )
    assert article.published_date == dt.date(2016, 4, 3)
    assert article.published_date_source == "metadata"
    assert article.clean_text == BODY


def test_ids_and_record_pass_through() -> None:
    raw = RawDocument(doc_id="abc", file_name="f.jsonl", text=BODY, fmt="jsonl", source_record="r7")
    article = clean_document(raw)
    assert (article.doc_id, article.file_name, article.source_record) == ("abc", "f.jsonl", "r7")


# -- robustness and speed ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "\x00\x01\x02\xff\xfe binary \x7f" * 50,
        "\u200f\u200b\u202e" * 100,
        "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</body></html>",
        "<<<>>><p><p></div></article><script>unterminated",
        "&amp;&#0;&#x110000;&bogus;",
    ],
)
@pytest.mark.parametrize("fmt", ["text", "html", "jsonl"])
def test_odd_inputs_do_not_crash(text: str, fmt: str) -> None:
    assert isinstance(clean(text, fmt=fmt).clean_text, str)


def test_empty_article_gives_empty_text() -> None:
    article = clean("")
    assert article.clean_text == "" and article.title is None and article.published_date is None


def test_huge_single_line_is_cleaned_whole() -> None:
    text = (
        "ISIS attacked the town, officials said, and the army answered. " * 15000
    )  # ~1 MB, no newline
    article = clean(text)
    assert len(article.clean_text) > 900_000


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["text", "html", "jsonl"]))
def test_clean_document_never_crashes_on_any_text(text: str, fmt: str) -> None:
    article = clean(text, fmt=fmt)
    assert isinstance(article.clean_text, str)
    assert not set(article.clean_text) & set("\x00\u200b\u2019\u201c\r")
    if article.published_date is not None:
        assert dt.date(1900, 1, 1) <= article.published_date <= dt.date(2100, 12, 31)


page_lines = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "",
                "Sign In / Up",
                "Elsewhere on Rudaw",
                "By Paul Iddon 15/5/2016",
                "Friday 01/04/2016",
                "JJ | 4/29/2017 8:32:21 PM",
                "| yesterday at 10:20 | (1)",
                "— Stork (@NorthernStork) 7 апреля 2016 г.",
                "Deir ez-",
                "Zor",
                BODY,
                "<p>tag</p>",
            ]
        ),
        st.text(max_size=80),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(page_lines)
def test_clean_document_never_crashes_on_page_like_text(lines: list[str]) -> None:
    article = clean("\n".join(lines))
    assert isinstance(article.clean_text, str)


def test_bbc_style_page_keeps_the_image_caption_text_only() -> None:
    article = clean_file(FIXTURES / "bbc_style.txt")
    assert article.title == "Syria conflict: Government forces 'retake Palmyra'"
    assert article.published_date == dt.date(2016, 3, 27)
    text = article.clean_text
    assert text.startswith("Syrian troops have been advancing on Palmyra for weeks\n")
    assert "IS captured the city in May 2015" in text
    for furniture in [
        "Image c",
        "From the section",
        "Share",
        "Related Topics",
        "More on this story",
        "ancient city under threat",
    ]:
        assert furniture not in text


def test_date_line_below_the_standfirst_is_the_dateline() -> None:
    article = clean_file(FIXTURES / "aljazeera_style.txt")
    assert article.published_date == dt.date(2015, 12, 28)
    assert article.published_date_source == "text"
    assert article.outlet == "Al Jazeera"
    assert "28 Dec 2015" not in article.clean_text and "Source:" not in article.clean_text
    assert article.clean_text.startswith("Iraqi troops say they have recaptured a key district")


def test_masthead_and_piped_byline_give_outlet_author_and_date() -> None:
    article = clean_file(FIXTURES / "think_tank_blog.txt")
    assert article.title == "Islamic State claims suicide assault in Baghdad"
    assert article.outlet == "FDD's Long War Journal"
    assert article.author == "Caleb Weiss"
    assert article.published_date == dt.date(2017, 1, 3)
    text = article.clean_text
    assert text.startswith("The Islamic State claimed a suicide assault")
    assert "Tags:" not in text and "donation" not in text and "@" not in text


def test_piped_byline_below_the_standfirst_is_not_a_reader_comment() -> None:
    text = (
        "Kurds retake village from ISIS\n"
        "Peshmerga forces retook a village south of Kirkuk after a short battle, commanders said.\n"
        "By Paul Iddon | 15/5/2016\n"
        "The village of Bashir had been held by ISIS since 2014, and residents said it was shelled daily.\n"
    )
    article = clean(text)
    assert article.author == "Paul Iddon"
    assert article.published_date == dt.date(2016, 5, 15)
    assert article.clean_text.endswith("residents said it was shelled daily.")
    assert "|" not in article.clean_text


def test_html_dates_in_related_cards_are_not_the_publication_date() -> None:
    page = (
        "<html><body><aside class='related'><article><h2>Old story</h2>"
        "<time datetime='2015-01-01'>1 Jan</time></article></aside>"
        f"<article><h1>Main story</h1><time datetime='2016-02-02T10:00'>2 Feb</time><p>{BODY}</p>"
        f"<p>{BODY[:-1]} again, with more words for the paragraph.</p></article></body></html>"
    )
    article = clean(page, fmt="html")
    assert article.published_date == dt.date(2016, 2, 2)
    assert article.title == "Main story"
    assert "Old story" not in article.clean_text


# -- menus, mastheads, comments and credits (synthetic pages) ------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Home | News | Sport | Weather",
        "MENU | News | Opinion | Video | Features",
        "Sign in | Register",
        "Subscribe | Log in",
        "Print | Share | Comments (3)",
        "Share on Facebook | Share on Twitter | Share via Telegram",
        "Share this with Facebook | Share this with Email",
        "Share: Facebook | Twitter | Google+ | LINE",
        "HOME | REGIONS | CRICKET | E-PAPER",
        "Sign in / Register",
        "Sign in Home News Sport Weather iPlayer Sounds",
        "MENU News Opinion Video Features",
    ],
)
def test_menu_bars_are_furniture(line: str) -> None:
    assert is_menu_line(line)
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Militia convoy ambushed on the road to Tuz Khurmatu",
        "Home Secretary Visits Troops In Basra",
        "Home Office officials said the decision was final.",
        "Chandigarh | 26/08/2017",
        "07/02/2018 | Agencies",
        "By Caleb Weiss | January 3, 2017 | caleb@longwarjournal.org",
        "By Saif Hameed | 3 Min Read",
        "Middle-east Arab News Opinion | Asharq Al-awsat",
        "Mosul falls | World news",
        "Killed in the attack were a teacher, a nurse and two students.",
    ],
)
def test_headlines_bylines_and_datelines_are_not_menus(line: str) -> None:
    assert not is_menu_line(line)


def test_wide_gaps_of_a_menu_bar_become_pipes_and_prose_keeps_single_spaces() -> None:
    assert (
        normalise_text("Home   News  Middle East    Sport") == "Home | News | Middle East | Sport"
    )
    assert normalise_text("World  |  Business  |  Sign in") == "World | Business | Sign in"
    assert normalise_text("He said.  Then they left.  Nobody came.") == (
        "He said. Then they left. Nobody came."
    )
    assert normalise_text("Mosul   45   12") == "Mosul 45 12"


def test_menu_masthead_bare_date_and_signed_comments_page() -> None:
    article = clean_file(FIXTURES / "menu_masthead_comments.txt")
    assert article.title == "Militia convoy ambushed on the road to Tuz Khurmatu"
    assert article.outlet == "Frontline Ledger"
    assert article.author == "Ledger correspondent"
    assert article.published_date == dt.date(2017, 9, 3)
    assert article.published_date_source == "text"
    text = article.clean_text
    assert text.startswith("Gunmen ambushed a convoy of militia fighters")
    assert text.endswith("to the east of the road.")
    for furniture in [
        "MENU",
        "Longreads",
        "FRONTLINE",
        "03/09/2017",
        "Share on",
        "Photo: Ledger",
        "Reader comments",
        "My brother drives",
        "Daquq",
        "Omar the builder",
        "Latest posts",
    ]:
        assert furniture not in text


def test_wire_agency_page_drops_credits_ads_newsletters_cookies_and_link_lists() -> None:
    article = clean_file(FIXTURES / "wire_agency_page.txt")
    assert article.title == "Car bomb kills nine at market in eastern town"
    assert article.outlet == "Associated Press"
    text = article.clean_text
    assert text.startswith("Smoke rises from the market after the explosion on Thursday.\n")
    assert "KHALIS, Iraq (AP) — A car bomb exploded" in text
    assert text.endswith("bore the hallmarks of the Islamic State group.")
    for furniture in [
        "AP Photo",
        "Rami Haddad",
        "Advertisement",
        "Read more",
        "inbox",
        "cookies",
        "Don't miss",
        "Floods cut roads",
        "Sign in",
        "Top stories",
    ]:
        assert furniture not in text


def test_site_name_leading_a_menu_bar_is_the_outlet() -> None:
    article = clean_file(FIXTURES / "brand_menu_page.txt")
    assert article.title == "Peshmerga clear villages south of Makhmour"
    assert article.outlet == "Kurdpress"
    assert article.clean_text.startswith("Peshmerga forces cleared three villages")
    assert "Register" not in article.clean_text and "Opinion" not in article.clean_text


def test_site_beside_its_section_banner_and_a_sentence_like_headline() -> None:
    article = clean_file(FIXTURES / "site_banner_page.txt")
    assert article.title == "The siege is over. The reckoning has not begun"
    assert article.outlet == "Levant Policy Circle"
    assert article.author == "Rana Aziz"
    text = article.clean_text
    assert text.startswith("The siege of the old city ended last spring")
    assert "Regions" not in text and "By Rana" not in text
    assert "is a researcher" not in text  # the note on the author closes the piece


@pytest.mark.parametrize(
    "comments",
    [
        # "Name - comment" and "Name: comment" under a heading, long enough to read as prose
        "Comments\n"
        "Sami K. - They shelled the street behind the bakery yesterday as well, and nobody reported it at all.\n"
        "Tony - Where is the United Nations when the old quarter is shelled every single day of the week?\n"
        "Hana: Three of my neighbours were wounded in the same attack and the hospital had no beds for them.",
        "12 comments\n"
        "Sami K. - They shelled the street behind the bakery yesterday as well, and nobody reported it at all.",
        "Reader comments (2)\nTony - Where is the UN when the old quarter is shelled every day?",
        # "Name, date - comment" needs no heading
        "Abu Hassan, 16/02/2016 11:02 - They took my village and burned the houses. Where is the world?",
        # "Name | date" above the comment
        "Karim | 11/4/2017 10:12:44 AM\nThe militia burned houses in the next village last month, why no report?",
    ],
)
def test_reader_comments_are_dropped_in_their_common_shapes(comments: str) -> None:
    second = (
        "Residents said the shelling went on through the night and that two houses were destroyed."
    )
    cleaned = clean(f"A headline\n{BODY}\n{second}\n\n{comments}").clean_text
    assert cleaned == f"{BODY}\n{second}"


def test_article_prose_after_a_comments_link_is_kept() -> None:
    more = [
        f"Paragraph {n} of the article goes on about the fighting in Mosul and in the villages around it."
        for n in range(3)
    ]
    text = f"A headline\n{BODY}\n\n3 comments\n\n" + "\n\n".join(more)
    cleaned = clean(text).clean_text
    assert "3 comments" not in cleaned
    assert all(paragraph in cleaned for paragraph in more)


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Smoke rises over the old city on Sunday. REUTERS/Ali Hassan", "on Sunday."),
        ("Smoke rises over the old city on Sunday. (AFP Photo/Ali Hassan)", "on Sunday."),
        ("Smoke rises over the old city on Sunday (AFP Photo/Ali Hassan)", "on Sunday"),
        ("Smoke rises over the old city on Sunday. Photo: AFP", "on Sunday."),
        ("Smoke rises over the old city on Sunday. PHOTO | FILE", "on Sunday."),
        ("Smoke rises over the old city on Sunday. AP photo.", "on Sunday."),
        ("Smoke rises over the old city on Sunday. (Reuters)", "on Sunday."),
        ("Smoke rises over the old city. Photograph: Ali Hassan/AFP/Getty Images", "old city."),
    ],
)
def test_photo_credits_closing_a_caption_are_dropped(caption: str, expected: str) -> None:
    cleaned = clean(
        f"Fighting flares again in the north of the province\n{caption}\n{BODY}"
    ).clean_text
    assert cleaned.split("\n")[0].endswith(expected)
    assert cleaned.split("\n")[1] == BODY


@pytest.mark.parametrize(
    "line",
    [
        "The statement said the views of RFE/RL were not those of the author.",
        "Fighters of the PKK/YPG held the hill, the officials said on Monday.",
        "He showed the image to reporters on Monday and said it proved the strike hit a school.",
    ],
)
def test_slashes_and_photo_words_in_prose_are_not_credits(line: str) -> None:
    assert line in clean(f"A headline\n{BODY}\n{line}").clean_text


# -- the held-out pages ------------------------------------------------------------------

HOLDOUT = ROOT / "tests" / "eval" / "holdout"

# file prefix: (title, outlet, publication date), all read from the page itself.
HOLDOUT_METADATA = {
    "h01": (
        "Suicide truck bomb kills at least 47 at checkpoint south of Baghdad",
        "Reuters",
        dt.date(2016, 3, 6),
    ),
    "h02": (
        "Kurdish-led fighters seize Tal Rifaat as rebels' north Aleppo pocket shrinks",
        "Middle East Eye",
        dt.date(2016, 2, 16),
    ),
    "h03": (
        "Air strikes on Idlib market kill 31 civilians, monitor says",
        "Agence France-Presse",
        dt.date(2019, 7, 22),
    ),
    "h04": (
        "Mortar shells hit Damascus as bombardment of Eastern Ghouta intensifies",
        "The Daily Star",
        dt.date(2018, 2, 7),
    ),
    "h05": (
        "Battle for Mosul looms as Iraqi troops mass south of the city",
        "The Washington Post",
        dt.date(2016, 10, 14),
    ),
    "h06": (
        "Turkey Syria offensive: Turkish-backed fighters seize border town of Tal Abyad",
        "BBC",
        dt.date(2019, 10, 14),
    ),
    "h07": (
        "Iraqi forces retake al-Qaim from Islamic State, push toward last Anbar pocket",
        "Rudaw",
        dt.date(2017, 11, 4),
    ),
    "h08": (
        "The caliphate has fallen. The conditions that built it have not",
        "Global Policy Forum",
        None,
    ),
    "h09": (
        "Police tear-gas Cord supporters in Nairobi as anti-IEBC protests turn violent in Kisumu",
        "Daily Nation",
        dt.date(2016, 5, 17),
    ),
    "h10": (
        "30 dead as Dera followers go on rampage in Panchkula after Ram Rahim conviction",
        "Hindustan Times",
        dt.date(2017, 8, 26),
    ),
    "h11": (
        "Police foil plot to bomb presidential palace, arrest four suspected militants",
        "The Jakarta Post",
        dt.date(2016, 12, 11),
    ),
    "h12": (
        "Fragile Hodeidah truce largely holds as U.N. monitors prepare to deploy",
        "Reuters",
        dt.date(2018, 12, 19),
    ),
    "h13": (
        "Gunmen kill 45 in Kaduna village attack",
        "Premium Times Nigeria",
        dt.date(2018, 5, 7),
    ),
    "h14": (
        "Libyan forces seize Islamic State's Sirte headquarters",
        "Libya Herald",
        dt.date(2016, 8, 11),
    ),
}

# Reader comments on the held-out pages: none may reach the article text.
HOLDOUT_COMMENTS = [
    "They took my village in Kafr Naya",
    "Sami H.",
    "They shelled my street in Jaramana",
    "Where is the UN when Damascus is shelled",
    "Hashd burned houses in Tuz Khurmatu",
    "My cousin was killed in the Karrada bombing",
    "you understate the role of the Syrian regime",
    "Sinjar is still not rebuilt",
]

# Page furniture of the held-out pages: menus, share bars, lists, credits, wire trailers.
HOLDOUT_FURNITURE = [
    "MENU",
    "Sign in",
    "Log in",
    "Login",
    "Subscribe",
    "Share",
    "Home",
    "Comments",
    "COMMENTS",
    "RELATED",
    "Related",
    "MORE FROM",
    "Read more",
    "Trending",
    "TOP NEWS",
    "POPULAR",
    "Copyright",
    "All Rights Reserved",
    "Our Standards",
    "Reporting by",
    "REUTERS/",
    "AFP Photo",
    "PHOTO | FILE",
    "Breakingviews",
    "iPlayer",
    "E-PAPER",
    "Longform",
    "Heatwave grips Europe",
    "Hurricane Harvey",
    "Ahok trial",
    "Tripoli power cuts",
    " | ",
]


@pytest.fixture(scope="module")
def holdout() -> dict[str, Article]:
    return {path.name[:3]: clean_file(path) for path in sorted(HOLDOUT.glob("h*.txt"))}


def test_all_holdout_pages_are_read(holdout: dict[str, Article]) -> None:
    assert sorted(holdout) == sorted(HOLDOUT_METADATA)


@pytest.mark.parametrize("page", sorted(HOLDOUT_METADATA))
def test_holdout_title_outlet_and_date(holdout: dict[str, Article], page: str) -> None:
    article = holdout[page]
    title, outlet, published = HOLDOUT_METADATA[page]
    assert not is_menu_line(article.title or "")
    assert not (article.title or "").upper().startswith(("MENU", "HOME", "SIGN IN"))
    assert article.title == title
    assert article.outlet == outlet
    assert article.published_date == published
    assert article.published_date_source == ("text" if published else None)


@pytest.mark.parametrize("page", sorted(HOLDOUT_METADATA))
def test_holdout_text_has_no_comments_or_furniture(holdout: dict[str, Article], page: str) -> None:
    text = holdout[page].clean_text
    assert [c for c in HOLDOUT_COMMENTS if c in text] == []
    assert [f for f in HOLDOUT_FURNITURE if f in text] == []
    assert holdout[page].title not in text


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        ("h01", "HILLA, Iraq (Reuters) - A suicide bomber drove a fuel tanker"),
        ("h01", "killed in acts of terrorism and armed violence in February"),
        ("h02", "Kurdish-led fighters captured the town of Tal Rifaat from rebel groups on Monday"),
        ("h02", "since the start of the month, according to the UN."),
        ("h04", "DAMASCUS: Mortar shells fired from the rebel-held enclave"),
        ("h04", "but neither side has responded."),
        ("h06", "Smoke billows over Ras al-Ain after Turkish bombardment on Wednesday"),
        ("h06", "Why has Turkey attacked?"),
        ("h08", "When Islamic State fighters overran Mosul in June 2014"),
        ("h08", "whether we have to fight this war again."),
        ("h09", "Police officers fire tear gas at Cord supporters outside Anniversary Towers"),
        ("h11", "compared with 73 in the whole of 2015."),
        ("h12", "ADEN/DUBAI (Reuters) - A ceasefire in Yemen's main port city"),
        ("h13", "according to Amnesty International."),
        ("h14", "once it loses the city."),
    ],
)
def test_holdout_body_sentences_stay(holdout: dict[str, Article], page: str, sentence: str) -> None:
    assert sentence in holdout[page].clean_text


def test_a_dated_wire_dateline_is_not_a_signed_comment() -> None:
    line = (
        "BAGHDAD, May 15, 2016 - Iraqi forces advanced on the town from the south, officers said."
    )
    assert line in clean(f"A headline\n{BODY}\n{line}").clean_text


def test_a_list_inside_the_article_stays_and_a_closing_list_of_headlines_goes() -> None:
    inside = (
        "Key facts\n- Forty people were killed in the attack\n- Sixty others were wounded\n\n"
        + "\n".join(
            f"Paragraph {n} of the article goes on about the fighting in Mosul and in the villages."
            for n in range(3)
        )
    )
    cleaned = clean(f"A headline\n{BODY}\n\n{inside}").clean_text
    assert "- Forty people were killed in the attack" in cleaned
    closing = (
        "Don't miss\n- Floods cut roads across the north\n- Parliament delays vote on election law"
    )
    assert clean(f"A headline\n{BODY}\n\n{closing}").clean_text == BODY


@pytest.mark.parametrize("text", ["Car bomb kills 12 in Mogadishu market", "Troops retook Kidal."])
def test_a_headline_only_item_or_a_one_line_snippet_is_its_own_body(text: str) -> None:
    assert clean(text + "\n").clean_text == text


def test_a_page_of_furniture_alone_still_has_no_body() -> None:
    assert clean("Home | News | Sport\nSign in\nCookie settings\n").clean_text == ""


def test_listed_headlines_with_their_kind_and_date_are_furniture() -> None:
    page = "\n".join(
        [
            "Relief agency warns of hunger in the camps",
            "",
            "Aid workers said on Monday that food stocks in the camps near the border would "
            "run out within a fortnight unless convoys were allowed through.",
            "",
            "Latest updates",
            "  Chad: arrivals from the west exceed 100,000 (briefing notes, 14 July 2023)",
            "  Border: gunmen burn a market town (press release, 13 July 2023)",
        ]
    )
    text = clean(page).clean_text
    assert "food stocks" in text
    assert "gunmen burn" not in text and "arrivals" not in text


def test_a_live_blog_s_entries_survive_a_pinned_list_above_them() -> None:
    """Timestamps between entries break no run of prose, so the entries after a list of
    key points are the article, not a list of headlines' tail."""
    entries = [
        (
            "22 Oct 09:10",
            "The police chief says the last of the gunmen holed up in a school in "
            "the old quarter were killed overnight after a long siege.",
        ),
        (
            "21 Oct 19:05",
            "The provincial council says at least thirty people have been killed "
            "in the city today, most of them policemen guarding offices.",
        ),
        (
            "21 Oct 14:02",
            "The governor has announced a curfew over the whole province until "
            "further notice, and the airport has been closed to all flights.",
        ),
    ]
    lines = ["LIVE: Gunmen storm the provincial capital", ""]
    lines += ["We are no longer updating this page. Scroll down to read the full timeline.", ""]
    lines += ["Key points"]
    lines += [
        "- Gunmen struck offices across the city at dawn",
        "- Curfew imposed across the province",
        "",
    ]
    for stamp, text in entries:
        lines += [stamp, text, ""]
    text = clean("\n".join(lines)).clean_text
    assert all(entry in text for _, entry in entries)

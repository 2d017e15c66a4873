"""Sentence-level behaviour of the event extractor (transforms/extraction/, events.py).

Each case is one short article with a known publication date, and the test checks
the coded event a conflict analyst would write down: ACLED sub-event type, actors,
place, date and precision, casualties; or that nothing is coded for what is not
an event (plans, negations, conditions). These are the rules the extractor is
meant to generalise, stated on sentences that are not in the seed articles.
"""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.clean import clean_document
from transforms.extraction.articles import extract_events
from transforms.extraction.detect import detector_for
from transforms.models import RawDocument


def events(text: str, published: str, nlp, reference) -> list[dict]:
    raw = RawDocument(
        doc_id="e" * 64, file_name="case.txt", text=text, meta={"published": published}
    )
    article = clean_document(raw)
    return extract_events(article, nlp(article.clean_text), reference)


def classified(text: str, published: str, nlp, reference) -> list[dict]:
    """The events the trained detector finds (events() uses the rules baseline)."""
    raw = RawDocument(
        doc_id="e" * 64, file_name="case.txt", text=text, meta={"published": published}
    )
    article = clean_document(raw)
    return extract_events(article, nlp(article.clean_text), reference, detector_for("classifier"))


def classified_as(sub_event_type: str, text: str, published: str, nlp, reference) -> list[dict]:
    """The trained detector's events of one sub-event type."""
    found = classified(text, published, nlp, reference)
    return [e for e in found if e["sub_event_type"] == sub_event_type]


def one_event(text: str, published: str, nlp, reference) -> dict:
    found = events(text, published, nlp, reference)
    assert len(found) == 1, [(e["sub_event_type"], e["evidence"]) for e in found]
    return found[0]


def coded(event: dict) -> tuple:
    """What an analyst reads first: type, who, against whom, where, when."""
    return (
        event["sub_event_type"],
        event["actor1"],
        event["actor2"],
        event["location"],
        event["event_date"],
        event["time_precision"],
    )


D = dt.date

TERRITORY = [
    # active voice, with the loser named by "from"
    (
        "Iraqi forces recaptured Tikrit from Islamic State militants on Tuesday.",
        "2015-03-31",
        (
            "Government regains territory",
            "Iraqi Government",
            "Islamic State",
            "Tikrit",
            D(2015, 3, 31),
            1,
        ),
    ),
    # passive voice with a "by" agent; "on Sunday" is the Sunday before publication
    (
        "Palmyra was retaken by Syrian government forces on Sunday.",
        "2016-03-28",
        ("Government regains territory", "Syrian Government", None, "Palmyra", D(2016, 3, 27), 1),
    ),
    # "Y fell to X": a non-state actor takes the town
    (
        "Mosul fell to Islamic State fighters on Tuesday.",
        "2014-06-12",
        (
            "Non-state actor overtakes territory",
            "Islamic State",
            None,
            "Mosul",
            D(2014, 6, 10),
            1,
        ),
    ),
    # a nominal trigger with a "by" agent
    (
        "The capture of Palmyra by Syrian troops on Sunday was hailed in Moscow.",
        "2016-03-28",
        ("Government regains territory", "Syrian Government", None, "Palmyra", D(2016, 3, 27), 1),
    ),
    # a loss: the loser is actor2, and "last week" is precision 2
    (
        "ISIS lost Fallujah last week.",
        "2016-06-20",
        ("Government regains territory", None, "Islamic State", "Fallujah", D(2016, 6, 13), 2),
    ),
    # a pattern-resolved actor ("Turkish-backed rebels") and an alias of a town (Marea)
    (
        "Turkish-backed rebels captured the village of Marea from ISIS on Saturday.",
        "2016-02-15",
        (
            "Non-state actor overtakes territory",
            "Syrian Rebels",
            "Islamic State",
            "Mari",
            D(2016, 2, 13),
            1,
        ),
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), TERRITORY, ids=lambda v: str(v)[:40])
def test_territorial_changes_are_coded_with_both_sides(text, published, expected, nlp, reference):
    assert coded(one_event(text, published, nlp, reference)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi forces may launch an offensive on Mosul next month.",
        "The army did not capture Hit on Saturday.",
        "If the army retakes Hit, the road to Haditha will open.",
    ],
)
def test_plans_negations_and_conditions_are_not_events(text, nlp, reference):
    assert events(text, "2016-04-10", nlp, reference) == []


def test_a_relative_clause_reports_a_fact_inside_a_forecast(nlp, reference):
    """The assault is a forecast, but 'which fell to the Islamic State in June 2014' is not."""
    event = one_event(
        "The assault on Mosul, which fell to the Islamic State in June 2014, "
        "is expected to begin soon.",
        "2016-10-10",
        nlp,
        reference,
    )
    assert coded(event) == (
        "Non-state actor overtakes territory",
        "Islamic State",
        None,
        "Mosul",
        D(2014, 6, 1),
        3,
    )


def test_a_day_earlier_counts_from_the_previous_sentence(nlp, reference):
    """'a day earlier' is the day before Friday (3 Nov), not the day before publication."""
    found = events(
        "Iraqi forces took Qaim on Friday. The town of Rawa had been seized a day earlier.",
        "2017-11-06",
        nlp,
        reference,
    )
    dates = sorted((e["event_date"], e["time_precision"]) for e in found)
    assert dates == [(D(2017, 11, 2), 1), (D(2017, 11, 3), 1)]


def test_victims_and_attackers_are_kept_apart(nlp, reference):
    event = one_event(
        "A suicide bomber killed 14 people and wounded 30 others at a market in Sadr City "
        "on Wednesday.",
        "2016-05-12",
        nlp,
        reference,
    )
    assert (event["sub_event_type"], event["actor2"]) == ("Suicide bomb", "Civilians")
    assert (event["fatalities"], event["injuries"]) == (14, 30)
    assert event["location"] == "Sadr City" and event["geo_precision"] == 2  # "at a market in"


def test_number_words_and_dozens(nlp, reference):
    """'At least 93' is 93 dead; 'dozens' wounded is ACLED's 12."""
    event = one_event(
        "At least 93 people were killed and dozens wounded when a car bomb exploded in "
        "Baghdad on Wednesday.",
        "2016-05-12",
        nlp,
        reference,
    )
    assert (event["sub_event_type"], event["fatalities"], event["injuries"]) == (
        "Remote explosive/landmine/IED",
        93,
        12,
    )


def test_soldiers_killed_in_an_attack_on_their_base_is_a_clash(nlp, reference):
    event = one_event(
        "Fourteen Iraqi soldiers were killed when Islamic State militants attacked their base "
        "near Haditha on Tuesday.",
        "2016-05-12",
        nlp,
        reference,
    )
    assert coded(event)[:4] == ("Armed clash", "Islamic State", "Iraqi Government", "Haditha")
    assert event["fatalities"] == 14 and event["geo_precision"] == 2  # "near Haditha"


def test_shelling_that_kills_civilians(nlp, reference):
    event = one_event(
        "Assad's forces shelled Daraa on Saturday, killing five civilians.",
        "2016-02-15",
        nlp,
        reference,
    )
    assert coded(event)[:4] == (
        "Shelling/artillery/missile attack",
        "Syrian Government",
        "Civilians",
        "Daraa",
    )
    assert event["fatalities"] == 5


def test_air_strikes_by_the_coalition(nlp, reference):
    event = one_event(
        "Coalition air strikes hit Islamic State positions near Mosul on Monday.",
        "2016-05-12",
        nlp,
        reference,
    )
    assert coded(event)[:4] == ("Air/drone strike", "US-led Coalition", "Islamic State", "Mosul")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Police fired tear gas at protesters in Nairobi on Monday.",
            ("Protest with intervention", "Protesters", "Police Forces of Kenya", "Nairobi"),
        ),
        (
            "Thousands of people marched peacefully in Lagos on Friday to demand the release "
            "of detainees.",
            ("Peaceful protest", "Protesters", None, "Lagos"),
        ),
        (
            "Rioters set fire to buses in Panchkula on Friday.",
            ("Violent demonstration", "Rioters", None, "Panchkula"),
        ),
    ],
)
def test_protests_and_riots_beyond_the_theatre(text, expected, nlp, reference):
    event = one_event(text, "2018-03-10", nlp, reference)
    assert coded(event)[:4] == expected
    assert event["country"] in {"Kenya", "Nigeria", "India"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # excessive force: ACLED puts the force that used it first
            "Police opened fire on protesters in Nairobi on Monday, killing two.",
            (
                "Excessive force against protesters",
                "Police Forces of Kenya",
                "Protesters",
                "Nairobi",
            ),
        ),
        (
            "Soldiers shot dead three demonstrators outside the governor's office in Kaduna.",
            (
                "Excessive force against protesters",
                "Military Forces of Nigeria",
                "Protesters",
                "Kaduna",
            ),
        ),
    ],
)
def test_excessive_force_puts_the_force_first(text, expected, nlp, reference):
    """ACLED's order for excessive force: the force that used it, then the protesters
    (a protest with intervention keeps the protesters first, as above)."""
    (event,) = classified(text, "2018-03-10", nlp, reference)
    assert coded(event)[:4] == expected


def test_evidence_and_offsets_point_into_the_clean_text(nlp, reference):
    text = "BAGHDAD - Iraqi forces recaptured Tikrit from Islamic State militants on Tuesday."
    raw = RawDocument(
        doc_id="f" * 64, file_name="t.txt", text=text, meta={"published": "2015-04-01"}
    )
    article = clean_document(raw)
    (event,) = extract_events(article, nlp(article.clean_text), reference)
    assert article.clean_text[event["char_start"] : event["char_end"]] == event["evidence"]
    assert "recaptured Tikrit" in event["evidence"]
    assert 0 < event["confidence"] <= 1


def test_an_unnamed_opponent_is_never_an_ally(nlp, reference):
    """The SDF's unnamed opponent is the article's armed group, not the U.S. jets backing it."""
    event = one_event(
        "ISIS fighters held out for weeks in their last enclave. American jets backed the "
        "assault. The SDF took the village of Baghuz on Saturday.",
        "2019-03-25",
        nlp,
        reference,
    )
    assert coded(event)[:4] == (
        "Non-state actor overtakes territory",
        "Syrian Democratic Forces",
        "Islamic State",
        "Baghuz",
    )


def test_an_armed_group_attacks_the_local_state_rather_than_foreign_jets(nlp, reference):
    found = events(
        "U.S. warplanes have carried out dozens of strikes in Sirte since August. Libyan forces "
        "are fighting Islamic State in the city. Islamic State hit back with three suicide car "
        "bombs near the port on Wednesday, killing four fighters.",
        "2016-08-12",
        nlp,
        reference,
    )
    bombing = next(e for e in found if e["sub_event_type"] == "Suicide bomb")
    assert (bombing["actor1"], bombing["actor2"]) == ("Islamic State", "Military Forces of Libya")
    assert bombing["fatalities"] == 4 and bombing["country"] == "Libya"


def test_the_town_taken_wins_over_a_country_in_its_apposition(nlp, reference):
    """'out of Deir ez-Zor city, its last stronghold in Syria': the place taken is the city."""
    event = one_event(
        "Across the border, Syrian government forces said on Friday that they had driven the "
        "group out of Deir ez-Zor city, its last stronghold in Syria.",
        "2017-11-04",
        nlp,
        reference,
    )
    assert coded(event) == (
        "Government regains territory",
        "Syrian Government",
        None,
        "Deir ez-Zor",
        D(2017, 11, 3),
        1,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Government forces have been pressing a ground offensive on the southern edge of "
        "Idlib province since late April.",
        "Attacks in Iraq have fallen by some 80 per cent since 2017.",
    ],
)
def test_a_campaign_or_a_tally_since_a_date_is_not_one_event(text, nlp, reference):
    assert events(text, "2019-07-22", nlp, reference) == []


def test_a_date_in_another_relative_clause_does_not_date_the_event(nlp, reference):
    """'since 2014' dates ISIS's holding of Bashiqa, not its recapture ('on Monday')."""
    found = events(
        "Iraqi forces retook Bashiqa on Monday, a town which ISIS had held since 2014.",
        "2016-11-09",
        nlp,
        reference,
    )
    assert [(e["location"], e["event_date"], e["time_precision"]) for e in found] == [
        ("Bashiqa", D(2016, 11, 7), 1)
    ]


def test_police_opening_fire_on_a_violent_crowd_is_a_riot_with_the_police(nlp, reference):
    """ACLED codes a crowd that storms a building as rioters, with the police who shot at
    them as the other side, and the dead as the riot's fatalities."""
    event = one_event(
        "In Sirsa, two people were killed on Friday when police opened fire on a crowd that "
        "tried to storm a power station.",
        "2017-08-26",
        nlp,
        reference,
    )
    assert coded(event)[:4] == (
        "Violent demonstration",
        "Rioters",
        "Police Forces of India",
        "Sirsa",
    )
    assert event["fatalities"] == 2


def test_shells_as_the_subject_make_a_shelling(nlp, reference):
    """'shells hit a street' is shelling even when the place hangs on 'were killed'."""
    event = one_event(
        "In Kafr Batna, nine people were killed on Tuesday when shells hit a crowded street.",
        "2018-02-07",
        nlp,
        reference,
    )
    assert (event["sub_event_type"], event["actor2"], event["fatalities"]) == (
        "Shelling/artillery/missile attack",
        "Civilians",
        9,
    )


def test_a_participle_describing_a_person_is_not_an_event(nlp, reference):
    """'an Indonesian militant fighting with IS in Syria' describes him; no battle is coded."""
    found = events(
        "Police arrested Bahrun Naim's brother, an Indonesian militant fighting with the "
        "Islamic State group in Syria, in Bekasi on Saturday.",
        "2016-12-11",
        nlp,
        reference,
    )
    assert [e["sub_event_type"] for e in found] == ["Arrests"]


def test_gunmen_parsed_as_a_noun_phrase_still_did_the_killing(nlp, reference):
    """spaCy reads 'Gunmen on motorcycles killed 45 people' as a noun phrase; the gunmen are
    still the attackers, and a town of the article's country (GeoNames) places it."""
    event = one_event(
        "Gunmen on motorcycles killed at least 45 people in an attack on a village in the "
        "Birnin Gwari area of Kaduna State on Saturday.",
        "2018-05-07",
        nlp,
        reference,
    )
    assert coded(event)[:4] == ("Attack", "Unidentified Armed Group", "Civilians", "Birnin Gwari")
    assert event["fatalities"] == 45


def test_an_arrest_without_an_agent_is_the_countrys_police(nlp, reference):
    event = one_event(
        "A fourth suspect was arrested on Saturday in Ngawi, East Java.",
        "2016-12-11",
        nlp,
        reference,
    )
    assert (event["sub_event_type"], event["actor1"], event["country"]) == (
        "Arrests",
        "Police Forces of Indonesia",
        "Indonesia",
    )


def test_an_undated_event_takes_the_storys_last_day_else_the_publication_week(nlp, reference):
    """'The heaviest fighting came near Taza' follows a sentence dated 16 October, with an
    undated sentence between: it takes that day (precision 2, not 1). With nothing dated
    before it, an event takes the publication date at week precision, as ACLED does."""
    found = events(
        "On 16 October, Iraqi forces took Kirkuk from the Peshmerga. Residents stayed "
        "indoors. Later, Iraqi troops clashed with Peshmerga fighters near Altun Kupri.",
        "2017-10-23",
        nlp,
        reference,
    )
    clash = next(e for e in found if e["location"] == "Altun Kupri")
    assert (clash["event_date"], clash["time_precision"]) == (D(2017, 10, 16), 2)
    (undated,) = events(
        "Iraqi troops clashed with Peshmerga fighters near Altun Kupri.",
        "2017-10-23",
        nlp,
        reference,
    )
    assert (undated["event_date"], undated["time_precision"]) == (D(2017, 10, 23), 2)


def test_an_undated_report_dates_its_events_by_the_year_it_gives(nlp, reference):
    """No publication date: '20 March' takes the year of '14 March 2019' before it; an
    offset counts from the day before; nothing comes from the run's clock."""
    from transforms.extraction.detect import detector_for

    text = (
        "Niger: attacks on villages\n\n"
        "Gunmen on motorbikes killed nine villagers near Ayorou on 14 March 2019, officials said.\n\n"
        "On 20 March, soldiers clashed with militants near Banibangou.\n\n"
        "Two days later, soldiers clashed with the attackers again near Banibangou."
    )
    raw = RawDocument(doc_id="u" * 64, file_name="undated.txt", text=text)
    article = clean_document(raw)
    assert article.published_date is None
    found = extract_events(article, nlp(article.clean_text), reference, detector_for("classifier"))
    dates = sorted(str(e["event_date"]) for e in found)
    assert dates == ["2019-03-14", "2019-03-20", "2019-03-22"], [
        (e["sub_event_type"], e["event_date"], e["evidence"]) for e in found
    ]


def test_a_clause_with_its_own_time_reports_its_own_happening(nlp, reference):
    """Two happenings at two times in one sentence, a capture and a recapture: each keeps
    its own date, and the two are not merged into one change of control."""
    from transforms.extraction.detect import detector_for

    text = (
        "Kidal changes hands again\n\n"
        "The desert town of Kidal, captured by Tuareg rebels in May 2014, was retaken by "
        "Malian government forces on November 14th."
    )
    raw = RawDocument(
        doc_id="k" * 64, file_name="kidal.txt", text=text, meta={"published": "2023-11-20"}
    )
    article = clean_document(raw)
    found = extract_events(article, nlp(article.clean_text), reference, detector_for("classifier"))
    got = sorted((e["sub_event_type"], str(e["event_date"])[:7]) for e in found)
    assert got == [
        ("Government regains territory", "2023-11"),
        ("Non-state actor overtakes territory", "2014-05"),
    ], [(e["sub_event_type"], e["event_date"], e["actor1"]) for e in found]


def test_a_sentence_naming_only_the_province_around_the_town_keeps_the_story_in_the_town(
    nlp, reference
):
    text = (
        "Troops retake village near Beledweyne\n\n"
        "Government troops and clan fighters recaptured the village of Yasooman near "
        "Beledweyne on Sunday.\n\n"
        "Clan elders across the Hiiraan region called for calm.\n\n"
        "Later in the evening, a crowd of young men beat a man accused of spying until he died.\n"
    )
    found = classified(text, "2022-10-04", nlp, reference)
    mob = [e for e in found if e["sub_event_type"] == "Mob violence"]
    assert mob and mob[0]["location"] == "Beledweyne"


def test_a_town_named_like_a_leader_is_a_place_after_in_or_most_of(nlp, reference):
    text = (
        "Militants overrun Anbar town\n\n"
        "Islamic State fighters seized most of al-Baghdadi on Thursday, residents said.\n\n"
        "Security officials in Anbar tell us troops and police pushed the militants out of the "
        "town centre overnight.\n"
    )
    found = classified(text, "2015-02-14", nlp, reference)
    places = {e["sub_event_type"]: e["location"] for e in found}
    assert places["Non-state actor overtakes territory"] == "Al-Baghdadi"
    # 'officials in Anbar tell us': where the news came from, not where it happened
    assert places["Government regains territory"] == "Al-Baghdadi"


def test_a_sentence_naming_only_the_country_of_the_dateline_town_happens_in_the_town(
    nlp, reference
):
    text = (
        "Shelling hits railway hub in the east\n\n"
        "KUPIANSK, Ukraine (Desk Wire) - Russian artillery shelled the centre of this railway "
        "town in eastern Ukraine on Tuesday, killing two people, officials said.\n"
    )
    (event,) = [
        e
        for e in classified(text, "2022-09-21", nlp, reference)
        if e["sub_event_type"] == "Shelling/artillery/missile attack"
    ]
    assert (event["location"], event["geo_precision"]) == ("Kupiansk", 1)


def test_a_source_s_city_in_an_unparsed_sentence_names_the_source(nlp):
    """The detector finds no event in 'an official in Washington said', so the run does not
    parse the sentence; its wording still shows Washington is where the news came from."""
    from transforms.extraction.parse import flat_sentence
    from transforms.extraction.syntax import names_the_source

    text = "None of the dead were foreigners, a State Department official in Washington said."
    split = nlp.make_doc(text)
    flat = flat_sentence(split, 0, len(text))
    start = text.index("Washington")
    span = flat.char_span(start, start + len("Washington"))
    assert names_the_source(span)
    text = "Gunmen attacked a cafe in Washington on Friday."
    flat = flat_sentence(nlp.make_doc(text), 0, len(text))
    start = text.index("Washington")
    assert not names_the_source(flat.char_span(start, start + len("Washington")))


def test_where_a_speaker_named_after_the_verb_went_is_not_where_the_story_goes(nlp):
    """'..., said a farmer who reached Maiduguri by lorry': the speaker's journey, told in
    an unparsed sentence, is no place of the story."""
    from transforms.extraction.parse import flat_sentence
    from transforms.extraction.syntax import names_the_source

    text = '"We ran at the first shots," said a farmer who reached Maiduguri by lorry on Friday.'
    flat = flat_sentence(nlp.make_doc(text), 0, len(text))
    start = text.index("Maiduguri")
    assert names_the_source(flat.char_span(start, start + len("Maiduguri")))
    text = "Farmers who fled said gunmen later burned the market in Maiduguri."
    flat = flat_sentence(nlp.make_doc(text), 0, len(text))
    start = text.index("Maiduguri")
    assert not names_the_source(flat.char_span(start, start + len("Maiduguri")))


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        (  # the militants left the devices; the army's engineers stopped them
            "Islamic State fighters have held Ramadi since May. On Sunday, engineers of the "
            "Iraqi army dismantled bombs left by the jihadists near Ramadi.",
            "Iraqi Government",
            "Islamic State",
        ),
        (  # no one named: the country's forces defuse a device
            "Bomb disposal officers defused a device planted near a school in Yala on Monday.",
            "Military Forces of Thailand",
            None,
        ),
        (
            "The army intercepted a drone launched by the Houthis over Marib on Tuesday.",
            "Military Forces of Yemen",
            "Houthis",
        ),
    ],
)
def test_a_disrupted_weapon_is_credited_to_who_stopped_it(text, actor1, actor2, nlp, reference):
    disrupted = classified_as("Disrupted weapons use", text, "2016-08-12", nlp, reference)
    assert [(e["actor1"], e["actor2"]) for e in disrupted] == [(actor1, actor2)]


def test_an_air_strike_on_a_crowd_is_flown_by_the_state(nlp, reference):
    text = "Government helicopters dropped barrel bombs on demonstrators in Daraa on Friday."
    strikes = classified_as("Air/drone strike", text, "2016-08-12", nlp, reference)
    assert [(e["actor1"], e["actor2"]) for e in strikes] == [("Syrian Government", "Protesters")]


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        (  # the story is the SDF's war with ISIS: ISIS is named more than Syria's government
            "The Islamic State has held Tabqa for years, and the Syrian government wants it "
            "back. On Tuesday, SDF fighters took the grain silos and the hospital, the "
            "militants' last positions in Tabqa. ISIS fighters fled east, and the SDF said "
            "ISIS had lost 40 men.",
            "Islamic State",
        ),
        (  # a rebel capture in a story about the army's losses: the state lost it
            "Rebels of the Free Syrian Army captured the town of Khan Sheikhoun on Monday. The "
            "Syrian army has lost several towns in Idlib this year. The Islamic State was not "
            "involved.",
            "Syrian Government",
        ),
    ],
)
def test_an_armed_group_fights_the_rival_its_story_is_about(text, actor2, nlp, reference):
    captures = classified_as(
        "Non-state actor overtakes territory", text, "2016-08-12", nlp, reference
    )
    assert [e["actor2"] for e in captures] == [actor2]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Martial law was declared in Mandalay on Sunday night.", "Government of Myanmar"),
        ("A curfew was imposed on Kisumu on Monday until further notice.", "Government of Kenya"),
    ],
)
def test_a_measure_no_one_is_named_for_is_the_governments(text, actor1, nlp, reference):
    changes = classified_as("Change to group/activity", text, "2021-03-10", nlp, reference)
    assert [e["actor1"] for e in changes] == [actor1]


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        ("Houthi drones struck Saudi positions near Jizan on Monday.", "Saudi Arabia"),
        (
            "Islamist fighters ambushed a Malian convoy near Gao on Monday.",
            "Military Forces of Mali",
        ),
    ],
)
def test_a_target_a_demonym_describes_is_that_states_forces(text, actor2, nlp, reference):
    (event,) = classified(text, "2016-08-12", nlp, reference)
    assert event["actor2"] == actor2


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        # only the target is named: the militants are not the group they attacked
        ("Militants attacked SDF positions near Hajin on Monday.", "Unidentified Armed Group"),
        (
            "The Syrian Democratic Forces have fought the Islamic State since 2015. "
            "Militants attacked SDF positions near Hajin on Monday.",
            "Islamic State",
        ),
    ],
)
def test_unnamed_militants_are_never_the_group_they_attack(text, actor1, nlp, reference):
    events = [e for e in classified(text, "2016-08-12", nlp, reference) if "Hajin" in e["evidence"]]
    assert [(e["actor1"], e["actor2"]) for e in events] == [(actor1, "Syrian Democratic Forces")]


@pytest.mark.parametrize(
    "text",
    [
        "Police foiled a suicide attack on a church in Kano on Sunday.",
        "A car bomb was defused by soldiers near the market in Mogadishu on Friday.",
    ],
)
def test_a_weapon_stopped_before_it_struck_is_disrupted_weapons_use(text, nlp, reference):
    types = [e["sub_event_type"] for e in classified(text, "2016-08-12", nlp, reference)]
    assert types == ["Disrupted weapons use"]


def test_a_stopped_weapon_with_no_owner_named_is_the_storys_armed_groups(nlp, reference):
    text = (
        "The Maoists have long held the forests of Bijapur in India. "
        "Bomb disposal officers defused a pressure cooker bomb near Gangaloor on Sunday."
    )
    disrupted = classified_as("Disrupted weapons use", text, "2016-08-12", nlp, reference)
    assert [(e["actor1"], e["actor2"]) for e in disrupted] == [
        ("Military Forces of India", "CPI (Maoist): Communist Party of India (Maoist)")
    ]


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        ("Police arrested nine activists in Mahabad in Iran on Thursday.", "Civilians"),
        ("Police arrested three Islamic State suspects in Kirkuk on Monday.", "Islamic State"),
    ],
)
def test_people_arrested_from_no_named_group_are_civilians(text, actor2, nlp, reference):
    arrests = classified_as("Arrests", text, "2016-08-12", nlp, reference)
    assert [e["actor2"] for e in arrests] == [actor2]


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        ("Unknown men looted and burned a row of shops in Bunia on Friday.", "Civilians"),
    ],
)
def test_property_of_no_named_owner_destroyed_is_civilians(text, actor2, nlp, reference):
    looted = classified_as("Looting/property destruction", text, "2016-08-12", nlp, reference)
    assert [e["actor2"] for e in looted] == [actor2]


def test_an_unclaimed_bomb_is_not_laid_by_the_group_it_killed(nlp, reference):
    text = (
        "The SDF and the Islamic State have fought over the Euphrates valley for years. "
        "Last week, a roadside bomb killed three SDF fighters near Hajin."
    )
    bombs = classified_as("Remote explosive/landmine/IED", text, "2016-08-12", nlp, reference)
    assert [(e["actor1"], e["actor2"]) for e in bombs] == [
        ("Islamic State", "Syrian Democratic Forces")
    ]


def test_a_groups_name_that_is_also_a_town_abroad_is_not_a_country_of_the_story(nlp, reference):
    # Fano is an Italian town; the Fano are an Amhara militia
    text = "Fighting between Fano militiamen and federal troops broke out near Gondar in Ethiopia."
    events = classified(text, "2023-08-12", nlp, reference)
    assert [(e["country"], e["actor2"]) for e in events] == [
        ("Ethiopia", "Military Forces of Ethiopia")
    ]


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        (
            "The army and al-Shabaab clashed in Bulo Burde in Somalia on Monday.",
            ("Military Forces of Somalia", "Al-Shabaab"),
        ),
        (
            "Iraqi troops and Islamic State fighters fought near Tikrit on Monday.",
            ("Iraqi Government", "Islamic State"),
        ),
    ],
)
def test_subjects_joined_before_a_reciprocal_verb_are_the_two_sides(text, sides, nlp, reference):
    clashes = classified_as("Armed clash", text, "2016-08-12", nlp, reference)
    assert [(e["actor1"], e["actor2"]) for e in clashes] == [sides]


def test_a_happening_dated_only_to_a_year_is_background_not_an_event(nlp, reference):
    """ACLED codes no event it cannot date at least to a month."""
    text = (
        "Gunmen abducted eleven farmers near Baga on 4 March 2019, the police said.\n\n"
        "Monitors say some 2,300 people were abducted across the state in 2018.\n"
    )
    found = classified(text, "2019-03-06", nlp, reference)
    assert [(e["sub_event_type"], e["event_date"]) for e in found] == [
        ("Abduction/forced disappearance", dt.date(2019, 3, 4))
    ]


def test_an_arrest_a_burning_and_a_deployment_are_three_happenings_not_restatements(nlp, reference):
    """Strategic developments gathers unlike happenings: undated follow-ups of another
    sub-event type at the same place are not the first one told again."""
    text = (
        "Soldiers arrested a senior cartel figure at a house in Culiacan on Thursday, officials "
        "said.\n\n"
        "Gunmen then set fire to buses and lorries and left them blocking the main roads into "
        "the city.\n\n"
        "The army flew 200 more troops into the city overnight.\n"
    )
    found = classified(text, "2019-10-18", nlp, reference)
    kinds = [e["sub_event_type"] for e in found]
    assert len(kinds) == 3
    assert {"Arrests", "Looting/property destruction"} <= set(kinds)

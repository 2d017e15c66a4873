"""Each extraction stage on sentences of its own, with detection held fixed.

A `FixedDetector` says which sub-event type each sentence reports, so what the later
stages (roles, places, dates, casualties, coding, merge) decide is tested without the
classifier's judgement. Sentences are written for these tests, not taken from any article
or gold set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pytest

from transforms.extraction.articles import merge_candidates, read_candidates
from transforms.extraction.detect import ClassifierDetector, Detection, load_detector
from transforms.models import Article

PUBLISHED = dt.date(2017, 6, 14)  # a Wednesday


class FixedDetector:
    """A detector that reports the type it is told for sentences containing a cue."""

    name = "classifier"

    def __init__(self, cues: dict[str, str]) -> None:
        shipped: ClassifierDetector = load_detector()
        self.labels = shipped.labels
        self.cues = cues
        self._shipped = shipped

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(sentences), len(self.labels)), dtype=np.float32)
        for i, sentence in enumerate(sentences):
            for cue, label in self.cues.items():
                if cue in sentence:
                    out[i, self.labels.index(label)] = 0.99
        return out

    def detect(self, sentences: Sequence[str]) -> list[tuple[Detection, ...]]:
        return self.detections(self.probabilities(sentences))

    def detections(self, probabilities: np.ndarray) -> list[tuple[Detection, ...]]:
        return self._shipped.detections(probabilities)


def candidates(text: str, cues: dict[str, str], nlp, reference, merged: bool = True):
    article = Article(doc_id="t", file_name="t.txt", clean_text=text, published_date=PUBLISHED)
    found = read_candidates(article, nlp(text), reference, FixedDetector(cues))
    return merge_candidates(found) if merged else found


def test_roles_name_who_acted_and_on_whom(nlp, reference):
    (c,) = candidates(
        "Iraqi troops clashed with Islamic State fighters in Tal Afar on Monday.",
        {"clashed": "Armed clash"},
        nlp,
        reference,
    )
    assert (c.actor1.name, c.actor2.name) == ("Iraqi Government", "Islamic State")


def test_the_place_slot_takes_the_sentences_town(nlp, reference):
    (c,) = candidates(
        "A roadside bomb struck an army patrol near Baiji on Monday.",
        {"roadside bomb": "Remote explosive/landmine/IED"},
        nlp,
        reference,
    )
    assert c.place.place.name == "Baiji" and c.place.place.country == "Iraq"


def test_the_date_slot_resolves_a_weekday_against_the_publication_date(nlp, reference):
    (c,) = candidates(
        "A roadside bomb struck an army patrol near Baiji on Monday.",
        {"roadside bomb": "Remote explosive/landmine/IED"},
        nlp,
        reference,
    )
    assert (c.date, c.precision) == (dt.date(2017, 6, 12), 1)


def test_the_casualty_slots_count_the_dead_and_the_wounded(nlp, reference):
    (c,) = candidates(
        "A roadside bomb struck an army patrol near Baiji on Monday, killing three "
        "soldiers and wounding five.",
        {"roadside bomb": "Remote explosive/landmine/IED"},
        nlp,
        reference,
    )
    assert (c.fatalities, c.injuries) == (3, 5)


def test_coding_retypes_territory_by_who_took_it_and_says_why(nlp, reference):
    (c,) = candidates(
        "Iraqi troops took control of the town of Hit on Monday.",
        {"took control": "Non-state actor overtakes territory"},
        nlp,
        reference,
    )
    assert c.detected_as == "Non-state actor overtakes territory"
    assert c.sub_event_type == "Government regains territory"
    assert c.coded_by == "coding.csv: actor1_state_here"


@pytest.mark.parametrize(
    ("sentence", "coded"),
    [
        ("Soldiers set fire to homes in Kadugli on Monday.", "Looting/property destruction"),
        ("Soldiers set fire to homes in Kadugli on Monday, killing four.", "Attack"),
        ("Rioters set fire to homes in Kadugli on Monday.", "Mob violence"),
    ],
)
def test_mob_violence_by_an_armed_force_is_coded_by_the_harm_done(sentence, coded, nlp, reference):
    """ACLED's mob violence is by an unorganised crowd; an army or armed group that burns
    homes destroys property, and one that kills attacks."""
    (c,) = candidates(sentence, {"set fire": "Mob violence"}, nlp, reference)
    assert c.sub_event_type == coded


def test_an_event_no_rule_touches_keeps_its_detected_type(nlp, reference):
    (c,) = candidates(
        "Iraqi troops clashed with Islamic State fighters in Tal Afar on Monday.",
        {"clashed": "Armed clash"},
        nlp,
        reference,
    )
    assert (c.sub_event_type, c.coded_by) == ("Armed clash", "")


@pytest.mark.parametrize("merged", [False, True])
def test_merge_makes_a_restatement_one_event(nlp, reference, merged):
    text = (
        "Iraqi troops clashed with Islamic State fighters in Tal Afar on Monday. "
        "The clashes in Tal Afar on Monday lasted for hours, officials said."
    )
    found = candidates(
        text, {"clashed": "Armed clash", "clashes": "Armed clash"}, nlp, reference, merged
    )
    assert len(found) == (1 if merged else 2)


@pytest.mark.parametrize(
    ("second", "events"),
    [
        ("Houses and food stores were set on fire.", 1),  # a detail of the raid
        ("The same night, gunmen set fire to houses in the village.", 2),  # its own time
    ],
)
def test_burning_told_as_a_detail_of_an_attack_is_that_attack(second, events, nlp, reference):
    text = "Gunmen attacked the village of Kajuru on Monday, killing 12 villagers. " + second
    cues = {"attacked": "Attack", "set on fire": "Looting/property destruction"}
    cues["set fire"] = "Looting/property destruction"
    found = candidates(text, cues, nlp, reference)
    assert len(found) == events
    assert found[0].sub_event_type == "Attack"


def test_fire_from_the_air_and_from_the_ground_are_two_events(nlp, reference):
    text = (
        "Islamic State fighters attacked army posts near Arsal in Lebanon on Monday. Army "
        "artillery shelled their positions in the hills all day. Army helicopters struck a "
        "convoy of their trucks."
    )
    cues = {
        "attacked": "Armed clash",
        "shelled": "Shelling/artillery/missile attack",
        "struck": "Air/drone strike",
    }
    found = candidates(text, cues, nlp, reference)
    fire = [c for c in found if c.event_type == "Explosions/Remote violence"]
    assert [(c.sub_event_type, c.actor1.name) for c in fire] == [
        ("Shelling/artillery/missile attack", "Lebanon"),
        ("Air/drone strike", "Lebanon"),
    ]


@pytest.mark.parametrize(
    ("second", "cue", "events"),
    [
        ("The raiders escaped into the forest.", ("escaped", "Armed clash"), 1),
        ("Survivors were taken to the clinic.", ("taken", "Abduction/forced disappearance"), 1),
        # an actor and a time of its own: a happening of its own
        ("That night soldiers clashed with the raiders.", ("clashed", "Armed clash"), 2),
        # a weapon going off is its own happening
        (
            "A second device blew up beside the crowd.",
            ("blew up", "Remote explosive/landmine/IED"),
            2,
        ),
    ],
)
def test_a_sentence_naming_nothing_of_its_own_after_an_event_tells_more_of_it(
    second, cue, events, nlp, reference
):
    text = "Armed men raided the village of Dogon Dawa on Friday, killing seven farmers. " + second
    cues = {"raided": "Attack", cue[0]: cue[1]}
    found = candidates(text, cues, nlp, reference, merged=False)
    assert len(found) == events
    assert found[0].sub_event_type == "Attack"
    assert found[0].fatalities == 7


@pytest.mark.parametrize(
    ("second", "events"),
    [
        ("The fighters entered the town after brief clashes with soldiers.", 1),  # the taking
        ("On Friday, the rebels handed Kadugli over to the army under a truce.", 2),  # its own
    ],
)
def test_forces_entering_a_town_they_took_are_the_taking_told_again(second, events, nlp, reference):
    text = "Rebels seized the town of Kadugli on Tuesday. " + second
    cues = {"seized": "Non-state actor overtakes territory"}
    cues |= {
        "entered": "Non-violent transfer of territory",
        "handed": "Non-violent transfer of territory",
    }
    found = candidates(text, cues, nlp, reference)
    assert len(found) == events
    assert found[0].sub_event_type == "Non-state actor overtakes territory"


@pytest.mark.parametrize(
    "sentence",
    [
        "Police fired tear gas at crowds in Ankara and Izmir on Tuesday.",
        "Police fired tear gas at crowds in Ankara and in Izmir on Tuesday.",
    ],
)
def test_places_listed_together_give_one_event_each(sentence, nlp, reference):
    found = candidates(sentence, {"tear gas": "Protest with intervention"}, nlp, reference)
    assert sorted(c.place.place.name for c in found) == ["Ankara", "Izmir"]


def test_a_place_after_a_comma_that_names_its_country_is_not_a_second_event(nlp, reference):
    found = candidates(
        "Police fired tear gas at crowds in Izmir, in Turkey, on Tuesday.",
        {"tear gas": "Protest with intervention"},
        nlp,
        reference,
    )
    assert [c.place.place.name for c in found] == ["Izmir"]


def test_a_month_of_that_year_and_months_later_count_from_the_story_s_date(nlp, reference):
    found = candidates(
        "Rebels seized the town of Kidal in January 2015. The army retook Kidal four months "
        "later. In September that year, gunmen shot six traders near Gao.",
        {
            "seized": "Non-state actor overtakes territory",
            "retook": "Government regains territory",
            "shot": "Attack",
        },
        nlp,
        reference,
    )
    dates = {c.sub_event_type: (c.date, c.precision) for c in found}
    assert dates["Government regains territory"] == (dt.date(2015, 5, 1), 3)
    assert dates["Attack"] == (dt.date(2015, 9, 1), 3)


def test_the_place_of_the_news_source_is_not_the_event_s_place(nlp, reference):
    found = candidates(
        "Government fighters entered Sirte on Tuesday. Islamic State hit back with three car "
        "bombs on Wednesday, killing four fighters, hospital officials in Misrata said.",
        {"car bombs": "Suicide bomb"},
        nlp,
        reference,
    )
    assert [c.place.place.name for c in found] == ["Sirte"]


def test_a_province_is_placed_in_its_country(nlp, reference):
    (c,) = candidates(
        "Gunmen killed six villagers in Zamfara state on Sunday.",
        {"killed": "Attack"},
        nlp,
        reference,
    )
    assert (c.place.place.name, c.place.place.country, c.place.precision) == (
        "Zamfara",
        "Nigeria",
        3,
    )


def test_the_reported_happening_s_subject_is_its_actor_not_the_source_of_the_news(nlp, reference):
    (c,) = candidates(
        "Soldiers beat and raped two women at a roadblock near Bunia on Friday, a rights "
        "group said.",
        {"raped": "Sexual violence"},
        nlp,
        reference,
    )
    assert c.actor1.name == "Military Forces of Democratic Republic of Congo"
    assert c.actor2.name == "Civilians"


@pytest.mark.parametrize(
    "sentence",
    [
        "Twelve farmers were shot dead near Gusau on Tuesday, police said.",
        "Three traders were abducted on the road out of Gusau on Tuesday.",
    ],
)
def test_an_unnamed_attacker_of_civilians_is_an_unidentified_armed_group_not_the_state(
    sentence, nlp, reference
):
    (c,) = candidates(
        sentence,
        {"shot dead": "Attack", "abducted": "Abduction/forced disappearance"},
        nlp,
        reference,
    )
    assert c.actor1.name == "Unidentified Armed Group"


def test_the_attackers_of_a_follow_up_sentence_are_the_story_s_and_stay_one_event(nlp, reference):
    text = (
        "Gusau, Nigeria - Gunmen from a rival community killed nine people in a dawn raid on "
        "a village in Zamfara state on Tuesday, police said. The raiders, some of them on "
        "horseback, fired on families that morning as they ran towards the river, a witness "
        "said."
    )
    cues = {"dawn raid": "Attack", "fired on families": "Attack"}
    unmerged = candidates(text, cues, nlp, reference, merged=False)
    assert [c.actor1.name for c in unmerged] == ["Unidentified Armed Group"] * 2
    assert [c.place.place.name for c in unmerged] == ["Zamfara", "Zamfara"]
    (merged,) = candidates(text, cues, nlp, reference)
    assert merged.fatalities == 9


@pytest.mark.parametrize(
    ("text", "cue", "place"),
    [
        (
            "Bogota - Rebel dissidents fought an army unit in Cauca department on Friday.",
            "fought",
            "Cauca",
        ),
        (
            "Kinshasa (AFP) - Militiamen hacked eleven villagers to death near Beni on Monday.",
            "hacked",
            "Beni",
        ),
        (
            "MAIDUGURI, Nigeria, June 12 (Reuters) - Gunmen burned a market on Monday.",
            "burned",
            "Maiduguri",
        ),
    ],
)
def test_a_dateline_is_the_story_s_place_only_until_a_sentence_names_one(
    text, cue, place, nlp, reference
):
    found = candidates(text, {cue: "Attack"}, nlp, reference)
    assert [c.place.place.name for c in found] == [place]


def test_a_dateline_read_as_a_subject_does_not_hide_the_actor(nlp, reference):
    (c,) = candidates(
        "Kabul - The Taliban attacked a police checkpoint in Kunduz province overnight.",
        {"attacked": "Armed clash"},
        nlp,
        reference,
    )
    assert c.actor1.name == "Taliban"


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        (
            "Al-Shabaab fighters overran an army post near Baidoa on Sunday.",
            "Military Forces of Somalia",
        ),
        (
            "The Taliban attacked a police checkpoint near Kunduz on Sunday.",
            "Police Forces of Afghanistan",
        ),
    ],
)
def test_the_forces_holding_an_attacked_post_are_the_other_side(sentence, target, nlp, reference):
    (c,) = candidates(sentence, {"near": "Armed clash"}, nlp, reference)
    assert c.actor2.name == target


@pytest.mark.parametrize(
    ("sentence", "cue", "label"),
    [
        (
            "A car bomb went off beside a bus station in Ghazni on Thursday.",
            "car bomb",
            "Remote explosive/landmine/IED",
        ),
        ("Militants stormed an army checkpoint near Afgooye on Tuesday.", "stormed", "Armed clash"),
    ],
)
def test_an_unnamed_armed_side_is_an_unidentified_armed_group(sentence, cue, label, nlp, reference):
    (c,) = candidates(sentence, {cue: label}, nlp, reference)
    assert c.actor1.name == "Unidentified Armed Group"


def test_a_pronoun_in_a_dependent_clause_is_its_governing_clause_s_subject(nlp, reference):
    """'they' who overran the city are the militants of the same sentence, not the Iraqi
    forces of the sentence before (who would make the capture a government's regain)."""
    text = (
        "Iraqi forces said on Monday they had fully recaptured Fallujah from Islamic State. "
        "The militants had held Fallujah since January 2014, when they overran the city "
        "alongside other Sunni insurgents."
    )
    cues = {"recaptured": "Government regains territory", "overran": NSAOT}
    first, second = candidates(text, cues, nlp, reference, merged=False)
    assert (first.actor1.name, first.sub_event_type) == ("Iraqi Government", GRT)
    assert (second.actor1.name, second.sub_event_type) == ("Islamic State", NSAOT)


NSAOT, GRT = "Non-state actor overtakes territory", "Government regains territory"


class LeaningDetector(FixedDetector):
    """The shipped detector's habit on a two-happening sentence: sure of the whole and of
    the sub-clause, only leaning (0.6) to the type in the main clause read alone."""

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        out = super().probabilities(sentences)
        for i, sentence in enumerate(sentences):
            if "fell" in sentence and "captured" not in sentence:
                out[i, self.labels.index(NSAOT)] = 0.6
        return out


def test_a_sentence_s_type_is_read_in_its_main_clause_when_a_sub_clause_tells_another_time(
    nlp, reference
):
    """'Kidal, captured by rebels in May 2013, fell to government troops on 3 March 2014'
    tells two happenings: the fall is the main clause's, dated and sided there."""
    text = (
        "The town of Kidal, captured by rebels in May 2013, fell to government troops "
        "on 3 March 2014."
    )
    article = Article(doc_id="t", file_name="t.txt", clean_text=text, published_date=PUBLISHED)
    detector = LeaningDetector({"captured": NSAOT, "fell": NSAOT})
    found = read_candidates(article, nlp(text), reference, detector)
    dates = {c.match.head.text: c.date for c in found}
    assert dates == {"captured": dt.date(2013, 5, 1), "fell": dt.date(2014, 3, 3)}
    (fall,) = [c for c in found if c.match.head.text == "fell"]
    assert (fall.sub_event_type, fall.actor1.name) == (GRT, "Military Forces of Mali")


def test_a_clause_dated_weeks_later_is_read_as_its_own_happening(nlp):
    from transforms.extraction.clauses import detect_in_clauses

    text = (
        "In June 2014 the group overran Mosul, and a few weeks later its leader climbed "
        "into the pulpit of the city's great mosque to proclaim a caliphate."
    )
    detector = FixedDetector({"overran": NSAOT, "climbed": "Change to group/activity"})
    (found,) = detect_in_clauses(detector, list(nlp(text).sents))
    anchors = {a.detection.sub_event_type: a.anchor.text for a in found}
    assert anchors == {NSAOT: "overran", "Change to group/activity": "climbed"}


def test_a_noun_s_happening_takes_the_date_of_the_verb_it_is_said_with(nlp, reference):
    text = (
        "Government troops retook Kidal on Saturday, and the capture of Gao on Sunday "
        "opened the road to the border."
    )
    found = candidates(text, {"retook": GRT, "capture": NSAOT}, nlp, reference, merged=False)
    dates = {c.match.head.text: c.date for c in found}
    assert dates == {"retook": dt.date(2017, 6, 10), "capture": dt.date(2017, 6, 11)}


@pytest.mark.parametrize(
    ("second", "cue"),
    [
        ("Gunmen opened fire on a checkpoint on the Kirkuk road on Friday.", "opened fire"),
        (
            "On Friday, after mediation by the governor of Kirkuk, the two sides agreed to a truce.",
            "agreed",
        ),
        ("A curfew imposed by the Kirkuk governor on Friday remains in force.", "curfew"),
    ],
)
def test_a_road_s_or_an_office_s_town_is_not_where_it_happened(second, cue, nlp, reference):
    """'the Kirkuk road' leads to Kirkuk and 'the governor of Kirkuk' governs it; in a story
    set in Tuz Khurmatu neither puts the happening in Kirkuk."""
    text = "Fighting broke out in Tuz Khurmatu on Thursday. " + second
    label = {"opened fire": "Armed clash", "agreed": "Agreement"}.get(
        cue, "Change to group/activity"
    )
    found = candidates(text, {"broke out": "Armed clash", cue: label}, nlp, reference, False)
    assert {c.place.place.name for c in found} == {"Tuz Khurmatu"}


def test_a_town_set_before_the_main_verb_places_the_sentence_s_events(nlp, reference):
    text = (
        "In Jos, youths burned cars and a church after a rally about the killings in Bauchi "
        "ended in a brawl."
    )
    (c,) = candidates(text, {"burned": "Violent demonstration"}, nlp, reference)
    assert c.place.place.name == "Jos"


def test_a_river_crossed_is_not_where_it_happened(nlp, reference):
    """A river runs hundreds of kilometres: in a story set in Hajin, troops who crossed the
    Euphrates and clashed with militants clashed at Hajin, not at the river's midpoint."""
    text = (
        "Fighting broke out in Hajin on Thursday. "
        "On Friday, Kurdish-led fighters crossed the Euphrates and clashed with militants."
    )
    found = candidates(
        text, {"broke out": "Armed clash", "clashed": "Armed clash"}, nlp, reference, False
    )
    assert {c.place.place.name for c in found} == {"Hajin"}


def test_the_next_sentence_goes_on_at_the_main_clause_s_time_not_a_relative_clause_s(
    nlp, reference
):
    """The story's time is the main clause's (Monday); 'the strikes that started in March'
    is background, so the undated deaths of the next sentence happened on Monday."""
    text = (
        "Arequipa lived on Monday the worst day of the strikes that started in March. "
        "Nine people died in the clashes near the bridge."
    )
    found = candidates(text, {"Nine people died": "Violent demonstration"}, nlp, reference, False)
    assert [(c.date, c.date_source) for c in found] == [(dt.date(2017, 6, 12), "narrative")]


def test_a_happening_placed_only_at_a_country_is_a_summary_of_the_towns_ones(nlp, reference):
    """'12 strikes across Iraq on Tuesday' sums up the strikes the article then places by
    town; it is not a thirteenth strike at the middle of Iraq."""
    text = (
        "Coalition aircraft carried out 12 strikes across Iraq on Tuesday. "
        "One strike near Baiji destroyed an ISIL fighting position on Tuesday."
    )
    cues = {"carried out 12 strikes": "Air/drone strike", "One strike": "Air/drone strike"}
    assert len(candidates(text, cues, nlp, reference, False)) == 2
    (c,) = candidates(text, cues, nlp, reference)
    assert c.place.place.name == "Baiji"


@pytest.mark.parametrize(
    ("between", "toll"),
    [
        ("", 12),
        ("Smoke hung over the square for hours. ", 12),  # one plain sentence between
        ("On Tuesday the square stayed closed. ", None),  # a new day: a new scene
        ("Smoke hung over the square. Shops stayed shut. ", None),  # too far
    ],
)
def test_a_toll_told_after_the_event_is_its_toll(between, toll, nlp, reference):
    text = (
        "A car bomb exploded in the market square of Baiji on Monday. "
        + between
        + "At least 12 people were killed, police said."
    )
    (c,) = candidates(text, {"car bomb": "Remote explosive/landmine/IED"}, nlp, reference)
    assert c.fatalities == toll


@pytest.mark.parametrize(
    "sentence",
    [
        "Hundreds of Kurds gathered outside the UN office in Erbil on Tuesday to protest "
        "the entry of Iraqi troops into Kirkuk.",
        "Thousands marched in Basra on Tuesday to protest the arrest of a reporter in Baghdad.",
    ],
)
def test_a_protest_is_where_the_crowd_gathered_not_what_it_protests(sentence, nlp, reference):
    (c,) = candidates(sentence, {"protest": "Peaceful protest"}, nlp, reference)
    assert c.place.place.name in ("Erbil", "Basra")


def test_the_same_weekday_is_the_day_just_told_not_the_last_one_before_publication(nlp, reference):
    """Published on Wednesday 14 June: 'the same Thursday' is 1 June, not 8 June."""
    text = (
        "On Thursday, 1 June, jets struck insurgent positions near the airfield in Palma.\n\n"
        "On the same Thursday, gunmen abducted three workers from their lodgings in Palma."
    )
    cands = candidates(
        text,
        {"jets struck": "Air/drone strike", "abducted": "Abduction/forced disappearance"},
        nlp,
        reference,
        merged=False,
    )
    abduction = next(c for c in cands if c.sub_event_type.startswith("Abduction"))
    assert abduction.date == dt.date(2017, 6, 1)


@pytest.mark.parametrize(
    ("sentence", "events"),
    [
        ("The government denied that police had fired on protesters in Lagos.", 0),
        ("Officials in Kano rejected claims that soldiers fired on protesters there.", 0),
        ("Police fired on protesters in Lagos on Monday but denied that they used live rounds.", 1),
        ("The army said troops fired on protesters in Lagos on Monday.", 1),
    ],
)
def test_a_happening_the_sentence_denies_is_not_reported(sentence, events, nlp, reference):
    found = candidates(sentence, {"fired on": "Excessive force against protesters"}, nlp, reference)
    assert len(found) == events


GRT = "Government regains territory"


@pytest.mark.parametrize(
    ("sentence", "cues", "events"),
    [
        ("The army said it would retake Sirte within days.", {"retake": GRT}, 0),
        ("Officials vowed to recapture Sirte by the end of May.", {"recapture": GRT}, 0),
        ("Police are expected to arrest the suspects in Kano.", {"arrest": "Arrests"}, 0),
        (  # the retaking happened; the vow is beside it
            "Troops retook Sirte on Sunday, a week after the general vowed to recapture it.",
            {"retook": GRT},
            1,
        ),
        (  # a modal with a perfect tells a past happening, uncertainly
            "Militants may have killed 20 villagers near Beni on Monday.",
            {"killed": "Attack"},
            1,
        ),
        (  # a modal above the event's verb leaves it told
            "It should be noted that troops retook Sirte on Sunday.",
            {"retook": GRT},
            1,
        ),
    ],
)
def test_a_happening_told_as_a_plan_or_a_forecast_is_not_reported(
    sentence, cues, events, nlp, reference
):
    assert len(candidates(sentence, cues, nlp, reference)) == events


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (  # 'that attack': the one just named, dated by a possessive month
            "Police say the cell also financed January's attack in Kano. Police arrested three "
            "men in Kano on Saturday. In that attack, gunmen killed four worshippers.",
            dt.date(2017, 1, 1),
        ),
        (  # 'the attacks': named with their date in the sentence before last
            "The man who planned the Kano attacks of 13 May was arrested in Abuja on Friday. "
            "Police fired tear gas at his supporters. The attacks on two churches in Kano "
            "killed 30 people.",
            dt.date(2017, 5, 13),
        ),
        (  # 'the attack': the story's own, not the one it is compared with
            "Gunmen attacked a church in Kano on Sunday, killing 12. It was the deadliest since "
            "January's attack on a mosque. The attack was condemned by the governor, and the "
            "gunmen killed two guards as they fled.",
            dt.date(2017, 6, 11),
        ),
    ],
)
def test_a_happening_referred_back_to_takes_the_date_the_text_gave_it(text, day, nlp, reference):
    cues = {"killed four": "Attack", "killed 30": "Attack", "killed two guards": "Attack"}
    cues["attacked a church"] = "Attack"
    found = candidates(text, cues, nlp, reference, merged=False)
    assert found[-1].date == day

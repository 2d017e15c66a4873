"""The actor dictionary: each pattern family, its guards, backers and generic actors.

Sentences here are written for the pattern they exercise, not copied from the seed
articles: the resolver must work on text nobody has seen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from transforms.actors import Actor, ActorDictionary, alternation, phrase_key
from transforms.reference import Reference, read_reference_csv

REFERENCE = Path(__file__).resolve().parents[2] / "seeds" / "reference"
CONTRACT_ACTORS = Path(__file__).resolve().parents[1] / "fixtures" / "contract" / "actors.csv"


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.from_frames(
        read_reference_csv(REFERENCE / "actors.csv"),
        read_reference_csv(REFERENCE / "countries.csv"),
        read_reference_csv(REFERENCE / "actor_patterns.csv"),
    )


def found(actors: ActorDictionary, text: str, context: str | None = None) -> list[tuple[str, str]]:
    """(mention text, actor name) pairs, in text order."""
    return [(m.text, m.actor.name) for m in actors.find_actors(text, context)]


def names(actors: ActorDictionary, text: str, context: str | None = None) -> list[str]:
    return [m.actor.name for m in actors.find_actors(text, context)]


# --------------------------------------------------------------------------- the reference data


def test_contract_rows_are_kept_with_their_codes_and_aliases() -> None:
    contract = read_reference_csv(CONTRACT_ACTORS)
    ours = read_reference_csv(REFERENCE / "actors.csv").set_index("actor")
    for row in contract.itertuples(index=False):
        assert row.inter_code == ours.loc[row.actor, "inter_code"]
        our_aliases = ours.loc[row.actor, "aliases"].split(";")
        assert set(row.aliases.split(";")) <= set(our_aliases), row.actor


def test_actor_sides_name_known_actors_and_make_symmetric_alliances() -> None:
    """actor_sides.csv groups actors that fight on one side; every name is in actors.csv."""
    reference = Reference.load(REFERENCE)
    known = set(reference.frame("actors")["actor"])
    assert set(reference.frame("actor_sides")["actor"]) <= known
    allies = reference.allies
    assert "Russia" in allies["Syrian Government"] and "Syrian Government" in allies["Russia"]
    assert "United States" in allies["Syrian Democratic Forces"]
    assert "Islamic State" not in allies and "Syrian Government" not in allies["United States"]
    for actor, friends in allies.items():
        assert actor not in friends
        assert all(actor in allies[friend] for friend in friends)


def test_actor_table_has_country_and_state_columns() -> None:
    table = read_reference_csv(REFERENCE / "actors.csv")
    assert list(table.columns) == ["actor", "inter_code", "aliases", "country", "state"]
    assert set(table["state"]) == {"0", "1"}
    assert table["actor"].is_unique


def test_state_flags_follow_who_commands_the_forces(actors: ActorDictionary) -> None:
    assert actors.canonical("Kurdish Peshmerga").state  # the KRG's official forces
    assert actors.canonical("US-led Coalition").state
    assert actors.canonical("Turkey") == Actor("Turkey", 8, True, "Turkey")
    assert not actors.canonical("Syrian Rebels").state
    assert actors.canonical("Islamic State").country is None  # transnational


def test_an_alias_claimed_by_two_actors_is_a_data_error() -> None:
    table = pd.DataFrame(
        [
            {"actor": "A", "inter_code": "2", "aliases": "the Lions", "country": "", "state": "0"},
            {"actor": "B", "inter_code": "2", "aliases": "Lions", "country": "", "state": "0"},
        ]
    )
    countries = read_reference_csv(REFERENCE / "countries.csv")
    with pytest.raises(ValueError, match="Lions"):
        ActorDictionary.from_frames(table, countries, pd.DataFrame(columns=["category", "phrase"]))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"category": "leader", "phrase": "Gaddafi", "actor": "Libyan Army"}, "unknown actor"),
        ({"category": "force_nouns", "phrase": "troops"}, "unknown category"),
    ],
)
def test_a_pattern_row_that_names_nothing_is_a_data_error(
    row: dict[str, str], message: str
) -> None:
    actors_table = pd.DataFrame(
        [
            {
                "actor": "Islamic State",
                "inter_code": "2",
                "aliases": "ISIS",
                "country": "",
                "state": "0",
            }
        ]
    )
    countries = pd.DataFrame(columns=["country", "iso2", "iso3", "aliases", "demonyms"])
    patterns = pd.DataFrame([row]).reindex(columns=["category", "phrase", "actor"]).fillna("")
    with pytest.raises(ValueError, match=message):
        ActorDictionary.from_frames(actors_table, countries, patterns)


def test_reference_builds_the_dictionary(actors: ActorDictionary) -> None:
    built = Reference.load(REFERENCE).actors
    assert names(built, "ISIS militants attacked") == ["Islamic State"]


# --------------------------------------------------------------------------- names and aliases


def test_aliases_match_whatever_their_case(actors: ActorDictionary) -> None:
    assert names(actors, "DAESH and daesh and Daesh") == ["Islamic State"] * 3


def test_a_groups_short_name_before_its_members_is_the_group(actors: ActorDictionary) -> None:
    text = "two Popular Mobilisation fighters and a Popular Mobilization commander"
    assert names(actors, text) == ["Popular Mobilization Forces"] * 2


def test_curly_and_straight_apostrophes_are_the_same(actors: ActorDictionary) -> None:
    assert names(actors, "the People’s Protection Units") == ["YPG"]
    assert names(actors, "the People's Protection Units") == ["YPG"]


def test_dotted_and_undotted_us_are_the_same(actors: ActorDictionary) -> None:
    assert names(actors, "U.S. Special Forces raided") == ["United States"]
    assert names(actors, "US Special Forces raided") == ["United States"]


def test_mentions_leave_out_a_leading_the(actors: ActorDictionary) -> None:
    assert found(actors, "the Free Syrian Army advanced") == [("Free Syrian Army", "Syrian Rebels")]


def test_the_longest_name_wins(actors: ActorDictionary) -> None:
    assert found(actors, "Kataib Hezbollah fired") == [
        ("Kataib Hezbollah", "Popular Mobilization Forces")
    ]
    assert found(actors, "the Islamic State of Iraq and the Levant") == [
        ("Islamic State of Iraq and the Levant", "Islamic State")
    ]


def test_spelling_variants_of_arabic_names(actors: ActorDictionary) -> None:
    assert names(actors, "Jabhat al Nusra and Jaysh al-Islam") == [
        "Al-Nusra Front",
        "Jaish al-Islam",
    ]


def test_a_foreign_state_named_as_subject_is_returned(actors: ActorDictionary) -> None:
    assert found(actors, "Russia is scrambling to bomb IS") == [
        ("Russia", "Russia"),
        ("IS", "Islamic State"),
    ]


def test_a_country_after_a_place_preposition_is_a_place(actors: ActorDictionary) -> None:
    assert names(actors, "refugees fled to Turkey") == ["Civilians"]
    assert names(actors, "he lives in the United States") == []


def test_a_name_continued_by_a_capitalised_word_is_another_name(actors: ActorDictionary) -> None:
    assert names(actors, "the Washington Post and the Jordan River") == []


def test_a_country_inside_a_hyphenated_word_is_no_actor(actors: ActorDictionary) -> None:
    text = "a Britain-based monitor said US-made weapons reached the Turkey-Syria border"
    assert names(actors, text, "Syria") == []


# --------------------------------------------------------------------------- IS and the verb "is"


def test_uppercase_is_is_the_group(actors: ActorDictionary) -> None:
    assert found(actors, "the town was retaken from IS on Friday") == [("IS", "Islamic State")]


def test_the_verb_is_is_not_the_group(actors: ActorDictionary) -> None:
    assert names(actors, "Is it over? It is. This is what it is.") == []


def test_isis_is_one_token(actors: ActorDictionary) -> None:
    assert found(actors, "ISIS retreated") == [("ISIS", "Islamic State")]


def test_islamic_alone_is_no_actor(actors: ActorDictionary) -> None:
    assert names(actors, "Islamic scholars and Islamic law") == []


# --------------------------------------------------------------------------- group + member noun


def test_member_nouns_after_the_group_name_belong_to_the_group(actors: ActorDictionary) -> None:
    text = "ISIS militants, IS fighters, Islamic State jihadists and Daesh extremists"
    assert found(actors, text) == [
        ("ISIS militants", "Islamic State"),
        ("IS fighters", "Islamic State"),
        ("Islamic State jihadists", "Islamic State"),
        ("Daesh extremists", "Islamic State"),
    ]


def test_bare_member_nouns_are_left_to_coreference(actors: ActorDictionary) -> None:
    text = "The militants withdrew; the jihadists, the extremists and the terrorist group fled."
    assert names(actors, text, "Iraq") == []


def test_a_nationality_with_a_member_noun_is_no_state(actors: ActorDictionary) -> None:
    assert names(actors, "French fighters and British jihadists joined") == []


# --------------------------------------------------------------------------- demonym + force noun


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("the Syrian army", "Syrian Government"),
        ("Syrian troops", "Syrian Government"),
        ("Iraqi special forces", "Iraqi Government"),
        ("Iraqi federal police", "Iraqi Government"),
        ("Iraq's army", "Iraqi Government"),
        ("Turkish artillery", "Turkey"),
        ("Russian warplanes", "Russia"),
        ("Russian air strikes", "Russia"),
        ("American aircraft", "United States"),
        ("US planes", "United States"),
        ("an Iraqi offensive", "Iraqi Government"),
        ("Indian troops", "Military Forces of India"),
        ("Nigerian police", "Police Forces of Nigeria"),
        ("Pakistani helicopter gunships", "Military Forces of Pakistan"),
    ],
)
def test_nationality_and_force_noun(actors: ActorDictionary, text: str, actor: str) -> None:
    assert names(actors, text) == [actor]


def test_generic_state_forces_are_state_actors(actors: ActorDictionary) -> None:
    (mention,) = actors.find_actors("Indian troops fired")
    assert mention.actor == Actor("Military Forces of India", 1, True, "India")


def test_a_title_is_a_person_not_the_forces(actors: ActorDictionary) -> None:
    assert names(actors, "Russian deputy foreign minister Sergei Ryabkov said") == []
    assert names(actors, "a Russian military spokesman said") == []
    assert names(actors, "US officials said") == []


def test_a_force_word_before_a_thing_names_no_actor(actors: ActorDictionary) -> None:
    assert names(actors, "near the military airport and a police station", "Syria") == []


# --------------------------------------------------------------------------- leaders


@pytest.mark.parametrize(
    "text",
    [
        "Assad's forces",
        "Bashar Assad’s forces",
        "Bashar al-Assad's troops",
        "pro-Assad forces",
        "the Assad regime",
        "regime forces",
        "loyalist forces",
    ],
)
def test_assad_and_his_forces_are_the_syrian_government(actors: ActorDictionary, text: str) -> None:
    assert names(actors, f"{text} advanced") == ["Syrian Government"]


def test_a_leaders_country_is_one_mention(actors: ActorDictionary) -> None:
    assert found(actors, "Erdogan's Turkey struck") == [("Erdogan's Turkey", "Turkey")]


def test_a_president_title_does_not_hide_the_forces(actors: ActorDictionary) -> None:
    assert found(actors, "fell to Syrian President Bashar Assad’s forces") == [
        ("Bashar Assad’s forces", "Syrian Government")
    ]


def test_places_named_after_leaders_are_places(actors: ActorDictionary) -> None:
    assert names(actors, "near Lake Assad and the Assad Dam") == []


# --------------------------------------------------------------------------- the article's country


@pytest.mark.parametrize(
    ("context", "actor"),
    [
        ("Syria", "Syrian Government"),
        ("Iraq", "Iraqi Government"),
        ("India", "Military Forces of India"),
    ],
)
def test_unowned_forces_are_the_article_countrys(
    actors: ActorDictionary, context: str, actor: str
) -> None:
    assert names(actors, "government forces and the army and troops", context) == [actor] * 3


def test_unowned_forces_without_a_country_are_nobody(actors: ActorDictionary) -> None:
    assert names(actors, "government forces shelled the town; troops entered") == []


def test_pro_government_forces_follow_the_article_country(actors: ActorDictionary) -> None:
    assert names(actors, "pro-government forces attacked", "Iraq") == ["Iraqi Government"]
    assert names(actors, "pro-government forces attacked", "Syria") == ["Syrian Government"]


def test_pro_government_militias_are_the_local_militia(actors: ActorDictionary) -> None:
    assert names(actors, "pro-government militias", "Syria") == ["National Defence Forces"]
    assert names(actors, "pro-government militias", "Iraq") == ["Popular Mobilization Forces"]


def test_forces_owned_by_someone_else_are_not_the_government(actors: ActorDictionary) -> None:
    assert names(actors, "the group moved its troops", "Syria") == []
    assert names(actors, "Houthi troops attacked", "Yemen") == ["Houthis"]


def test_kurdish_forces_depend_on_the_country(actors: ActorDictionary) -> None:
    text = "Kurdish fighters repelled the attack"
    assert names(actors, text, "Iraq") == ["Kurdish Peshmerga"]
    assert names(actors, text, "Syria") == ["YPG"]
    assert names(actors, "Kurdish militants attacked", "Turkey") == ["Kurdistan Workers' Party"]
    assert names(actors, text) == []


def test_a_nationality_before_kurdish_decides_alone(actors: ActorDictionary) -> None:
    assert names(actors, "Syrian Kurdish forces", "Iraq") == ["YPG"]
    assert names(actors, "Iraqi Kurdish forces", "Syria") == ["Kurdish Peshmerga"]


# --------------------------------------------------------------------------- backers


def test_x_backed_y_is_y_backed_by_x(actors: ActorDictionary) -> None:
    (mention,) = actors.find_actors("Turkish-backed rebels captured al-Rai")
    assert (mention.text, mention.actor.name, mention.backers) == (
        "Turkish-backed rebels",
        "Syrian Rebels",
        ("Turkey",),
    )


@pytest.mark.parametrize(
    ("text", "actor", "backers"),
    [
        ("U.S.-backed SDF", "Syrian Democratic Forces", ("United States",)),
        ("US-backed Kurdish-led forces", "Syrian Democratic Forces", ("United States",)),
        ("Iran-backed Shiite militias", "Popular Mobilization Forces", ("Iran",)),
        ("pro-Turkish rebels", "Syrian Rebels", ("Turkey",)),
        ("rebels backed by Turkey and Qatar", "Syrian Rebels", ("Turkey", "Qatar")),
        ("an Iraqi offensive backed by the coalition", "Iraqi Government", ("US-led Coalition",)),
    ],
)
def test_backers_named_in_the_phrase(
    actors: ActorDictionary, text: str, actor: str, backers: tuple[str, ...]
) -> None:
    (mention,) = actors.find_actors(text)
    assert (mention.actor.name, mention.backers) == (actor, backers)


def test_backers_resolve_unowned_forces_by_context(actors: ActorDictionary) -> None:
    (mention,) = actors.find_actors("Russian-backed government forces retook Palmyra", "Syria")
    assert (mention.text, mention.actor.name, mention.backers) == (
        "Russian-backed government forces",
        "Syrian Government",
        ("Russia",),
    )


def test_a_backer_names_the_proxy_when_the_noun_names_nobody(actors: ActorDictionary) -> None:
    assert names(actors, "Turkish-backed fighters entered Afrin", "Syria") == ["Syrian Rebels"]
    assert names(actors, "US-backed forces entered Raqqa", "Syria") == ["Syrian Democratic Forces"]
    assert found(actors, "fighters backed by Turkey", "Syria") == [
        ("fighters backed by Turkey", "Syrian Rebels")
    ]


# --------------------------------------------------------------------------- coalitions


def test_coalition_alone_is_the_us_led_coalition(actors: ActorDictionary) -> None:
    assert found(actors, "the coalition struck oil trucks") == [("coalition", "US-led Coalition")]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("the Fatah coalition", "Syrian Rebels"),
        ("the Turkish coalition", "Turkey"),
        ("the pro-Assad coalition", "Syrian Government"),
        ("the Saudi-led coalition", "Saudi Arabia"),
        ("the US-led coalition", "US-led Coalition"),
    ],
)
def test_a_named_coalition_is_its_owner(actors: ActorDictionary, text: str, actor: str) -> None:
    assert names(actors, text) == [actor]


def test_a_political_coalition_is_no_armed_actor(actors: ActorDictionary) -> None:
    assert names(actors, "the ruling coalition collapsed") == []


# --------------------------------------------------------------------------- several actors in one phrase


def test_coordinated_nationalities_give_one_mention_each(actors: ActorDictionary) -> None:
    assert found(actors, "a Syrian-Russian operation") == [
        ("Syrian", "Syrian Government"),
        ("Russian operation", "Russia"),
    ]
    assert found(actors, "Syrian and Russian forces") == [
        ("Syrian", "Syrian Government"),
        ("Russian forces", "Russia"),
    ]


def test_a_state_and_the_coalition(actors: ActorDictionary) -> None:
    assert found(actors, "targeted by U.S. and coalition air strikes") == [
        ("U.S.", "United States"),
        ("coalition air strikes", "US-led Coalition"),
    ]


def test_a_comma_without_and_is_no_coordination(actors: ActorDictionary) -> None:
    assert found(actors, "In Turkey, Russian forces met") == [("Russian forces", "Russia")]


def test_mentions_come_in_text_order_without_overlaps(actors: ActorDictionary) -> None:
    mentions = actors.find_actors(
        "ISIS fighters attacked Peshmerga forces and Iraqi troops near Mosul"
    )
    assert [m.actor.name for m in mentions] == [
        "Islamic State",
        "Kurdish Peshmerga",
        "Iraqi Government",
    ]
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))
    text = "ISIS fighters attacked Peshmerga forces and Iraqi troops near Mosul"
    assert all(text[m.start : m.end] == m.text for m in mentions)


# --------------------------------------------------------------------------- generic actors and canonical names


@pytest.mark.parametrize(
    ("kind", "country", "expected"),
    [
        ("military", "India", Actor("Military Forces of India", 1, True, "India")),
        ("police", "Nigeria", Actor("Police Forces of Nigeria", 1, True, "Nigeria")),
        ("military", "Syria", Actor("Syrian Government", 1, True, "Syria")),
        ("protesters", None, Actor("Protesters", 6, False, None)),
        ("rioters", None, Actor("Rioters", 5, False, None)),
        ("armed group", None, Actor("Unidentified Armed Group", 3, False, None)),
        ("civilians", None, Actor("Civilians", 7, False, None)),
    ],
)
def test_generic_actors(
    actors: ActorDictionary, kind: str, country: str | None, expected: Actor
) -> None:
    assert actors.generic(kind, country) == expected


def test_generic_rejects_an_unknown_kind(actors: ActorDictionary) -> None:
    with pytest.raises(ValueError, match="unknown"):
        actors.generic("wizards", "India")


def test_generic_actors_in_text(actors: ActorDictionary) -> None:
    text = "unidentified gunmen opened fire on protesters and killed civilians"
    assert names(actors, text) == ["Unidentified Armed Group", "Protesters", "Civilians"]


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("Daesh", "Islamic State"),
        ("the Islamic State group", "Islamic State"),
        ("Hashd al-Shaabi", "Popular Mobilization Forces"),
        ("syrian democratic forces", "Syrian Democratic Forces"),
        ("Military Forces of India", "Military Forces of India"),
    ],
)
def test_canonical_names(actors: ActorDictionary, name: str, actor: str) -> None:
    assert actors.canonical(name).name == actor


def test_canonical_of_an_unknown_name_is_none(actors: ActorDictionary) -> None:
    assert actors.canonical("the Lions of Nowhere") is None


# --------------------------------------------------------------------------- data drives the patterns


def test_a_new_leader_row_is_enough_for_his_forces() -> None:
    """Leaders, nouns and actors are rows: a small table builds a small, working dictionary."""
    actors_table = pd.DataFrame(
        [
            {
                "actor": "Libyan National Army",
                "inter_code": "2",
                "aliases": "LNA",
                "country": "Libya",
                "state": "0",
            }
        ]
    )
    countries = pd.DataFrame(
        [{"country": "Libya", "iso2": "LY", "iso3": "LBY", "aliases": "", "demonyms": "Libyan"}]
    )
    patterns = pd.DataFrame(
        [
            {"category": "force_noun", "phrase": "forces", "noun_class": "military"},
            {"category": "generic", "phrase": "military", "actor": "Military Forces of {country}"},
            {"category": "leader", "phrase": "Khalifa Haftar", "actor": "Libyan National Army"},
            {"category": "leader", "phrase": "Haftar", "actor": "Libyan National Army"},
        ]
    ).fillna("")
    built = ActorDictionary.from_frames(actors_table, countries, patterns)
    assert found(built, "Haftar's forces and Libyan forces and the LNA") == [
        ("Haftar's forces", "Libyan National Army"),
        ("Libyan forces", "Military Forces of Libya"),
        ("LNA", "Libyan National Army"),
    ]


def test_alternation_matches_every_surface_and_variants() -> None:
    surfaces = alternation(["al-Nusra", "U.S.", "People's Units"])
    pattern = re.compile(rf"^(?:{surfaces})$", re.IGNORECASE)
    for text in [
        "al-Nusra",
        "al Nusra",
        "alNusra",
        "U.S.",
        "US",
        "People’s Units",
        "Peoples Units",
    ]:
        assert pattern.match(text), text
    assert phrase_key("People’s  Units") == phrase_key("peoples-units")

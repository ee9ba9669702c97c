"""The pure matching of the area search (no database): hand-made index, hand-computed
expectations."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from wendbaar.areas.matching import (
    DISTRICT,
    MUNICIPALITY,
    NEIGHBOURHOOD,
    Entry,
    SearchIndex,
    Tier,
    name_key,
    normalise,
    postcode_of,
)

GM_DH = Entry(1, "GM0518", "'s-Gravenhage", MUNICIPALITY)
GM_UT = Entry(2, "GM0344", "Utrecht", MUNICIPALITY)
WK_SCH = Entry(3, "WK051829", "Wijk 29 Schildersbuurt", DISTRICT)
BU_SCH_W = Entry(4, "BU05182915", "Schildersbuurt-West", NEIGHBOURHOOD)
WK_OV = Entry(5, "WK034403", "Wijk 03 Overvecht", DISTRICT)
BU_POLDER = Entry(6, "BU03440343", "Poldergebied Overvecht", NEIGHBOURHOOD)
BU_VZ_N = Entry(7, "BU03440332", "Vechtzoom-noord, Klopvaart", NEIGHBOURHOOD)
BU_VZ_Z = Entry(8, "BU03440331", "Vechtzoom-zuid", NEIGHBOURHOOD)
BU_UT_SCH = Entry(9, "BU03440531", "Schildersbuurt", NEIGHBOURHOOD)  # Utrecht has one too
BU_MAXIMA = Entry(10, "BU03441014", "Máximapark", NEIGHBOURHOOD)
WK_UT_CENTRUM = Entry(11, "WK034406", "Wijk 06 Binnenstad", DISTRICT)
BU_UTRECHTSEWEG = Entry(12, "BU99990001", "Utrechtseweg", NEIGHBOURHOOD)

ALIASES = [
    Entry(1, "GM0518", "'s-Gravenhage", MUNICIPALITY, alias="Den Haag"),
    Entry(3, "WK051829", "Wijk 29 Schildersbuurt", DISTRICT, alias="Schilderswijk"),
    Entry(11, "WK034406", "Wijk 06 Binnenstad", DISTRICT, alias="Centrum Utrecht"),
]
AREAS = [
    GM_DH,
    GM_UT,
    WK_SCH,
    BU_SCH_W,
    WK_OV,
    BU_POLDER,
    BU_VZ_N,
    BU_VZ_Z,
    BU_UT_SCH,
    BU_MAXIMA,
    WK_UT_CENTRUM,
    BU_UTRECHTSEWEG,
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex([*AREAS, *ALIASES], postcodes={"3563": [BU_VZ_N, BU_VZ_Z]})


def found(index: SearchIndex, term: str) -> list[tuple[str, str, str]]:
    return [(m.name, m.tier.name, m.alias) for m in index.find(term)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'s-Gravenhage", "s gravenhage"),
        ("s-Gravenhage", "s gravenhage"),
        ("\u2019S-GRAVENHAGE", "s gravenhage"),
        ("Máximapark", "maximapark"),
        ("  Vechtzoom-noord,  Klopvaart ", "vechtzoom noord klopvaart"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_name_key_drops_the_district_number():
    assert name_key("Wijk 03 Overvecht") == "overvecht"
    assert name_key("Wijkpark") == "wijkpark"  # not a "Wijk NN " prefix


@pytest.mark.parametrize(
    ("term", "pc4"),
    [("3563", "3563"), ("3563 AB", "3563"), ("3563ab", "3563"), (" 3563  Ab ", "3563")],
)
def test_postcode_of(term, pc4):
    assert postcode_of(term) == pc4


@pytest.mark.parametrize("term", ["0344", "356", "35633", "3563 A", "3563 ABC", "GM0344"])
def test_not_a_postcode(term):
    assert postcode_of(term) is None


def test_den_haag_is_an_alias_of_s_gravenhage(index):
    assert found(index, "Den Haag") == [("'s-Gravenhage", "ALIAS", "Den Haag")]
    assert found(index, "den haag") == found(index, "DEN HAAG")


def test_schilderswijk_finds_the_schildersbuurt_district_by_its_alias(index):
    # Only the alias answers: as a typo of "schildersbuurt" it is too far off
    # (ratio = 2·9/27 = 66.7 < 80: 9 characters in common, 13 + 14 in all).
    assert fuzz.ratio("schilderswijk", "schildersbuurt") == pytest.approx(66.7, abs=0.05)
    assert found(index, "Schilderswijk") == [("Wijk 29 Schildersbuurt", "ALIAS", "Schilderswijk")]


def test_exact_before_prefix_and_gemeenten_before_buurten(index):
    # "schildersbuurt": the wijk (key without "Wijk 29") and Utrecht's buurt are exact —
    # the wijk first (level); "Schildersbuurt-West" starts with it.
    assert found(index, "schildersbuurt") == [
        ("Wijk 29 Schildersbuurt", "EXACT", ""),
        ("Schildersbuurt", "EXACT", ""),
        ("Schildersbuurt-West", "PREFIX", ""),
    ]


def test_prefix_before_alias_before_contains(index):
    # "utrecht": the gemeente (exact), "Utrechtseweg" (prefix), "Centrum Utrecht" (an alias
    # containing it) — the order of the tiers, whatever the levels.
    assert found(index, "utrecht") == [
        ("Utrecht", "EXACT", ""),
        ("Utrechtseweg", "PREFIX", ""),
        ("Wijk 06 Binnenstad", "ALIAS", "Centrum Utrecht"),
    ]


def test_a_typo_finds_overvecht(index):
    # ratio("overvect", "overvecht") = 2·8/17 = 94.1; the buurt's second word also
    # matches ("poldergebied overvecht" → tail "overvecht"), same score: wijk first.
    assert fuzz.ratio("overvect", "overvecht") == pytest.approx(94.1, abs=0.05)
    matches = index.find("overvect")
    assert [(m.name, m.tier, round(m.score)) for m in matches] == [
        ("Wijk 03 Overvecht", Tier.FUZZY, 94),
        ("Poldergebied Overvecht", Tier.FUZZY, 94),
    ]


def test_no_typo_matching_on_three_letters(index):
    assert index.find("ovr") == []


@pytest.mark.parametrize("term", ["3563", "3563 AB", "3563ab"])
def test_a_postcode_lists_its_buurten(index, term):
    matches = index.find(term)
    assert [m.name for m in matches] == ["Vechtzoom-noord, Klopvaart", "Vechtzoom-zuid"]
    assert {m.postcode for m in matches} == {"3563"}


def test_an_unknown_postcode_finds_nothing(index):
    assert index.find("9999 ZZ") == []


@pytest.mark.parametrize("term", ["'s-Gravenhage", "s-Gravenhage", "s gravenhage", "'S-GRAVENHAGE"])
def test_apostrophes_hyphens_and_case_do_not_matter(index, term):
    assert found(index, term)[0] == ("'s-Gravenhage", "EXACT", "")


def test_accents_do_not_matter(index):
    assert found(index, "maximapark") == [("Máximapark", "EXACT", "")]


def test_a_cbs_code_in_any_case(index):
    assert found(index, " bu03440531 ") == [("Schildersbuurt", "CODE", "")]
    assert found(index, "GM0000") == []


def test_each_area_once_and_the_limit(index):
    # "Den Haag" also contains "haag"; the gemeente appears once, by its best match.
    assert [m.area_id for m in index.find("haag")] == [1]
    assert len(index.find("s", limit=3)) == 3  # four keys start with "s"

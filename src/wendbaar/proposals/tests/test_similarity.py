"""Similar projects and proposals, "possible overlap or partner" (``proposals/similarity.py``),
with scores computed by hand. No database.

The places: wijk 1 with buurten 11 and 12, wijk 2 with buurt 21.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wendbaar.proposals import similarity
from wendbaar.proposals.similarity import (
    OVERLAPPING_PERIOD,
    PROJECT,
    PROPOSAL,
    SAME_AREA,
    SAME_DISTRICT,
    SHARED_GOAL,
    SHARED_THEME,
    SIMILAR_TEXT,
    Item,
    period_overlap,
    similar,
    text_similarity,
    text_words,
)

# Words that count: moestuin, hoefkade, tuinier, ontmoet ("samen" is too common).
TARGET = Item(
    PROPOSAL,
    1,
    "Moestuinen aan de Hoefkade",
    text="Moestuinen aan de Hoefkade: samen tuinieren en ontmoeten",
    area_ids=frozenset({11}),
    district_ids=frozenset({1}),
    themes=frozenset({"green", "meeting"}),
    goal_ids=frozenset({5}),
    start=date(2026, 3, 1),
    end=date(2026, 12, 31),
)


def project(id: int, title: str = "", **fields) -> Item:
    for name in ("area_ids", "district_ids", "themes", "goal_ids"):
        if name in fields:
            fields[name] = frozenset(fields[name])
    return Item(PROJECT, id, title or f"Project {id}", **fields)


def scores(matches) -> dict[str, float]:
    return {m.item.title: m.score for m in matches}


class TestPure:
    def test_similarity_imports_nothing_but_the_standard_library(self):
        tree = ast.parse(Path(similarity.__file__).read_text())
        imported = {
            (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported

    def test_the_maximum_weights_add_up_to_one(self):
        total = (
            similarity.WEIGHT_SAME_AREA
            + similarity.WEIGHT_THEME
            + similarity.WEIGHT_GOAL
            + similarity.WEIGHT_PERIOD
            + similarity.WEIGHT_TEXT
        )
        assert total == pytest.approx(1.0)


class TestScore:
    def test_every_reason_counted_by_hand(self):
        # Text: moestuin, ouder ("voor", "buurt" too common); shared moestuin of 5 words.
        other = project(
            9,
            "Buurtmoestuin",
            text="Een moestuin voor ouderen in de buurt",
            area_ids={11},
            district_ids={1},
            themes={"green"},
            goal_ids={5, 6},
            start=date(2026, 6, 1),
        )
        [match] = similar(TARGET, [other])
        assert match.item == other
        reasons = {r.code: r.params for r in match.reasons}
        assert match.codes == (
            SAME_AREA,
            SHARED_THEME,
            SHARED_GOAL,
            OVERLAPPING_PERIOD,
            SIMILAR_TEXT,
        )
        assert reasons[SAME_AREA] == {"areas": (11,), "points": 0.3}
        assert reasons[SHARED_THEME] == {"themes": ("green",), "jaccard": 0.5, "points": 0.1}
        assert reasons[SHARED_GOAL] == {"goals": (5,), "jaccard": 0.5, "points": 0.125}
        # June 1 to December 31, both counted: 30+31+31+30+31+30+31.
        assert reasons[OVERLAPPING_PERIOD] == {
            "start": date(2026, 6, 1),
            "end": date(2026, 12, 31),
            "days": 214,
            "points": 0.1,
        }
        # Named as the target writes it.
        assert reasons[SIMILAR_TEXT] == {
            "words": ("moestuinen",),
            "count": 1,
            "score": 0.2,
            "points": 0.03,
        }
        assert match.score == pytest.approx(0.3 + 0.1 + 0.125 + 0.1 + 0.03)

    def test_same_buurt_and_theme_is_listed_an_unrelated_item_is_not(self):
        neighbour = project(7, "Groen plein", area_ids={11}, district_ids={1}, themes={"green"})
        unrelated = project(
            8, "Schuldhulp", text="Hulp bij schulden", area_ids={21}, district_ids={2}
        )
        assert scores(similar(TARGET, [unrelated, neighbour], minimum=0)) == {
            "Groen plein": pytest.approx(0.3 + 0.2 / 2)
        }

    def test_a_buurt_in_the_same_wijk_is_the_same_district(self):
        next_door = project(12, area_ids={12}, district_ids={1}, themes={"green", "meeting"})
        [match] = similar(TARGET, [next_door])
        assert match.codes == (SAME_DISTRICT, SHARED_THEME)
        assert match.reasons[0].params == {"districts": (1,), "points": 0.2}
        assert match.score == pytest.approx(0.4)

    def test_the_wijk_itself_and_a_buurt_in_it_are_the_same_district(self):
        whole_wijk = project(13, area_ids={1}, district_ids={1}, goal_ids={5})
        [match] = similar(TARGET, [whole_wijk])
        assert match.codes == (SAME_DISTRICT, SHARED_GOAL)
        assert match.score == pytest.approx(0.2 + 0.25)

    def test_the_same_area_counts_once_not_also_as_the_same_district(self):
        [match] = similar(TARGET, [project(14, area_ids={11}, district_ids={1})])
        assert match.codes == (SAME_AREA,)
        assert match.score == pytest.approx(0.3)

    def test_below_the_minimum_is_not_listed(self):
        # The same wijk alone: 0.2 < 0.25.
        other = project(15, area_ids={12}, district_ids={1})
        assert similar(TARGET, [other]) == []
        assert scores(similar(TARGET, [other], minimum=0.2)) == {"Project 15": 0.2}

    def test_an_item_is_never_similar_to_itself(self):
        itself = replace(TARGET, title="A copy with the same id")
        assert similar(TARGET, [TARGET, itself], minimum=0) == []

    def test_a_project_with_the_proposals_id_is_another_item(self):
        same_id = replace(TARGET, kind=PROJECT)
        [match] = similar(TARGET, [same_id])
        assert match.score == 1.0
        assert match.item.kind == PROJECT

    def test_an_item_given_twice_is_listed_once(self):
        other = project(16, area_ids={11}, district_ids={1})
        assert len(similar(TARGET, [other, other])) == 1


class TestUnrelated:
    def test_a_few_common_words_and_the_same_year_do_not_list_an_item(self):
        # Words: ontmoet, koffie, buurthuis, daarna, tuinier; shares ontmoet and tuinier
        # with the target: 2 of 7 words. Another wijk, another theme, the same year.
        cafe = project(
            17,
            "Koffie-ochtend",
            text="Ontmoeten bij de koffie in het buurthuis, daarna samen tuinieren",
            area_ids={21},
            district_ids={2},
            themes={"care"},
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
        )
        assert text_similarity(TARGET.text, cafe.text) == pytest.approx(2 / 7)
        assert similar(TARGET, [cafe], minimum=0) == []

    def test_a_text_half_the_same_lists_an_item_on_its_own(self):
        half = project(18, "Half", text="moestuinen en ontmoeten", area_ids={21})  # 2 of 4
        less = project(19, "Less", text="moestuinen, ontmoeten en koffie", area_ids={21})  # 2 of 5
        [match] = similar(TARGET, [half, less], minimum=0)
        assert match.item == half
        assert match.codes == (SIMILAR_TEXT,)
        assert match.reasons[0].params["words"] == ("moestuinen", "ontmoeten")
        assert match.score == pytest.approx(0.15 * 0.5)

    def test_text_alone_never_reaches_the_default_minimum(self):
        twin = project(20, text=TARGET.text, area_ids={21}, district_ids={2})
        assert similar(TARGET, [twin]) == []
        [match] = similar(TARGET, [twin], minimum=0.1)
        assert match.score == 0.15


class TestText:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Moestuinen", "moestuin"),
            ("Café-ontmoeting", "cafe ontmoeting"),
            ("Ideeën", "idee"),  # accent and plural
            ("speelplekken", "Speelplek"),  # a doubled consonant undone
            ("ambities", "ambitie"),
            ("community gardens", "Community garden"),
            ("keukens", "Keuken"),  # a singular in -en
        ],
    )
    def test_accents_case_and_plurals_do_not_matter(self, a, b):
        assert text_similarity(a, b) == 1.0

    def test_common_civic_words_do_not_count(self):
        assert text_words("De bewoners van de wijk en hun buurten, voor dit project") == set()
        assert text_similarity("Voor de bewoners van de wijk", "Met bewoners in onze wijk") == 0

    def test_short_words_and_numbers_do_not_count(self):
        assert text_words("Op 12 mei 2026 in zaal 3") == {"zaal"}

    def test_a_singular_ending_in_s_stays(self):
        assert text_words("het buurthuis") == {"buurthuis"}
        assert text_similarity("buurthuis", "buurthui") == 0

    def test_at_most_five_shared_words_are_named_sorted(self):
        text = "appel banaan citroen dadel eikel framboos"
        other = project(21, text=text, area_ids={11})
        [match] = similar(replace(TARGET, text=text), [other])
        text_reason = match.reasons[-1]
        assert text_reason.params["words"] == ("appel", "banaan", "citroen", "dadel", "eikel")
        assert text_reason.params["count"] == 6


class TestPeriod:
    def test_one_shared_day_counts(self):
        d = date(2026, 5, 1)
        assert period_overlap(date(2026, 1, 1), d, d, date(2026, 9, 1)) == (d, d)

    def test_adjacent_periods_do_not_overlap(self):
        assert period_overlap(date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1), None) is None

    def test_two_open_ended_periods_overlap_without_end(self):
        [match] = similar(
            replace(TARGET, end=None),
            [project(22, area_ids={11}, start=date(2027, 1, 1))],
        )
        params = match.reasons[-1].params
        assert match.reasons[-1].code == OVERLAPPING_PERIOD
        assert (params["start"], params["end"], params["days"]) == (date(2027, 1, 1), None, None)

    @pytest.mark.parametrize(
        ("start", "end"),
        [(None, date(2026, 6, 1)), (date(2026, 6, 1), date(2026, 5, 1))],
        ids=["no start", "end before start"],
    )
    def test_an_unknown_period_adds_nothing(self, start, end):
        [match] = similar(TARGET, [project(23, area_ids={11}, start=start, end=end)])
        assert match.codes == (SAME_AREA,)


class TestOrder:
    def test_best_first_then_by_title_and_the_limit(self):
        here = {"area_ids": {11}, "district_ids": {1}}
        candidates = [
            project(31, "Bloembakken", **here),  # 0.3
            project(32, "Zonnebloemen", themes={"green", "meeting"}, **here),  # 0.5
            project(33, "appels", **here),  # 0.3
            project(34, "Elders", area_ids={12}, district_ids={1}),  # 0.2: below the minimum
        ]
        assert [m.item.title for m in similar(TARGET, candidates)] == [
            "Zonnebloemen",
            "appels",
            "Bloembakken",
        ]
        assert [m.item.title for m in similar(TARGET, candidates, limit=2)] == [
            "Zonnebloemen",
            "appels",
        ]
        assert similar(TARGET, candidates, limit=0) == []


# --- properties ------------------------------------------------------------------------

VOCABULARY = ["moestuinen", "moestuin", "Café", "cafe", "ideeën", "speelplek", "wijk", "the"]
texts = st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=12), max_size=8).map(" ".join)
ids = st.frozensets(st.integers(1, 4), max_size=3)
dates = st.none() | st.dates(date(2025, 1, 1), date(2027, 12, 31))
items = st.builds(
    Item,
    kind=st.sampled_from([PROPOSAL, PROJECT]),
    id=st.integers(1, 5),
    title=st.text(max_size=5),
    text=texts,
    area_ids=ids,
    district_ids=ids,
    themes=st.frozensets(st.sampled_from(["green", "care", "safety"]), max_size=3),
    goal_ids=ids,
    start=dates,
    end=dates,
)


class TestProperties:
    @settings(max_examples=200, deadline=None)
    @given(
        target=items,
        candidates=st.lists(items, max_size=8),
        limit=st.integers(0, 6),
        minimum=st.floats(0, 1),
    )
    def test_scores_are_explained_bounded_and_ordered(self, target, candidates, limit, minimum):
        matches = similar(target, candidates, limit=limit, minimum=minimum)
        assert len(matches) <= limit
        for m in matches:
            assert 0 <= m.score <= 1
            assert m.score >= minimum
            assert m.score == pytest.approx(min(1, sum(r.points for r in m.reasons)))
            assert m.item.key != target.key
            assert m.codes
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)

    @given(texts, texts)
    def test_text_similarity_is_symmetric_and_a_fraction(self, a, b):
        assert text_similarity(a, b) == text_similarity(b, a)
        assert 0 <= text_similarity(a, b) <= 1

    @given(texts)
    def test_a_text_is_entirely_similar_to_itself(self, a):
        assert text_similarity(a, a) == (1.0 if text_words(a) else 0.0)

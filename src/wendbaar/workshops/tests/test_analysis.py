"""The werkplaats in figures (``workshops/analysis.py``), with cases computed by hand.
No database."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from wendbaar.workshops import analysis
from wendbaar.workshops.analysis import (
    SLIDERS,
    BlockAnswer,
    BlockResult,
    InnovationAnswer,
    PersonCompetences,
    Pick,
    Profile,
    SliderAnswer,
    Spread,
    block_ranking,
    innovation_counts,
    most_tension,
    movement,
    person_competences,
    profile,
    profile_counts,
    slider_results,
    smart_problems,
    spread,
    team_competences,
    team_profile,
    who_for,
)
from wendbaar.workshops.competences import KIND_OF, KINDS

from .test_competences import imported_modules

INTERNAL, PROC_INTERNAL, PROC_RESIDENTS, POLITICS, COMMUNICATION = SLIDERS


def test_pure():
    assert imported_modules(analysis) <= set(sys.stdlib_module_names) | {"__future__"}


def test_the_five_sliders_in_order():
    assert SLIDERS == (
        "internal_position",
        "process_internal",
        "process_residents",
        "governance_politics",
        "communication",
    )


def answers_of(participant: int, nows, targets) -> list[SliderAnswer]:
    return [
        SliderAnswer(participant, s, now, target)
        for s, now, target in zip(SLIDERS, nows, targets, strict=False)
    ]


class TestSpread:
    @pytest.mark.parametrize(
        ("values", "expected"),
        [
            ([], Spread(0, None, None, None, None)),
            # One answer: a value, but no spread.
            ([40], Spread(1, 40, 40, 40.0, None)),
            ([35, 10], Spread(2, 10, 35, 22.5, 25)),
            # Even count: the mean of the two middle ones, (20 + 40) / 2.
            ([90, 10, 40, 20], Spread(4, 10, 90, 30.0, 80)),
            ([50, 0, 100, 70, 20], Spread(5, 0, 100, 50.0, 100)),
        ],
    )
    def test_spread(self, values, expected):
        assert spread(values) == expected


class TestSliderResults:
    def test_every_slider_in_order_also_unanswered(self):
        answers = [SliderAnswer(1, POLITICS, 70, 80), SliderAnswer(1, "unknown", 0, 100)]
        results = slider_results(answers, SLIDERS)
        assert [r.slider for r in results] == list(SLIDERS)
        internal, politics = results[0], results[3]
        assert internal.now == internal.target == Spread(0, None, None, None, None)
        assert not internal.tension and internal.tension_reason == ""
        assert politics.now == Spread(1, 70, 70, 70.0, None)
        assert politics.target == Spread(1, 80, 80, 80.0, None)

    def test_the_last_answer_of_a_participant_counts(self):
        answers = [SliderAnswer(1, INTERNAL, 0, 100), SliderAnswer(1, INTERNAL, 30, 40)]
        (internal,) = slider_results(answers, [INTERNAL])
        assert (internal.now.count, internal.now.median, internal.target.median) == (1, 30, 40)

    @pytest.mark.parametrize(
        ("nows", "targets", "reason"),
        [
            ((20, 49), (60, 60), ""),  # range 29: just not
            ((20, 50), (60, 60), "now"),  # range 30: tension
            ((20, 20), (40, 70), "target"),
            ((20, 50), (40, 70), "both"),
            ((0, 100, 50), (50, 50, 50), "now"),
        ],
    )
    def test_tension_boundaries(self, nows, targets, reason):
        answers = [
            SliderAnswer(p, INTERNAL, n, t)
            for p, (n, t) in enumerate(zip(nows, targets, strict=True))
        ]
        (result,) = slider_results(answers, [INTERNAL])
        assert result.tension_reason == reason
        assert result.tension is (reason != "")

    def test_one_answer_is_never_tension(self):
        (result,) = slider_results([SliderAnswer(1, INTERNAL, 0, 100)], [INTERNAL])
        assert (result.tension, result.tension_reason) == (False, "")

    def test_most_tension_widest_first_ties_in_slider_order(self):
        answers = [
            # internal_position: now 10..50 (range 40)
            SliderAnswer(1, INTERNAL, 10, 60),
            SliderAnswer(2, INTERNAL, 50, 60),
            # process_internal: target range 30
            SliderAnswer(1, PROC_INTERNAL, 40, 50),
            SliderAnswer(2, PROC_INTERNAL, 40, 80),
            # process_residents: now range 30, target range 50: widest 50
            SliderAnswer(1, PROC_RESIDENTS, 20, 30),
            SliderAnswer(2, PROC_RESIDENTS, 50, 80),
            # governance_politics: agreement
            SliderAnswer(1, POLITICS, 70, 80),
            SliderAnswer(2, POLITICS, 75, 85),
            # communication: now range 40, as internal_position
            SliderAnswer(1, COMMUNICATION, 0, 50),
            SliderAnswer(2, COMMUNICATION, 40, 50),
        ]
        results = slider_results(answers, SLIDERS)
        assert [r.tension for r in results] == [True, True, True, False, True]
        assert most_tension(results) == [PROC_RESIDENTS, INTERNAL, COMMUNICATION, PROC_INTERNAL]

    def test_movement(self):
        previous = slider_results(
            [SliderAnswer(1, INTERNAL, 20, 50), SliderAnswer(2, INTERNAL, 40, 50)], SLIDERS
        )
        current = slider_results(
            [
                SliderAnswer(1, INTERNAL, 45, 60),
                SliderAnswer(1, PROC_INTERNAL, 20, 30),
            ],
            SLIDERS,
        )
        # internal_position: 45 - median(20, 40) = 45 - 30; process_internal was unanswered.
        assert movement(previous, current) == {
            INTERNAL: 15.0,
            PROC_INTERNAL: None,
            PROC_RESIDENTS: None,
            POLITICS: None,
            COMMUNICATION: None,
        }


def as_maps(nows, targets):
    return dict(zip(SLIDERS, nows, strict=True)), dict(zip(SLIDERS, targets, strict=True))


class TestProfile:
    def test_just_below_forty_is_a_pioneer(self):
        # (40 + 40 + 40 + 40 + 39) / 5 = 39.8; steps 20, 10, 0, 0, 40 → ambition 70 / 5.
        nows, targets = as_maps((40, 40, 40, 40, 39), (60, 50, 40, 40, 79))
        assert profile(nows, targets, SLIDERS) == Profile(
            kind="pioneer",
            structure=39.8,
            ambition=14.0,
            lowest=COMMUNICATION,
            largest_step=COMMUNICATION,
        )

    def test_forty_is_between_and_ties_go_to_the_first_slider(self):
        nows, targets = as_maps((40,) * 5, (50,) * 5)
        assert profile(nows, targets, SLIDERS) == Profile("between", 40.0, 10.0, INTERNAL, INTERNAL)

    @pytest.mark.parametrize(
        ("nows", "kind"),
        [
            ((60, 60, 60, 60, 59), "between"),  # 59.8
            ((60,) * 5, "deep_thinker"),
            ((100, 100, 0, 50, 50), "deep_thinker"),  # 300 / 5 = 60
            ((0, 0, 0, 0, 0), "pioneer"),
        ],
    )
    def test_boundaries(self, nows, kind):
        nows, targets = as_maps(nows, (100,) * 5)
        assert profile(nows, targets, SLIDERS).kind == kind

    def test_a_missing_slider_gives_no_profile(self):
        nows, targets = as_maps((40,) * 5, (50,) * 5)
        del nows[POLITICS]
        assert profile(nows, targets, SLIDERS) is None
        nows, targets = as_maps((40,) * 5, (50,) * 5)
        del targets[COMMUNICATION]
        assert profile(nows, targets, SLIDERS) is None

    def test_a_step_back_is_negative_ambition(self):
        nows, targets = as_maps((50,) * 5, (40, 40, 40, 40, 45))
        result = profile(nows, targets, SLIDERS)
        assert (result.ambition, result.largest_step) == (-9.0, COMMUNICATION)


class TestTeamProfile:
    def test_one_complete_participant_is_no_team(self):
        answers = answers_of(1, (20, 30, 40, 50, 60), (50,) * 5)
        answers += answers_of(2, (40, 50, 60, 70), (90,) * 4)  # four sliders only
        assert team_profile(answers, SLIDERS) is None

    def test_two_complete_participants(self):
        answers = answers_of(1, (20, 30, 40, 50, 60), (50,) * 5)
        answers += answers_of(2, (40, 50, 60, 70, 80), (90,) * 5)
        # Medians now 30, 40, 50, 60, 70 → 50; targets 70 each → steps 40, 30, 20, 10, 0.
        assert team_profile(answers, SLIDERS) == Profile("between", 50.0, 20.0, INTERNAL, INTERNAL)

    def test_medians_come_from_every_answer(self):
        answers = answers_of(1, (20, 30, 40, 50, 60), (50,) * 5)
        answers += answers_of(2, (40, 50, 60, 70, 80), (90,) * 5)
        answers += [SliderAnswer(3, INTERNAL, 0, 0)]
        # internal_position: median now (0, 20, 40) = 20, target (0, 50, 90) = 50;
        # structure (20 + 40 + 50 + 60 + 70) / 5 = 48; steps 30, 30, 20, 10, 0 → 90 / 5.
        assert team_profile(answers, SLIDERS) == Profile("between", 48.0, 18.0, INTERNAL, INTERNAL)

    def test_profile_counts(self):
        answers = answers_of(1, (40,) * 5, (50,) * 5)  # 40: between
        answers += answers_of(2, (60,) * 5, (70,) * 5)  # 60: deep-thinker
        answers += answers_of(3, (10,) * 4, (20,) * 4)  # incomplete: not counted
        answers += answers_of(4, (10,) * 5, (90,) * 5)  # 10: pioneer
        assert profile_counts(answers, SLIDERS) == {"pioneer": 1, "between": 1, "deep_thinker": 1}
        assert profile_counts([], SLIDERS) == {"pioneer": 0, "between": 0, "deep_thinker": 0}


class TestBlocks:
    BLOCKS = ("urgency", "vision", "coalition", "long_breath", "resources", "director")

    def test_first_votes_then_weakest_then_block_order(self):
        answers = [
            BlockAnswer(1, "urgency", 4, True),
            BlockAnswer(2, "urgency", 2, True),
            BlockAnswer(1, "vision", 1, True),
            BlockAnswer(2, "vision", 5, False),
            BlockAnswer(2, "vision", 2, True),  # changed their mind: the last one counts
            BlockAnswer(1, "coalition", 2, False),
            BlockAnswer(1, "long_breath", 2, False),
            BlockAnswer(1, "resources", 5, False),
            BlockAnswer(1, "elsewhere", 1, True),  # not a block of this workshop
        ]
        assert block_ranking(answers, self.BLOCKS) == [
            BlockResult("vision", 2, 1.5, 2),  # 2 votes, mean (1 + 2) / 2
            BlockResult("urgency", 2, 3.0, 2),  # 2 votes, stronger
            BlockResult("coalition", 1, 2.0, 0),  # tie with long_breath: block order
            BlockResult("long_breath", 1, 2.0, 0),
            BlockResult("resources", 1, 5.0, 0),
            BlockResult("director", 0, None, 0),  # nobody rated it: last
        ]

    def test_no_answers_keeps_the_block_order(self):
        assert [r.block for r in block_ranking([], self.BLOCKS)] == list(self.BLOCKS)


def test_innovation_counts_in_parts_order():
    parts = ("new_knowledge", "new_doing", "new_framing", "new_organising")
    answers = [
        InnovationAnswer(1, "new_doing", "already"),
        InnovationAnswer(2, "new_doing", "attention"),
        InnovationAnswer(3, "new_doing", "already"),
        InnovationAnswer(1, "new_framing", "already"),
        InnovationAnswer(1, "new_framing", "attention"),  # the last one counts
    ]
    assert innovation_counts(answers, parts) == [
        ("new_knowledge", 0, 0),
        ("new_doing", 2, 1),
        ("new_framing", 0, 1),
        ("new_organising", 0, 0),
    ]


class TestCompetenceGame:
    PICKS = (
        Pick(1, 1, "enthusing"),  # an own strength
        Pick(2, 1, "enthusing"),
        Pick(3, 1, "enthusing"),
        Pick(2, 1, "courage"),
        Pick(2, 1, "courage"),  # the same pick twice counts once
        Pick(3, 1, "listening"),
        Pick(1, 2, "connecting"),
        Pick(2, 2, "listening"),
        Pick(4, 3, "connecting"),
        Pick(1, 3, "connecting"),
        Pick(4, 3, "networking"),
        Pick(4, 3, "negotiating"),
        Pick(1, 3, "retired_card"),  # no longer in the catalogue
        Pick(1, 99, "listening"),  # not a participant of this workshop
    )

    def people(self) -> list[PersonCompetences]:
        return person_competences(self.PICKS, KIND_OF, [1, 2, 3, 4])

    def test_person_views(self):
        one, two, three, four = self.people()
        assert one == PersonCompetences(
            1,
            (("enthusing", 3, True), ("courage", 1, False), ("listening", 1, False)),
            {"everyday_doers": 2, "frontline_workers": 1},
            "everyday_doers",
        )
        # One bridge builder competence, one frontline one: a tie gives no type.
        assert two == PersonCompetences(
            2,
            (("connecting", 1, False), ("listening", 1, True)),
            {"bridge_builders": 1, "frontline_workers": 1},
            None,
        )
        assert three.competences == (
            ("connecting", 2, False),
            ("negotiating", 1, False),
            ("networking", 1, False),
            ("retired_card", 1, False),
        )
        assert three.kinds == {"social_entrepreneurs": 2, "bridge_builders": 1}
        assert three.kind == "social_entrepreneurs"
        assert four == PersonCompetences(4, (), {}, None)

    def test_team_view(self):
        team = team_competences(self.people(), KINDS)
        assert team.competences == (
            ("connecting", 2),
            ("listening", 2),
            ("courage", 1),
            ("enthusing", 1),
            ("negotiating", 1),
            ("networking", 1),
            ("retired_card", 1),
        )
        assert team.kinds == {
            "everyday_doers": 1,
            "frontline_workers": 0,
            "social_entrepreneurs": 1,
            "bridge_builders": 0,
        }
        assert team.missing == ("frontline_workers", "bridge_builders")

    def test_who_for_most_named_first(self):
        people = self.people()
        assert who_for(people, "connecting") == [3, 2]  # named twice for 3, once for 2
        assert who_for(people, "listening") == [1, 2]  # a tie: participants' order
        assert who_for(people, "enthusing") == [1]
        assert who_for(people, "mediating") == []


TODAY = dt.date(2025, 3, 10)
GOOD = {
    "what": "Maandelijks wijkspreekuur in het buurthuis starten",
    "who": "Wijkambtenaar Fatima met het welzijnswerk",
    "when": dt.date(2025, 6, 1),
    "success": "Twintig bewoners per spreekuur komen langs",
}


def problems(**changes) -> list[tuple[str, str]]:
    return smart_problems(**(GOOD | changes), today=TODAY)


class TestSmart:
    def test_a_smart_action_has_no_problems(self):
        assert problems() == []

    def test_everything_required(self):
        assert problems(what="  ", who="", when=None, success="\n") == [
            ("what", "required"),
            ("who", "required"),
            ("when", "required"),
            ("success", "required"),
        ]

    @pytest.mark.parametrize(
        "what",
        [
            "Bewonersgeluid beter vastleggen",  # three words
            "Pitch schrijven bestuurders",
            "De communicatie met bewoners verbeteren",  # left: communicatie, bewoners
            "Meer aandacht voor jongeren in Schadewijk",  # left: jongeren, Schadewijk
            "Meer speelplekken voor jongeren",
            "Kijken naar de rol van de wijkraad",
            "Look into better communication with residents",
            "Verbeteren, versterken en optimaliseren van alles",
        ],
    )
    def test_vague(self, what):
        assert problems(what=what) == [("what", "vague")]

    @pytest.mark.parametrize(
        "what",
        [
            "Pitch schrijven voor bestuurders",  # four words, nothing vague
            "Meer speelplekken voor jongeren in Schadewijk",  # three words besides "meer"
            "Samenwerking met welzijnspartner verbeteren door maandelijks wijkoverleg",
            "Improve the bus stop at Ruwaard square",
        ],
    )
    def test_concrete_enough(self, what):
        assert problems(what=what) == []

    @pytest.mark.parametrize(
        ("today", "when", "expected"),
        [
            (TODAY, TODAY - dt.timedelta(days=1), [("when", "past")]),
            (TODAY, TODAY, []),
            (TODAY, dt.date(2027, 3, 10), []),  # two years on: still the coming period
            (TODAY, dt.date(2027, 3, 11), [("when", "too_far")]),
            (dt.date(2024, 2, 29), dt.date(2026, 2, 28), []),
            (dt.date(2024, 2, 29), dt.date(2026, 3, 1), [("when", "too_far")]),
        ],
    )
    def test_when(self, today, when, expected):
        assert smart_problems(**(GOOD | {"when": when}), today=today) == expected

    def test_success_must_be_observable(self):
        assert problems(success="Bewoners zijn tevreden") == [("success", "not_observable")]
        assert problems(success="Bewoners zijn erg tevreden") == []

    def test_several_problems_in_field_order(self):
        assert problems(what="Beter", when=dt.date(2030, 1, 1), success="Goed") == [
            ("what", "vague"),
            ("when", "too_far"),
            ("success", "not_observable"),
        ]

"""The assessment rules of project proposals, with cases computed by hand
(``proposals/rules.py``). No database."""

from __future__ import annotations

import ast
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wendbaar.proposals import rules
from wendbaar.proposals.rules import (
    EFFECTS,
    NONE,
    SCALE,
    SOME,
    SUBSTANTIAL,
    THE_HAGUE,
    THRESHOLD,
    YES_NO,
    CriterionSpec,
    EffectSpec,
    FrameworkSpec,
    InvalidFramework,
    ProposalFacts,
    Score,
    assess,
    cofunding_share,
    combined_answers,
    combined_rating,
    continuity_check,
    continuity_words,
    financing_problems,
    framework_problems,
    ratings_disagree,
    scale_summary,
    score_problems,
)

D = Decimal
HAGUE_EFFECTS = [e.key for e in THE_HAGUE.criteria[0].effects]
PLAN = "De bewonersvereniging neemt het beheer over na de subsidie."


def facts(cost="100000", programme="60000", other="40000", plan=PLAN, intended=()):
    return ProposalFacts(
        cost_total=None if cost is None else D(cost),
        programme_money=D(programme),
        other_money=D(other),
        continuity_plan=plan,
        intended_effects=frozenset(intended),
    )


def rate(assessor, effect, rating):
    return Score(assessor, "societal_effects", effect, rating=rating)


def answer(assessor, yes, why="Het buurthuis neemt het over."):
    return Score(assessor, "continuity", answer=yes, rationale=why)


def rate_all(assessor, substantial=(), some=()):
    """One assessor's ratings of all six effects of The Hague."""
    return [
        rate(assessor, e, SUBSTANTIAL if e in substantial else SOME if e in some else NONE)
        for e in HAGUE_EFFECTS
    ]


def codes(problems):
    return [p.code for p in problems]


def spec_with(*criteria):
    return FrameworkSpec("Test", 1, tuple(criteria))


EFFECTS_2_OF_3 = CriterionSpec(
    "effects",
    "Effecten",
    EFFECTS,
    effects=(EffectSpec("a", "A"), EffectSpec("b", "B"), EffectSpec("c", "C")),
    min_substantial=2,
)
GRADE = CriterionSpec("grade", "Kwaliteit", SCALE, scale_min=1, scale_max=5)


class TestPure:
    def test_rules_import_nothing_but_the_standard_library(self):
        tree = ast.parse(Path(rules.__file__).read_text())
        imported = {
            (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


class TestFramework:
    def test_the_hague_is_valid_and_matches_the_seed(self):
        assert framework_problems(THE_HAGUE) == []
        effects, continuity, cofunding = THE_HAGUE.criteria
        assert (effects.kind, effects.min_substantial, len(effects.effects)) == (EFFECTS, 3, 6)
        assert HAGUE_EFFECTS == [
            "social_cohesion",
            "positive_image",
            "access_to_services",
            "safety",
            "employment",
            "ownership",
        ]
        assert all(k.isascii() for k in HAGUE_EFFECTS)
        assert continuity.kind == YES_NO and continuity.label == "Verduurzaming"
        assert (cofunding.kind, cofunding.metric, cofunding.minimum) == (
            THRESHOLD,
            "cofunding_share",
            D("0.40"),
        )

    def test_needing_every_effect_is_allowed(self):
        c = replace(EFFECTS_2_OF_3, min_substantial=3)
        assert framework_problems(spec_with(c)) == []

    @pytest.mark.parametrize(
        ("changes", "code", "field", "params"),
        [
            ({"min_substantial": 4}, "needed_too_many", "min_substantial", {"needed": 4, "of": 3}),
            ({"min_substantial": 0}, "needed_below_one", "min_substantial", {"needed": 0}),
            ({"min_substantial": -1}, "needed_below_one", "min_substantial", {"needed": -1}),
            ({"effects": ()}, "effects_missing", "effects", {}),
            (
                {"effects": (EffectSpec("a", "A"), EffectSpec("a", "A2"))},
                "duplicate_effect",
                "effects",
                {"effect": "a"},
            ),
            (
                {"effects": (EffectSpec("a b", "A"),), "min_substantial": 1},
                "effect_key_invalid",
                "effects",
                {},
            ),
            (
                {"effects": (EffectSpec("a", " "),), "min_substantial": 1},
                "effect_label_blank",
                "effects",
                {},
            ),
            ({"kind": "ranking"}, "unknown_kind", "kind", {"kind": "ranking"}),
            ({"key": "sociale cohesie"}, "key_invalid", "key", {"key": "sociale cohesie"}),
            ({"key": ""}, "key_invalid", "key", {}),
            ({"label": "  "}, "label_blank", "label", {}),
            ({"kind": YES_NO}, "effects_not_expected", "effects", {"kind": YES_NO}),
        ],
    )
    def test_each_problem_of_an_effects_criterion(self, changes, code, field, params):
        c = replace(EFFECTS_2_OF_3, **changes)
        problems = framework_problems(spec_with(c))
        assert codes(problems) == [code]
        (p,) = problems
        assert p.field == field and p.criterion == c.key
        assert params.items() <= p.params.items()

    @pytest.mark.parametrize(
        ("metric", "minimum", "code", "field"),
        [
            ("", D("0.4"), "unknown_metric", "metric"),
            ("turnover", D("0.4"), "unknown_metric", "metric"),
            ("cofunding_share", None, "minimum_missing", "minimum"),
            ("cofunding_share", D("1.01"), "minimum_out_of_range", "minimum"),
            ("cofunding_share", D("-0.01"), "minimum_out_of_range", "minimum"),
            ("cofunding_share", D("40"), "minimum_out_of_range", "minimum"),  # a percent
        ],
    )
    def test_each_problem_of_a_threshold(self, metric, minimum, code, field):
        c = CriterionSpec("money", "Geld", THRESHOLD, metric=metric, minimum=minimum)
        (p,) = framework_problems(spec_with(c))
        assert (p.code, p.field, p.criterion) == (code, field, "money")

    @pytest.mark.parametrize("minimum", [D("0"), D("1"), D("0.40")])
    def test_a_threshold_of_0_to_1_inclusive(self, minimum):
        c = CriterionSpec("money", "Geld", THRESHOLD, metric="cofunding_share", minimum=minimum)
        assert framework_problems(spec_with(c)) == []

    @pytest.mark.parametrize(("low", "high"), [(5, 5), (5, 1)])
    def test_a_scale_must_go_up(self, low, high):
        (p,) = framework_problems(spec_with(replace(GRADE, scale_min=low, scale_max=high)))
        assert p.code == "scale_range_invalid"
        assert p.params == {"criterion": "grade", "scale_min": low, "scale_max": high}

    def test_duplicate_criterion_keys(self):
        problems = framework_problems(spec_with(GRADE, replace(GRADE, label="Nog eens")))
        assert codes(problems) == ["duplicate_criterion"]
        assert problems[0].params == {"criterion": "grade"}

    def test_an_empty_framework_and_a_blank_name(self):
        assert codes(framework_problems(FrameworkSpec(" ", 1, ()))) == [
            "name_blank",
            "framework_empty",
        ]

    def test_every_problem_is_named_not_just_the_first(self):
        bad = replace(EFFECTS_2_OF_3, key="x y", effects=(), min_substantial=0)
        assert codes(framework_problems(spec_with(bad))) == [
            "key_invalid",
            "effects_missing",
            "needed_below_one",
        ]


class TestMoney:
    def test_others_money_over_the_cost_not_over_the_financing_entered(self):
        # €40k from a corporatie on a €90k proposal, nothing else entered yet: 40/90.
        share = cofunding_share(facts(cost="90000", programme="0", other="40000"))
        assert share.value == D(40000) / D(90000)
        assert share.percent == D("44.4") and share.reason == ""

    def test_exactly_40_percent(self):
        share = cofunding_share(facts(cost="100000", other="40000"))
        assert share.value == D("0.40") and share.percent == D("40.0")

    def test_the_percent_is_rounded_down_so_it_never_seems_to_reach_a_minimum(self):
        share = cofunding_share(facts(cost="100000", other="39999"))
        assert share.percent == D("39.9")

    @pytest.mark.parametrize("cost", [None, "0", "-5"])
    def test_without_a_cost_the_share_is_unknown_never_0_or_100(self, cost):
        share = cofunding_share(facts(cost=cost))
        assert share.value is None and share.percent is None
        assert share.reason == rules.NO_COST == "no_cost"

    def test_no_other_money_is_zero_percent(self):
        assert cofunding_share(facts(other="0")).value == 0

    def test_financing_exactly_equal_to_the_cost_is_fine(self):
        assert financing_problems(facts(cost="100000", programme="60000", other="40000")) == []

    def test_financing_below_the_cost_is_fine(self):
        assert financing_problems(facts(cost="100000", programme="0", other="1")) == []

    def test_financing_above_the_cost(self):
        (p,) = financing_problems(facts(cost="100000", programme="60000", other="40000.01"))
        assert p.code == "financing_above_cost" and p.field == "cost_total"
        assert p.params == {"financing": D("100000.01"), "cost": D("100000"), "excess": D("0.01")}

    @pytest.mark.parametrize("cost", [None, "0"])
    def test_without_a_cost_nothing_is_above_it(self, cost):
        assert financing_problems(facts(cost=cost)) == []

    def test_negative_amounts_each_named(self):
        problems = financing_problems(facts(cost="-1", programme="-2", other="-3"))
        assert [(p.code, p.field, p.params["amount"]) for p in problems] == [
            ("negative_amount", "cost_total", D("-1")),
            ("negative_amount", "programme_money", D("-2")),
            ("negative_amount", "other_money", D("-3")),
        ]


class TestContinuity:
    @pytest.mark.parametrize(
        ("plan", "words", "code", "met"),
        [
            ("", 0, "continuity_missing", False),
            ("   \n ", 0, "continuity_missing", False),
            ("- - - - - -", 0, "continuity_missing", False),
            ("n.v.t.", 1, "continuity_too_short", False),
            ("Volgt later, zie bijlage", 4, "continuity_too_short", False),
            ("De bewonersvereniging neemt het over", 5, "continuity_present", True),
            (PLAN, 9, "continuity_present", True),
        ],
    )
    def test_a_plan_of_at_least_five_words(self, plan, words, code, met):
        assert continuity_words(plan) == words
        check = continuity_check(facts(plan=plan))
        assert (check.key, check.met, check.code) == ("continuity_present", met, code)
        assert check.params == {"words": words, "minimum": 5}


class TestScoreProblems:
    def test_good_scores_have_none(self):
        scores = [*rate_all("ann", substantial=HAGUE_EFFECTS[:3]), answer("ann", True)]
        assert score_problems(THE_HAGUE, scores) == []

    @pytest.mark.parametrize(
        ("score", "code", "field"),
        [
            (Score("ann", "beauty", rating=SOME), "unknown_criterion", "criterion"),
            (rate("ann", "happiness", SOME), "unknown_effect", "effect"),
            (rate("ann", "", SOME), "effect_missing", "effect"),
            (rate("ann", "safety", "a lot"), "unknown_rating", "rating"),
            (rate("ann", "safety", None), "score_missing", "rating"),
            (Score("ann", "continuity", answer=None, rationale="x"), "score_missing", "answer"),
            (Score("ann", "continuity", answer="yes", rationale="x"), "invalid_answer", "answer"),
            (Score("ann", "continuity", answer=True), "rationale_missing", "rationale"),
            (
                Score("ann", "continuity", "safety", answer=True, rationale="x"),
                "unknown_effect",
                "effect",
            ),
            (Score("ann", "cofunding", answer=True), "criterion_computed", "criterion"),
            (Score(" ", "continuity", answer=True, rationale="x"), "assessor_missing", "assessor"),
        ],
    )
    def test_each_problem_of_a_score(self, score, code, field):
        problems = score_problems(THE_HAGUE, [score])
        assert codes(problems) == [code]
        assert problems[0].field == field and problems[0].criterion == score.criterion
        assert problems[0].params["assessor"] == score.assessor

    def test_a_score_of_the_wrong_kind(self):
        score = rate("ann", "safety", SOME)
        problems = score_problems(THE_HAGUE, [replace(score, answer=True)])
        assert codes(problems) == ["wrong_kind"]
        assert problems[0].params["expected"] == "rating"
        assert problems[0].params["given"] == "answer"
        # An answer where a rating belongs: the answer is the wrong kind, the rating missing.
        problems = score_problems(THE_HAGUE, [replace(score, rating=None, answer=True)])
        assert codes(problems) == ["wrong_kind", "score_missing"]

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            (0, "value_out_of_range"),
            (6, "value_out_of_range"),
            (True, "invalid_value"),
            ("3", "invalid_value"),
        ],
    )
    def test_scale_values(self, value, code):
        spec = spec_with(GRADE)
        assert codes(score_problems(spec, [Score("ann", "grade", value=value)])) == [code]
        assert (
            score_problems(spec, [Score("ann", "grade", value=1), Score("bob", "grade", value=5)])
            == []
        )

    def test_two_scores_by_one_assessor_for_the_same_effect(self):
        scores = [rate("ann", "safety", SOME), rate("ann", "safety", SUBSTANTIAL)]
        (p,) = score_problems(THE_HAGUE, scores)
        assert p.code == "duplicate_score"
        assert p.params == {
            "assessor": "ann",
            "criterion": "societal_effects",
            "effect": "safety",
            "count": 2,
        }

    def test_one_assessor_may_rate_every_effect_and_two_assessors_the_same_one(self):
        scores = [*rate_all("ann"), rate("bob", "safety", SOME)]
        assert score_problems(THE_HAGUE, scores) == []


class TestCombining:
    @pytest.mark.parametrize(
        ("ratings", "combined"),
        [
            ([], None),
            ([SOME], SOME),
            ([NONE, SUBSTANTIAL, SUBSTANTIAL], SUBSTANTIAL),
            ([SUBSTANTIAL, NONE, SOME], SOME),
            # Even: the lower of the two middle ones, a cautious rule.
            ([SUBSTANTIAL, SOME], SOME),
            ([SUBSTANTIAL, NONE], NONE),
            ([SUBSTANTIAL, SUBSTANTIAL, SOME, NONE], SOME),
            ([SUBSTANTIAL, SUBSTANTIAL, SUBSTANTIAL, NONE], SUBSTANTIAL),
            ([NONE, NONE, NONE], NONE),
        ],
    )
    def test_the_lower_median(self, ratings, combined):
        assert combined_rating(ratings) == combined

    @pytest.mark.parametrize(
        ("ratings", "disagree"),
        [
            ([], False),
            ([SUBSTANTIAL], False),
            ([SOME, SUBSTANTIAL], False),
            ([NONE, SOME], False),
            ([NONE, SUBSTANTIAL], True),
            ([SOME, NONE, SUBSTANTIAL], True),
        ],
    )
    def test_two_steps_apart_is_a_disagreement(self, ratings, disagree):
        assert ratings_disagree(ratings) is disagree

    @pytest.mark.parametrize(
        ("answers", "met", "tie", "disagreement"),
        [
            ([], None, False, False),
            ([True], True, False, False),
            ([False], False, False, False),
            ([True, False], False, True, True),
            ([True, True, False], True, False, True),
            ([True, False, False, True], False, True, True),
            ([True, True, True, False], True, False, True),
        ],
    )
    def test_yes_when_more_than_half_say_yes(self, answers, met, tie, disagreement):
        a = combined_answers(answers)
        assert (a.met, a.tie, a.disagreement) == (met, tie, disagreement)

    @pytest.mark.parametrize(
        ("values", "mean", "low", "high", "disagreement"),
        [
            ([], None, None, None, False),
            ([4], D("4.0"), 4, 4, False),
            ([3, 4], D("3.5"), 3, 4, False),
            ([3, 5], D("4.0"), 3, 5, True),
            ([1, 2, 2], D("1.7"), 1, 2, False),  # 1.666… half up
            ([1, 1, 2, 2], D("1.5"), 1, 2, False),
            ([2, 2, 3], D("2.3"), 2, 3, False),
        ],
    )
    def test_scale(self, values, mean, low, high, disagreement):
        s = scale_summary(values)
        assert (s.mean, s.low, s.high, s.disagreement) == (mean, low, high, disagreement)


class TestAssess:
    def test_no_assessors_yet(self):
        a = assess(THE_HAGUE, facts(), [])
        effects, continuity, cofunding = a.criteria
        assert (effects.met, effects.code) == (None, "no_scores")
        assert effects.params["unrated"] == tuple(HAGUE_EFFECTS)
        assert (continuity.met, continuity.code) == (None, "no_scores")
        # The threshold is computed from the proposal, scores or not.
        assert (cofunding.met, cofunding.code) == (True, "threshold_met")
        assert a.summary.all_met and a.summary.unknown == ("societal_effects", "continuity")
        assert not a.summary.complete
        assert a.assessors == ()

    def test_nothing_decided_is_not_all_met(self):
        a = assess(THE_HAGUE, facts(cost=None), [])
        assert a.summary.all_met is None
        assert a.summary.unknown == ("societal_effects", "continuity", "cofunding")
        assert a.summary.not_met == ()

    def test_one_assessor_three_of_six(self):
        scores = [
            *rate_all(
                "ann", substantial=("social_cohesion", "safety", "ownership"), some=("employment",)
            ),
            answer("ann", True),
        ]
        a = assess(
            THE_HAGUE, facts(intended=("social_cohesion", "employment", "positive_image")), scores
        )
        effects = a.result("societal_effects")
        assert (effects.met, effects.code) == (True, "effects_met")
        assert effects.params == {
            "count": 3,
            "needed": 3,
            "of": 6,
            "substantial": ("social_cohesion", "safety", "ownership"),
            "unrated": (),
            "intended_not_substantial": ("positive_image", "employment"),
            "disagreements": (),
            "assessors": 1,
        }
        assert [e.combined for e in effects.effects] == [
            SUBSTANTIAL,
            NONE,
            NONE,
            SUBSTANTIAL,
            SOME,
            SUBSTANTIAL,
        ]
        assert a.result("continuity").code == "answer_yes"
        assert a.summary.all_met and a.summary.complete and a.summary.not_met == ()
        assert a.checks[0].met and a.summary.checks_not_met == ()

    def test_two_of_six_is_not_met(self):
        scores = rate_all("ann", substantial=("social_cohesion", "safety"), some=HAGUE_EFFECTS)
        effects = assess(THE_HAGUE, facts(), scores).result("societal_effects")
        assert (effects.met, effects.code, effects.params["count"]) == (False, "effects_not_met", 2)

    def test_all_none(self):
        effects = assess(THE_HAGUE, facts(), rate_all("ann")).result("societal_effects")
        assert (effects.met, effects.params["count"]) == (False, 0)

    def test_two_assessors_the_cautious_median(self):
        # Ann: 4 substantial; Bob: 2 of those substantial, the others some. Per effect the
        # lower of two: 2 substantial, so not met — and the page shows both side by side.
        four = ("social_cohesion", "positive_image", "safety", "ownership")
        scores = [
            *rate_all("ann", substantial=four),
            *rate_all("bob", substantial=four[:2], some=four[2:]),
        ]
        effects = assess(THE_HAGUE, facts(), scores).result("societal_effects")
        assert effects.met is False
        assert effects.params["substantial"] == ("social_cohesion", "positive_image")
        assert effects.params["assessors"] == 2
        safety = next(e for e in effects.effects if e.effect == "safety")
        assert safety.ratings == (("ann", SUBSTANTIAL), ("bob", SOME))
        assert safety.combined == SOME and not safety.disagreement

    def test_three_assessors_the_median_and_a_disagreement(self):
        three = ("social_cohesion", "safety", "ownership")
        scores = [
            *rate_all("ann", substantial=three),
            *rate_all("bob", substantial=three),
            *rate_all("cas", some=three[:2]),  # cas: ownership none
        ]
        effects = assess(THE_HAGUE, facts(), scores).result("societal_effects")
        assert effects.met is True and effects.params["count"] == 3
        assert effects.params["disagreements"] == ("ownership",) and effects.disagreement

    def test_unrated_effects_that_could_still_decide(self):
        # Two substantial, four nobody rated yet: could still become 3 of 6.
        scores = [rate("ann", "social_cohesion", SUBSTANTIAL), rate("ann", "safety", SUBSTANTIAL)]
        effects = assess(THE_HAGUE, facts(), scores).result("societal_effects")
        assert (effects.met, effects.code) == (None, "effects_incomplete")
        assert len(effects.params["unrated"]) == 4
        # Five rated below substantial and one unrated: 3 can no longer be reached.
        scores = [
            rate("ann", e, NONE if e != "social_cohesion" else SUBSTANTIAL)
            for e in HAGUE_EFFECTS[:-1]
        ]
        effects = assess(THE_HAGUE, facts(), scores).result("societal_effects")
        assert (effects.met, effects.code) == (False, "effects_not_met")

    def test_needing_every_effect(self):
        spec = spec_with(replace(EFFECTS_2_OF_3, min_substantial=3))
        all_three = [Score("ann", "effects", e, rating=SUBSTANTIAL) for e in "abc"]
        assert assess(spec, facts(), all_three).criteria[0].met is True
        two = [*all_three[:2], Score("ann", "effects", "c", rating=SOME)]
        assert assess(spec, facts(), two).criteria[0].met is False

    def test_a_yes_no_tie_is_no_with_a_flag(self):
        a = assess(THE_HAGUE, facts(), [answer("ann", True), answer("bob", False, "Geen plan.")])
        continuity = a.result("continuity")
        assert (continuity.met, continuity.code, continuity.tie) == (False, "answer_no", True)
        assert continuity.params == {"yes": 1, "no": 1, "tie": True, "disagreement": True}
        assert [s.rationale for s in continuity.scores] == [
            "Het buurthuis neemt het over.",
            "Geen plan.",
        ]
        assert a.summary.not_met == ("continuity",) and not a.summary.all_met

    @pytest.mark.parametrize(
        ("other", "met", "code"),
        [("40000", True, "threshold_met"), ("39999.99", False, "threshold_not_met")],
    )
    def test_cofunding_at_40_percent_exactly(self, other, met, code):
        result = assess(THE_HAGUE, facts(programme="0", other=other), []).result("cofunding")
        assert (result.met, result.code) == (met, code)
        assert result.params["share"] == D(other) / D("100000")
        assert result.params["minimum"] == D("0.40")
        assert (result.params["other"], result.params["cost"]) == (D(other), D("100000"))

    @pytest.mark.parametrize("cost", [None, "0"])
    def test_cofunding_without_a_cost_is_unknown(self, cost):
        a = assess(THE_HAGUE, facts(cost=cost), [])
        result = a.result("cofunding")
        assert (result.met, result.code, result.params["reason"]) == (
            None,
            "threshold_unknown",
            "no_cost",
        )
        assert result.params["share"] is None
        assert "cofunding" in a.summary.unknown

    def test_cofunding_from_financing_above_the_cost_is_unknown(self):
        a = assess(THE_HAGUE, facts(cost="100000", programme="80000", other="50000"), [])
        result = a.result("cofunding")
        assert (result.met, result.code) == (None, "threshold_unknown")
        assert result.params["reason"] == "financing_invalid"
        assert result.params["problems"] == ("financing_above_cost",)
        assert result.params["share"] == D("0.5")  # shown, but not judged
        assert codes(a.problems) == ["financing_above_cost"]

    def test_a_scale_is_informative(self):
        spec = spec_with(GRADE)
        a = assess(spec, facts(), [Score("ann", "grade", value=2), Score("bob", "grade", value=4)])
        (grade,) = a.criteria
        assert (grade.met, grade.code, grade.disagreement) == (None, "scale", True)
        assert grade.params == {
            "count": 2,
            "mean": D("3.0"),
            "low": 2,
            "high": 4,
            "scale_min": 1,
            "scale_max": 5,
        }
        assert a.summary.informative == ("grade",) and a.summary.unknown == ()
        assert a.summary.all_met is None  # a scale decides nothing
        assert assess(spec, facts(), []).criteria[0].code == "no_scores"

    def test_bad_scores_are_left_out_and_listed(self):
        scores = [
            *rate_all("ann", substantial=HAGUE_EFFECTS[:3]),
            rate("bob", "safety", SUBSTANTIAL),
            rate("bob", "safety", NONE),  # which one? neither counts
            rate("cas", "happiness", SUBSTANTIAL),
        ]
        a = assess(THE_HAGUE, facts(intended=("happiness",)), scores)
        assert codes(a.problems) == ["duplicate_score", "unknown_effect", "unknown_intended_effect"]
        safety = next(e for e in a.result("societal_effects").effects if e.effect == "safety")
        assert safety.ratings == (("ann", NONE),)
        assert a.assessors == ("ann",)

    def test_continuity_is_checked_outside_the_framework(self):
        a = assess(THE_HAGUE, facts(plan="volgt"), [])
        assert [(c.key, c.met, c.code) for c in a.checks] == [
            ("continuity_present", False, "continuity_too_short")
        ]
        assert a.summary.checks_not_met == ("continuity_present",)
        assert a.summary.all_met  # a computed check does not decide the framework's criteria

    def test_an_invalid_framework_is_not_assessed(self):
        with pytest.raises(InvalidFramework) as e:
            assess(FrameworkSpec("Leeg", 1, ()), facts(), [])
        assert codes(e.value.problems) == ["framework_empty"]


# --- properties --------------------------------------------------------------------------

ratings_st = st.lists(st.sampled_from(rules.RATINGS), max_size=9)
money_st = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(ratings_st, st.randoms())
def test_the_combined_rating_is_one_given_and_order_does_not_matter(ratings, rnd):
    combined = combined_rating(ratings)
    if not ratings:
        assert combined is None
        return
    assert combined in ratings
    shuffled = list(ratings)
    rnd.shuffle(shuffled)
    assert combined_rating(shuffled) == combined
    rank = rules.RATINGS.index
    # At least half of the ratings are at or above it: it never overstates the assessors.
    assert 2 * sum(rank(r) >= rank(combined) for r in ratings) >= len(ratings)


@settings(max_examples=100, deadline=None)
@given(ratings_st)
def test_one_more_none_never_raises_and_one_more_substantial_never_lowers(ratings):
    rank = rules.RATINGS.index
    base = combined_rating(ratings)
    if base is None:
        return
    assert rank(combined_rating([*ratings, NONE])) <= rank(base)
    assert rank(combined_rating([*ratings, SUBSTANTIAL])) >= rank(base)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.booleans(), max_size=10))
def test_yes_no_is_a_majority_and_symmetric(answers):
    a = combined_answers(answers)
    flipped = combined_answers([not x for x in answers])
    if not answers:
        assert a.met is None
        return
    assert a.met == (2 * sum(answers) > len(answers))
    assert a.tie == flipped.tie == (2 * sum(answers) == len(answers))
    if not a.tie:
        assert flipped.met is not a.met


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=10))
def test_the_scale_mean_lies_between_low_and_high(values):
    s = scale_summary(values)
    assert s.low <= s.mean <= s.high
    assert s.disagreement == (max(values) - min(values) >= 2)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.none(), money_st), money_st, money_st)
def test_a_share_from_sound_figures_lies_between_0_and_1(cost, programme, other):
    f = ProposalFacts(cost, programme, other, "", frozenset())
    share = cofunding_share(f)
    assert (share.value is None) == (cost is None or cost == 0)
    if share.value is not None and not financing_problems(f):
        assert 0 <= share.value <= 1


effect_scores_st = st.lists(
    st.tuples(st.sampled_from(["ann", "bob", "cas", "dre"]), st.sampled_from(HAGUE_EFFECTS)),
    unique=True,
    max_size=24,
).flatmap(
    lambda keys: st.tuples(
        st.just(keys),
        st.lists(st.sampled_from(rules.RATINGS), min_size=len(keys), max_size=len(keys)),
    )
)


@settings(max_examples=100, deadline=None)
@given(effect_scores_st, st.randoms())
def test_assessing_is_order_free_and_upgrading_a_rating_never_unmeets(keyed, rnd):
    keys, ratings = keyed
    scores = [rate(a, e, r) for (a, e), r in zip(keys, ratings, strict=True)]
    before = assess(THE_HAGUE, facts(), scores)
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    assert assess(THE_HAGUE, facts(), shuffled) == before
    effects = before.result("societal_effects")
    assert effects.params["count"] == sum(e.combined == SUBSTANTIAL for e in effects.effects)
    if effects.met is True:
        upgraded = [replace(s, rating=SUBSTANTIAL) if s.rating == SOME else s for s in scores]
        assert assess(THE_HAGUE, facts(), upgraded).result("societal_effects").met is True

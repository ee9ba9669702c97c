"""The rules' results in words: every code the rules can give has a sentence, and the
sentences say what a reader needs (hand-computed cases on The Hague's framework)."""

from __future__ import annotations

import ast
import inspect
from decimal import Decimal

import pytest

from wendbaar.proposals import result_texts, rules
from wendbaar.proposals.rules import Score

HAGUE = rules.THE_HAGUE
EFFECTS = [e.key for e in HAGUE.criteria[0].effects]
SCALE = rules.FrameworkSpec(
    "Met schaal",
    1,
    (rules.CriterionSpec("quality", "Kwaliteit", rules.SCALE, scale_min=1, scale_max=5),),
)


def _facts(**kw) -> rules.ProposalFacts:
    base = {
        "cost_total": Decimal("90000"),
        "programme_money": Decimal("50000"),
        "other_money": Decimal("40000"),
        "continuity_plan": "De bewonersvereniging neemt het beheer over.",
    }
    return rules.ProposalFacts(**(base | kw))


def _effects(who: str, substantial: set[str], rating: str = "none") -> list[Score]:
    return [
        Score(who, "societal_effects", e, rating="substantial" if e in substantial else rating)
        for e in EFFECTS
    ]


def _line(assessment: rules.Assessment, key: str) -> result_texts.Line:
    return result_texts.criterion_line(assessment.result(key))


def _codes_in_source() -> set[str]:
    """The code strings in the rules' result functions: every string constant that is
    not a docstring or a dict key (those are param names)."""
    functions = [
        rules._effects_result,
        rules._threshold_result,
        rules._yes_no_result,
        rules._scale_result,
        rules.continuity_check,
    ]
    codes: set[str] = set()
    for fn in functions:
        tree = ast.parse(inspect.getsource(fn))
        skip = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                skip.update(id(k) for k in node.keys if k is not None)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                skip.add(id(node.value))  # a docstring
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
            ):
                codes.add(node.value)
    return codes


def test_every_code_in_rules_has_a_sentence():
    found = _codes_in_source()
    assert {"effects_met", "threshold_unknown", "answer_no", "scale", "continuity_missing"} <= found
    known = set(result_texts.CRITERION_CODES) | set(result_texts.CHECK_CODES)
    assert found - known == set(), "a code of rules.py has no sentence in result_texts"
    assert known - found == set(), "result_texts has a sentence for a code rules.py no longer gives"
    reasons = {rules.NO_COST, rules.FINANCING_INVALID}
    assert reasons == set(result_texts.UNKNOWN_REASONS)


def test_effects_met_names_the_substantial_effects():
    scores = _effects("A", {"social_cohesion", "safety", "ownership"}, "some")
    a = rules.assess(HAGUE, _facts(), scores)
    line = _line(a, "societal_effects")
    assert line.sentence == (
        "3 of 6 substantial: Versterking van de sociale cohesie, Sociale en fysieke "
        "veiligheid, Eigenaarschap in de eigen wijk — meets at least 3."
    )
    assert line.met is True and line.state == "met" and line.notes == ()


def test_effects_not_met_and_disagreement_and_aims():
    # A: cohesion substantial, B: cohesion none → median (lower) none; two steps apart.
    scores = _effects("A", {"social_cohesion"}) + _effects("B", set())
    a = rules.assess(HAGUE, _facts(intended_effects=frozenset({"positive_image"})), scores)
    line = _line(a, "societal_effects")
    assert line.sentence == "0 of 6 substantial: none — does not meet at least 3."
    assert line.state == "not met"
    assert line.notes == (
        "The assessors disagree (ratings two steps apart) on: "
        "Versterking van de sociale cohesie (Substantial, None).",
        "The proposal aims at Positieve beeldvorming, which the assessors rate less than "
        "substantial.",
    )


def test_effects_incomplete_names_what_is_not_rated():
    scores = [
        Score("A", "societal_effects", "social_cohesion", rating="substantial"),
        Score("A", "societal_effects", "safety", rating="substantial"),
        Score("A", "societal_effects", "employment", rating="none"),
        Score("A", "societal_effects", "ownership", rating="none"),
    ]
    line = _line(rules.assess(HAGUE, _facts(), scores), "societal_effects")
    assert line.sentence == (
        "2 of 6 substantial so far: Versterking van de sociale cohesie, Sociale en fysieke "
        "veiligheid; not rated yet: Positieve beeldvorming, Betere toegang tot bestaande "
        "(hulp)voorzieningen — at least 3 can still be met."
    )
    assert line.met is None and line.state == "open"


def test_no_scores_yet():
    a = rules.assess(HAGUE, _facts(), [])
    assert _line(a, "societal_effects").sentence == "Not scored yet."
    assert _line(a, "continuity").sentence == "Not scored yet."
    assert result_texts.criterion_line(rules.assess(SCALE, _facts(), []).criteria[0]).sentence == (
        "Not scored yet."
    )


def test_threshold_met_in_euros_and_per_cent():
    # €40k of others over €90k of costs = 44.44… % → 44.4 % (rounded down).
    line = _line(rules.assess(HAGUE, _facts(), []), "cofunding")
    assert line.sentence == (
        "Co-funding 44.4\xa0% (€\xa040,000 of €\xa090,000): meets the minimum of 40\xa0%."
    )
    assert line.met is True


def test_threshold_not_met_never_rounds_up_to_the_minimum():
    # 35,991.50 of 90,000 = 39.99 % → shown 39.9 %, not 40 %.
    facts = _facts(other_money=Decimal("35991.50"), programme_money=Decimal("50000"))
    line = _line(rules.assess(HAGUE, facts, []), "cofunding")
    assert line.sentence == (
        "Co-funding 39.9\xa0% (€\xa035,991.50 of €\xa090,000): below the minimum of 40\xa0%."
    )
    assert line.state == "not met"


def test_threshold_unknown_says_why():
    no_cost = _line(rules.assess(HAGUE, _facts(cost_total=None), []), "cofunding")
    assert no_cost.sentence == (
        "Co-funding unknown: the proposal has no costs (or costs of € 0), so there is "
        "nothing to divide by."
    )
    above = _facts(other_money=Decimal("60000"))  # 110k of financing on 90k of costs
    line = _line(rules.assess(HAGUE, above, []), "cofunding")
    assert line.sentence == (
        "Co-funding unknown: the financing has negative amounts or is above the costs; "
        "correct it first."
    )
    assert line.met is None


def test_yes_no_majority_tie_and_split():
    def answer(who, yes):
        return Score(who, "continuity", answer=yes, rationale="Zo.")

    yes = _line(rules.assess(HAGUE, _facts(), [answer("A", True), answer("B", True)]), "continuity")
    assert yes.sentence == "Yes: 2 of 2 assessors said yes." and yes.notes == ()
    tie = _line(
        rules.assess(HAGUE, _facts(), [answer("A", True), answer("B", False)]), "continuity"
    )
    assert tie.sentence == "No: 1 of 2 assessors said yes."
    assert tie.notes == ("A tie: as many said yes as no, and a tie counts as no.",)
    three = [answer("A", True), answer("B", True), answer("C", False)]
    split = _line(rules.assess(HAGUE, _facts(), three), "continuity")
    assert split.sentence == "Yes: 2 of 3 assessors said yes."
    assert split.notes == ("The assessors disagree: 1 said no.",)


def test_scale_mean_and_spread():
    scores = [Score("A", "quality", value=2), Score("B", "quality", value=5)]
    line = result_texts.criterion_line(rules.assess(SCALE, _facts(), scores).criteria[0])
    assert line.sentence == (
        "Mean 3.5 on a scale of 1 to 5 (lowest 2, highest 5, 2 assessors); informative, "
        "without a pass mark."
    )
    assert line.state == "informative"
    assert line.notes == ("The assessors disagree: their scores lie 3 apart.",)


@pytest.mark.parametrize(
    ("plan", "sentence"),
    [
        ("", "Continuity plan: missing — what happens when the programme's money stops?"),
        ("Volgt later.", "Continuity plan: too short to be a plan (2 words; at least 5)."),
        (
            "De bewonersvereniging neemt het beheer over.",
            "Continuity plan: present (6 words) — it says what happens when the programme's "
            "money stops.",
        ),
    ],
)
def test_continuity_check(plan, sentence):
    a = rules.assess(HAGUE, _facts(continuity_plan=plan), [])
    assert result_texts.check_line(a.checks[0]).sentence == sentence


def test_summary_never_reads_all_met_before_anything_is_decided():
    a = rules.assess(HAGUE, _facts(cost_total=None), [])
    assert result_texts.summary_sentences(a)[0] == (
        "The rules cannot say anything yet: no criterion can be decided."
    )
    met = [*_effects("A", set(EFFECTS)), Score("A", "continuity", answer=True, rationale="Ja.")]
    assert result_texts.summary_sentences(rules.assess(HAGUE, _facts(), met)) == [
        "Every criterion the rules decide is met."
    ]
    not_met = rules.assess(HAGUE, _facts(continuity_plan="Nee."), _effects("A", set()))
    assert result_texts.summary_sentences(not_met) == [
        "Not met: Substantiële bijdrage aan maatschappelijke effecten.",
        "Still open: Verduurzaming.",
        "The continuity plan needs attention (it does not count in the criteria).",
    ]


def test_side_by_side_one_column_per_assessor_with_combined_value():
    scores = _effects("Ann", {"social_cohesion"}) + _effects("Bob", set())
    scores += [
        Score("Ann", "continuity", answer=True, rationale="Geregeld."),
        Score("Bob", "continuity", answer=False, rationale="Onduidelijk."),
    ]
    tables = result_texts.side_by_side(rules.assess(HAGUE, _facts(), scores), ["Ann", "Bob"])
    assert [t.key for t in tables] == ["societal_effects", "continuity"]  # no threshold
    cohesion = tables[0].rows[0]
    assert [c.value for c in cohesion.cells] == ["Substantial", "None"]
    assert (cohesion.combined, cohesion.disagreement) == ("None", "two steps apart")
    (row,) = tables[1].rows
    assert [(c.value, c.rationale) for c in row.cells] == [
        ("yes", "Geregeld."),
        ("no", "Onduidelijk."),
    ]
    assert (row.combined, row.disagreement) == ("no", "a tie, counted as no")


def test_problems_in_words():
    facts = _facts(other_money=Decimal("60000"), intended_effects=frozenset({"noise"}))
    a = rules.assess(HAGUE, facts, [Score("A", "continuity", answer=True)])  # no rationale
    assert result_texts.problem_texts(a, HAGUE) == [
        "The financing (€\xa0110,000.00) is above the costs (€\xa090,000.00) by "
        "€\xa020,000.00: lower the financing or add the missing costs.",
        "Left out: “Verduurzaming”: explain your answer.",
        "“noise” is not an effect of the framework “Den Haag: drie van de zes "
        "maatschappelijke effecten”.",
    ]


def test_figures_are_written_as_the_reader_writes_them():
    from django.utils import translation

    assert result_texts.money(Decimal("40000")) == "€\xa040,000"
    assert result_texts.money(Decimal("35991.50")) == "€\xa035,991.50"
    assert result_texts.percent(Decimal("40.00")) == "40\xa0%"
    with translation.override("nl"):
        assert result_texts.money(Decimal("40000")) == "€\xa040.000"
        assert result_texts.percent(Decimal("44.4")) == "44,4\xa0%"
        assert result_texts.percent(Decimal("33.33")) == "33,33\xa0%"

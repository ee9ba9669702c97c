from decimal import Decimal

import pytest

from wendbaar.agenda.rollup import ProjectProgress, roll_up, roll_up_goals, weighting_mode


def p(id, status="running", budget="0", weight=None, percent=None, goals=()):
    return ProjectProgress(
        id=id,
        status=status,
        budget=Decimal(budget),
        weight=None if weight is None else Decimal(weight),
        latest_percent=percent,
        goal_ids=frozenset(goals),
    )


class TestRollUp:
    def test_budget_weighted_mean(self):
        # (30_000·50 + 10_000·10) / 40_000 = 40
        result = roll_up([p(1, budget="30000", percent=50), p(2, budget="10000", percent=10)])
        assert result.mode == "budget"
        assert result.percent == pytest.approx(40.0)

    def test_explicit_weight_wins_over_budget_for_the_whole_set(self):
        # weights 3 and 1 (the project without weight counts 1): (3·80 + 1·0) / 4 = 60
        result = roll_up(
            [p(1, budget="1000", weight="3", percent=80), p(2, budget="999999", percent=0)]
        )
        assert result.mode == "explicit"
        assert result.percent == pytest.approx(60.0)

    def test_equal_weights_without_budgets(self):
        result = roll_up([p(1, percent=20), p(2, percent=40), p(3)])
        assert result.mode == "equal"
        assert result.percent == pytest.approx(20.0)

    def test_completed_counts_100_and_stopped_is_left_out(self):
        result = roll_up(
            [
                p(1, status="completed", budget="100", percent=70),
                p(2, status="stopped", budget="100000", percent=5),
                p(3, budget="100", percent=0),
            ]
        )
        assert result.percent == pytest.approx(50.0)
        assert result.count == 2

    def test_project_without_budget_weighs_nothing_in_budget_mode(self):
        result = roll_up([p(1, budget="100", percent=10), p(2, budget="0", percent=90)])
        assert result.percent == pytest.approx(10.0)

    def test_empty_and_zero_weights_have_no_progress(self):
        assert roll_up([]).percent is None
        assert roll_up([p(1, status="stopped")]).percent is None
        assert roll_up([p(1, weight="0", percent=50)]).percent is None

    def test_weighting_mode(self):
        assert weighting_mode([]) == "none"
        assert weighting_mode([p(1, budget="5")]) == "budget"

    def test_goals_roll_up_over_the_projects_serving_them(self):
        projects = [
            p(1, budget="100", percent=100, goals={10}),
            p(2, budget="300", percent=0, goals={10, 20}),
        ]
        result = roll_up_goals(projects, [10, 20, 30])
        assert result[10].percent == pytest.approx(25.0)
        assert result[20].percent == pytest.approx(0.0)
        assert result[30].percent is None

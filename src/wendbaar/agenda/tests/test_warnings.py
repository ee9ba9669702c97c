import datetime as dt
from decimal import Decimal

from wendbaar.agenda.warnings import (
    GoalFacts,
    ProjectFacts,
    carousel_warnings,
    coalition_warnings,
    goal_warnings,
    is_carousel_project,
    programme_warnings,
    project_warnings,
)

START = dt.date(2025, 1, 1)


def project(id, days=180, budget="10000", goals=1, **kw):
    end = None if days is None else START + dt.timedelta(days=days - 1)
    return ProjectFacts(
        id=id, title=f"P{id}", start=START, end=end, budget=Decimal(budget), goal_count=goals, **kw
    )


class TestCarousel:
    def test_short_small_without_follow_up(self):
        assert is_carousel_project(project(1))
        assert is_carousel_project(project(1, days=365))
        assert not is_carousel_project(project(1, days=366))
        assert not is_carousel_project(project(1, budget="25000"))
        assert not is_carousel_project(project(1, days=None))
        assert not is_carousel_project(project(1, has_follow_up=True))
        assert not is_carousel_project(project(1, is_follow_up=True))

    def test_more_than_half_warns(self):
        projects = [project(1), project(2), project(3, days=800)]
        (warning,) = carousel_warnings(projects)
        assert warning.code == "project_carousel"
        assert warning.params == {"count": 2, "total": 3, "percent": 67}

    def test_exactly_half_does_not_warn(self):
        projects = [project(1), project(2), project(3, days=800), project(4, budget="90000")]
        assert carousel_warnings(projects) == []

    def test_too_few_projects_and_stopped_ones_do_not_count(self):
        assert carousel_warnings([project(1), project(2)]) == []
        projects = [project(1), project(2, stopped=True), project(3, days=800), project(4)]
        assert carousel_warnings(projects)[0].params["total"] == 3


def test_goal_warnings():
    codes = [
        (w.code, w.params.get("goal"))
        for w in goal_warnings(
            [GoalFacts(1, "A", 0, 2), GoalFacts(2, "B", 1, 4), GoalFacts(3, "C", 2, 0)]
        )
    ]
    assert codes == [
        ("goal_without_project", "A"),
        ("too_many_indicators", "B"),
        ("goal_without_indicator", "C"),
    ]


def test_project_without_goal():
    warnings = project_warnings(
        [project(1, goals=0), project(2), project(3, goals=0, stopped=True)]
    )
    assert [w.params["id"] for w in warnings] == [1]


def test_coalition_and_all_together():
    assert [w.params["group"] for w in coalition_warnings(["residents"])] == ["residents"]
    warnings = programme_warnings(
        projects=[project(1, goals=0)], goals=[], missing_party_groups=["residents"]
    )
    assert [w.code for w in warnings] == ["coalition_missing_party", "project_without_goal"]

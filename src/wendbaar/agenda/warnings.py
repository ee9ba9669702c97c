"""Warnings of a weak programme. Pure functions over plain data, no Django.

Each function returns a list of :class:`Warning`; the wijkaanpak page shows them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .constants import (
    CAROUSEL_BUDGET_THRESHOLD,
    CAROUSEL_MAX_DAYS,
    CAROUSEL_MIN_PROJECTS,
    CAROUSEL_SHARE,
    MAX_INDICATORS_PER_GOAL,
)


@dataclass(frozen=True)
class Warning:
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProjectFacts:
    id: int
    title: str
    start: dt.date
    end: dt.date | None
    budget: Decimal
    goal_count: int
    has_follow_up: bool = False  # another project continues this one
    is_follow_up: bool = False  # this project continues an earlier one
    stopped: bool = False


@dataclass(frozen=True)
class GoalFacts:
    id: int
    title: str
    project_count: int
    indicator_count: int


def is_carousel_project(
    p: ProjectFacts,
    *,
    max_days: int = CAROUSEL_MAX_DAYS,
    budget_threshold: Decimal = CAROUSEL_BUDGET_THRESHOLD,
) -> bool:
    """Short (ends within ``max_days``), small (budget below the threshold) and without
    follow-up on either side."""
    if p.end is None:
        return False  # open-ended: a long breath, by definition not short
    short = (p.end - p.start).days + 1 <= max_days
    return short and p.budget < budget_threshold and not (p.has_follow_up or p.is_follow_up)


def carousel_warnings(
    projects: Sequence[ProjectFacts],
    *,
    share: float = CAROUSEL_SHARE,
    max_days: int = CAROUSEL_MAX_DAYS,
    budget_threshold: Decimal = CAROUSEL_BUDGET_THRESHOLD,
    min_projects: int = CAROUSEL_MIN_PROJECTS,
) -> list[Warning]:
    """ "From project carousel to a limited number of actions with a long breath": warn
    when more than ``share`` of the (not stopped) projects are carousel projects."""
    counted = [p for p in projects if not p.stopped]
    if len(counted) < min_projects:
        return []
    small = [
        p
        for p in counted
        if is_carousel_project(p, max_days=max_days, budget_threshold=budget_threshold)
    ]
    if len(small) / len(counted) > share:
        return [
            Warning(
                "project_carousel",
                {
                    "count": len(small),
                    "total": len(counted),
                    "percent": round(100 * len(small) / len(counted)),
                },
            )
        ]
    return []


def goal_warnings(goals: Sequence[GoalFacts]) -> list[Warning]:
    out = []
    for g in goals:
        if g.project_count == 0:
            out.append(Warning("goal_without_project", {"goal": g.title, "id": g.id}))
        if g.indicator_count > MAX_INDICATORS_PER_GOAL:
            out.append(
                Warning(
                    "too_many_indicators",
                    {"goal": g.title, "count": g.indicator_count, "max": MAX_INDICATORS_PER_GOAL},
                )
            )
        if g.indicator_count == 0:
            out.append(Warning("goal_without_indicator", {"goal": g.title, "id": g.id}))
    return out


def project_warnings(projects: Sequence[ProjectFacts]) -> list[Warning]:
    return [
        Warning("project_without_goal", {"project": p.title, "id": p.id})
        for p in projects
        if p.goal_count == 0 and not p.stopped
    ]


def coalition_warnings(missing_party_groups: Sequence[str]) -> list[Warning]:
    return [Warning("coalition_missing_party", {"group": g}) for g in missing_party_groups]


def programme_warnings(
    *,
    projects: Sequence[ProjectFacts],
    goals: Sequence[GoalFacts],
    missing_party_groups: Sequence[str] = (),
) -> list[Warning]:
    return (
        coalition_warnings(missing_party_groups)
        + carousel_warnings(projects)
        + goal_warnings(goals)
        + project_warnings(projects)
    )

"""The facts of a wijkaanpak's portfolio, read in a fixed number of queries.

Whatever the number of proposals and projects, the reads are the same dozen or so
(``values()`` rows joined in Python, no query per proposal or project): the page of a
wijkaanpak with 200 proposals and 150 projects costs what one with three costs.

Proposals: those ``user`` may see (``ProposalPolicy``), without drafts and withdrawn
ones. Projects: all of the wijkaanpak's (a project is part of the public agenda), with
their current funding; a project made from a proposal reads that proposal's effects and
areas. Own or other money: the wijkaanpak's budget holder decides (``agenda.money``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from wendbaar.agenda import money
from wendbaar.agenda.models import Funding, Goal, Project
from wendbaar.approaches.models import Approach
from wendbaar.areas.models import Area

from . import portfolio as pf
from .constants import CriterionKind, FinancingStatus, Metric, Step
from .models import CostLine, Criterion, Effect, FinancingLine, Framework, IntendedEffect, Proposal
from .permissions import ProposalPolicy

# A proposal's financing read as the funding it becomes (assessment_services does the same).
FUNDING_STATUS = {
    FinancingStatus.COMMITTED: money.COMMITTED,
    FinancingStatus.EXPECTED: money.PLANNED,
}


@dataclass(frozen=True)
class Facts:
    approach: Approach
    items: list[pf.Item]
    goals: list[pf.Label]
    effects: list[pf.Label]
    areas: list[pf.Label]
    minimum: Decimal | None  # the framework's co-funding minimum, a fraction
    framework: FrameworkName | None  # the framework in force


@dataclass(frozen=True)
class FrameworkName:
    name: str
    version: int


def _framework_terms(approach: Approach) -> tuple[FrameworkName | None, list[pf.Label], Any]:
    """The framework in force (``selectors.current_for``'s rule: the gemeente's own
    newest version, else the newest shipped one): its effects and its co-funding
    minimum, in three plain reads rather than the prefetches the framework page needs."""
    own_first = F("municipality").asc(nulls_last=True)
    row = (
        Framework.objects.filter(
            Q(municipality=approach.municipality_id) | Q(municipality__isnull=True)
        )
        .order_by(own_first, "-version")
        .values_list("pk", "name", "version")
        .first()
    )
    if row is None:
        return None, [], None
    pk, name, version = row
    minimum = None
    for metric, value in Criterion.objects.filter(
        framework=pk, kind=CriterionKind.THRESHOLD, minimum__isnull=False
    ).values_list("metric", "minimum"):
        if metric == Metric.COFUNDING_SHARE:
            minimum = value if minimum is None else max(minimum, value)
    effects = [
        pf.Label(key, label)
        for key, label in Effect.objects.filter(
            criterion__framework=pk, criterion__kind=CriterionKind.EFFECTS
        )
        .order_by("criterion__order", "criterion_id", "order", "pk")
        .values_list("key", "label")
    ]
    return FrameworkName(name, version), effects, minimum


def _pairs(rows) -> dict[int, set]:
    out: dict[int, set] = defaultdict(set)
    for owner, value in rows:
        out[owner].add(value)
    return out


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def portfolio_facts(user: Any, approach: Approach) -> Facts:
    framework, effects, minimum = _framework_terms(approach)
    goals = [
        pf.Label(pk, title)
        for pk, title in Goal.objects.filter(approach=approach).values_list("pk", "title")
    ]
    proposals = list(
        ProposalPolicy()
        .instances_for(user, "view")
        .filter(approach=approach)
        .exclude(step__in=[Step.CONCEPT, Step.WITHDRAWN])
        .order_by("title", "pk")
        .values(
            "pk",
            "title",
            "step",
            "decision",
            "start_date",
            "end_date",
            "step_since",
            "step_due",
            "project_id",
        )
    )
    projects = list(
        Project.objects.filter(approach=approach)
        .annotate(
            has_follow_up=Exists(Project.objects.filter(follow_up_of=OuterRef("pk"))),
        )
        .order_by("start_date", "title", "pk")
        .values(
            "pk",
            "title",
            "status",
            "start_date",
            "end_date",
            "budget",
            "follow_up_of_id",
            "has_follow_up",
            "proposal",  # the proposal it came from (reverse one-to-one), or None
        )
    )
    # The lines of all the wijkaanpak's proposals, looked up below only for those shown
    # and those projects came from: one filter on the wijkaanpak compiles and runs
    # faster than a list of 200 ids (nothing of a proposal not shown reaches the page).
    of_approach = {"proposal__approach": approach}
    through = Proposal.goals.through
    proposal_goals = _pairs(
        through.objects.filter(**of_approach).values_list("proposal_id", "goal_id")
    )
    proposal_areas = _pairs(
        Proposal.areas.through.objects.filter(**of_approach).values_list("proposal_id", "area_id")
    )
    proposal_effects = _pairs(
        IntendedEffect.objects.filter(**of_approach).values_list("proposal_id", "effect_key")
    )
    costs = dict(
        CostLine.objects.filter(**of_approach)
        .values("proposal_id")
        .annotate(total=Sum("amount"))
        .values_list("proposal_id", "total")
    )
    financing: dict[int, list[money.MoneyRow]] = defaultdict(list)
    starts = {p["pk"]: p["start_date"] for p in proposals}
    for pid, party, name, amount, status in FinancingLine.objects.filter(**of_approach).values_list(
        "proposal_id", "party_id", "party__name", "amount", "status"
    ):
        start = starts.get(pid)
        financing[pid].append(
            money.MoneyRow(party, name, start.year if start else 0, amount, FUNDING_STATUS[status])
        )
    project_goals = _pairs(
        Project.goals.through.objects.filter(project__approach=approach).values_list(
            "project_id", "goal_id"
        )
    )
    funding: dict[int, list[money.MoneyRow]] = defaultdict(list)
    for pid, party, name, year, amount, status in Funding.objects.filter(
        project__approach=approach
    ).values_list("project_id", "source_id", "source__name", "year", "amount", "status"):
        funding[pid].append(money.MoneyRow(party, name, year, amount, status))

    items = [
        pf.proposal(
            id=p["pk"],
            title=p["title"],
            state=p["step"],
            decision=p["decision"],
            goals=frozenset(proposal_goals.get(p["pk"], ())),
            effects=frozenset(proposal_effects.get(p["pk"], ())),
            areas=frozenset(proposal_areas.get(p["pk"], ())),
            start=p["start_date"],
            end=p["end_date"],
            cost=costs.get(p["pk"]),
            funding=tuple(financing.get(p["pk"], ())),
            project_id=p["project_id"],
            step_since=_day(p["step_since"]),
            step_due=p["step_due"],
        )
        for p in proposals
    ] + [
        pf.project(
            id=p["pk"],
            title=p["title"],
            state=p["status"],
            goals=frozenset(project_goals.get(p["pk"], ())),
            effects=frozenset(proposal_effects.get(p["proposal"], ())),
            areas=frozenset(proposal_areas.get(p["proposal"], ())),
            start=p["start_date"],
            end=p["end_date"],
            cost=p["budget"],
            funding=tuple(funding.get(p["pk"], ())),
            source_proposal=p["proposal"],
            has_follow_up=p["has_follow_up"],
            is_follow_up=p["follow_up_of_id"] is not None,
        )
        for p in projects
    ]
    area_ids = {a for i in items for a in i.areas}
    areas = [
        pf.Label(pk, name, parent)
        for pk, name, parent in Area.objects.filter(pk__in=area_ids)
        .order_by("name")
        .values_list("pk", "name", "parent_id")
    ]
    return Facts(approach, items, goals, effects, areas, minimum, framework)


def portfolio_from(facts: Facts, today: dt.date) -> pf.Portfolio:
    return pf.portfolio(
        facts.items,
        goals=facts.goals,
        effects=facts.effects,
        areas=facts.areas,
        budget_holder_id=facts.approach.budget_holder_id,
        minimum=facts.minimum,
        today=today,
    )

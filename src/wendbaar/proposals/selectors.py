"""Reads of project proposals and their frameworks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from wendbaar.approaches.models import Approach
from wendbaar.areas.models import Area

from . import rules
from .constants import Step
from .models import (
    AdviceRound,
    Assessor,
    Criterion,
    FinancingLine,
    Framework,
    Proposal,
    ProposalStep,
)
from .permissions import ProposalPolicy


def _with_criteria(frameworks: QuerySet[Framework]) -> QuerySet[Framework]:
    return frameworks.prefetch_related(
        Prefetch("criteria", Criterion.objects.prefetch_related("effects"))
    ).select_related("municipality", "created_by", "based_on")


def own_versions(municipality: Area) -> QuerySet[Framework]:
    """The gemeente's own versions, newest first."""
    return _with_criteria(Framework.objects.filter(municipality=municipality)).order_by("-version")


def default_versions() -> QuerySet[Framework]:
    return _with_criteria(Framework.objects.filter(municipality=None)).order_by("-version")


def current_for(municipality: Area | None) -> Framework | None:
    """The framework in force for a gemeente: its own newest version, or else the newest
    of the one shipped with Wendbaar. A proposal stores the version it was submitted
    under, so a later version never changes its assessment."""
    if municipality is not None:
        own = own_versions(municipality).first()
        if own is not None:
            return own
    return default_versions().first()


def spec_of(framework: Framework) -> rules.FrameworkSpec:
    """The framework as the pure rules read it."""
    return rules.FrameworkSpec(
        name=framework.name,
        version=framework.version,
        criteria=tuple(
            rules.CriterionSpec(
                key=c.key,
                label=c.label,
                kind=c.kind,
                effects=tuple(rules.EffectSpec(key=e.key, label=e.label) for e in c.effects.all()),
                min_substantial=c.min_substantial or 0,
                metric=c.metric,
                minimum=c.minimum,
                scale_min=c.scale_min,
                scale_max=c.scale_max,
            )
            for c in framework.criteria.all()
        ),
    )


# --- proposals -------------------------------------------------------------------------


def _split_money(
    financing: Iterable[tuple[int | None, Decimal]], budget_holder_id: int | None
) -> tuple[Decimal, Decimal]:
    """(the programme's own money, other parties' money): the budget holder's money is
    own, every other party's is co-funding (agenda.money's rule)."""
    own = other = Decimal("0")
    for party_id, amount in financing:
        if budget_holder_id is not None and party_id == budget_holder_id:
            own += amount
        else:
            other += amount
    return own, other


def facts_from(approach: Approach, content: Any) -> rules.ProposalFacts:
    """The facts of content not saved yet (``proposal_services.Content``)."""
    own, other = _split_money(
        ((f.party.pk, f.amount) for f in content.financing), approach.budget_holder_id
    )
    costs = [c.amount for c in content.costs]
    return rules.ProposalFacts(
        cost_total=sum(costs, Decimal("0")) if costs else None,
        programme_money=own,
        other_money=other,
        continuity_plan=content.continuity_plan,
        intended_effects=frozenset(content.effects),
    )


def facts_of(proposal: Proposal) -> rules.ProposalFacts:
    """The facts of a saved proposal (prefetch costs, financing and effects for lists)."""
    own, other = _split_money(
        ((f.party_id, f.amount) for f in proposal.financing.all()),
        proposal.approach.budget_holder_id,
    )
    costs = [c.amount for c in proposal.costs.all()]
    return rules.ProposalFacts(
        cost_total=sum(costs, Decimal("0")) if costs else None,
        programme_money=own,
        other_money=other,
        continuity_plan=proposal.continuity_plan,
        intended_effects=frozenset(e.effect_key for e in proposal.effects.all()),
    )


def snapshot(proposal: Proposal) -> dict[str, Any]:
    """The proposal as submitted, kept with the step: what each advice round answered."""
    return {
        "title": proposal.title,
        "summary": proposal.summary,
        "problem": proposal.problem,
        "areas": sorted(a.code for a in proposal.areas.all()),
        "themes": list(proposal.themes),
        "goals": sorted(g.pk for g in proposal.goals.all()),
        "start_date": proposal.start_date.isoformat() if proposal.start_date else None,
        "end_date": proposal.end_date.isoformat() if proposal.end_date else None,
        "continuity_plan": proposal.continuity_plan,
        "effects": {e.effect_key: e.how for e in proposal.effects.all()},
        "results": [[r.kind, r.text, r.target] for r in proposal.results.all()],
        "costs": [[c.description, str(c.amount)] for c in proposal.costs.all()],
        "financing": [[f.party_id, str(f.amount), f.status] for f in proposal.financing.all()],
    }


def proposals_for(user: Any, approach: Approach) -> QuerySet[Proposal]:
    """The proposals of ``approach`` that ``user`` may see, with what lists need."""
    return (
        ProposalPolicy()
        .instances_for(user, "view")
        .filter(approach=approach)
        .select_related("organisation", "submitted_by", "project")
        .prefetch_related("costs", "financing", "effects", "areas", "assessors")
    )


def detail(proposal_qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Everything the proposal's page reads, in a fixed number of queries."""
    return proposal_qs.select_related(
        "approach__municipality",
        "approach__budget_holder",
        "organisation",
        "submitted_by",
        "framework",
        "project",
        "decided_by",
    ).prefetch_related(
        "areas",
        "goals",
        "policy_drivers",
        "partners",
        "stories",
        "effects",
        "results",
        "costs",
        Prefetch("financing", FinancingLine.objects.select_related("party")),
        Prefetch("steps", ProposalStep.objects.select_related("by")),
        Prefetch(
            "rounds",
            AdviceRound.objects.select_related("opened_by").prefetch_related(
                "suggested_partners", "suggested_projects"
            ),
        ),
        Prefetch(
            "assessors",
            Assessor.objects.select_related("user").prefetch_related("scores"),
        ),
    )


def is_overdue(proposal: Proposal, today: dt.date) -> bool:
    return proposal.step_due is not None and proposal.step_due < today


def assessor_of(proposal: Proposal, user: Any) -> Assessor | None:
    """``user``'s place among the proposal's assessors (prefetched), if any."""
    uid = getattr(user, "pk", None)
    return next((a for a in proposal.assessors.all() if a.user_id == uid), None)


def visible_assessors(proposal: Proposal, user: Any, *, may_manage: bool) -> list[Assessor]:
    """Whose scores ``user`` may read: blind until one's own are in.

    * a named assessor who has not submitted: only their own;
    * a named assessor who has submitted, and the bureau: every submitted assessment;
    * the submitter's side: every submitted assessment once the proposal is decided;
    * anyone else: none.
    Private notes are never part of this: only their author reads them."""
    own = assessor_of(proposal, user)
    submitted = [a for a in proposal.assessors.all() if a.submitted_at is not None]
    if own is not None and own.submitted_at is None:
        return [own]
    if own is not None or may_manage:
        return submitted
    if proposal.step == Step.DECIDED:
        return submitted
    return []


def scores_of(assessors: Iterable[Assessor]) -> list[rules.Score]:
    """The rules' view of the scores, each under its assessor's name."""
    return [
        rules.Score(
            assessor=a.user.get_full_name() or a.user.get_username(),
            criterion=s.criterion_key,
            effect=s.effect_key,
            rating=s.rating or None,
            answer=s.answer,
            value=s.value,
            rationale=s.rationale,
        )
        for a in assessors
        for s in a.scores.all()
    ]


def assessment(proposal: Proposal, assessors: Iterable[Assessor]) -> rules.Assessment | None:
    """The rule results under the proposal's own framework version (or, for a draft, the
    one in force now), with the scores of ``assessors`` combined."""
    framework = proposal.framework or current_for(proposal.approach.municipality)
    if framework is None:
        return None
    return rules.assess(spec_of(framework), facts_of(proposal), scores_of(assessors))


@dataclass(frozen=True)
class Waiting:
    """The proposals that wait for one user, by what they wait for ("Mijn werk")."""

    to_score: list[Proposal]  # named assessor, own scores not submitted
    to_answer: list[Proposal]  # the bureau: submitted or in assessment, oldest promise first
    to_revise: list[Proposal]  # the author side: drafts and advice rounds

    def __bool__(self) -> bool:
        return bool(self.to_score or self.to_answer or self.to_revise)


def waiting_for(user: Any) -> Waiting:
    """Four queries at most, whatever the number of proposals."""
    policy = ProposalPolicy()
    base = Proposal.objects.select_related("approach").order_by("step_due", "step_since")
    to_score = list(
        base.filter(
            step=Step.IN_ASSESSMENT, assessors__user=user, assessors__submitted_at__isnull=True
        )
        if getattr(user, "is_authenticated", False)
        else []
    )
    to_answer: list[Proposal] = []
    if policy.may_anywhere(user, "manage"):
        to_answer = list(
            base.filter(
                pk__in=policy.instances_for(user, "manage").values("pk"),
                step__in=[Step.SUBMITTED, Step.IN_ASSESSMENT],
            )
        )
    to_revise = list(
        base.filter(
            pk__in=policy.instances_for(user, "author").values("pk"),
            step__in=[Step.CONCEPT, Step.IN_CONVERSATION],
        )
    )
    return Waiting(to_score, to_answer, to_revise)

"""The proposals API: ``/api/v1/wijkaanpakken/{id}/proposals``.

Reads start from the policy (``ProposalPolicy().instances_for(user, "view")``): a
partner reads their own organisation's proposals, an external assessor the ones they
assess, staff every submitted one in their scope. Writes (submit, revise, score, decide)
call the same services as the pages, which check the policy and the step themselves.

Answers: 403 without a session or without the right, 404 for what the caller may not
see, 400 with the service's messages by field (``wendbaar.api.errors``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from wendbaar.accounts.access import ACCESS_ATTR
from wendbaar.agenda.models import Goal
from wendbaar.approaches.models import PolicyDriver
from wendbaar.approaches.permissions import get_approach_for_user
from wendbaar.areas.models import Area
from wendbaar.organisations.models import Organisation
from wendbaar.stories.models import Story

from .. import assessment_services, proposal_services, rules, selectors
from ..models import Proposal
from ..permissions import get_proposal_for_user, may
from ..proposal_services import Content, Cost, Financing, Result
from .serializers import (
    DecisionInputSerializer,
    ProposalDetailSerializer,
    ProposalInputSerializer,
    ProposalListSerializer,
    ScoresInputSerializer,
    SubmitInputSerializer,
)

ERRORS = {
    400: OpenApiResponse(description="Invalid input, or refused by the service's rules."),
    403: OpenApiResponse(description="Not signed in, no CSRF token, or not allowed."),
    404: OpenApiResponse(description="Unknown, or not visible to the caller."),
}


def _row(p: Proposal, today) -> dict[str, Any]:
    facts = selectors.facts_of(p)
    return {
        "pk": p.pk,
        "title": p.title,
        "step": p.step,
        "step_since": p.step_since,
        "step_due": p.step_due,
        "overdue": selectors.is_overdue(p, today),
        "organisation": p.organisation,
        "cost_total": facts.cost_total,
        "cofunding_share": rules.cofunding_share(facts).value,
        "decision": p.decision,
        "project_id": p.project_id,
        "is_example": p.is_example,
    }


def _detail(p: Proposal, user: Any) -> dict[str, Any]:
    may_manage = may(user, "manage", p)
    visible = selectors.visible_assessors(p, user, may_manage=may_manage)
    result = selectors.assessment(p, visible)
    return {
        **_row(p, timezone.localdate()),
        "summary": p.summary,
        "problem": p.problem,
        "indicator_codes": p.indicator_codes,
        "area_codes": [a.code for a in p.areas.all()],
        "themes": p.themes,
        "goal_ids": [g.pk for g in p.goals.all()],
        "combined_message": p.combined_message,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "continuity_plan": p.continuity_plan,
        "framework": str(p.framework) if p.framework else None,
        "effects": list(p.effects.all()),
        "results": list(p.results.all()),
        "costs": list(p.costs.all()),
        "financing": list(p.financing.all()),
        "steps": list(p.steps.all()),
        "advice_rounds": list(p.rounds.all()),
        "assessors": list(p.assessors.all()),
        "visible_scores": visible,
        "criteria": list(result.criteria) if result else [],
        "decision_reasons": p.decision_reasons,
        "conditions": p.conditions,
    }


def _objects(model, ids, field: str, **within: Any) -> list:
    """The objects of ``ids`` among ``within``; an unknown id is a 400 on ``field``."""
    ids = list(dict.fromkeys(ids))
    found = {o.pk: o for o in model.objects.filter(pk__in=ids, **within)}
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise ValidationError({field: [f"Unknown: {', '.join(map(str, unknown))}."]})
    return [found[i] for i in ids]


def _content(data: dict[str, Any], approach) -> tuple[Content, Organisation | None]:
    gemeente = {"municipality": approach.municipality}
    codes = list(dict.fromkeys(data["area_codes"]))
    areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in areas]
    if unknown:
        raise ValidationError({"area_codes": [f"Unknown: {', '.join(unknown)}."]})
    parties = _objects(
        Organisation, [f["party_id"] for f in data["financing"]], "financing", **gemeente
    )
    by_id = {o.pk: o for o in parties}
    organisation = None
    if data["organisation_id"] is not None:
        (organisation,) = _objects(
            Organisation, [data["organisation_id"]], "organisation_id", **gemeente
        )
    content = Content(
        title=data["title"],
        summary=data["summary"],
        problem=data["problem"],
        indicator_codes=data["indicator_codes"],
        stories=_objects(Story, data["story_ids"], "story_ids"),
        areas=[areas[c] for c in codes],
        themes=data["themes"],
        goals=_objects(Goal, data["goal_ids"], "goal_ids", approach=approach),
        policy_drivers=_objects(PolicyDriver, data["policy_driver_ids"], "policy_driver_ids"),
        combined_message=data["combined_message"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        continuity_plan=data["continuity_plan"],
        partners=_objects(Organisation, data["partner_ids"], "partner_ids", **gemeente),
        effects={e["effect_key"]: e["how"] for e in data["effects"]},
        results=[Result(**r) for r in data["results"]],
        costs=[Cost(c["description"], c["amount"]) for c in data["costs"]],
        financing=[
            Financing(by_id[f["party_id"]], f["amount"], f["status"]) for f in data["financing"]
        ],
    )
    return content, organisation


def _fetch(request, pk: int, proposal_id: int, action: str = "view") -> Proposal:
    approach = get_approach_for_user(request.user, pk)
    get_proposal_for_user(request.user, approach, proposal_id, action)
    return selectors.detail(Proposal.objects.filter(pk=proposal_id)).get()


@extend_schema(tags=["proposals"])
class ProposalList(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ProposalInputSerializer
    pagination_class = None  # one wijkaanpak's proposals, answered as a plain list

    @extend_schema(
        summary="The project proposals of a wijkaanpak the caller may see",
        description=(
            "Staff see every submitted proposal in their scope, partners their own "
            "organisation's, external assessors the ones they assess; drafts only their "
            "authors. The co-funding share is other parties' money over the cost (null when "
            "there is no cost)."
        ),
        responses={200: ProposalListSerializer(many=True), **ERRORS},
    )
    def get(self, request, pk: int):
        approach = get_approach_for_user(request.user, pk)
        today = timezone.localdate()
        rows = [_row(p, today) for p in selectors.proposals_for(request.user, approach)]
        return Response(ProposalListSerializer(rows, many=True).data)

    @extend_schema(
        summary="Start a project proposal (a draft)",
        description="Wijkmanagers and partners in the wijkaanpak's scope; the programme bureau.",
        request=ProposalInputSerializer,
        responses={201: ProposalDetailSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        approach = get_approach_for_user(request.user, pk)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        content, organisation = _content(data.validated_data, approach)
        p = proposal_services.create_proposal(
            approach=approach, content=content, organisation=organisation, by=request.user
        )
        p = selectors.detail(Proposal.objects.filter(pk=p.pk)).get()
        return Response(
            ProposalDetailSerializer(_detail(p, request.user)).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["proposals"])
class ProposalDetail(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ProposalInputSerializer

    @extend_schema(
        summary="One project proposal",
        description=(
            "With its road, advice rounds and rule results. Scores are blind: an assessor "
            "reads the others' only after submitting their own; the submitter reads them "
            "once decided. Private notes of assessors are never part of it."
        ),
        responses={200: ProposalDetailSerializer, **ERRORS},
    )
    def get(self, request, pk: int, proposal_id: int):
        p = _fetch(request, pk, proposal_id)
        return Response(ProposalDetailSerializer(_detail(p, request.user)).data)

    @extend_schema(
        summary="Revise a proposal (its whole content)",
        description="Its author side, as a draft or during an advice round; 400 otherwise.",
        request=ProposalInputSerializer,
        responses={200: ProposalDetailSerializer, **ERRORS},
    )
    def put(self, request, pk: int, proposal_id: int):
        p = _fetch(request, pk, proposal_id, "author")
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        content, _organisation = _content(data.validated_data, p.approach)
        proposal_services.revise_proposal(proposal=p, content=content, by=request.user)
        p = selectors.detail(Proposal.objects.filter(pk=p.pk)).get()
        return Response(ProposalDetailSerializer(_detail(p, request.user)).data)


class _ProposalWrite(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    action_name = "view"

    def post(self, request, pk: int, proposal_id: int):
        p = _fetch(request, pk, proposal_id, self.action_name)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.write(p, request.user, data.validated_data)
        p = selectors.detail(Proposal.objects.filter(pk=p.pk)).get()
        return Response(ProposalDetailSerializer(_detail(p, request.user)).data)

    def write(self, p: Proposal, user: Any, data: dict[str, Any]) -> None:
        raise NotImplementedError


@extend_schema(
    tags=["proposals"],
    summary="Submit a proposal, or resubmit it after an advice round",
    description="``note``: what changed since the advice (required on resubmission).",
    request=SubmitInputSerializer,
    responses={200: ProposalDetailSerializer, **ERRORS},
)
class ProposalSubmit(_ProposalWrite):
    serializer_class = SubmitInputSerializer
    action_name = "author"

    def write(self, p, user, data):
        proposal_services.submit_proposal(proposal=p, by=user, note=data["note"])


@extend_schema(
    tags=["proposals"],
    summary="An assessor's scores",
    description=(
        "All of the caller's scores (they replace what was saved before), as a draft or "
        "submitted (then final). Only a named assessor, while the proposal is in assessment."
    ),
    request=ScoresInputSerializer,
    responses={200: ProposalDetailSerializer, **ERRORS},
)
class ProposalScores(_ProposalWrite):
    serializer_class = ScoresInputSerializer
    action_name = "assess"

    def write(self, p, user, data):
        scores = [rules.Score(assessor="", **s) for s in data["scores"]]
        assessment_services.save_scores(
            proposal=p,
            scores=scores,
            by=user,
            private_note=data["private_note"],
            submit=data["submit"],
        )


@extend_schema(
    tags=["proposals"],
    summary="The decision on a proposal",
    description=(
        "The programme bureau, after at least two assessors submitted; always with reasons. "
        "Approved (with or without conditions), the proposal becomes a project of the "
        "programme with its money; a second decision is refused (400)."
    ),
    request=DecisionInputSerializer,
    responses={200: ProposalDetailSerializer, **ERRORS},
)
class ProposalDecision(_ProposalWrite):
    serializer_class = DecisionInputSerializer
    action_name = "manage"

    def write(self, p, user, data):
        assessment_services.decide(proposal=p, by=user, **data)


# Access declared on the class (accounts/access.py): the policy decides per proposal.
for _view in (ProposalList, ProposalDetail, ProposalSubmit, ProposalScores, ProposalDecision):
    setattr(_view, ACCESS_ATTR, "signed_in")

"""The initiatives API: staff reads and writes, and the initiators' status link.

Reads for staff (``GET /api/v1/initiatives?municipality=GM…`` and ``/initiatives/{id}``)
start from ``InitiativePolicy().instances_for(user, "view")``: every staff role within
its scope, and always the owner. The initiators' view (``/initiatives/status/{token}``)
needs no account: the unguessable token of their status link is the only key, and it
shows only what the status page shows (no internal notes, no escalations).

Writes (``POST``, signed in through the session, CSRF token required) go through the
same service functions as the pages (``services.change_status``, ``services.send_message``),
which check the policy themselves; the views check first to answer 404 for what the
caller may not see.

Answers: 403 without a session or without the right, 404 for what the caller may not
see at all, 400 with the messages of the service's ``ValidationError`` by field
(``wendbaar.api.errors``), 201 with the event appended to the trail.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    Prefetch,
    QuerySet,
    Sum,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response

from wendbaar.accounts.access import ACCESS_ATTR

from .. import selectors, services
from ..constants import PUBLIC_EVENTS, EventKind
from ..models import ConsentRequest, Initiative, InitiativeEvent, RuleConflict, Support
from ..permissions import VIEW, InitiativePolicy
from .serializers import (
    InitiativeDetailSerializer,
    InitiativeListQuerySerializer,
    InitiativeListSerializer,
    InitiativeMessageInputSerializer,
    InitiativeStaffEventSerializer,
    InitiativeStatusInputSerializer,
    InitiativeStatusLinkSerializer,
)


def annotated(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What the staff serializers read: the overdue flag (overdue first, as on the work
    list), the hand-overs as the flags count them, and the other counts, in one query
    with the area, the owner and the project."""
    money = DecimalField(max_digits=14, decimal_places=2)
    return selectors.with_facts(
        queryset.with_overdue_flag(timezone.localdate()).select_related("area", "owner", "project")
    ).annotate(
        rule_conflict_count=selectors.per_initiative(RuleConflict, Count("pk"), IntegerField(), 0),
        support_count=selectors.per_initiative(Support, Count("pk"), IntegerField(), 0),
        support_total=selectors.per_initiative(Support, Sum("amount"), money, Decimal("0")),
    )


class MayViewSomeInitiative(BasePermission):
    """Staff: holds ``initiatives.view_initiative`` somewhere, or owns an initiative.
    The initiative itself is checked through the policy's scoped queryset."""

    def has_permission(self, request, view) -> bool:
        return InitiativePolicy().may_anywhere(request.user, "view")


class MayChangeSomeInitiative(BasePermission):
    """Holds ``initiatives.change_initiative`` somewhere, or owns an initiative (a
    partner's person follows up the ones they own)."""

    def has_permission(self, request, view) -> bool:
        return InitiativePolicy().may_anywhere(request.user, "change")


ERRORS = {
    403: OpenApiResponse(description="Not signed in, or no role that may see initiatives."),
}


@extend_schema(
    summary="Residents' initiatives of a municipality (staff)",
    description=(
        "The initiatives of one gemeente the caller may see (their role's scope, and the "
        "ones they are the contact person of), the overdue ones first. Never the "
        "initiators' contact details. A missing or unknown municipality is 400."
    ),
    parameters=[InitiativeListQuerySerializer],
    responses={
        200: InitiativeListSerializer(many=True),
        400: OpenApiResponse(description="Missing or unknown municipality, or a bad filter."),
        **ERRORS,
    },
    tags=["initiatives"],
)
class InitiativeList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, MayViewSomeInitiative]
    serializer_class = InitiativeListSerializer

    def get_queryset(self) -> QuerySet[Initiative]:
        query = InitiativeListQuerySerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        params = query.validated_data
        initiatives = (
            InitiativePolicy()
            .instances_for(self.request.user, "view")
            .filter(municipality_code=params["municipality"].code)
        )
        if params.get("status"):
            initiatives = initiatives.filter(status=params["status"])
        if params.get("overdue") is not None:
            overdue = Initiative.objects.overdue(timezone.localdate()).values("pk")
            if params["overdue"]:
                initiatives = initiatives.filter(pk__in=overdue)
            else:
                initiatives = initiatives.exclude(pk__in=overdue)
        return annotated(initiatives)


def _visible(request, pk: int) -> Initiative:
    """The initiative for a staff read: 404 unless the caller may see it."""
    queryset = annotated(InitiativePolicy().instances_for(request.user, "view"))
    return get_object_or_404(
        queryset.prefetch_related(
            Prefetch("events", InitiativeEvent.objects.order_by("at", "id")),
            Prefetch("consent_requests", ConsentRequest.objects.select_related("project")),
        ),
        pk=pk,
    )


@extend_schema(
    summary="One residents' initiative with its whole trail (staff)",
    description=(
        "As in the list, with every event of the trail; internal ones (notes, "
        "escalations) are marked, the initiators do not see them."
    ),
    responses={
        200: InitiativeDetailSerializer,
        **ERRORS,
        404: OpenApiResponse(description="Unknown, or not visible to the caller."),
    },
    tags=["initiatives"],
)
class InitiativeDetail(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, MayViewSomeInitiative]
    serializer_class = InitiativeDetailSerializer

    def get(self, request, pk: int):
        return Response(InitiativeDetailSerializer(_visible(request, pk)).data)


@extend_schema(
    summary="The initiators' view through their private status link (no account)",
    description=(
        "Status, contact person (name and role), the promised dates and what happened, "
        "without internal notes and escalations. An unknown or erased link is 404. "
        "Never cached (Cache-Control: no-store)."
    ),
    responses={
        200: InitiativeStatusLinkSerializer,
        404: OpenApiResponse(description="No initiative has this link (any more)."),
    },
    tags=["initiatives"],
)
class InitiativeStatusLink(generics.GenericAPIView):
    permission_classes = [AllowAny]
    # No session needed, and none is read: the token is the key.
    authentication_classes: list[type] = []
    serializer_class = InitiativeStatusLinkSerializer

    def get(self, request, token: str):
        public = Prefetch(
            "events",
            InitiativeEvent.objects.filter(kind__in=sorted(PUBLIC_EVENTS)).order_by("at", "id"),
            to_attr="public_events",
        )
        queryset = Initiative.objects.select_related("area", "owner", "project").prefetch_related(
            public, Prefetch("consent_requests", ConsentRequest.objects.select_related("project"))
        )
        try:
            initiative = queryset.get(status_token_hash=services.token_hash(token))
        except Initiative.DoesNotExist:
            raise Http404 from None
        return Response(InitiativeStatusLinkSerializer(initiative).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The link is a key: no copy of the answer (or of a 404) in any cache.
        add_never_cache_headers(response)
        return response


# --- writes ----------------------------------------------------------------------------

WRITE_ERRORS = {
    400: OpenApiResponse(description="Invalid input, or refused by the service's rules."),
    403: OpenApiResponse(description="Not signed in, no CSRF token, or not allowed."),
    404: OpenApiResponse(description="Unknown, or not visible to the caller."),
}


class _TrailWrite(generics.GenericAPIView):
    """Appends to an initiative's trail through one service function."""

    permission_classes = [IsAuthenticated, MayChangeSomeInitiative]

    def perform(self, initiative: Initiative, data: dict[str, Any]) -> InitiativeEvent:
        raise NotImplementedError

    def post(self, request, pk: int):
        # 404 unless the caller may see it, 403 unless they may change it.
        initiative = InitiativePolicy().get_for_user(request.user, "change", pk=pk)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = self.perform(initiative, data.validated_data)
        return Response(InitiativeStaffEventSerializer(event).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Change the status of an initiative",
    description=(
        "Moves the initiative along its workflow and tells the initiators. Stopped and "
        "not possible need the reason the initiators read; a move the workflow does not "
        "allow is 400 with the reason. Allowed to the contact person, and to district "
        "managers and the programme bureau within their scope."
    ),
    request=InitiativeStatusInputSerializer,
    responses={201: InitiativeStaffEventSerializer, **WRITE_ERRORS},
    tags=["initiatives"],
)
class InitiativeStatusCreate(_TrailWrite):
    serializer_class = InitiativeStatusInputSerializer

    def perform(self, initiative: Initiative, data: dict[str, Any]) -> InitiativeEvent:
        services.change_status(initiative=initiative, by=self.request.user, **data)
        return initiative.events.filter(kind=EventKind.STATUS_CHANGED).latest("id")


@extend_schema(
    summary="Send a message or a question to the initiators",
    description=(
        "Appends the message to the trail and mails the initiators their link; the first "
        "one counts as the first answer. Same callers as the status change."
    ),
    request=InitiativeMessageInputSerializer,
    responses={201: InitiativeStaffEventSerializer, **WRITE_ERRORS},
    tags=["initiatives"],
)
class InitiativeMessageCreate(_TrailWrite):
    serializer_class = InitiativeMessageInputSerializer

    def perform(self, initiative: Initiative, data: dict[str, Any]) -> InitiativeEvent:
        return services.send_message(initiative=initiative, by=self.request.user, **data)


# The access declaration every view carries (accounts/access.py). DRF enforces it through
# the permission classes above, so the classes are marked rather than wrapped: the
# decorators' wrappers would answer an API client with a login redirect instead of 403.
# The writes are "signed_in": a partner's person who owns an initiative follows it up
# without holding initiatives.change_initiative; the policy decides per initiative.
setattr(InitiativeList, ACCESS_ATTR, f"permission:{VIEW}")
setattr(InitiativeDetail, ACCESS_ATTR, f"permission:{VIEW}")
setattr(InitiativeStatusCreate, ACCESS_ATTR, "signed_in")
setattr(InitiativeMessageCreate, ACCESS_ATTR, "signed_in")

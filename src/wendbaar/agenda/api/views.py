"""The wijkaanpak API: permission-scoped reads and a few writes.

Reads: ``GET /api/v1/wijkaanpakken`` and ``/api/v1/wijkaanpakken/{id}``. Published
wijkaanpakken are public (as on the pages); drafts only for users whose role grants
``approaches.view_approach`` for one of its areas.

Writes (``POST``, signed in through the session, CSRF token required) do what the
project and goal pages do, with the same checks and the same service functions:

* a progress update or a status change of a project: ``may_change_project`` (the
  programmabureau and wijkmanagers in their scope, partners for the projects of their
  own organisation);
* a measurement of a local goal indicator: ``agenda.add_indicatormeasurement`` for one
  of the wijkaanpak's areas.

The services check the same rules themselves (``accounts.policies.require``); the views
check first to answer 404 for what the caller may not see.

Answers: 403 without a session or without the right (held nowhere, or not for this
object while the caller may see it), 404 for what the caller may not see at all (a
draft outside the scope, an id of another wijkaanpak), 400 with the messages of the
service's ``ValidationError`` by field (``wendbaar.api.errors``), 201 with the created row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response

from wendbaar.accounts.access import ACCESS_ATTR
from wendbaar.accounts.policies import has_permission_anywhere
from wendbaar.approaches.permissions import get_approach_for_user
from wendbaar.approaches.selectors import approaches_for_user

from .. import services
from ..models import Goal, GoalIndicator, IndicatorMeasurement
from ..permissions import ProjectPolicy, get_project_for_user
from ..selectors import approach_overview
from .serializers import (
    ApproachDetailSerializer,
    ApproachListSerializer,
    MeasurementCorrectionSerializer,
    MeasurementInputSerializer,
    MeasurementSerializer,
    ProgressCorrectionSerializer,
    ProgressInputSerializer,
    ProgressUpdateSerializer,
    StatusChangeSerializer,
    StatusInputSerializer,
    WithdrawInputSerializer,
    WithdrawnMeasurementSerializer,
    WithdrawnProgressSerializer,
)

ADD_MEASUREMENT = "agenda.add_indicatormeasurement"


@extend_schema(
    summary="Neighbourhood approaches the caller may see",
    description="Published approaches for everyone; drafts within the caller's area scope.",
    tags=["wijkaanpak"],
)
class ApproachList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ApproachListSerializer

    def get_queryset(self):
        return approaches_for_user(self.request.user)


@extend_schema(
    summary="One neighbourhood approach: goals, indicators, projects, money, coalition",
    description=(
        "Goals with their indicators (baseline, target, actual from the monitor or local "
        "measurements), projects with status, progress and funding by party, the "
        "coalition today and the warnings of a weak programme."
    ),
    responses=ApproachDetailSerializer,
    tags=["wijkaanpak"],
)
class ApproachDetail(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ApproachDetailSerializer

    def get(self, request, pk: int):
        approach = get_approach_for_user(request.user, pk)
        overview = approach_overview(request.user, approach)
        context = {"request": request}
        return Response(ApproachDetailSerializer(overview, context=context).data)


# --- writes ----------------------------------------------------------------------------


class MayChangeSomeProject(BasePermission):
    """Holds ``agenda.change_project`` or ``change_own_project`` somewhere; the
    project itself is checked in the view (``may_change_project``)."""

    def has_permission(self, request, view) -> bool:
        return ProjectPolicy().may_anywhere(request.user, "change")


class MayAddMeasurementSomewhere(BasePermission):
    """Holds ``agenda.add_indicatormeasurement`` somewhere; the wijkaanpak is checked
    in the view (``get_approach_for_user(..., perm=ADD_MEASUREMENT)``)."""

    def has_permission(self, request, view) -> bool:
        return has_permission_anywhere(request.user, ADD_MEASUREMENT)


def _changeable_project(request, pk: int, project_id: int):
    """As on the pages: 404 unless the caller may see the project, 403 unless they may
    change it."""
    approach = get_approach_for_user(request.user, pk)
    return get_project_for_user(request.user, approach, project_id, "change")


class _ProjectHistoryCreate(generics.GenericAPIView):
    """Appends a row to a project's history through one service function."""

    permission_classes = [IsAuthenticated, MayChangeSomeProject]
    service: Callable[..., Any]
    output_serializer: type[serializers.Serializer]

    def post(self, request, pk: int, project_id: int):
        project = _changeable_project(request, pk, project_id)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = self.service(project=project, by=request.user, **data.validated_data)
        return Response(self.output_serializer(row).data, status=status.HTTP_201_CREATED)


WRITE_ERRORS = {
    400: OpenApiResponse(description="Invalid input, or refused by the service's rules."),
    403: OpenApiResponse(description="Not signed in, no CSRF token, or not allowed."),
    404: OpenApiResponse(description="Unknown, or not visible to the caller."),
}


@extend_schema(
    summary="Report the progress of a project",
    description=(
        "Appends a progress update (story, percentage, output figures) to the project's "
        "history. Allowed to the programme bureau and district managers within their "
        "scope and to partners for the projects of their own organisation."
    ),
    request=ProgressInputSerializer,
    responses={201: ProgressUpdateSerializer, **WRITE_ERRORS},
    tags=["wijkaanpak"],
)
class ProjectProgressCreate(_ProjectHistoryCreate):
    serializer_class = ProgressInputSerializer
    service = staticmethod(services.report_progress)
    output_serializer = ProgressUpdateSerializer


@extend_schema(
    summary="Change the status of a project",
    description=(
        "Appends a status change to the project's history (planned, running, paused, "
        "completed, stopped). A move the workflow does not allow (e.g. planned → "
        "completed) is answered with 400. Allowed to the same callers as progress."
    ),
    request=StatusInputSerializer,
    responses={201: StatusChangeSerializer, **WRITE_ERRORS},
    tags=["wijkaanpak"],
)
class ProjectStatusCreate(_ProjectHistoryCreate):
    serializer_class = StatusInputSerializer
    service = staticmethod(services.change_project_status)
    output_serializer = StatusChangeSerializer


@extend_schema(
    summary="Record a measurement of a local goal indicator",
    description=(
        "Appends a measured value (year, value, source) of a locally defined indicator; "
        "the latest year becomes its actual value. Indicators from the monitor take "
        "their values from the monitor's observations (400). Allowed to the programme "
        "bureau and district managers who may edit the approach."
    ),
    request=MeasurementInputSerializer,
    responses={201: MeasurementSerializer, **WRITE_ERRORS},
    tags=["wijkaanpak"],
)
class IndicatorMeasurementCreate(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, MayAddMeasurementSomewhere]
    serializer_class = MeasurementInputSerializer

    def post(self, request, pk: int, goal_id: int, indicator_id: int):
        approach = get_approach_for_user(request.user, pk, perm=ADD_MEASUREMENT)
        goal = get_object_or_404(Goal, pk=goal_id, approach=approach)
        indicator = get_object_or_404(GoalIndicator, pk=indicator_id, goal=goal)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        measurement = services.record_indicator_measurement(
            indicator=indicator,
            by=request.user,
            **data.validated_data,
        )
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


# The access declaration every view carries (accounts/access.py). DRF enforces it through
# the permission classes above, so the classes are marked rather than wrapped: the
# decorators' wrappers would answer an API client with a login redirect instead of 403.
# The project writes are "signed_in" like their pages (the policy decides per project,
# for staff and partners alike); the view-level check is stricter than that.
setattr(ProjectProgressCreate, ACCESS_ATTR, "signed_in")
setattr(ProjectStatusCreate, ACCESS_ATTR, "signed_in")
setattr(IndicatorMeasurementCreate, ACCESS_ATTR, f"permission:{ADD_MEASUREMENT}")


# --- corrections: a progress report or a measurement corrected or withdrawn --------------
# The same services as the pages: a withdrawn record counts nowhere and is no longer
# found here (404); a refusal is a 400 with the service's messages.

CHANGE_MEASUREMENT = "agenda.change_indicatormeasurement"


class MayCorrectMeasurementSomewhere(BasePermission):
    def has_permission(self, request, view) -> bool:
        return has_permission_anywhere(request.user, CHANGE_MEASUREMENT)


def _progress_update(request, pk: int, project_id: int, update_id: int):
    project = _changeable_project(request, pk, project_id)
    return get_object_or_404(project.progress_updates, pk=update_id)


def _measurement(request, pk: int, goal_id: int, indicator_id: int, measurement_id: int):
    approach = get_approach_for_user(request.user, pk, perm=CHANGE_MEASUREMENT)
    return get_object_or_404(
        IndicatorMeasurement.objects.select_related("indicator__goal"),
        pk=measurement_id,
        indicator_id=indicator_id,
        indicator__goal_id=goal_id,
        indicator__goal__approach=approach,
    )


@extend_schema(
    summary="Correct a progress report",
    description=(
        "Changes the story, percentage, date or output figures of a progress report; the "
        "audit log keeps old and new. Allowed to the callers who may report progress on "
        "the project (a partner for its own organisation's projects only: 403 otherwise)."
    ),
    request=ProgressCorrectionSerializer,
    responses={200: ProgressUpdateSerializer, **WRITE_ERRORS},
    tags=["wijkaanpak"],
)
class ProgressUpdateCorrect(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, MayChangeSomeProject]
    serializer_class = ProgressCorrectionSerializer

    def patch(self, request, pk: int, project_id: int, update_id: int):
        update = _progress_update(request, pk, project_id, update_id)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.correct_progress(update=update, by=request.user, **data.validated_data)
        return Response(ProgressUpdateSerializer(row).data)


@extend_schema(
    summary="Withdraw a progress report",
    description=(
        "Withdraws a progress report with a reason: it no longer counts as the project's "
        "progress or last report, and stays in the project's history. Same callers as "
        "the correction."
    ),
    request=WithdrawInputSerializer,
    responses={200: WithdrawnProgressSerializer, **WRITE_ERRORS},
    tags=["wijkaanpak"],
)
class ProgressUpdateWithdraw(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, MayChangeSomeProject]
    serializer_class = WithdrawInputSerializer

    def post(self, request, pk: int, project_id: int, update_id: int):
        update = _progress_update(request, pk, project_id, update_id)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.withdraw_progress(update=update, by=request.user, **data.validated_data)
        return Response(WithdrawnProgressSerializer(row).data)


@extend_schema(
    summary="Correct a measurement of a local goal indicator",
    description=(
        "Changes the year, value or note of a measurement; the audit log keeps old and "
        "new. Allowed to the programme bureau and district managers who may edit the "
        "approach."
    ),
    request=MeasurementCorrectionSerializer,
    responses={200: MeasurementSerializer, **WRITE_ERRORS},
    tags=["wijkaanpak"],
)
class IndicatorMeasurementCorrect(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, MayCorrectMeasurementSomewhere]
    serializer_class = MeasurementCorrectionSerializer

    def patch(self, request, pk: int, goal_id: int, indicator_id: int, measurement_id: int):
        measurement = _measurement(request, pk, goal_id, indicator_id, measurement_id)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.correct_indicator_measurement(
            measurement=measurement, by=request.user, **data.validated_data
        )
        return Response(MeasurementSerializer(row).data)


@extend_schema(
    summary="Withdraw a measurement of a local goal indicator",
    description=(
        "Withdraws a measurement with a reason: it no longer counts as the indicator's "
        "actual value and stays in the indicator's history. Same callers as the correction."
    ),
    request=WithdrawInputSerializer,
    responses={200: WithdrawnMeasurementSerializer, **WRITE_ERRORS},
    tags=["wijkaanpak"],
)
class IndicatorMeasurementWithdraw(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, MayCorrectMeasurementSomewhere]
    serializer_class = WithdrawInputSerializer

    def post(self, request, pk: int, goal_id: int, indicator_id: int, measurement_id: int):
        measurement = _measurement(request, pk, goal_id, indicator_id, measurement_id)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.withdraw_indicator_measurement(
            measurement=measurement, by=request.user, **data.validated_data
        )
        return Response(WithdrawnMeasurementSerializer(row).data)


setattr(ProgressUpdateCorrect, ACCESS_ATTR, "signed_in")
setattr(ProgressUpdateWithdraw, ACCESS_ATTR, "signed_in")
setattr(IndicatorMeasurementCorrect, ACCESS_ATTR, f"permission:{CHANGE_MEASUREMENT}")
setattr(IndicatorMeasurementWithdraw, ACCESS_ATTR, f"permission:{CHANGE_MEASUREMENT}")

"""``/api/v1/areas/{code}/stories`` and ``/api/v1/areas/{code}/signals``.

The first is open (what a caller sees follows the story policy: anonymous callers get
published stories with public consent); the second is for staff holding
``stories.view_signal`` in the area's scope.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, BasePermission

from wendbaar.accounts.access import ACCESS_ATTR
from wendbaar.accounts.policies import has_permission_anywhere, may
from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme

from ..permissions import VIEW_SIGNAL
from ..querysets import Period
from ..selectors import signals_for_user, stories_for_area
from .serializers import SignalSerializer, StorySerializer


def _area(code: str) -> Area:
    try:
        return Area.objects.get(code=code.strip().upper())
    except Area.DoesNotExist:
        raise Http404 from None


class HoldsSignalPermission(BasePermission):
    """Signed in and holding ``stories.view_signal`` somewhere (the area is checked in
    the view: out of scope is 403, unknown area 404)."""

    def has_permission(self, request, view) -> bool:
        return has_permission_anywhere(request.user, VIEW_SIGNAL)


PERIOD = OpenApiParameter(
    "period", OpenApiTypes.STR, description="A year (2024) or a quarter (2024-Q2)."
)


@extend_schema(
    summary="Published stories about an area (a wijk includes its buurten)",
    description=(
        "Anonymous callers get stories with public consent only; signed-in staff also "
        "the internal ones within the scope of their role."
    ),
    parameters=[
        OpenApiParameter("theme", OpenApiTypes.STR, enum=Theme.values),
        OpenApiParameter("indicator", OpenApiTypes.STR, description="Monitor indicator code."),
        PERIOD,
    ],
)
class AreaStories(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = StorySerializer

    def get_queryset(self):
        area = _area(self.kwargs["code"])
        params = self.request.query_params
        theme = params.get("theme") if params.get("theme") in Theme.values else None
        return stories_for_area(
            self.request.user,
            area,
            theme=theme,
            indicator=params.get("indicator") or None,
            period=Period.parse(params.get("period")),
        )


@extend_schema(
    summary="Signals from an area (staff only)",
    description="Requires the permission stories.view_signal within the area's scope.",
    parameters=[PERIOD],
)
class AreaSignals(generics.ListAPIView):
    permission_classes = [HoldsSignalPermission]
    serializer_class = SignalSerializer

    def get_queryset(self):
        area = _area(self.kwargs["code"])
        if not may(self.request.user, VIEW_SIGNAL, area):
            raise PermissionDenied
        return signals_for_user(
            self.request.user,
            area=area,
            period=Period.parse(self.request.query_params.get("period")),
        )


# The access declaration every view carries (accounts/access.py): DRF enforces it through
# the permission classes above, so the class is marked instead of wrapped (a wrapper would
# answer an API client with a login redirect).
setattr(AreaSignals, ACCESS_ATTR, f"permission:{VIEW_SIGNAL}")

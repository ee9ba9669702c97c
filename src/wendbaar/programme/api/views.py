"""GET /api/v1/wijkaanpakken and /api/v1/wijkaanpakken/{id}: permission-scoped reads.

Published wijkaanpakken are public (as on the pages); drafts only for users whose role
grants ``programme.view_approach`` for one of its areas.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ..permissions import get_approach_for_user
from ..selectors import approach_overview, approaches_for_user
from .serializers import ApproachDetailSerializer, ApproachListSerializer


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
        return Response(ApproachDetailSerializer(approach_overview(approach)).data)

"""``/api/v1/areas/{code}/observations``, ``/api/v1/areas/{gemeente}/ranking`` and
``/api/v1/indicators``: open statistics.

All public (CBS and the other sources publish these figures as open data). Sensitive
indicators (e.g. origin) follow the pages' rule (``selectors.may_see_sensitive``): their
figures are listed, and named as a reason for urgency, only for staff with restricted
access to the area.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area

from ..models import Indicator, Observation
from ..selectors import may_see_sensitive
from .ranking import ranking_for
from .serializers import (
    RANKING_LEVELS,
    IndicatorSerializer,
    ObservationSerializer,
    PeriodQuerySerializer,
    RankingQuerySerializer,
    RankingSerializer,
)


@extend_schema(
    summary="Figures of one area (gemeente, wijk or buurt), optionally of one year",
    description=(
        "One row per indicator and year with its status. A secret, suppressed or not "
        "available figure has value null, never 0. The source names the table, column "
        "and year the figure comes from. Sensitive indicators are listed only for staff "
        "with restricted access to the area."
    ),
    parameters=[
        OpenApiParameter(
            "period",
            OpenApiTypes.INT,
            description="A year (YYYY); without it, every year. Malformed: 400.",
        )
    ],
)
class AreaObservations(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ObservationSerializer

    def get_queryset(self):
        query = PeriodQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        area = get_object_or_404(Area.objects.only("id", "code", "level"), code=self._code())
        observations = (
            Observation.objects.filter(area=area)
            .select_related("indicator")
            .only(
                "period",
                "value",
                "status",
                "source_table",
                "derivation",
                "indicator__code",
                "indicator__source",
                "indicator__source_table",
                "indicator__source_columns",
                "indicator__order",
            )
            .order_by("indicator__order", "indicator__code", "period")
        )
        period = query.validated_data.get("period")
        if period is not None:
            observations = observations.filter(period=period)
        if not may_see_sensitive(self.request.user, area):
            observations = observations.filter(indicator__sensitive=False)
        return observations

    def _code(self) -> str:
        return self.kwargs["code"].strip().upper()


@extend_schema(
    summary="The indicator catalogue",
    description=(
        "Every indicator with its Dutch and English name and definition, unit, decimals, "
        "themes, polarity and source (table and column per source format or year)."
    ),
)
class IndicatorList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.order_by("order", "code")


@extend_schema(
    summary="The urgency ranking of a gemeente's wijken or buurten",
    description=(
        "Exactly the ranking the gemeente's monitor page shows, in the same order: every "
        "ranked area with its score (mean theme deficit plus points per early warning), "
        "its theme positions in the ranking's period and its reasons by kind (weakest "
        "themes, weak outcomes, warnings, levers). A sensitive indicator is named as a "
        "reason only to staff with restricted access to the gemeente. Also the period, "
        "the data version, and the areas the analysis does not judge (too few residents)."
    ),
    parameters=[
        OpenApiParameter(
            "level",
            OpenApiTypes.STR,
            enum=list(RANKING_LEVELS),
            default="district",
            description="district (wijken) or neighbourhood (buurten). Another value: 400.",
        )
    ],
    responses={
        200: RankingSerializer,
        400: OpenApiResponse(description="Unknown level, with the reason by field."),
        404: OpenApiResponse(description="Not a gemeente code, or not in the analysis."),
    },
)
class AreaRanking(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = RankingSerializer
    pagination_class = None  # one gemeente's areas: at most a few hundred buurten

    def get(self, request, code: str):
        query = RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        municipality = get_object_or_404(
            Area.objects.only("id", "code", "name", "level", "municipality_code", "parent_id"),
            code=code.strip().upper(),
            level=AreaLevel.MUNICIPALITY,
        )
        ranking = ranking_for(request.user, municipality, query.validated_data["level"])
        return Response(RankingSerializer(ranking, context={"request": request}).data)

"""The reports API: ``/api/v1/wijkaanpakken/{id}/reports`` and one report with its chapters.

The same reads and the same visibility as the pages (``report_views``): the reports of a
wijkaanpak the caller may see (``selectors.visible_reports``), one report through
``get_report_for_user``, its content through ``selectors.content_of`` (frozen once
adopted). Anyone reads the adopted reports of a published wijkaanpak; a draft is its
writers' alone, so it is a 404 to everyone else, as is a report of a wijkaanpak the caller
may not see. Composed as the public reads it: a sensitive figure is hidden with no number.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from wendbaar.approaches.permissions import get_approach_for_user

from .. import selectors
from ..content import ChapterContent, ReportContent, ResultContent, VoiceContent
from ..models import Report
from ..permissions import get_report_for_user
from .serializers import ReportDetailSerializer, ReportListSerializer

ERRORS = {404: OpenApiResponse(description="Unknown, or not visible to the caller.")}


def _links(request, report: Report) -> dict[str, str]:
    kwargs = {"pk": report.approach_id, "report": report.pk}
    return {
        name: request.build_absolute_uri(reverse(f"reports:{route}", kwargs=kwargs))
        for name, route in (("html", "detail"), ("pdf", "pdf"), ("bundle", "bundle"))
    }


def _row(request, report: Report) -> dict[str, Any]:
    return {
        "pk": report.pk,
        "title": report.title,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "version": report.version,
        "status": report.status,
        "adopted_on": report.adopted_on,
        "corrects_id": report.corrects_id,
        "correction_reason": report.correction_reason,
        "links": _links(request, report),
    }


def _date(iso: str) -> str | None:
    return iso[:10] or None


def _voice(v: VoiceContent) -> dict[str, Any]:
    return {
        "title": v.title,
        "quote": v.quote,
        "told_by": v.told_by,
        "collected_on": _date(v.collected_on),
        "removed_on": _date(v.removed_on),
    }


NO_FIGURES = {
    "baseline": None,
    "baseline_year": None,
    "latest": None,
    "latest_year": None,
    "target": None,
    "target_year": None,
    "reference_start": None,
    "reference_end": None,
    "reference_areas": 0,
    "series": [],
    "by_buurt": [],
}


def _result(r: ResultContent) -> dict[str, Any]:
    row = {
        "name": r.name,
        "unit": r.unit,
        "decimals": r.decimals,
        "polarity": r.polarity,
        "from_monitor": r.from_monitor,
        "hidden": r.hidden,
        "baseline": r.baseline,
        "baseline_year": r.baseline_year,
        "baseline_source": r.baseline_source,
        "latest": r.latest,
        "latest_year": r.latest_year,
        "target": r.target,
        "target_year": r.target_year,
        "reference_start": r.reference_start,
        "reference_end": r.reference_end,
        "reference_areas": r.reference_areas,
        "series": [{"year": y, "value": v} for y, v in r.series],
        "by_buurt": [{"code": a.code, "name": a.name, "value": a.value} for a in r.area_figures],
        "provenance": r.provenance,
    }
    # The content keeps no figure of a sensitive indicator; the API says so once more.
    return {**row, **NO_FIGURES, "baseline_source": ""} if r.hidden else row


def _chapter(c: ChapterContent) -> dict[str, Any]:
    return {
        "id": c.chapter_id,
        "title": c.title,
        "voices": [_voice(v) for v in c.voices],
        "works": c.works,
        "not_yet": c.not_yet,
        "nothing_works": c.nothing_works,
        "nothing_fails": c.nothing_fails,
        "results": [_result(r) for r in c.results],
        "outputs": [
            {
                "project": o.project,
                "status": o.status,
                "progress": o.progress,
                "reported_on": _date(o.reported_on),
                "narrative": o.narrative,
                "figures": [{"label": lb, "value": v, "unit": u} for lb, v, u in o.figures],
            }
            for o in c.outputs
        ],
        "money": c.money,
    }


def _detail(request, report: Report, shown: ReportContent) -> dict[str, Any]:
    return {
        **_row(request, report),
        "approach": shown.approach,
        "municipality": shown.municipality,
        "introduction": shown.introduction,
        "opening": {
            "areas": list(shown.area_names),
            "key_figures": shown.key_figures,
            "voices": [_voice(v) for v in shown.opening_voices],
        },
        "chapters": [_chapter(c) for c in shown.chapters],
        "coalition": {"joined": shown.joined, "left": shown.left},
        "agenda_changes": shown.agenda_changes,
        "intentions": shown.intentions,
        "composed_at": shown.composed_at or None,
    }


@extend_schema(tags=["reports"])
class ReportList(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ReportListSerializer
    pagination_class = None  # one wijkaanpak's reports, answered as a plain list

    @extend_schema(
        summary="The progress reports of a wijkaanpak the caller may see",
        description=(
            "Newest period and version first, each with links to its page, its PDF and its "
            "open-data bundle. Adopted reports of a published wijkaanpak are public; reports "
            "under discussion are read by the writers and the partners in scope, drafts by "
            "the writers only (the programme bureau and the wijkmanager)."
        ),
        responses={200: ReportListSerializer(many=True), **ERRORS},
    )
    def get(self, request, pk: int):
        approach = get_approach_for_user(request.user, pk)
        rows = [_row(request, r) for r in selectors.visible_reports(request.user, approach)]
        return Response(ReportListSerializer(rows, many=True).data)


@extend_schema(tags=["reports"])
class ReportDetail(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ReportDetailSerializer

    @extend_schema(
        summary="One progress report with its chapters",
        description=(
            "The opening (areas, key figures, voices), per goal a chapter (voices, what works "
            "and what does not (yet) with how it is known, the results with their figures "
            "and provenance, the projects' outputs, the money per party), the coalition's "
            "and the agenda's changes, and the intentions. An adopted report is frozen: the "
            "same answer after later imports. A sensitive indicator is hidden: every figure "
            "null, never 0."
        ),
        responses={200: ReportDetailSerializer, **ERRORS},
    )
    def get(self, request, pk: int, report_id: int):
        approach = get_approach_for_user(request.user, pk)
        report = get_report_for_user(request.user, approach, report_id)
        shown = selectors.content_of(report)
        return Response(ReportDetailSerializer(_detail(request, report, shown)).data)

"""Reads of progress reports."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import content
from .compose import compose
from .models import Chapter, Comment, Report
from .permissions import reports_for


def content_of(report: Report) -> content.ReportContent:
    """What the report shows: frozen once adopted, composed from the apps before."""
    if report.snapshot is not None:
        return content.from_json(report.snapshot)
    return compose(report)


def visible_reports(user: Any, approach: Any) -> models.QuerySet[Report]:
    """The reports of ``approach`` that ``user`` may see, newest period and version first."""
    return (
        reports_for(user, approach).select_related("corrects").order_by("-period_start", "-version")
    )


def comments_by_chapter(report: Report) -> dict[int | None, list[Comment]]:
    """The partners' comments, per chapter id (None: on the report as a whole)."""
    out: dict[int | None, list[Comment]] = {}
    for c in report.comments.select_related("author", "organisation"):
        out.setdefault(c.chapter_id, []).append(c)
    return out


def chapters_of(report: Report) -> list[Chapter]:
    return list(report.chapters.prefetch_related("claims", "voices__story"))

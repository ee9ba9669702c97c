"""The report as readers see it: the list of a wijkaanpak's reports, the report itself
as a web page — narrative first, figures in the appendices — and the partners' comments
while it is under discussion. The writers' pages are ``compose_views``.

Thin views: ``selectors`` read (the frozen snapshot once adopted, composed before),
``services.add_comment`` writes and authorises. A report the user may not see is a 404
(a draft is its writers' alone); seen but not theirs to comment on, a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from wendbaar.accounts.access import public, signed_in
from wendbaar.approaches.models import Approach
from wendbaar.approaches.permissions import get_approach_for_user
from wendbaar.ui.forms import NLDesignForm, run_service

from . import selectors, services
from .constants import MAX_CLAIM_LENGTH, MEASUREMENT_HELP, MeasurementKind, Status
from .content import ChapterContent
from .forms import ReportCreateForm
from .layout import chapter_anchor, projects
from .models import Comment, Report
from .permissions import get_report_for_user, may, may_compose_in


class CommentForm(NLDesignForm, forms.Form):
    """A partner's comment on one chapter (``chapter``: its id) or, with ``chapter``
    empty, on the whole report (``services.add_comment``)."""

    chapter = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=MAX_CLAIM_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Read by the programme bureau, the wijkmanager and the other partners while "
            "the report is under discussion; comments are not part of the adopted report."
        ),
        error_messages={"required": gettext_lazy("Write your comment.")},
    )


def _comment_form(chapter_id: int | None, title: str = "", data: Any = None) -> CommentForm:
    """The form of one chapter (or, without ``chapter_id``, of the whole report): ids of
    its own, since the page holds one per chapter, and a label that names the chapter."""
    form = CommentForm(
        data,
        auto_id=f"id_comment_{chapter_id or 'report'}_%s",
        initial={"chapter": chapter_id or ""},
    )
    form.fields["text"].label = (
        _("Your comment on “%(chapter)s”") % {"chapter": title}
        if chapter_id
        else _("Your comment on the report as a whole")
    )
    return form


def detail_url(report: Report) -> str:
    return reverse("reports:detail", kwargs={"pk": report.approach_id, "report": report.pk})


# --- the list ------------------------------------------------------------------------------


@public
@require_safe
def report_list(request: HttpRequest, pk: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    reports = list(selectors.visible_reports(request.user, approach))
    may_compose = may_compose_in(request.user, approach)
    rows = [{"report": r, "url": detail_url(r), "status": Status(r.status).label} for r in reports]
    return render(
        request,
        "reports/report_list.html",
        {
            "approach": approach,
            "rows": rows,
            "may_compose": may_compose,
            # The writers' form: reports:create (compose_views) answers its POST.
            "form": ReportCreateForm() if may_compose else None,
        },
    )


# --- the report ----------------------------------------------------------------------------


@dataclass
class ChapterPart:
    """One goal chapter as the page lays it out: its number and anchor, and for the
    partners and writers the comments on it and the form to add one."""

    content: ChapterContent
    number: int
    anchor: str
    comments: list[Comment] = field(default_factory=list)
    form: CommentForm | None = None


def _page(
    request: HttpRequest,
    approach: Approach,
    report: Report,
    *,
    bound: CommentForm | None = None,
    bound_chapter: int | None = None,
) -> HttpResponse:
    """The report's page; ``bound``: a comment form sent with errors, shown again at its
    chapter (``bound_chapter``, None: the whole report) with what was typed."""
    user = request.user
    shown = selectors.content_of(report)
    may_compose = may(user, "compose", report)
    may_comment = may(user, "comment", report)
    # Comments belong to the discussion: the writers and the partners read them, the
    # readers of the adopted report (and the public) never do.
    show_comments = may_compose or may_comment
    comments = selectors.comments_by_chapter(report) if show_comments else {}
    chapter_ids = {c.chapter_id for c in shown.chapters}

    def form_for(chapter: ChapterContent | None) -> CommentForm | None:
        chapter_id = chapter.chapter_id if chapter else None
        if bound is not None and bound_chapter == chapter_id:
            return bound
        return _comment_form(chapter_id, chapter.title if chapter else "") if may_comment else None

    chapters = [
        ChapterPart(
            content=c,
            number=n,
            anchor=chapter_anchor(c.chapter_id),
            comments=comments.get(c.chapter_id, []),
            form=form_for(c),
        )
        for n, c in enumerate(shown.chapters, start=1)
    ]
    # A comment whose chapter is gone (a goal removed) counts for the whole report.
    report_comments = [
        c for chapter_id, rows in comments.items() if chapter_id not in chapter_ids for c in rows
    ]
    corrects = report.corrects if report.corrects_id else None
    corrected_by = (
        selectors.visible_reports(user, approach).filter(corrects=report).first()
        if report.is_frozen
        else None
    )
    return render(
        request,
        "reports/report_detail.html",
        {
            "approach": approach,
            "report": report,
            "shown": shown,
            "chapters": chapters,
            "projects": projects(shown.chapters),
            "adopted": report.status == Status.ADOPTED,
            "status_label": Status(report.status).label,
            "corrects": corrects,
            "corrected_by": corrected_by,
            "may_compose": may_compose,
            "may_comment": may_comment,
            "show_comments": show_comments,
            "report_comments": report_comments,
            "report_form": form_for(None),
            "comment_form": bound,  # for the error summary at the top
            "measurement_kinds": [
                (MeasurementKind(kind).label, help_text)
                for kind, help_text in MEASUREMENT_HELP.items()
            ],
        },
    )


@public
@require_safe
def report_detail(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    return _page(request, approach, get_report_for_user(request.user, approach, report))


# --- comments ------------------------------------------------------------------------------


MAX_ID = 2**63 - 1  # beyond a database's integer: no chapter, never a server error


def _chapter_id(raw: str | None) -> int | None:
    try:
        number = int(raw) if raw else None
    except ValueError:
        return None
    return number if number is not None and 0 < number <= MAX_ID else None


@signed_in
@require_POST
def report_comment(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    r = get_report_for_user(request.user, approach, report, "comment")
    raw = request.POST.get("chapter", "").strip()
    chapter_id = _chapter_id(raw)
    chapter = r.chapters.filter(pk=chapter_id).first() if chapter_id else None
    form = _comment_form(
        chapter.pk if chapter else None, chapter.goal_title if chapter else "", request.POST
    )
    if form.is_valid():
        if raw and chapter is None:
            form.add_error(None, _("That chapter is not part of this report."))
        elif run_service(
            form,
            services.add_comment,
            report=r,
            chapter=chapter,
            text=form.cleaned_data["text"],
            by=request.user,
        ):
            messages.success(
                request,
                _("Your comment has been saved. The writers read it before the report is adopted."),
            )
            return redirect(f"{detail_url(r)}#{chapter_anchor(chapter.pk if chapter else None)}")
    return _page(request, approach, r, bound=form, bound_chapter=chapter.pk if chapter else None)

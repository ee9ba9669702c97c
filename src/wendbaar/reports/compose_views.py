"""The writers' pages of a progress report: a new report, the compose page (the texts
around the chapters, how far each chapter is answered, what adoption still asks, the
road), one chapter (its claims, "nothing to report", its voices, beside the goal's
figures), the opening voices, a step on the road, and the correction of an adopted
report.

Thin views: ``selectors`` read, ``services`` write and authorise. Every page needs
``reports.change_report`` somewhere (``@permission``) and then looks the report up
through its policy: a report the user may not see is a 404, one they see but may not
compose a 403, before anything is written. A refused POST re-shows the page with what
was typed and the reasons (status 400); nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from wendbaar.accounts.access import permission
from wendbaar.agenda.constants import ProjectStatus
from wendbaar.approaches.permissions import get_approach_for_user
from wendbaar.ui.forms import run_service

from . import selectors, services, workflow
from .compose import period_of
from .constants import MEASUREMENT_HELP, MeasurementKind, Section, Status
from .content import ChapterContent, OutputContent, ResultContent
from .forms import ChapterForm, CorrectForm, MoveForm, OpeningForm, ReportCreateForm, ReportTextForm
from .models import Chapter, Report, Voice
from .permissions import COMPOSE, get_report_for_user, may_compose_in
from .quotable import eligible_stories


def _frozen() -> str:
    """The service's words (one msgid), said before the service is asked: a page opened
    before the report was adopted."""
    return _("An adopted report is frozen: a correction is a new version, with a reason.")


# --- helpers -------------------------------------------------------------------------------


def _report(request: HttpRequest, pk: int, report: int) -> Report:
    """The report to compose: 404 unless the user may see it, 403 unless they may compose
    it."""
    approach = get_approach_for_user(request.user, pk)
    found = get_report_for_user(request.user, approach, report, "compose")
    found.approach = approach  # read once, with its gemeente
    return found


def compose_url(report: Report) -> str:
    return reverse("reports:compose", kwargs={"pk": report.approach_id, "report": report.pk})


def _status(request: HttpRequest) -> int:
    """A page shown again after a POST was refused."""
    return 400 if request.method == "POST" else 200


def period_text(report: Report) -> str:
    start, end = report.period_start, report.period_end
    if (start, end) == period_of(start.year):
        return str(start.year)
    return f"{date_format(start)} \N{EN DASH} {date_format(end)}"


def _number(value: float, decimals: int) -> str:
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def result_line(r: ResultContent) -> str:
    """One outcome indicator as the report will show it, in one line: the latest figure,
    the baseline, the target and the reference group's change over the same years."""
    if r.hidden:
        return _("%(name)s: not public (the report never shows this figure).") % {"name": r.name}
    d, unit = r.decimals, f" {r.unit}" if r.unit else ""
    parts = []
    if r.latest is not None:
        parts.append(
            _("%(value)s in %(year)s")
            % {"value": _number(r.latest, d) + unit, "year": r.latest_year}
        )
    else:
        parts.append(_("no figure yet"))
    if r.baseline is not None:
        baseline = _number(r.baseline, d) + unit
        parts.append(
            _("baseline %(value)s (%(year)s)") % {"value": baseline, "year": r.baseline_year}
            if r.baseline_year
            else _("baseline %(value)s") % {"value": baseline}
        )
    if r.target is not None:
        target = _number(r.target, d) + unit
        parts.append(
            _("target %(value)s (%(year)s)") % {"value": target, "year": r.target_year}
            if r.target_year
            else _("target %(value)s") % {"value": target}
        )
    change = r.reference_change
    if change is not None:
        sign = "+" if change > 0 else ""
        parts.append(
            _("the reference group changed %(change)s over the same years")
            % {"change": sign + _number(change, d)}
        )
    return f"{r.name}: " + "; ".join(parts)


def output_line(o: OutputContent) -> str:
    """A project serving the goal, in one line: its status and latest progress."""
    status = str(ProjectStatus(o.status).label) if o.status in ProjectStatus.values else o.status
    if o.progress is None:
        return _("%(project)s: %(status)s, no progress reported in the period.") % {
            "project": o.project,
            "status": status.lower(),
        }
    return _("%(project)s: %(status)s, %(progress)s%% done (reported %(date)s).") % {
        "project": o.project,
        "status": status.lower(),
        "progress": o.progress,
        "date": date_format(dt.date.fromisoformat(o.reported_on), "j F Y") if o.reported_on else "",
    }


# --- a new report --------------------------------------------------------------------------


def _create_report(*, approach: Any, year: int, title: str, by: Any) -> Report:
    """``services.create_report`` for a calendar year; its complaints about the period
    are the year's."""
    start, end = period_of(year)
    try:
        return services.create_report(
            approach=approach, period_start=start, period_end=end, title=title, by=by
        )
    except ValidationError as e:
        if not hasattr(e, "error_dict"):
            raise
        by_field: dict[str, list[ValidationError]] = {}
        for field, errors in e.error_dict.items():
            name = "year" if field in ("period_start", "period_end") else field
            by_field.setdefault(name, []).extend(errors)
        raise ValidationError(by_field) from None


@permission(COMPOSE)
@require_http_methods(["GET", "HEAD", "POST"])
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new report for a year (posted from the list page); on a refusal, a small form
    with what was typed."""
    approach = get_approach_for_user(request.user, pk)
    if not may_compose_in(request.user, approach):
        raise PermissionDenied
    form = ReportCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        report = run_service(
            form,
            _create_report,
            approach=approach,
            year=form.cleaned_data["year"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
        if report is not None:
            messages.success(
                request,
                _("The report has been started as a draft, with a chapter per goal."),
            )
            return redirect(compose_url(report))
    return render(
        request,
        "reports/create_form.html",
        {"approach": approach, "form": form, "title": _("New progress report")},
        status=_status(request),
    )


# --- the compose page ----------------------------------------------------------------------


@dataclass(frozen=True)
class Half:
    """How one half of a chapter is answered, in words."""

    text: str
    answered: bool


def _half(claims: int, nothing: bool) -> Half:
    if claims:
        return Half(ngettext("%(n)s claim", "%(n)s claims", claims) % {"n": claims}, True)
    if nothing:
        return Half(_("nothing to report"), True)
    return Half(_("not answered yet"), False)


@dataclass(frozen=True)
class ChapterRow:
    chapter: Chapter
    works: Half
    not_yet: Half
    voices: int
    comments: int


def _chapter_rows(report: Report, comments: Counter) -> list[ChapterRow]:
    rows = []
    for c in selectors.chapters_of(report):
        claims = Counter(x.section for x in c.claims.all())
        rows.append(
            ChapterRow(
                chapter=c,
                works=_half(claims[Section.WORKS], c.nothing_works),
                not_yet=_half(claims[Section.NOT_YET], c.nothing_fails),
                voices=len(c.voices.all()),
                comments=comments[c.pk],
            )
        )
    return rows


def _step_label(step: str) -> str:
    return str(Status(step).label) if step in Status.values else step


def _compose_page(
    request: HttpRequest,
    report: Report,
    *,
    form: ReportTextForm | None = None,
    refused: MoveForm | None = None,
) -> HttpResponse:
    """The writers' overview of ``report``; ``refused``: a step that was refused, shown
    with its reasons in place of its fresh form."""
    editable = report.status in workflow.EDITABLE
    if form is None and editable:
        form = ReportTextForm(
            initial={
                "title": report.title,
                "introduction": report.introduction,
                "intentions": report.intentions,
            }
        )
    comments = Counter(
        {chapter: len(items) for chapter, items in selectors.comments_by_chapter(report).items()}
    )
    moves = [
        refused if refused is not None and refused.to_status == to else MoveForm(to=to)
        for to in workflow.next_statuses(report.status)
    ]
    steps = list(report.steps.select_related("by"))
    for s in steps:
        s.from_label, s.to_label = _step_label(s.from_step), _step_label(s.to_step)
    context = {
        "approach": report.approach,
        "report": report,
        "period": period_text(report),
        "editable": editable,
        "form": form,
        "refused": refused,
        "chapters": _chapter_rows(report, comments),
        "opening": list(Voice.objects.filter(report=report, chapter=None).select_related("story")),
        "general_comments": comments[None],
        "comments_total": sum(comments.values()),
        "gaps": services.adoption_gaps(report) if editable else [],
        "moves": moves,
        "steps": steps,
        "correction": report.corrections.first() if report.is_frozen else None,
    }
    return render(request, "reports/compose.html", context, status=_status(request))


@permission(COMPOSE)
@require_http_methods(["GET", "HEAD", "POST"])
def report_compose(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    """The writers' overview; its form saves the texts around the chapters."""
    r = _report(request, pk, report)
    if request.method != "POST":
        return _compose_page(request, r)
    form = ReportTextForm(request.POST)
    if r.is_frozen:
        # Sent from a page opened before adoption: the reason, and nothing saved.
        form.is_valid()
        form.add_error(None, _frozen())
    elif form.is_valid():
        saved = run_service(
            form, services.update_report, report=r, by=request.user, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("The texts have been saved."))
            return redirect(compose_url(r))
    return _compose_page(request, r, form=form)


# --- one chapter ---------------------------------------------------------------------------


def _voice_choices(report: Report, chapter: Chapter | None) -> tuple[list[Any], list[int]]:
    """The stories that may be quoted, those already chosen here first (in their order),
    then the rest newest first; each story knows where else the report quotes it
    (``elsewhere``). And the chosen stories' ids."""
    chosen = list(
        Voice.objects.filter(report=report, chapter=chapter).values_list("story_id", flat=True)
    )
    rank = {story_id: i for i, story_id in enumerate(chosen)}
    stories = sorted(
        eligible_stories(report).order_by("-collected_on", "-pk"),
        key=lambda s: rank.get(s.pk, len(rank)),
    )
    elsewhere: dict[int, list[str]] = {}
    for v in Voice.objects.filter(report=report).exclude(chapter=chapter).select_related("chapter"):
        where = v.chapter.goal_title if v.chapter else _("the opening")
        elsewhere.setdefault(v.story_id, []).append(where)
    for s in stories:
        s.elsewhere = elsewhere.get(s.pk, [])
    # A chosen story that can no longer be quoted (withdrawn, consent changed) is not
    # offered: saving the chapter drops it, as set_voices would refuse it.
    shown = {s.pk for s in stories}
    return stories, [i for i in chosen if i in shown]


def _chapter_content(report: Report, chapter: Chapter) -> ChapterContent | None:
    shown = selectors.content_of(report)
    return next((c for c in shown.chapters if c.chapter_id == chapter.pk), None)


def _save_chapter(
    *,
    report: Report,
    chapter: Chapter,
    by: Any,
    works: list[tuple[str, str]],
    not_yet: list[tuple[str, str]],
    nothing_works: bool,
    nothing_fails: bool,
    story_ids: list[int],
) -> Chapter:
    """The claims and the voices of one chapter, together: ``run_service`` runs this in
    one transaction, so refused voices leave the claims as they were too."""
    services.save_chapter(
        chapter=chapter,
        by=by,
        works=works,
        not_yet=not_yet,
        nothing_works=nothing_works,
        nothing_fails=nothing_fails,
    )
    services.set_voices(report=report, chapter=chapter, story_ids=story_ids, by=by)
    return chapter


def _refuse_when_frozen(request: HttpRequest, report: Report) -> HttpResponse | None:
    """On a GET of an adopted report's edit page: the reason, on the compose page."""
    if report.is_frozen and request.method != "POST":
        messages.error(request, _frozen())
        return redirect(compose_url(report))
    return None


@permission(COMPOSE)
@require_http_methods(["GET", "HEAD", "POST"])
def chapter_edit(request: HttpRequest, pk: int, report: int, chapter: int) -> HttpResponse:
    """One chapter: what works and what does not (yet), and its voices, beside the
    goal's figures as the report will show them."""
    r = _report(request, pk, report)
    ch = get_object_or_404(r.chapters.prefetch_related("claims"), pk=chapter)
    if (refusal := _refuse_when_frozen(request, r)) is not None:
        return refusal
    stories, chosen = _voice_choices(r, ch)
    form = ChapterForm(
        request.POST if request.method == "POST" else None,
        chapter=ch,
        stories=stories,
        chosen=chosen,
    )
    if request.method == "POST":
        if r.is_frozen:
            form.is_valid()
            form.add_error(None, _frozen())
        elif form.is_valid():
            saved = run_service(
                form, _save_chapter, report=r, chapter=ch, by=request.user, **form.content()
            )
            if saved is not None:
                messages.success(
                    request, _("The chapter “%(goal)s” has been saved.") % {"goal": ch.goal_title}
                )
                return redirect(f"{compose_url(r)}#chapter-{ch.pk}")
    facts = _chapter_content(r, ch)
    return render(
        request,
        "reports/chapter_form.html",
        {
            "approach": r.approach,
            "report": r,
            "chapter": ch,
            "form": form,
            "title": _("Chapter “%(goal)s”") % {"goal": ch.goal_title},
            "results": [result_line(x) for x in facts.results] if facts else [],
            "outputs": [output_line(x) for x in facts.outputs] if facts else [],
            "kinds": [(k.label, MEASUREMENT_HELP[k]) for k in MeasurementKind],
        },
        status=_status(request),
    )


# --- the opening voices --------------------------------------------------------------------


@permission(COMPOSE)
@require_http_methods(["GET", "HEAD", "POST"])
def opening_edit(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    """The voices that open the report, beside the map of the wijk."""
    r = _report(request, pk, report)
    if (refusal := _refuse_when_frozen(request, r)) is not None:
        return refusal
    stories, chosen = _voice_choices(r, None)
    form = OpeningForm(
        request.POST if request.method == "POST" else None, stories=stories, chosen=chosen
    )
    if request.method == "POST":
        if r.is_frozen:
            form.is_valid()
            form.add_error(None, _frozen())
        elif form.is_valid():
            saved = run_service(
                form,
                services.set_voices,
                report=r,
                chapter=None,
                story_ids=form.story_ids(),
                by=request.user,
            )
            if saved is not None:
                messages.success(request, _("The opening voices have been saved."))
                return redirect(f"{compose_url(r)}#opening")
    return render(
        request,
        "reports/opening_form.html",
        {"approach": r.approach, "report": r, "form": form, "title": _("Opening voices")},
        status=_status(request),
    )


# --- the road ------------------------------------------------------------------------------


def _moved_message(to: str) -> str:
    if to == Status.REVIEW:
        return _("The report is under discussion: coalition partners can read it and comment.")
    if to == Status.ADOPTED:
        return _("The report has been adopted. It is frozen from now on.")
    return _("The report is a draft again.")


@permission(COMPOSE)
@require_POST
def report_move(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    """One step on the road (field ``to``, optional ``note``). A refusal — an illegal
    step, or chapters not answered yet — shows the compose page with the reasons."""
    r = _report(request, pk, report)
    to = request.POST.get("to", "")
    # A step the workflow forbids has nothing to confirm: the service says why not.
    form = MoveForm(request.POST, to=to if workflow.allowed(r.status, to) else None)
    if form.is_valid():
        moved = run_service(
            form,
            services.move_report,
            report=r,
            to=to,
            note=form.cleaned_data["note"],
            by=request.user,
        )
        if moved is not None:
            messages.success(request, _moved_message(to))
            return redirect(compose_url(r))
    return _compose_page(request, r, refused=form)


# --- a correction --------------------------------------------------------------------------


@permission(COMPOSE)
@require_http_methods(["GET", "HEAD", "POST"])
def report_correct(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    """A new version of an adopted report, as a draft, with the reason why."""
    r = _report(request, pk, report)
    if not r.is_frozen and request.method != "POST":
        messages.error(request, _("Only an adopted report is corrected; a draft is just edited."))
        return redirect(compose_url(r))
    form = CorrectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        new = run_service(
            form,
            services.correct_report,
            report=r,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        if new is not None:
            messages.success(
                request,
                _(
                    "Version %(version)s has been started as a draft with the reason; the "
                    "adopted version stays as it was."
                )
                % {"version": new.version},
            )
            return redirect(compose_url(new))
    return render(
        request,
        "reports/correct_form.html",
        {
            "approach": r.approach,
            "report": r,
            "form": form,
            "title": _("Correct “%(title)s”") % {"title": r.title},
            "correction": r.corrections.first(),
        },
        status=_status(request),
    )

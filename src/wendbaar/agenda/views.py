"""Pages of the wijkaanpak: thin views over selectors, policies and services."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wendbaar.accounts.access import permission, public, signed_in
from wendbaar.approaches.constants import STEP_QUESTIONS
from wendbaar.approaches.permissions import get_approach_for_user, may_edit_approach
from wendbaar.monitor.selectors import indicator_choices
from wendbaar.ui.forms import run_service
from wendbaar.ui.views import form_page

from . import services
from .charts import party_theme_chart
from .forms import (
    FundingForm,
    GoalForm,
    GoalIndicatorForm,
    MeasurementForm,
    MoneyFlowForm,
    ProgressForm,
    ProjectForm,
    StatusForm,
)
from .models import GoalIndicator
from .permissions import get_project_for_user, may_add_project, may_change_project
from .selectors import approach_overview, money_overview, project_state, projects_of
from .warnings import Warning as ProgrammeWarning


def warning_text(w: ProgrammeWarning) -> str:
    from wendbaar.organisations.constants import PartyGroup

    p = w.params
    if w.code == "coalition_missing_party":
        return _("The coalition has no %(group)s.") % {
            "group": str(PartyGroup(p["group"]).label).lower()
        }
    if w.code == "project_carousel":
        return (
            _(
                "Project carousel: %(count)s of %(total)s projects (%(percent)s%%) are short, "
                "small and without follow-up. Fewer actions with a long breath?"
            )
            % p
        )
    if w.code == "goal_without_project":
        return _("No project serves the goal “%(goal)s”.") % p
    if w.code == "goal_without_indicator":
        return _("The goal “%(goal)s” has no indicator.") % p
    if w.code == "too_many_indicators":
        return (
            _("The goal “%(goal)s” has %(count)s indicators; keep it simple: at most %(max)s.") % p
        )
    if w.code == "project_without_goal":
        return _("The project “%(project)s” serves no goal.") % p
    return w.code


# --- the wijkaanpak's page -------------------------------------------------------------


@public
def approach_detail(request, pk: int):
    approach = get_approach_for_user(request.user, pk)
    overview = approach_overview(request.user, approach)
    chart = party_theme_chart(
        overview.money.parties, overview.money.themes, overview.money.party_theme
    )
    return render(
        request,
        "agenda/approach_detail.html",
        {
            "approach": approach,
            "o": overview,
            "chart": chart,
            "warnings": [warning_text(w) for w in overview.warnings],
            "may_edit": may_edit_approach(request.user, approach),
            "may_add_project": may_add_project(request.user, approach),
            "step_questions": STEP_QUESTIONS,
        },
    )


# --- agenda ------------------------------------------------------------------------------


@permission("agenda.add_goal")
def goal_create(request, pk: int):
    approach = get_approach_for_user(request.user, pk, perm="agenda.add_goal")
    form = GoalForm(request.POST or None)
    return form_page(
        request,
        form,
        service=partial(services.add_goal, approach=approach, by=request.user),
        success_url=lambda goal: reverse(
            "agenda:indicator_create", kwargs={"pk": approach.pk, "goal": goal.pk}
        ),
        success_message=_("The goal has been added. Now add one to three indicators."),
        template="agenda/simple_form.html",
        context={"approach": approach, "title": _("New goal")},
    )


def _catalogue(user, approach) -> list[tuple[str, str]]:
    areas = [a.code for a in approach.areas.all()]
    return [(e.code, f"{e.name} ({e.unit_label})") for e in indicator_choices(user, areas=areas)]


@permission("agenda.add_goalindicator")
def indicator_create(request, pk: int, goal: int):
    approach = get_approach_for_user(request.user, pk, perm="agenda.add_goalindicator")
    goal_obj = get_object_or_404(approach.goals, pk=goal)
    form = GoalIndicatorForm(request.POST or None, catalogue=_catalogue(request.user, approach))
    return form_page(
        request,
        form,
        service=partial(services.add_goal_indicator, goal=goal_obj, by=request.user),
        success_url=f"{approach.get_absolute_url()}#goal-{goal_obj.pk}",
        success_message=_("The indicator has been added."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "title": _("New indicator for “%(goal)s”") % {"goal": goal_obj.title},
            "note": _("Keep it simple & smart: at most three indicators per goal.")
            if goal_obj.indicators.count() >= 3
            else "",
        },
    )


@permission("agenda.add_indicatormeasurement")
def measurement_create(request, pk: int, indicator: int):
    approach = get_approach_for_user(request.user, pk, perm="agenda.add_indicatormeasurement")
    ind = get_object_or_404(GoalIndicator, pk=indicator, goal__approach=approach)
    form = MeasurementForm(request.POST or None)
    return form_page(
        request,
        form,
        service=partial(services.record_indicator_measurement, indicator=ind, by=request.user),
        success_url=f"{approach.get_absolute_url()}#goal-{ind.goal_id}",
        success_message=_("The measurement has been recorded."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "title": _("New measurement of “%(indicator)s”") % {"indicator": ind},
        },
    )


# --- projects ----------------------------------------------------------------------------


@public
def project_detail(request, pk: int, project: int):
    approach = get_approach_for_user(request.user, pk)
    obj = get_project_for_user(request.user, approach, project)
    obj = projects_of(approach).get(pk=obj.pk)
    may_change = may_change_project(request.user, obj)
    return render(
        request,
        "agenda/project_detail.html",
        {
            "approach": approach,
            "project": obj,
            "state": project_state(obj, approach.budget_holder_id),
            "history": obj.status_changes.select_related("changed_by"),
            "may_change": may_change,
            "status_form": StatusForm() if may_change else None,
        },
    )


@permission("agenda.add_project")
def project_create(request, pk: int):
    approach = get_approach_for_user(request.user, pk)
    if not may_add_project(request.user, approach):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, approach=approach)
    return form_page(
        request,
        form,
        service=partial(services.create_project, approach=approach, by=request.user),
        success_url=lambda project: project,
        success_message=_("The project has been created."),
        template="agenda/project_form.html",
        context={"approach": approach, "project": None, "title": _("New project")},
    )


def _changeable_project(request, pk: int, project: int):
    approach = get_approach_for_user(request.user, pk)
    return approach, get_project_for_user(request.user, approach, project, "change")


@signed_in
def project_edit(request, pk: int, project: int):
    approach, obj = _changeable_project(request, pk, project)
    form = ProjectForm(
        request.POST or None, approach=approach, project=obj, initial=ProjectForm.initial_for(obj)
    )
    return form_page(
        request,
        form,
        service=partial(services.update_project, project=obj, by=request.user),
        success_url=obj,
        success_message=_("The project has been saved."),
        template="agenda/project_form.html",
        context={"approach": approach, "project": obj, "title": _("Edit project")},
    )


@signed_in
@require_POST
def project_status(request, pk: int, project: int):
    _approach, obj = _changeable_project(request, pk, project)
    form = StatusForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            services.change_project_status,
            project=obj,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        if done is not None:
            messages.success(request, _("The status has been changed."))
            return redirect(obj)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect(obj)


@signed_in
def progress_create(request, pk: int, project: int):
    approach, obj = _changeable_project(request, pk, project)
    form = ProgressForm(request.POST or None)
    return form_page(
        request,
        form,
        service=partial(services.report_progress, project=obj, by=request.user),
        success_url=obj,
        success_message=_("The progress update has been saved."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "project": obj,
            "title": _("Progress of “%(project)s”") % {"project": obj.title},
        },
    )


@signed_in
def funding_create(request, pk: int, project: int):
    approach, obj = _changeable_project(request, pk, project)
    form = FundingForm(request.POST or None, approach=approach)
    return form_page(
        request,
        form,
        service=partial(services.add_funding, project=obj, by=request.user),
        success_url=obj,
        success_message=_("The funding has been added."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "project": obj,
            "title": _("Funding for “%(project)s”") % {"project": obj.title},
        },
    )


# --- money -------------------------------------------------------------------------------


@public
def money(request, pk: int):
    approach = get_approach_for_user(request.user, pk)
    overview = money_overview(approach)
    return render(
        request,
        "agenda/money.html",
        {
            "approach": approach,
            "m": overview,
            "chart": party_theme_chart(overview.parties, overview.themes, overview.party_theme),
            "may_edit": may_edit_approach(request.user, approach),
        },
    )


@permission("agenda.add_moneyflow")
def money_flow_create(request, pk: int):
    approach = get_approach_for_user(request.user, pk, perm="agenda.add_moneyflow")
    form = MoneyFlowForm(request.POST or None, approach=approach)
    # run_service wraps the service in a transaction: a refused flow writes nothing.
    return form_page(
        request,
        form,
        service=partial(services.add_money_flow, approach=approach, by=request.user),
        success_url=reverse("agenda:money", kwargs={"pk": approach.pk}),
        success_message=_("The money flow has been added."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "title": _("Money spent in the district outside the projects"),
        },
    )

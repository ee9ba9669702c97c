"""Pages of the wijkaanpak: thin views over selectors, policies and services."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wendbaar.accounts.access import permission, public, signed_in
from wendbaar.approaches.constants import STEP_QUESTIONS
from wendbaar.approaches.permissions import (
    get_approach_for_user,
    may_edit_approach,
    may_in_approach,
)
from wendbaar.monitor.selectors import indicator_choices
from wendbaar.ui.forms import run_service
from wendbaar.ui.views import form_page

from . import services
from .charts import party_status_chart
from .constants import FundingStatus
from .forms import (
    AgendaRemoveForm,
    FundingEditForm,
    FundingForm,
    FundingStatusForm,
    GoalEditForm,
    GoalForm,
    GoalIndicatorEditForm,
    GoalIndicatorForm,
    MeasurementForm,
    MilestoneForm,
    MoneyFlowEditForm,
    MoneyFlowForm,
    ProgrammeLineForm,
    ProgressForm,
    ProjectForm,
    ReasonForm,
    RemoveForm,
    StatusForm,
    outputs_text,
)
from .models import Funding, GoalIndicator, IndicatorMeasurement, MoneyFlow
from .permissions import get_project_for_user, may_add_project, may_change_project
from .selectors import (
    approach_overview,
    funding_lines,
    money_overview,
    project_state,
    projects_of,
    status_history,
    status_labels,
    withdrawn_funding,
    withdrawn_measurements,
    withdrawn_progress,
)
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
    chart = party_status_chart(overview.money.by_party, status_labels())
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
            "history": status_history(obj),
            "withdrawn_progress": withdrawn_progress(obj),
            "funding_lines": funding_lines(obj),
            "funding_statuses": FundingStatus.choices,
            "withdrawn_funding": withdrawn_funding(obj),
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
    form = FundingForm(
        request.POST or None,
        approach=approach,
        over_commitment=services.allows_over_commitment(approach),
    )
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
            "note": _("The budget of this project is %(budget)s.")
            % {"budget": services.euros(obj.budget)}
            if obj.budget
            else "",
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
            "chart": party_status_chart(overview.by_party, status_labels()),
            "may_change_flows": may_in_approach(request.user, "agenda.change_moneyflow", approach),
            "may_withdraw_flows": may_in_approach(
                request.user, "agenda.delete_moneyflow", approach
            ),
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


def _funding_in(request, pk: int, project: int, funding: int):
    """A current funding line of a project the user may change (404 otherwise)."""
    approach, obj = _changeable_project(request, pk, project)
    return (
        approach,
        obj,
        get_object_or_404(Funding.objects.select_related("source"), pk=funding, project=obj),
    )


def _funding_words(line: Funding) -> dict:
    return {
        "party": line.source.name,
        "year": line.year,
        "amount": services.euros(line.amount),
        "status": line.get_status_display(),
    }


@signed_in
def funding_edit(request, pk: int, project: int, funding: int):
    approach, obj, line = _funding_in(request, pk, project, funding)
    form = FundingEditForm(
        request.POST or None,
        approach=approach,
        over_commitment=services.allows_over_commitment(approach),
        initial=FundingEditForm.initial_for(line),
    )
    return form_page(
        request,
        form,
        service=partial(services.update_funding, funding=line, by=request.user),
        success_url=f"{obj.get_absolute_url()}#funding",
        success_message=_("The funding line has been corrected."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "project": obj,
            "title": _("Correct funding: %(party)s, %(year)s") % _funding_words(line),
            "note": _(
                "The budget of this project is %(budget)s. Its status (%(status)s) moves on "
                "with the status buttons on the project page."
            )
            % {"budget": services.euros(obj.budget), "status": line.get_status_display()}
            if obj.budget
            else "",
        },
    )


@signed_in
def funding_withdraw(request, pk: int, project: int, funding: int):
    approach, obj, line = _funding_in(request, pk, project, funding)
    words = _funding_words(line)
    return _confirm(
        request,
        ReasonForm(request.POST or None),
        service=partial(services.withdraw_funding, funding=line, by=request.user),
        success_url=f"{obj.get_absolute_url()}#funding",
        success_message=_("The funding line has been withdrawn; it no longer counts."),
        context={
            "approach": approach,
            "project": obj,
            "title": _("Withdraw funding"),
            "question": _(
                "Withdraw %(amount)s from %(party)s for %(year)s (%(status)s)? It stops "
                "counting in every total and is kept on the project page as withdrawn."
            )
            % words,
            "details": [line.note] if line.note else [],
            "submit_label": _("Withdraw"),
            "cancel_url": f"{obj.get_absolute_url()}#funding",
        },
    )


@signed_in
@require_POST
def funding_status(request, pk: int, project: int, funding: int):
    """A tranche moves on (planned → committed → spent) from the project page."""
    _approach, obj, line = _funding_in(request, pk, project, funding)
    form = FundingStatusForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            services.change_funding_status,
            funding=line,
            status=form.cleaned_data["status"],
            by=request.user,
        )
        if done is not None:
            messages.success(request, _("The status of the funding has been changed."))
            return redirect(f"{obj.get_absolute_url()}#funding-{line.pk}")
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect(f"{obj.get_absolute_url()}#funding")


def _flow_in(request, pk: int, flow: int, perm: str):
    approach = get_approach_for_user(request.user, pk, perm=perm)
    line = get_object_or_404(
        MoneyFlow.objects.select_related("organisation"), pk=flow, approach=approach
    )
    return approach, line


@permission("agenda.change_moneyflow")
def money_flow_edit(request, pk: int, flow: int):
    approach, line = _flow_in(request, pk, flow, "agenda.change_moneyflow")
    form = MoneyFlowEditForm(
        request.POST or None, approach=approach, initial=MoneyFlowEditForm.initial_for(line)
    )
    return form_page(
        request,
        form,
        service=partial(services.update_money_flow, flow=line, by=request.user),
        success_url=reverse("agenda:money", kwargs={"pk": approach.pk}) + "#flows",
        success_message=_("The money flow has been corrected."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "title": _("Correct money flow: %(description)s") % {"description": line.description},
        },
    )


@permission("agenda.delete_moneyflow")
def money_flow_withdraw(request, pk: int, flow: int):
    approach, line = _flow_in(request, pk, flow, "agenda.delete_moneyflow")
    money_url = reverse("agenda:money", kwargs={"pk": approach.pk}) + "#flows"
    return _confirm(
        request,
        ReasonForm(request.POST or None),
        service=partial(services.withdraw_money_flow, flow=line, by=request.user),
        success_url=money_url,
        success_message=_("The money flow has been withdrawn; it no longer counts."),
        context={
            "approach": approach,
            "title": _("Withdraw money flow"),
            "question": _(
                "Withdraw %(amount)s of %(party)s for %(year)s (%(status)s)? It stops "
                "counting in every total and is kept on the money page as withdrawn."
            )
            % {
                "amount": services.euros(line.amount),
                "party": line.organisation.name,
                "year": line.year,
                "status": line.get_status_display(),
            },
            "details": [line.description],
            "submit_label": _("Withdraw"),
            "cancel_url": money_url,
        },
    )


# --- correcting the agenda: goals, indicators, measurements -----------------------------
# Each removal or withdrawal is a confirmation page with a POST form (a reason field);
# the service decides and refuses with a message the page shows.


def _confirm(request, form, *, service, success_url, success_message, context):
    """The confirmation page of a removal or withdrawal: ``form_page`` with
    ``agenda/confirm.html``. A service that returns nothing (a removal) still succeeds."""

    def done(**data):
        result = service(**data)
        return True if result is None else result

    return form_page(
        request,
        form,
        service=done,
        success_url=success_url,
        success_message=success_message,
        template="agenda/confirm.html",
        context=context,
    )


def _goal_in(request, pk: int, goal: int, perm: str):
    approach = get_approach_for_user(request.user, pk, perm=perm)
    return approach, get_object_or_404(approach.goals, pk=goal)


def _indicator_in(request, pk: int, indicator: int, perm: str):
    approach = get_approach_for_user(request.user, pk, perm=perm)
    return approach, get_object_or_404(
        GoalIndicator.objects.select_related("goal"), pk=indicator, goal__approach=approach
    )


def _measurement_in(request, pk: int, measurement: int):
    approach = get_approach_for_user(request.user, pk, perm="agenda.change_indicatormeasurement")
    return approach, get_object_or_404(
        IndicatorMeasurement.objects.select_related("indicator__goal"),
        pk=measurement,
        indicator__goal__approach=approach,
    )


@permission("agenda.change_goal")
def goal_edit(request, pk: int, goal: int):
    approach, obj = _goal_in(request, pk, goal, "agenda.change_goal")
    initial = {"title": obj.title, "description": obj.description, "themes": obj.themes}
    form = GoalEditForm(
        request.POST or None,
        initial=initial,
        set_before_today=services.change_needs_reason(obj),
        needed_for=_("the title or description"),
    )
    return form_page(
        request,
        form,
        service=partial(services.update_goal, goal=obj, by=request.user),
        success_url=f"{approach.get_absolute_url()}#goal-{obj.pk}",
        success_message=_("The goal has been saved."),
        template="agenda/simple_form.html",
        context={"approach": approach, "title": _("Edit goal")},
    )


@permission("agenda.delete_goal")
def goal_remove(request, pk: int, goal: int):
    approach, obj = _goal_in(request, pk, goal, "agenda.delete_goal")
    return _confirm(
        request,
        AgendaRemoveForm(request.POST or None, set_before_today=services.change_needs_reason(obj)),
        service=partial(services.remove_goal, goal=obj, by=request.user),
        success_url=f"{approach.get_absolute_url()}#goals",
        success_message=_("The goal has been removed."),
        context={
            "approach": approach,
            "title": _("Remove goal"),
            "question": _("Remove the goal “%(goal)s” and its indicators?") % {"goal": obj},
            "details": [str(i) for i in obj.indicators.all()],
            "submit_label": _("Remove"),
            "cancel_url": f"{approach.get_absolute_url()}#goal-{obj.pk}",
        },
    )


@public
def indicator_detail(request, pk: int, indicator: int):
    approach = get_approach_for_user(request.user, pk)
    obj = get_object_or_404(
        GoalIndicator.objects.select_related("goal"), pk=indicator, goal__approach=approach
    )
    user = request.user
    return render(
        request,
        "agenda/indicator_detail.html",
        {
            "approach": approach,
            "indicator": obj,
            "measurements": obj.measurements.all(),
            "withdrawn": withdrawn_measurements(obj),
            "may_change": may_in_approach(user, "agenda.change_goalindicator", approach),
            "may_remove": may_in_approach(user, "agenda.delete_goalindicator", approach),
            "may_measure": may_in_approach(user, "agenda.add_indicatormeasurement", approach),
            "may_correct": may_in_approach(user, "agenda.change_indicatormeasurement", approach),
        },
    )


@permission("agenda.change_goalindicator")
def indicator_edit(request, pk: int, indicator: int):
    approach, obj = _indicator_in(request, pk, indicator, "agenda.change_goalindicator")
    form = GoalIndicatorEditForm(
        request.POST or None,
        initial=GoalIndicatorEditForm.initial_for(obj),
        set_before_today=services.change_needs_reason(obj),
        needed_for=_("the name, unit, polarity, baseline or target"),
    )
    return form_page(
        request,
        form,
        service=partial(services.update_goal_indicator, indicator=obj, by=request.user),
        success_url=reverse("agenda:indicator", kwargs={"pk": approach.pk, "indicator": obj.pk}),
        success_message=_("The indicator has been saved."),
        template="agenda/simple_form.html",
        context={"approach": approach, "title": _("Edit indicator “%(name)s”") % {"name": obj}},
    )


@permission("agenda.delete_goalindicator")
def indicator_remove(request, pk: int, indicator: int):
    approach, obj = _indicator_in(request, pk, indicator, "agenda.delete_goalindicator")
    return _confirm(
        request,
        AgendaRemoveForm(request.POST or None, set_before_today=services.change_needs_reason(obj)),
        service=partial(services.remove_goal_indicator, indicator=obj, by=request.user),
        success_url=f"{approach.get_absolute_url()}#goal-{obj.goal_id}",
        success_message=_("The indicator has been removed."),
        context={
            "approach": approach,
            "title": _("Remove indicator"),
            "question": _("Remove the indicator “%(name)s” of the goal “%(goal)s”?")
            % {"name": obj, "goal": obj.goal},
            "submit_label": _("Remove"),
            "cancel_url": reverse(
                "agenda:indicator", kwargs={"pk": approach.pk, "indicator": obj.pk}
            ),
        },
    )


def _indicator_url(approach, measurement) -> str:
    return reverse(
        "agenda:indicator", kwargs={"pk": approach.pk, "indicator": measurement.indicator_id}
    )


@permission("agenda.change_indicatormeasurement")
def measurement_edit(request, pk: int, measurement: int):
    approach, obj = _measurement_in(request, pk, measurement)
    initial = {"year": obj.year, "value": obj.value, "note": obj.note}
    form = MeasurementForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        service=partial(services.correct_indicator_measurement, measurement=obj, by=request.user),
        success_url=_indicator_url(approach, obj),
        success_message=_("The measurement has been corrected."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "title": _("Correct the measurement of “%(indicator)s”") % {"indicator": obj.indicator},
        },
    )


@permission("agenda.change_indicatormeasurement")
def measurement_withdraw(request, pk: int, measurement: int):
    approach, obj = _measurement_in(request, pk, measurement)
    return _confirm(
        request,
        ReasonForm(request.POST or None),
        service=partial(services.withdraw_indicator_measurement, measurement=obj, by=request.user),
        success_url=_indicator_url(approach, obj),
        success_message=_("The measurement has been withdrawn; it no longer counts."),
        context={
            "approach": approach,
            "title": _("Withdraw measurement"),
            "question": _(
                "Withdraw the measurement of “%(indicator)s” for %(year)s (%(value)s)? It "
                "stops counting and is kept in the indicator's history."
            )
            % {"indicator": obj.indicator, "year": obj.year, "value": f"{obj.value:g}"},
            "submit_label": _("Withdraw"),
            "cancel_url": _indicator_url(approach, obj),
        },
    )


# --- programme lines --------------------------------------------------------------------


def _line_in(request, pk: int, line: int, perm: str):
    approach = get_approach_for_user(request.user, pk, perm=perm)
    return approach, get_object_or_404(approach.lines, pk=line)


@permission("agenda.add_programmeline")
def line_create(request, pk: int):
    approach = get_approach_for_user(request.user, pk, perm="agenda.add_programmeline")
    return form_page(
        request,
        ProgrammeLineForm(request.POST or None),
        service=partial(services.add_programme_line, approach=approach, by=request.user),
        success_url=f"{approach.get_absolute_url()}#lines",
        success_message=_("The programme line has been added."),
        template="agenda/simple_form.html",
        context={"approach": approach, "title": _("New programme line")},
    )


@permission("agenda.change_programmeline")
def line_edit(request, pk: int, line: int):
    approach, obj = _line_in(request, pk, line, "agenda.change_programmeline")
    form = ProgrammeLineForm(
        request.POST or None, initial={"title": obj.title, "description": obj.description}
    )
    return form_page(
        request,
        form,
        service=partial(services.update_programme_line, line=obj, by=request.user),
        success_url=f"{approach.get_absolute_url()}#lines",
        success_message=_("The programme line has been saved."),
        template="agenda/simple_form.html",
        context={"approach": approach, "title": _("Edit programme line")},
    )


@permission("agenda.delete_programmeline")
def line_remove(request, pk: int, line: int):
    approach, obj = _line_in(request, pk, line, "agenda.delete_programmeline")
    return _confirm(
        request,
        RemoveForm(request.POST or None),
        service=partial(services.remove_programme_line, line=obj, by=request.user),
        success_url=f"{approach.get_absolute_url()}#lines",
        success_message=_("The programme line has been removed."),
        context={
            "approach": approach,
            "title": _("Remove programme line"),
            "question": _("Remove the programme line “%(line)s”?") % {"line": obj},
            "submit_label": _("Remove"),
            "cancel_url": f"{approach.get_absolute_url()}#lines",
        },
    )


# --- correcting the programme: milestones and progress reports ---------------------------
# The project rule decides (``_changeable_project``): invisible → 404, visible but not
# the user's to change → 403.


@signed_in
def milestone_create(request, pk: int, project: int):
    approach, obj = _changeable_project(request, pk, project)
    return form_page(
        request,
        MilestoneForm(request.POST or None),
        service=partial(services.add_milestone, project=obj, by=request.user),
        success_url=f"{obj.get_absolute_url()}#milestones",
        success_message=_("The milestone has been added."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "project": obj,
            "title": _("New milestone of “%(project)s”") % {"project": obj.title},
        },
    )


@signed_in
def milestone_edit(request, pk: int, project: int, milestone: int):
    approach, obj = _changeable_project(request, pk, project)
    item = get_object_or_404(obj.milestones, pk=milestone)
    form = MilestoneForm(
        request.POST or None, initial={"title": item.title, "due_date": item.due_date}
    )
    return form_page(
        request,
        form,
        service=partial(services.update_milestone, milestone=item, by=request.user),
        success_url=f"{obj.get_absolute_url()}#milestones",
        success_message=_("The milestone has been saved."),
        template="agenda/simple_form.html",
        context={"approach": approach, "project": obj, "title": _("Edit milestone")},
    )


@signed_in
@require_POST
def milestone_done(request, pk: int, project: int, milestone: int):
    _approach, obj = _changeable_project(request, pk, project)
    item = get_object_or_404(obj.milestones, pk=milestone)
    form = forms.Form(request.POST)
    if form.is_valid() and run_service(
        form, services.complete_milestone, milestone=item, by=request.user
    ):
        messages.success(request, _("The milestone has been marked done."))
    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect(f"{obj.get_absolute_url()}#milestones")


@signed_in
def milestone_remove(request, pk: int, project: int, milestone: int):
    approach, obj = _changeable_project(request, pk, project)
    item = get_object_or_404(obj.milestones, pk=milestone)
    return _confirm(
        request,
        RemoveForm(request.POST or None),
        service=partial(services.remove_milestone, milestone=item, by=request.user),
        success_url=f"{obj.get_absolute_url()}#milestones",
        success_message=_("The milestone has been removed."),
        context={
            "approach": approach,
            "project": obj,
            "title": _("Remove milestone"),
            "question": _("Remove the milestone “%(milestone)s” (due %(due)s)?")
            % {"milestone": item.title, "due": item.due_date.isoformat()},
            "submit_label": _("Remove"),
            "cancel_url": f"{obj.get_absolute_url()}#milestones",
        },
    )


def _progress_in(request, pk: int, project: int, update: int):
    approach, obj = _changeable_project(request, pk, project)
    return approach, obj, get_object_or_404(obj.progress_updates, pk=update)


@signed_in
def progress_edit(request, pk: int, project: int, update: int):
    approach, obj, report = _progress_in(request, pk, project, update)
    initial = {
        "reported_on": report.reported_on,
        "narrative": report.narrative,
        "progress_percent": report.progress_percent,
        "outputs": outputs_text(report.outputs),
    }
    return form_page(
        request,
        ProgressForm(request.POST or None, initial=initial),
        service=partial(services.correct_progress, update=report, by=request.user),
        success_url=f"{obj.get_absolute_url()}#progress",
        success_message=_("The progress report has been corrected."),
        template="agenda/simple_form.html",
        context={
            "approach": approach,
            "project": obj,
            "title": _("Correct the progress report of %(date)s")
            % {"date": report.reported_on.isoformat()},
        },
    )


@signed_in
def progress_withdraw(request, pk: int, project: int, update: int):
    approach, obj, report = _progress_in(request, pk, project, update)
    return _confirm(
        request,
        ReasonForm(request.POST or None),
        service=partial(services.withdraw_progress, update=report, by=request.user),
        success_url=f"{obj.get_absolute_url()}#progress",
        success_message=_("The progress report has been withdrawn; it no longer counts."),
        context={
            "approach": approach,
            "project": obj,
            "title": _("Withdraw progress report"),
            "question": _(
                "Withdraw the progress report of %(date)s (%(percent)s%%)? It stops counting "
                "as the project's progress and is kept on the project page as withdrawn."
            )
            % {"date": report.reported_on.isoformat(), "percent": report.progress_percent},
            "details": [report.narrative],
            "submit_label": _("Withdraw"),
            "cancel_url": f"{obj.get_absolute_url()}#progress",
        },
    )

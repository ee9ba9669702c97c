"""Pages of the programme bureau and the assessors: advice to the submitter, naming and
removing assessors, sending the proposal to them, an assessor's scores, and the
decision.

Thin views: ``selectors`` read, ``assessment_services`` / ``proposal_services`` write and
authorise. Every page is ``@signed_in`` (an external assessor holds no view permission)
and looks the proposal up through the policy first: a proposal the user may not see is a
404, one they see but may not act on a 403, before anything is written.

What an assessor may read of the others is ``selectors.visible_assessors``'s rule; a
private note is shown only on its author's own score form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wendbaar.accounts.access import signed_in
from wendbaar.approaches.models import Approach
from wendbaar.ui.forms import run_service

from . import assessment_services, proposal_services, result_texts, selectors, workflow
from .assessment_forms import SUBMIT, AdviceForm, AssessorForm, DecisionForm, ScoreForm
from .constants import MIN_ASSESSORS, Step
from .models import Assessor, Proposal
from .permissions import get_proposal_for_user, may


def _proposal(request: HttpRequest, pk: int, proposal: int, action: str) -> Proposal:
    """The proposal with what its pages read: 404 unless the user may see it, 403 unless
    they may ``action`` it."""
    approach = get_object_or_404(Approach, pk=pk)
    found = get_proposal_for_user(request.user, approach, proposal, action)
    return selectors.detail(Proposal.objects.filter(pk=found.pk)).get()


def _detail(proposal: Proposal) -> HttpResponse:
    return redirect(reverse("proposals:detail", args=[proposal.approach_id, proposal.pk]))


def _name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def may_start_assessment(proposal: Proposal) -> bool:
    """The step allows sending it to the assessors, and enough of them are named."""
    return (
        workflow.taken_by(proposal.step, Step.IN_ASSESSMENT) == workflow.BUREAU
        and len(proposal.assessors.all()) >= MIN_ASSESSORS
    )


def assessment_context(
    proposal: Proposal, visible: list[Assessor], result: Any = None
) -> dict[str, Any]:
    """The rule results in words and the scores of ``visible`` side by side."""
    if result is None:
        result = selectors.assessment(proposal, visible)
    if result is None:
        return {"result": None, "words": None, "tables": [], "columns": []}
    spec = selectors.spec_of(proposal.framework) if proposal.framework_id else None
    columns = [_name(a.user) for a in visible]
    return {
        "result": result,
        "words": result_texts.words(result, spec),
        "tables": result_texts.side_by_side(result, columns),
        "columns": columns,
    }


def panel_context(user: Any, proposal: Proposal, *, may_manage: bool) -> dict[str, Any]:
    """Everything ``assessment/_panel.html`` reads. The proposal's page adds it to its
    context (``proposal`` read through ``selectors.detail``)."""
    viewer_assessor = selectors.assessor_of(proposal, user)
    visible = selectors.visible_assessors(proposal, user, may_manage=may_manage)
    context = {
        "may_manage": may_manage,
        # Only a named assessor can assess: nobody else costs a query.
        "may_assess": viewer_assessor is not None and may(user, "assess", proposal),
        "viewer_assessor": viewer_assessor,
        "visible": visible,
        "assessors": list(proposal.assessors.all()),
        "may_name": may_manage and proposal.step in assessment_services.NAMING_STEPS,
        "may_start": may_manage and may_start_assessment(proposal),
        "min_assessors": MIN_ASSESSORS,
        "assessor_form": None,
    }
    if context["may_name"]:
        context["assessor_form"] = AssessorForm(proposal=proposal)
    context |= assessment_context(proposal, visible)
    return context


def _page(proposal: Proposal, **extra: Any) -> dict[str, Any]:
    return {"proposal": proposal, "approach": proposal.approach, **extra}


# --- advice ------------------------------------------------------------------------------


@signed_in
@require_http_methods(["GET", "POST"])
def advice(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    """The bureau thinks along: advice, partners and similar projects to talk to."""
    p = _proposal(request, pk, proposal, "manage")
    form = AdviceForm(request.POST or None, proposal=p)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            proposal_services.open_advice_round,
            proposal=p,
            advice=form.cleaned_data["advice"],
            partners=list(form.cleaned_data["partners"]),
            projects=list(form.cleaned_data["projects"]),
            by=request.user,
        )
        if done is not None:
            messages.success(request, _("The advice has been sent to the submitter."))
            return _detail(p)
    status = 400 if request.method == "POST" else 200
    context = _page(p, form=form, title=_("Give advice"))
    return render(request, "proposals/assessment/advice.html", context, status=status)


# --- assessors ---------------------------------------------------------------------------


@signed_in
@require_http_methods(["GET", "POST"])
def assessor_add(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    p = _proposal(request, pk, proposal, "manage")
    form = AssessorForm(request.POST or None, proposal=p)
    if request.method == "POST" and form.is_valid():
        named = run_service(
            form,
            assessment_services.name_assessor,
            proposal=p,
            user=form.cleaned_data["user"],
            by=request.user,
        )
        if named is not None:
            messages.success(
                request,
                _("%(name)s now assesses this proposal.") % {"name": _name(named.user)},
            )
            return _detail(p)
    status = 400 if request.method == "POST" else 200
    context = _page(p, form=form, title=_("Name an assessor"))
    return render(request, "proposals/assessment/assessor.html", context, status=status)


@signed_in
@require_POST
def assessor_remove(request: HttpRequest, pk: int, proposal: int, assessor: int) -> HttpResponse:
    p = _proposal(request, pk, proposal, "manage")
    named = get_object_or_404(Assessor.objects.select_related("user"), pk=assessor, proposal=p)
    try:
        with transaction.atomic():
            assessment_services.remove_assessor(assessor=named, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, _("%(name)s no longer assesses this proposal.") % {"name": _name(named.user)}
        )
    return _detail(p)


@signed_in
@require_POST
def assessment_start(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    p = _proposal(request, pk, proposal, "manage")
    try:
        with transaction.atomic():
            assessment_services.start_assessment(proposal=p, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The proposal has been sent to its assessors."))
    return _detail(p)


# --- scores ------------------------------------------------------------------------------


@signed_in
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    """The assessor's own scores, saved as a draft or submitted. Only the named assessor
    of a proposal in assessment gets here (else 403)."""
    p = _proposal(request, pk, proposal, "assess")
    own = selectors.assessor_of(p, request.user)
    spec = selectors.spec_of(p.framework)
    submitted = own.submitted_at is not None
    form = ScoreForm(request.POST or None, spec=spec, assessor=own)
    if submitted:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and not submitted and form.is_valid():
        submit = request.POST.get("action") == SUBMIT
        saved = run_service(
            form,
            assessment_services.save_scores,
            proposal=p,
            scores=form.scores(),
            by=request.user,
            private_note=form.cleaned_data["private_note"],
            submit=submit,
        )
        if saved is not None:
            if submit:
                messages.success(
                    request,
                    _("Your scores are submitted. You now see the other assessors' scores."),
                )
                return _detail(p)
            messages.success(request, _("Your draft scores are saved; only you see them."))
            return redirect(reverse("proposals:score", args=[p.approach_id, p.pk]))
    facts = selectors.assessment(p, [own])
    context = _page(
        p,
        form=form,
        submitted=submitted,
        title=_("Score this proposal"),
        words=result_texts.words(facts, spec),
    )
    status = 400 if request.method == "POST" and not submitted else 200
    return render(request, "proposals/assessment/score.html", context, status=status)


# --- the decision ------------------------------------------------------------------------


@signed_in
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    """The bureau decides, with the rule results and the combined scores in view."""
    p = _proposal(request, pk, proposal, "manage")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            assessment_services.decide,
            proposal=p,
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
            conditions=form.cleaned_data["conditions"],
            by=request.user,
        )
        if done is not None:
            if done.project_id:
                messages.success(
                    request,
                    _("Decided: %(decision)s. The proposal is now a project of the programme.")
                    % {"decision": done.get_decision_display()},
                )
            else:
                messages.success(
                    request, _("Decided: %(decision)s.") % {"decision": done.get_decision_display()}
                )
            return _detail(p)
    visible = selectors.visible_assessors(p, request.user, may_manage=True)
    context = _page(
        p,
        form=form,
        title=_("Decide on the proposal"),
        decided=p.step == Step.DECIDED,
        **assessment_context(p, visible),
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "proposals/assessment/decide.html", context, status=status)

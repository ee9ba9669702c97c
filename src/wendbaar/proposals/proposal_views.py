"""Pages of project proposals, the submitter's side: the list of a wijkaanpak, a new
proposal, its page (its road, the computed checks, similar projects), edit, submit and
withdraw. The bureau's and assessors' pages are ``assessment_views``.

Thin views: ``selectors`` and ``coherence`` read, ``proposal_services`` write and
authorise. A proposal the user may not see is a 404 (a draft is its author's alone);
seen but not theirs to change is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from wendbaar.accounts.access import signed_in
from wendbaar.agenda.permissions import ProjectPolicy
from wendbaar.approaches.models import Approach
from wendbaar.approaches.permissions import get_approach_for_user, may_in_approach
from wendbaar.core.constants import Theme
from wendbaar.organisations.models import Organisation
from wendbaar.ui.forms import run_service

from . import (
    assessment_views,
    coherence,
    proposal_services,
    result_texts,
    rules,
    selectors,
    similarity,
    texts,
    workflow,
)
from .constants import ResultKind, Step
from .models import Criterion, Framework, Proposal, ProposalStep
from .permissions import VIEW, ProposalPolicy, get_proposal_for_user, may, may_submit_in
from .proposal_forms import ProposalForm, ProposalWithdrawForm, SubmitForm

STEP_ORDER = {step: i for i, step in enumerate(Step.values)}


# --- helpers -------------------------------------------------------------------------------


def may_open_list(user: Any, approach: Approach) -> bool:
    """The list of a wijkaanpak's proposals is for whoever may submit there, see
    proposals there by role (also before there are any), or sees one of them (as its
    author or assessor)."""
    return (
        may_submit_in(user, approach)
        or may_in_approach(user, VIEW, approach)
        or selectors.proposals_for(user, approach).exists()
    )


def _amount(value: Decimal | None) -> str:
    return result_texts.money(value) if value is not None else _("unknown")


def share_text(share: rules.Share) -> str:
    """The co-funding share in a list: a percent, or "unknown" (never 0)."""
    if share.value is None:
        return _("unknown")
    return result_texts.percent(share.percent)


@dataclass(frozen=True)
class Check:
    label: str
    text: str
    met: bool | None


def _effects_check(spec: rules.FrameworkSpec | None, keys: list[str]) -> Check:
    labels = {e.key: e.label for c in (spec.criteria if spec else ()) for e in c.effects}
    label = _("Intended effects")
    if not keys:
        return Check(label, _("No intended effect named yet."), False)
    named = [labels.get(k, k) for k in keys]
    return Check(
        label,
        _("Aims at %(count)s effects: %(effects)s")
        % {"count": len(named), "effects": "; ".join(named)},
        True,
    )


def _framework_with_criteria(proposal: Proposal) -> Framework | None:
    """The framework the proposal is read against, with its criteria and effects: its own
    version once submitted (read with the proposal; its criteria added here), else the
    one in force now."""
    framework = proposal.framework
    if framework is None:
        return selectors.current_for(proposal.approach.municipality)
    prefetch_related_objects(
        [framework], Prefetch("criteria", Criterion.objects.prefetch_related("effects"))
    )
    return framework


def _is_author_side(user: Any, proposal: Proposal) -> bool:
    """Wrote it, or works for its submitting organisation (whatever the step)."""
    if proposal.submitted_by_id == user.pk:
        return True
    return (
        proposal.organisation_id is not None
        and Organisation.objects.of_user(user).filter(pk=proposal.organisation_id).exists()
    )


def _step_label(step: str) -> str:
    return str(Step(step).label) if step in Step.values else step


def _with_labels(step: ProposalStep) -> ProposalStep:
    step.from_label = _step_label(step.from_step)
    step.to_label = _step_label(step.to_step)
    return step


def _detail_url(proposal: Proposal) -> str:
    return reverse("proposals:detail", kwargs={"pk": proposal.approach_id, "proposal": proposal.pk})


@dataclass(frozen=True)
class Similar:
    kind: str
    title: str  # empty: not the user's to see
    url: str
    score: str
    reasons: list[str]


def _similar(user: Any, proposal: Proposal) -> list[Similar]:
    """``coherence.similar_to`` for the page: a project or proposal the user may not open
    is listed without its title or link."""
    matches = coherence.similar_to(proposal)
    proposal_ids = [m.item.id for m in matches if m.item.kind == similarity.PROPOSAL]
    project_ids = [m.item.id for m in matches if m.item.kind == similarity.PROJECT]
    open_proposals: dict[int, Proposal] = {}
    if proposal_ids:
        open_proposals = {
            p.pk: p
            for p in ProposalPolicy()
            .instances_for(user, "view")
            .filter(pk__in=proposal_ids)
            .exclude(step=Step.CONCEPT)
        }
    open_projects: dict[int, Any] = {}
    if project_ids:
        open_projects = {
            p.pk: p for p in ProjectPolicy().instances_for(user, "view").filter(pk__in=project_ids)
        }
    out = []
    for m in matches:
        reasons = [coherence.reason_text(r) for r in m.reasons]
        score = coherence.score_text(m)
        if m.item.kind == similarity.PROJECT:
            project = open_projects.get(m.item.id)
            out.append(
                Similar(
                    _("Project"),
                    project.title if project else "",
                    project.get_absolute_url() if project else "",
                    score,
                    reasons,
                )
            )
        else:
            other = open_proposals.get(m.item.id)
            out.append(
                Similar(
                    _("Proposal"),
                    other.title if other else "",
                    _detail_url(other) if other else "",
                    score,
                    reasons,
                )
            )
    return out


# --- the list ------------------------------------------------------------------------------


@signed_in
@require_safe
def proposal_list(request: HttpRequest, pk: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    proposals = list(selectors.proposals_for(request.user, approach))
    may_submit = may_submit_in(request.user, approach)
    if not proposals and not may_submit and not may_in_approach(request.user, VIEW, approach):
        raise PermissionDenied
    today = timezone.localdate()
    rows = []
    for p in sorted(
        proposals, key=lambda p: (STEP_ORDER.get(p.step, 99), -p.step_since.timestamp())
    ):
        p.approach = approach  # facts_of reads the budget holder
        facts = selectors.facts_of(p)
        rows.append(
            {
                "proposal": p,
                "url": _detail_url(p),
                "overdue": selectors.is_overdue(p, today),
                "cost": _amount(facts.cost_total) if facts.cost_total is not None else _("unknown"),
                "share": share_text(rules.cofunding_share(facts)),
            }
        )
    return render(
        request,
        "proposals/proposal_list.html",
        {"approach": approach, "rows": rows, "may_submit": may_submit, "today": today},
    )


# --- a new proposal, and changing it -------------------------------------------------------


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    if not may_submit_in(request.user, approach):
        raise PermissionDenied
    framework = selectors.current_for(approach.municipality)
    spec = selectors.spec_of(framework) if framework is not None else None
    form = ProposalForm(
        request.POST if request.method == "POST" else None,
        approach=approach,
        user=request.user,
        spec=spec,
    )
    if request.method == "POST" and form.is_valid():
        proposal = run_service(
            form,
            proposal_services.create_proposal,
            approach=approach,
            content=form.content(),
            organisation=form.cleaned_data.get("organisation"),
            by=request.user,
        )
        if proposal is not None:
            messages.success(
                request,
                _(
                    "The proposal has been saved as a draft. Only you and your colleagues "
                    "see it until you submit it."
                ),
            )
            return redirect(_detail_url(proposal))
    return render(
        request,
        "proposals/proposal_form.html",
        {"approach": approach, "form": form, "framework": framework, "title": _("New proposal")},
    )


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_edit(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    qs = selectors.detail(
        ProposalPolicy().instances_for(request.user, "view").filter(approach=approach)
    )
    try:
        p = qs.get(pk=proposal)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if not _is_author_side(request.user, p):
        raise PermissionDenied
    editable = p.step in workflow.EDITABLE
    if not editable and request.method != "POST":
        # The reason, where the user can see the proposal as it stands.
        messages.error(request, texts.not_editable(p.step))
        return redirect(_detail_url(p))
    framework = _framework_with_criteria(p)
    spec = selectors.spec_of(framework) if framework is not None else None
    form = ProposalForm(
        request.POST if request.method == "POST" else None,
        approach=approach,
        user=request.user,
        spec=spec,
        proposal=p,
    )
    if request.method == "POST" and not editable:
        # Sent from a page opened before the step changed: keep what was typed.
        form.is_valid()
        form.add_error(None, texts.not_editable(p.step))
    elif request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            proposal_services.revise_proposal,
            proposal=p,
            content=form.content(),
            by=request.user,
        )
        if saved is not None:
            messages.success(request, _("The changes have been saved."))
            return redirect(_detail_url(p))
    return render(
        request,
        "proposals/proposal_form.html",
        {
            "approach": approach,
            "proposal": p,
            "form": form,
            "framework": framework,
            "title": _("Edit “%(title)s”") % {"title": p.title},
        },
    )


# --- the proposal's page -------------------------------------------------------------------


@signed_in
@require_safe
def proposal_detail(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    user = request.user
    approach = get_approach_for_user(user, pk)
    qs = selectors.detail(ProposalPolicy().instances_for(user, "view").filter(approach=approach))
    try:
        p = qs.get(pk=proposal)
    except Proposal.DoesNotExist:
        raise Http404 from None
    framework = _framework_with_criteria(p)  # p.framework's criteria, prefetched
    spec = selectors.spec_of(framework) if framework is not None else None
    facts = selectors.facts_of(p)
    effects = list(p.effects.all())
    effect_labels = {e.key: e.label for c in (spec.criteria if spec else ()) for e in c.effects}

    may_author = may(user, "author", p)
    may_manage = may(user, "manage", p)
    share = rules.cofunding_share(facts)
    results = list(p.results.all())
    context = {
        "approach": approach,
        "proposal": p,
        "framework": framework,
        "effects": [(effect_labels.get(e.effect_key, e.effect_key), e.how) for e in effects],
        "result_groups": [
            (ResultKind.OUTPUT.label, [r for r in results if r.kind == ResultKind.OUTPUT]),
            (ResultKind.OUTCOME.label, [r for r in results if r.kind == ResultKind.OUTCOME]),
        ],
        "theme_labels": [str(Theme(t).label) for t in p.themes if t in Theme.values],
        "costs": list(p.costs.all()),
        "financing": list(p.financing.all()),
        "facts": facts,
        "cost_total": _amount(facts.cost_total) if facts.cost_total is not None else _("unknown"),
        "share": share_text(share),
        "share_of": (
            _("%(other)s of %(cost)s")
            % {"other": _amount(facts.other_money), "cost": _amount(facts.cost_total)}
            if share.value is not None
            else ""
        ),
        "checks": [
            _effects_check(spec, [e.effect_key for e in effects]),
        ],
        "similar": _similar(user, p) if p.step != Step.WITHDRAWN else [],
        "steps": [_with_labels(s) for s in p.steps.all()],
        "rounds": list(p.rounds.all()),
        "overdue": selectors.is_overdue(p, timezone.localdate()),
        "may_edit": may_author and p.step in workflow.EDITABLE,
        "may_submit": may_author and workflow.taken_by(p.step, Step.SUBMITTED) == workflow.AUTHOR,
        "may_withdraw": may_author and workflow.taken_by(p.step, Step.WITHDRAWN) == workflow.AUTHOR,
        "resubmit": p.step == Step.IN_CONVERSATION,
    }
    # The assessment panel's context (assessment/_panel.html, the bureau's side): may_manage,
    # may_assess, viewer_assessor, visible (the blind rule), result, and what it adds.
    context |= assessment_views.panel_context(user, p, may_manage=may_manage)
    return render(request, "proposals/proposal_detail.html", context)


# --- the submitter's steps -----------------------------------------------------------------


def _step_page(
    request: HttpRequest,
    *,
    proposal: Proposal,
    approach: Approach,
    form: Any,
    title: str,
    question: str,
    submit_label: str,
    advice: Any = None,
) -> HttpResponse:
    return render(
        request,
        "proposals/proposal_confirm.html",
        {
            "approach": approach,
            "proposal": proposal,
            "form": form,
            "title": title,
            "question": question,
            "submit_label": submit_label,
            "cancel_url": _detail_url(proposal),
            "advice": advice,
        },
    )


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_submit(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    p = get_proposal_for_user(request.user, approach, proposal, "author")
    if workflow.taken_by(p.step, Step.SUBMITTED) != workflow.AUTHOR:
        messages.error(request, texts.cannot_submit(p.step))
        return redirect(_detail_url(p))
    form = SubmitForm(request.POST if request.method == "POST" else None, proposal=p)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            proposal_services.submit_proposal,
            proposal=p,
            by=request.user,
            note=form.cleaned_data["note"],
        )
        if done is not None:
            messages.success(
                request,
                _("The proposal has been submitted. The programme bureau answers by %(date)s.")
                % {"date": date_format(done.step_due)}
                if done.step_due
                else _("The proposal has been submitted."),
            )
            return redirect(_detail_url(p))
    resubmit = p.step == Step.IN_CONVERSATION
    return _step_page(
        request,
        proposal=p,
        approach=approach,
        form=form,
        title=(_("Resubmit “%(title)s”") if resubmit else _("Submit “%(title)s”"))
        % {"title": p.title},
        question=_("The programme bureau reads it again and answers, or sends it to the assessors.")
        if resubmit
        else _(
            "Once submitted, the programme bureau sees it and promises an answer by a date. "
            "You can change it again only when the bureau asks for changes."
        ),
        submit_label=_("Resubmit") if resubmit else _("Submit"),
        advice=p.rounds.order_by("-number").first() if resubmit else None,
    )


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_withdraw(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    approach = get_approach_for_user(request.user, pk)
    p = get_proposal_for_user(request.user, approach, proposal, "author")
    if workflow.taken_by(p.step, Step.WITHDRAWN) != workflow.AUTHOR:
        messages.error(request, texts.cannot_withdraw(p.step))
        return redirect(_detail_url(p))
    form = ProposalWithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            proposal_services.withdraw_proposal,
            proposal=p,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("The proposal has been withdrawn."))
            return redirect(_detail_url(p))
    return _step_page(
        request,
        proposal=p,
        approach=approach,
        form=form,
        title=_("Withdraw “%(title)s”") % {"title": p.title},
        question=_(
            "A withdrawn proposal stays on record with its reason; it cannot be submitted again."
        ),
        submit_label=_("Withdraw"),
    )

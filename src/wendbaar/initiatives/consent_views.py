"""Staff pages of the initiators' consent: propose a new aim or a merge into a municipal
project, record an answer the initiators gave by phone or at a table, withdraw a request.

The initiators answer themselves on their status page (``public_views.consent_answer``).
The writes are ``services.ask_consent``, ``answer_consent`` and
``withdraw_consent_request``, which authorise and check again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wendbaar.accounts.access import signed_in
from wendbaar.ui.forms import run_service

from . import selectors, services
from .consent_forms import AskConsentForm, RecordConsentForm, WithdrawConsentForm
from .constants import ConsentState
from .models import ConsentRequest, Initiative
from .permissions import InitiativePolicy

POLICY = InitiativePolicy()


def _page_url(initiative: Initiative) -> str:
    return reverse("initiatives:consent", args=[initiative.pk])


def _ask_form(request: HttpRequest, initiative: Initiative, data: Any = None) -> AskConsentForm:
    return AskConsentForm(
        data,
        prefix="ask",
        initiative=initiative,
        projects=selectors.mergeable_projects(initiative, request.user),
    )


def _render(
    request: HttpRequest,
    initiative: Initiative,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    requests = list(
        initiative.consent_requests.select_related("project", "asked_by", "recorded_by")
    )
    waiting = next((r for r in requests if r.state == ConsentState.ASKED), None)
    may_ask = waiting is None and not initiative.is_closed and initiative.owner_id is not None
    context = {
        "initiative": initiative,
        "requests": requests,
        "waiting": waiting,
        "ask_form": (bound.get("ask") or _ask_form(request, initiative)) if may_ask else None,
        "record_form": bound.get("record") or RecordConsentForm(prefix="record"),
        "withdraw_form": bound.get("withdraw") or WithdrawConsentForm(prefix="withdraw"),
        "detail_url": reverse("initiatives:detail", args=[initiative.pk]),
    }
    return render(request, "initiatives/consent/page.html", context, status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the initiators' consent. Nothing about their idea changes until they agree."""
    # 404 for what the user may not see, 403 for what they may see but not change.
    initiative = POLICY.get_for_user(request.user, "change", pk=pk)
    if request.method != "POST":
        return _render(request, initiative)
    form = _ask_form(request, initiative, request.POST)
    if form.is_valid():
        asked = run_service(
            form, services.ask_consent, initiative=initiative, by=request.user, **form.cleaned_data
        )
        if asked is not None:
            messages.success(
                request, _("The initiators have been asked. Nothing changes until they agree.")
            )
            return redirect(_page_url(initiative))
    initiative.refresh_from_db()
    return _render(request, initiative, {"ask": form}, status=400)


def _request_for(request: HttpRequest, pk: int) -> ConsentRequest:
    visible = POLICY.instances_for(request.user, "view").values("pk")
    found = get_object_or_404(
        ConsentRequest.objects.select_related("initiative"), pk=pk, initiative__in=visible
    )
    # Seen but not changeable: 403 before anything is read from the form.
    POLICY.get_for_user(request.user, "change", pk=found.initiative_id)
    return found


@signed_in
@require_POST
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """Write down the answer the initiators gave by phone or at a table (``pk`` is the
    request's)."""
    consent_request = _request_for(request, pk)
    form = RecordConsentForm(request.POST, prefix="record")
    if form.is_valid():
        done = run_service(
            form,
            services.answer_consent,
            request=consent_request,
            by=request.user,
            agree=form.cleaned_data["agree"],
            answer=form.cleaned_data["answer"],
        )
        if done is not None:
            messages.success(request, _("The initiators' answer has been recorded."))
            return redirect(_page_url(consent_request.initiative))
    return _render(request, consent_request.initiative, {"record": form}, status=400)


@signed_in
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent_request = _request_for(request, pk)
    form = WithdrawConsentForm(request.POST, prefix="withdraw")
    if form.is_valid():
        done = run_service(
            form,
            services.withdraw_consent_request,
            request=consent_request,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("The request has been withdrawn."))
            return redirect(_page_url(consent_request.initiative))
    return _render(request, consent_request.initiative, {"withdraw": form}, status=400)

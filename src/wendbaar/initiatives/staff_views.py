"""Staff pages of initiatives: the work lists, registering an idea told to staff, one
initiative with everything staff do with it, and the initiators' contact details.

Thin views: ``selectors`` read, ``services`` write and authorise. A view looks the
initiative up through :class:`~.permissions.InitiativePolicy` first, so what the user may
not see is a 404 and what they may see but not do is a 403, before anything is written.
Every role of a gemeente holds ``initiatives.view_initiative`` (migration 0002), so the
pages declare it; the action views declare ``@signed_in`` because the owner (a partner,
say) acts through who they are in the initiative, not through a permission.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wendbaar.accounts.access import permission, signed_in
from wendbaar.accounts.policies import scope_for
from wendbaar.accounts.reauth import recent_sign_in
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.services import record_audit_event
from wendbaar.organisations.models import Organisation
from wendbaar.ui.forms import run_service

from . import mail, selectors, services
from . import staff_forms as f
from .constants import HandOverState, InitiativeStatus
from .models import HandOver, Initiative, RuleConflict
from .permissions import ADD, VIEW, InitiativePolicy
from .point_map import shown_point

POLICY = InitiativePolicy()


def _municipality(code: str) -> Area:
    return get_object_or_404(Area, code=code.strip().upper(), level=AreaLevel.MUNICIPALITY)


def _detail_url(initiative: Initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


# --- lists -------------------------------------------------------------------------------


@permission(VIEW)
@require_safe
def initiative_list(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality(code)
    if not selectors.may_list(request.user, municipality.code):
        raise PermissionDenied
    on = selectors.today()
    districts = list(selectors.districts_of(municipality.code))
    status = request.GET.get("status", "")
    wijk = request.GET.get("wijk", "").strip().upper()
    district = next((d for d in districts if d.code == wijk), None)
    filters = {
        "status": status if status in InitiativeStatus.values else "",
        "wijk": district.code if district else "",
        "overdue": request.GET.get("overdue") == "1",
    }
    initiatives = selectors.initiatives_for_list(
        request.user,
        municipality.code,
        on=on,
        status=filters["status"],
        district=district,
        only_overdue=filters["overdue"],
    )
    page = Paginator(initiatives, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "municipality": municipality,
        "page": page,
        "rows": selectors.rows_of(page.object_list, on),
        "filters": filters,
        "filter_query": query.urlencode(),
        "statuses": InitiativeStatus.choices,
        "districts": districts,
        "may_add": _may_add_in(request.user, municipality),
    }
    return render(request, "initiatives/staff/list.html", context)


def _answer_form(handover: HandOver, data: Any = None) -> f.HandOverAnswerForm:
    return f.HandOverAnswerForm(data, prefix=f"answer-{handover.pk}")


@permission(VIEW)
@require_safe
def my_list(request: HttpRequest) -> HttpResponse:
    work = selectors.my_list(request.user, selectors.today())
    context = {
        "work": work,
        "waiting": [(h, _answer_form(h)) for h in work.waiting],
    }
    return render(request, "initiatives/staff/mine.html", context)


# --- registering an idea told to staff ------------------------------------------------------


def _entry_areas(user: Any, municipality: Area) -> tuple[Any, bool]:
    """The wijken and buurten of ``municipality`` where ``user`` may register an idea, and
    whether they may register one for the gemeente as a whole."""
    scope = scope_for(user, ADD)
    whole = scope.everywhere or municipality.code in scope.municipality_codes
    areas = Area.objects.filter(
        municipality_code=municipality.code,
        level__in=[AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD],
    )
    if not whole:
        areas = areas.filter(scope.q())
    return areas.select_related("parent").order_by("name"), whole


def _may_add_in(user: Any, municipality: Area) -> bool:
    areas, whole = _entry_areas(user, municipality)
    return whole or areas.exists()


@permission(ADD)
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _municipality(code)
    areas, whole = _entry_areas(request.user, municipality)
    if not whole and not areas.exists():
        raise PermissionDenied
    form = f.StaffInitiativeForm(
        request.POST or None, areas=areas, whole_municipality=whole, municipality=municipality
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submitted = run_service(
            form,
            services.submit_initiative,
            by=request.user,
            municipality=municipality,
            area=data["area"],
            source=data["source"],
            title=data["title"],
            what=data["what"],
            why=data["why"],
            themes=data["themes"],
            asks=data["asks"],
            group=data["group"],
            location=data["location"],
            point=data["point"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            consent=data["consent"],
            language=get_language(),
        )
        if submitted is not None:
            initiative = submitted.initiative
            messages.success(request, _("The initiative has been registered."))
            if initiative.contact is not None and initiative.contact.email:
                return redirect(_detail_url(initiative))
            # No e-mail to send the link to: show it this once (only its hash is kept).
            status_url = mail.absolute(reverse("initiatives:status", args=[submitted.status_token]))
            return render(
                request,
                "initiatives/staff/registered.html",
                {"initiative": initiative, "status_url": status_url},
            )
    return render(
        request,
        "initiatives/staff/create.html",
        {"municipality": municipality, "form": form, "title": _("Register an idea")},
    )


# --- one initiative --------------------------------------------------------------------------


def _candidates(initiative: Initiative) -> Any:
    return selectors.candidate_owners(initiative.municipality_code)


def _organisations(initiative: Initiative) -> Any:
    return Organisation.objects.filter(municipality__code=initiative.municipality_code).order_by(
        "name"
    )


# What the action forms are built with: the same on the page and in the action view.
FORM_BUILDERS: dict[str, Callable[[Initiative, Any], forms.Form]] = {
    "assign": lambda i, data: f.AssignOwnerForm(data, prefix="assign", candidates=_candidates(i)),
    "message": lambda i, data: f.MessageForm(data, prefix="message"),
    "status": lambda i, data: f.StatusForm(
        data, prefix="status", statuses=selectors.status_choices(i)
    ),
    "handover": lambda i, data: f.HandOverForm(
        data,
        prefix="handover",
        candidates=_candidates(i).exclude(pk=i.owner_id),
        organisations=_organisations(i),
    ),
    "support": lambda i, data: f.SupportForm(data, prefix="support"),
    "rule": lambda i, data: f.RuleConflictForm(data, prefix="rule"),
    "note": lambda i, data: f.NoteForm(data, prefix="note"),
}


def _offered_forms(user: Any, initiative: Initiative, open_handover: HandOver | None) -> list[str]:
    """The action forms ``user`` may use on ``initiative`` now (services decide again)."""
    names = []
    closed = initiative.is_closed
    has_owner = initiative.owner_id is not None
    if not has_owner and not closed and POLICY.may(user, "triage", initiative):
        names.append("assign")
    if POLICY.may(user, "change", initiative):
        if has_owner:
            names.append("message")
        if selectors.status_choices(initiative):
            names.append("status")
        if has_owner and not closed and open_handover is None:
            names.append("handover")
        names += ["support", "rule", "note"]
    return names


def _render_detail(
    request: HttpRequest,
    initiative: Initiative,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
    resolve_form: tuple[int, forms.Form] | None = None,
) -> HttpResponse:
    user = request.user
    overview = selectors.overview(initiative, selectors.today())
    open_handover = next((h for h in overview.handovers if h.state == HandOverState.OFFERED), None)
    bound = bound or {}
    action_forms = {
        name: bound.get(name) or FORM_BUILDERS[name](initiative, None)
        for name in _offered_forms(user, initiative, open_handover)
    }
    may_change = POLICY.may(user, "change", initiative)
    answer_form = None
    if open_handover is not None and open_handover.to_user_id == user.pk:
        answer_form = bound.get("answer") or _answer_form(open_handover)
    context = {
        "initiative": initiative,
        "o": overview,
        "open_handover": open_handover,
        "answer_form": answer_form,
        "action_forms": action_forms,
        "may_view_contact": POLICY.may(user, "view_contact", initiative),
        "may_change": may_change,
        # One "resolved" form per open rule conflict, for those who may change it.
        "resolve_forms": {
            c.pk: (
                resolve_form[1]
                if resolve_form and resolve_form[0] == c.pk
                else f.ResolveRuleConflictForm(prefix=f"resolve-{c.pk}")
            )
            for c in overview.rule_conflicts
            if may_change and c.resolved_at is None
        },
        "municipality": Area.objects.filter(code=initiative.municipality_code).first(),
        "shown_point": shown_point(initiative, for_initiators=False),
    }
    return render(request, "initiatives/staff/detail.html", context, status=status)


def _get(request: HttpRequest, pk: int, action: str = "view") -> Initiative:
    initiative = POLICY.get_for_user(request.user, action, pk=pk)
    return (
        Initiative.objects.select_related("area", "owner", "created_by", "project", "proposal")
        .filter(pk=initiative.pk)
        .get()
    )


@permission(VIEW)
@require_safe
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get(request, pk))


@permission(VIEW)
@recent_sign_in
@require_safe
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The initiators' contact details: for those who may see them (a partner only as
    the owner), every view in the audit log, never stored by a browser."""
    initiative = _get(request, pk, "view_contact")
    record_audit_event(actor=request.user, action="initiative_contact_viewed", obj=initiative)
    response = render(
        request,
        "initiatives/staff/contact.html",
        {"initiative": initiative, "person": initiative.contact},
    )
    response["Cache-Control"] = "no-store"
    return response


# --- what staff do ------------------------------------------------------------------------


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    service: Callable[..., Any],
    done: str,
    *,
    action: str = "change",
) -> HttpResponse:
    """Check, validate, call the service; back to the page with a message, or the page
    again with what was typed and the errors (400)."""
    initiative = _get(request, pk, action)
    form = FORM_BUILDERS[name](initiative, request.POST)
    if form.is_valid():
        # The form's fields are named after the service's arguments.
        result = run_service(
            form, service, initiative=initiative, by=request.user, **form.cleaned_data
        )
        if result is not None:
            messages.success(request, done)
            return redirect(_detail_url(initiative))
    initiative.refresh_from_db()
    return _render_detail(request, initiative, {name: form}, status=400)


@signed_in
@require_POST
def assign_owner(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "assign",
        services.assign_owner,
        _("The contact person has been assigned."),
        action="triage",
    )


@signed_in
@require_POST
def message(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "message", services.send_message, _("The message has been sent."))


@signed_in
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "status", services.change_status, _("The status has been changed."))


@signed_in
@require_POST
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "handover",
        services.offer_handover,
        _("The hand-over waits for the receiver to accept it."),
    )


@signed_in
@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, "support", services.record_support, _("The support has been recorded.")
    )


@signed_in
@require_POST
def rule_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "rule",
        services.record_rule_conflict,
        _("The rule conflict has been recorded."),
    )


@signed_in
@require_POST
def rule_conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one rule conflict resolved (``pk`` is the conflict's)."""
    visible = POLICY.instances_for(request.user, "view").values("pk")
    conflict = get_object_or_404(
        RuleConflict.objects.select_related("initiative"), pk=pk, initiative__in=visible
    )
    initiative = _get(request, conflict.initiative_id, "change")
    form = f.ResolveRuleConflictForm(request.POST, prefix=f"resolve-{conflict.pk}")
    if form.is_valid():
        result = run_service(
            form,
            services.resolve_rule_conflict,
            conflict=conflict,
            by=request.user,
            **form.cleaned_data,
        )
        if result is not None:
            messages.success(request, _("The rule conflict is marked resolved."))
            return redirect(_detail_url(initiative))
    return _render_detail(request, initiative, {}, status=400, resolve_form=(conflict.pk, form))


@signed_in
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "note", services.add_note, _("The note has been saved."))


@signed_in
@require_POST
def handover_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The receiver accepts or refuses (the service refuses anybody else: 403)."""
    visible = POLICY.instances_for(request.user, "view").values("pk")
    handover = get_object_or_404(
        HandOver.objects.select_related("initiative"), pk=pk, initiative__in=visible
    )
    if handover.to_user_id != request.user.pk:
        raise PermissionDenied  # before the form: nobody else gets as far as a 400
    form = _answer_form(handover, request.POST)
    if form.is_valid():
        if form.cleaned_data["decision"] == "accept":
            result = run_service(form, services.accept_handover, handover=handover, by=request.user)
            if result is not None:
                messages.success(request, _("You are now the contact person."))
                return redirect(_detail_url(handover.initiative))
        else:
            result = run_service(
                form,
                services.refuse_handover,
                handover=handover,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            if result is not None:
                messages.success(request, _("The hand-over has been refused."))
                # Refused, it no longer waits for the user: they may not see it any more.
                return redirect("initiatives:mine")
    initiative = _get(request, handover.initiative_id)
    return _render_detail(request, initiative, {"answer": form}, status=400)

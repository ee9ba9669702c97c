"""The facilitator's pages of a werkplaats: the list, a new one, editing it, and one
werkplaats with its join code and QR code, its participants and the way to the shared
screen, the werkagenda and the exports.

Thin views: ``selectors`` read, ``services`` write and authorise. Every page declares a
permission (``@permission``) and then looks the werkplaats up through
:class:`~.permissions.WorkshopPolicy`: one the user may not see is a 404, one they see
but may not run a 403, before anything is written. Participants' first names appear on
these pages only: they are staff pages (the shared screen is anonymous by default).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wendbaar.accounts.access import permission
from wendbaar.ui.forms import run_service

from . import selectors, services, workflow
from .constants import Status
from .forms import WorkshopForm, exercise_label
from .models import Participant, Workshop
from .permissions import FACILITATE, VIEW, WorkshopPolicy, get_workshop_for_user, may
from .qr import join_qr_svg

DASH = "\N{EN DASH}"


def detail_url(workshop: Workshop) -> str:
    return reverse("workshops:detail", args=[workshop.pk])


def join_url(request: HttpRequest, workshop: Workshop) -> str:
    """The absolute link a participant's phone opens (empty while not open)."""
    if not workshop.is_open or not workshop.join_code:
        return ""
    return request.build_absolute_uri(reverse("workshops:join") + "?code=" + workshop.join_code)


def _status(request: HttpRequest) -> int:
    """A form shown again after a POST was refused."""
    return 400 if request.method == "POST" else 200


# --- the list -------------------------------------------------------------------------------


@permission(VIEW)
@require_safe
def workshop_list(request: HttpRequest) -> HttpResponse:
    workshops = selectors.workshops_for(request.user).order_by("-held_on", "-id")
    context = {
        "columns": [
            _("Werkplaats"),
            _("Gemeente"),
            _("Wijkaanpak"),
            _("Date"),
            _("Status"),
            {"label": _("Participants"), "numeric": True},
        ],
        "rows": [
            [
                {"text": w.title, "href": detail_url(w)},
                w.municipality.name,
                w.approach.name if w.approach else DASH,
                date_format(w.held_on, "j F Y"),
                w.get_status_display(),
                w.participant_count,
            ]
            for w in workshops
        ],
        "may_create": WorkshopPolicy().may_anywhere(request.user, "facilitate"),
    }
    return render(request, "workshops/staff/list.html", context)


# --- a new werkplaats, editing one -------------------------------------------------------------


def _form_page(
    request: HttpRequest, form: WorkshopForm, *, title: str, workshop: Workshop | None = None
) -> HttpResponse:
    context = {"form": form, "title": title, "workshop": workshop}
    return render(request, "workshops/staff/form.html", context, status=_status(request))


@permission(FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def workshop_create(request: HttpRequest) -> HttpResponse:
    form = WorkshopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        workshop = run_service(
            form, services.create_workshop, by=request.user, **form.service_kwargs()
        )
        if workshop is not None:
            messages.success(
                request,
                _("The werkplaats has been prepared. Open it when the group is there."),
            )
            return redirect(detail_url(workshop))
    return _form_page(request, form, title=_("New werkplaats"))


@permission(FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, "facilitate")
    form = WorkshopForm(request.POST or None, user=request.user, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            services.update_workshop,
            workshop=workshop,
            by=request.user,
            **form.service_kwargs(),
        )
        if saved is not None:
            messages.success(request, _("The werkplaats has been saved."))
            return redirect(detail_url(saved))
    title = _("Edit “%(title)s”") % {"title": workshop.title}
    return _form_page(request, form, title=title, workshop=workshop)


# --- one werkplaats --------------------------------------------------------------------------


MOVE_LABELS = {
    (Status.DRAFT, Status.OPEN): gettext_lazy("Open the werkplaats"),
    (Status.CLOSED, Status.OPEN): gettext_lazy("Open again, with a new code"),
    (Status.OPEN, Status.CLOSED): gettext_lazy("Close the werkplaats"),
}


def _moves(workshop: Workshop) -> list[dict[str, Any]]:
    """The steps the facilitator can take now: open or close, each a button."""
    return [
        {
            "to": to,
            "label": MOVE_LABELS[(workshop.status, to)],
            "closes": to == Status.CLOSED,
        }
        for to in sorted(workflow.TRANSITIONS.get(workshop.status, ()))
        if (workshop.status, to) in MOVE_LABELS
    ]


@permission(VIEW)
@require_safe
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_user(request.user, pk, "view")
    url = join_url(request, workshop)
    may_facilitate = may(request.user, "facilitate", workshop)
    context = {
        "workshop": workshop,
        "exercises": [exercise_label(e) for e in workshop.exercises],
        "join_url": url,
        "qr": join_qr_svg(url) if url else "",
        "may_facilitate": may_facilitate,
        "moves": _moves(workshop) if may_facilitate else [],
        "participants": selectors.participants(workshop),
    }
    return render(request, "workshops/staff/detail.html", context)


@permission(FACILITATE)
@require_POST
def workshop_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Open (a fresh code) or close (the code stops working): field ``to``."""
    workshop = get_workshop_for_user(request.user, pk, "facilitate")
    to = request.POST.get("to", "")
    try:
        moved = services.move_workshop(workshop=workshop, to=to, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
        return redirect(detail_url(workshop))
    if moved.is_open:
        messages.success(
            request,
            _("The werkplaats is open: participants join with the code %(code)s.")
            % {"code": moved.join_code},
        )
    else:
        messages.success(
            request, _("The werkplaats is closed: its code no longer works. The results stay.")
        )
    return redirect(detail_url(workshop))


@permission(FACILITATE)
@require_POST
def participant_remove(request: HttpRequest, pk: int, participant: int) -> HttpResponse:
    """A prank name or a double join goes, with its answers."""
    workshop = get_workshop_for_user(request.user, pk, "facilitate")
    joiner = get_object_or_404(Participant, pk=participant, workshop=workshop)
    joiner.workshop = workshop  # read once, with the policy
    services.remove_participant(participant=joiner, by=request.user)
    messages.success(
        request,
        _("%(name)s has been removed from the werkplaats, with their answers.")
        % {"name": joiner.name},
    )
    return redirect(detail_url(workshop) + "#participants")

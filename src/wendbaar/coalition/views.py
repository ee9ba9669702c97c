"""Pages of the coalition: who takes part, since when, with which commitments."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wendbaar.accounts.access import permission, public, signed_in
from wendbaar.accounts.constants import VIEW_RESTRICTED
from wendbaar.approaches.permissions import get_approach_for_user, may_in_approach
from wendbaar.organisations.models import Organisation
from wendbaar.ui.forms import WithdrawForm
from wendbaar.ui.views import form_page

from . import services
from .forms import CommitmentForm, LeaveForm, MembershipForm, RoleForm
from .models import Commitment, Membership
from .permissions import CommitmentPolicy
from .selectors import coalition_history, coalition_on, commitments_of


def _page(pk: int) -> str:
    return reverse("coalition:approach", kwargs={"pk": pk})


def _commitment_ids(user, approach, action: str) -> set[int]:
    """The commitments of ``approach`` that ``user`` may ``action`` (links beside each)."""
    if not user.is_authenticated:
        return set()
    policy = CommitmentPolicy()
    return set(
        policy.instances_for(user, action).filter(approach=approach).values_list("pk", flat=True)
    )


@public
def approach_coalition(request, pk: int):
    approach = get_approach_for_user(request.user, pk)
    day = None
    if request.GET.get("op"):
        try:
            day = dt.date.fromisoformat(request.GET["op"])
        except ValueError:
            messages.error(request, _("That is not a date; showing today."))
    user = request.user
    snapshot = coalition_on(approach, day, viewer=user)
    commitments = commitments_of(approach)
    return render(
        request,
        "coalition/approach_coalition.html",
        {
            "approach": approach,
            "snapshot": snapshot,
            "history": coalition_history(approach),
            "commitments": commitments,
            "changeable_commitments": _commitment_ids(user, approach, "change"),
            "withdrawable_commitments": _commitment_ids(user, approach, "delete"),
            # A withdrawal's reason is staff's words: for who sees restricted data here.
            "show_reasons": may_in_approach(user, VIEW_RESTRICTED, approach),
            "may_manage": may_in_approach(user, "coalition.change_membership", approach),
            "may_commit": may_in_approach(user, "coalition.add_commitment", approach)
            or may_in_approach(user, "coalition.change_own_commitment", approach),
            "today": dt.date.today(),
        },
    )


@permission("coalition.add_membership")
def membership_create(request, pk: int):
    approach = get_approach_for_user(request.user, pk, perm="coalition.add_membership")
    organisations = Organisation.objects.filter(municipality_id=approach.municipality_id)
    form = MembershipForm(request.POST or None, organisations=organisations)
    return form_page(
        request,
        form,
        service=partial(services.join_coalition, approach=approach, by=request.user),
        success_url=_page(approach.pk),
        success_message=_("The organisation has joined the coalition."),
        template="coalition/form.html",
        context={"approach": approach, "title": _("An organisation joins")},
    )


def _membership(request, pk: int, membership: int) -> tuple[Any, Membership]:
    approach = get_approach_for_user(request.user, pk, perm="coalition.change_membership")
    return approach, get_object_or_404(
        Membership, pk=membership, approach=approach, left_on__isnull=True
    )


@permission("coalition.change_membership")
@require_http_methods(["GET", "POST"])
def membership_leave(request, pk: int, membership: int):
    """Confirmation page: the organisation leaves on a date, with a reason."""
    approach, obj = _membership(request, pk, membership)
    form = LeaveForm(request.POST or None)
    return form_page(
        request,
        form,
        service=partial(services.leave_coalition, membership=obj, by=request.user),
        success_url=_page(approach.pk),
        success_message=_("%(organisation)s has left the coalition.")
        % {"organisation": obj.organisation},
        template="coalition/confirm.html",
        context={
            "approach": approach,
            "title": _("End the membership of %(organisation)s")
            % {"organisation": obj.organisation},
            "explanation": _(
                "The organisation is no longer part of the coalition from that day. Its "
                "membership stays in the coalition's history."
            ),
            "submit": _("End membership"),
        },
    )


@permission("coalition.change_membership")
@require_http_methods(["GET", "POST"])
def membership_role(request, pk: int, membership: int):
    """A new role from a date: the history keeps who held which role when."""
    approach, obj = _membership(request, pk, membership)
    form = RoleForm(request.POST or None, initial={"role": obj.role})
    return form_page(
        request,
        form,
        service=partial(services.change_membership_role, membership=obj, by=request.user),
        success_url=_page(approach.pk),
        success_message=_("The role has been changed."),
        template="coalition/form.html",
        context={
            "approach": approach,
            "title": _("Change the role of %(organisation)s") % {"organisation": obj.organisation},
            "note": _("Now: %(role)s, since %(day)s.")
            % {"role": obj.get_role_display(), "day": obj.joined_on.isoformat()},
        },
    )


def _commit_organisations(user, approach):
    orgs = Organisation.objects.filter(municipality_id=approach.municipality_id)
    if may_in_approach(user, "coalition.add_commitment", approach):
        return orgs
    if may_in_approach(user, "coalition.change_own_commitment", approach):
        return orgs.filter(pk__in=Organisation.objects.of_user(user).values("pk"))
    raise PermissionDenied


@signed_in
def commitment_create(request, pk: int):
    approach = get_approach_for_user(request.user, pk)
    organisations = _commit_organisations(request.user, approach)
    form = CommitmentForm(request.POST or None, organisations=organisations)

    return form_page(
        request,
        form,
        # The service's policy decides per chosen party (a partner commits only for
        # their own organisation, which is all the form offers them).
        service=partial(services.add_commitment, approach=approach, by=request.user),
        success_url=_page(approach.pk),
        success_message=_("The commitment has been added."),
        template="coalition/form.html",
        context={"approach": approach, "title": _("New commitment")},
    )


@signed_in
def commitment_edit(request, pk: int, commitment: int):
    approach = get_approach_for_user(request.user, pk)
    obj = get_object_or_404(Commitment, pk=commitment, approach=approach)
    if not CommitmentPolicy().may(request.user, "change", obj):
        raise PermissionDenied
    organisations = Organisation.objects.filter(pk=obj.organisation_id)
    initial = {
        f: getattr(obj, f)
        for f in ("kind", "description", "amount", "hours", "start_year", "end_year")
    }
    initial["organisation"] = obj.organisation
    form = CommitmentForm(request.POST or None, organisations=organisations, initial=initial)
    form.fields["organisation"].disabled = True

    def update(*, organisation, **data):
        # The organisation is shown, not changed (a disabled field).
        return services.update_commitment(commitment=obj, by=request.user, **data)

    return form_page(
        request,
        form,
        service=update,
        success_url=_page(approach.pk),
        success_message=_("The commitment has been saved."),
        template="coalition/form.html",
        context={"approach": approach, "title": _("Edit commitment")},
    )


@signed_in
@require_http_methods(["GET", "POST"])
def commitment_withdraw(request, pk: int, commitment: int):
    """Confirmation page: the commitment is taken back, with a reason."""
    approach = get_approach_for_user(request.user, pk)
    obj = get_object_or_404(Commitment, pk=commitment, approach=approach)
    if not CommitmentPolicy().may(request.user, "delete", obj):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    return form_page(
        request,
        form,
        service=lambda *, reason, confirm: services.withdraw_commitment(
            commitment=obj, reason=reason, by=request.user
        ),
        success_url=_page(approach.pk),
        success_message=_("The commitment has been withdrawn."),
        template="coalition/confirm.html",
        context={
            "approach": approach,
            "title": _("Withdraw commitment"),
            "what": str(obj),
            "explanation": _(
                "It no longer counts in the commitments and their totals. The coalition's "
                "history keeps it, with your reason."
            ),
            "submit": _("Withdraw"),
        },
    )

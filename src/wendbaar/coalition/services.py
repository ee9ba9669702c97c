"""Write use cases of the coalition. One function per use case, keyword-only.

Each service checks the policy for ``by`` (``permissions.py``; ``PermissionDenied``
before anything is written), validates, writes and leaves an audit event. ``by`` is the
acting user, or a ``core.actors.SystemActor`` when the platform acts (demo, commands).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import require
from wendbaar.approaches.permissions import may_in_approach
from wendbaar.approaches.services import check_organisation
from wendbaar.core.services import apply_changes, audit_value, record_audit_event, save_validated
from wendbaar.core.withdrawal import mark_withdrawn
from wendbaar.organisations.models import ContactPerson, Organisation

from .constants import MembershipRole
from .models import Commitment, Membership
from .permissions import CommitmentPolicy

COMMITMENT_FIELDS = ("kind", "description", "amount", "hours", "start_year", "end_year")


@transaction.atomic
def join_coalition(
    *,
    approach: Any,
    organisation: Organisation,
    role: str,
    joined_on: dt.date,
    contact: ContactPerson | None = None,
    note: str = "",
    by: Any,
) -> Membership:
    """``organisation`` joins the coalition of ``approach`` (an ``approaches.Approach``)."""
    require(may_in_approach(by, "coalition.add_membership", approach))
    check_organisation(approach, organisation)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    # Joins and leaves of one coalition wait for each other: the checks below then see
    # the memberships as the previous one left them (no organisation joins twice).
    type(approach).objects.select_for_update().filter(pk=approach.pk).values_list("pk").get()
    if Membership.objects.filter(
        approach=approach, organisation=organisation, left_on__isnull=True
    ).exists():
        raise ValidationError(
            {"organisation": _("This organisation is already part of the coalition.")}
        )
    last = (
        Membership.objects.filter(approach=approach, organisation=organisation)
        .order_by("-left_on")
        .first()
    )
    if last is not None and last.left_on and joined_on < last.left_on:
        raise ValidationError({"joined_on": _("The organisation was still a member on that date.")})
    if contact is not None and contact.organisation_id != organisation.pk:
        raise ValidationError({"contact": _("This person works for another organisation.")})
    membership = Membership(
        approach=approach,
        organisation=organisation,
        role=role,
        contact=contact,
        joined_on=joined_on,
        note=note,
    )
    save_validated(membership)
    record_audit_event(
        actor=by,
        action="coalition_joined",
        obj=membership,
        approach_id=approach.pk,
        organisation_id=organisation.pk,
        role=role,
        joined_on=str(joined_on),
    )
    return membership


@transaction.atomic
def leave_coalition(
    *, membership: Membership, left_on: dt.date, note: str = "", by: Any
) -> Membership:
    """The organisation leaves; the membership row stays as history."""
    require(may_in_approach(by, "coalition.change_membership", membership.approach))
    # Re-read under a lock: of two simultaneous leaves, the second sees the first.
    membership.refresh_from_db(from_queryset=Membership.objects.select_for_update())
    if membership.left_on is not None:
        raise ValidationError(_("This organisation has already left."))
    if left_on <= membership.joined_on:
        raise ValidationError({"left_on": _("Leaving must come after joining.")})
    membership.left_on = left_on
    if note:
        membership.note = (membership.note + "\n" + note).strip()
    save_validated(membership)
    record_audit_event(
        actor=by,
        action="coalition_left",
        obj=membership,
        approach_id=membership.approach_id,
        organisation_id=membership.organisation_id,
        left_on=str(left_on),
    )
    return membership


@transaction.atomic
def change_membership_role(
    *, membership: Membership, role: str, on: dt.date, by: Any
) -> Membership:
    """A new role from ``on``: the old membership ends that day and a new one starts,
    so the history shows who held which role when."""
    require(may_in_approach(by, "coalition.change_membership", membership.approach))
    if role == membership.role:
        return membership
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    if membership.left_on is not None:
        raise ValidationError(_("This organisation has already left; it has no role to change."))
    if on <= membership.joined_on:
        raise ValidationError(
            {
                "on": _("The new role must start after %(day)s, when the current one began.")
                % {"day": membership.joined_on.isoformat()}
            }
        )
    contact = membership.contact
    leave_coalition(membership=membership, left_on=on, by=by)
    return join_coalition(
        approach=membership.approach,
        organisation=membership.organisation,
        role=role,
        joined_on=on,
        contact=contact,
        by=by,
    )


@transaction.atomic
def add_commitment(
    *,
    approach: Any,
    organisation: Organisation,
    kind: str,
    description: str,
    start_year: int,
    end_year: int | None = None,
    amount: Decimal | None = None,
    hours: Decimal | None = None,
    by: Any,
) -> Commitment:
    require(CommitmentPolicy().may_add_for(by, approach, organisation))
    check_organisation(approach, organisation)
    commitment = Commitment(
        approach=approach,
        organisation=organisation,
        kind=kind,
        description=description,
        amount=amount,
        hours=hours,
        start_year=start_year,
        end_year=end_year,
    )
    save_validated(commitment)
    record_audit_event(
        actor=by,
        action="commitment_added",
        obj=commitment,
        approach_id=approach.pk,
        organisation_id=organisation.pk,
        kind=kind,
        amount=audit_value(amount),
        hours=audit_value(hours),
    )
    return commitment


@transaction.atomic
def update_commitment(*, commitment: Commitment, by: Any, **fields: Any) -> Commitment:
    require(CommitmentPolicy().may(by, "change", commitment))
    changed = apply_changes(commitment, fields, COMMITMENT_FIELDS)
    if changed:
        save_validated(commitment)
        record_audit_event(actor=by, action="commitment_updated", obj=commitment, changes=changed)
    return commitment


@transaction.atomic
def withdraw_commitment(*, commitment: Commitment, reason: str, by: Any) -> Commitment:
    """Take a commitment back with a reason: it leaves the totals and the list of
    commitments, and stays in the coalition's history (and the audit log, with what it
    promised). By the wijkaanpak's editors, or a partner for their own organisation."""
    # Re-read under a lock (past the default manager): of two withdrawals at once, the
    # second sees the first.
    commitment.refresh_from_db(from_queryset=Commitment._base_manager.select_for_update())
    if commitment.is_withdrawn:
        raise ValidationError(_("This commitment has already been withdrawn."))
    require(CommitmentPolicy().may(by, "delete", commitment))
    mark_withdrawn(commitment, reason=reason, by=by)
    record_audit_event(
        actor=by,
        action="commitment_withdrawn",
        obj=commitment,
        approach_id=commitment.approach_id,
        organisation_id=commitment.organisation_id,
        reason=commitment.withdrawal_reason,
        kind=commitment.kind,
        description=commitment.description,
        amount=audit_value(commitment.amount),
        hours=audit_value(commitment.hours),
        start_year=commitment.start_year,
        end_year=commitment.end_year,
    )
    return commitment

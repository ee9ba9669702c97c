"""Write use cases of the coalition. One function per use case, keyword-only.

Services validate and write, and leave an audit event; the caller (view, API, command)
has checked the permission through ``permissions.py`` first. ``by`` is the acting user
(None for the system, e.g. the demo loader).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wendbaar.approaches.services import check_organisation
from wendbaar.core.services import apply_changes, audit_value, record_audit_event, save_validated
from wendbaar.organisations.models import ContactPerson, Organisation

from .constants import MembershipRole
from .models import Commitment, Membership

ORGANISATION_FIELDS = ("name", "kind", "subtype", "description", "website")
CONTACT_FIELDS = ("name", "job_title", "email", "phone", "user")
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
    by: Any = None,
) -> Membership:
    """``organisation`` joins the coalition of ``approach`` (an ``approaches.Approach``)."""
    check_organisation(approach, organisation)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Unknown role.")})
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
    *, membership: Membership, left_on: dt.date, note: str = "", by: Any = None
) -> Membership:
    """The organisation leaves; the membership row stays as history."""
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
    *, membership: Membership, role: str, on: dt.date, by: Any = None
) -> Membership:
    """A new role from ``on``: the old membership ends that day and a new one starts,
    so the history shows who held which role when."""
    if role == membership.role:
        return membership
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
    by: Any = None,
) -> Commitment:
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
def update_commitment(*, commitment: Commitment, by: Any = None, **fields: Any) -> Commitment:
    changed = apply_changes(commitment, fields, COMMITMENT_FIELDS)
    if changed:
        save_validated(commitment)
        record_audit_event(actor=by, action="commitment_updated", obj=commitment, changes=changed)
    return commitment


@transaction.atomic
def withdraw_commitment(*, commitment: Commitment, by: Any = None) -> None:
    record_audit_event(
        actor=by,
        action="commitment_withdrawn",
        obj=commitment,
        approach_id=commitment.approach_id,
        organisation_id=commitment.organisation_id,
        description=commitment.description,
        amount=audit_value(commitment.amount),
    )
    commitment.delete()

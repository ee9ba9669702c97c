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

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.services import apply_changes, audit_value, record_audit_event, save_validated

from .constants import CivilSocietySubtype, MembershipRole, OrganisationKind
from .models import Commitment, ContactPerson, Membership, Organisation

ORGANISATION_FIELDS = ("name", "kind", "subtype", "description", "website")
CONTACT_FIELDS = ("name", "job_title", "email", "phone", "user")
COMMITMENT_FIELDS = ("kind", "description", "amount", "hours", "start_year", "end_year")


@transaction.atomic
def create_organisation(
    *,
    name: str,
    kind: str,
    municipality: Area,
    subtype: str = "",
    description: str = "",
    website: str = "",
    by: Any = None,
) -> Organisation:
    if municipality.level != AreaLevel.MUNICIPALITY:
        raise ValidationError({"municipality": _("An organisation belongs to a municipality.")})
    organisation = Organisation(
        name=name,
        kind=kind,
        subtype=subtype if kind == OrganisationKind.CIVIL_SOCIETY else "",
        municipality=municipality,
        description=description,
        website=website,
    )
    if subtype and subtype not in CivilSocietySubtype.values:
        raise ValidationError({"subtype": _("Unknown subtype.")})
    save_validated(organisation)
    record_audit_event(
        actor=by, action="organisation_created", obj=organisation, name=name, kind=kind
    )
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, by: Any = None, **fields: Any
) -> Organisation:
    if fields.get("kind", organisation.kind) != OrganisationKind.CIVIL_SOCIETY:
        fields["subtype"] = ""
    changed = apply_changes(organisation, fields, ORGANISATION_FIELDS)
    if changed:
        save_validated(organisation)
        record_audit_event(
            actor=by, action="organisation_updated", obj=organisation, changes=changed
        )
    return organisation


@transaction.atomic
def add_contact_person(
    *,
    organisation: Organisation,
    name: str,
    job_title: str = "",
    email: str = "",
    phone: str = "",
    user: Any = None,
    by: Any = None,
) -> ContactPerson:
    contact = ContactPerson(
        organisation=organisation,
        name=name,
        job_title=job_title,
        email=email,
        phone=phone,
        user=user,
    )
    save_validated(contact)
    # No personal data in the audit log: ids only.
    record_audit_event(
        actor=by,
        action="contact_person_added",
        obj=contact,
        organisation_id=organisation.pk,
        user_id=getattr(user, "pk", None),
    )
    return contact


@transaction.atomic
def update_contact_person(
    *, contact: ContactPerson, by: Any = None, **fields: Any
) -> ContactPerson:
    changed = apply_changes(contact, fields, CONTACT_FIELDS)
    if changed:
        save_validated(contact)
        record_audit_event(
            actor=by, action="contact_person_updated", obj=contact, fields=sorted(changed)
        )
    return contact


@transaction.atomic
def remove_contact_person(*, contact: ContactPerson, by: Any = None) -> None:
    record_audit_event(
        actor=by,
        action="contact_person_removed",
        obj=contact,
        organisation_id=contact.organisation_id,
    )
    contact.delete()


@transaction.atomic
def link_user_to_organisation(
    *, user: Any, organisation: Organisation, by: Any = None
) -> ContactPerson:
    """Make ``user`` a contact person of ``organisation`` (so they act for it)."""
    contact = ContactPerson.objects.filter(organisation=organisation, user=user).first()
    if contact is not None:
        return contact
    return add_contact_person(
        organisation=organisation,
        name=user.get_full_name() or user.get_username(),
        email=user.email or "",
        user=user,
        by=by,
    )


def _check_same_municipality(approach: Any, organisation: Organisation) -> None:
    if approach.municipality_id != organisation.municipality_id:
        raise ValidationError(
            {
                "organisation": _(
                    "The organisation belongs to another municipality than the approach."
                )
            }
        )


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
    """``organisation`` joins the coalition of ``approach`` (a ``programme.Approach``)."""
    _check_same_municipality(approach, organisation)
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
    _check_same_municipality(approach, organisation)
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

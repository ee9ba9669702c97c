"""Write use cases of the register of organisations and contact persons.

Each service checks the policy for ``by`` (``permissions.py``; ``PermissionDenied``
before anything is written), validates, writes and leaves an audit event. ``by`` is the
acting user, or a ``core.actors.SystemActor`` when the platform acts (demo, commands).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import require
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.services import apply_changes, record_audit_event, save_validated

from .constants import CivilSocietySubtype, OrganisationKind
from .models import ContactPerson, Organisation
from .permissions import ContactPersonPolicy, OrganisationPolicy, may_in_municipality

ORGANISATION_FIELDS = ("name", "kind", "subtype", "description", "website")
CONTACT_FIELDS = ("name", "job_title", "email", "phone", "user")


@transaction.atomic
def create_organisation(
    *,
    name: str,
    kind: str,
    municipality: Area,
    subtype: str = "",
    description: str = "",
    website: str = "",
    by: Any,
) -> Organisation:
    # A wijk or buurt is a wrong answer, not a missing right: say so before the policy.
    if municipality.level != AreaLevel.MUNICIPALITY:
        raise ValidationError({"municipality": _("An organisation belongs to a municipality.")})
    require(may_in_municipality(by, "organisations.add_organisation", municipality))
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
def update_organisation(*, organisation: Organisation, by: Any, **fields: Any) -> Organisation:
    require(OrganisationPolicy().may(by, "change", organisation))
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
    by: Any,
) -> ContactPerson:
    require(may_in_municipality(by, "organisations.add_contactperson", organisation.municipality))
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
def update_contact_person(*, contact: ContactPerson, by: Any, **fields: Any) -> ContactPerson:
    require(ContactPersonPolicy().may(by, "change", contact))
    changed = apply_changes(contact, fields, CONTACT_FIELDS)
    if changed:
        save_validated(contact)
        record_audit_event(
            actor=by, action="contact_person_updated", obj=contact, fields=sorted(changed)
        )
    return contact


@transaction.atomic
def remove_contact_person(*, contact: ContactPerson, by: Any) -> None:
    require(ContactPersonPolicy().may(by, "delete", contact))
    record_audit_event(
        actor=by,
        action="contact_person_removed",
        obj=contact,
        organisation_id=contact.organisation_id,
    )
    contact.delete()


@transaction.atomic
def link_user_to_organisation(*, user: Any, organisation: Organisation, by: Any) -> ContactPerson:
    """Make ``user`` a contact person of ``organisation`` (so they act for it)."""
    require(may_in_municipality(by, "organisations.add_contactperson", organisation.municipality))
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

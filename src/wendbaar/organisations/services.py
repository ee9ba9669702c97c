"""Write use cases of the register of organisations and contact persons.

Each service checks the policy for ``by`` (``permissions.py``; ``PermissionDenied``
before anything is written), validates, writes and leaves an audit event. ``by`` is the
acting user, or a ``core.actors.SystemActor`` when the platform acts (demo, commands).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import require
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.services import apply_changes, record_audit_event, save_validated
from wendbaar.core.withdrawal import reason_text

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


def dependants(organisation: Organisation) -> list[tuple[str, int]]:
    """What still points at ``organisation`` and would be lost or broken by removing it:
    (what, how many) for every relation but its own contact persons (which go with it).

    Read from the model relations, so the register needs no code of the apps above it
    (projects, funding, money flows, memberships, commitments, budget holders); withdrawn
    records count too: their history names the organisation."""
    found = []
    for relation in Organisation._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if relation.on_delete is models.CASCADE:
            continue
        model = relation.related_model
        count = model._base_manager.filter(**{relation.field.name: organisation}).count()
        if count:
            opts = model._meta
            label = opts.verbose_name if count == 1 else opts.verbose_name_plural
            found.append((str(label), count))
    return sorted(found)


@transaction.atomic
def remove_organisation(*, organisation: Organisation, reason: str = "", by: Any) -> Organisation:
    """Remove an organisation entered by mistake, with its contact persons. Refused while
    projects, funding, money flows, memberships, commitments or wijkaanpakken depend on it
    (the message says which and how many); the audit event keeps its name and kind."""
    require(OrganisationPolicy().may(by, "delete", organisation))
    # Lock the row: nothing is linked to it between the check and the removal.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk").get()
    found = dependants(organisation)
    if found:
        raise ValidationError(
            _("%(name)s cannot be removed: it still has %(what)s. Remove or move those first.")
            % {
                "name": organisation.name,
                "what": ", ".join(f"{count} {label}" for label, count in found),
            },
            code="in_use",
        )
    reason = reason_text(reason, required=False)
    record_audit_event(
        actor=by,
        action="organisation_removed",
        obj=organisation,
        name=organisation.name,
        kind=organisation.kind,
        subtype=organisation.subtype,
        description=organisation.description,
        website=organisation.website,
        contact_persons=organisation.contacts.count(),
        reason=reason,
    )
    organisation.delete()
    return organisation  # unsaved now: what was removed, for the caller's message


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

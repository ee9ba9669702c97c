"""Reads of the coalition: as it is today, as it was on a date, and its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from wendbaar.organisations.constants import PartyGroup
from wendbaar.organisations.models import ContactPerson, Organisation
from wendbaar.organisations.permissions import ContactPersonPolicy

from .analysis import missing_party_groups
from .models import Commitment, Membership

# --- contact persons: personal data ----------------------------------------------------


@dataclass(frozen=True)
class VisibleContacts:
    """Which of the contact persons on a page the reader may see.

    The rule is ``ContactPersonPolicy``'s, asked for exactly these persons: only within
    the gemeenten where the reader holds ``organisations.view_contactperson`` (for the
    gemeente or one of its wijken), never for anonymous visitors or readers without that
    scope. Holding the permission in *some* gemeente is not enough (issue #9).
    """

    ids: frozenset[int] = frozenset()

    def of(self, contact: ContactPerson | None) -> ContactPerson | None:
        """``contact`` if the reader may see it, else None."""
        return contact if contact is not None and contact.pk in self.ids else None


def visible_contacts(user: Any, contacts: Iterable[ContactPerson | None]) -> VisibleContacts:
    """The contact persons among ``contacts`` that ``user`` may see (no query for
    anonymous visitors or when there is nobody to show)."""
    ids = {c.pk for c in contacts if c is not None}
    if not ids or not getattr(user, "is_authenticated", False):
        return VisibleContacts()
    allowed = ContactPersonPolicy().instances_for(user, "view").filter(pk__in=ids).values_list("pk")
    return VisibleContacts(frozenset(pk for (pk,) in allowed))


def visible_contact(user: Any, contact: ContactPerson | None) -> ContactPerson | None:
    """One contact person (a project's owner) if ``user`` may see it, else None."""
    return visible_contacts(user, [contact]).of(contact)


# --- the coalition -----------------------------------------------------------------------


@dataclass
class CoalitionSnapshot:
    """The coalition on ``day``. Each membership carries ``visible_contact``: its contact
    person if the viewer may see it, else None; templates show only that."""

    day: dt.date
    memberships: list[Membership]
    by_group: dict[str, list[Membership]] = field(default_factory=dict)
    missing_groups: list[str] = field(default_factory=list)
    show_contacts: bool = False  # the viewer sees at least one contact person

    @property
    def missing_group_labels(self) -> list[str]:
        return [str(PartyGroup(g).label) for g in self.missing_groups]

    @property
    def groups(self) -> list[tuple[str, str, list[Membership]]]:
        """(group, label, memberships) in the order of PartyGroup, only non-empty ones."""
        return [
            (g, str(PartyGroup(g).label), self.by_group[g])
            for g in PartyGroup.values
            if self.by_group.get(g)
        ]


@dataclass(frozen=True)
class CoalitionEvent:
    day: dt.date
    kind: str  # "joined", "left" or "withdrawn" (a commitment taken back)
    membership: Membership | None = None
    commitment: Commitment | None = None


def coalition_on(
    approach: Any, day: dt.date | None = None, *, viewer: Any = None
) -> CoalitionSnapshot:
    """The coalition of ``approach`` on ``day`` (today by default), with the kinds of
    party that are missing, and the contact persons ``viewer`` may see (none without a
    viewer)."""
    day = day or timezone.localdate()
    memberships = list(
        Membership.objects.for_approach(approach.pk)
        .on(day)
        .select_related("organisation", "contact")
        .order_by("organisation__name")
    )
    contacts = visible_contacts(viewer, (m.contact for m in memberships))
    for m in memberships:
        m.visible_contact = contacts.of(m.contact)
    by_group: dict[str, list[Membership]] = {}
    for m in memberships:
        by_group.setdefault(m.organisation.party_group, []).append(m)
    return CoalitionSnapshot(
        day=day,
        memberships=memberships,
        by_group=by_group,
        missing_groups=missing_party_groups(m.organisation.kind for m in memberships),
        show_contacts=bool(contacts.ids),
    )


def withdrawn_commitments_of(approach: Any) -> list[Commitment]:
    """Commitments taken back (past the default manager, which hides them), last first."""
    return list(
        Commitment._base_manager.filter(approach=approach, withdrawn_at__isnull=False)
        .select_related("organisation")
        .order_by("-withdrawn_at", "-id")
    )


def coalition_history(approach: Any) -> list[CoalitionEvent]:
    """Every joining and leaving, and every commitment withdrawn, newest first."""
    events = []
    for m in Membership.objects.for_approach(approach.pk).select_related("organisation"):
        events.append(CoalitionEvent(m.joined_on, "joined", m))
        if m.left_on:
            events.append(CoalitionEvent(m.left_on, "left", m))
    for c in withdrawn_commitments_of(approach):
        day = timezone.localdate(c.withdrawn_at)
        events.append(CoalitionEvent(day, "withdrawn", commitment=c))
    events.sort(
        key=lambda e: (e.day, e.kind == "joined", (e.membership or e.commitment).pk),
        reverse=True,
    )
    return events


def commitments_of(approach: Any) -> list[Commitment]:
    return list(
        Commitment.objects.filter(approach=approach)
        .select_related("organisation")
        .order_by("organisation__name", "start_year", "id")
    )


def organisations_of_user(user: Any):
    return Organisation.objects.of_user(user)


def organisation_choices_for(approach: Any):
    """Organisations of the approach's gemeente, to pick from in forms."""
    return Organisation.objects.filter(municipality_id=approach.municipality_id)

"""Reads of the coalition: as it is today, as it was on a date, and its history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from wendbaar.organisations.constants import PartyGroup
from wendbaar.organisations.models import Organisation

from .analysis import missing_party_groups
from .models import Commitment, Membership


@dataclass
class CoalitionSnapshot:
    day: dt.date
    memberships: list[Membership]
    by_group: dict[str, list[Membership]] = field(default_factory=dict)
    missing_groups: list[str] = field(default_factory=list)

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
    kind: str  # "joined" or "left"
    membership: Membership


def coalition_on(approach: Any, day: dt.date | None = None) -> CoalitionSnapshot:
    """The coalition of ``approach`` on ``day`` (today by default), with the kinds of
    party that are missing."""
    day = day or timezone.localdate()
    memberships = list(
        Membership.objects.for_approach(approach.pk)
        .on(day)
        .select_related("organisation", "contact")
        .order_by("organisation__name")
    )
    by_group: dict[str, list[Membership]] = {}
    for m in memberships:
        by_group.setdefault(m.organisation.party_group, []).append(m)
    return CoalitionSnapshot(
        day=day,
        memberships=memberships,
        by_group=by_group,
        missing_groups=missing_party_groups(m.organisation.kind for m in memberships),
    )


def coalition_history(approach: Any) -> list[CoalitionEvent]:
    """Every joining and leaving, newest first."""
    events = []
    for m in Membership.objects.for_approach(approach.pk).select_related("organisation"):
        events.append(CoalitionEvent(m.joined_on, "joined", m))
        if m.left_on:
            events.append(CoalitionEvent(m.left_on, "left", m))
    events.sort(key=lambda e: (e.day, e.kind == "joined", e.membership.pk), reverse=True)
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

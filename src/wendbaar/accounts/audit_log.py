"""The audit log as a beheerder may read it: the events of their gemeente's objects and
of its users (reads; the log itself is written by ``core.services.record_audit_event``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from wendbaar.core.models import AuditEvent

from .constants import MANAGE_USERS
from .models import RoleAssignment
from .policies import municipality_codes_in, scope_for


def audit_events_for(
    user: Any,
    *,
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first. A beheerder sees events about objects in their gemeenten (the code
    recorded with the event) and events by or about users who hold a role there; a
    superuser sees all; anybody else nothing."""
    scope = scope_for(user, MANAGE_USERS)
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    if scope.is_empty:
        return events.none()
    if not scope.everywhere:
        codes = sorted(municipality_codes_in(scope))
        user_ids = set(
            RoleAssignment.objects.filter(municipality__code__in=codes).values_list(
                "user_id", flat=True
            )
        )
        events = events.filter(
            Q(municipality_code__in=codes)
            | Q(actor_id__in=user_ids)
            | Q(object_type="accounts.user", object_id__in=[str(pk) for pk in user_ids])
        )
    if action:
        events = events.filter(action=action)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


def audit_actions_for(user: Any) -> list[str]:
    """The kinds of event the user may filter on (those in their part of the log)."""
    return list(
        audit_events_for(user).order_by("action").values_list("action", flat=True).distinct()
    )

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When

from .constants import CLOSED_STATUSES, HandOverState


def triage_overdue_q(today: dt.date) -> Q:
    return Q(owner__isnull=True, closed_at__isnull=True, triage_due__lt=today)


def answer_overdue_q(today: dt.date) -> Q:
    return Q(first_answer_at__isnull=True, closed_at__isnull=True, answer_due__lt=today)


class InitiativeQuerySet(models.QuerySet):
    def open(self) -> InitiativeQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: dt.date) -> InitiativeQuerySet:
        return self.filter(triage_overdue_q(today) | answer_overdue_q(today))

    def with_overdue_flag(self, today: dt.date) -> InitiativeQuerySet:
        """Annotate ``is_overdue`` and order the overdue ones first, then by due date:
        the work list of an owner or wijkmanager."""
        return self.annotate(
            is_overdue=Case(
                When(triage_overdue_q(today) | answer_overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        ).order_by("-is_overdue", "answer_due", "id")

    def with_open_handover_to(self, user) -> InitiativeQuerySet:
        return self.filter(handovers__state=HandOverState.OFFERED, handovers__to_user=user)

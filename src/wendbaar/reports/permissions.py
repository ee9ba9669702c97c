"""Who may see and do what with progress reports. One policy; the services check it.

* **Compose** (create, write chapters, choose voices, move the status, adopt, correct):
  ``reports.change_report`` for one of the wijkaanpak's areas — the programme bureau and
  the wijkmanager of the scope. They see every report of their wijkaanpakken.
* **Comment**: ``reports.comment_report`` in scope (coalition partners), only while the
  report is under discussion; they read it from then on.
* **View**: an adopted report, with ``reports.view_report`` in scope (readers and all
  staff), and by anyone when the wijkaanpak is published. A draft is its writers' alone.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from wendbaar.accounts.policies import Policy, scope_for
from wendbaar.approaches.models import Approach
from wendbaar.approaches.permissions import approach_scope_q, may_in_approach, pk_in

from .constants import Status
from .models import Report
from .workflow import COMMENTABLE

VIEW = "reports.view_report"
COMPOSE = "reports.change_report"
COMMENT = "reports.comment_report"


EVERY = Q(pk__isnull=False)  # not Q(): an empty Q vanishes when OR-ed with another


def _in_scope(user: Any, perm: str) -> Q:
    scope = scope_for(user, perm)
    return EVERY if scope.everywhere else approach_scope_q(scope, "approach")


class ReportPolicy(Policy):
    model = Report
    area_path = "approach__areas"
    permissions = {"compose": COMPOSE, "comment": COMMENT}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = self.base_queryset()
        if action == "view":
            q = _in_scope(user, COMPOSE)
            q |= _in_scope(user, COMMENT) & Q(status__in=[Status.REVIEW, Status.ADOPTED])
            q |= _in_scope(user, VIEW) & Q(status=Status.ADOPTED)
            q |= Q(status=Status.ADOPTED, approach__is_published=True)
            return pk_in(qs, q)
        if action == "compose":
            return pk_in(qs, _in_scope(user, COMPOSE))
        if action == "comment":
            return pk_in(qs, _in_scope(user, COMMENT) & Q(status__in=COMMENTABLE))
        raise ValueError(f"ReportPolicy knows no action {action!r}")


def may(user: Any, action: str, report: Report) -> bool:
    return ReportPolicy().may(user, action, report)


def may_compose_in(user: Any, approach: Approach) -> bool:
    return may_in_approach(user, COMPOSE, approach)


def reports_for(user: Any, approach: Approach) -> models.QuerySet:
    """The reports of ``approach`` that ``user`` may see, newest period first."""
    return ReportPolicy().instances_for(user, "view").filter(approach=approach)


def get_report_for_user(user: Any, approach: Approach, pk: int, action: str = "view") -> Report:
    """404 unless ``user`` may see the report; 403 unless they may ``action`` it."""
    return ReportPolicy().get_for_user(user, action, pk=pk, approach=approach)

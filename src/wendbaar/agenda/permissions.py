"""Who may do what to the agenda of a wijkaanpak.

Goals, indicators, programme lines and money flows follow the wijkaanpak itself (the
kernel's :class:`~wendbaar.approaches.permissions.ApproachPolicy`): visible with it,
changed by those who may change it. Projects have a rule of their own:

* View: with the wijkaanpak (published, or a draft in scope).
* Change: ``agenda.change_project`` in scope (wijkmanagers for their wijken, the
  programmabureau for its gemeente), or ``agenda.change_own_project`` in scope for
  projects whose owner organisation the user is a contact person of (partners).
  "Change" covers the plan, status, progress, milestones and funding of the project.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from wendbaar.accounts.policies import scope_for
from wendbaar.approaches.models import Approach
from wendbaar.approaches.permissions import (
    ApproachOwnedPolicy,
    approach_scope_q,
    may_in_approach,
    pk_in,
)
from wendbaar.organisations.models import Organisation

from .models import Project


class ProjectPolicy(ApproachOwnedPolicy):
    model = Project
    permissions = {"change_own": "agenda.change_own_project"}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        if action != "change":
            return super().instances_for(user, action)
        qs = self.base_queryset()
        scope = scope_for(user, self.permission_for(action))
        if scope.everywhere:
            return qs
        q = approach_scope_q(scope, "approach")
        own = scope_for(user, self.permission_for("change_own"))
        if not own.is_empty:
            q |= approach_scope_q(own, "approach") & Q(
                owner_organisation__in=Organisation.objects.of_user(user)
            )
        return pk_in(qs, q)

    def may_anywhere(self, user: Any, action: str) -> bool:
        if action == "change":
            return super().may_anywhere(user, "change") or super().may_anywhere(user, "change_own")
        return super().may_anywhere(user, action)


def may_add_project(user: Any, approach: Approach) -> bool:
    return may_in_approach(user, "agenda.add_project", approach)


def may_change_project(user: Any, project: Project) -> bool:
    return ProjectPolicy().may(user, "change", project)


def get_project_for_user(user: Any, approach: Approach, pk: int, action: str = "view") -> Project:
    return ProjectPolicy().get_for_user(user, action, pk=pk, approach=approach)

"""Who may do what to a wijkaanpak and its projects.

* View: a published wijkaanpak is visible to anyone, also without an account; a draft
  to users whose role grants ``programme.view_approach`` for one of its areas.
* Change (agenda, checklist, goals, programme lines, money flows, coalition): users
  holding ``programme.change_approach`` for one of its areas (wijkmanagers for their
  wijken, the programmabureau for its gemeente).
* Projects: ``programme.change_project`` in scope (as above), or
  ``programme.change_own_project`` in scope for projects whose owner organisation the
  user is a contact person of (partners). "Change" covers the plan, status, progress,
  milestones and funding of the project.

A wijkaanpak is in a scope when *one* of its areas is (a wijkmanager of one of two wijken
may edit the joint approach). Gemeente-wide roles see the whole gemeente.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from wendbaar.accounts.policies import Policy, scope_for
from wendbaar.coalition.models import Organisation

from .models import Approach, Project


def _pk_in(qs: models.QuerySet, q: Q) -> models.QuerySet:
    return qs.filter(pk__in=qs.model._default_manager.filter(q).values("pk"))


class ApproachPolicy(Policy):
    model = Approach
    area_path = "areas"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        scope = scope_for(user, self.permission_for(action))
        if scope.everywhere:
            return self.base_queryset()
        q = Q(pk__in=[]) if scope.is_empty else scope.q("areas")
        if action == "view":
            q |= Q(is_published=True)
        return _pk_in(self.base_queryset(), q)


class ProjectPolicy(Policy):
    model = Project
    area_path = "approach__areas"
    permissions = {"change_own": "programme.change_own_project"}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = self.base_queryset()
        if action == "view":
            visible = ApproachPolicy().instances_for(user, "view")
            return qs.filter(approach__in=visible.values("pk"))
        scope = scope_for(user, self.permission_for(action))
        if scope.everywhere:
            return qs
        q = Q(pk__in=[]) if scope.is_empty else scope.q("approach__areas")
        if action == "change":
            own = scope_for(user, self.permission_for("change_own"))
            if not own.is_empty:
                q |= own.q("approach__areas") & Q(
                    owner_organisation__in=Organisation.objects.of_user(user)
                )
        return _pk_in(qs, q)

    def may_anywhere(self, user: Any, action: str) -> bool:
        if action == "change":
            return super().may_anywhere(user, "change") or super().may_anywhere(user, "change_own")
        return super().may_anywhere(user, action)


def may_edit_approach(user: Any, approach: Approach) -> bool:
    return ApproachPolicy().may(user, "change", approach)


def may_add_project(user: Any, approach: Approach) -> bool:
    scope = scope_for(user, "programme.add_project")
    if scope.everywhere:
        return True
    return not scope.is_empty and approach.areas.filter(scope.q()).exists()


def may_change_project(user: Any, project: Project) -> bool:
    return ProjectPolicy().may(user, "change", project)


def get_approach_for_user(user: Any, pk: int, action: str = "view") -> Approach:
    """The approach for ``action``: Http404 if invisible, PermissionDenied otherwise."""
    return ApproachPolicy().get_for_user(user, action, pk=pk)


def get_project_for_user(user: Any, approach: Approach, pk: int, action: str = "view") -> Project:
    return ProjectPolicy().get_for_user(user, action, pk=pk, approach=approach)

"""Who may see and change a wijkaanpak, and everything a wijkaanpak owns.

The one rule of the kernel, used by every app above it:

* **View**: a published wijkaanpak is public (also without an account); a draft is
  visible to users whose role grants ``approaches.view_approach`` for one of its areas.
* **Change** (and any other permission of an app above): the permission is held for
  *one* of the wijkaanpak's areas — a wijkmanager of one of two wijken may edit the
  joint approach; gemeente-wide roles hold it for the whole gemeente.

Write services check the same rules (``accounts.policies.require``); the functions below
name the ones that are more than "may change the wijkaanpak".

Models that belong to a wijkaanpak (memberships, commitments, projects, initiatives…)
subclass :class:`ApproachOwnedPolicy` and so inherit "public when published".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from wendbaar.accounts.policies import Policy, Scope, may, scope_for
from wendbaar.areas.models import Area

from .models import Approach

VIEW_APPROACH = "approaches.view_approach"
ADD_APPROACH = "approaches.add_approach"
CHANGE_APPROACH = "approaches.change_approach"
ADD_POLICY_DRIVER = "approaches.add_policydriver"


def pk_in(qs: models.QuerySet, q: Q) -> models.QuerySet:
    """``qs`` filtered by ``q`` through its ids: a filter over the areas many-to-many may
    repeat rows, and ``distinct()`` would not combine with later annotations."""
    return qs.filter(pk__in=qs.model._default_manager.filter(q).values("pk"))


def approach_scope_q(scope: Scope, prefix: str = "") -> Q:
    """``Q`` for approaches (or, with ``prefix``, objects whose approach lies at
    ``prefix``) with an area in ``scope``."""
    if scope.is_empty:
        return Q(pk__in=[])
    return scope.q(f"{prefix}__areas" if prefix else "areas")


def may_in_approach(user: Any, perm: str, approach: Approach) -> bool:
    """Whether ``user`` holds ``perm`` for one of the areas of ``approach``."""
    scope = scope_for(user, perm)
    if scope.everywhere:
        return True
    if scope.is_empty:
        return False
    return approach.areas.filter(scope.q()).exists()


class ApproachPolicy(Policy):
    model = Approach
    area_path = "areas"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        scope = scope_for(user, self.permission_for(action))
        if scope.everywhere:
            return self.base_queryset()
        q = approach_scope_q(scope)
        if action == "view":
            q |= Q(is_published=True)
        return pk_in(self.base_queryset(), q)


class ApproachOwnedPolicy(Policy):
    """For a model with an ``approach`` foreign key: visible with its wijkaanpak
    (published, or its own view permission in scope), acted on in scope."""

    area_path: ClassVar[str] = "approach__areas"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = self.base_queryset()
        scope = scope_for(user, self.permission_for(action))
        if scope.everywhere:
            return qs
        q = approach_scope_q(scope, "approach")
        if action == "view":
            q |= Q(approach__is_published=True)
        return pk_in(qs, q)


def get_approach_for_user(
    user: Any, pk: int, action: str = "view", *, perm: str | None = None
) -> Approach:
    """The wijkaanpak ``pk``: Http404 unless ``user`` may see it; PermissionDenied unless
    they may do ``action`` to it or, with ``perm`` (a permission of an app above, e.g.
    ``coalition.add_membership``), hold that for one of its areas."""
    policy = ApproachPolicy()
    try:
        approach = policy.instances_for(user, "view").select_related("municipality").get(pk=pk)
    except Approach.DoesNotExist:
        raise Http404 from None
    if action != "view" and not policy.may(user, action, approach):
        raise PermissionDenied
    if perm is not None and not may_in_approach(user, perm, approach):
        raise PermissionDenied
    return approach


def may_edit_approach(user: Any, approach: Approach) -> bool:
    return ApproachPolicy().may(user, "change", approach)


def may_create_approach(user: Any, areas: Sequence[Area]) -> bool:
    """A new wijkaanpak: ``approaches.add_approach`` for every one of its areas."""
    scope = scope_for(user, ADD_APPROACH)
    return not scope.is_empty and all(scope.contains(area) for area in areas)


def may_set_areas(user: Any, approach: Approach, areas: Sequence[Area]) -> bool:
    """Change a wijkaanpak's areas: every area added lies in the editor's scope (areas it
    already has may stay, so a wijkmanager can edit a joint approach)."""
    scope = scope_for(user, CHANGE_APPROACH)
    existing = set(approach.areas.values_list("pk", flat=True))
    return all(scope.contains(area) for area in areas if area.pk not in existing)


def may_add_policy_driver(user: Any, municipality: Area) -> bool:
    """A gemeente's own policy drivers are a gemeente-wide matter."""
    return may(user, ADD_POLICY_DRIVER, municipality)

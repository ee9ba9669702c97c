"""Who may see and do what with residents' initiatives.

Roles grant the permissions (data migration ``0002_role_permissions``) within their scope
(``wendbaar.accounts.policies``); an initiative lies in its area (a wijk, a buurt, or the
gemeente itself).

* View: ``initiatives.view_initiative`` in scope (every staff role); and always the
  initiative's owner and the receiver of a hand-over that waits for them.
* Add: ``initiatives.add_initiative`` in scope (staff registering an idea told at a table
  or by phone).
* Triage (assign the first owner): ``initiatives.triage_initiative`` in scope
  (wijkmanager, programmabureau).
* Change (messages, status, hand-over, support, rule conflicts, koppelkansen): the owner,
  and ``initiatives.change_initiative`` in scope (wijkmanager, programmabureau).
* Contact details of the initiators: ``initiatives.view_initiative_contact`` in scope,
  and the owner. Partners hold no such permission: they see contact details only for the
  initiatives they own. Every view of contact details is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from wendbaar.accounts.policies import Policy, scope_for

from .constants import HandOverState
from .models import Initiative

VIEW = "initiatives.view_initiative"
ADD = "initiatives.add_initiative"
CHANGE = "initiatives.change_initiative"
TRIAGE = "initiatives.triage_initiative"
VIEW_CONTACT = "initiatives.view_initiative_contact"


def _personal_q(user: Any, action: str) -> Q:
    """What ``user`` may do to an initiative because of who they are in it."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    owner = Q(owner=user)
    if action == "view":
        waiting = Initiative.objects.filter(
            handovers__to_user=user, handovers__state=HandOverState.OFFERED
        ).values("pk")
        return owner | Q(pk__in=waiting)
    if action in ("change", "view_contact"):
        return owner
    return Q(pk__in=[])


class InitiativePolicy(Policy):
    model = Initiative
    area_path = "area"
    permissions = {"triage": TRIAGE, "view_contact": VIEW_CONTACT}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        scope = scope_for(user, self.permission_for(action))
        base = self.base_queryset()
        if scope.everywhere:
            return base
        q = _personal_q(user, action)
        if not scope.is_empty:
            q |= scope.q(self.area_path)
        return base.filter(q)

    def may_area(self, user: Any, action: str, area: Any) -> bool:
        """Whether ``user`` may ``action`` (``add``) an initiative in ``area``."""
        return scope_for(user, self.permission_for(action)).contains(area)

    def may_anywhere(self, user: Any, action: str) -> bool:
        if super().may_anywhere(user, action):
            return True
        if action in ("view", "change"):
            return self.base_queryset().filter(_personal_q(user, action)).exists()
        return False


def may(user: Any, action: str, initiative: Initiative) -> bool:
    return InitiativePolicy().may(user, action, initiative)

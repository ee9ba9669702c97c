"""Who may see and run werkplaatsen. One policy; the services check it.

* **Facilitate** (create, edit, open, close, write the werkagenda, push actions):
  ``workshops.change_workshop`` in the werkplaats's gemeente — the programme bureau, a
  wijkmanager (a wijkmanager of one wijk facilitates in its gemeente) and the beheerder.
* **View the results**: ``workshops.view_workshop`` in the gemeente — the gemeente's staff
  (the same three roles). Partners and readers never see a werkplaats: its answers are a
  team's own reflection, not a publication.
* **Participants** have no account: the browser session that joined holds its
  participant (``participation.py``); it reaches its own answers only, and only while the
  werkplaats is open.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from wendbaar.accounts.policies import Policy, municipality_codes_in, scope_for

from .models import Workshop

VIEW = "workshops.view_workshop"
FACILITATE = "workshops.change_workshop"


class WorkshopPolicy(Policy):
    model = Workshop
    area_path = "municipality"
    permissions = {"facilitate": FACILITATE}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        scope = scope_for(user, self.permission_for(action))
        base = self.base_queryset()
        if scope.everywhere:
            return base
        # A wijkmanager's scope is a wijk: a werkplaats is the gemeente's team.
        return base.filter(municipality__code__in=sorted(municipality_codes_in(scope)))


def may(user: Any, action: str, workshop: Workshop) -> bool:
    return WorkshopPolicy().may(user, action, workshop)


def get_workshop_for_user(user: Any, pk: int, action: str = "view") -> Workshop:
    """404 unless ``user`` may see the werkplaats; 403 unless they may ``action`` it."""
    return WorkshopPolicy().get_for_user(user, action, pk=pk)

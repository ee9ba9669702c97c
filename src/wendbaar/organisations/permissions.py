"""Who may do what to organisations and their contact persons.

Organisations lie in a gemeente: a user holding the permission for the gemeente, or for
one of its wijken, may act on them. Contact persons are personal data: only within that
scope, never public. (That an organisation takes part in a published coalition is said
by the coalition's own pages, through its memberships.)
"""

from __future__ import annotations

from typing import Any

from django.db import models

from wendbaar.accounts.policies import Policy, municipalities_for
from wendbaar.areas.models import Area

from .models import ContactPerson, Organisation


class OrganisationPolicy(Policy):
    model = Organisation
    area_path = "municipality"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        municipalities = municipalities_for(user, self.permission_for(action))
        return self.base_queryset().filter(municipality__in=municipalities)


class ContactPersonPolicy(Policy):
    """Contact persons are personal data: only within the scope, never public."""

    model = ContactPerson
    area_path = "organisation__municipality"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        municipalities = municipalities_for(user, self.permission_for(action))
        return self.base_queryset().filter(organisation__municipality__in=municipalities)


def may_in_municipality(user: Any, perm: str, municipality: Area) -> bool:
    """``perm`` for the register of ``municipality``: held for the gemeente or one of its
    wijken (the rule of both policies above, for an object that does not exist yet)."""
    return municipalities_for(user, perm).filter(pk=municipality.pk).exists()

"""Who may do what to memberships and commitments of a wijkaanpak.

Both belong to a wijkaanpak and follow the kernel's rule
(:class:`~wendbaar.approaches.permissions.ApproachOwnedPolicy`): visible when the
wijkaanpak is published or in the user's scope, changed by those holding the change
permission for one of its areas. Partners change and withdraw the commitments of their
own organisation (``coalition.change_own_commitment``, organisations they are a contact
person of).
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

from .models import Commitment, Membership


class MembershipPolicy(ApproachOwnedPolicy):
    model = Membership


class CommitmentPolicy(ApproachOwnedPolicy):
    model = Commitment
    permissions = {"change_own": "coalition.change_own_commitment"}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = super().instances_for(user, action)
        # A partner changes and withdraws the commitments of their own organisation.
        if action not in ("change", "delete"):
            return qs
        own_scope = scope_for(user, self.permission_for("change_own"))
        if own_scope.is_empty:
            return qs
        own = pk_in(
            self.base_queryset(),
            approach_scope_q(own_scope, "approach")
            & Q(organisation__in=Organisation.objects.of_user(user)),
        )
        return self.base_queryset().filter(Q(pk__in=qs.values("pk")) | Q(pk__in=own.values("pk")))

    def may_add_for(self, user: Any, approach: Approach, organisation: Organisation) -> bool:
        """Add a commitment: editors of the wijkaanpak, or partners for their own
        organisation."""
        if may_in_approach(user, "coalition.add_commitment", approach):
            return True
        return (
            may_in_approach(user, "coalition.change_own_commitment", approach)
            and Organisation.objects.of_user(user).filter(pk=organisation.pk).exists()
        )

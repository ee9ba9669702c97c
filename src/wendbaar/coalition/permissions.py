"""Who may do what to organisations, memberships and commitments.

* Organisations lie in a gemeente: a user holding the permission for the gemeente, or
  for one of its wijken, may act on them. Organisations in the coalition of a published
  wijkaanpak are public (their name and kind, not their contact persons).
* Memberships and commitments lie in a wijkaanpak: visible when the wijkaanpak is
  (published, or in the user's scope); changed by those holding the change permission
  for one of its areas. Partners change the commitments of their own organisation
  (``coalition.change_own_commitment``, organisations they are a contact person of).

This module refers to the wijkaanpak only through lookups (``approach__…``), never by
importing ``programme``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from wendbaar.accounts.policies import Policy, Scope, scope_for
from wendbaar.areas.models import Area

from .models import Commitment, ContactPerson, Membership, Organisation


def approach_scope_q(scope: Scope, prefix: str) -> Q:
    """``Q`` for objects whose wijkaanpak (at ``prefix``) has an area in ``scope``."""
    return scope.q(f"{prefix}__areas")


def _pk_in(qs: models.QuerySet, q: Q) -> models.QuerySet:
    # Filtering through the areas M2M may repeat rows: select by pk instead of distinct().
    return qs.filter(pk__in=qs.model._default_manager.filter(q).values("pk"))


def municipality_codes_in(scope: Scope) -> set[str]:
    codes = set(scope.municipality_codes)
    if scope.district_ids:
        codes |= set(
            Area.objects.filter(pk__in=scope.district_ids).values_list(
                "municipality_code", flat=True
            )
        )
    return codes


class OrganisationPolicy(Policy):
    model = Organisation
    area_path = "municipality"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = self.base_queryset()
        scope = scope_for(user, self.permission_for(action))
        if scope.everywhere:
            return qs
        q = Q(municipality__code__in=sorted(municipality_codes_in(scope)))
        if action == "view":
            q |= Q(memberships__approach__is_published=True)
        return _pk_in(qs, q)


class ContactPersonPolicy(Policy):
    """Contact persons are personal data: only within the scope, never public."""

    model = ContactPerson
    area_path = "organisation__municipality"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = self.base_queryset()
        scope = scope_for(user, self.permission_for(action))
        if scope.everywhere:
            return qs
        return qs.filter(organisation__municipality__code__in=sorted(municipality_codes_in(scope)))


class _InApproachPolicy(Policy):
    area_path = "approach__areas"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = self.base_queryset()
        scope = scope_for(user, self.permission_for(action))
        if scope.everywhere:
            return qs
        q = Q(pk__in=[]) if scope.is_empty else approach_scope_q(scope, "approach")
        if action == "view":
            q |= Q(approach__is_published=True)
        return _pk_in(qs, q)


class MembershipPolicy(_InApproachPolicy):
    model = Membership


class CommitmentPolicy(_InApproachPolicy):
    model = Commitment
    permissions = {"change_own": "coalition.change_own_commitment"}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = super().instances_for(user, action)
        if action != "change":
            return qs
        own_scope = scope_for(user, self.permission_for("change_own"))
        if own_scope.is_empty:
            return qs
        own = _pk_in(
            self.base_queryset(),
            approach_scope_q(own_scope, "approach")
            & Q(organisation__in=Organisation.objects.of_user(user)),
        )
        return self.base_queryset().filter(Q(pk__in=qs.values("pk")) | Q(pk__in=own.values("pk")))

    def may_add_for(self, user: Any, approach: Any, organisation: Organisation) -> bool:
        """Add a commitment: editors of the wijkaanpak, or partners for their own
        organisation."""
        from .selectors import approach_in_scope

        if approach_in_scope(user, "coalition.add_commitment", approach):
            return True
        return (
            approach_in_scope(user, "coalition.change_own_commitment", approach)
            and Organisation.objects.of_user(user).filter(pk=organisation.pk).exists()
        )

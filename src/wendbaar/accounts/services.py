"""Write use cases of the accounts app.

Each service checks the policy for ``by`` first (``policies.require``): roles are given
and taken by holders of the role-assignment permissions in that gemeente (the
beheerder), or by the platform itself (a ``core.actors.SystemActor``: demo, commands).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.services import record_audit_event

from .models import RoleAssignment, RoleProfile
from .policies import may, require


def get_role_group(slug: str):
    """The Group of the role with this slug (roles ship as data in a migration)."""
    return RoleProfile.objects.select_related("group").get(slug=slug).group


@transaction.atomic
def assign_role(
    *,
    user: Any,
    role: str,
    municipality: Area,
    districts: Iterable[Area] = (),
    by: Any,
) -> RoleAssignment:
    """Give ``user`` the role with slug ``role`` in a gemeente, or in some of its wijken.

    An existing assignment of the same role in the same gemeente gets the new districts
    (an empty list widens it to the whole gemeente).
    """
    require(may(by, "accounts.add_roleassignment", municipality))
    districts = list(districts)
    if municipality.level != AreaLevel.MUNICIPALITY:
        raise ValidationError(_("A role is held within a municipality."), code="not_municipality")
    for district in districts:
        if district.level != AreaLevel.DISTRICT or district.municipality_code != municipality.code:
            raise ValidationError(
                _("%(area)s is not a district of %(municipality)s."),
                code="foreign_district",
                params={"area": district, "municipality": municipality},
            )
    group = get_role_group(role)
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=group, municipality=municipality
    )
    assignment.districts.set(districts)
    record_audit_event(
        actor=by,
        action="role_assigned",
        obj=assignment,
        user_id=user.pk,
        role=role,
        municipality=municipality.code,
        districts=[d.code for d in districts],
    )
    return assignment


@transaction.atomic
def revoke_role(*, user: Any, role: str, municipality: Area, by: Any) -> None:
    """Take the role with slug ``role`` in ``municipality`` away from ``user``."""
    require(may(by, "accounts.delete_roleassignment", municipality))
    deleted, _detail = RoleAssignment.objects.filter(
        user=user, role=get_role_group(role), municipality=municipality
    ).delete()
    if deleted:
        record_audit_event(
            actor=by,
            action="role_revoked",
            obj=None,
            user_id=user.pk,
            role=role,
            municipality=municipality.code,
        )

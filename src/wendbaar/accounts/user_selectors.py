"""Reads for the beheerder's user management: the users in their gemeenten, each with
the roles held there, and the gemeenten and wijken they may give roles in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Max, Prefetch
from django.http import Http404

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area

from .constants import RoleSlug
from .models import RoleAssignment, User
from .policies import scope_for, users_for

VIEW_USER = "accounts.view_user"
ADD_ROLE = "accounts.add_roleassignment"


def _assignments_in_scope(by: Any) -> models.QuerySet[RoleAssignment]:
    """The role assignments ``by`` may see: those in their gemeenten (a user's roles
    elsewhere are another beheerder's business)."""
    scope = scope_for(by, VIEW_USER)
    qs = (
        RoleAssignment.objects.select_related("role__role_profile", "municipality")
        .prefetch_related(Prefetch("districts", queryset=Area.objects.only("code", "name")))
        .order_by("municipality__name", "role__role_profile__slug")
    )
    if scope.everywhere:
        return qs
    return qs.filter(municipality__code__in=sorted(scope.municipality_codes))


def managed_users(by: Any) -> models.QuerySet[User]:
    """The users ``by`` manages, with their roles there (three queries in all)."""
    return (
        users_for(by, VIEW_USER)
        .prefetch_related(
            Prefetch("role_assignments", queryset=_assignments_in_scope(by), to_attr="roles_here")
        )
        .order_by("last_name", "first_name", "username")
    )


def get_managed_user(by: Any, pk: int) -> User:
    """One user ``by`` manages; Http404 for anyone else (their existence is not told)."""
    try:
        return managed_users(by).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def role_label(assignment: RoleAssignment) -> str:
    slug = assignment.role.role_profile.slug
    return str(RoleSlug(slug).label) if slug in RoleSlug.values else slug


@dataclass(frozen=True)
class RoleRow:
    assignment: RoleAssignment
    slug: str
    label: str
    municipality: Area
    districts: list[Area]


def role_rows(user: User) -> list[RoleRow]:
    """The roles of a user from :func:`managed_users`, ready for a table."""
    return [
        RoleRow(
            assignment=a,
            slug=a.role.role_profile.slug,
            label=role_label(a),
            municipality=a.municipality,
            districts=sorted(a.districts.all(), key=lambda d: d.code),
        )
        for a in getattr(user, "roles_here", [])
    ]


def role_municipalities(by: Any) -> models.QuerySet[Area]:
    """The gemeenten in which ``by`` may give roles (for the whole gemeente)."""
    scope = scope_for(by, ADD_ROLE)
    municipalities = Area.objects.filter(level=AreaLevel.MUNICIPALITY)
    if not scope.everywhere:
        municipalities = municipalities.filter(code__in=sorted(scope.municipality_codes))
    return municipalities.only("code", "name", "level").order_by("name")


def role_districts(by: Any) -> models.QuerySet[Area]:
    """The current wijken of those gemeenten (a role may be limited to some of them)."""
    scope = scope_for(by, ADD_ROLE)
    districts = Area.objects.filter(level=AreaLevel.DISTRICT)
    if not scope.everywhere:
        districts = districts.filter(municipality_code__in=sorted(scope.municipality_codes))
    latest = districts.aggregate(latest=Max("last_year"))["latest"]
    return (
        districts.filter(last_year=latest)
        .only("code", "name", "level", "municipality_code")
        .order_by("municipality_code", "code")
    )

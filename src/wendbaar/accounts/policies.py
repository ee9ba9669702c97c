"""Who may do what, and where: permissions held through roles within an area scope.

A user holds a permission only through a :class:`~wendbaar.accounts.models.RoleAssignment`
whose role (a Group) grants it, and only inside that assignment's scope:

- no districts on the assignment: the whole gemeente, i.e. every area whose
  ``municipality_code`` is the gemeente's code (the gemeente, its wijken and buurten);
- districts on the assignment: those wijken and their buurten (not the gemeente itself).

Superusers and the system actor (``core.actors.SystemActor``: the demo loader,
commands, jobs) may everything everywhere; inactive and anonymous users may nothing.
Permissions given directly through ``user.groups`` or ``user.user_permissions`` carry no
scope and therefore do not count here.

Write services check the policy themselves with :func:`require` (``PermissionDenied``,
a 403), so views, the API, commands and tests cannot forget it; views still check first
to answer 404 for what the user may not see.

Every list starts from a scoped queryset: ``areas_for(user, perm)`` for areas, and a
:class:`Policy` subclass per model (``instances_for(user, action)``) for everything that
lies in an area.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import is_system

from .models import RoleAssignment


@dataclass(frozen=True)
class Scope:
    """The areas in which a user holds one permission."""

    everywhere: bool = False
    municipality_codes: frozenset[str] = frozenset()  # whole gemeenten
    district_ids: frozenset[int] = frozenset()  # wijken, with their buurten

    @property
    def is_empty(self) -> bool:
        return not (self.everywhere or self.municipality_codes or self.district_ids)

    def q(self, prefix: str = "") -> Q:
        """A filter on Area, or on a model through ``prefix`` (its lookup path to Area)."""
        p = f"{prefix}__" if prefix else ""
        if self.everywhere:
            return Q()
        q = Q(pk__in=[])  # matches nothing
        if self.municipality_codes:
            q |= Q(**{f"{p}municipality_code__in": sorted(self.municipality_codes)})
        if self.district_ids:
            ids = sorted(self.district_ids)
            q |= Q(**{f"{p}pk__in": ids}) | Q(**{f"{p}parent__in": ids})
        return q

    def contains(self, area: Area | None) -> bool:
        if self.everywhere:
            return True
        if area is None:
            return False
        return (
            area.municipality_code in self.municipality_codes
            or area.pk in self.district_ids
            or area.parent_id in self.district_ids
        )


NOWHERE = Scope()
EVERYWHERE = Scope(everywhere=True)


def _split(perm: str) -> tuple[str, str]:
    app_label, sep, codename = perm.partition(".")
    if not sep or not codename:
        raise ValueError(f"Permission must look like 'app_label.codename', not {perm!r}")
    return app_label, codename


def _assignments(user: Any, perm: str):
    app_label, codename = _split(perm)
    return RoleAssignment.objects.filter(
        user=user,
        role__permissions__content_type__app_label=app_label,
        role__permissions__codename=codename,
    ).distinct()


def scope_for(user: Any, perm: str) -> Scope:
    """The scope in which ``user`` holds ``perm`` (two queries; not cached)."""
    _split(perm)
    if is_system(user):
        return EVERYWHERE
    if user is None or not user.is_authenticated or not user.is_active:
        return NOWHERE
    if user.is_superuser:
        return EVERYWHERE
    municipality_codes: set[str] = set()
    district_ids: set[int] = set()
    assignments = _assignments(user, perm).select_related("municipality")
    for assignment in assignments.prefetch_related("districts"):
        code = assignment.municipality.code
        # Districts outside the assignment's gemeente are ignored, whatever the data says.
        districts = [
            d.pk
            for d in assignment.districts.all()
            if d.level == AreaLevel.DISTRICT and d.municipality_code == code
        ]
        if assignment.districts.all() and not districts:
            continue  # only foreign districts: grant nothing rather than the whole gemeente
        if districts:
            district_ids.update(districts)
        else:
            municipality_codes.add(code)
    return Scope(
        municipality_codes=frozenset(municipality_codes), district_ids=frozenset(district_ids)
    )


def has_permission_anywhere(user: Any, perm: str) -> bool:
    """Whether ``user`` holds ``perm`` in at least one area (the view-level check)."""
    _split(perm)
    if is_system(user):
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return _assignments(user, perm).exists()


def permissions_anywhere(user: Any, perms: Iterable[str]) -> set[str]:
    """Which of ``perms`` ``user`` holds in at least one area, in one query (the menu asks
    for several on every page)."""
    perms = set(perms)
    for perm in perms:
        _split(perm)
    if is_system(user) or (user is not None and user.is_authenticated and user.is_superuser):
        return perms
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    q = Q(pk__in=[])  # matches nothing: an empty Q would vanish when OR-ed
    for perm in perms:
        app_label, codename = _split(perm)
        q |= Q(
            role__permissions__content_type__app_label=app_label,
            role__permissions__codename=codename,
        )
    held = (
        RoleAssignment.objects.filter(q, user=user)
        .values_list("role__permissions__content_type__app_label", "role__permissions__codename")
        .distinct()
    )
    return {f"{app}.{codename}" for app, codename in held} & perms


def area_scope(user: Any, perm: str, *, prefix: str = "") -> Q:
    """A ``Q`` for the areas (or, with ``prefix``, the objects) in ``user``'s scope."""
    return scope_for(user, perm).q(prefix)


def areas_for(user: Any, perm: str) -> models.QuerySet[Area]:
    """The areas in which ``user`` holds ``perm``."""
    scope = scope_for(user, perm)
    if scope.is_empty:
        return Area.objects.none()
    return Area.objects.filter(scope.q())


def municipalities_for(user: Any, perm: str) -> models.QuerySet[Area]:
    """The gemeenten in which ``user`` holds ``perm`` for the gemeente itself or for one
    of its wijken (the register, and the choice of gemeente on a form)."""
    scope = scope_for(user, perm)
    municipalities = Area.objects.filter(level=AreaLevel.MUNICIPALITY)
    if scope.everywhere:
        return municipalities
    return municipalities.filter(code__in=sorted(municipality_codes_in(scope)))


def may(user: Any, perm: str, area: Area | None) -> bool:
    """Whether ``user`` holds ``perm`` for ``area``."""
    return scope_for(user, perm).contains(area)


def require(allowed: bool) -> None:
    """The services' check: ``require(SomePolicy().may(by, "change", obj))`` refuses with
    ``PermissionDenied`` (403 on a page and in the API) before anything is written."""
    if not allowed:
        raise PermissionDenied


def get_area_for_user(user: Any, code: str, perm: str) -> Area:
    """The area with CBS ``code``; Http404 if unknown, PermissionDenied if out of scope.

    Areas are public knowledge, so saying "exists but not for you" leaks nothing.
    """
    try:
        area = Area.objects.get(code=code.upper())
    except Area.DoesNotExist:
        raise Http404 from None
    if not may(user, perm, area):
        raise PermissionDenied
    return area


class Policy:
    """Who may do what to which instances of one model that lies in an area.

    Subclass per model in the app's ``permissions.py``::

        class InitiativePolicy(Policy):
            model = Initiative
            area_path = "area"  # lookup path from Initiative to its Area

        InitiativePolicy().instances_for(request.user, "change")

    ``action`` is a Django default action (``view``, ``add``, ``change``, ``delete``) mapped
    to ``<app_label>.<action>_<model_name>``, or an entry in ``permissions`` for other
    actions (``{"publish": "reports.publish_report"}``). Override ``instances_for`` to add
    rules beyond the area scope (e.g. published objects that everybody may view), and
    keep ``get_for_user`` and ``may`` going through it.
    """

    model: ClassVar[type[models.Model]]
    area_path: ClassVar[str] = "area"
    permissions: ClassVar[dict[str, str]] = {}

    def permission_for(self, action: str) -> str:
        if action in self.permissions:
            return self.permissions[action]
        if action in self.model._meta.default_permissions:
            return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"
        raise ValueError(f"{type(self).__name__} knows no action {action!r}")

    def base_queryset(self) -> models.QuerySet:
        return self.model._default_manager.all()

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        scope = scope_for(user, self.permission_for(action))
        base = self.base_queryset()
        if scope.is_empty:
            return base.none()
        if scope.everywhere:
            return base
        if self._path_is_multivalued():
            # Through a many-to-many path, filter on ids so no row comes back twice.
            ids = self.model._default_manager.filter(scope.q(self.area_path)).values("pk")
            return base.filter(pk__in=ids)
        return base.filter(scope.q(self.area_path))

    @classmethod
    def _path_is_multivalued(cls) -> bool:
        opts = cls.model._meta
        for part in cls.area_path.split("__"):
            field = opts.get_field(part)
            if field.many_to_many or field.one_to_many:
                return True
            opts = field.related_model._meta
        return False

    def may(self, user: Any, action: str, instance: models.Model) -> bool:
        return self.instances_for(user, action).filter(pk=instance.pk).exists()

    def may_anywhere(self, user: Any, action: str) -> bool:
        return has_permission_anywhere(user, self.permission_for(action))

    def get_for_user(self, user: Any, action: str = "view", **lookup: Any) -> models.Model:
        """One instance for ``action``: Http404 unless the user may view it at all,
        PermissionDenied if they may view it but not do ``action``."""
        try:
            instance = self.instances_for(user, "view").get(**lookup)
        except self.model.DoesNotExist:
            raise Http404 from None
        if action != "view" and not self.may(user, action, instance):
            raise PermissionDenied
        return instance


def municipality_codes_in(scope: Scope) -> set[str]:
    """The gemeenten ``scope`` touches: its whole gemeenten and those of its wijken."""
    codes = set(scope.municipality_codes)
    if scope.district_ids:
        codes |= set(
            Area.objects.filter(pk__in=scope.district_ids).values_list(
                "municipality_code", flat=True
            )
        )
    return codes


# --- users: who may manage whom ------------------------------------------------------
#
# A user lies in a gemeente through their roles there. A beheerder manages the users
# who hold a role in one of the gemeenten where they hold the permission for the whole
# gemeente; changing the account itself (deactivating it) needs every one of the user's
# gemeenten, since an account is one for all of them. Superusers are managed only by
# superusers (and the system).


def user_municipality_codes(user: Any) -> set[str]:
    """The gemeenten in which ``user`` holds a role."""
    return set(
        RoleAssignment.objects.filter(user=user).values_list("municipality__code", flat=True)
    )


def users_for(by: Any, perm: str) -> models.QuerySet:
    """The users ``by`` may see for ``perm`` (``accounts.view_user``): those with a role
    in a gemeente where ``by`` holds ``perm`` for the whole gemeente."""
    from .models import User

    scope = scope_for(by, perm)
    if scope.everywhere:
        return User.objects.all()
    if not scope.municipality_codes:
        return User.objects.none()
    holders = RoleAssignment.objects.filter(
        municipality__code__in=sorted(scope.municipality_codes)
    ).values("user_id")
    return User.objects.filter(pk__in=holders, is_superuser=False)


def may_manage_user(by: Any, user: Any, perm: str, *, everywhere: bool = False) -> bool:
    """Whether ``by`` holds ``perm`` where ``user`` works: in one of the user's gemeenten,
    or with ``everywhere``, in every one of them (a change to the account itself)."""
    scope = scope_for(by, perm)
    if scope.everywhere:
        return True
    if user is None or getattr(user, "is_superuser", False) or not scope.municipality_codes:
        return False
    codes = user_municipality_codes(user)
    if not codes:
        return False
    if everywhere:
        return codes <= scope.municipality_codes
    return bool(codes & scope.municipality_codes)

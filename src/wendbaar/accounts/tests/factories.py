"""Factories and helpers other apps import for their permission matrices::

from wendbaar.accounts.tests.factories import UserFactory, grant_role, make_area

user = UserFactory()
grant_role(user, "wijkmanager", municipality=utrecht, districts=[overvecht])
"""

from __future__ import annotations

from collections.abc import Iterable

import factory

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import SYSTEM

from ..models import RoleAssignment, User
from ..services import assign_role

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    class Params:
        demo = factory.Trait(is_demo=True)
        inactive = factory.Trait(is_active=False)
        superuser = factory.Trait(is_superuser=True, is_staff=True)


def grant_role(
    user: User, role: str, *, municipality: Area, districts: Iterable[Area] = ()
) -> RoleAssignment:
    """Give ``user`` the role with this slug in a gemeente (or some of its wijken)."""
    return assign_role(
        user=user, role=role, municipality=municipality, districts=districts, by=SYSTEM
    )


def user_with_role(
    role: str, *, municipality: Area, districts: Iterable[Area] = (), **user_fields
) -> User:
    user = UserFactory(**user_fields)
    grant_role(user, role, municipality=municipality, districts=districts)
    return user


def make_area(code: str, name: str = "", parent: Area | None = None) -> Area:
    """A gemeente, wijk or buurt by CBS code (level from the prefix); get-or-create."""
    level = {
        "GM": AreaLevel.MUNICIPALITY,
        "WK": AreaLevel.DISTRICT,
        "BU": AreaLevel.NEIGHBOURHOOD,
    }[code[:2]]
    area, _created = Area.objects.get_or_create(
        code=code,
        defaults={
            "name": name or code,
            "level": level,
            "parent": parent,
            "municipality_code": "GM" + code[2:6],
            "first_year": 2023,
            "last_year": 2024,
        },
    )
    return area

"""The header's menu: which items a user gets, from one query for all of them."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from wendbaar.accounts.context_processors import menu
from wendbaar.accounts.tests.factories import UserFactory, grant_role, make_area

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "users", "workshops"),
    [
        ("beheerder", True, True),
        ("programmabureau", False, True),
        ("wijkmanager", False, True),
        ("partner", False, False),
        ("lezer", False, False),
        (None, False, False),
    ],
)
def test_the_menu_follows_the_roles_in_one_query(role, users, workshops, django_assert_num_queries):
    user = UserFactory()
    if role:
        grant_role(user, role, municipality=make_area("GM0344", "Utrecht"))
    request = RequestFactory().get("/")
    request.user = user
    items = menu(request)
    with django_assert_num_queries(1):
        assert bool(items["may_manage_users"]) is users
        assert bool(items["may_see_workshops"]) is workshops


def test_nothing_is_asked_for_a_visitor(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    items = menu(request)
    with django_assert_num_queries(0):
        assert not items["may_manage_users"] and not items["may_see_workshops"]

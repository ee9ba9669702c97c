"""What the header's menu needs to know about the user (computed only when a template
asks, so pages that do not show it cost no query; one query answers every item)."""

from __future__ import annotations

import functools

from django.utils.functional import SimpleLazyObject

from .constants import MANAGE_USERS
from .policies import permissions_anywhere

# The werkplaatsen's view permission, by name: accounts lies below the workshops app.
VIEW_WORKSHOPS = "workshops.view_workshop"
MENU_PERMISSIONS = (MANAGE_USERS, VIEW_WORKSHOPS)


def menu(request) -> dict:
    user = getattr(request, "user", None)

    @functools.cache
    def held() -> set[str]:
        if not (user and user.is_authenticated):
            return set()
        return permissions_anywhere(user, MENU_PERMISSIONS)

    return {
        "may_manage_users": SimpleLazyObject(lambda: MANAGE_USERS in held()),
        "may_see_workshops": SimpleLazyObject(lambda: VIEW_WORKSHOPS in held()),
    }

"""What the header's menu needs to know about the user (computed only when a template
asks, so pages that do not show it cost no query)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .constants import MANAGE_USERS
from .policies import has_permission_anywhere

# The werkplaatsen's view permission, by name: accounts lies below the workshops app.
VIEW_WORKSHOPS = "workshops.view_workshop"


def menu(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "may_manage_users": SimpleLazyObject(
            lambda: bool(
                user and user.is_authenticated and has_permission_anywhere(user, MANAGE_USERS)
            )
        ),
        "may_see_workshops": SimpleLazyObject(
            lambda: bool(
                user and user.is_authenticated and has_permission_anywhere(user, VIEW_WORKSHOPS)
            )
        ),
    }

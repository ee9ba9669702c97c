"""Every view declares who may use it.

Decorate each view with exactly one of these; ``tests/test_access_declared.py`` walks the
URL configuration and fails for a view that declares nothing.

- ``@public``: anyone, also without an account (open data pages).
- ``@signed_in``: any signed-in user; the view still scopes its data through a policy.
- ``@permission("app.codename")``: a signed-in user holding a role that grants the
  permission somewhere; the view narrows to the scope through the model's policy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

ACCESS_ATTR = "wendbaar_access"


def _mark(view: Callable[..., Any], rule: str) -> Callable[..., Any]:
    setattr(view, ACCESS_ATTR, rule)
    return view


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    return _mark(view, "public")


def signed_in(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, "signed_in")


def permission(perm: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            from .policies import has_permission_anywhere

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission_anywhere(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapper, f"permission:{perm}")

    return decorator


def access_rule(view: Any) -> str | None:
    """The access rule a URL pattern's callback declares, or None.

    Looks at the function itself, and for class-based views at ``view_class`` (Django),
    ``cls`` (DRF) and the ``initkwargs`` the view was made with.
    """
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        rule = getattr(candidate, ACCESS_ATTR, None)
        if rule:
            return rule
    for kwargs_attr in ("view_initkwargs", "initkwargs"):
        rule = (getattr(view, kwargs_attr, None) or {}).get(ACCESS_ATTR)
        if rule:
            return rule
    return None

"""Session and header rules for every response (listed in ``MIDDLEWARE``, conf/base.py).

- Anyone who holds a role (or is staff) gets a short idle session
  (``STAFF_SESSION_IDLE``): the expiry is renewed on each request, so it ends after that
  much inactivity. Others keep Django's ``SESSION_COOKIE_AGE``.
- A page for a signed-in user is never stored by browsers or proxies (``no-store``): it
  may show drafts, signals or personal data of that user's scope.
- ``Permissions-Policy`` switches off browser features no page uses.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers


def holds_a_role(user) -> bool:
    """Staff in the sense of the session rule: a role anywhere, staff or superuser."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.role_assignments.exists()


class SessionSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # After the view: the user may have signed in or out during this request.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        if holds_a_role(user):
            # Renewed on every request, so the session ends after this much idle time.
            request.session.set_expiry(int(settings.STAFF_SESSION_IDLE.total_seconds()))
        add_never_cache_headers(response)
        patch_vary_headers(response, ("Cookie",))
        return response


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

"""Re-authentication before personal-data pages.

A session may live long; showing or exporting a resident's personal data needs a recent
sign-in (``REAUTHENTICATE_AFTER``, 15 minutes by default). Every sign-in — password,
OIDC, or confirming the password on ``accounts:reauthenticate`` — goes through
``django.contrib.auth.login``, whose ``user_logged_in`` signal stamps the session here.

Declare it next to the view's access rule, inside it (the access rule runs first)::

    @permission(VIEW_PERSONAL_DATA)
    @recent_sign_in
    def contributor_detail(request, pk): ...

Such a page is also never stored by a browser or proxy (``Cache-Control: no-store``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

SESSION_KEY = "wendbaar_signed_in_at"
RECENT_ATTR = "wendbaar_recent_sign_in"  # marks a view (tests and reviews can find them)


@receiver(user_logged_in, dispatch_uid="wendbaar.accounts.reauth.stamp")
def stamp_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = int(time.time())


def signed_in_recently(request: HttpRequest) -> bool:
    signed_in_at = request.session.get(SESSION_KEY)
    if not isinstance(signed_in_at, int):
        return False  # a session from before this rule, or tampered: ask
    age = time.time() - signed_in_at
    return 0 <= age <= settings.REAUTHENTICATE_AFTER.total_seconds()


def reauthenticate_url(next_url: str) -> str:
    return f"{reverse('accounts:reauthenticate')}?{urlencode({'next': next_url})}"


def recent_sign_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send a user whose sign-in is too old to confirm their password, then back here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not signed_in_recently(request):
            # After a POST the user comes back to the page (GET) and sends it again.
            response = redirect(reauthenticate_url(request.get_full_path()))
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    setattr(wrapper, RECENT_ATTR, True)
    return wrapper

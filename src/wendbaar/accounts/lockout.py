"""Sign-in lockout (django-axes): the message a locked-out user reads, and the answer.

Axes counts failed sign-ins per username and address (``AXES_LOCKOUT_PARAMETERS`` in
``conf/base.py``) and refuses further tries for ``AXES_COOLOFF_TIME``. The sign-in and
confirm-password forms turn that refusal into a form error (``lockout_error``), so the
user sees the form page with a clear message instead of a bare error page; anything
else that signs in (the admin's sign-in) gets a page with the same message.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Set on the request by a form that has shown the lockout message itself.
SHOWN_ATTR = "wendbaar_lockout_shown"
STATUS = 429  # Too Many Requests: what it is, also for monitoring


def is_locked_out(request: HttpRequest | None) -> bool:
    """Whether axes refused (or just locked) the sign-in tried in this request."""
    return bool(getattr(request, "axes_locked_out", False))


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return str(
        ngettext_lazy(
            "Too many failed attempts to sign in with this username from this device. "
            "For your security, signing in is paused. Try again in %(minutes)d minute.",
            "Too many failed attempts to sign in with this username from this device. "
            "For your security, signing in is paused. Try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes}
    )


def lockout_error(request: HttpRequest) -> ValidationError:
    """The form error for a locked-out sign-in; marks the request as handled."""
    setattr(request, SHOWN_ATTR, True)
    return ValidationError(lockout_message(), code="locked_out")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: keep our form page (it shows the message), else a page."""
    if original_response is not None and getattr(request, SHOWN_ATTR, False):
        original_response.status_code = STATUS
        return original_response
    return render(
        request,
        "accounts/locked_out.html",
        {"title": _("Signing in is paused"), "message": lockout_message()},
        status=STATUS,
    )

"""The rate limit of the initiatives' public posts: ``core.ratelimit`` with their settings.

The intake form and the initiators' replies on their status link each have their own
count per client address. Every post counts (invalid ones and the honeypot's too), and it
is counted before anything is validated or looked up.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from wendbaar.core import ratelimit

SUBMIT_SCOPE = "initiative_submit"
REPLY_SCOPE = "initiative_reply"
WINDOW_SECONDS = 3600


def limit() -> int:
    return settings.INITIATIVE_POSTS_PER_WINDOW


def window_minutes() -> int:
    return WINDOW_SECONDS // 60


def allow_submission(request: Any) -> bool:
    """Count this post of the intake form; False when the client has used up the window."""
    return ratelimit.allow(request, SUBMIT_SCOPE, limit=limit(), window=WINDOW_SECONDS)


def allow_reply(request: Any) -> bool:
    """Count this reply on a status link; False when the client has used up the window."""
    return ratelimit.allow(request, REPLY_SCOPE, limit=limit(), window=WINDOW_SECONDS)

"""The public story form's rate limit: ``core.ratelimit`` with this form's settings.

Every post counts (invalid ones and the honeypot's too), and it is counted before the
form is validated, so a flood costs no image decoding.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from wendbaar.core import ratelimit

SCOPE = "story_submit"


def limit() -> int:
    return settings.STORY_SUBMISSIONS_PER_WINDOW


def window_minutes() -> int:
    return max(1, settings.STORY_SUBMISSION_WINDOW_SECONDS // 60)


def allow_submission(request: Any) -> bool:
    """Count this post; False when the client has used up the window."""
    return ratelimit.allow(
        request, SCOPE, limit=limit(), window=settings.STORY_SUBMISSION_WINDOW_SECONDS
    )

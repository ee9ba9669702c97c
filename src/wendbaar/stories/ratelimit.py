"""A small fixed-window rate limit per client address, in Django's cache.

The address is hashed with the secret key before it becomes a cache key, so the cache
holds no IP addresses. Behind a reverse proxy, the proxy must pass the client's address
as REMOTE_ADDR (X-Forwarded-For is not trusted here: anyone can send it).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _key(request, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"wendbaar:ratelimit:{scope}:{digest.hexdigest()[:32]}"


def is_limited(request, scope: str, limit: int) -> bool:
    return (cache.get(_key(request, scope)) or 0) >= limit


def hit(request, scope: str) -> int:
    """Count one use; returns the count in the current window."""
    key = _key(request, scope)
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return 1

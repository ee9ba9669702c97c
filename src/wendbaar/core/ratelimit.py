"""A sliding-window rate limit per client address, kept in the database.

In the database (``RateLimitHit``), not in process memory, so all workers share one
count and a restart does not reset it. The address is hashed with the secret key
before it is stored: the table holds no IP addresses. Behind a reverse proxy, the
proxy must pass the client's address as REMOTE_ADDR (X-Forwarded-For is not trusted
here: anyone can send it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import RateLimitHit


def client_key(request: Any) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()


def hits(request: Any, scope: str, *, window: int) -> int:
    """Uses by this client in the last ``window`` seconds."""
    since = timezone.now() - dt.timedelta(seconds=window)
    return RateLimitHit.objects.filter(
        scope=scope, client=client_key(request), at__gte=since
    ).count()


def allow(request: Any, scope: str, *, limit: int, window: int) -> bool:
    """Count one use and say whether it is within ``limit`` uses per ``window`` seconds.

    Every call counts, whatever the request turns out to be (invalid posts too), until
    the limit is reached; refused calls add no rows, so a flood cannot grow the table.
    The row is written before counting: two simultaneous calls may both be refused at
    the edge, never both let through.
    """
    now = timezone.now()
    since = now - dt.timedelta(seconds=window)
    client = client_key(request)
    with transaction.atomic():
        RateLimitHit.objects.filter(scope=scope, at__lt=since).delete()
        mine = RateLimitHit.objects.filter(scope=scope, client=client, at__gte=since)
        if mine.count() >= limit:
            return False
        RateLimitHit.objects.create(scope=scope, client=client, at=now)
        return mine.count() <= limit

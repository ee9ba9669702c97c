"""The database rate limit: a count per client and scope that any process can see."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from wendbaar.core import ratelimit
from wendbaar.core.models import RateLimitHit

pytestmark = pytest.mark.django_db


def request(address="192.0.2.7"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_limit_per_client_and_scope():
    assert [ratelimit.allow(request(), "form", limit=2, window=60) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert ratelimit.allow(request("192.0.2.8"), "form", limit=2, window=60)
    assert ratelimit.allow(request(), "other_form", limit=2, window=60)
    assert ratelimit.hits(request(), "form", window=60) == 2


def test_no_address_is_stored_and_old_rows_are_pruned():
    ratelimit.allow(request(), "form", limit=5, window=60)
    assert "192.0.2.7" not in str(list(RateLimitHit.objects.values()))
    RateLimitHit.objects.update(at=timezone.now() - dt.timedelta(seconds=61))
    assert ratelimit.allow(request(), "form", limit=1, window=60)
    assert RateLimitHit.objects.count() == 1

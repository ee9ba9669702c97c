"""Sign-in protection: lockout after repeated failures (django-axes), short idle sessions
for anyone with a role, ``no-store`` for signed-in pages, and the OIDC backend behind axes.

Re-authentication before personal-data pages is tested on the real pages in
``tests/test_signin_protection.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from wendbaar.accounts.lockout import lockout_message
from wendbaar.accounts.oidc import WendbaarOIDCBackend

from .factories import PASSWORD, UserFactory, user_with_role

LOGIN = reverse("accounts:login")
LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(client, username, password=PASSWORD, address="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def locked_text() -> str:
    with translation.override("nl"):  # the page's language (LANGUAGE_CODE)
        return lockout_message()


def fail(client, username, times, address="127.0.0.1"):
    return [sign_in(client, username, "wrong-password", address) for _ in range(times)]


@pytest.mark.django_db
class TestLockout:
    def test_limit_is_configured_and_counted_per_username_and_address(self):
        assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
        assert settings.AXES_FAILURE_LIMIT >= 3
        assert dt.timedelta(0) < settings.AXES_COOLOFF_TIME
        assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"

    def test_failures_then_the_right_password_is_refused_on_the_form_page(self, client):
        UserFactory(username="anna")
        *before, last = fail(client, "anna", LIMIT)
        for response in before:  # the usual error until the limit
            assert response.status_code == 200
            assert locked_text() not in response.content.decode()
        html = last.content.decode()
        assert last.status_code == 429
        assert locked_text() in html
        assert 'role="alert"' in html and 'name="password"' in html  # the form, with the error

        response = sign_in(client, "anna")  # the right password, too late
        assert response.status_code == 429
        assert locked_text() in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_after_the_cool_off_the_right_password_works(self, client):
        UserFactory(username="anna")
        fail(client, "anna", LIMIT)
        assert sign_in(client, "anna").status_code == 429
        # Let the cool-off pass: the attempts were made that long ago.
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
        )
        response = sign_in(client, "anna")
        assert response.status_code == 302
        assert "_auth_user_id" in client.session

    def test_tries_during_the_pause_do_not_extend_it(self, client):
        UserFactory(username="anna")
        fail(client, "anna", LIMIT)
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
        )
        # Already over: the next wrong try counts afresh, no lockout.
        assert sign_in(client, "anna", "wrong-password").status_code == 200
        assert sign_in(client, "anna").status_code == 302

    def test_another_user_and_the_same_user_elsewhere_are_unaffected(self, client):
        UserFactory(username="anna")
        UserFactory(username="bram")
        fail(client, "anna", LIMIT)
        assert sign_in(client, "bram").status_code == 302  # same address, other user
        client.logout()
        # An attacker elsewhere cannot lock anna out: her own address still signs in.
        assert sign_in(client, "anna", address="192.0.2.7").status_code == 302

    def test_a_successful_sign_in_resets_the_count(self, client):
        UserFactory(username="anna")
        fail(client, "anna", LIMIT - 1)
        assert sign_in(client, "anna").status_code == 302
        client.logout()
        fail(client, "anna", LIMIT - 1)
        assert sign_in(client, "anna").status_code == 302

    def test_the_admin_sign_in_shows_the_message_too(self, client):
        UserFactory(username="anna", is_staff=True)
        fail(client, "anna", LIMIT)
        response = client.post(reverse("admin:login"), {"username": "anna", "password": PASSWORD})
        assert response.status_code == 429
        assert locked_text() in response.content.decode()
        assert "_auth_user_id" not in client.session


class StubOIDCBackend(WendbaarOIDCBackend):
    """The real backend with the provider's answers given (no network)."""

    def get_token(self, payload):
        return {"id_token": "id", "access_token": "access"}

    def verify_token(self, token, **kwargs):
        return {"sub": "1234"}

    def get_userinfo(self, access_token, id_token, payload):
        return {
            "sub": "1234",
            "email": "j.jansen@utrecht.nl",
            "email_verified": True,
            "given_name": "Jan",
            "family_name": "Jansen",
        }


@pytest.mark.django_db
@override_settings(
    AUTHENTICATION_BACKENDS=[
        "axes.backends.AxesStandaloneBackend",
        f"{__name__}.StubOIDCBackend",
        "wendbaar.accounts.backends.ScopedModelBackend",
    ],
    OIDC_RP_CLIENT_ID="wendbaar",
    OIDC_RP_CLIENT_SECRET="secret",
    OIDC_OP_TOKEN_ENDPOINT="https://idp.invalid/token",
    OIDC_OP_USER_ENDPOINT="https://idp.invalid/userinfo",
    OIDC_OP_JWKS_ENDPOINT="https://idp.invalid/jwks",
    OIDC_AUTHENTICATION_CALLBACK_URL="accounts:login",  # any route: the URL is not called
)
def test_oidc_sign_in_still_works_behind_axes():
    jan = UserFactory(username="jan", email="j.jansen@utrecht.nl")
    request = RequestFactory().get("/oidc/callback/", {"code": "c", "state": "s"})
    SessionMiddleware(lambda r: None).process_request(request)
    user = authenticate(request, nonce="n")
    assert user == jan
    assert user.backend.endswith("StubOIDCBackend")


@pytest.mark.django_db
class TestSessions:
    def test_a_user_with_a_role_gets_a_short_idle_session(self, client, geo):
        user_with_role("wijkmanager", municipality=geo["utrecht"], username="wim")
        response = sign_in(client, "wim")
        idle = int(settings.STAFF_SESSION_IDLE.total_seconds())
        assert idle == 30 * 60
        assert client.session.get_expiry_age() == idle
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == idle
        # Each request renews it: the session ends only after that much idle time.
        before = client.session.get_expiry_date()
        response = client.get(reverse("pages:home"))
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == idle
        assert client.session.get_expiry_date() >= before

    def test_an_idle_staff_session_has_ended(self, client, geo):
        from django.contrib.sessions.models import Session

        user_with_role("wijkmanager", municipality=geo["utrecht"], username="wim")
        sign_in(client, "wim")
        Session.objects.update(
            expire_date=timezone.now() - dt.timedelta(seconds=1)
        )  # the idle time has passed
        response = client.get(reverse("accounts:password_change"))
        assert response.status_code == 302 and response.url.startswith(LOGIN)

    def test_a_user_without_a_role_keeps_the_default(self, client):
        UserFactory(username="anna")
        sign_in(client, "anna")
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
        assert settings.STAFF_SESSION_IDLE.total_seconds() < settings.SESSION_COOKIE_AGE

    def test_pages_for_a_signed_in_user_are_not_stored(self, client):
        UserFactory(username="anna")
        assert "no-store" not in client.get(reverse("pages:home")).get("Cache-Control", "")
        sign_in(client, "anna")
        response = client.get(reverse("pages:home"))
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]

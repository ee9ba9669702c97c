"""Re-authentication before personal-data pages (``wendbaar.accounts.reauth``), on the
real pages that show or export a resident's personal data (stories: contributors)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, quote, urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wendbaar.accounts.lockout import lockout_message
from wendbaar.accounts.reauth import RECENT_ATTR, SESSION_KEY
from wendbaar.accounts.tests.factories import PASSWORD, make_area, user_with_role
from wendbaar.stories.tests.factories import ContributorFactory, StoryFactory
from wendbaar.stories.views import (
    contributor_detail,
    contributor_erase,
    contributor_export,
    contributor_search,
)

CONFIRM = reverse("accounts:reauthenticate")


@pytest.fixture
def person(db):
    utrecht = make_area("GM0344", "Utrecht")
    buurt = make_area("BU03440343", "Poldergebied Overvecht", make_area("WK034403", "", utrecht))
    person = ContributorFactory(name="Carla Contact", email="carla@example.org")
    StoryFactory(areas=[buurt], contributor=person)
    return person


@pytest.fixture
def beheerder(person):
    return user_with_role("beheerder", municipality=make_area("GM0344"), username="beheerder")


def signed_in_minutes_ago(client, user, minutes: int) -> None:
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


def pages(person) -> list[str]:
    return [
        reverse("stories:contributor_search") + "?email=carla%40example.org",
        reverse("stories:contributor", args=[person.pk]),
        reverse("stories:contributor_export", args=[person.pk]),
        reverse("stories:contributor_erase", args=[person.pk]),
    ]


def nl(text) -> str:
    with translation.override("nl"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def test_every_personal_data_view_asks_for_a_recent_sign_in():
    for view in (contributor_search, contributor_detail, contributor_export, contributor_erase):
        assert getattr(view, RECENT_ATTR, False), view.__name__


def test_a_fresh_sign_in_shows_the_page_not_stored(client, person, beheerder):
    client.force_login(beheerder)  # just signed in
    response = client.get(reverse("stories:contributor", args=[person.pk]))
    assert response.status_code == 200
    assert "carla@example.org" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_signed_in_20_minutes_ago_is_sent_to_confirm_then_back(client, person, beheerder):
    assert settings.REAUTHENTICATE_AFTER.total_seconds() == 15 * 60
    signed_in_minutes_ago(client, beheerder, 20)
    for url in pages(person):
        response = client.get(url)
        assert response.status_code == 302, url
        target = urlparse(response.url)
        assert target.path == CONFIRM and parse_qs(target.query)["next"] == [url], url
        assert "no-store" in response["Cache-Control"]

    detail = reverse("stories:contributor", args=[person.pk])
    confirm = client.get(detail, follow=True)
    html = confirm.content.decode()
    assert confirm.redirect_chain[-1][0].startswith(CONFIRM)
    assert 'type="password"' in html and "carla@example.org" not in html
    assert 'autocomplete="current-password"' in html

    response = client.post(confirm.redirect_chain[-1][0], {"password": PASSWORD})
    assert response.status_code == 302 and response.url == detail
    page = client.get(detail)
    assert page.status_code == 200 and "carla@example.org" in page.content.decode()


def test_a_wrong_password_shows_the_form_again_with_an_error(client, person, beheerder):
    signed_in_minutes_ago(client, beheerder, 20)
    detail = reverse("stories:contributor", args=[person.pk])
    url = f"{CONFIRM}?next={quote(detail)}"
    response = client.post(url, {"password": "not-my-password"})
    html = response.content.decode()
    assert response.status_code == 200
    assert nl("The password is incorrect.") in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert client.get(detail).status_code == 302  # still not confirmed


def test_confirming_counts_towards_the_lockout(client, person, beheerder):
    signed_in_minutes_ago(client, beheerder, 20)
    url = f"{CONFIRM}?next=/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"password": "not-my-password"})
    assert response.status_code == 429
    with translation.override("nl"):
        assert lockout_message() in response.content.decode()
    assert client.post(url, {"password": PASSWORD}).status_code == 429


def test_next_outside_the_site_is_not_followed(client, person, beheerder):
    signed_in_minutes_ago(client, beheerder, 20)
    response = client.post(f"{CONFIRM}?next=https://evil.example/", {"password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse(settings.LOGIN_REDIRECT_URL)


def test_an_account_without_password_is_asked_to_sign_in_again(client, person, beheerder):
    beheerder.set_unusable_password()  # as the OIDC backend creates them
    beheerder.save()
    signed_in_minutes_ago(client, beheerder, 20)
    response = client.get(f"{CONFIRM}?next=/")
    assert response.status_code == 200
    assert 'type="password"' not in response.content.decode()


def test_anonymous_users_still_go_to_the_sign_in_page(client, person):
    response = client.get(reverse("stories:contributor", args=[person.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_an_erase_sent_with_an_old_sign_in_erases_nothing(client, person, beheerder):
    from wendbaar.stories.models import Contributor

    signed_in_minutes_ago(client, beheerder, 20)
    url = reverse("stories:contributor_erase", args=[person.pk])
    data = {"confirm": "on", "reason": "request_by_person"}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.startswith(CONFIRM)
    assert Contributor.objects.filter(pk=person.pk).exists()
    client.force_login(beheerder)  # a fresh sign-in: the same post erases
    assert client.post(url, data).status_code == 302
    assert not Contributor.objects.filter(pk=person.pk).exists()

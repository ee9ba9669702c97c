import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from .factories import PASSWORD, UserFactory

LOGIN = "/accounts/inloggen/"


def login(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


@pytest.mark.django_db
class TestLogin:
    def test_urls_are_dutch(self):
        assert reverse("accounts:login") == LOGIN

    def test_page_is_accessible_form(self, client):
        response = client.get(LOGIN)
        html = response.content.decode()
        assert response.status_code == 200
        assert '<label class="utrecht-form-label" for="id_username">' in html
        assert 'autocomplete="current-password"' in html
        assert reverse("accounts:password_reset") in html

    def test_good_credentials_sign_in_and_redirect(self, client):
        UserFactory(username="anna")
        response = login(client, "anna")
        assert response.status_code == 302
        assert response.url == reverse("pages:my_work")  # "Mijn werk"
        assert "_auth_user_id" in client.session

    def test_next_is_followed_when_safe(self, client):
        UserFactory(username="anna")
        response = client.post(
            LOGIN, {"username": "anna", "password": PASSWORD, "next": "/gebied/GM0344/"}
        )
        assert response.url == "/gebied/GM0344/"
        client.logout()
        response = client.post(
            LOGIN, {"username": "anna", "password": PASSWORD, "next": "https://evil.example/"}
        )
        assert response.url == reverse("pages:my_work")  # "Mijn werk"

    def test_wrong_password_shows_linked_error_and_keeps_username(self, client):
        UserFactory(username="anna")
        response = login(client, "anna", "wrong")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'role="alert"' in html
        assert "De gebruikersnaam of het wachtwoord is onjuist" in html  # Dutch by default
        assert 'value="anna"' in html  # what was typed is shown again
        assert "wrong" not in html  # the password is not

    def test_field_errors_are_linked_with_aria_describedby(self, client):
        html = login(client, "", "").content.decode()
        assert 'aria-invalid="true"' in html
        assert 'aria-describedby="id_username_error"' in html
        assert 'id="id_username_error"' in html
        assert 'href="#id_username"' in html

    def test_unknown_and_inactive_accounts_get_the_same_message(self, client):
        UserFactory(username="slapend", inactive=True)
        unknown = login(client, "niemand").content.decode()
        inactive = login(client, "slapend").content.decode()
        pattern = re.compile(r'<div class="utrecht-alert utrecht-alert--error".*?</div>', re.S)
        assert pattern.search(unknown).group(0) == pattern.search(inactive).group(0)


@pytest.mark.django_db
class TestDemoUserLogin:
    @override_settings(DEBUG=True, DEMO_LOGINS=False)
    def test_refused_without_demo_logins_even_with_debug_on(self, client):
        UserFactory(username="wijkmanager", demo=True)
        response = login(client, "wijkmanager")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        html = response.content.decode()
        assert "alleen inloggen op een demonstratieserver" in html
        # The same words for an account that does not exist: nothing leaks.
        again = login(client, "niemand").content.decode()
        assert "alleen inloggen op een demonstratieserver" in again

    @override_settings(DEBUG=False, DEMO_LOGINS=True)
    def test_allowed_with_demo_logins_and_debug_off(self, client):
        # The demo server (`make run`): DEBUG off, as in production, demo users welcome.
        UserFactory(username="wijkmanager", demo=True)
        page = client.get(reverse("accounts:login")).content.decode()
        assert "wendbaar-demo" in page
        response = login(client, "wijkmanager")
        assert response.status_code == 302
        assert "_auth_user_id" in client.session

    @override_settings(DEMO_LOGINS=False)
    def test_no_demo_note_without_demo_logins(self, client):
        assert "wendbaar-demo" not in client.get(reverse("accounts:login")).content.decode()

    def test_session_of_demo_user_ends_when_demo_logins_go_off(self, client):
        user = UserFactory(demo=True)
        client.force_login(user)
        with override_settings(DEMO_LOGINS=False):
            response = client.get(reverse("accounts:password_change"))
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


@pytest.mark.django_db
class TestLogout:
    def test_post_signs_out(self, client):
        client.force_login(UserFactory())
        response = client.post(reverse("accounts:logout"))
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_get_is_not_allowed(self, client):
        client.force_login(UserFactory())
        assert client.get(reverse("accounts:logout")).status_code == 405
        assert "_auth_user_id" in client.session


@pytest.mark.django_db
class TestPasswordReset:
    def test_full_flow(self, client):
        UserFactory(username="anna", email="anna@example.org")
        response = client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
        assert response.url == reverse("accounts:password_reset_done")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["anna@example.org"]
        assert "\n" not in message.subject
        link = re.search(r"https?://[^/]+(/accounts/wachtwoord-herstellen/\S+/)", message.body)
        assert link, message.body

        # The link redirects to a URL without the token, which shows the form.
        response = client.get(link.group(1), follow=True)
        assert response.status_code == 200
        assert response.context["validlink"]
        form_url = response.redirect_chain[-1][0]
        new = "nieuw-wachtwoord-2025"
        response = client.post(form_url, {"new_password1": new, "new_password2": new})
        assert response.url == reverse("accounts:password_reset_complete")

        response = login(client, "anna", new)
        assert response.status_code == 302

        # A used link is no longer valid.
        response = client.get(link.group(1), follow=True)
        assert not response.context["validlink"]

    def test_unknown_address_looks_the_same_and_sends_nothing(self, client):
        response = client.post(reverse("accounts:password_reset"), {"email": "x@example.org"})
        assert response.url == reverse("accounts:password_reset_done")
        assert mail.outbox == []

    def test_demo_users_get_no_reset_mail(self, client):
        UserFactory(email="demo@example.org", demo=True)
        client.post(reverse("accounts:password_reset"), {"email": "demo@example.org"})
        assert mail.outbox == []


@pytest.mark.django_db
class TestPasswordChange:
    def test_requires_sign_in(self, client):
        response = client.get(reverse("accounts:password_change"))
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)

    def test_change(self, client):
        user = UserFactory()
        client.force_login(user)
        new = "nieuw-wachtwoord-2025"
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        assert response.url == reverse("accounts:password_change_done")
        user.refresh_from_db()
        assert user.check_password(new)
        assert client.get(response.url).status_code == 200

    def test_wrong_old_password_is_reported_on_the_field(self, client):
        client.force_login(UserFactory())
        html = client.post(
            reverse("accounts:password_change"),
            {"old_password": "fout", "new_password1": "a", "new_password2": "a"},
        ).content.decode()
        assert 'id="id_old_password_error"' in html
        assert 'aria-describedby="id_old_password_error"' in html

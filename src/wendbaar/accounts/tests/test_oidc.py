import pytest
from django.test import override_settings

from wendbaar.accounts.models import RoleAssignment, User
from wendbaar.accounts.oidc import WendbaarOIDCBackend

from .factories import UserFactory

OIDC_SETTINGS = {
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.invalid/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.invalid/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.invalid/jwks",
    "OIDC_RP_CLIENT_ID": "wendbaar",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_RP_SIGN_ALGO": "RS256",
}

CLAIMS = {
    "sub": "1234",
    "email": "j.jansen@utrecht.nl",
    "email_verified": True,
    "given_name": "Jan",
    "family_name": "Jansen",
}


@pytest.fixture
def backend():
    with override_settings(**OIDC_SETTINGS):
        yield WendbaarOIDCBackend()


@pytest.mark.django_db
class TestOIDCBackend:
    def test_create_user_from_claims_without_any_role(self, backend):
        user = backend.create_user(CLAIMS)
        user.refresh_from_db()
        assert (user.email, user.first_name, user.last_name) == (
            "j.jansen@utrecht.nl",
            "Jan",
            "Jansen",
        )
        assert not user.has_usable_password()
        assert not user.is_staff and not user.is_superuser and not user.is_demo
        assert not RoleAssignment.objects.filter(user=user).exists()
        assert not user.groups.exists()

    def test_update_user_refreshes_names_and_email(self, backend):
        user = UserFactory(email="J.Jansen@utrecht.nl", first_name="J.", last_name="")
        backend.update_user(user, CLAIMS)
        user.refresh_from_db()
        assert (user.email, user.first_name, user.last_name) == (
            "j.jansen@utrecht.nl",
            "Jan",
            "Jansen",
        )

    def test_missing_names_keep_the_old_ones(self, backend):
        user = UserFactory(first_name="Jan", last_name="Jansen")
        backend.update_user(user, {"email": user.email})
        user.refresh_from_db()
        assert (user.first_name, user.last_name) == ("Jan", "Jansen")

    def test_matches_by_email_but_never_a_demo_user(self, backend):
        UserFactory(email="j.jansen@utrecht.nl", demo=True)
        assert not backend.filter_users_by_claims(CLAIMS).exists()
        real = UserFactory(email="J.JANSEN@utrecht.nl")
        assert list(backend.filter_users_by_claims(CLAIMS)) == [real]

    def test_unverified_email_is_refused(self, backend):
        assert backend.verify_claims(CLAIMS)
        assert not backend.verify_claims({**CLAIMS, "email_verified": False})
        assert not backend.verify_claims({"sub": "1"})

    def test_get_user_refuses_inactive_and_demo_users(self, backend):
        assert backend.get_user(UserFactory().pk) is not None
        assert backend.get_user(UserFactory(inactive=True).pk) is None
        with override_settings(DEBUG=True, DEMO_LOGINS=False):
            assert backend.get_user(UserFactory(demo=True).pk) is None

    def test_user_count(self, backend):
        backend.create_user(CLAIMS)
        assert User.objects.count() == 1

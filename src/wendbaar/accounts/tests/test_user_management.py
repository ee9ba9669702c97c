"""User management: invite, give and take roles, (de)activate — the services with their
refusals (nothing written), and the beheerder's pages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from wendbaar.accounts import services
from wendbaar.accounts.models import RoleAssignment
from wendbaar.core.models import AuditEvent

from .factories import UserFactory, grant_role, user_with_role

pytestmark = pytest.mark.django_db
User = get_user_model()
SITE = "http://testserver"


def state():
    return (
        list(User.objects.order_by("pk").values("pk", "is_active", "password")),
        list(RoleAssignment.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def beheerder(geo):
    return user_with_role("beheerder", municipality=geo["utrecht"])


def invite(geo, by, **kw):
    data = {
        "email": "Nieuw@Example.org",
        "first_name": "Nina",
        "last_name": "Nieuw",
        "role": "wijkmanager",
        "municipality": geo["utrecht"],
        "districts": [geo["overvecht"], geo["binnenstad"]],
        "site_url": SITE,
        "by": by,
    }
    data.update(kw)
    return services.invite_user(**data)


class TestInvite:
    def test_invite_creates_a_passwordless_user_with_the_role_and_mails_a_link(
        self, geo, beheerder, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            user = invite(geo, beheerder)
        assert user.username == user.email == "nieuw@example.org"
        assert not user.has_usable_password() and user.is_active
        assignment = RoleAssignment.objects.get(user=user)
        assert assignment.role.role_profile.slug == "wijkmanager"
        assert {d.code for d in assignment.districts.all()} == {"WK034403", "WK034406"}
        actions = list(
            AuditEvent.objects.filter(actor=beheerder)
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions == ["user_invited", "role_assigned"]
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nieuw@example.org"]
        link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
        # The link works: choose a password, then sign in and land on "Mijn werk".
        form_page = client.get(link, follow=True)
        assert form_page.status_code == 200 and form_page.context["validlink"]
        password = "een-lang-wachtwoord-42"
        done = client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": password, "new_password2": password},
        )
        assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
        signed_in = client.post(
            reverse("accounts:login"), {"username": "nieuw@example.org", "password": password}
        )
        assert signed_in["Location"] == reverse("pages:my_work")
        page = client.get(reverse("pages:my_work"))
        assert "Overvecht" in page.content.decode() and "Binnenstad" in page.content.decode()

    def test_nothing_is_mailed_when_the_invitation_is_rolled_back(
        self, geo, beheerder, django_capture_on_commit_callbacks
    ):
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(ValidationError),
        ):
            invite(geo, beheerder, districts=[geo["escamp"]])
        assert mail.outbox == []

    @pytest.mark.parametrize(
        "change, field",
        [
            ({"email": "geen-adres"}, "email"),
            ({"email": ""}, "email"),
            ({"role": "koning"}, "role"),
            ({"email": "bestaand@example.org"}, "email"),
        ],
    )
    def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
        self, geo, beheerder, change, field
    ):
        UserFactory(email="Bestaand@example.org")
        before = state()
        with pytest.raises(ValidationError) as refused:
            invite(geo, beheerder, **change)
        assert field in refused.value.message_dict
        assert state() == before

    def test_a_foreign_wijk_is_refused(self, geo, beheerder):
        before = state()
        with pytest.raises(ValidationError):
            invite(geo, beheerder, districts=[geo["escamp"]])
        assert state() == before

    def test_only_a_beheerder_of_that_gemeente_invites(self, geo, beheerder):
        refused = [
            None,
            UserFactory(),
            user_with_role("programmabureau", municipality=geo["utrecht"]),
            user_with_role("beheerder", municipality=geo["den_haag"]),
            user_with_role("beheerder", municipality=geo["utrecht"], districts=[geo["overvecht"]]),
        ]
        before = state()
        for by in refused:
            with pytest.raises(PermissionDenied):
                invite(geo, by)
        assert state() == before
        # Nor outside their own gemeente.
        with pytest.raises(PermissionDenied):
            invite(geo, beheerder, municipality=geo["den_haag"], districts=[])
        assert state() == before


class TestRevoke:
    def test_the_last_role_is_not_taken_but_the_account_deactivated(self, geo, beheerder):
        user = user_with_role("lezer", municipality=geo["utrecht"])
        before = state()
        with pytest.raises(ValidationError) as refused:
            services.revoke_role(user=user, role="lezer", municipality=geo["utrecht"], by=beheerder)
        assert refused.value.code == "last_role"
        assert state() == before
        grant_role(user, "partner", municipality=geo["utrecht"])
        services.revoke_role(user=user, role="lezer", municipality=geo["utrecht"], by=beheerder)
        assert [a.role.role_profile.slug for a in user.role_assignments.all()] == ["partner"]

    def test_a_beheerder_keeps_their_own_role(self, geo, beheerder):
        grant_role(beheerder, "lezer", municipality=geo["utrecht"])
        before = state()
        with pytest.raises(ValidationError):
            services.revoke_role(
                user=beheerder, role="beheerder", municipality=geo["utrecht"], by=beheerder
            )
        assert state() == before


class TestDeactivate:
    def test_deactivate_and_reactivate_are_audited(self, geo, beheerder):
        user = user_with_role("wijkmanager", municipality=geo["utrecht"])
        services.deactivate_user(user=user, by=beheerder)
        user.refresh_from_db()
        assert not user.is_active
        with pytest.raises(ValidationError):
            services.deactivate_user(user=user, by=beheerder)
        services.reactivate_user(user=user, by=beheerder)
        user.refresh_from_db()
        assert user.is_active
        actions = list(
            AuditEvent.objects.filter(actor=beheerder)
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions == ["user_deactivated", "user_reactivated"]

    def test_refusals_write_nothing(self, geo, beheerder):
        elsewhere = user_with_role("lezer", municipality=geo["den_haag"])
        both = user_with_role("lezer", municipality=geo["utrecht"])
        grant_role(both, "lezer", municipality=geo["den_haag"])
        superuser = UserFactory(superuser=True)
        grant_role(superuser, "lezer", municipality=geo["utrecht"])
        before = state()
        for user in (elsewhere, both, superuser):
            with pytest.raises(PermissionDenied):
                services.deactivate_user(user=user, by=beheerder)
        with pytest.raises(ValidationError) as refused:
            services.deactivate_user(user=beheerder, by=beheerder)
        assert refused.value.code == "self"
        assert state() == before


class TestPages:
    def test_the_list_shows_the_users_of_the_gemeente_only(self, geo, beheerder, client):
        user_with_role(
            "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]], username="wim"
        )
        user_with_role("lezer", municipality=geo["den_haag"], username="haags")
        client.force_login(beheerder)
        page = client.get(reverse("accounts:users")).content.decode()
        assert "wim" in page and "Overvecht" in page and "haags" not in page

    def test_a_user_elsewhere_is_not_found(self, geo, beheerder, client):
        other = user_with_role("lezer", municipality=geo["den_haag"])
        client.force_login(beheerder)
        assert (
            client.get(reverse("accounts:user_detail", kwargs={"user": other.pk})).status_code
            == 404
        )
        response = client.post(reverse("accounts:user_deactivate", kwargs={"user": other.pk}))
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.is_active

    def test_invite_form_shows_the_input_again_on_an_error(self, geo, beheerder, client):
        UserFactory(email="bestaand@example.org")
        client.force_login(beheerder)
        response = client.post(
            reverse("accounts:user_invite"),
            {
                "email": "bestaand@example.org",
                "first_name": "Bea",
                "role": "lezer",
                "municipality": geo["utrecht"].pk,
            },
        )
        assert response.status_code == 200
        html = response.content.decode()
        exists = gettext("An account with this e-mail address already exists.")
        assert escape(exists) in html and 'value="Bea"' in html
        assert 'value="bestaand@example.org"' in html

    def test_give_and_take_a_role_and_deactivate_through_the_pages(self, geo, beheerder, client):
        user = user_with_role("lezer", municipality=geo["utrecht"])
        client.force_login(beheerder)
        url = reverse("accounts:user_detail", kwargs={"user": user.pk})
        response = client.post(
            url,
            {
                "role": "wijkmanager",
                "municipality": geo["utrecht"].pk,
                "districts": [geo["overvecht"].pk],
            },
        )
        assert response.status_code == 302
        assert RoleAssignment.objects.filter(user=user).count() == 2
        client.post(
            reverse("accounts:role_revoke", kwargs={"user": user.pk}),
            {"role": "lezer", "municipality": "GM0344"},
        )
        assert RoleAssignment.objects.filter(user=user).count() == 1
        # The last role stays; the page says why.
        page = client.post(
            reverse("accounts:role_revoke", kwargs={"user": user.pk}),
            {"role": "wijkmanager", "municipality": "GM0344"},
            follow=True,
        )
        last_role = gettext(
            "This is the last role of %(user)s. Deactivate the account instead, "
            "or give another role first."
        )
        assert escape(last_role.split("%(user)s")[0]) in page.content.decode()
        client.post(reverse("accounts:user_deactivate", kwargs={"user": user.pk}))
        user.refresh_from_db()
        assert not user.is_active

    def test_others_are_refused(self, geo, client):
        user = user_with_role("lezer", municipality=geo["utrecht"])
        client.force_login(user_with_role("wijkmanager", municipality=geo["utrecht"]))
        assert client.get(reverse("accounts:users")).status_code == 403
        assert (
            client.post(reverse("accounts:user_deactivate", kwargs={"user": user.pk})).status_code
            == 403
        )
        user.refresh_from_db()
        assert user.is_active


class TestGrant:
    def test_an_unknown_role_or_a_gemeente_out_of_scope_is_refused(self, geo, beheerder):
        user = user_with_role("lezer", municipality=geo["utrecht"])
        before = state()
        with pytest.raises(ValidationError) as refused:
            services.assign_role(
                user=user, role="koning", municipality=geo["utrecht"], by=beheerder
            )
        assert "role" in refused.value.message_dict
        with pytest.raises(PermissionDenied):
            services.assign_role(
                user=user, role="lezer", municipality=geo["den_haag"], by=beheerder
            )
        assert state() == before


class TestResend:
    def test_a_new_link_only_for_who_has_no_password_yet(
        self, geo, beheerder, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            user = invite(geo, beheerder)
            services.resend_invitation(user=user, site_url=SITE, by=beheerder)
        assert len(mail.outbox) == 2 and mail.outbox[1].to == ["nieuw@example.org"]
        active = user_with_role("lezer", municipality=geo["utrecht"])
        elsewhere = user_with_role("beheerder", municipality=geo["den_haag"])
        before = state()
        with pytest.raises(ValidationError):
            services.resend_invitation(user=active, site_url=SITE, by=beheerder)
        with pytest.raises(PermissionDenied):
            services.resend_invitation(user=user, site_url=SITE, by=elsewhere)
        assert state() == before and len(mail.outbox) == 2

    def test_no_password_link_for_a_single_sign_on_account(self, geo, beheerder, client):
        """An SSO account has no usable password but signs in: it is no invitee, and a
        mailed link would give it a local password past the identity provider."""
        sso = user_with_role("lezer", municipality=geo["utrecht"])
        sso.set_unusable_password()
        sso.last_login = timezone.now()
        sso.save()
        before = state()
        with pytest.raises(ValidationError):
            services.resend_invitation(user=sso, site_url=SITE, by=beheerder)
        assert state() == before and mail.outbox == []
        client.force_login(beheerder)
        page = client.get(reverse("accounts:user_detail", kwargs={"user": sso.pk}))
        assert gettext("Invited, no password yet") not in page.content.decode()

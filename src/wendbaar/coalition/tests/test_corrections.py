"""Ending memberships, changing roles and withdrawing commitments: services and pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from wendbaar.accounts.tests.factories import user_with_role
from wendbaar.coalition import services
from wendbaar.coalition.models import Commitment, Membership
from wendbaar.coalition.selectors import coalition_history, commitments_of
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.organisations import services as organisation_services

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def users(geo, orgs):
    partner = user_with_role("partner", municipality=geo["utrecht"])
    organisation_services.link_user_to_organisation(
        user=partner, organisation=orgs["corporatie"], by=SYSTEM
    )
    return {
        "wijkmanager": user_with_role(
            "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]]
        ),
        "partner": partner,
        "other_partner": user_with_role("partner", municipality=geo["utrecht"]),
        "lezer": user_with_role("lezer", municipality=geo["utrecht"]),
        "den_haag": user_with_role("programmabureau", municipality=geo["den_haag"]),
    }


@pytest.fixture
def membership(approach, orgs):
    return services.join_coalition(
        approach=approach,
        organisation=orgs["bewoners"],
        role="partner",
        joined_on=D(2024, 1, 1),
        by=SYSTEM,
    )


@pytest.fixture
def commitment(approach, orgs):
    return services.add_commitment(
        approach=approach,
        organisation=orgs["corporatie"],
        kind="money",
        description="Schoonmaak portieken",
        amount=Decimal("5000"),
        start_year=2025,
        by=SYSTEM,
    )


def row(model, pk) -> dict:
    return model._base_manager.filter(pk=pk).values().get()


class TestWithdrawCommitment:
    def test_it_leaves_the_totals_and_stays_in_the_history(self, approach, commitment, users):
        services.withdraw_commitment(
            commitment=commitment, reason="Dubbel ingevoerd", by=users["partner"]
        )
        assert commitments_of(approach) == []
        assert not Commitment.objects.exists()
        assert approach.commitments.count() == 0
        kept = Commitment._base_manager.get(pk=commitment.pk)
        assert (
            kept.withdrawal_reason == "Dubbel ingevoerd" and kept.withdrawn_by == users["partner"]
        )
        events = [(e.kind, e.commitment) for e in coalition_history(approach)]
        assert ("withdrawn", kept) in events
        event = AuditEvent.objects.get(action="commitment_withdrawn")
        assert event.detail["description"] == "Schoonmaak portieken"
        assert event.detail["amount"] == "5000.00"

    @pytest.mark.parametrize("reason", ["", "  ", "x" * 301])
    def test_a_reason_is_required(self, commitment, users, reason):
        before = row(Commitment, commitment.pk)
        with pytest.raises(ValidationError) as error:
            services.withdraw_commitment(commitment=commitment, reason=reason, by=SYSTEM)
        assert "reason" in error.value.message_dict
        assert row(Commitment, commitment.pk) == before

    def test_twice_is_refused_clearly(self, commitment):
        services.withdraw_commitment(commitment=commitment, reason="Fout", by=SYSTEM)
        with pytest.raises(
            ValidationError, match=re.escape(gettext("This commitment has already been withdrawn."))
        ):
            services.withdraw_commitment(commitment=commitment, reason="Nog eens", by=SYSTEM)

    @pytest.mark.parametrize("who", ["other_partner", "lezer", "den_haag"])
    def test_others_are_refused_and_nothing_is_written(self, commitment, users, who):
        before = row(Commitment, commitment.pk)
        with pytest.raises(PermissionDenied):
            services.withdraw_commitment(commitment=commitment, reason="Weg", by=users[who])
        assert row(Commitment, commitment.pk) == before


class TestMemberships:
    def test_change_role_with_bad_dates_or_roles_changes_nothing(self, membership, users):
        before = row(Membership, membership.pk)
        for kwargs, field in (
            ({"role": "core_partner", "on": D(2023, 12, 1)}, "on"),
            ({"role": "core_partner", "on": D(2024, 1, 1)}, "on"),
            ({"role": "boss", "on": D(2024, 6, 1)}, "role"),
        ):
            with pytest.raises(ValidationError) as error:
                services.change_membership_role(
                    membership=membership, by=users["wijkmanager"], **kwargs
                )
            assert field in error.value.message_dict
        assert row(Membership, membership.pk) == before
        assert Membership.objects.count() == 1

    def test_leaving_before_joining_is_refused(self, membership, users):
        with pytest.raises(ValidationError) as error:
            services.leave_coalition(
                membership=membership, left_on=D(2023, 1, 1), by=users["wijkmanager"]
            )
        assert "left_on" in error.value.message_dict
        assert Membership.objects.get(pk=membership.pk).left_on is None

    @pytest.mark.parametrize("who", ["partner", "lezer", "den_haag"])
    def test_others_may_not_change_roles_or_end_memberships(self, membership, users, who):
        with pytest.raises(PermissionDenied):
            services.change_membership_role(
                membership=membership, role="core_partner", on=D(2024, 6, 1), by=users[who]
            )
        with pytest.raises(PermissionDenied):
            services.leave_coalition(membership=membership, left_on=D(2024, 6, 1), by=users[who])
        assert row(Membership, membership.pk)["left_on"] is None


class TestPages:
    def test_the_page_links_role_change_end_and_withdraw(
        self, client, approach, membership, commitment, users
    ):
        client.force_login(users["wijkmanager"])
        html = client.get(reverse("coalition:approach", kwargs={"pk": approach.pk})).content
        html = html.decode()
        kw = {"pk": approach.pk, "membership": membership.pk}
        assert reverse("coalition:membership_role", kwargs=kw) in html
        assert reverse("coalition:membership_leave", kwargs=kw) in html
        withdraw = reverse(
            "coalition:commitment_withdraw",
            kwargs={"pk": approach.pk, "commitment": commitment.pk},
        )
        assert withdraw in html

    def test_a_partner_withdraws_their_own_commitment_with_a_reason(
        self, client, approach, commitment, users
    ):
        client.force_login(users["partner"])
        url = reverse(
            "coalition:commitment_withdraw",
            kwargs={"pk": approach.pk, "commitment": commitment.pk},
        )
        assert client.get(url).status_code == 200
        response = client.post(url, {"reason": "Bedrag klopt niet"})
        assert response.status_code == 200  # not confirmed: the form again, reason kept
        assert "Bedrag klopt niet" in response.content.decode()
        assert Commitment.objects.filter(pk=commitment.pk).exists()
        response = client.post(url, {"reason": "Bedrag klopt niet", "confirm": "on"})
        assert response.status_code == 302
        assert not Commitment.objects.filter(pk=commitment.pk).exists()
        html = client.get(response.url).content.decode()
        assert "Bedrag klopt niet" in html.split("History")[-1].split("Geschiedenis")[-1]

    def test_role_change_with_an_early_date_reshows_the_form(
        self, client, approach, membership, users
    ):
        client.force_login(users["wijkmanager"])
        url = reverse(
            "coalition:membership_role", kwargs={"pk": approach.pk, "membership": membership.pk}
        )
        assert client.get(url).status_code == 200
        response = client.post(url, {"role": "core_partner", "on": "2023-06-01"})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'value="2023-06-01"' in html and 'href="#id_on"' in html
        assert Membership.objects.count() == 1
        response = client.post(url, {"role": "core_partner", "on": "2024-06-01"})
        assert response.status_code == 302
        assert Membership.objects.get(left_on__isnull=True).role == "core_partner"

    def test_ending_a_membership_asks_a_date_and_keeps_the_reason(
        self, client, approach, membership, users
    ):
        client.force_login(users["wijkmanager"])
        url = reverse(
            "coalition:membership_leave", kwargs={"pk": approach.pk, "membership": membership.pk}
        )
        page = client.get(url).content.decode()
        assert 'name="left_on"' in page and 'name="note"' in page
        response = client.post(url, {"left_on": "2023-01-01", "note": "Opgeheven"})
        assert response.status_code == 200 and "Opgeheven" in response.content.decode()
        response = client.post(url, {"left_on": "2025-01-01", "note": "Opgeheven"})
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.left_on == D(2025, 1, 1) and "Opgeheven" in membership.note

    @pytest.mark.parametrize("who", ["other_partner", "lezer", "den_haag"])
    def test_refused_roles_get_403_or_404_and_nothing_is_written(
        self, client, approach, membership, commitment, users, who
    ):
        client.force_login(users[who])
        before = (row(Membership, membership.pk), row(Commitment, commitment.pk))
        for name, kwargs, data in (
            (
                "coalition:membership_role",
                {"membership": membership.pk},
                {"role": "core_partner", "on": "2024-06-01"},
            ),
            (
                "coalition:membership_leave",
                {"membership": membership.pk},
                {"left_on": "2025-01-01"},
            ),
            (
                "coalition:commitment_withdraw",
                {"commitment": commitment.pk},
                {"reason": "Weg", "confirm": "on"},
            ),
        ):
            response = client.post(reverse(name, kwargs={"pk": approach.pk, **kwargs}), data)
            assert response.status_code in (403, 404), name
        assert (row(Membership, membership.pk), row(Commitment, commitment.pk)) == before
        assert Membership.objects.count() == 1


def test_an_organisation_in_the_coalition_is_not_removed(approach, orgs, membership, commitment):
    """The register refuses to remove a party with memberships or commitments, and says
    which and how many; a withdrawn commitment still counts (its history names it)."""
    services.withdraw_commitment(commitment=commitment, reason="Fout", by=SYSTEM)
    for organisation, expected in (
        (orgs["bewoners"], "1 lidmaatschap"),
        (orgs["corporatie"], "1 toezegging"),
    ):
        with pytest.raises(ValidationError) as error:
            organisation_services.remove_organisation(organisation=organisation, by=SYSTEM)
        assert expected in error.value.messages[0]
        assert organisation.name in error.value.messages[0]
    assert not AuditEvent.objects.filter(action="organisation_removed").exists()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_public_history_names_a_withdrawn_commitment_but_not_the_reason(
    client, approach, commitment
):
    from wendbaar.approaches import services as approach_services

    approach_services.set_approach_published(approach=approach, published=True, by=SYSTEM)
    services.withdraw_commitment(commitment=commitment, reason="Interne afspraak", by=SYSTEM)
    html = client.get(reverse("coalition:approach", kwargs={"pk": approach.pk})).content.decode()
    history = html.split("History")[-1].split("Geschiedenis")[-1]
    assert "Schoonmaak portieken" in history and "Interne afspraak" not in html


def test_the_reason_is_for_staff_of_the_gemeente_not_for_every_signed_in_user(
    client, geo, approach, commitment
):
    from wendbaar.approaches import services as approach_services

    approach_services.set_approach_published(approach=approach, published=True, by=SYSTEM)
    services.withdraw_commitment(commitment=commitment, reason="Interne afspraak", by=SYSTEM)
    url = reverse("coalition:approach", kwargs={"pk": approach.pk})
    client.force_login(user_with_role("lezer", municipality=geo["den_haag"]))
    assert "Interne afspraak" not in client.get(url).content.decode()
    client.force_login(user_with_role("lezer", municipality=geo["utrecht"]))
    assert "Interne afspraak" in client.get(url).content.decode()

"""Coalition pages (coalition app), tested here because they need a wijkaanpak."""

import datetime as dt

import pytest
from django.urls import reverse

from wendbaar.approaches import services as approach_services
from wendbaar.coalition import services as coalition_services
from wendbaar.coalition.models import Commitment, Membership
from wendbaar.core.actors import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition(approach, orgs):
    m = coalition_services.join_coalition(
        approach=approach,
        organisation=orgs["bewoners"],
        role="partner",
        joined_on=dt.date(2024, 1, 1),
        by=SYSTEM,
    )
    c = coalition_services.add_commitment(
        approach=approach,
        organisation=orgs["corporatie"],
        kind="other",
        description="Ruimte",
        start_year=2025,
        by=SYSTEM,
    )
    return m, c


def page(approach, **query):
    url = reverse("coalition:approach", kwargs={"pk": approach.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_public_only_when_published(client, approach, coalition):
    assert client.get(page(approach)).status_code == 404
    approach_services.set_approach_published(approach=approach, published=True, by=SYSTEM)
    html = client.get(page(approach)).content.decode()
    assert "Bewonersplatform (voorbeeld)" in html
    assert "Contact person" not in html and "Contactpersoon" not in html


def test_on_a_date(client, users, approach, coalition):
    client.force_login(users["lezer"])
    html = client.get(page(approach, op="2023-06-01")).content.decode()
    assert "Bewonersplatform (voorbeeld)" not in html.split("History")[0].split("Geschiedenis")[0]
    assert client.get(page(approach, op="nonsense")).status_code == 200


def test_join_and_leave(client, users, approach, orgs, coalition):
    client.force_login(users["wijkmanager_in"])
    url = reverse("coalition:membership_create", kwargs={"pk": approach.pk})
    response = client.post(
        url,
        {"organisation": orgs["gemeente"].pk, "role": "steering_group", "joined_on": "2024-02-01"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=orgs["gemeente"])
    leave = reverse(
        "coalition:membership_leave", kwargs={"pk": approach.pk, "membership": membership.pk}
    )
    assert client.post(leave, {"left_on": "2025-01-01"}).status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == dt.date(2025, 1, 1)
    client.force_login(users["lezer"])
    assert client.get(url).status_code == 403


def test_partner_edits_own_commitment_only(client, users, approach, orgs, coalition):
    _m, own = coalition
    other = coalition_services.add_commitment(
        approach=approach,
        organisation=orgs["welzijn"],
        kind="other",
        description="Kennis",
        start_year=2025,
        by=SYSTEM,
    )
    client.force_login(users["partner"])
    edit = reverse("coalition:commitment_edit", kwargs={"pk": approach.pk, "commitment": own.pk})
    response = client.post(
        edit, {"kind": "hours", "description": "Uren", "hours": "100", "start_year": 2025}
    )
    assert response.status_code == 302
    assert Commitment.objects.get(pk=own.pk).hours == 100
    other_edit = reverse(
        "coalition:commitment_edit", kwargs={"pk": approach.pk, "commitment": other.pk}
    )
    assert client.get(other_edit).status_code == 403
    create = reverse("coalition:commitment_create", kwargs={"pk": approach.pk})
    response = client.post(
        create,
        {
            "organisation": orgs["welzijn"].pk,
            "kind": "other",
            "description": "x",
            "start_year": 2025,
        },
    )
    assert response.status_code == 200  # welzijn is not a choice for this partner
    assert not Commitment.objects.filter(description="x").exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_commitment_years_are_not_written_as_thousands(client, approach, coalition, language):
    approach_services.set_approach_published(approach=approach, published=True, by=SYSTEM)
    client.cookies["django_language"] = language
    html = client.get(page(approach)).content.decode()
    assert ">2025\N{EN DASH}</td>" in html  # not "2.025" (USE_THOUSAND_SEPARATOR)

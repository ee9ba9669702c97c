"""The register's pages: who sees which organisations, and adding one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wendbaar.accounts.tests.factories import make_area, user_with_role
from wendbaar.core.models import AuditEvent
from wendbaar.organisations.models import Organisation

pytestmark = pytest.mark.django_db

NEW = {"name": "Sportclub (voorbeeld)", "kind": "civil_society", "subtype": "sport"}


@pytest.fixture
def geo():
    utrecht = make_area("GM0344", "Utrecht")
    return {
        "utrecht": utrecht,
        "overvecht": make_area("WK034403", "Overvecht", utrecht),
        "den_haag": make_area("GM0518", "'s-Gravenhage"),
    }


def test_the_register_keeps_its_published_address():
    assert reverse("organisations:list") == "/coalitie/organisaties/"
    assert reverse("organisations:create") == "/coalitie/organisaties/nieuw/"


def test_a_wijkmanager_adds_an_organisation_to_their_gemeente(client, geo):
    client.force_login(
        user_with_role("wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]])
    )
    response = client.post(
        reverse("organisations:create"), {**NEW, "municipality": geo["utrecht"].pk}
    )
    assert response.status_code == 302 and response.url == "/coalitie/organisaties/"
    organisation = Organisation.objects.get(name=NEW["name"])
    assert organisation.municipality == geo["utrecht"] and organisation.subtype == "sport"
    assert AuditEvent.objects.filter(action="organisation_created").count() == 1
    page = client.get(reverse("organisations:list")).content.decode()
    assert '<th class="utrecht-table__header-cell" scope="row">Sportclub (voorbeeld)</th>' in page


def test_another_gemeente_is_no_choice_and_what_was_typed_stays(client, geo):
    client.force_login(user_with_role("programmabureau", municipality=geo["utrecht"]))
    response = client.post(
        reverse("organisations:create"), {**NEW, "municipality": geo["den_haag"].pk}
    )
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    html = response.content.decode()
    assert 'value="Sportclub (voorbeeld)"' in html and 'href="#id_municipality"' in html


def test_readers_see_only_their_gemeente_and_cannot_add(client, geo):
    Organisation.objects.create(
        name="Buurthuis Utrecht", kind="civil_society", municipality=geo["utrecht"]
    )
    client.force_login(user_with_role("lezer", municipality=geo["den_haag"]))
    assert "Buurthuis Utrecht" not in client.get(reverse("organisations:list")).content.decode()
    assert client.get(reverse("organisations:create")).status_code == 403
    client.logout()
    response = client.get(reverse("organisations:list"))
    assert response.status_code == 302 and "/accounts/" in response.url

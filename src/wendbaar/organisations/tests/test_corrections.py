"""Editing and removing organisations of the register: service, policy and pages.

That an organisation others depend on is not removed is tested where those others live:
memberships and commitments in ``coalition/tests/test_corrections.py``, projects,
funding and money flows in ``tests/test_organisation_removal.py`` (the register may not
import the apps above it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wendbaar.accounts.tests.factories import make_area, user_with_role
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.organisations import services
from wendbaar.organisations.models import ContactPerson, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def geo():
    utrecht = make_area("GM0344", "Utrecht")
    return {
        "utrecht": utrecht,
        "overvecht": make_area("WK034403", "Overvecht", utrecht),
        "den_haag": make_area("GM0518", "'s-Gravenhage"),
    }


@pytest.fixture
def club(geo):
    club = services.create_organisation(
        name="Sportclub (voorbeeld)",
        kind="civil_society",
        subtype="sport",
        municipality=geo["utrecht"],
        by=SYSTEM,
    )
    services.add_contact_person(organisation=club, name="Kees", by=SYSTEM)
    return club


@pytest.fixture
def users(geo):
    return {
        "wijkmanager": user_with_role(
            "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]]
        ),
        "programmabureau": user_with_role("programmabureau", municipality=geo["utrecht"]),
        "partner": user_with_role("partner", municipality=geo["utrecht"]),
        "lezer": user_with_role("lezer", municipality=geo["utrecht"]),
        "beheerder": user_with_role("beheerder", municipality=geo["utrecht"]),
        "den_haag": user_with_role("programmabureau", municipality=geo["den_haag"]),
    }


def row(obj) -> dict:
    return type(obj)._base_manager.filter(pk=obj.pk).values().get()


class TestRemoveOrganisation:
    def test_removed_with_its_contacts_and_the_audit_keeps_its_name(self, club, users):
        assert services.dependants(club) == []
        services.remove_organisation(
            organisation=club, reason="Dubbel in het register", by=users["wijkmanager"]
        )
        assert not Organisation.objects.filter(name="Sportclub (voorbeeld)").exists()
        assert not ContactPerson.objects.exists()
        event = AuditEvent.objects.get(action="organisation_removed")
        assert event.detail["name"] == "Sportclub (voorbeeld)"
        assert event.detail["kind"] == "civil_society" and event.detail["contact_persons"] == 1
        assert event.detail["reason"] == "Dubbel in het register"

    def test_a_reason_too_long_is_refused_and_nothing_is_removed(self, club, users):
        with pytest.raises(ValidationError) as error:
            services.remove_organisation(
                organisation=club, reason="x" * 301, by=users["wijkmanager"]
            )
        assert "reason" in error.value.message_dict
        assert Organisation.objects.filter(pk=club.pk).exists()

    @pytest.mark.parametrize("who", ["partner", "lezer", "beheerder", "den_haag"])
    def test_others_are_refused_and_nothing_is_removed(self, club, users, who):
        with pytest.raises(PermissionDenied):
            services.remove_organisation(organisation=club, by=users[who])
        assert Organisation.objects.filter(pk=club.pk).exists()
        assert ContactPerson.objects.count() == 1


class TestUpdateOrganisation:
    def test_the_audit_keeps_old_values(self, club, users):
        services.update_organisation(
            organisation=club, name="Sportclub Noord", by=users["programmabureau"]
        )
        event = AuditEvent.objects.get(action="organisation_updated")
        assert event.detail["changes"]["name"] == ["Sportclub (voorbeeld)", "Sportclub Noord"]

    def test_a_name_taken_in_the_gemeente_is_refused_clearly(self, club, geo, users):
        services.create_organisation(
            name="Buurthuis", kind="civil_society", municipality=geo["utrecht"], by=SYSTEM
        )
        before = row(club)
        with pytest.raises(ValidationError):
            services.update_organisation(
                organisation=club, name="Buurthuis", by=users["programmabureau"]
            )
        assert row(club) == before

    @pytest.mark.parametrize("who", ["partner", "lezer", "den_haag"])
    def test_others_are_refused(self, club, users, who):
        before = row(club)
        with pytest.raises(PermissionDenied):
            services.update_organisation(organisation=club, name="Anders", by=users[who])
        assert row(club) == before


class TestPages:
    def test_the_list_links_edit_and_remove_for_keepers_only(self, client, club, users):
        edit = reverse("organisations:edit", kwargs={"organisation": club.pk})
        remove = reverse("organisations:remove", kwargs={"organisation": club.pk})
        client.force_login(users["wijkmanager"])
        html = client.get(reverse("organisations:list")).content.decode()
        assert edit in html and remove in html
        client.force_login(users["lezer"])
        html = client.get(reverse("organisations:list")).content.decode()
        assert edit not in html and remove not in html

    def test_an_edit_with_a_bad_website_reshows_what_was_typed(self, client, club, users):
        client.force_login(users["wijkmanager"])
        url = reverse("organisations:edit", kwargs={"organisation": club.pk})
        page = client.get(url).content.decode()
        assert 'value="Sportclub (voorbeeld)"' in page
        data = {"name": "Sportclub Noord", "kind": "civil_society", "subtype": "sport"}
        response = client.post(url, {**data, "website": "geen adres"})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'value="Sportclub Noord"' in html and 'href="#id_website"' in html
        assert Organisation.objects.get(pk=club.pk).name == "Sportclub (voorbeeld)"
        response = client.post(url, {**data, "website": "sportclub.example"})
        assert response.status_code == 302
        club.refresh_from_db()
        assert club.name == "Sportclub Noord" and club.website == "https://sportclub.example"

    def test_removal_needs_a_reason_and_confirmation(self, client, club, users):
        client.force_login(users["programmabureau"])
        url = reverse("organisations:remove", kwargs={"organisation": club.pk})
        assert "Kees" not in client.get(url).content.decode()  # counted, not named
        response = client.post(url, {"reason": "Dubbel"})
        assert response.status_code == 200 and "Dubbel" in response.content.decode()
        assert Organisation.objects.filter(pk=club.pk).exists()
        response = client.post(url, {"reason": "Dubbel", "confirm": "on"})
        assert response.status_code == 302, response.context["form"].errors
        assert not Organisation.objects.filter(pk=club.pk).exists()

    @pytest.mark.parametrize("who", ["partner", "lezer", "beheerder", "den_haag"])
    def test_refused_roles_get_403_or_404_and_nothing_is_written(self, client, club, users, who):
        client.force_login(users[who])
        before = row(club)
        kw = {"organisation": club.pk}
        response = client.post(
            reverse("organisations:edit", kwargs=kw),
            {"name": "Anders", "kind": "civil_society", "subtype": "sport"},
        )
        assert response.status_code in (403, 404)
        response = client.post(
            reverse("organisations:remove", kwargs=kw), {"reason": "Weg", "confirm": "on"}
        )
        assert response.status_code in (403, 404)
        assert row(club) == before and ContactPerson.objects.count() == 1

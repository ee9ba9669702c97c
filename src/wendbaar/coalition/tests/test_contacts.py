"""Contact persons are personal data: a reader sees them only within their own scope.

Issue #9: the coalition page showed every contact person to anyone who may see contact
persons in *some* gemeente (a Den Haag partner read Utrecht's). The rule is the
``ContactPersonPolicy``'s, asked for the persons on the page."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from wendbaar.accounts.tests.factories import UserFactory, user_with_role
from wendbaar.coalition import services
from wendbaar.coalition.selectors import coalition_on, visible_contact, visible_contacts
from wendbaar.core.actors import SYSTEM
from wendbaar.organisations import services as organisation_services

pytestmark = pytest.mark.django_db

NAME = "Petra Partner-Utrecht"
EMAIL = "petra.utrecht@example.org"


@pytest.fixture
def contacts(orgs):
    utrecht = organisation_services.add_contact_person(
        organisation=orgs["corporatie"], name=NAME, email=EMAIL, by=SYSTEM
    )
    den_haag = organisation_services.add_contact_person(
        organisation=orgs["den_haag"], name="Hans Haag", email="hans@example.org", by=SYSTEM
    )
    return {"utrecht": utrecht, "den_haag": den_haag}


@pytest.fixture
def membership(approach, orgs, contacts):
    return services.join_coalition(
        approach=approach,
        organisation=orgs["corporatie"],
        role="core_partner",
        joined_on=dt.date(2024, 1, 1),
        contact=contacts["utrecht"],
        by=SYSTEM,
    )


class TestVisibleContacts:
    def test_anonymous_sees_none_and_costs_no_query(self, contacts, django_assert_num_queries):
        with django_assert_num_queries(0):
            seen = visible_contacts(AnonymousUser(), contacts.values())
        assert seen.ids == frozenset()
        assert seen.of(contacts["utrecht"]) is None

    @pytest.mark.parametrize("role", ["partner", "wijkmanager", "programmabureau"])
    def test_staff_of_another_gemeente_sees_none(self, geo, contacts, role):
        """They may see contact persons, but only in Den Haag."""
        outsider = user_with_role(role, municipality=geo["den_haag"])
        seen = visible_contacts(outsider, contacts.values())
        assert seen.of(contacts["utrecht"]) is None
        assert seen.of(contacts["den_haag"]) == contacts["den_haag"]

    @pytest.mark.parametrize("role", ["partner", "wijkmanager"])
    def test_staff_in_scope_sees_them(self, geo, contacts, role):
        insider = user_with_role(role, municipality=geo["utrecht"])
        assert visible_contact(insider, contacts["utrecht"]) == contacts["utrecht"]
        assert visible_contact(insider, contacts["den_haag"]) is None

    def test_a_wijk_scope_counts_for_its_gemeente(self, geo, contacts):
        """The register's rule: the permission for a wijk opens the gemeente's register."""
        wijk_only = user_with_role(
            "partner", municipality=geo["utrecht"], districts=[geo["overvecht"]]
        )
        assert visible_contact(wijk_only, contacts["utrecht"]) == contacts["utrecht"]

    def test_a_lezer_never_sees_contact_persons(self, geo, contacts):
        """Readers hold no contact-person permission, not even in their own gemeente."""
        lezer = user_with_role("lezer", municipality=geo["utrecht"])
        assert visible_contact(lezer, contacts["utrecht"]) is None

    def test_signed_in_without_role_sees_none(self, contacts):
        assert visible_contact(UserFactory(), contacts["utrecht"]) is None

    def test_superuser_sees_all(self, contacts):
        boss = UserFactory(is_superuser=True)
        assert visible_contacts(boss, contacts.values()).ids == {c.pk for c in contacts.values()}


class TestSnapshot:
    def test_without_viewer_no_contacts(self, approach, membership):
        snapshot = coalition_on(approach, dt.date(2024, 6, 1))
        assert not snapshot.show_contacts
        assert snapshot.memberships[0].visible_contact is None

    def test_viewer_in_scope(self, approach, geo, membership):
        insider = user_with_role("partner", municipality=geo["utrecht"])
        snapshot = coalition_on(approach, dt.date(2024, 6, 1), viewer=insider)
        assert snapshot.show_contacts
        assert snapshot.memberships[0].visible_contact.name == NAME

    def test_viewer_of_another_gemeente(self, approach, geo, membership):
        outsider = user_with_role("partner", municipality=geo["den_haag"])
        snapshot = coalition_on(approach, dt.date(2024, 6, 1), viewer=outsider)
        assert not snapshot.show_contacts
        assert snapshot.memberships[0].visible_contact is None


class TestPage:
    """The coalition page as each reader gets it (the approach is published)."""

    @pytest.fixture
    def url(self, approach, membership):
        approach.is_published = True
        approach.save(update_fields=["is_published"])
        return f"/coalitie/wijkaanpak/{approach.pk}/?op=2024-06-01"

    def test_anonymous(self, client, url):
        page = client.get(url).content.decode()
        assert "Woningcorporatie" in page  # the organisation is public
        assert NAME not in page and EMAIL not in page

    def test_partner_of_den_haag(self, client, geo, url):
        client.force_login(user_with_role("partner", municipality=geo["den_haag"]))
        page = client.get(url).content.decode()
        assert "Woningcorporatie" in page
        assert NAME not in page and EMAIL not in page

    def test_partner_of_utrecht(self, client, geo, url):
        client.force_login(user_with_role("partner", municipality=geo["utrecht"]))
        page = client.get(url).content.decode()
        assert NAME in page and EMAIL in page


class TestTemplateTag:
    def render(self, user, contact) -> str:
        request = RequestFactory().get("/")
        request.user = user
        template = Template(
            "{% load contacts %}{% visible_contact contact as c %}{% if c %}{{ c.name }}{% endif %}"
        )
        return template.render(Context({"request": request, "contact": contact}))

    def test_tag(self, geo, contacts):
        insider = user_with_role("wijkmanager", municipality=geo["utrecht"])
        outsider = user_with_role("wijkmanager", municipality=geo["den_haag"])
        assert self.render(insider, contacts["utrecht"]) == NAME
        assert self.render(outsider, contacts["utrecht"]) == ""
        assert self.render(AnonymousUser(), contacts["utrecht"]) == ""
        assert self.render(insider, None) == ""

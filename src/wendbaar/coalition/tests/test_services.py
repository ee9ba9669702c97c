import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.coalition import services
from wendbaar.coalition.models import Membership
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.organisations import services as organisation_services
from wendbaar.organisations.models import Organisation

pytestmark = pytest.mark.django_db
D = dt.date


class TestOrganisations:
    def test_subtype_only_for_civil_society(self, geo):
        org = organisation_services.create_organisation(
            name="Huurdersvereniging",
            kind="residents_organisation",
            subtype="care",
            municipality=geo["utrecht"],
            by=SYSTEM,
        )
        assert org.subtype == ""
        assert org.party_group == "residents"

    def test_must_belong_to_a_municipality(self, geo):
        with pytest.raises(ValidationError):
            organisation_services.create_organisation(
                name="X", kind="entrepreneur", municipality=geo["overvecht"], by=SYSTEM
            )

    def test_update(self, orgs):
        organisation_services.update_organisation(
            organisation=orgs["corporatie"], name="Corporatie B", by=SYSTEM
        )
        assert Organisation.objects.get(pk=orgs["corporatie"].pk).name == "Corporatie B"
        assert AuditEvent.objects.filter(action="organisation_updated").exists()

    def test_contact_persons_and_user_link(self, orgs):
        user = UserFactory(first_name="Petra", last_name="Partner")
        contact = organisation_services.link_user_to_organisation(
            user=user, organisation=orgs["corporatie"], by=SYSTEM
        )
        assert contact.name == "Petra Partner"
        assert (
            organisation_services.link_user_to_organisation(
                user=user, organisation=orgs["corporatie"], by=SYSTEM
            )
            == contact
        )
        assert list(Organisation.objects.of_user(user)) == [orgs["corporatie"]]
        organisation_services.update_contact_person(
            contact=contact, job_title="Gebiedsregisseur", by=SYSTEM
        )
        event = AuditEvent.objects.get(action="contact_person_updated")
        # No personal data in the log; the system actor is named.
        assert event.detail == {"system": "system", "fields": ["job_title"]}
        organisation_services.remove_contact_person(contact=contact, by=SYSTEM)
        assert not Organisation.objects.of_user(user).exists()


class TestMemberships:
    def test_join_leave_rejoin_keeps_history(self, approach, orgs):
        m1 = services.join_coalition(
            approach=approach,
            organisation=orgs["corporatie"],
            role="core_partner",
            joined_on=D(2024, 1, 1),
            by=SYSTEM,
        )
        with pytest.raises(ValidationError):
            services.join_coalition(
                approach=approach,
                organisation=orgs["corporatie"],
                role="partner",
                joined_on=D(2024, 2, 1),
                by=SYSTEM,
            )
        services.leave_coalition(membership=m1, left_on=D(2025, 1, 1), by=SYSTEM)
        with pytest.raises(ValidationError):
            services.join_coalition(
                approach=approach,
                organisation=orgs["corporatie"],
                role="partner",
                joined_on=D(2024, 6, 1),
                by=SYSTEM,
            )
        services.join_coalition(
            approach=approach,
            organisation=orgs["corporatie"],
            role="partner",
            joined_on=D(2025, 6, 1),
            by=SYSTEM,
        )
        assert Membership.objects.filter(organisation=orgs["corporatie"]).count() == 2
        assert AuditEvent.objects.filter(action="coalition_left").count() == 1

    def test_leave_must_follow_join(self, approach, orgs):
        m = services.join_coalition(
            approach=approach,
            organisation=orgs["gemeente"],
            role="steering_group",
            joined_on=D(2024, 1, 1),
            by=SYSTEM,
        )
        with pytest.raises(ValidationError):
            services.leave_coalition(membership=m, left_on=D(2024, 1, 1), by=SYSTEM)

    def test_other_municipality_cannot_join(self, approach, orgs):
        with pytest.raises(ValidationError):
            services.join_coalition(
                approach=approach,
                organisation=orgs["den_haag"],
                role="partner",
                joined_on=D(2024, 1, 1),
                by=SYSTEM,
            )

    def test_change_role_closes_and_opens(self, approach, orgs):
        m = services.join_coalition(
            approach=approach,
            organisation=orgs["bewoners"],
            role="partner",
            joined_on=D(2024, 1, 1),
            by=SYSTEM,
        )
        new = services.change_membership_role(
            membership=m, role="core_partner", on=D(2024, 9, 1), by=SYSTEM
        )
        m.refresh_from_db()
        assert m.left_on == D(2024, 9, 1) and new.joined_on == D(2024, 9, 1)
        assert new.role == "core_partner" and new.is_current


class TestCommitments:
    def test_add_update_withdraw(self, approach, orgs):
        c = services.add_commitment(
            approach=approach,
            organisation=orgs["corporatie"],
            kind="money",
            description="Bijdrage aan buurtbeheer",
            amount=Decimal("50000"),
            start_year=2025,
            by=SYSTEM,
        )
        services.update_commitment(commitment=c, amount=Decimal("60000"), by=SYSTEM)
        c.refresh_from_db()
        assert c.amount == Decimal("60000")
        assert AuditEvent.objects.get(action="commitment_updated").detail["changes"] == {
            "amount": ["50000", "60000"]
        }
        services.withdraw_commitment(commitment=c, reason="Dubbel ingevoerd", by=SYSTEM)
        event = AuditEvent.objects.get(action="commitment_withdrawn")
        assert event.detail["reason"] == "Dubbel ingevoerd" and event.detail["amount"] == "60000.00"

    def test_money_needs_amount_and_years_in_order(self, approach, orgs):
        with pytest.raises(ValidationError):
            services.add_commitment(
                approach=approach,
                organisation=orgs["corporatie"],
                kind="money",
                description="x",
                start_year=2025,
                by=SYSTEM,
            )
        with pytest.raises(ValidationError):
            services.add_commitment(
                approach=approach,
                organisation=orgs["corporatie"],
                kind="hours",
                description="x",
                hours=Decimal("8"),
                start_year=2025,
                end_year=2024,
                by=SYSTEM,
            )

"""The initiators' contact details are a stories contributor: one export and one erasure
cover a person's stories and initiatives; the status link dies on erasure."""

from __future__ import annotations

import datetime as dt

import pytest

from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.initiatives import services
from wendbaar.initiatives.models import Initiative
from wendbaar.stories import services as story_services
from wendbaar.stories.models import Contributor

from .conftest import submit


@pytest.fixture
def admin(db):
    return UserFactory(superuser=True, username="root")


def test_one_contact_record_for_a_story_and_an_initiative(geo):
    story = story_services.submit_public_story(
        municipality=geo["utrecht"],
        area=geo["overvecht"],
        title="Mijn straat",
        text="Het is hier fijn.",
        author_kind="resident",
        consent="public",
        name="Fatima Bakker",
        email="Bewoner@Example.org",
    )
    initiative = submit(geo).initiative
    assert initiative.contact_id == story.contributor_id
    assert Contributor.objects.count() == 1


def test_export_holds_the_initiatives_and_what_the_person_wrote(owned, users, admin):
    question = services.send_message(
        initiative=owned, by=users["wijkmanager"], text="Hoeveel?", question=True
    )
    services.reply_from_initiators(initiative=owned, text="Zes bakken.", reply_to=question)
    data = story_services.export_personal_data(contributor=owned.contact, by=admin)
    (exported,) = data["initiatives"]
    assert exported["reference"] == owned.reference
    assert exported["title"] == "Bloembakken in de straat"
    assert [m["text"] for m in exported["what_you_wrote_to_us"]] == ["Zes bakken."]


def test_erasure_keeps_the_initiative_without_the_person_and_kills_the_link(geo, users, admin):
    submitted = submit(
        geo,
        what="Fatima Bakker (06-12345678) wil bloembakken plaatsen.",
        group="Fatima en buren",
    )
    initiative = submitted.initiative
    services.assign_owner(
        initiative=initiative, by=users["wijkmanager"], owner=users["wijkmanager"], role="x"
    )
    services.reply_from_initiators(initiative=initiative, text="Groet, Fatima Bakker")
    summary = story_services.erase_personal_data(contributor=initiative.contact, by=admin)
    assert summary["initiatives"] == {"initiatives_anonymised": [initiative.pk]}
    initiative.refresh_from_db()
    assert initiative.contact is None and initiative.contact_consent_at is None
    assert initiative.status_token_hash is None and initiative.status_nonce == ""
    assert "Fatima" not in initiative.what and "06-12345678" not in initiative.what
    assert "Fatima" not in initiative.group
    assert not initiative.events.filter(text__contains="Fatima").exists()
    assert not Initiative.objects.filter(
        status_token_hash=services.token_hash(submitted.status_token)
    ).exists()
    assert Contributor.objects.count() == 0


def test_purge_keeps_a_contact_an_initiative_needs_and_erases_an_expired_one(geo):
    initiative = submit(geo).initiative
    story_services.purge_expired()
    assert Contributor.objects.filter(pk=initiative.contact_id).exists()  # no stories, kept
    Contributor.objects.update(retention_until=dt.date(2020, 1, 1))
    story_services.purge_expired()
    initiative.refresh_from_db()
    assert initiative.contact is None and initiative.status_token_hash is None
    assert not Contributor.objects.exists()


def test_the_gemeentes_beheerder_erases_an_initiator_without_stories(geo, users):
    submitted = submit(geo)
    contact = submitted.initiative.contact
    story_services.erase_personal_data(contributor=contact, by=users["beheerder"])
    assert not Initiative.objects.filter(
        status_token_hash=services.token_hash(submitted.status_token)
    ).exists()


def test_a_beheerder_of_another_gemeente_may_not(geo, users):
    from django.core.exceptions import PermissionDenied

    from wendbaar.accounts.tests.factories import user_with_role

    other = user_with_role("beheerder", municipality=geo["den_haag"], username="bh_dh")
    with pytest.raises(PermissionDenied):
        story_services.erase_personal_data(contributor=submit(geo).initiative.contact, by=other)

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wendbaar.core.models import AuditEvent
from wendbaar.stories import services
from wendbaar.stories.constants import Consent, StoryStatus
from wendbaar.stories.images import process_photo
from wendbaar.stories.models import Contributor, Story

from .conftest import image_bytes
from .factories import ContributorFactory, StoryFactory

pytestmark = pytest.mark.django_db


def submit(geo, **overrides):
    fields = dict(
        municipality=geo["utrecht"],
        area=geo["overvecht_buurt"],
        title="Samen de straat schoon",
        text="We prikken elke maand zwerfafval.",
        author_kind="resident",
        themes=["environment"],
        consent=Consent.PUBLIC,
        name="Anna",
        email="anna@example.org",
        phone="",
    )
    fields.update(overrides)
    return services.submit_public_story(**fields)


def test_public_submission_waits_for_moderation_and_mails(geo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story = submit(geo)
    assert story.status == StoryStatus.SUBMITTED
    assert story.contributor.email == "anna@example.org"
    assert story.text == "<p>We prikken elke maand zwerfafval.</p>"
    assert story.retention_until == services.default_story_retention(story.collected_on)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    assert f"V-{story.pk:06d}" in mail.outbox[0].subject
    # Nothing the sender typed goes to the (unverified) address: only fixed text.
    message = mail.outbox[0]
    for typed in ("Samen de straat schoon", "zwerfafval", "Anna"):
        assert typed not in message.subject and typed not in message.body


def test_confirmation_mail_carries_no_attacker_text(geo, django_capture_on_commit_callbacks):
    spam = "Win een prijs op https://phish.example"
    with django_capture_on_commit_callbacks(execute=True):
        story = submit(geo, title=spam, text=spam, quote=spam, name=spam, email="v@example.org")
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "phish" not in body and "Win een prijs" not in body
    assert f"V-{story.pk:06d}" in body


def test_one_person_one_contributor_record(geo):
    first = submit(geo, email="Anna@Example.org", phone="")
    second = submit(geo, email="  anna@example.ORG ", name="Anna de Vries", phone="0301234567")
    assert first.contributor_id == second.contributor_id
    person = Contributor.objects.get()
    assert person.email == "anna@example.org"
    assert (person.name, person.phone) == ("Anna de Vries", "0301234567")  # newest details
    assert set(person.stories.all()) == {first, second}
    # Another gemeente keeps its own record: its staff must not reach Utrecht's stories.
    elsewhere = submit(
        geo, municipality=geo["den_haag"], area=geo["escamp_buurt"], email="anna@example.org"
    )
    assert elsewhere.contributor_id != first.contributor_id
    assert elsewhere.contributor.municipality_code == "GM0518"
    # Without an e-mail address nothing can be matched: a record of its own.
    assert submit(geo, email="", name="Anna").contributor_id != first.contributor_id


def test_moderator_flags_passages_for_erasure(geo, users):
    story = submit(geo, text="Ik ben Anna van nummer 12.")
    services.moderate_story(
        story=story, by=users["wijkmanager"], publish=True, redact_passages=["van nummer 12"]
    )
    story.refresh_from_db()
    assert story.redact_passages == ["van nummer 12"]
    assert story.redact_whole_text is False


def test_anonymous_consent_keeps_no_contact_details(geo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story = submit(geo, consent=Consent.ANONYMOUS)
    assert story.contributor is None
    assert Contributor.objects.count() == 0
    assert len(mail.outbox) == 1  # the confirmation is still sent, once


def test_area_of_another_gemeente_is_refused(geo):
    with pytest.raises(ValidationError):
        submit(geo, area=geo["escamp_buurt"])


def test_the_gemeente_itself_is_a_story_area_but_another_gemeente_is_not(geo):
    # A resident who chooses no buurt files the story for the whole gemeente (#11).
    assert list(submit(geo, area=geo["utrecht"]).areas.all()) == [geo["utrecht"]]
    with pytest.raises(ValidationError):
        submit(geo, area=geo["den_haag"])


def test_staff_story_published_when_may_moderate(geo, users):
    story = services.create_story(
        by=users["wijkmanager"],
        municipality=geo["utrecht"],
        areas=[geo["overvecht_buurt"]],
        title="Schouw",
        text="<p>Veel <strong>groen</strong></p>",
        author_kind="professional",
        collected_on=dt.date(2024, 3, 1),
        collection_method="district_walk",
        consent=Consent.INTERNAL,
    )
    assert story.status == StoryStatus.PUBLISHED
    assert story.moderated_by == users["wijkmanager"]


def test_partner_story_waits_for_moderation(geo, users):
    story = services.create_story(
        by=users["partner"],
        municipality=geo["utrecht"],
        areas=[geo["overvecht_buurt"]],
        title="Van de welzijnswerker",
        text="tekst",
        author_kind="partner",
        collected_on=dt.date(2024, 3, 1),
        collection_method="conversation",
        consent=Consent.INTERNAL,
    )
    assert story.status == StoryStatus.SUBMITTED


def test_staff_out_of_scope_is_refused(geo, users):
    with pytest.raises(ValidationError):
        services.create_story(
            by=users["wijkmanager"],
            municipality=geo["utrecht"],
            areas=[geo["binnenstad_buurt"]],
            title="x",
            text="x",
            author_kind="professional",
            collected_on=dt.date(2024, 3, 1),
            collection_method="other",
            consent=Consent.INTERNAL,
        )


def test_unknown_indicator_code_is_refused(geo, users):
    from wendbaar.monitor.models import Indicator

    Indicator.objects.create(code="a_inw", name_nl="Inwoners", name_en="Residents", unit="n")
    kwargs = dict(
        by=users["beheerder"],
        municipality=geo["utrecht"],
        areas=[geo["overvecht"]],
        title="x",
        text="x",
        author_kind="professional",
        collected_on=dt.date(2024, 3, 1),
        collection_method="other",
        consent=Consent.INTERNAL,
    )
    with pytest.raises(ValidationError):
        services.create_story(indicator_codes=["no_such_indicator"], **kwargs)
    story = services.create_story(indicator_codes=["a_inw"], **kwargs)
    assert story.indicator_codes == ["a_inw"]


def test_moderation_publish_and_reject(geo, users):
    story = StoryFactory(areas=[geo["overvecht_buurt"]], submitted=True)
    services.moderate_story(story=story, by=users["wijkmanager"], publish=True)
    assert story.status == StoryStatus.PUBLISHED
    other = StoryFactory(areas=[geo["overvecht_buurt"]], submitted=True)
    services.moderate_story(story=other, by=users["wijkmanager"], publish=False, note="spam")
    assert other.status == StoryStatus.REJECTED
    assert other.retention_until <= dt.date.today() + dt.timedelta(days=90)
    with pytest.raises(PermissionDenied):
        services.moderate_story(story=story, by=users["wijkmanager_elsewhere"], publish=True)


def test_export_and_erase_round_trip(geo, users):
    person = ContributorFactory(name="Bert", email="bert@example.org")
    photo = process_photo(SimpleUploadedFile("p.jpg", image_bytes("JPEG")))
    kept = StoryFactory(
        areas=[geo["overvecht_buurt"]], contributor=person, keep_after_withdrawal=True
    )
    kept.photo.save("p.jpg", photo)
    photo_path = kept.photo.path
    gone = StoryFactory(areas=[geo["overvecht_buurt"]], contributor=person)

    data = services.export_personal_data(contributor=person, by=users["beheerder"])
    assert data["contributor"]["email"] == "bert@example.org"
    assert {s["id"] for s in data["stories"]} == {kept.pk, gone.pk}
    assert AuditEvent.objects.filter(action="personal_data_exported").count() == 1

    summary = services.erase_personal_data(contributor=person, by=users["beheerder"])
    assert summary == {
        "stories_kept_anonymised": [kept.pk],
        "stories_deleted": [gone.pk],
        "stories_withdrawn": [],
    }
    assert not Contributor.objects.filter(pk=person.pk).exists()
    assert not Story.objects.filter(pk=gone.pk).exists()
    kept.refresh_from_db()
    assert kept.contributor is None and kept.anonymised_at is not None
    assert not kept.photo
    import os

    assert not os.path.exists(photo_path)
    event = AuditEvent.objects.get(action="personal_data_erased")
    assert "bert" not in str(event.detail).lower()


def test_retention_purge(geo):
    old = StoryFactory(areas=[geo["overvecht_buurt"]], expired=True)
    fresh = StoryFactory(areas=[geo["overvecht_buurt"]], contributor=ContributorFactory())
    lapsed = ContributorFactory(retention_until=dt.date.today() - dt.timedelta(days=1))
    anonymised = StoryFactory(areas=[geo["overvecht_buurt"]], contributor=lapsed)
    lonely = ContributorFactory()  # no stories any more

    summary = services.purge_expired()
    assert summary == {"stories": 1, "contributors": 1, "contributors_without_stories": 1}
    assert not Story.objects.filter(pk=old.pk).exists()
    anonymised.refresh_from_db()
    assert anonymised.contributor is None
    assert Contributor.objects.filter(pk=fresh.contributor_id).exists()
    assert not Contributor.objects.filter(pk=lonely.pk).exists()
    # idempotent
    assert services.purge_expired() == {
        "stories": 0,
        "contributors": 0,
        "contributors_without_stories": 0,
    }


def test_purge_task_runs_the_service(geo):
    from wendbaar.stories.tasks import purge_expired_stories

    StoryFactory(areas=[geo["overvecht_buurt"]], expired=True)
    result = purge_expired_stories.enqueue()
    assert result.return_value["stories"] == 1
    assert Story.objects.count() == 0

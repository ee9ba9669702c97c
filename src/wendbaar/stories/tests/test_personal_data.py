"""Complete export and erasure (AVG): every field that can hold personal data, found by
introspection, carries a marker; the export holds every marker, and after erasure no
table holds any of them and no photo file is left."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext

from wendbaar.core.models import AuditEvent
from wendbaar.stories import services
from wendbaar.stories.archive import personal_data_archive
from wendbaar.stories.constants import Consent, EraseReason, StoryStatus
from wendbaar.stories.images import process_photo
from wendbaar.stories.models import Contributor

from .conftest import image_bytes

pytestmark = pytest.mark.django_db

# Every concrete field of every stories model is either personal (it may hold what a
# person wrote or who they are: the test puts a marker in it) or listed here with why
# not. A new field fails `test_every_field_is_classified` until it is handled here
# and in the export and erasure.
PERSONAL = {
    "contributor": {"name", "email", "phone"},
    "story": {
        "title",
        "text",
        "quote",
        "photo",
        "photo_alt",
        "moderation_note",
        "redact_passages",
        "withdrawal_reason",  # staff's words about the story may name the writer
    },
    "signal": set(),
}
NOT_PERSONAL = {
    # Keys, dates, codes and choices: exported as they are, gone with the record.
    "contributor": {"id", "created_at", "retention_until", "municipality_code"},
    "story": {
        "id",
        "author_kind",
        "municipality_code",
        "areas",
        "themes",
        "indicator_codes",
        "collected_on",
        "collection_method",
        "consent",
        "keep_after_withdrawal",
        "redact_whole_text",
        "retention_until",
        "status",
        "source",
        "contributor",
        "anonymised_at",
        "created_by",  # staff users, not the contributor
        "created_at",
        "moderated_by",
        "moderated_at",
        "withdrawn_at",
        "withdrawn_by",  # staff users, not the contributor
    },
    # A professional's one-sentence note about an area; by rule it names nobody, and
    # it is not linked to a contributor.
    "signal": {
        "id",
        "area",
        "municipality_code",
        "theme",
        "direction",
        "sentence",
        "observed_on",
        "created_by",
        "created_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    },
}

NAME = "Zorbawicz Qwertyan"
EMAIL = "zq.marker@example.org"
PHONE = "06-98765432"
MARKED = "mijn buurvrouw Gerda Markerbloem"  # marked by the writer on the form
FLAGGED = "bij de Flaminkvijver"  # flagged by the moderator
MARKERS = {
    ("contributor", "name"): "Zorbawicz",
    ("contributor", "email"): EMAIL,
    ("contributor", "phone"): "98765432",
    ("story", "title"): "Qwertyan",
    ("story", "text"): "Kwakelstraat 17b",
    ("story", "quote"): "06 12 12 12 99",
    ("story", "photo"): None,  # the file: checked by its bytes and on disk
    ("story", "photo_alt"): "Fotomarkeerder",
    ("story", "moderation_note"): "Notitiemarkering",
    ("story", "redact_passages"): "Markerbloem",
    ("story", "withdrawal_reason"): "Intrekmarkering",
    ("deleted story", "title"): "Titelweg-marker",
    ("deleted story", "text"): "Tekstmarkering",
}


def test_every_field_is_classified():
    for model in apps.get_app_config("stories").get_models():
        name = model._meta.model_name
        fields = {f.name for f in model._meta.get_fields() if f.concrete}
        assert PERSONAL[name].isdisjoint(NOT_PERSONAL[name])
        unclassified = fields - PERSONAL[name] - NOT_PERSONAL[name]
        assert not unclassified, f"{name}: classify {sorted(unclassified)} in this test"
        for field in PERSONAL[name]:
            assert (name, field) in MARKERS, f"{name}.{field} has no marker"


def make_person(geo, users, django_capture_on_commit_callbacks):
    photo = SimpleUploadedFile("p.png", image_bytes("PNG"), "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        kept = services.submit_public_story(
            municipality=geo["utrecht"],
            area=geo["overvecht_buurt"],
            title="Qwertyan vertelt",
            text=(
                f"Ik ben {NAME}, ik woon op de Kwakelstraat 17b (3563 ZQ), samen met "
                f"{MARKED}. Mail {EMAIL.upper()} of bel {PHONE}. "
                f"Het speelveld {FLAGGED} is opgeknapt."
            ),
            quote="Bel me: 06 12 12 12 99",
            author_kind="resident",
            consent=Consent.PUBLIC,
            keep_after_withdrawal=True,
            photo=process_photo(photo),
            photo_alt="Fotomarkeerder bij het speelveld",
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            redact_passages=[MARKED],
        )
        deleted = services.submit_public_story(
            municipality=geo["utrecht"],
            area=geo["overvecht_buurt"],
            title="Titelweg-marker",
            text="Tekstmarkering in een tweede verhaal.",
            author_kind="resident",
            consent=Consent.INTERNAL,
            email=EMAIL.title(),  # the same person: one record
        )
    services.moderate_story(
        story=kept,
        by=users["wijkmanager"],
        publish=True,
        note="Notitiemarkering: schrijver belde na",
        redact_passages=[FLAGGED],
    )
    # Staff's reason for withdrawing a story may name its writer.
    services.moderate_story(story=deleted, by=users["wijkmanager"], publish=True)
    services.withdraw_story(
        story=deleted, by=users["wijkmanager"], reason="Intrekmarkering: schrijver vroeg erom"
    )
    kept.refresh_from_db()
    return kept, deleted


def all_rows_text() -> str:
    """Every row of every table, as text (a database dump through the ORM)."""
    parts = []
    for model in apps.get_models():
        parts.extend(str(row) for row in model.objects.values())
    return "\n".join(parts).lower()


def media_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_export_holds_everything_and_erase_leaves_nothing(
    geo, users, settings, django_capture_on_commit_callbacks
):
    kept, deleted = make_person(geo, users, django_capture_on_commit_callbacks)
    person = Contributor.objects.get()
    assert list(person.stories.order_by("pk")) == [kept, deleted]
    photo_bytes = kept.photo.read()
    kept.photo.seek(0)
    assert len(media_files(settings)) == 1
    text = all_rows_text()
    for marker in MARKERS.values():
        assert marker is None or marker.lower() in text  # the markers really are stored

    from wendbaar.stories.selectors import search_contributors

    assert search_contributors(users["beheerder"], email=EMAIL) == [person]
    data = services.export_personal_data(contributor=person, by=users["beheerder"])
    archive = zipfile.ZipFile(io.BytesIO(personal_data_archive(data, [kept, deleted])))
    exported = archive.read("personal-data.json").decode()
    for (model, field), marker in MARKERS.items():
        if marker is not None:
            assert marker.lower() in exported.lower(), f"{model}.{field} not exported"
    parsed = json.loads(exported)
    first = parsed["stories"][0]
    assert archive.read(first["photo"]) == photo_bytes
    assert first["consent"] == "public" and first["keep_after_withdrawal"] is True
    assert first["moderated_at"] and first["created_at"] and first["collected_on"]
    actions = {entry["action"] for entry in parsed["audit_log"]}
    assert {
        "story_submitted",
        "story_published",
        "personal_data_searched",
        "personal_data_exported",
    } <= actions

    summary = services.erase_personal_data(
        contributor=person, by=users["beheerder"], reason=EraseReason.REQUEST_BY_PERSON
    )
    assert summary == {
        "stories_kept_anonymised": [kept.pk],
        "stories_deleted": [deleted.pk],
        "stories_withdrawn": [],
    }
    text = all_rows_text()
    leftovers = [m for m in MARKERS.values() if m is not None and m.lower() in text]
    leftovers += [m for m in (NAME, EMAIL, PHONE, MARKED, FLAGGED, "3563 ZQ") if m.lower() in text]
    assert not leftovers, leftovers
    assert media_files(settings) == []

    # The story stays public, anonymised: the marker stands where the person was.
    kept.refresh_from_db()
    assert kept.is_public and kept.anonymised_at is not None
    removed = gettext("[removed]")
    assert kept.text.count(removed) >= 6
    assert "opgeknapt" in kept.text  # the rest of the story stays
    assert not kept.photo and kept.photo_alt == "" and kept.moderation_note == ""
    assert len(mail.outbox) == 2  # the confirmations went out before


def test_erase_reason_is_a_code_and_no_free_text_reaches_the_audit_log(geo, users):
    person = Contributor.objects.create(
        name=NAME, email=EMAIL, phone=PHONE, retention_until="2030-01-01"
    )
    _story_of(person, geo, "<p>Een verhaal.</p>")
    with pytest.raises(ValidationError):
        services.erase_personal_data(
            contributor=person, by=users["beheerder"], reason=f"{NAME} asked, {PHONE}"
        )
    assert Contributor.objects.filter(pk=person.pk).exists()
    services.erase_personal_data(contributor=person, by=users["beheerder"], reason="other")
    event = AuditEvent.objects.get(action="personal_data_erased")
    assert event.detail["reason"] == "other"
    audit = str(list(AuditEvent.objects.values())).lower()
    for marker in ("zorbawicz", "qwertyan", EMAIL, "98765432"):
        assert marker not in audit


def _story_of(person, geo, text, **fields):
    from .factories import StoryFactory

    return StoryFactory(
        areas=[geo["overvecht_buurt"]],
        contributor=person,
        keep_after_withdrawal=True,
        text=text,
        **fields,
    )


def test_a_whole_text_flagged_story_is_no_longer_public_after_erasure(geo, users):
    person = Contributor.objects.create(
        name="Els", email="els@example.org", retention_until="2030-01-01"
    )
    story = _story_of(person, geo, "<p>Alles hier zegt wie ik ben.</p>", redact_whole_text=True)
    assert story.is_public
    summary = services.erase_personal_data(contributor=person, by=users["beheerder"])
    assert summary["stories_withdrawn"] == [story.pk]
    story.refresh_from_db()
    assert story.text == f"<p>{gettext('[removed]')}</p>"
    assert not story.is_public and story.status == StoryStatus.REJECTED


def test_a_flagged_passage_that_cannot_be_found_withdraws_the_story(geo, users):
    person = Contributor.objects.create(
        name="Els", email="els@example.org", retention_until="2030-01-01"
    )
    story = _story_of(
        person,
        geo,
        "<p>Mijn <strong>huis</strong> aan het plein.</p>",
        redact_passages=["Mijn huis aan het plein"],  # spans markup: not found as such
    )
    services.erase_personal_data(contributor=person, by=users["beheerder"])
    story.refresh_from_db()
    assert "plein" not in story.text and not story.is_public


def test_expired_contact_details_leave_the_story_texts_too(geo):
    import datetime as dt

    person = Contributor.objects.create(
        name="Pietje Puk", email="puk@example.org", retention_until=dt.date(2020, 1, 1)
    )
    story = _story_of(person, geo, "<p>Groeten van Pietje Puk, puk@example.org.</p>")
    services.purge_expired()
    story.refresh_from_db()
    assert story.contributor is None
    assert "Puk" not in story.text and "puk@" not in story.text

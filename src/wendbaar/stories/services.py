"""Write use cases of stories and signals. Views, the API, tasks and tests call these.

Each service checks the policy for ``by`` (``permissions.py``). A refusal that depends
on what was typed (an area outside the user's scope) is a ``ValidationError`` the form
shows; a refusal of the object itself is ``PermissionDenied`` (403). Public submissions
and the retention purge act without a user.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import may, require
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import acting_user
from wendbaar.core.constants import Theme
from wendbaar.core.services import record_audit_event
from wendbaar.monitor.selectors import catalogue_ready, indicator_codes

from .constants import (
    CONTACT_RETENTION_YEARS,
    REJECTED_RETENTION_DAYS,
    STORY_RETENTION_YEARS,
    CollectionMethod,
    Consent,
    SignalDirection,
    StorySource,
    StoryStatus,
)
from .models import Contributor, Signal, Story
from .permissions import ADD_SIGNAL, ADD_STORY, MODERATE_STORY, ContributorPolicy, StoryPolicy
from .sanitising import sanitise_story_html

log = logging.getLogger(__name__)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_story_retention(collected_on: dt.date) -> dt.date:
    return _add_years(collected_on, STORY_RETENTION_YEARS)


def default_contact_retention(today: dt.date | None = None) -> dt.date:
    return _add_years(today or timezone.localdate(), CONTACT_RETENTION_YEARS)


# --- validation shared by every entry route ------------------------------------------


def validate_story_areas(areas: Sequence[Area], municipality: Area) -> None:
    if not areas:
        raise ValidationError(_("Choose at least one area."), code="no_area")
    for area in areas:
        if area.level not in (AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD):
            raise ValidationError(
                _("%(area)s is not a district or neighbourhood."),
                code="wrong_level",
                params={"area": area},
            )
        if area.municipality_code != municipality.code:
            raise ValidationError(
                _("%(area)s does not lie in %(municipality)s."),
                code="foreign_area",
                params={"area": area, "municipality": municipality.name},
            )


def validate_themes(themes: Iterable[str]) -> list[str]:
    themes = list(dict.fromkeys(themes))
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        raise ValidationError(
            _("Unknown theme: %(themes)s."), code="unknown_theme", params={"themes": unknown}
        )
    return themes


def known_indicator_codes() -> set[str] | None:
    """The monitor's indicator codes, or None when its tables do not exist yet."""
    if not catalogue_ready():
        return None
    return indicator_codes()


def validate_indicator_codes(codes: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    known = known_indicator_codes()
    if known is not None:
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValidationError(
                _("Unknown indicator: %(codes)s."),
                code="unknown_indicator",
                params={"codes": ", ".join(unknown)},
            )
    return codes


# --- stories -------------------------------------------------------------------------


def _store_story(
    *,
    municipality: Area,
    areas: Sequence[Area],
    title: str,
    text: str,
    quote: str,
    author_kind: str,
    themes: Iterable[str],
    indicator_codes: Iterable[str],
    collected_on: dt.date,
    collection_method: str,
    consent: str,
    keep_after_withdrawal: bool,
    photo: Any,
    photo_alt: str,
    status: str,
    source: str,
    contributor: Contributor | None,
    created_by: Any,
    retention_until: dt.date | None,
) -> Story:
    validate_story_areas(areas, municipality)
    if photo and not photo_alt.strip():
        raise ValidationError(_("Describe the photo for people who cannot see it."))
    story = Story(
        title=title.strip(),
        text=sanitise_story_html(text),
        quote=quote.strip(),
        author_kind=author_kind,
        municipality_code=municipality.code,
        themes=validate_themes(themes),
        indicator_codes=validate_indicator_codes(indicator_codes),
        collected_on=collected_on,
        collection_method=collection_method,
        consent=consent,
        keep_after_withdrawal=keep_after_withdrawal,
        photo_alt=photo_alt.strip() if photo else "",
        retention_until=retention_until or default_story_retention(collected_on),
        status=status,
        source=source,
        contributor=contributor,
        created_by=acting_user(created_by),
    )
    if not story.text:
        raise ValidationError(_("The story is empty."), code="empty")
    story.full_clean(exclude=["photo", "areas"])
    if photo:
        story.photo.save(photo.name, photo, save=False)
    story.save()
    story.areas.set(areas)
    return story


def _contributor(*, consent: str, name: str, email: str, phone: str) -> Contributor | None:
    """Contact details, only when given and not anonymous; nothing is kept otherwise."""
    if consent == Consent.ANONYMOUS or not (name.strip() or email.strip() or phone.strip()):
        return None
    return Contributor.objects.create(
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        retention_until=default_contact_retention(),
    )


@transaction.atomic
def submit_public_story(
    *,
    municipality: Area,
    area: Area,
    title: str,
    text: str,
    quote: str = "",
    author_kind: str,
    themes: Iterable[str] = (),
    consent: str,
    keep_after_withdrawal: bool = False,
    photo: Any = None,
    photo_alt: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    language: str | None = None,
) -> Story:
    """A resident's story from the public form: waits for moderation (status submitted).

    With anonymous consent no contact details are stored; the e-mail address is then used
    once for the confirmation and forgotten.
    """
    story = _store_story(
        municipality=municipality,
        areas=[area],
        title=title,
        text=text,
        quote=quote,
        author_kind=author_kind,
        themes=themes,
        indicator_codes=(),
        collected_on=timezone.localdate(),
        collection_method=CollectionMethod.ONLINE_FORM,
        consent=consent,
        keep_after_withdrawal=keep_after_withdrawal,
        photo=photo,
        photo_alt=photo_alt,
        status=StoryStatus.SUBMITTED,
        source=StorySource.PUBLIC_FORM,
        contributor=_contributor(consent=consent, name=name, email=email, phone=phone),
        created_by=None,
        retention_until=None,
    )
    record_audit_event(actor=None, action="story_submitted", obj=story, source="public_form")
    if email.strip():
        address = email.strip()
        lang = language or translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(
            lambda: send_submission_confirmation(story_id=story.pk, email=address, language=lang)
        )
    return story


def send_submission_confirmation(*, story_id: int, email: str, language: str) -> None:
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return
    with translation.override(language):
        context = {"story": story, "reference": f"V-{story.pk:06d}"}
        subject = _("We received your story (%(reference)s)") % context
        body = render_to_string("stories/email/submission_confirmation.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    except Exception:  # the story is stored; a failing mail server must not lose it
        log.exception("story_confirmation_failed story_id=%s", story_id)


@transaction.atomic
def create_story(
    *,
    by: Any,
    municipality: Area,
    areas: Sequence[Area],
    title: str,
    text: str,
    quote: str = "",
    author_kind: str,
    themes: Iterable[str] = (),
    indicator_codes: Iterable[str] = (),
    collected_on: dt.date,
    collection_method: str,
    consent: str,
    keep_after_withdrawal: bool = False,
    photo: Any = None,
    photo_alt: str = "",
    retention_until: dt.date | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
) -> Story:
    """A story entered by staff. Published at once when ``by`` may moderate in all its
    areas; otherwise it waits in the moderation queue like a public submission."""
    if not all(may(by, ADD_STORY, area) for area in areas):
        raise ValidationError(_("You may not add stories in this area."), code="out_of_scope")
    may_publish = all(may(by, MODERATE_STORY, area) for area in areas)
    story = _store_story(
        municipality=municipality,
        areas=areas,
        title=title,
        text=text,
        quote=quote,
        author_kind=author_kind,
        themes=themes,
        indicator_codes=indicator_codes,
        collected_on=collected_on,
        collection_method=collection_method,
        consent=consent,
        keep_after_withdrawal=keep_after_withdrawal,
        photo=photo,
        photo_alt=photo_alt,
        status=StoryStatus.PUBLISHED if may_publish else StoryStatus.SUBMITTED,
        source=StorySource.STAFF,
        contributor=_contributor(consent=consent, name=name, email=email, phone=phone),
        created_by=acting_user(by),
        retention_until=retention_until,
    )
    if may_publish:
        story.moderated_by, story.moderated_at = acting_user(by), timezone.now()
        story.save(update_fields=["moderated_by", "moderated_at"])
    record_audit_event(actor=by, action="story_created", obj=story, status=story.status)
    return story


@transaction.atomic
def moderate_story(*, story: Story, by: Any, publish: bool, note: str = "") -> Story:
    """Publish or reject a story. A rejected story is kept briefly, then purged."""
    require(StoryPolicy().may(by, "moderate", story))
    story.status = StoryStatus.PUBLISHED if publish else StoryStatus.REJECTED
    story.moderated_by, story.moderated_at = acting_user(by), timezone.now()
    story.moderation_note = note.strip()[:500]
    if not publish:
        story.retention_until = min(
            story.retention_until, timezone.localdate() + dt.timedelta(days=REJECTED_RETENTION_DAYS)
        )
    story.save()
    record_audit_event(
        actor=by, action="story_published" if publish else "story_rejected", obj=story
    )
    return story


def _delete_story(story: Story) -> None:
    if story.photo:
        story.photo.delete(save=False)
    story.delete()


# --- personal data (AVG) -------------------------------------------------------------


def export_personal_data(*, contributor: Contributor, by: Any) -> dict[str, Any]:
    """Everything stored about one person, as JSON-ready data (right of access)."""
    require(ContributorPolicy().may(by, "view", contributor))
    record_audit_event(actor=by, action="personal_data_exported", obj=contributor)
    return {
        "contributor": {
            "id": contributor.pk,
            "name": contributor.name,
            "email": contributor.email,
            "phone": contributor.phone,
            "created_at": contributor.created_at.isoformat(),
            "retention_until": contributor.retention_until.isoformat(),
        },
        "stories": [
            {
                "id": story.pk,
                "title": story.title,
                "text": story.text,
                "quote": story.quote,
                "author_kind": story.author_kind,
                "areas": [area.code for area in story.areas.all()],
                "themes": story.themes,
                "collected_on": story.collected_on.isoformat(),
                "collection_method": story.collection_method,
                "consent": story.consent,
                "keep_after_withdrawal": story.keep_after_withdrawal,
                "has_photo": bool(story.photo),
                "status": story.status,
                "retention_until": story.retention_until.isoformat(),
                "created_at": story.created_at.isoformat(),
            }
            for story in contributor.stories.order_by("pk").prefetch_related("areas")
        ],
    }


@transaction.atomic
def erase_personal_data(*, contributor: Contributor, by: Any, reason: str = "") -> dict:
    """Erase one person's contact details. Each story stays, anonymised, when its consent
    allows that (``keep_after_withdrawal``); otherwise it goes, photo included."""
    require(ContributorPolicy().may(by, "erase", contributor))
    kept, deleted = [], []
    for story in contributor.stories.select_for_update():
        if story.keep_after_withdrawal:
            if story.photo:  # a photo may show the person: it goes
                story.photo.delete(save=False)
                story.photo_alt = ""
            story.contributor = None
            story.anonymised_at = timezone.now()
            story.save()
            kept.append(story.pk)
        else:
            deleted.append(story.pk)
            _delete_story(story)
    summary = {"stories_kept_anonymised": kept, "stories_deleted": deleted}
    record_audit_event(
        actor=by, action="personal_data_erased", obj=contributor, reason=reason[:200], **summary
    )
    contributor.delete()
    return summary


@transaction.atomic
def purge_expired(*, today: dt.date | None = None) -> dict[str, int]:
    """Delete what has passed its retention date: stories (with photos), contact details,
    and contributors left without stories. Idempotent; run daily (``tasks.py``)."""
    today = today or timezone.localdate()
    stories = list(Story.objects.expired(today))
    for story in stories:
        _delete_story(story)
    expired_contacts = Contributor.objects.filter(retention_until__lt=today)
    contacts = expired_contacts.count()
    expired_contacts.delete()  # stories keep going without a contributor (SET_NULL)
    orphans = Contributor.objects.filter(stories__isnull=True)
    orphan_count = orphans.count()
    orphans.delete()
    summary = {
        "stories": len(stories),
        "contributors": contacts,
        "contributors_without_stories": orphan_count,
    }
    if any(summary.values()):
        record_audit_event(actor=None, action="stories_retention_purged", **summary)
    return summary


# --- signals -------------------------------------------------------------------------


@transaction.atomic
def create_signal(
    *,
    by: Any,
    area: Area,
    theme: str,
    direction: str,
    sentence: str,
    observed_on: dt.date,
) -> Signal:
    if area.level not in (AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD):
        raise ValidationError(_("Choose a district or neighbourhood."), code="wrong_level")
    if not may(by, ADD_SIGNAL, area):
        raise ValidationError(_("You may not add signals in this area."), code="out_of_scope")
    if direction not in SignalDirection.values:
        raise ValidationError(_("Unknown direction."), code="unknown_direction")
    signal = Signal(
        area=area,
        municipality_code=area.municipality_code,
        theme=validate_themes([theme])[0],
        direction=direction,
        sentence=sentence.strip(),
        observed_on=observed_on,
        created_by=acting_user(by),
    )
    signal.full_clean()
    signal.save()
    record_audit_event(actor=by, action="signal_created", obj=signal)
    return signal

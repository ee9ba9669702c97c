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
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import may, require
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import acting_user
from wendbaar.core.constants import Theme
from wendbaar.core.services import apply_changes, record_audit_event
from wendbaar.core.withdrawal import mark_withdrawn
from wendbaar.monitor.selectors import catalogue_ready, indicator_codes

from . import contact_uses
from .archive import photo_name
from .constants import (
    CONTACT_RETENTION_YEARS,
    MAX_QUOTE_LENGTH,
    MAX_TITLE_LENGTH,
    REJECTED_RETENTION_DAYS,
    STORY_RETENTION_YEARS,
    CollectionMethod,
    Consent,
    EraseReason,
    SignalDirection,
    StorySource,
    StoryStatus,
)
from .models import Contributor, Signal, Story, normalise_email
from .permissions import (
    ADD_SIGNAL,
    ADD_STORY,
    MODERATE_STORY,
    ContributorPolicy,
    SignalPolicy,
    StoryPolicy,
)
from .redaction import Person, redact_text, remove_passages
from .sanitising import plain_text, sanitise_story_html
from .signals import story_removed

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
        if area.pk == municipality.pk:
            continue  # the whole gemeente: a resident who chose no buurt or wijk
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
    redact_passages: Sequence[str] = (),
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
        redact_passages=_passages(redact_passages),
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


def _passages(passages: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(" ".join(p.split()) for p in passages if p and p.strip()))


def contributor_for(
    *, name: str, email: str, phone: str, municipality: Area, retry: bool = True
) -> Contributor | None:
    """The contact record for these details, or None when none were given.

    One person, one record per gemeente: details with an e-mail address that is already
    known join that record (the newest name and telephone number win), so one export or
    erasure covers everything of the person: their stories, and what other apps keep with
    the same record (``contact_uses``). Every use keeps the record at least two more years.
    """
    name, email, phone = name.strip(), normalise_email(email), phone.strip()
    if not (name or email or phone):
        return None
    retention = default_contact_retention()
    if email:
        known = (
            Contributor.objects.select_for_update()
            .filter(municipality_code=municipality.code, email=email)
            .first()
        )
        if known is not None:
            known.name = name or known.name
            known.phone = phone or known.phone
            known.retention_until = max(known.retention_until, retention)
            known.save(update_fields=["name", "phone", "retention_until"])
            return known
    try:
        with transaction.atomic():  # the same address sent twice at the same moment
            return Contributor.objects.create(
                name=name,
                email=email,
                phone=phone,
                retention_until=retention,
                municipality_code=municipality.code,
            )
    except IntegrityError:
        if not retry:
            raise
        return contributor_for(
            name=name, email=email, phone=phone, municipality=municipality, retry=False
        )


def _contributor(
    *, consent: str, name: str, email: str, phone: str, municipality: Area
) -> Contributor | None:
    """A story's contact details: none at all with anonymous consent."""
    if consent == Consent.ANONYMOUS:
        return None
    return contributor_for(name=name, email=email, phone=phone, municipality=municipality)


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
    redact_passages: Sequence[str] = (),
    language: str | None = None,
) -> Story:
    """A resident's story from the public form: waits for moderation (status submitted).

    With anonymous consent no contact details are stored; the e-mail address is then used
    once for the confirmation and forgotten. ``redact_passages``: parts of the text the
    writer marked to be removed when their details are erased.
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
        contributor=_contributor(
            consent=consent, name=name, email=email, phone=phone, municipality=municipality
        ),
        created_by=None,
        retention_until=None,
        redact_passages=redact_passages,
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
    """Fixed text and the reference only: the address is unverified, so the mail must
    carry nothing the sender wrote (no title, no name, no story)."""
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return
    with translation.override(language):
        context = {"reference": f"V-{story.pk:06d}"}
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
        contributor=_contributor(
            consent=consent, name=name, email=email, phone=phone, municipality=municipality
        ),
        created_by=acting_user(by),
        retention_until=retention_until,
    )
    if may_publish:
        story.moderated_by, story.moderated_at = acting_user(by), timezone.now()
        story.save(update_fields=["moderated_by", "moderated_at"])
    record_audit_event(actor=by, action="story_created", obj=story, status=story.status)
    return story


@transaction.atomic
def moderate_story(
    *,
    story: Story,
    by: Any,
    publish: bool,
    note: str = "",
    redact_passages: Sequence[str] | None = None,
    redact_whole_text: bool | None = None,
) -> Story:
    """Publish or reject a story. A rejected story is kept briefly, then purged.

    The moderator may also flag passages of the text (or the whole text) that identify
    the writer: they are removed when the writer's details are erased."""
    require(StoryPolicy().may(by, "moderate", story))
    # Re-read under a lock: of two moderators at once, the second sees the first's
    # decision and flagged passages (none is lost).
    story.refresh_from_db(from_queryset=Story.objects.select_for_update())
    if redact_passages is not None:
        story.redact_passages = _passages([*story.redact_passages, *redact_passages])
    if redact_whole_text is not None:
        story.redact_whole_text = redact_whole_text
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


STORY_EDIT_FIELDS = ("title", "text", "themes", "indicator_codes", "areas")


def story_is_editable(story: Story) -> bool:
    """Staff edit what staff entered, and published stories; a resident's story waiting
    for moderation is published or rejected as it was sent, and a withdrawn story stays
    as it was withdrawn."""
    if story.status == StoryStatus.WITHDRAWN:
        return False
    return story.status == StoryStatus.PUBLISHED or story.source == StorySource.STAFF


@transaction.atomic
def update_story(*, story: Story, by: Any, **fields: Any) -> Story:
    """Correct a story's title, text, themes, indicators or areas (moderators in its
    scope). The text is sanitised as on entry; new areas must lie in the story's gemeente
    and in the moderator's scope. The audit event of a public story holds the old and new
    values; of any other story only which fields changed (its words may be personal)."""
    require(StoryPolicy().may(by, "moderate", story))
    unknown = set(fields) - set(STORY_EDIT_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))}")
    story.refresh_from_db(from_queryset=Story.objects.select_for_update())
    if not story_is_editable(story):
        raise ValidationError(
            _("Only a published story or one entered by staff can be edited."),
            code="not_editable",
        )
    was_public = story.is_public
    old = {
        "title": story.title,
        "text": story.text,
        "themes": list(story.themes),
        "indicator_codes": list(story.indicator_codes),
        "areas": sorted(story.areas.values_list("code", flat=True)),
    }
    new_areas = None
    if "areas" in fields:
        new_areas = list(fields["areas"])
        municipality = Area.objects.get(code=story.municipality_code, level=AreaLevel.MUNICIPALITY)
        try:
            validate_story_areas(new_areas, municipality)
        except ValidationError as error:
            raise ValidationError({"areas": error.messages}) from None
        current = set(story.areas.values_list("pk", flat=True))
        added = [area for area in new_areas if area.pk not in current]
        if not all(may(by, MODERATE_STORY, area) for area in added):
            raise ValidationError(
                {"areas": _("You may not place stories in this area.")}, code="out_of_scope"
            )
    if "title" in fields:
        story.title = (fields["title"] or "").strip()
    if "text" in fields:
        story.text = sanitise_story_html(fields["text"] or "")
        if not plain_text(story.text).strip():
            raise ValidationError({"text": _("The story is empty.")}, code="empty")
    if "themes" in fields:
        story.themes = validate_themes(fields["themes"])
    if "indicator_codes" in fields:
        story.indicator_codes = validate_indicator_codes(fields["indicator_codes"])
    story.full_clean(exclude=["photo", "areas"])
    story.save()
    if new_areas is not None:
        story.areas.set(new_areas)
    new = {
        "title": story.title,
        "text": story.text,
        "themes": list(story.themes),
        "indicator_codes": list(story.indicator_codes),
        "areas": sorted(story.areas.values_list("code", flat=True)),
    }
    changed = {name: [old[name], new[name]] for name in old if old[name] != new[name]}
    if changed:
        if was_public:
            record_audit_event(actor=by, action="story_updated", obj=story, changes=changed)
        else:
            record_audit_event(actor=by, action="story_updated", obj=story, fields=sorted(changed))
    return story


@transaction.atomic
def withdraw_story(*, story: Story, by: Any, reason: str) -> Story:
    """Take a published story back (moderators in its scope): status withdrawn, gone
    from every public list, page and API; moderators still see it. The reason is kept
    with the story (personal data: exported and cleared on erasure), not in the audit
    log."""
    require(StoryPolicy().may(by, "moderate", story))
    story.refresh_from_db(from_queryset=Story.objects.select_for_update())
    if story.status != StoryStatus.PUBLISHED:
        raise ValidationError(_("Only a published story can be withdrawn."), code="not_published")
    story.status = StoryStatus.WITHDRAWN
    mark_withdrawn(story, reason=reason, by=by, also=("status",))
    story_removed.send(sender=Story, story_id=story.pk)
    record_audit_event(
        actor=by, action="story_withdrawn", obj=story, previous_status=StoryStatus.PUBLISHED
    )
    return story


def _delete_story(story: Story) -> None:
    story_removed.send(sender=Story, story_id=story.pk)
    if story.photo:
        story.photo.delete(save=False)
    story.delete()


# --- personal data (AVG) -------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _audit_entries(contributor: Contributor, story_ids: list[int]) -> list[dict[str, Any]]:
    from django.db.models import Q

    from wendbaar.core.models import AuditEvent

    events = list(
        AuditEvent.objects.filter(
            Q(object_type=Contributor._meta.label_lower, object_id=str(contributor.pk))
            | Q(object_type=Story._meta.label_lower, object_id__in=[str(pk) for pk in story_ids])
        )
    )
    # Searches that found the person name them only in their detail (a JSON list, which
    # SQLite cannot query), so they are picked out here.
    events += [
        event
        for event in AuditEvent.objects.filter(action="personal_data_searched")
        if contributor.pk in (event.detail.get("found") or [])
    ]
    events.sort(key=lambda event: (event.at, event.pk))
    return [
        {
            "at": event.at.isoformat(),
            "action": event.action,
            "object": f"{event.object_type}:{event.object_id}",
            "detail": event.detail,
        }
        for event in events
    ]


def export_personal_data(*, contributor: Contributor, by: Any) -> dict[str, Any]:
    """Everything stored about one person, as JSON-ready data (right of access): the
    contact details, every story with its consent, dates, photo (its name in the
    archive, ``archive.py``), description, moderation note and passages marked for
    removal, and the audit log's entries about the person and their stories."""
    require(ContributorPolicy().may(by, "view", contributor))
    record_audit_event(actor=by, action="personal_data_exported", obj=contributor)
    stories = list(contributor.stories.order_by("pk").prefetch_related("areas"))
    return {
        "exported_at": timezone.now().isoformat(),
        "contributor": {
            "id": contributor.pk,
            "name": contributor.name,
            "email": contributor.email,
            "phone": contributor.phone,
            "municipality": contributor.municipality_code,
            "created_at": _iso(contributor.created_at),
            "retention_until": _iso(contributor.retention_until),
        },
        "stories": [
            {
                "id": story.pk,
                "reference": f"V-{story.pk:06d}",
                "title": story.title,
                "text": story.text,
                "quote": story.quote,
                "author_kind": story.author_kind,
                "municipality": story.municipality_code,
                "areas": [area.code for area in story.areas.all()],
                "themes": story.themes,
                "indicators": story.indicator_codes,
                "collected_on": _iso(story.collected_on),
                "collection_method": story.collection_method,
                "source": story.source,
                "consent": story.consent,
                "keep_after_withdrawal": story.keep_after_withdrawal,
                "photo": photo_name(story) if story.photo else None,
                "photo_description": story.photo_alt,
                "passages_to_remove_on_erasure": story.redact_passages,
                "whole_text_to_remove_on_erasure": story.redact_whole_text,
                "status": story.status,
                "moderated_at": _iso(story.moderated_at),
                "moderation_note": story.moderation_note,
                "withdrawn_at": _iso(story.withdrawn_at),
                "withdrawal_reason": story.withdrawal_reason,
                "anonymised_at": _iso(story.anonymised_at),
                "retention_until": _iso(story.retention_until),
                "created_at": _iso(story.created_at),
            }
            for story in stories
        ],
        **{use.name: use.export(contributor) for use in contact_uses.registered()},
        "audit_log": _audit_entries(contributor, [story.pk for story in stories]),
    }


def _removed_marker() -> str:
    # Stored text: in the site's language, not the language of whoever erases.
    with translation.override(settings.LANGUAGE_CODE):
        return _("[removed]")


def _anonymise_story(story: Story, person: Person, marker: str) -> bool:
    """Remove the person from a story that stays: their name, e-mail, telephone number
    and addresses, any contact detail at all, the flagged passages, the photo, its
    description and the moderation note. False when the text could not be cleaned (the
    whole text was flagged, or a flagged passage was not found as such): then only the
    marker is left and the story is no longer public."""
    text, found = remove_passages(story.text, story.redact_passages, marker)
    cleaned = found and not story.redact_whole_text
    story.text = (
        sanitise_story_html(redact_text(text, person, marker)) if cleaned else f"<p>{marker}</p>"
    )
    for field, limit in (("title", MAX_TITLE_LENGTH), ("quote", MAX_QUOTE_LENGTH)):
        value, _found = remove_passages(getattr(story, field), story.redact_passages, marker)
        setattr(story, field, redact_text(value, person, marker)[:limit])
    if story.photo:  # a photo may show the person: it goes
        story.photo.delete(save=False)
    story.photo = ""
    story.photo_alt = ""
    story.moderation_note = ""
    story.withdrawal_reason = ""
    story.redact_passages = []
    story.redact_whole_text = False
    story.contributor = None
    story.anonymised_at = timezone.now()
    story_removed.send(sender=Story, story_id=story.pk)
    if not cleaned:
        story.status = StoryStatus.REJECTED
    story.save()
    return cleaned


def _person(contributor: Contributor) -> Person:
    return Person(name=contributor.name, email=contributor.email, phone=contributor.phone)


@transaction.atomic
def erase_personal_data(
    *, contributor: Contributor, by: Any, reason: str = EraseReason.REQUEST_BY_PERSON
) -> dict:
    """Erase one person. Each story stays, anonymised (``_anonymise_story``), when its
    consent allows that (``keep_after_withdrawal``); otherwise it goes, photo included.
    The audit log gets the reason as a code and the story numbers, nothing typed."""
    require(ContributorPolicy().may(by, "erase", contributor))
    if reason not in EraseReason.values:
        raise ValidationError(_("Choose a reason from the list."), code="unknown_reason")
    person, marker = _person(contributor), _removed_marker()
    kept, deleted, withdrawn = [], [], []
    for story in contributor.stories.select_for_update():
        if story.keep_after_withdrawal:
            kept.append(story.pk)
            if not _anonymise_story(story, person, marker):
                withdrawn.append(story.pk)
        else:
            deleted.append(story.pk)
            _delete_story(story)
    summary = {
        "stories_kept_anonymised": kept,
        "stories_deleted": deleted,
        "stories_withdrawn": withdrawn,
    }
    for use in contact_uses.registered():
        part = use.erase(contributor, person, marker)
        if any(part.values()):  # only the apps that held something of the person
            summary[use.name] = part
    record_audit_event(
        actor=by, action="personal_data_erased", obj=contributor, reason=reason, **summary
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
    marker = _removed_marker()
    for contributor in expired_contacts:  # the stories stay, without the person in them
        person = _person(contributor)
        for story in contributor.stories.select_for_update():
            _anonymise_story(story, person, marker)
        for use in contact_uses.registered():
            use.erase(contributor, person, marker)
    expired_contacts.delete()
    orphans = Contributor.objects.filter(stories__isnull=True)
    for use in contact_uses.registered():
        orphans = orphans.exclude(pk__in=use.in_use())
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


SIGNAL_EDIT_FIELDS = ("area", "theme", "direction", "sentence", "observed_on")


def _check_observed_on(observed_on: dt.date) -> None:
    if observed_on > timezone.localdate():
        raise ValidationError({"observed_on": _("The date lies in the future.")}, code="future")


@transaction.atomic
def update_signal(*, signal: Signal, by: Any, **fields: Any) -> Signal:
    """Correct a signal: its sentence, theme, direction, date, or its area within the
    gemeente. By its author or staff with ``stories.change_signal`` in scope; the audit
    event holds the old and new values."""
    # Re-read under a lock (past the default manager): of two changes at once, the
    # second sees the first.
    signal.refresh_from_db(from_queryset=Signal._base_manager.select_for_update())
    if signal.is_withdrawn:
        raise ValidationError(_("This signal has been withdrawn."), code="withdrawn")
    policy = SignalPolicy()
    require(policy.may(by, "change", signal))
    if "area" in fields:
        area = fields["area"]
        if area.level not in (AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD):
            raise ValidationError(
                {"area": _("Choose a district or neighbourhood.")}, code="wrong_level"
            )
        if area.municipality_code != signal.municipality_code:
            raise ValidationError(
                {"area": _("Choose an area in the same municipality.")}, code="foreign_area"
            )
        if not policy.may_place(by, signal, area):
            raise ValidationError(
                {"area": _("You may not add signals in this area.")}, code="out_of_scope"
            )
    if "direction" in fields and fields["direction"] not in SignalDirection.values:
        raise ValidationError({"direction": _("Unknown direction.")}, code="unknown_direction")
    if "theme" in fields:
        fields["theme"] = validate_themes([fields["theme"]])[0]
    if "sentence" in fields:
        fields["sentence"] = (fields["sentence"] or "").strip()
    if "observed_on" in fields:
        _check_observed_on(fields["observed_on"])
    changed = apply_changes(signal, fields, SIGNAL_EDIT_FIELDS)
    if changed:
        signal.full_clean()
        signal.save()
        record_audit_event(actor=by, action="signal_updated", obj=signal, changes=changed)
    return signal


@transaction.atomic
def withdraw_signal(*, signal: Signal, by: Any, reason: str) -> Signal:
    """Withdraw a wrong signal with a reason: it leaves timelines, counts and soft
    indicators; its author and staff in scope still see it in the area's history."""
    # Re-read under a lock (past the default manager): of two changes at once, the
    # second sees the first.
    signal.refresh_from_db(from_queryset=Signal._base_manager.select_for_update())
    if signal.is_withdrawn:
        raise ValidationError(_("This signal has already been withdrawn."), code="withdrawn")
    require(SignalPolicy().may(by, "change", signal))
    mark_withdrawn(signal, reason=reason, by=by)
    record_audit_event(
        actor=by,
        action="signal_withdrawn",
        obj=signal,
        reason=signal.withdrawal_reason,
        area=signal.area.code,
        theme=signal.theme,
        direction=signal.direction,
        sentence=signal.sentence,
        observed_on=str(signal.observed_on),
    )
    return signal

"""The initiators' contact details are a stories ``Contributor``: this registers what
initiatives keep with it, so the person's export and erasure cover their initiatives
(``wendbaar.stories.contact_uses``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from wendbaar.core.services import record_audit_event
from wendbaar.stories.contact_uses import ContactUse
from wendbaar.stories.redaction import Person, redact_text

from .constants import ConsentChannel
from .models import ConsentRequest, Initiative, InitiativeEvent


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(contributor: Any) -> list[dict[str, Any]]:
    rows = []
    for initiative in contributor.initiatives.order_by("pk"):
        rows.append(
            {
                "reference": initiative.reference,
                "title": initiative.title,
                "what": initiative.what,
                "why": initiative.why,
                "group": initiative.group,
                "location": initiative.location,
                "area": initiative.area.code,
                "themes": initiative.themes,
                "asks": initiative.asks,
                "status": initiative.status,
                "received_at": _iso(initiative.received_at),
                "consent_given_at": _iso(initiative.contact_consent_at),
                "what_you_wrote_to_us": [
                    {"at": _iso(e.at), "text": e.text}
                    for e in initiative.events.filter(by_initiators=True)
                ],
                "requests_for_your_consent": [
                    {
                        "asked_at": _iso(r.asked_at),
                        "what_was_asked": r.kind,
                        "new_title": r.new_title,
                        "new_aim": r.new_what,
                        "project": r.project.title if r.project else "",
                        "answer": r.state,
                        "answered_at": _iso(r.answered_at),
                        "your_words": r.answer,
                        "received": r.channel,
                    }
                    for r in initiative.consent_requests.select_related("project")
                ],
            }
        )
    return rows


def erase(contributor: Any, person: Person, marker: str) -> dict[str, Any]:
    """The initiative stays (the group's idea, its trail and the support given count in
    the dashboard), without the person: their details, what they wrote in their
    messages, and the status link, which dies."""
    erased = []
    for initiative in contributor.initiatives.select_for_update():
        for field in ("title", "what", "why", "group", "location"):
            setattr(initiative, field, redact_text(getattr(initiative, field), person, marker))
        initiative.contact = None
        initiative.contact_consent_at = None
        initiative.status_nonce = ""
        initiative.status_token_hash = None
        initiative.save()
        initiative.events.filter(by_initiators=True).update(text=marker)
        for event in initiative.events.exclude(by_initiators=True):
            text = redact_text(event.text, person, marker)
            detail = _redacted_detail(event.detail, person, marker)
            if (text, detail) != (event.text, event.detail):
                InitiativeEvent.objects.filter(pk=event.pk).update(text=text, detail=detail)
        for request in initiative.consent_requests.all():
            _erase_consent(request, person, marker)
        record_audit_event(
            actor=None, action="initiative_contact_erased", obj=initiative, at=_iso(timezone.now())
        )
        erased.append(initiative.pk)
    return {"initiatives_anonymised": erased}


# Texts of a consent request that may quote the initiators (an aim in their words).
_CONSENT_TEXTS = ("new_title", "new_what", "previous_title", "previous_what", "reason")


def _redacted_detail(detail: dict[str, Any], person: Person, marker: str) -> dict[str, Any]:
    return {
        key: redact_text(value, person, marker) if isinstance(value, str) else value
        for key, value in (detail or {}).items()
    }


def _erase_consent(request: ConsentRequest, person: Person, marker: str) -> None:
    for field in _CONSENT_TEXTS:
        setattr(request, field, redact_text(getattr(request, field), person, marker))
    # Their own words go; what staff wrote down of them is redacted like staff's text.
    if request.channel == ConsentChannel.STATUS_LINK and request.answer:
        request.answer = marker
    else:
        request.answer = redact_text(request.answer, person, marker)
    request.save()


def in_use() -> models.QuerySet:
    return Initiative.objects.filter(contact__isnull=False).values("contact")


def in_scope(scope: Any) -> models.QuerySet:
    return Initiative.objects.filter(scope.q("area"), contact__isnull=False).values("contact")


USE = ContactUse(name="initiatives", export=export, erase=erase, in_use=in_use, in_scope=in_scope)

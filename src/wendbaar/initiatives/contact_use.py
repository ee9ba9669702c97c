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

from .models import Initiative, InitiativeEvent


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
        for event in initiative.events.exclude(by_initiators=True).exclude(text=""):
            cleaned = redact_text(event.text, person, marker)
            if cleaned != event.text:
                InitiativeEvent.objects.filter(pk=event.pk).update(text=cleaned)
        record_audit_event(
            actor=None, action="initiative_contact_erased", obj=initiative, at=_iso(timezone.now())
        )
        erased.append(initiative.pk)
    return {"initiatives_anonymised": erased}


def in_use() -> models.QuerySet:
    return Initiative.objects.filter(contact__isnull=False).values("contact")


def in_scope(scope: Any) -> models.QuerySet:
    return Initiative.objects.filter(scope.q("area"), contact__isnull=False).values("contact")


USE = ContactUse(name="initiatives", export=export, erase=erase, in_use=in_use, in_scope=in_scope)

"""The e-mails of initiatives: to the initiators (always with their status link) and to
staff (the new owner, the receiver of a hand-over, escalations).

Sent after the transaction commits, so a rolled-back change mails nothing; a failing mail
server is logged and loses nothing (the trail is the record, the mail a notice). The
mails to the initiators carry fixed text, the reference and the link: never what anyone
typed, so an address typed by mistake receives nothing personal.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wendbaar.core.mail import absolute, on_commit, send_notice  # noqa: F401 - the services call mail.on_commit

log = logging.getLogger(__name__)


def status_url(initiative: Any) -> str:
    from .services import status_token

    token = status_token(initiative)
    return absolute(reverse("initiatives:status", args=[token])) if token else ""


def staff_url(initiative: Any) -> str:
    return absolute(reverse("initiatives:detail", args=[initiative.pk]))


def _send(subject: str, template: str, context: dict[str, Any], to: Iterable[str]) -> int:
    return send_notice(subject, f"initiatives/email/{template}.txt", context, to)


def _initiative(pk: int):
    from .models import Initiative

    return Initiative.objects.select_related("contact", "owner", "area").filter(pk=pk).first()


def _to_initiators(initiative: Any, subject: str, template: str, **context: Any) -> int:
    if initiative is None or initiative.contact is None or not initiative.contact.email:
        return 0
    if not initiative.status_token_hash:
        return 0
    with translation.override(initiative.language or settings.LANGUAGE_CODE):
        context = {
            "reference": initiative.reference,
            "status_url": status_url(initiative),
            "initiative": initiative,
            **context,
        }
        return _send(
            subject % {"reference": initiative.reference},
            template,
            context,
            [initiative.contact.email],
        )


def send_received(pk: int) -> None:
    from .services import promise_for

    initiative = _initiative(pk)
    if initiative is None:
        return
    with translation.override(initiative.language or settings.LANGUAGE_CODE):
        subject = _("We received your idea (%(reference)s)")
        _to_initiators(
            initiative,
            subject,
            "received",
            triage_days=promise_for(_municipality(initiative)).triage_days,
        )


def _municipality(initiative: Any):
    from wendbaar.areas.models import Area

    return Area.objects.filter(code=initiative.municipality_code).first()


def send_news(pk: int, kind: str) -> None:
    """News for the initiators: a contact person, a message or question, a new status,
    a new contact person after a hand-over."""
    initiative = _initiative(pk)
    if initiative is None:
        return
    with translation.override(initiative.language or settings.LANGUAGE_CODE):
        _to_initiators(initiative, _("News about your idea (%(reference)s)"), "news", kind=kind)


def _staff(user: Any, subject: str, template: str, **context: Any) -> int:
    if user is None or not user.email or not user.is_active:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        return _send(subject, template, {"person": user, **context}, [user.email])


def send_to_new_owner(pk: int) -> None:
    initiative = _initiative(pk)
    if initiative is not None:
        with translation.override(settings.LANGUAGE_CODE):
            _staff(
                initiative.owner,
                _("You are the contact person for %(reference)s")
                % {"reference": initiative.reference},
                "owner_assigned",
                initiative=initiative,
                url=staff_url(initiative),
            )


def send_answer_to_owner(pk: int) -> None:
    initiative = _initiative(pk)
    if initiative is not None:
        with translation.override(settings.LANGUAGE_CODE):
            _staff(
                initiative.owner,
                _("The initiators of %(reference)s wrote back")
                % {"reference": initiative.reference},
                "answered",
                initiative=initiative,
                url=staff_url(initiative),
            )


def _handover(pk: int):
    from .models import HandOver

    return HandOver.objects.select_related("initiative", "to_user", "from_user").get(pk=pk)


def send_handover_offered(pk: int) -> None:
    handover = _handover(pk)
    with translation.override(settings.LANGUAGE_CODE):
        _staff(
            handover.to_user,
            _("Hand-over of %(reference)s: please accept or refuse")
            % {"reference": handover.initiative.reference},
            "handover_offered",
            handover=handover,
            initiative=handover.initiative,
            url=staff_url(handover.initiative),
        )


def send_handover_refused(pk: int) -> None:
    handover = _handover(pk)
    with translation.override(settings.LANGUAGE_CODE):
        _staff(
            handover.from_user,
            _("Hand-over of %(reference)s refused") % {"reference": handover.initiative.reference},
            "handover_refused",
            handover=handover,
            initiative=handover.initiative,
            url=staff_url(handover.initiative),
        )


def send_escalation(initiative: Any, kind: str, level: int, people: list[Any]) -> int:
    """One round of escalation mails; returns how many were sent."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Overdue: %(reference)s is waiting for an answer") % {
            "reference": initiative.reference
        }
        for person in people:
            try:
                sent += _staff(
                    person,
                    subject,
                    "escalation",
                    initiative=initiative,
                    kind=kind,
                    level=level,
                    url=staff_url(initiative),
                )
            except Exception:  # a bad address or a failing server: the others still hear
                log.exception("initiative_escalation_mail_failed initiative=%s", initiative.pk)
    return sent

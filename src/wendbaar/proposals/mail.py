"""The notices of the proposal's road, by e-mail: to the submitter when the bureau gives
advice and when it decides (with the reasons), to each assessor when the proposal is
sent to them. Sent after the transaction commits, so a refused or rolled-back step mails
nothing; a failing mail server is logged and loses nothing (the page is the record, the
mail a notice). Reuses the initiatives' sending helpers (same pattern, same backend)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from wendbaar.core.mail import absolute, on_commit, send_notice  # noqa: F401 - the services call mail.on_commit


def _send(subject: str, template: str, context: dict[str, Any], to: list[str]) -> int:
    return send_notice(subject, f"proposals/email/{template}.txt", context, to)


def _proposal(pk: int):
    from .models import Proposal

    return Proposal.objects.select_related("submitted_by", "approach").filter(pk=pk).first()


def _url(proposal: Any) -> str:
    return absolute(reverse("proposals:detail", args=[proposal.approach_id, proposal.pk]))


def send_to_submitter(pk: int, template: str) -> int:
    """``advice`` or ``decided``: the submitter hears what happened and where to read it."""
    proposal = _proposal(pk)
    if proposal is None or proposal.submitted_by is None:
        return 0
    subjects = {
        "advice": _("Advice on your project proposal “%(title)s”"),
        "decided": _("Decision on your project proposal “%(title)s”"),
    }
    context = {"proposal": proposal, "url": _url(proposal)}
    return _send(
        subjects[template] % {"title": proposal.title},
        template,
        context,
        [proposal.submitted_by.email],
    )


def send_to_assessors(pk: int) -> int:
    proposal = _proposal(pk)
    if proposal is None:
        return 0
    to = [a.user.email for a in proposal.assessors.select_related("user") if not a.submitted_at]
    context = {"proposal": proposal, "url": _url(proposal)}
    subject = _("Please assess the project proposal “%(title)s”") % {"title": proposal.title}
    return _send(subject, "assess", context, to)

"""Withdrawing a record with a reason (``core.models.WithdrawalRecord``): one rule for
every app, so the reason reads and is limited the same everywhere."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .actors import acting_user

MAX_REASON_LENGTH = 300
WITHDRAWAL_FIELDS = ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]


def reason_text(reason: Any, *, required: bool = True) -> str:
    """The reason as one line: required unless said otherwise, at most 300 characters."""
    text = " ".join(str(reason or "").split())
    if required and not text:
        raise ValidationError(
            {"reason": ValidationError(_("Say why it is withdrawn."), code="no_reason")}
        )
    if len(text) > MAX_REASON_LENGTH:
        too_long = _("Keep the reason to %(max)s characters.") % {"max": MAX_REASON_LENGTH}
        raise ValidationError({"reason": ValidationError(too_long, code="reason_too_long")})
    return text


def mark_withdrawn(record: Any, *, reason: Any, by: Any, also: tuple[str, ...] = ()) -> None:
    """Set who withdrew ``record``, when and why, and save those fields (and ``also``)."""
    record.withdrawal_reason = reason_text(reason)
    record.withdrawn_at = timezone.now()
    record.withdrawn_by = acting_user(by)
    record.save(update_fields=[*also, *WITHDRAWAL_FIELDS])

"""Write use cases of the core app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import models

from .actors import acting_user, is_system
from .models import AuditEvent


def record_audit_event(
    *, actor: Any, action: str, obj: models.Model | None = None, **detail: Any
) -> AuditEvent:
    """Append one event to the audit log (never edited afterwards). A system actor is
    recorded by name (``detail["system"]``), with no user."""
    if is_system(actor):
        detail = {"system": actor.name, **detail}
    return AuditEvent.objects.create(
        actor=acting_user(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail,
    )


def audit_value(value: Any) -> Any:
    """A field value as the audit log stores it (JSON): decimals and dates as text,
    related objects by primary key."""
    if isinstance(value, Decimal | dt.date):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return [audit_value(v) for v in value]
    return value


def apply_changes(
    instance: models.Model, fields: dict[str, Any], allowed: Sequence[str]
) -> dict[str, list]:
    """Set ``fields`` on ``instance``; return ``{name: [old, new]}`` of what changed.

    Refuses names outside ``allowed`` (a programming error, not user input)."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))}")
    changed = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changed[name] = [audit_value(old), audit_value(value)]
            setattr(instance, name, value)
    return changed


def save_validated(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    """``full_clean`` then ``save``: services never write an invalid row."""
    instance.full_clean(exclude=list(exclude))
    instance.save()

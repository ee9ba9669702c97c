"""Write use cases of the core app."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def record_audit_event(
    *, actor: Any, action: str, obj: models.Model | None = None, **detail: Any
) -> AuditEvent:
    """Append one event to the audit log (never edited afterwards)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail,
    )

"""Write use cases of the core app."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction

from .actors import acting_user, is_system
from .audit_chain import FIELDS, GENESIS, entry_hash
from .models import AuditChainHead, AuditEvent

HEAD_ID = 1


def record_audit_event(
    *, actor: Any, action: str, obj: models.Model | None = None, **detail: Any
) -> AuditEvent:
    """Append one event to the audit log (never edited afterwards). A system actor is
    recorded by name (``detail["system"]``), with no user.

    The event is chained to the one before (``core/audit_chain.py``): writers take the
    chain's head row under ``select_for_update`` (SQLite: the write transaction), so two
    events never claim the same predecessor."""
    if is_system(actor):
        detail = {"system": actor.name, **detail}
    detail = json.loads(json.dumps(detail))  # hashed exactly as it is read back
    event = AuditEvent(
        actor=acting_user(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        municipality_code=municipality_code_of(obj),
        detail=detail,
    )
    with transaction.atomic():
        head = _locked_head()
        event.previous_hash = head.last_hash
        event.save()
        event.hash = entry_hash(audit_row(event), head.last_hash)
        AuditEvent.objects.filter(pk=event.pk).update(hash=event.hash)
        head.last_id, head.last_hash = event.pk, event.hash
        head.save(update_fields=["last_id", "last_hash"])
    return event


def audit_row(event: AuditEvent) -> dict[str, Any]:
    """The columns of ``event`` that the chain hashes, as ``verify_audit_chain`` reads them."""
    row = {name: getattr(event, name) for name in FIELDS if name != "id"}
    return {**row, "id": event.pk, "previous_hash": event.previous_hash, "hash": event.hash}


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is not None:
        return head
    # A new database, or one emptied without its head (a test's flush): go on from the
    # last entry there is.
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    AuditChainHead.objects.get_or_create(
        pk=HEAD_ID,
        defaults={"last_id": last[0] if last else None, "last_hash": last[1] if last else GENESIS},
    )
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)


def municipality_code_of(obj: models.Model | None, _depth: int = 0) -> str:
    """The gemeente an object belongs to: an area's own, else through its foreign keys
    (``municipality`` and ``area`` first; users are skipped), a few steps deep."""
    if obj is None or _depth > 3:
        return ""
    code = getattr(obj, "municipality_code", None)
    if isinstance(code, str):
        return code
    user_model = settings.AUTH_USER_MODEL.lower()
    keys = sorted(
        (
            field
            for field in obj._meta.concrete_fields
            if field.many_to_one and field.related_model._meta.label_lower != user_model
        ),
        key=lambda field: field.name not in ("municipality", "area"),
    )
    for field in keys:
        code = municipality_code_of(getattr(obj, field.name, None), _depth + 1)
        if code:
            return code
    return ""


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

"""Reads of the core app."""

from __future__ import annotations

from .audit_chain import FIELDS, ChainReport, verify_audit_chain
from .models import AuditChainHead, AuditEvent


def audit_chain_report() -> ChainReport:
    """Verify the whole stored audit chain (one pass over the table, in id order)."""
    head = AuditChainHead.objects.filter(pk=1).values_list("last_id", "last_hash").first()
    rows = (
        AuditEvent.objects.order_by("id")
        .values(*FIELDS, "previous_hash", "hash")
        .iterator(chunk_size=2000)
    )
    return verify_audit_chain(rows, head=head)

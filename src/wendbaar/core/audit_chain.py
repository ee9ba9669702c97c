"""The audit log's hash chain: pure rules over rows, no Django.

Every entry stores ``hash = SHA-256(previous entry's hash + canonical content)``, the
first one chained to :data:`GENESIS`. Changing an entry changes its hash; removing or
inserting one breaks the link of the entry after it; removing entries at the end is seen
against the chain's head (the last id and hash, kept in their own row). Anyone with write
access to the database *and* this code can rebuild a chain: it makes tampering visible to
a check, it is no signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
#: The content that is hashed, in this order (the names of AuditEvent's columns).
FIELDS = (
    "id",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "municipality_code",
    "detail",
)


def _timestamp(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return str(value)


def canonical(entry: Mapping[str, Any]) -> bytes:
    """One entry's content as bytes: sorted JSON, UTC microseconds, no whitespace."""
    content = {name: entry[name] for name in FIELDS}
    content["at"] = _timestamp(content["at"])
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def entry_hash(entry: Mapping[str, Any], previous_hash: str) -> str:
    return hashlib.sha256(previous_hash.encode() + canonical(entry)).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """The result of :func:`verify_audit_chain`: ``broken_id`` names the first entry that
    does not verify (None when all do), ``reason`` says why."""

    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.reason


def verify_audit_chain(
    rows: Iterable[Mapping[str, Any]], head: tuple[int, str] | None = None
) -> ChainReport:
    """Walk ``rows`` (dicts with :data:`FIELDS`, ``previous_hash`` and ``hash``) in id
    order; stop at the first entry that does not verify. ``head`` is the chain's last
    (id, hash) as recorded when it was written; without it, removed trailing entries
    cannot be seen."""
    previous, last_id, checked = GENESIS, None, 0
    for row in rows:
        if row["previous_hash"] != previous:
            return ChainReport(
                checked,
                row["id"],
                "does not follow the entry before it: an entry was removed or inserted",
            )
        if entry_hash(row, previous) != row["hash"]:
            return ChainReport(checked, row["id"], "its content was changed")
        previous, last_id, checked = row["hash"], row["id"], checked + 1
    if head is not None and head[0] is not None and (last_id, previous) != tuple(head):
        return ChainReport(
            checked,
            None,
            f"the chain ends at entry {last_id} but entry {head[0]} was written last: "
            "entries at the end were removed",
        )
    return ChainReport(checked)

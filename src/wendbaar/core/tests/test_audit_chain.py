"""The audit log is tamper-evident: changing, inserting or removing an entry shows."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from wendbaar.core.actors import SystemActor
from wendbaar.core.audit_chain import GENESIS, entry_hash, verify_audit_chain
from wendbaar.core.models import AuditChainHead, AuditEvent
from wendbaar.core.selectors import audit_chain_report
from wendbaar.core.services import record_audit_event

SYSTEM = SystemActor("test")
T0 = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)


def chain(n: int) -> list[dict]:
    rows, previous = [], GENESIS
    for i in range(1, n + 1):
        row = {
            "id": i,
            "at": T0 + dt.timedelta(minutes=i),
            "actor_id": None,
            "action": f"thing_{i}",
            "object_type": "x.y",
            "object_id": str(i),
            "municipality_code": "GM0344",
            "detail": {"n": i, "naam": "Één"},
            "previous_hash": previous,
        }
        row["hash"] = previous = entry_hash(row, previous)
        rows.append(row)
    return rows


# --- the pure rule -------------------------------------------------------------------------


def test_an_untouched_chain_verifies():
    rows = chain(5)
    report = verify_audit_chain(rows, head=(5, rows[-1]["hash"]))
    assert report.ok and report.checked == 5


def test_a_changed_entry_is_named():
    rows = chain(5)
    rows[2]["detail"] = {"n": 3, "naam": "Iemand anders"}
    report = verify_audit_chain(rows)
    assert not report.ok
    assert report.broken_id == 3 and "changed" in report.reason
    assert report.checked == 2


def test_a_removed_entry_breaks_the_link_of_the_next():
    rows = chain(5)
    del rows[1]
    report = verify_audit_chain(rows)
    assert report.broken_id == 3 and "removed or inserted" in report.reason


def test_an_inserted_entry_is_named():
    rows = chain(4)
    forged = {**rows[1], "id": 99, "action": "forged", "previous_hash": rows[1]["hash"]}
    forged["hash"] = entry_hash(forged, rows[1]["hash"])  # even with a correct own hash
    rows.insert(2, forged)
    report = verify_audit_chain(rows)
    assert report.broken_id == 3  # the entry after it no longer follows its predecessor


def test_entries_removed_at_the_end_show_against_the_head():
    rows = chain(5)
    head = (5, rows[-1]["hash"])
    report = verify_audit_chain(rows[:3], head=head)
    assert not report.ok and "removed" in report.reason and report.checked == 3


# --- the stored chain -----------------------------------------------------------------------


def record(n: int) -> list[AuditEvent]:
    return [
        record_audit_event(actor=SYSTEM, action="thing_done", step=i, note="één") for i in range(n)
    ]


@pytest.mark.django_db
def test_recorded_events_form_a_chain_that_verifies():
    events = record(4)
    assert events[0].previous_hash == GENESIS
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert audit_chain_report().ok
    call_command("verify_audit", stdout=(out := _Out()))
    assert "verifies: 4 entries" in out.text


@pytest.mark.django_db
def test_a_row_changed_in_the_database_is_named_by_verify_audit():
    events = record(4)
    AuditEvent.objects.filter(pk=events[2].pk).update(detail={"step": 2, "note": "anders"})
    with pytest.raises(CommandError, match=rf"at entry {events[2].pk}: its content was changed"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_a_row_deleted_or_inserted_in_the_database_is_detected():
    events = record(4)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    report = audit_chain_report()
    assert report.broken_id == events[2].pk

    record(2)  # the chain goes on from its head; the break stays visible
    assert audit_chain_report().broken_id == report.broken_id


@pytest.mark.django_db
def test_a_row_written_around_the_service_is_detected():
    record(2)
    forged = AuditEvent.objects.create(action="forged", detail={})
    assert audit_chain_report().broken_id == forged.pk


@pytest.mark.django_db
def test_removing_the_newest_entries_is_detected():
    events = record(3)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    report = audit_chain_report()
    assert not report.ok and "removed" in report.reason


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_parallel_writers_keep_one_unbroken_chain():
    record(1)
    errors = []

    def write(worker: int) -> None:
        try:
            for i in range(6):
                record_audit_event(actor=SYSTEM, action="parallel", worker=worker, i=i)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEvent.objects.count() == 1 + 8 * 6
    report = audit_chain_report()
    assert report.ok, report
    assert AuditChainHead.objects.get().last_id == AuditEvent.objects.order_by("id").last().pk


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass

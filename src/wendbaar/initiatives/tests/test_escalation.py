"""The daily escalation of overdue initiatives (issue #13, item 5).

The task runs once through the real database worker (``django_tasks_db``'s
``db_worker --batch``, in-process, on committed rows); the day-by-day behaviour is
checked by calling ``escalation.escalate_overdue(today=…)`` directly. Each round is
mailed once: to the owner and the wijk's wijkmanager (level 1), and after
``initiative_escalation_days`` working days more to the programme bureau (level 2).
"""

from __future__ import annotations

import datetime as dt
import io
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wendbaar.initiatives import services
from wendbaar.initiatives.constants import PUBLIC_EVENTS, EventKind, Overdue
from wendbaar.initiatives.escalation import escalate_overdue
from wendbaar.initiatives.models import Escalation, Initiative
from wendbaar.initiatives.tasks import escalate_overdue_initiatives

from .conftest import submit

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def own(initiative, by, owner, role="initiatiefmakelaar"):
    return services.assign_owner(initiative=initiative, by=by, owner=owner, role=role)


def run_db_worker() -> None:
    """One batch of the database worker in this process: runs what is queued, then stops.

    The worker installs its own SIGINT/SIGTERM handlers; they are put back afterwards so
    the test run keeps its own.
    """
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0",
            verbosity=0,
        )
    finally:
        for sig, handler in kept.items():
            signal.signal(sig, handler)


@pytest.fixture
def long_ago():
    # Far enough back that the answer is overdue and the escalation days have passed,
    # whatever holidays lie between.
    return timezone.now() - dt.timedelta(days=40)


# serialized_rollback restores the roles the migrations ship, which the flush after a
# transactional test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_db_worker_runs_the_task_and_mails_once(settings, geo, users, long_ago):
    """The worker claims the task in a transaction of its own and checks the
    connection between tasks (which closes one left in a test's open transaction), so
    the rows must be committed: a transactional test."""
    settings.TASKS = DB_BACKEND
    overdue = submit(geo, received_at=long_ago).initiative
    own(overdue, users["wijkmanager"], users["partner"])
    in_time = submit(geo, title="Op tijd", email="optijd@example.org", received_at=long_ago)
    in_time = own(in_time.initiative, users["wijkmanager"], users["wijkmanager"])
    services.send_message(initiative=in_time, by=users["wijkmanager"], text="Welkom")
    Initiative.objects.filter(pk=in_time.pk).update(first_answer_at=long_ago + dt.timedelta(days=2))
    closed = submit(geo, title="Gestopt", email="gestopt@example.org", received_at=long_ago)
    closed = services.change_status(
        initiative=closed.initiative,
        by=users["programmabureau"],
        status="not_possible",
        text="Kan hier niet.",
    )
    # Closing counts as an answer; unset it, so only "closed" keeps the mail away.
    Initiative.objects.filter(pk=closed.pk).update(first_answer_at=None)
    fresh = submit(geo, title="Vers", email="vers@example.org", received_at=timezone.now())
    fresh = fresh.initiative
    mail.outbox.clear()

    result = escalate_overdue_initiatives.enqueue()
    assert not mail.outbox  # queued, not run
    run_db_worker()

    result.refresh()
    assert result.status == "SUCCESSFUL", result.errors
    assert result.return_value == {"rounds": 2, "mails": 3}
    # Level 1: the owner and Overvecht's wijkmanager; level 2: the programme bureau.
    # Not the wijkmanager of the Binnenstad, nobody for the other three.
    assert recipients() == [
        users["partner"].email,
        users["programmabureau"].email,
        users["wijkmanager"].email,
    ]
    assert all(overdue.reference in message.subject for message in mail.outbox)
    assert set(Escalation.objects.values_list("initiative", "kind", "level")) == {
        (overdue.pk, Overdue.ANSWER, 1),
        (overdue.pk, Overdue.ANSWER, 2),
    }
    for quiet in (in_time, closed, fresh):
        assert not quiet.events.filter(kind=EventKind.ESCALATED).exists()

    # The next run (enqueued by the daily command) finds every round sent already.
    mail.outbox.clear()
    out = io.StringIO()
    call_command("escalate_initiatives", "--enqueue", stdout=out)
    assert "enqueued" in out.getvalue()
    run_db_worker()
    assert not mail.outbox
    assert Escalation.objects.count() == 2


@pytest.mark.django_db
def test_day_by_day_each_round_once(geo, users):
    """Received Monday 2 March 2026: first answer due Monday 16 March; the programme
    bureau hears of it once 5 more working days have passed (after 23 March)."""
    initiative = own(submit(geo).initiative, users["wijkmanager"], users["partner"])
    assert initiative.answer_due == dt.date(2026, 3, 16)
    mail.outbox.clear()

    def day(date: dt.date) -> dict[str, int]:
        return escalate_overdue(today=date)

    assert day(dt.date(2026, 3, 16)) == {"rounds": 0, "mails": 0}  # due today: not late
    assert day(dt.date(2026, 3, 17)) == {"rounds": 1, "mails": 2}
    assert recipients() == [users["partner"].email, users["wijkmanager"].email]
    assert users["wijkmanager_elsewhere"].email not in recipients()
    mail.outbox.clear()
    assert day(dt.date(2026, 3, 17)) == {"rounds": 0, "mails": 0}  # the same day again
    assert day(dt.date(2026, 3, 18)) == {"rounds": 0, "mails": 0}  # the next day
    assert day(dt.date(2026, 3, 23)) == {"rounds": 0, "mails": 0}  # 5 working days: not yet
    assert not mail.outbox
    assert day(dt.date(2026, 3, 24)) == {"rounds": 1, "mails": 1}
    assert recipients() == [users["programmabureau"].email]
    mail.outbox.clear()
    for later in (dt.date(2026, 3, 24), dt.date(2026, 3, 25), dt.date(2026, 4, 30)):
        assert day(later) == {"rounds": 0, "mails": 0}
    assert not mail.outbox

    escalated = initiative.events.filter(kind=EventKind.ESCALATED).order_by("id")
    assert [e.detail["level"] for e in escalated] == [1, 2]
    assert all(e.detail["overdue"] == Overdue.ANSWER for e in escalated)
    assert all(e.actor is None and not e.by_initiators for e in escalated)
    assert EventKind.ESCALATED not in PUBLIC_EVENTS


@pytest.mark.django_db
def test_no_contact_person_in_time(geo, users):
    """Without an owner the wijk's wijkmanager hears of the missing triage (due
    Thursday 5 March), and the programme bureau after 5 more working days."""
    initiative = submit(geo, area=geo["binnenstad_buurt"]).initiative
    mail.outbox.clear()
    assert escalate_overdue(today=dt.date(2026, 3, 6)) == {"rounds": 1, "mails": 1}
    assert recipients() == [users["wijkmanager_elsewhere"].email]  # the Binnenstad's
    mail.outbox.clear()
    assert escalate_overdue(today=dt.date(2026, 3, 13)) == {"rounds": 1, "mails": 1}
    assert recipients() == [users["programmabureau"].email]
    assert set(initiative.escalations.values_list("kind", "level")) == {
        (Overdue.TRIAGE, 1),
        (Overdue.TRIAGE, 2),
    }


@pytest.mark.django_db
def test_answered_in_time_or_closed_gets_no_mail(geo, users):
    answered = own(submit(geo).initiative, users["wijkmanager"], users["wijkmanager"])
    services.send_message(initiative=answered, by=users["wijkmanager"], text="Welkom")
    closed = submit(geo, title="Gestopt", email="gestopt@example.org").initiative
    services.change_status(
        initiative=closed, by=users["programmabureau"], status="stopped", text="Ze stoppen."
    )
    Initiative.objects.filter(pk=closed.pk).update(first_answer_at=None)
    mail.outbox.clear()
    for date in (dt.date(2026, 3, 17), dt.date(2026, 4, 30)):
        assert escalate_overdue(today=date) == {"rounds": 0, "mails": 0}
    assert not mail.outbox
    assert not Escalation.objects.exists()


@pytest.mark.django_db
def test_the_command_prints_a_summary(geo, users):
    initiative = own(submit(geo).initiative, users["wijkmanager"], users["partner"])
    mail.outbox.clear()
    out = io.StringIO()
    call_command("escalate_initiatives", stdout=out)
    # Today is long after March 2026: both rounds at once.
    assert out.getvalue().strip() == "rounds: 2, mails: 3"
    assert initiative.escalations.count() == 2
    out = io.StringIO()
    call_command("escalate_initiatives", stdout=out)
    assert out.getvalue().strip() == "rounds: 0, mails: 0"

"""The status history stays one unbroken chain when many people change a status at once.

48 threads, each with its own database connection, change the status of one project
at the same moment, each from the project as it read it before (a stale page or API
client). The service locks the project's row and checks the workflow against the
status it finds under the lock, so the history is a chain (each entry's ``from`` is the
previous entry's ``to``), every step is one the workflow allows, and every refused
change got the workflow's refusal (a 400 through the API), never a server error.

Runs on PostgreSQL (``SELECT … FOR UPDATE``). On SQLite the settings open every
transaction with ``BEGIN IMMEDIATE``, so writers queue for the file's write lock; the
in-memory test database cannot show that (see the skip reason).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation
from rest_framework.test import APIClient

from wendbaar.agenda import services
from wendbaar.agenda.constants import ProjectStatus as S
from wendbaar.agenda.models import Project
from wendbaar.agenda.workflow import may_transition
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent

# Real transactions, one per thread; serialized_rollback restores the roles the
# migrations ship, which the flush after a transactional test removes.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason=(
            "The test database of SQLite is in memory with a shared cache, where a waiting "
            "writer fails at once ('database table is locked') instead of queueing as on "
            "a database file with BEGIN IMMEDIATE; run with DATABASE_URL=postgres://…"
        ),
    ),
]

THREADS = 48
# Targets that collide: from any status some are allowed and some are not.
TARGETS = [S.RUNNING, S.PAUSED, S.RUNNING, S.COMPLETED, S.STOPPED, S.PLANNED]
REFUSAL = "A project cannot go from"


@pytest.fixture
def project(approach) -> Project:
    today = timezone.localdate()
    return services.create_project(
        approach=approach,
        title="Druk project",
        start_date=today - dt.timedelta(days=100),
        budget=Decimal("1000"),
        by=SYSTEM,
    )


def run_at_once(work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` in THREADS threads that start together; each thread's result or
    exception, in thread order. Each thread closes its own connection when done."""
    barrier = threading.Barrier(THREADS)
    results: list[object] = [None] * THREADS

    def run(i: int) -> None:
        try:
            with translation.override("en"):
                prepared = work(i)  # a callable: the part that runs when all are ready
                barrier.wait(timeout=60)
                results[i] = prepared()
        except BaseException as exc:  # the test inspects every outcome
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a transition hung"
    return results


def assert_unbroken_chain(project: Project, successes: int) -> None:
    history = list(project.status_changes.order_by("id"))
    assert len(history) == successes + 1  # the first entry is the creation (planned)
    assert (history[0].from_status, history[0].to_status) == ("", S.PLANNED)
    breaks = [
        (prev.to_status, nxt.from_status, nxt.to_status)
        for prev, nxt in pairwise(history)
        if nxt.from_status != prev.to_status
    ]
    assert breaks == []
    forbidden = [
        (c.from_status, c.to_status)
        for c in history[1:]
        if not may_transition(c.from_status, c.to_status)
    ]
    assert forbidden == []
    project.refresh_from_db()
    assert history[-1].to_status == project.status
    assert (
        AuditEvent.objects.filter(action="project_status_changed", object_id=str(project.pk))
    ).count() == successes


def test_parallel_status_changes_keep_one_chain(project):
    def work(i: int):
        stale = Project.objects.get(pk=project.pk)  # read before anyone changed it

        def change():
            return services.change_project_status(
                project=stale, status=TARGETS[i % len(TARGETS)], by=SYSTEM
            )

        return change

    results = run_at_once(work)

    refused = [r for r in results if isinstance(r, ValidationError)]
    other_errors = [r for r in results if isinstance(r, BaseException) and r not in refused]
    assert other_errors == []
    assert all(REFUSAL in " ".join(r.messages) for r in refused), [r.messages for r in refused]
    successes = THREADS - len(refused)
    assert successes >= 2 and refused  # the run really collided
    assert_unbroken_chain(project, successes)


def test_parallel_status_changes_through_the_api(project, approach, users):
    url = f"/api/v1/wijkaanpakken/{approach.pk}/projects/{project.pk}/status"
    user = users["programmabureau"]

    def work(i: int):
        api = APIClient()
        api.force_login(user)

        def post():
            body = {"status": TARGETS[i % len(TARGETS)]}
            return api.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")

        return post

    results = run_at_once(work)

    assert not [r for r in results if isinstance(r, BaseException)]
    codes = sorted({r.status_code for r in results})
    assert set(codes) <= {201, 400}, codes
    refused = [r for r in results if r.status_code == 400]
    assert all(REFUSAL in r.json()["status"][0] for r in refused), refused[:1]
    successes = THREADS - len(refused)
    assert successes >= 2 and refused
    assert_unbroken_chain(project, successes)


def test_parallel_joins_and_leaves_of_the_coalition(approach, orgs):
    """The coalition's rules hold under the same rush: an organisation joins once, and a
    membership ends once."""
    from wendbaar.coalition import services as coalition
    from wendbaar.coalition.constants import MembershipRole
    from wendbaar.coalition.models import Membership

    joined_on = dt.date(2025, 1, 1)

    def join(i: int):
        return lambda: coalition.join_coalition(
            approach=approach,
            organisation=orgs["welzijn"],
            role=MembershipRole.values[0],
            joined_on=joined_on,
            by=SYSTEM,
        )

    joins = run_at_once(join)
    assert [r for r in joins if not isinstance(r, (Membership, ValidationError))] == []
    assert sum(isinstance(r, Membership) for r in joins) == 1
    (membership,) = Membership.objects.filter(approach=approach, organisation=orgs["welzijn"])

    def leave(i: int):
        stale = Membership.objects.get(pk=membership.pk)
        return lambda: coalition.leave_coalition(
            membership=stale, left_on=joined_on + dt.timedelta(days=1 + i), by=SYSTEM
        )

    leaves = run_at_once(leave)
    assert [r for r in leaves if not isinstance(r, (Membership, ValidationError))] == []
    assert sum(isinstance(r, Membership) for r in leaves) == 1
    assert AuditEvent.objects.filter(action="coalition_left").count() == 1

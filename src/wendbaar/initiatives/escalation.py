"""Escalation of overdue initiatives: the daily task's work (``tasks.py``).

An initiative is overdue when it has no contact person after the triage time, or no
first answer after the response time (``querysets``). The first round (level 1) mails
the owner and the wijk's wijkmanager(s); when it is still overdue ``escalation_days``
working days after the deadline, level 2 mails the gemeente's programme bureau. Each
round is sent once (``Escalation`` is unique per initiative, kind and level): running
the task again the same day, or every day after, sends nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wendbaar.accounts.constants import RoleSlug
from wendbaar.areas.models import Area
from wendbaar.core.actors import SystemActor
from wendbaar.core.services import record_audit_event
from wendbaar.core.workdays import add_working_days

from . import mail
from .constants import EventKind, Overdue
from .models import Escalation, Initiative
from .querysets import answer_overdue_q, triage_overdue_q
from .services import _event, people_with_role, promise_for

ACTOR = SystemActor("initiative_escalation")


def overdue_kinds(initiative: Initiative, today: dt.date) -> list[tuple[str, dt.date]]:
    """Which promises ``initiative`` has broken by ``today``, with their deadlines."""
    kinds = []
    if initiative.is_closed:
        return kinds
    if initiative.owner_id is None and initiative.triage_due < today:
        kinds.append((Overdue.TRIAGE, initiative.triage_due))
    # Without an owner nobody can answer: the triage round says it all, once.
    if (
        initiative.owner_id is not None
        and initiative.first_answer_at is None
        and (initiative.answer_due < today)
    ):
        kinds.append((Overdue.ANSWER, initiative.answer_due))
    return kinds


def recipients(initiative: Initiative, level: int) -> list[Any]:
    if level == 1:
        people = people_with_role(initiative.area, RoleSlug.DISTRICT_MANAGER)
        if initiative.owner is not None:
            people = [initiative.owner, *[p for p in people if p.pk != initiative.owner_id]]
        return people
    return people_with_role(initiative.area, RoleSlug.PROGRAMME_BUREAU)


def escalate_overdue(*, today: dt.date | None = None) -> dict[str, int]:
    """Send the escalation rounds that are due and not yet sent. Idempotent."""
    today = today or timezone.localdate()
    candidates = (
        Initiative.objects.filter(triage_overdue_q(today) | answer_overdue_q(today))
        .select_related("owner", "area")
        .order_by("pk")
    )
    municipalities = {a.code: a for a in Area.objects.filter(level="municipality")}
    rounds = mails = 0
    for initiative in candidates:
        promise = promise_for(municipalities.get(initiative.municipality_code))
        for kind, due in overdue_kinds(initiative, today):
            levels = [1]
            if add_working_days(due, promise.escalation_days) < today:
                levels.append(2)
            for level in levels:
                sent = _escalate_once(initiative, kind, level, due)
                if sent is not None:
                    rounds += 1
                    mails += sent
    return {"rounds": rounds, "mails": mails}


def _escalate_once(initiative: Initiative, kind: str, level: int, due: dt.date) -> int | None:
    """One round, or None when it was sent before."""
    people = recipients(initiative, level)
    try:
        with transaction.atomic():
            escalation = Escalation.objects.create(
                initiative=initiative, kind=kind, level=level, recipients=len(people)
            )
            _event(
                initiative,
                EventKind.ESCALATED,
                actor=ACTOR,
                overdue=kind,
                level=level,
                due=due.isoformat(),
                recipients=[p.pk for p in people],
            )
            record_audit_event(
                actor=ACTOR,
                action="initiative_escalated",
                obj=initiative,
                overdue=kind,
                level=level,
                escalation=escalation.pk,
            )
    except IntegrityError:
        return None  # another worker sent this round already
    return mail.send_escalation(initiative, kind, level, people)

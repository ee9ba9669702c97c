"""Background work of initiatives: thin wrappers around services (ADR 0004).

``escalate_overdue_initiatives`` must run daily. django-tasks has no scheduler of its
own, so cron or a systemd timer runs ``wendbaar escalate_initiatives`` (docs/operations.md).
"""

from __future__ import annotations

from django_tasks import task

from . import escalation


@task()
def escalate_overdue_initiatives() -> dict[str, int]:
    """Mail owners, wijkmanagers and the programme bureau about overdue initiatives
    (each round once)."""
    return escalation.escalate_overdue()

"""Background work of stories: thin wrappers around services (ADR 0004).

``purge_expired_stories`` must run daily. django-tasks has no scheduler of its own, so
cron or a systemd timer runs ``wendbaar purge_expired_stories`` (docs/operations.md).
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def purge_expired_stories() -> dict[str, int]:
    """Delete stories and contact details past their retention date (idempotent)."""
    return services.purge_expired()


@task()
def write_soft_indicators() -> dict[str, int]:
    """Turn signal counts into soft-indicator observations in the monitor (idempotent)."""
    from .soft_indicators import write_soft_indicator_observations

    return write_soft_indicator_observations()

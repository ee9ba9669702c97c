"""Which project status may follow which. Not a locked process: mostly free movement."""

from __future__ import annotations

from .constants import ProjectStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    # A plan can start, be paused before it starts, or be dropped.
    S.PLANNED: frozenset({S.RUNNING, S.PAUSED, S.STOPPED}),
    # Running work can pause, finish or stop.
    S.RUNNING: frozenset({S.PAUSED, S.COMPLETED, S.STOPPED}),
    # Paused work resumes, or is finished or stopped after all.
    S.PAUSED: frozenset({S.RUNNING, S.COMPLETED, S.STOPPED}),
    # Completed work can be picked up again (a second phase), not silently un-finished.
    S.COMPLETED: frozenset({S.RUNNING}),
    # A stopped project can be restarted when the reason disappears.
    S.STOPPED: frozenset({S.PLANNED, S.RUNNING}),
}


def may_transition(current: str, new: str) -> bool:
    return new in ALLOWED_TRANSITIONS.get(current, frozenset())

"""Flags of an initiative: what a work list and the detail page point out. Pure rules over
plain facts, no Django (like ``agenda/warnings.py``).

An initiative that has ended is never flagged: nothing waits on it any more. The
selectors gather the :class:`InitiativeFacts` (``selectors.facts_of``); the pages turn
each :class:`Flag` into words (``selectors.flag_text``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from wendbaar.core.workdays import working_days_between

from .constants import MAX_HANDOVERS

TRIAGE_OVERDUE = "triage_overdue"
ANSWER_OVERDUE = "answer_overdue"
HANDOVER_LATE = "handover_late"
MANY_HANDOVERS = "many_handovers"


@dataclass(frozen=True)
class Flag:
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class InitiativeFacts:
    closed: bool
    has_owner: bool
    answered: bool  # a first substantive answer was given
    triage_due: dt.date
    answer_due: dt.date
    handovers: int = 0  # every hand-over offered, accepted, refused or still open
    open_handover_due: dt.date | None = None  # accept_due of the hand-over that waits


def _late(due: dt.date, today: dt.date) -> dict:
    return {"due": due, "working_days": working_days_between(due, today)}


def initiative_flags(facts: InitiativeFacts, today: dt.date) -> list[Flag]:
    """The flags of one initiative on ``today``, the most urgent first. A deadline is
    late from the day after it: due today is still in time."""
    if facts.closed:
        return []
    flags = []
    if not facts.has_owner and facts.triage_due < today:
        flags.append(Flag(TRIAGE_OVERDUE, _late(facts.triage_due, today)))
    if not facts.answered and facts.answer_due < today:
        flags.append(Flag(ANSWER_OVERDUE, _late(facts.answer_due, today)))
    if facts.open_handover_due is not None and facts.open_handover_due < today:
        flags.append(Flag(HANDOVER_LATE, _late(facts.open_handover_due, today)))
    # "Van het kastje naar de muur": more than MAX_HANDOVERS, not MAX_HANDOVERS itself.
    if facts.handovers > MAX_HANDOVERS:
        flags.append(Flag(MANY_HANDOVERS, {"count": facts.handovers, "max": MAX_HANDOVERS}))
    return flags


def is_overdue(facts: InitiativeFacts, today: dt.date) -> bool:
    """A promise to the initiators is broken (what heads a work list)."""
    return any(f.code in (TRIAGE_OVERDUE, ANSWER_OVERDUE) for f in initiative_flags(facts, today))

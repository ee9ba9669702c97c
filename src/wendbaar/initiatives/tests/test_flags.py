"""The flags of an initiative (``flags.py``): pure rules, hand-computed edge cases."""

from __future__ import annotations

import datetime as dt

from wendbaar.initiatives.constants import MAX_HANDOVERS
from wendbaar.initiatives.flags import (
    ANSWER_OVERDUE,
    HANDOVER_LATE,
    MANY_HANDOVERS,
    TRIAGE_OVERDUE,
    InitiativeFacts,
    initiative_flags,
    is_overdue,
)

# Wednesday 11 March 2026: no holiday near it.
TODAY = dt.date(2026, 3, 11)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


def facts(**changes) -> InitiativeFacts:
    """An owned, answered, open initiative with nothing wrong."""
    base = {
        "closed": False,
        "has_owner": True,
        "answered": True,
        "triage_due": YESTERDAY,
        "answer_due": YESTERDAY,
        "handovers": 0,
        "open_handover_due": None,
    }
    return InitiativeFacts(**{**base, **changes})


def codes(f: InitiativeFacts, on: dt.date = TODAY) -> list[str]:
    return [flag.code for flag in initiative_flags(f, on)]


def test_nothing_wrong_no_flags():
    assert codes(facts()) == []
    assert not is_overdue(facts(), TODAY)


def test_exactly_max_handovers_is_no_flag_one_more_is():
    assert MAX_HANDOVERS == 2
    assert codes(facts(handovers=2)) == []
    (flag,) = initiative_flags(facts(handovers=3), TODAY)
    assert flag.code == MANY_HANDOVERS
    assert flag.params == {"count": 3, "max": 2}
    # Many hand-overs is a flag, not a broken promise to the initiators.
    assert not is_overdue(facts(handovers=3), TODAY)


def test_handover_due_today_is_in_time_yesterday_is_late():
    assert codes(facts(open_handover_due=TODAY)) == []
    assert codes(facts(open_handover_due=TOMORROW)) == []
    (flag,) = initiative_flags(facts(open_handover_due=YESTERDAY), TODAY)
    assert flag.code == HANDOVER_LATE
    assert flag.params == {"due": YESTERDAY, "working_days": 1}


def test_triage_overdue_only_without_owner_and_after_the_day():
    assert codes(facts(has_owner=False, triage_due=TODAY)) == []
    assert codes(facts(has_owner=False, triage_due=YESTERDAY)) == [TRIAGE_OVERDUE]
    assert codes(facts(has_owner=True, triage_due=YESTERDAY)) == []
    assert is_overdue(facts(has_owner=False, triage_due=YESTERDAY), TODAY)


def test_answer_overdue_counts_working_days_over_a_weekend():
    # Due Friday 6 March; on Wednesday 11 March it is 3 working days late (Mon, Tue, Wed).
    friday = dt.date(2026, 3, 6)
    (flag,) = initiative_flags(facts(answered=False, answer_due=friday), TODAY)
    assert flag.code == ANSWER_OVERDUE
    assert flag.params == {"due": friday, "working_days": 3}
    assert codes(facts(answered=False, answer_due=TODAY)) == []
    assert codes(facts(answered=True, answer_due=friday)) == []


def test_every_flag_at_once_most_urgent_first():
    everything = facts(
        has_owner=False,
        answered=False,
        triage_due=YESTERDAY,
        answer_due=YESTERDAY,
        handovers=3,
        open_handover_due=YESTERDAY,
    )
    assert codes(everything) == [TRIAGE_OVERDUE, ANSWER_OVERDUE, HANDOVER_LATE, MANY_HANDOVERS]


def test_a_closed_initiative_is_never_flagged():
    everything = facts(
        closed=True,
        has_owner=False,
        answered=False,
        triage_due=dt.date(2025, 1, 1),
        answer_due=dt.date(2025, 1, 1),
        handovers=7,
        open_handover_due=dt.date(2025, 1, 1),
    )
    assert codes(everything) == []
    assert not is_overdue(everything, TODAY)

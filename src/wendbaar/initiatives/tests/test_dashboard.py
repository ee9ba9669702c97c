"""The dashboard's arithmetic on toy cases computed by hand (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wendbaar.initiatives import dashboard as stats
from wendbaar.initiatives.constants import MAX_HANDOVERS

# Monday 2 March 2026; no holidays near it.
MON = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 3, 20)


def day(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def facts(i: int = 1, **kw) -> stats.InitiativeFacts:
    data = {
        "id": i,
        "status": "received",
        "received_on": MON,
        "triage_due": day(3),  # Thursday
        "answer_due": day(14),  # Monday 16 March
    }
    data.update(kw)
    return stats.InitiativeFacts(**data)


def test_median_of_odd_and_even_counts():
    assert stats.median([3, 1, 2]) == stats.Median(2.0, 3)
    assert stats.median([4, 1, 3, 2]) == stats.Median(2.5, 4)


def test_median_of_nothing_is_no_figure_not_zero():
    assert stats.median([]) == stats.Median(None, 0)


def test_working_days_across_a_weekend():
    # Received Friday 6 March, contact person on Monday 9 March: one working day.
    f = facts(received_on=day(4), owner_assigned_on=day(7), has_owner=True)
    d = stats.compute([f], today=TODAY)
    assert d.days_to_owner == stats.Median(1.0, 1)
    # Friday to the next Friday: five working days, not seven.
    f = facts(received_on=day(4), first_answer_on=day(11))
    assert stats.compute([f], today=TODAY).days_to_answer == stats.Median(5.0, 1)


def test_medians_count_only_those_that_have_the_moment():
    d = stats.compute(
        [
            facts(1, owner_assigned_on=day(1), has_owner=True, first_answer_on=day(2)),
            facts(2, owner_assigned_on=day(3), has_owner=True),  # no answer yet
            facts(3),  # nothing yet
        ],
        today=TODAY,
    )
    assert d.days_to_owner == stats.Median(2.0, 2)  # 1 and 3 working days
    assert d.days_to_answer == stats.Median(2.0, 1)


def test_share_within_the_promise():
    due = day(14)
    initiatives = [
        facts(1, first_answer_on=due),  # on the day: within
        facts(2, first_answer_on=day(2)),  # early: within
        facts(3, first_answer_on=day(15)),  # a day late: not within
        facts(4),  # open, past the promise, no answer: not within
        facts(5, answer_due=day(21)),  # open, not due yet: not counted
        facts(6, answer_due=day(25)),  # open, not due yet: not counted
    ]
    share = stats.within_promise(initiatives, TODAY)
    assert share == stats.Share(within=2, counted=4, not_due=2)
    assert share.percent == 50.0


def test_share_of_nothing_to_judge_is_no_figure():
    share = stats.within_promise([facts(answer_due=day(30))], TODAY)
    assert share == stats.Share(within=0, counted=0, not_due=1)
    assert share.percent is None


def test_overdue_now():
    d = stats.compute(
        [
            facts(1),  # no owner after triage_due and no answer after answer_due
            facts(2, answer_due=day(25)),  # no owner after triage_due: overdue
            facts(3, has_owner=True, answer_due=day(25)),  # in time
            facts(4, closed=True, status="stopped"),  # ended: nothing waits on it
            facts(5, triage_due=TODAY, answer_due=TODAY),  # due today is still in time
        ],
        today=TODAY,
    )
    assert d.overdue == 2


def test_handovers_mean_and_many():
    d = stats.compute(
        [facts(1, handovers=0), facts(2, handovers=MAX_HANDOVERS), facts(3, handovers=4)],
        today=TODAY,
    )
    assert d.handovers.total == MAX_HANDOVERS + 4
    assert d.handovers.mean == (MAX_HANDOVERS + 4) / 3
    assert d.handovers.many == 1  # more than MAX_HANDOVERS, not MAX_HANDOVERS itself


def test_conflicts_by_department_most_open_first():
    rows = stats.conflicts_by_department(
        [
            stats.ConflictFacts(1, "Verkeer"),
            stats.ConflictFacts(1, "Verkeer"),
            stats.ConflictFacts(2, "Verkeer", resolved=True),
            stats.ConflictFacts(3, "Openbare ruimte", resolved=True),
            stats.ConflictFacts(4, "Vergunningen"),
        ]
    )
    assert [r.department for r in rows] == ["Verkeer", "Vergunningen", "Openbare ruimte"]
    verkeer = rows[0]
    assert (verkeer.open, verkeer.resolved, verkeer.blocked, verkeer.were_blocked) == (2, 1, 1, 1)
    assert rows[2].blocked == 0 and rows[2].were_blocked == 1


def test_support_by_kind_counts_and_euros():
    rows = stats.support_by_kind(
        [
            stats.SupportFacts("advice"),
            stats.SupportFacts("wijkbudget", Decimal("250.00")),
            stats.SupportFacts("wijkbudget", Decimal("100.50")),
        ]
    )
    assert [(r.kind, r.count, r.amount, r.with_amount) for r in rows] == [
        ("wijkbudget", 2, Decimal("350.50"), 2),
        ("advice", 1, Decimal("0"), 0),
    ]


def test_empty_input_gives_no_figures():
    d = stats.compute([], today=TODAY)
    assert d.is_empty
    assert d.days_to_owner.value is None and d.days_to_answer.value is None
    assert d.within_promise.percent is None
    assert d.handovers.mean is None
    assert d.overdue == 0 and d.conflicts == [] and d.support == []
    rows = {(r.section, r.key): r for r in stats.figure_rows(d)}
    assert rows[("speed", "days_to_owner")].value is None
    assert rows[("promise", "answered_within_promise")].value is None


def test_every_status_is_listed_in_order():
    d = stats.compute([facts(1), facts(2, status="realised", closed=True)], today=TODAY)
    assert d.by_status[0] == ("received", 1)
    assert dict(d.by_status)["realised"] == 1
    assert dict(d.by_status)["stopped"] == 0
    assert d.open == 1


def test_bar_chart_scales_to_the_largest():
    chart = stats.bar_chart([("a", 10, "10"), ("b", 5, "5"), ("c", 0, "0")])
    assert [b.width for b in chart.bars] == [stats.BAR_AREA, stats.BAR_AREA / 2, 1.0]
    assert stats.bar_chart([]).bars == []

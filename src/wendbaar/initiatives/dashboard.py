"""The initiatives dashboard: "always an answer", measured. Pure statistics over plain
facts, no Django (like ``agenda/warnings.py`` and ``agenda/rollup.py``).

``dashboard_selectors`` reads the facts in a fixed number of queries; this module turns
them into figures; the views put words to them. Honest figures:

* a median of nothing is no figure (``None``), never 0; every median says its ``n``;
* the share answered within the promise counts an initiative once its promise can be
  judged: answered (on or before ``answer_due`` is within), or past ``answer_due``
  without an answer (not within, also when it ended without one). An open initiative
  whose answer is not due yet is left out, and how many were left out is reported;
* durations are working days (``core.workdays``), as the promise itself is counted.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from wendbaar.core.workdays import working_days_between

from .constants import MAX_HANDOVERS, InitiativeStatus, SupportKind

CENT = Decimal("0.01")


class InitiativeFacts(NamedTuple):
    """One initiative as the dashboard needs it (local dates, not times).

    Immutable like the frozen dataclasses beside it, but a named tuple: a page builds
    thousands of these, and a tuple is built several times faster (measured in make
    bench)."""

    id: int
    status: str
    received_on: dt.date
    triage_due: dt.date
    answer_due: dt.date
    owner_assigned_on: dt.date | None = None
    first_answer_on: dt.date | None = None
    has_owner: bool = False
    closed: bool = False
    handovers: int = 0  # every hand-over: offered, accepted or refused


@dataclass(frozen=True)
class ConflictFacts:
    initiative_id: int
    department: str
    resolved: bool = False


@dataclass(frozen=True)
class SupportFacts:
    """Support given: one gift, or ``count`` gifts of one kind already added up in the
    database (``amount`` their sum, ``with_amount`` how many had an amount)."""

    kind: str
    amount: Decimal | None = None
    count: int = 1
    with_amount: int | None = None  # None: 1 when there is an amount, else 0


# --- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Median:
    """A median in working days over ``n`` initiatives; ``None`` when ``n`` is 0."""

    value: float | None
    n: int


@dataclass(frozen=True)
class Share:
    """``within`` of ``counted`` kept the promise; ``not_due`` were not counted yet."""

    within: int
    counted: int
    not_due: int

    @property
    def percent(self) -> float | None:
        return None if self.counted == 0 else 100.0 * self.within / self.counted


@dataclass(frozen=True)
class HandOvers:
    total: int
    initiatives: int  # over how many initiatives the mean is taken
    many: int  # initiatives with more than MAX_HANDOVERS
    max_handovers: int = MAX_HANDOVERS

    @property
    def mean(self) -> float | None:
        return None if self.initiatives == 0 else self.total / self.initiatives


@dataclass(frozen=True)
class DepartmentConflicts:
    department: str
    open: int  # conflicts not resolved
    resolved: int
    blocked: int  # initiatives with at least one open conflict here
    were_blocked: int  # initiatives with conflicts here, all of them resolved

    @property
    def total(self) -> int:
        return self.open + self.resolved


@dataclass(frozen=True)
class SupportByKind:
    kind: str
    count: int
    amount: Decimal  # euros, of the support with an amount
    with_amount: int  # how many had an amount


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    total: int
    by_status: list[tuple[str, int]]  # every status, in the workflow's order
    days_to_owner: Median
    days_to_answer: Median
    within_promise: Share
    overdue: int
    handovers: HandOvers
    conflicts: list[DepartmentConflicts] = field(default_factory=list)
    support: list[SupportByKind] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def open(self) -> int:
        closed = {
            InitiativeStatus.REALISED,
            InitiativeStatus.STOPPED,
            InitiativeStatus.NOT_POSSIBLE,
        }
        return sum(n for status, n in self.by_status if status not in closed)

    @property
    def open_conflicts(self) -> int:
        return sum(d.open for d in self.conflicts)

    @property
    def support_count(self) -> int:
        return sum(s.count for s in self.support)

    @property
    def support_amount(self) -> Decimal:
        return sum((s.amount for s in self.support), Decimal("0"))


# --- the arithmetic -----------------------------------------------------------------------


def median(values: Sequence[float]) -> Median:
    """The median (mean of the middle two for an even count); of nothing, no figure."""
    if not values:
        return Median(None, 0)
    return Median(float(statistics.median(values)), len(values))


@lru_cache(maxsize=65_536)
def _working_days(start: dt.date, end: dt.date) -> int:
    """``working_days_between`` remembered per pair of days: thousands of initiatives
    share the same pairs, and the answer never changes (holidays are fixed by law)."""
    return working_days_between(start, end)


def is_overdue(f: InitiativeFacts, today: dt.date) -> bool:
    """A promise broken now (``querysets.triage_overdue_q`` / ``answer_overdue_q``): open,
    and no contact person after ``triage_due`` or no first answer after ``answer_due``."""
    if f.closed:
        return False
    return (not f.has_owner and f.triage_due < today) or (
        f.first_answer_on is None and f.answer_due < today
    )


def within_promise(facts: Iterable[InitiativeFacts], today: dt.date) -> Share:
    within = counted = not_due = 0
    for f in facts:
        if f.first_answer_on is not None:
            counted += 1
            within += f.first_answer_on <= f.answer_due
        elif f.answer_due < today:
            counted += 1  # no answer past the promise: open or ended, not within
        elif f.closed:
            continue  # ended without an answer before its promise fell due: nothing to judge
        else:
            not_due += 1
    return Share(within=within, counted=counted, not_due=not_due)


def conflicts_by_department(conflicts: Iterable[ConflictFacts]) -> list[DepartmentConflicts]:
    """Per department; most open conflicts first, then most conflicts, then by name."""
    open_: dict[str, int] = {}
    resolved: dict[str, int] = {}
    blocked: dict[str, set[int]] = {}
    touched: dict[str, set[int]] = {}
    for c in conflicts:
        touched.setdefault(c.department, set()).add(c.initiative_id)
        if c.resolved:
            resolved[c.department] = resolved.get(c.department, 0) + 1
        else:
            open_[c.department] = open_.get(c.department, 0) + 1
            blocked.setdefault(c.department, set()).add(c.initiative_id)
    rows = [
        DepartmentConflicts(
            department=d,
            open=open_.get(d, 0),
            resolved=resolved.get(d, 0),
            blocked=len(blocked.get(d, ())),
            were_blocked=len(ids - blocked.get(d, set())),
        )
        for d, ids in touched.items()
    ]
    rows.sort(key=lambda r: (-r.open, -r.total, r.department.casefold()))
    return rows


def support_by_kind(support: Iterable[SupportFacts]) -> list[SupportByKind]:
    """Per kind of support given, in the order of ``SupportKind``; kinds never given are
    left out."""
    count: dict[str, int] = {}
    amount: dict[str, Decimal] = {}
    with_amount: dict[str, int] = {}
    for s in support:
        count[s.kind] = count.get(s.kind, 0) + s.count
        if s.amount is not None:
            amount[s.kind] = amount.get(s.kind, Decimal("0")) + s.amount
        given = (s.amount is not None) if s.with_amount is None else s.with_amount
        with_amount[s.kind] = with_amount.get(s.kind, 0) + given
    order = [k for k in SupportKind.values if k in count] + sorted(
        k for k in count if k not in SupportKind.values
    )
    return [SupportByKind(k, count[k], amount.get(k, Decimal("0")), with_amount[k]) for k in order]


def compute(
    initiatives: Sequence[InitiativeFacts],
    conflicts: Iterable[ConflictFacts] = (),
    support: Iterable[SupportFacts] = (),
    *,
    today: dt.date,
) -> Dashboard:
    days = _working_days
    by_status = dict.fromkeys(InitiativeStatus.values, 0)
    to_owner: list[int] = []
    to_answer: list[int] = []
    overdue = handovers = many = 0
    for f in initiatives:
        by_status[f.status] = by_status.get(f.status, 0) + 1
        if f.owner_assigned_on is not None:
            to_owner.append(days(f.received_on, f.owner_assigned_on))
        if f.first_answer_on is not None:
            to_answer.append(days(f.received_on, f.first_answer_on))
        overdue += is_overdue(f, today)
        handovers += f.handovers
        many += f.handovers > MAX_HANDOVERS
    return Dashboard(
        today=today,
        total=len(initiatives),
        by_status=list(by_status.items()),
        days_to_owner=median(to_owner),
        days_to_answer=median(to_answer),
        within_promise=within_promise(initiatives, today),
        overdue=overdue,
        handovers=HandOvers(total=handovers, initiatives=len(initiatives), many=many),
        conflicts=conflicts_by_department(conflicts),
        support=support_by_kind(support),
    )


# --- one row per figure (the CSV export, and the check that page and file agree) -----------


@dataclass(frozen=True)
class FigureRow:
    section: str  # stable English keys: scripts read every language's export
    key: str
    value: int | float | Decimal | None  # None: no figure (a median of nothing)
    unit: str = ""
    n: int | None = None  # over how many initiatives, where that is not the total


def figure_rows(d: Dashboard) -> list[FigureRow]:
    rows = [FigureRow("initiatives", "total", d.total, "initiatives")]
    rows += [FigureRow("status", status, n, "initiatives") for status, n in d.by_status]
    rows += [
        FigureRow(
            "speed",
            "days_to_owner",
            _round(d.days_to_owner.value),
            "working days",
            d.days_to_owner.n,
        ),
        FigureRow(
            "speed",
            "days_to_answer",
            _round(d.days_to_answer.value),
            "working days",
            d.days_to_answer.n,
        ),
        FigureRow(
            "promise",
            "answered_within_promise",
            _round(d.within_promise.percent),
            "%",
            d.within_promise.counted,
        ),
        FigureRow("promise", "within", d.within_promise.within, "initiatives"),
        FigureRow("promise", "not_due_yet", d.within_promise.not_due, "initiatives"),
        FigureRow("promise", "overdue_now", d.overdue, "initiatives"),
        FigureRow("handovers", "total", d.handovers.total, "hand-overs"),
        FigureRow(
            "handovers",
            "mean_per_initiative",
            _round(d.handovers.mean, 2),
            "hand-overs",
            d.handovers.initiatives,
        ),
        FigureRow(
            "handovers", f"more_than_{d.handovers.max_handovers}", d.handovers.many, "initiatives"
        ),
    ]
    for c in d.conflicts:
        rows += [
            FigureRow("rule_conflicts", f"{c.department}: open", c.open, "conflicts"),
            FigureRow("rule_conflicts", f"{c.department}: resolved", c.resolved, "conflicts"),
            FigureRow("rule_conflicts", f"{c.department}: blocked", c.blocked, "initiatives"),
            FigureRow(
                "rule_conflicts", f"{c.department}: were_blocked", c.were_blocked, "initiatives"
            ),
        ]
    for s in d.support:
        rows += [
            FigureRow("support", f"{s.kind}: count", s.count, "times"),
            FigureRow(
                "support", f"{s.kind}: amount", s.amount.quantize(CENT), "euro", s.with_amount
            ),
        ]
    return rows


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# --- bar charts (layout arithmetic; the template draws the SVG) -----------------------------

LABEL_WIDTH = 220
BAR_AREA = 360
BAR_HEIGHT = 18
BAR_GAP = 8
TOP = 8
VALUE_ROOM = 150  # the value is written after each bar: the chart never needs colour


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown, next to the bar
    y: float
    width: float

    @property
    def text_y(self) -> float:
        return round(self.y + BAR_HEIGHT * 0.75, 1)

    @property
    def value_x(self) -> float:
        return round(LABEL_WIDTH + self.width + 6, 1)


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(items: Sequence[tuple[str, float, str]]) -> BarChart:
    """Horizontal bars, one per ``(label, value, text)``, the largest value full width;
    a zero stays a visible stub so "none" differs from "left out"."""
    biggest = max((v for _l, v, _t in items), default=0) or 1
    bars = []
    for i, (label, value, text) in enumerate(items):
        width = max(round(float(value) / float(biggest) * BAR_AREA, 1), 1.0)
        bars.append(Bar(label, float(value), text, TOP + i * (BAR_HEIGHT + BAR_GAP), width))
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(bars=bars, width=LABEL_WIDTH + BAR_AREA + VALUE_ROOM, height=max(height, 40))

"""All money flows in the wijk and the co-funding share: pure rules over plain rows, no Django.

Money that adds up (issue #11):

* **Planned, committed and spent are separate figures**, never added into one total:
  money that is only planned is not money that was spent. Every breakdown here gives
  the three side by side (:class:`Amounts`); a sum is only ever taken within one status.
* **Nothing is split.** A project's funding counts under the project's theme, or under
  the combination of its themes when it has several (``"housing+safety"``: one row of
  its own, never 1/3 to each), or under "no theme" (``""``) when it has none. A money
  flow outside the projects has one theme or none. Every row counts once, in full.
* **The co-funding share** of a project is the money of other parties than the
  programme's budget holder (the gemeente's programme budget is "own" money; every other
  party's is co-funding) over the project's **cost** (its budget) — not over the
  funding entered. Without a budget holder or without a budget (none, or zero) the
  share is unknown, with the reason; it is never shown as 0 or 100 %. All current
  tranches count, whatever their status (the financing plan): one tranche is one row
  whose status moves on, so nothing is counted twice; withdrawn rows never reach here.
* **Over budget**: the current funding of a project (all statuses) may not exceed its
  budget; a project without a budget is not checked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

PLANNED, COMMITTED, SPENT = "planned", "committed", "spent"
STATUSES = (PLANNED, COMMITTED, SPENT)
ZERO = Decimal("0")
#: Theme key of money without a theme ("geen thema").
NO_THEME = ""
#: Joins the themes of a project with several into one key (never split over them).
THEME_JOINER = "+"

# Why a co-funding share is unknown.
NO_BUDGET_HOLDER = "no_budget_holder"  # nobody's money is "own"
NO_COST = "no_cost"  # no budget (none or zero): nothing to divide by


@dataclass(frozen=True)
class MoneyRow:
    party_id: int
    party: str
    year: int
    amount: Decimal
    status: str
    themes: tuple[str, ...] = ()
    in_project: bool = True

    @property
    def theme(self) -> str:
        return theme_key(self.themes)


def theme_key(themes: Sequence[str]) -> str:
    """The one theme key money counts under: ``""`` (no theme), a theme, or the
    combination of several in the given order (``"housing+safety"``)."""
    return THEME_JOINER.join(dict.fromkeys(t for t in themes if t))


@dataclass(frozen=True)
class Amounts:
    """Planned, committed and spent money, side by side. Deliberately without a total."""

    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    def plus(self, status: str, amount: Decimal) -> Amounts:
        if status not in STATUSES:
            raise ValueError(f"Unknown status {status!r}")
        return Amounts(
            **{s: getattr(self, s) + (amount if s == status else ZERO) for s in STATUSES}
        )

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(*(getattr(self, s) + getattr(other, s) for s in STATUSES))

    def as_list(self) -> list[Decimal]:
        return [self.planned, self.committed, self.spent]

    def __bool__(self) -> bool:
        return any(self.as_list())


def by_status(rows: Iterable[MoneyRow], key: Callable[[MoneyRow], K]) -> dict[K, Amounts]:
    """Planned, committed and spent per ``key(row)`` (each row counted once, in full)."""
    out: dict[K, Amounts] = defaultdict(Amounts)
    for row in rows:
        out[key(row)] = out[key(row)].plus(row.status, row.amount)
    return dict(out)


def in_total(rows: Iterable[MoneyRow]) -> Amounts:
    """Planned, committed and spent over all ``rows``: three figures, not one."""
    total = Amounts()
    for row in rows:
        total = total.plus(row.status, row.amount)
    return total


@dataclass(frozen=True)
class Cell:
    party: str
    theme: str
    year: int
    amounts: Amounts


def money_cells(rows: Iterable[MoneyRow]) -> list[Cell]:
    """Cells party x theme x year with their three amounts, sorted by party, theme, year
    ("no theme" after the themes)."""
    cells = by_status(rows, lambda r: (r.party, r.theme, r.year))
    order = sorted(cells, key=lambda k: (k[0], k[1] == NO_THEME, k[1], k[2]))
    return [Cell(p, t, y, cells[p, t, y]) for p, t, y in order]


# --- co-funding ------------------------------------------------------------------------


@dataclass(frozen=True)
class CoFunding:
    """Other parties' money over the cost; ``share`` None when unknown, ``reason`` says
    why (``NO_BUDGET_HOLDER``, ``NO_COST``)."""

    share: float | None
    others: Decimal
    cost: Decimal | None
    reason: str = ""
    left_out: int = 0  # projects without a budget, left out of a wijkaanpak's share

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(100 * self.share)


def others_money(rows: Iterable[MoneyRow], budget_holder_id: int) -> Decimal:
    return sum((r.amount for r in rows if r.party_id != budget_holder_id), ZERO)


def co_funding_share(
    rows: Iterable[MoneyRow], budget_holder_id: int | None, cost: Decimal | None
) -> CoFunding:
    """The co-funding share of one project: money of parties other than the budget
    holder over the project's cost. €40k of others on a €90k project is 0.444…, however
    much of the rest has been entered yet."""
    rows = list(rows)
    if budget_holder_id is None:
        return CoFunding(None, ZERO, cost, NO_BUDGET_HOLDER)
    others = others_money(rows, budget_holder_id)
    if cost is None or cost <= 0:
        return CoFunding(None, others, cost, NO_COST)
    return CoFunding(float(others / cost), others, cost)


def combined_co_funding_share(
    projects: Iterable[tuple[Decimal | None, Sequence[MoneyRow]]], budget_holder_id: int | None
) -> CoFunding:
    """The co-funding share of a set of projects (a wijkaanpak): others' money over the
    summed cost, of the projects that have a budget; those without one are counted in
    ``left_out`` (their money is not in the share: it has no cost to compare with)."""
    if budget_holder_id is None:
        return CoFunding(None, ZERO, None, NO_BUDGET_HOLDER)
    others, cost, left_out = ZERO, ZERO, 0
    for project_cost, rows in projects:
        if project_cost is None or project_cost <= 0:
            left_out += 1
            continue
        cost += project_cost
        others += others_money(rows, budget_holder_id)
    if cost <= 0:
        return CoFunding(None, others, None, NO_COST, left_out)
    return CoFunding(float(others / cost), others, cost, "", left_out)


# --- over budget -----------------------------------------------------------------------


def funding_total_after(
    current: Iterable[Decimal], *, new: Decimal, replacing: Decimal = ZERO
) -> Decimal:
    """A project's funding total once ``new`` is entered (or replaces ``replacing``, the
    old amount of the line being edited, which ``current`` still contains)."""
    return sum(current, ZERO) - replacing + new


def exceeds_budget(budget: Decimal | None, total: Decimal) -> bool:
    """Whether ``total`` funding is above the project's budget; never without a budget."""
    return budget is not None and budget > 0 and total > budget

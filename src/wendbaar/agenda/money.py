"""All money flows in the wijk: party x theme x year, and the co-funding share.

Pure functions over plain rows, no Django.

* A project's funding is spread evenly over the project's themes, so totals per party
  and year stay exact (a project without themes counts as theme ``""``, "no theme").
  Cents that do not divide evenly go to the first theme.
* Money flows outside projects (``MoneyFlow``) carry their own single theme.
* Co-funding share of a project (or of a whole wijkaanpak): the part of the funding
  that comes from parties other than the programme's budget holder, divided by all
  funding, counting the given statuses (by default planned, committed and spent: the
  financing plan; one tranche is one row whose status moves on, so nothing is counted
  twice). Undefined (None) without a budget holder or without funding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

ALL_STATUSES = ("planned", "committed", "spent")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class MoneyRow:
    party_id: int
    party: str
    year: int
    amount: Decimal
    status: str
    themes: tuple[str, ...] = ()
    in_project: bool = True


@dataclass(frozen=True)
class Cell:
    party: str
    theme: str
    year: int
    amount: Decimal


def split_over_themes(amount: Decimal, themes: Sequence[str]) -> list[tuple[str, Decimal]]:
    if not themes:
        return [("", amount)]
    share = (amount / len(themes)).quantize(CENT, rounding=ROUND_DOWN)
    parts = [share] * len(themes)
    parts[0] += amount - share * len(themes)
    return list(zip(themes, parts, strict=True))


def money_matrix(rows: Iterable[MoneyRow], *, statuses: Sequence[str] = ALL_STATUSES) -> list[Cell]:
    """Cells party x theme x year, sorted by party, theme, year."""
    totals: dict[tuple[str, str, int], Decimal] = defaultdict(Decimal)
    for row in rows:
        if row.status not in statuses:
            continue
        for theme, part in split_over_themes(row.amount, row.themes):
            totals[(row.party, theme, row.year)] += part
    return [Cell(p, t, y, a) for (p, t, y), a in sorted(totals.items())]


def totals_by(cells: Iterable[Cell], key: str) -> dict:
    out: dict = defaultdict(Decimal)
    for c in cells:
        out[getattr(c, key)] += c.amount
    return dict(out)


def co_funding_share(
    rows: Iterable[MoneyRow],
    budget_holder_id: int | None,
    *,
    statuses: Sequence[str] = ALL_STATUSES,
) -> float | None:
    if budget_holder_id is None:
        return None
    total = Decimal("0")
    others = Decimal("0")
    for row in rows:
        if row.status not in statuses:
            continue
        total += row.amount
        if row.party_id != budget_holder_id:
            others += row.amount
    if total == 0:
        return None
    return float(others / total)

from decimal import Decimal

import pytest

from wendbaar.agenda.money import (
    MoneyRow,
    co_funding_share,
    money_matrix,
    split_over_themes,
    totals_by,
)

D = Decimal


def row(party_id, amount, *, year=2025, status="committed", themes=(), party=None):
    return MoneyRow(
        party_id=party_id,
        party=party or f"P{party_id}",
        year=year,
        amount=D(amount),
        status=status,
        themes=tuple(themes),
    )


def test_split_over_themes_keeps_every_cent():
    parts = split_over_themes(D("100.00"), ["a", "b", "c"])
    assert parts == [("a", D("33.34")), ("b", D("33.33")), ("c", D("33.33"))]
    assert sum(a for _t, a in parts) == D("100.00")
    assert split_over_themes(D("5"), []) == [("", D("5"))]


def test_matrix_party_theme_year():
    cells = money_matrix(
        [
            row(1, "1000", themes=["housing", "safety"]),
            row(1, "500", themes=["housing"], year=2026),
            row(2, "300"),
            row(2, "999", status="planned"),
        ],
        statuses=("committed", "spent"),
    )
    got = {(c.party, c.theme, c.year): c.amount for c in cells}
    assert got == {
        ("P1", "housing", 2025): D("500"),
        ("P1", "safety", 2025): D("500"),
        ("P1", "housing", 2026): D("500"),
        ("P2", "", 2025): D("300"),
    }
    assert totals_by(cells, "party") == {"P1": D("1500"), "P2": D("300")}
    assert totals_by(cells, "year") == {2025: D("1300"), 2026: D("500")}


class TestCoFunding:
    def test_share_from_parties_other_than_the_budget_holder(self):
        rows = [row(1, "600"), row(2, "300"), row(3, "100", status="spent")]
        assert co_funding_share(rows, 1) == pytest.approx(0.4)

    def test_statuses_filter(self):
        rows = [row(1, "600"), row(2, "400", status="planned")]
        assert co_funding_share(rows, 1, statuses=("committed",)) == pytest.approx(0.0)
        assert co_funding_share(rows, 1) == pytest.approx(0.4)

    def test_undefined_without_budget_holder_or_money(self):
        assert co_funding_share([row(1, "10")], None) is None
        assert co_funding_share([], 1) is None

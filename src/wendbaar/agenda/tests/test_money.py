"""The money rules, with figures computed by hand (``agenda/money.py``)."""

from decimal import Decimal

import pytest

from wendbaar.agenda.money import (
    NO_BUDGET_HOLDER,
    NO_COST,
    Amounts,
    MoneyRow,
    by_status,
    co_funding_share,
    combined_co_funding_share,
    exceeds_budget,
    funding_total_after,
    in_total,
    money_cells,
    theme_key,
)

D = Decimal
GEMEENTE = 1  # the budget holder


def row(party_id, amount, *, year=2025, status="committed", themes=(), in_project=True):
    return MoneyRow(
        party_id=party_id,
        party=f"P{party_id}",
        year=year,
        amount=D(amount),
        status=status,
        themes=tuple(themes),
        in_project=in_project,
    )


class TestThreeFiguresNeverOne:
    def test_planned_committed_and_spent_stay_apart(self):
        rows = [row(1, "100", status="planned"), row(2, "30"), row(2, "5", status="spent")]
        assert in_total(rows) == Amounts(planned=D("100"), committed=D("30"), spent=D("5"))
        assert not hasattr(Amounts(), "total")

    def test_by_party(self):
        rows = [row(1, "100", status="planned"), row(1, "40", status="planned"), row(2, "30")]
        got = by_status(rows, lambda r: r.party)
        assert got == {"P1": Amounts(planned=D("140")), "P2": Amounts(committed=D("30"))}

    def test_unknown_status_is_a_programming_error(self):
        with pytest.raises(ValueError):
            Amounts().plus("promised", D("1"))


class TestNothingIsSplit:
    def test_a_money_flow_without_theme_is_one_row_of_no_theme(self):
        # €34 without a theme in a wijk with three themes: one "geen thema" row of €34,
        # not 11.33 + 11.33 + 11.34.
        rows = [
            row(1, "34", themes=(), in_project=False),
            row(2, "10", themes=("housing",), in_project=False),
            row(2, "10", themes=("work",), in_project=False),
            row(2, "10", themes=("safety",), in_project=False),
        ]
        by_theme = by_status(rows, lambda r: r.theme)
        assert by_theme[""] == Amounts(committed=D("34"))
        assert set(by_theme) == {"", "housing", "work", "safety"}
        assert all(a.committed == D("10") for t, a in by_theme.items() if t)

    def test_a_project_with_several_themes_counts_under_their_combination(self):
        rows = [row(1, "100", themes=("housing", "safety")), row(1, "1", themes=("work",))]
        by_theme = by_status(rows, lambda r: r.theme)
        assert by_theme == {
            "housing+safety": Amounts(committed=D("100")),
            "work": Amounts(committed=D("1")),
        }

    def test_theme_key(self):
        assert theme_key(()) == ""
        assert theme_key(("work",)) == "work"
        assert theme_key(("housing", "safety", "housing")) == "housing+safety"

    def test_cells_keep_every_cent_and_put_no_theme_last(self):
        cells = money_cells(
            [
                row(1, "0.01", themes=("housing", "safety", "work")),
                row(1, "5", status="planned"),
                row(1, "7", themes=("work",), year=2026, status="spent"),
            ]
        )
        assert [(c.party, c.theme, c.year) for c in cells] == [
            ("P1", "housing+safety+work", 2025),
            ("P1", "work", 2026),
            ("P1", "", 2025),
        ]
        assert cells[0].amounts == Amounts(committed=D("0.01"))
        assert cells[2].amounts == Amounts(planned=D("5"))


class TestCoFunding:
    def test_others_money_over_the_cost_not_over_the_funding_entered(self):
        # €40k from a corporatie on a €90k project: 40/90 = 44 %, not 100 %.
        share = co_funding_share([row(2, "40000")], GEMEENTE, D("90000"))
        assert share.share == pytest.approx(40 / 90)
        assert share.percent == 44
        assert share.reason == ""

    def test_own_money_is_not_co_funding(self):
        rows = [row(GEMEENTE, "50000"), row(2, "40000", status="planned")]
        assert co_funding_share(rows, GEMEENTE, D("90000")).percent == 44

    def test_only_own_money_is_zero_percent(self):
        share = co_funding_share([row(GEMEENTE, "90000")], GEMEENTE, D("90000"))
        assert share.share == 0.0 and share.reason == ""

    @pytest.mark.parametrize("cost", [None, D("0")])
    def test_without_a_budget_it_is_unknown_never_0_or_100(self, cost):
        share = co_funding_share([row(2, "40000")], GEMEENTE, cost)
        assert share.share is None and share.percent is None
        assert share.reason == NO_COST
        assert share.others == D("40000")

    def test_without_a_budget_holder_it_is_unknown(self):
        share = co_funding_share([row(2, "40000")], None, D("90000"))
        assert share.share is None and share.reason == NO_BUDGET_HOLDER

    def test_no_money_yet_on_a_budgeted_project_is_zero(self):
        assert co_funding_share([], GEMEENTE, D("1000")).share == 0.0

    def test_a_wijkaanpak_sums_costs_of_projects_with_a_budget(self):
        projects = [
            (D("90000"), [row(2, "40000"), row(GEMEENTE, "50000")]),
            (D("10000"), [row(GEMEENTE, "10000")]),
            (D("0"), [row(2, "5000")]),  # no budget: left out, and said so
        ]
        share = combined_co_funding_share(projects, GEMEENTE)
        assert share.share == pytest.approx(0.4)  # 40k of 100k
        assert share.left_out == 1

    def test_a_wijkaanpak_without_any_budget(self):
        share = combined_co_funding_share([(None, [row(2, "1")])], GEMEENTE)
        assert share.share is None and share.reason == NO_COST and share.left_out == 1
        assert combined_co_funding_share([], None).reason == NO_BUDGET_HOLDER


class TestOverBudget:
    def test_a_new_line_adds_to_the_current_total(self):
        total = funding_total_after([D("3000"), D("1000")], new=D("2000"))
        assert total == D("6000")
        assert exceeds_budget(D("5000"), total)
        assert not exceeds_budget(D("6000"), total)

    def test_an_edited_line_replaces_its_old_amount(self):
        total = funding_total_after([D("3000"), D("1000")], new=D("2000"), replacing=D("1000"))
        assert total == D("5000")
        assert not exceeds_budget(D("5000"), total)

    @pytest.mark.parametrize("budget", [None, D("0")])
    def test_no_budget_no_check(self, budget):
        assert not exceeds_budget(budget, D("999999"))

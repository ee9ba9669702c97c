"""The portfolio's rules, on hand-computed cases (pure: no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from wendbaar.agenda.money import NO_BUDGET_HOLDER, MoneyRow
from wendbaar.proposals import portfolio as pf
from wendbaar.proposals.portfolio import Cell, Label

D = dt.date
GOALS = [Label(1, "Meer ontmoeting"), Label(2, "Veiliger straten"), Label(3, "Werk voor jongeren")]
EFFECTS = [
    Label("cohesion", "Sociale cohesie"),
    Label("safety", "Veiligheid"),
    Label("work", "Werk"),
]


def row(party: int, amount: str) -> MoneyRow:
    return MoneyRow(party, f"party {party}", 2027, Decimal(amount), "planned")


def project(id: int, **kw) -> pf.Item:
    base = {"title": f"Project {id}", "state": "running", "start": D(2026, 1, 1)}
    return pf.project(id=id, **{**base, **kw})


def proposal(id: int, **kw) -> pf.Item:
    base = {"title": f"Voorstel {id}", "state": "submitted"}
    return pf.proposal(id=id, **{**base, **kw})


# --- goal x effect -------------------------------------------------------------------------


def _matrix_items() -> list[pf.Item]:
    return [
        project(10, goals=frozenset({1}), effects=frozenset({"cohesion"})),
        project(11, goals=frozenset({1, 2})),  # made without a proposal: no effect
        proposal(20, goals=frozenset({2}), effects=frozenset({"cohesion", "safety"})),
        # Rejected, became a project (counted as the project), stopped: none counts.
        proposal(21, state="decided", decision="rejected", goals=frozenset({3})),
        proposal(22, state="decided", decision="approved", project_id=10, goals=frozenset({3})),
        project(12, state="stopped", goals=frozenset({3}), effects=frozenset({"work"})),
    ]


def test_matrix_counts_each_cell_and_each_item_once_per_total():
    m = pf.matrix(_matrix_items(), GOALS, EFFECTS)
    assert m.cell(1, "cohesion") == Cell(proposals=0, projects=1)
    assert m.cell(1, None) == Cell(0, 1)  # project 11: no effect named
    assert m.cell(2, None) == Cell(0, 1)
    assert m.cell(2, "cohesion") == Cell(1, 0)
    assert m.cell(2, "safety") == Cell(1, 0)
    assert m.cell(3, "work").empty
    assert m.goal_totals[1] == Cell(0, 2)
    assert m.goal_totals[2] == Cell(1, 1)
    assert 3 not in m.goal_totals
    assert m.effect_totals["cohesion"] == Cell(1, 1)  # project 10 and proposal 20
    assert m.effect_totals[None] == Cell(0, 1)
    assert m.rows == [1, 2, 3]  # nothing without a goal: no "no goal" row
    assert m.columns == ["cohesion", "safety", "work", None]


def test_gaps_name_goals_without_project_and_effects_without_anything():
    findings = pf.gap_findings(pf.matrix(_matrix_items(), GOALS, EFFECTS))
    assert findings == [
        pf.Finding(
            "goals_without_project",
            {"count": 1, "total": 3, "goals": ["Werk voor jongeren"], "with_proposal": []},
        ),
        pf.Finding("effect_without_any", {"effect": "Werk", "key": "work"}),
    ]


def test_a_goal_with_only_a_proposal_still_has_no_project():
    items = [proposal(1, goals=frozenset({1}), effects=frozenset({"work"}))]
    findings = pf.gap_findings(pf.matrix(items, GOALS[:1], EFFECTS[2:]))
    assert findings == [
        pf.Finding(
            "goals_without_project",
            {
                "count": 1,
                "total": 1,
                "goals": ["Meer ontmoeting"],
                "with_proposal": ["Meer ontmoeting"],
            },
        )
    ]


# --- the carousel --------------------------------------------------------------------------


def _short_small(id: int, **kw) -> pf.Item:
    return project(id, start=D(2026, 3, 1), end=D(2026, 8, 31), cost=Decimal("8000"), **kw)


def test_carousel_reuses_the_agenda_rule_and_finds_clusters():
    items = [
        _short_small(1, goals=frozenset({1}), areas=frozenset({7})),
        _short_small(2, goals=frozenset({1}), areas=frozenset({7})),
        _short_small(3, goals=frozenset({2})),
        # Short and small, but continued by a follow-up: not carousel.
        _short_small(4, goals=frozenset({1}), has_follow_up=True),
        # Long and large.
        project(5, end=D(2029, 12, 31), cost=Decimal("400000"), goals=frozenset({1})),
        # A proposal on its way that would add to it.
        proposal(6, start=D(2027, 1, 1), end=D(2027, 3, 31), cost=Decimal("5000")),
    ]
    c = pf.carousel(items, GOALS, [Label(7, "Tigrisdreef")])
    assert c.projects == (1, 2, 3)
    assert c.total == 5
    assert c.proposals_alike == (6,)
    assert c.findings == (
        # 3 of 5 is 60 % > 50 %: agenda.warnings' own warning.
        pf.Finding("project_carousel", {"count": 3, "total": 5, "percent": 60}),
        pf.Finding("carousel_cluster_goal", {"name": "Meer ontmoeting", "count": 2, "total": 4}),
        pf.Finding("carousel_cluster_area", {"name": "Tigrisdreef", "count": 2, "total": 2}),
        pf.Finding("proposals_alike", {"count": 1}),
    )


def test_a_few_carousel_projects_are_named_without_the_warning():
    items = [_short_small(1), project(2, end=None, cost=Decimal("1")), project(3, end=None)]
    c = pf.carousel(items, GOALS, [])
    assert c.findings == (pf.Finding("carousel_projects", {"count": 1, "total": 3}),)


# --- money ---------------------------------------------------------------------------------


def test_co_funding_over_projects_and_approved_proposals_with_a_cost():
    items = [
        project(1, cost=Decimal("100000"), funding=(row(1, "60000"), row(2, "40000"))),
        project(2, cost=Decimal("0"), funding=(row(2, "9000"),)),  # no budget: left out
        proposal(
            3,
            state="decided",
            decision="approved",
            cost=Decimal("50000"),
            funding=(row(3, "10000"), row(1, "40000")),
        ),
        # On its way, and approved-and-became-project 1: neither counts again.
        proposal(4, cost=Decimal("10000"), funding=(row(2, "10000"),)),
        proposal(5, state="decided", decision="approved", project_id=1, cost=Decimal("100000")),
    ]
    c = pf.co_funding(items, budget_holder_id=1)
    # (40,000 + 10,000) of (100,000 + 50,000) = 33 %.
    assert (c.others, c.cost, c.left_out, c.percent) == (
        Decimal("50000"),
        Decimal("150000"),
        1,
        33,
    )
    finding = pf.co_funding_finding(c, Decimal("0.40"))
    assert finding.code == "co_funding_below"
    assert finding.params["minimum"] == 40
    assert items[0].own_money(1) == Decimal("60000")
    assert items[0].other_money(1) == Decimal("40000")


def test_co_funding_exactly_at_the_minimum_meets_it():
    items = [project(1, cost=Decimal("90000"), funding=(row(2, "36000"),))]
    assert pf.co_funding_finding(pf.co_funding(items, 1), Decimal("0.40")).code == (
        "co_funding_meets"
    )
    items = [project(1, cost=Decimal("90000"), funding=(row(2, "35999.99"),))]
    assert pf.co_funding_finding(pf.co_funding(items, 1), Decimal("0.40")).code == (
        "co_funding_below"
    )


def test_co_funding_without_budget_holder_is_unknown_with_the_reason():
    finding = pf.co_funding_finding(
        pf.co_funding([project(1, cost=Decimal("1000"))], None), Decimal("0.40")
    )
    assert finding.code == "co_funding_unknown"
    assert finding.params["reason"] == NO_BUDGET_HOLDER


# --- waiting -------------------------------------------------------------------------------


def test_waiting_per_step_in_working_days_across_koningsdag():
    today = D(2026, 4, 30)  # Thursday; Monday 27 April 2026 is Koningsdag
    items = [
        # Friday 24 April: 28, 29, 30 April count (weekend and Koningsdag do not) = 3.
        proposal(1, step_since=D(2026, 4, 24), step_due=D(2026, 4, 29)),
        proposal(2, step_since=D(2026, 4, 29), step_due=D(2026, 4, 30)),  # due today: not over
        proposal(3, state="in_assessment", step_since=D(2026, 4, 30)),
        proposal(4, state="decided", decision="rejected", step_since=D(2026, 1, 1)),
        project(5),
    ]
    steps = {s.step: s for s in pf.waiting(items, today)}
    assert list(steps) == ["submitted", "in_conversation", "in_assessment"]
    submitted = steps["submitted"]
    assert (submitted.count, submitted.oldest, submitted.overdue) == (2, 3, 1)
    assert [(w.item.id, w.age, w.overdue) for w in submitted.waiting] == [
        (1, 3, True),
        (2, 1, False),
    ]
    assert (steps["in_conversation"].count, steps["in_conversation"].oldest) == (0, None)
    assert (steps["in_assessment"].count, steps["in_assessment"].oldest) == (1, 0)
    assert pf.waiting_findings(list(steps.values())) == [
        pf.Finding("proposals_overdue", {"count": 1})
    ]


# --- areas and time ------------------------------------------------------------------------


def test_by_area_lists_wijk_then_its_buurten_then_nothing_named():
    wijk, buurt, other = Label(1, "Overvecht"), Label(2, "Tigrisdreef", parent=1), Label(3, "Zuid")
    items = [
        proposal(1, areas=frozenset({2})),
        _short_small(2, areas=frozenset({1})),
        project(3, areas=frozenset({1, 2})),
        project(4),  # made without a proposal: no area
        proposal(5, state="withdrawn", areas=frozenset({3})),  # does not count
    ]
    rows = pf.by_area(items, [buurt, other, wijk])
    assert [
        (r.area.name if r.area else None, r.proposals, r.projects, r.carousel) for r in rows
    ] == [
        ("Overvecht", 0, 2, 1),
        ("Tigrisdreef", 1, 1, 0),
        (None, 0, 1, 0),
    ]


def test_by_year_counts_projects_running_and_proposals_planned():
    today = D(2026, 6, 1)
    items = [
        _short_small(1),  # 2026 only, carousel
        project(2, start=D(2026, 3, 1), end=D(2027, 2, 28), cost=Decimal("90000")),
        project(3, start=D(2025, 1, 1), end=None),  # open-ended: up to the last year
        proposal(4, start=D(2028, 1, 1), end=D(2028, 6, 30)),
        project(5, state="stopped", start=D(2024, 1, 1), end=D(2024, 2, 1)),
    ]
    assert [(y.year, y.projects, y.carousel, y.proposals) for y in pf.by_year(items, today)] == [
        (2025, 1, 0, 0),
        (2026, 3, 1, 0),
        (2027, 2, 0, 0),
        (2028, 1, 0, 1),
    ]


def test_portfolio_says_its_findings_in_order():
    items = [_short_small(i, goals=frozenset({1})) for i in range(1, 4)]
    p = pf.portfolio(
        items,
        goals=GOALS[:2],
        effects=EFFECTS[:1],
        areas=[],
        budget_holder_id=1,
        minimum=Decimal("0.40"),
        today=D(2026, 6, 1),
    )
    assert [f.code for f in p.findings] == [
        "goals_without_project",
        "effect_without_any",
        "project_carousel",
        "carousel_cluster_goal",
        "co_funding_below",
    ]


# --- the heat grid -------------------------------------------------------------------------


def test_wrap_keeps_column_heads_short():
    assert pf.wrap("Betere toegang tot bestaande (hulp)voorzieningen") == [
        "Betere toegang",
        "tot bestaande",
        "(hulp)voorzienin…",
    ]
    assert pf.wrap("Werkgelegenheid") == ["Werkgelegenheid"]
    assert pf.wrap("een twee drie vier vijf zes zeven acht negen tien elf") == [
        "een twee drie",
        "vier vijf zes",
        "zeven acht negen…",
    ]


def test_heat_grid_places_a_cell_per_goal_and_effect_with_readable_ink():
    grid = pf.heat_grid(
        ["Meer ontmoeting", "Werk"],
        ["Cohesie", "Werk"],
        [
            [Cell(proposals=0, projects=0), Cell(proposals=1, projects=4)],
            [Cell(proposals=2, projects=0), Cell(proposals=0, projects=1)],
        ],
    )
    assert (grid.width, grid.height) == (230 + 2 * 120 + 4, 62 + 2 * 44 + 4)
    cells = [c for r in grid.rows for c in r.cells]
    assert [(c.x, c.y) for c in cells] == [(230, 62), (350, 62), (230, 106), (350, 106)]
    assert [c.fill for c in cells] == ["#FFFFFF", "#0072B2", "#FFFFFF", "#DCEBF7"]
    assert cells[1].ink == "#FFFFFF"  # white on the darkest blue: 5.1:1
    assert cells[0].empty and not cells[2].empty  # a proposal is not nothing

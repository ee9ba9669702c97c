"""The portfolio of a wijkaanpak: where the programme fragments. Pure rules, no Django.

All proposals and projects of one wijkaanpak, by goal x effect x area x time:

* **What counts** in the matrix, the gaps and the clusters: the projects that are not
  stopped, and the proposals still on their way (submitted, in conversation, in
  assessment). A proposal that became a project counts once, as the project; a rejected
  one counts nowhere (it will not happen); an approved one whose project is gone counts
  as a proposal. Drafts and withdrawn proposals never reach this module.
* **A project's effects** are those its proposal aimed at; a project made without a
  proposal names none (the matrix shows it under "no effect named", never under a guess).
* **The carousel** is ``agenda.warnings``' rule, imported, not copied: short (≤ a year),
  small (below €25,000) and without follow-up on either side. A *cluster* is a goal or an
  area with at least :data:`CLUSTER_MIN` such projects.
* **The co-funding share** is ``agenda.money.combined_co_funding_share`` over the
  projects (all of them, as the wijkaanpak's money page) and the approved proposals that
  have no project: other parties' money over the summed cost of those with a cost.
* **Waiting per step**: per step of the road the number of proposals, the oldest age in
  working days since they entered the step, and how many passed the date promised.

Results are codes with params (:class:`Finding`); the page says them in words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from wendbaar.agenda import money
from wendbaar.agenda.warnings import ProjectFacts, carousel_warnings, is_carousel_project
from wendbaar.core.workdays import working_days_between

PROPOSAL, PROJECT = "proposal", "project"
# The steps a proposal waits in (``constants.Step`` values), in the order of the road.
WAITING_STEPS = ("submitted", "in_conversation", "in_assessment")
APPROVED = ("approved", "conditions")  # ``constants.Decision`` values that make a project
STOPPED = "stopped"  # ``agenda.constants.ProjectStatus.STOPPED``
#: A goal or an area with at least this many carousel projects is a cluster.
CLUSTER_MIN = 2
ZERO = Decimal("0")


@dataclass(frozen=True)
class Item:
    """A proposal or a project as the portfolio reads it.

    ``state`` is a proposal's step or a project's status; ``cost`` a proposal's summed
    cost lines (None without any) or a project's budget; ``funding`` the money rows
    (``agenda.money.MoneyRow``: a project's current funding, a proposal's financing);
    ``source_proposal`` the proposal a project came from."""

    id: int
    kind: str
    title: str
    state: str
    goals: frozenset[int] = frozenset()
    effects: frozenset[str] = frozenset()
    areas: frozenset[int] = frozenset()
    start: dt.date | None = None
    end: dt.date | None = None
    cost: Decimal | None = None
    funding: tuple[money.MoneyRow, ...] = ()
    decision: str = ""
    project_id: int | None = None  # a proposal: the project it became
    source_proposal: int | None = None  # a project: the proposal it came from
    has_follow_up: bool = False
    is_follow_up: bool = False
    step_since: dt.date | None = None
    step_due: dt.date | None = None

    def other_money(self, budget_holder_id: int | None) -> Decimal | None:
        """Money of other parties than the budget holder (co-funding); None without a
        budget holder: then no money counts as own, and none as other (agenda.money)."""
        if budget_holder_id is None:
            return None
        return money.others_money(self.funding, budget_holder_id)

    def own_money(self, budget_holder_id: int | None) -> Decimal | None:
        """The programme's own money: the budget holder's (None without one)."""
        other = self.other_money(budget_holder_id)
        if other is None:
            return None
        return sum((r.amount for r in self.funding), ZERO) - other


def proposal(**kw) -> Item:
    return Item(kind=PROPOSAL, **kw)


def project(**kw) -> Item:
    return Item(kind=PROJECT, **kw)


@dataclass(frozen=True)
class Label:
    """A goal, an effect or an area: its key (id or effect key) and its name."""

    key: int | str
    name: str
    parent: int | None = None  # an area: the wijk of a buurt


@dataclass(frozen=True)
class Finding:
    code: str
    params: dict = field(default_factory=dict)


def counts(item: Item) -> bool:
    """Whether ``item`` counts in the matrix, the gaps and the clusters (module doc)."""
    if item.kind == PROJECT:
        return item.state != STOPPED
    if item.state in WAITING_STEPS:
        return True
    return item.decision in APPROVED and item.project_id is None


# --- goal x effect -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    proposals: int = 0
    projects: int = 0

    @property
    def empty(self) -> bool:
        return not (self.proposals or self.projects)


@dataclass(frozen=True)
class Matrix:
    """Counts per goal (rows; None: no goal) x effect (columns; None: no effect named).
    An item serving two goals and three effects counts in six cells; the row and column
    totals count each item once."""

    goals: tuple[Label, ...]
    effects: tuple[Label, ...]
    cells: dict[tuple[int | None, str | None], Cell]
    goal_totals: dict[int | None, Cell]
    effect_totals: dict[str | None, Cell]

    def cell(self, goal: int | None, effect: str | None) -> Cell:
        return self.cells.get((goal, effect), Cell())

    @property
    def rows(self) -> list[int | None]:
        """The goals, then "no goal" when something serves none."""
        keys: list[int | None] = [g.key for g in self.goals]  # type: ignore[misc]
        return keys + ([None] if not self.goal_totals.get(None, Cell()).empty else [])

    @property
    def columns(self) -> list[str | None]:
        keys: list[str | None] = [e.key for e in self.effects]  # type: ignore[misc]
        return keys + ([None] if not self.effect_totals.get(None, Cell()).empty else [])


def _add(cell: Cell, item: Item) -> Cell:
    if item.kind == PROJECT:
        return Cell(cell.proposals, cell.projects + 1)
    return Cell(cell.proposals + 1, cell.projects)


def matrix(items: Iterable[Item], goals: Sequence[Label], effects: Sequence[Label]) -> Matrix:
    known_goals = {g.key for g in goals}
    known_effects = {e.key for e in effects}
    cells: dict = defaultdict(Cell)
    goal_totals: dict = defaultdict(Cell)
    effect_totals: dict = defaultdict(Cell)
    for item in items:
        if not counts(item):
            continue
        # A goal of another wijkaanpak or an effect the framework no longer lists is
        # "none" here: never a row or column the page cannot name.
        rows = sorted(g for g in item.goals if g in known_goals) or [None]
        columns = sorted(e for e in item.effects if e in known_effects) or [None]
        for g in rows:
            goal_totals[g] = _add(goal_totals[g], item)
            for e in columns:
                cells[g, e] = _add(cells[g, e], item)
        for e in columns:
            effect_totals[e] = _add(effect_totals[e], item)
    return Matrix(tuple(goals), tuple(effects), dict(cells), dict(goal_totals), dict(effect_totals))


def gap_findings(m: Matrix) -> list[Finding]:
    """Goals no project serves, and effects of the framework nothing aims at."""
    out = []
    without = [g for g in m.goals if m.goal_totals.get(g.key, Cell()).projects == 0]
    if without:
        out.append(
            Finding(
                "goals_without_project",
                {
                    "count": len(without),
                    "total": len(m.goals),
                    "goals": [g.name for g in without],
                    "with_proposal": [
                        g.name for g in without if m.goal_totals.get(g.key, Cell()).proposals
                    ],
                },
            )
        )
    for e in m.effects:
        if m.effect_totals.get(e.key, Cell()).empty:
            out.append(Finding("effect_without_any", {"effect": e.name, "key": e.key}))
    return out


# --- areas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaCount:
    area: Label | None  # None: no area named (a project made without a proposal)
    proposals: int
    projects: int
    carousel: int  # carousel projects among the projects


def _is_carousel(item: Item, known: frozenset[int] | None) -> bool:
    """Whether a project is a carousel project (``known``: the ids, when computed)."""
    if known is not None:
        return item.id in known
    return is_carousel_project(carousel_facts(item))


def by_area(
    items: Iterable[Item], areas: Sequence[Label], carousel_ids: frozenset[int] | None = None
) -> list[AreaCount]:
    """Counts per area as named (a buurt and its wijk apart): wijken in the given order,
    each followed by its buurten, then areas without a parent, then "no area named"."""
    known = {a.key: a for a in areas}
    tally: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in items:
        if not counts(item):
            continue
        for key in sorted(a for a in item.areas if a in known) or [None]:
            row = tally[key]
            if item.kind == PROJECT:
                row[1] += 1
                row[2] += int(_is_carousel(item, carousel_ids))
            else:
                row[0] += 1
    order = sorted(known.values(), key=lambda a: _area_sort(a, known))
    out = [AreaCount(a, *tally[a.key]) for a in order if a.key in tally]
    if None in tally:
        out.append(AreaCount(None, *tally[None]))
    return out


def _area_sort(area: Label, known: dict) -> tuple:
    parent = known.get(area.parent)
    if parent is None:
        return (area.name, 0, "")
    return (parent.name, 1, area.name)


# --- time ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCount:
    year: int
    projects: int  # projects running in the year
    carousel: int  # of which carousel projects
    proposals: int  # proposals on their way planned to run in the year


def by_year(
    items: Iterable[Item], today: dt.date, carousel_ids: frozenset[int] | None = None
) -> list[YearCount]:
    """Per calendar year the projects running (start year to end year; an open-ended
    one up to this year or the last year anything else runs) and the proposals on their
    way planned for it. Stopped projects and items without a start are left out."""
    counted = [i for i in items if counts(i) and i.start is not None]
    if not counted:
        return []
    last = max([today.year] + [i.end.year for i in counted if i.end is not None])
    first = min(i.start.year for i in counted)  # type: ignore[union-attr]
    tally: dict[int, list[int]] = {y: [0, 0, 0] for y in range(first, last + 1)}
    for item in counted:
        end = item.end.year if item.end is not None else last
        carousel = item.kind == PROJECT and _is_carousel(item, carousel_ids)
        for year in range(item.start.year, end + 1):  # type: ignore[union-attr]
            if item.kind == PROJECT:
                tally[year][0] += 1
                tally[year][1] += int(carousel)
            else:
                tally[year][2] += 1
    return [YearCount(y, *tally[y]) for y in sorted(tally)]


# --- the carousel --------------------------------------------------------------------------


def carousel_facts(item: Item) -> ProjectFacts:
    """``item`` as ``agenda.warnings`` reads a project (a proposal: as the project it
    would become, without follow-up yet)."""
    return ProjectFacts(
        id=item.id,
        title=item.title,
        start=item.start or dt.date.min,
        end=item.end if item.start is not None else None,  # no start: not measurable
        budget=item.cost if item.cost is not None else ZERO,
        goal_count=len(item.goals),
        has_follow_up=item.has_follow_up,
        is_follow_up=item.is_follow_up,
        stopped=item.kind == PROJECT and item.state == STOPPED,
    )


@dataclass(frozen=True)
class Carousel:
    projects: tuple[int, ...]  # ids of the carousel projects (not stopped)
    total: int  # projects not stopped
    proposals_alike: tuple[int, ...]  # proposals on their way that would add to it
    findings: tuple[Finding, ...]


def carousel(items: Sequence[Item], goals: Sequence[Label], areas: Sequence[Label]) -> Carousel:
    """The carousel projects, ``agenda.warnings``' warning when more than half of the
    projects are such, and the goals and areas where they cluster."""
    projects = [i for i in items if i.kind == PROJECT]
    facts = [carousel_facts(p) for p in projects]
    small = [
        p for p, f in zip(projects, facts, strict=True) if not f.stopped and is_carousel_project(f)
    ]
    total = sum(1 for f in facts if not f.stopped)
    alike = tuple(
        i.id
        for i in items
        if i.kind == PROPOSAL and counts(i) and is_carousel_project(carousel_facts(i))
    )
    findings = [Finding(w.code, dict(w.params)) for w in carousel_warnings(facts)]
    if small and not findings:
        findings.append(Finding("carousel_projects", {"count": len(small), "total": total}))
    for kind, labels, key in (("goal", goals, "goals"), ("area", areas, "areas")):
        per = Counter(k for p in small for k in getattr(p, key))
        of = Counter(k for p in projects if p.state != STOPPED for k in getattr(p, key))
        for label in labels:
            if per[label.key] >= CLUSTER_MIN:
                findings.append(
                    Finding(
                        f"carousel_cluster_{kind}",
                        {"name": label.name, "count": per[label.key], "total": of[label.key]},
                    )
                )
    if alike:
        findings.append(Finding("proposals_alike", {"count": len(alike)}))
    return Carousel(tuple(p.id for p in small), total, alike, tuple(findings))


# --- money ---------------------------------------------------------------------------------


def co_funding(items: Iterable[Item], budget_holder_id: int | None) -> money.CoFunding:
    """Other parties' money over the summed cost of the projects and the approved
    proposals without a project, through ``agenda.money`` (unknown with its reason)."""
    counted = [
        i for i in items if i.kind == PROJECT or (i.decision in APPROVED and i.project_id is None)
    ]
    return money.combined_co_funding_share([(i.cost, i.funding) for i in counted], budget_holder_id)


def co_funding_finding(c: money.CoFunding, minimum: Decimal | None) -> Finding:
    """The share against the framework's minimum (a fraction; None: the framework sets
    none)."""
    params = {
        "percent": c.percent,
        "others": c.others,
        "cost": c.cost,
        "left_out": c.left_out,
        "minimum": None if minimum is None else round(float(minimum) * 100),
    }
    if c.share is None:
        return Finding("co_funding_unknown", {**params, "reason": c.reason})
    if minimum is None:
        return Finding("co_funding", params)
    # At or above, as the threshold criterion in rules.py; compared exactly, not on the
    # rounded percentage the page shows.
    if c.cost is not None and c.others >= minimum * c.cost:
        return Finding("co_funding_meets", params)
    return Finding("co_funding_below", params)


# --- waiting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """One proposal waiting, with its age in working days in the step."""

    item: Item
    age: int | None  # None: the date it entered the step is unknown
    overdue: bool


@dataclass(frozen=True)
class StepWaiting:
    step: str
    count: int
    oldest: int | None  # the oldest age in working days
    overdue: int
    waiting: tuple[Waiting, ...]  # oldest first


def waiting(items: Iterable[Item], today: dt.date) -> list[StepWaiting]:
    """Per waiting step (also those with none) the proposals in it, oldest first."""
    per: dict[str, list[Waiting]] = {s: [] for s in WAITING_STEPS}
    for item in items:
        if item.kind != PROPOSAL or item.state not in per:
            continue
        age = working_days_between(item.step_since, today) if item.step_since else None
        overdue = item.step_due is not None and item.step_due < today
        per[item.state].append(Waiting(item, age, overdue))
    out = []
    for step, rows in per.items():
        rows.sort(key=lambda w: (-(w.age if w.age is not None else -1), w.item.id))
        ages = [w.age for w in rows if w.age is not None]
        out.append(
            StepWaiting(
                step=step,
                count=len(rows),
                oldest=max(ages) if ages else None,
                overdue=sum(1 for w in rows if w.overdue),
                waiting=tuple(rows),
            )
        )
    return out


def waiting_findings(steps: Sequence[StepWaiting]) -> list[Finding]:
    overdue = sum(s.overdue for s in steps)
    return [Finding("proposals_overdue", {"count": overdue})] if overdue else []


# --- the whole ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Portfolio:
    items: tuple[Item, ...]
    matrix: Matrix
    areas: list[AreaCount]
    years: list[YearCount]
    carousel: Carousel
    co_funding: money.CoFunding
    minimum: Decimal | None
    waiting: list[StepWaiting]
    findings: list[Finding]


def portfolio(
    items: Sequence[Item],
    *,
    goals: Sequence[Label],
    effects: Sequence[Label],
    areas: Sequence[Label],
    budget_holder_id: int | None,
    minimum: Decimal | None,
    today: dt.date,
) -> Portfolio:
    """Everything the page shows, with the findings in the order the page says them:
    gaps, the carousel, money, waiting."""
    m = matrix(items, goals, effects)
    c = carousel(items, goals, areas)
    share = co_funding(items, budget_holder_id)
    steps = waiting(items, today)
    findings = (
        gap_findings(m)
        + list(c.findings)
        + [co_funding_finding(share, minimum)]
        + waiting_findings(steps)
    )
    return Portfolio(
        items=tuple(items),
        matrix=m,
        areas=by_area(items, areas, frozenset(c.projects)),
        years=by_year(items, today, frozenset(c.projects)),
        carousel=c,
        co_funding=share,
        minimum=minimum,
        waiting=steps,
        findings=findings,
    )


# --- the heat grid (layout only; the template draws it, the table beside it) ---------------

# Fill by the number of projects in a cell, light to dark (Okabe-Ito blue); the counts are
# always written in the cell, so the colour is never the only carrier. White text on the
# darkest (5.1:1), near-black on the others (WCAG AA); an empty cell has a dashed border.
SHADES = ("#FFFFFF", "#DCEBF7", "#9DC8E8", "#0072B2")
INK, INK_ON_DARK = "#1A1A1A", "#FFFFFF"
GRID_LABEL_WIDTH = 230
GRID_COLUMN_WIDTH = 120
GRID_HEAD_HEIGHT = 62
GRID_ROW_HEIGHT = 44
GRID_GAP = 4
HEAD_LINE_CHARS = 17
HEAD_LINES = 3


def shade(projects: int) -> int:
    """0 none, 1 one, 2 two or three, 3 four or more projects."""
    return 0 if projects == 0 else 1 if projects == 1 else 2 if projects <= 3 else 3


def wrap(text: str, width: int = HEAD_LINE_CHARS, lines: int = HEAD_LINES) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters, by words; what
    does not fit ends in "…" (the full text is in the chart's ``<title>`` and the table)."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return [line if len(line) <= width else line[: width - 1] + "…" for line in out]


@dataclass(frozen=True)
class GridCell:
    x: float
    y: float
    projects: int
    proposals: int
    row: str
    column: str

    @property
    def fill(self) -> str:
        return SHADES[shade(self.projects)]

    @property
    def ink(self) -> str:
        return INK_ON_DARK if shade(self.projects) == 3 else INK

    @property
    def empty(self) -> bool:
        return not (self.projects or self.proposals)

    @property
    def text_x(self) -> float:
        return self.x + 8

    @property
    def line1_y(self) -> float:
        return self.y + 17

    @property
    def line2_y(self) -> float:
        return self.y + 33


@dataclass(frozen=True)
class GridRow:
    label: str
    text_y: float
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class GridColumn:
    label: str
    x: float
    lines: tuple[tuple[str, float], ...]  # (text, y)


@dataclass(frozen=True)
class HeatGrid:
    rows: tuple[GridRow, ...]
    columns: tuple[GridColumn, ...]
    width: int
    height: int
    label_width: int = GRID_LABEL_WIDTH
    cell_width: int = GRID_COLUMN_WIDTH - GRID_GAP
    cell_height: int = GRID_ROW_HEIGHT - GRID_GAP


def heat_grid(
    row_labels: Sequence[str], column_labels: Sequence[str], cells: Sequence[Sequence[Cell]]
) -> HeatGrid:
    """A cell per goal x effect, in the given order (``cells[row][column]``)."""
    columns = tuple(
        GridColumn(
            label,
            GRID_LABEL_WIDTH + j * GRID_COLUMN_WIDTH,
            tuple(
                (line, GRID_HEAD_HEIGHT - 8 - 15 * (n - 1 - k))
                for lines in [wrap(label)]
                for n in [len(lines)]
                for k, line in enumerate(lines)
            ),
        )
        for j, label in enumerate(column_labels)
    )
    rows = []
    for i, (label, row) in enumerate(zip(row_labels, cells, strict=True)):
        y = GRID_HEAD_HEIGHT + i * GRID_ROW_HEIGHT
        rows.append(
            GridRow(
                label,
                y + GRID_ROW_HEIGHT / 2 + 2,
                tuple(
                    GridCell(col.x, y, c.projects, c.proposals, label, col.label)
                    for col, c in zip(columns, row, strict=True)
                ),
            )
        )
    return HeatGrid(
        rows=tuple(rows),
        columns=columns,
        width=GRID_LABEL_WIDTH + len(columns) * GRID_COLUMN_WIDTH + GRID_GAP,
        height=GRID_HEAD_HEIGHT + len(rows) * GRID_ROW_HEIGHT + GRID_GAP,
    )

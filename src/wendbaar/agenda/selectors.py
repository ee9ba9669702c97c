"""Composed, permission-scoped reads of the wijkaanpak for pages, API and reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.template.defaultfilters import floatformat
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wendbaar.approaches.constants import Step
from wendbaar.approaches.models import Approach, ChecklistItem, VisionVersion
from wendbaar.coalition.selectors import CoalitionSnapshot, coalition_on
from wendbaar.core.constants import Theme
from wendbaar.monitor.constants import Polarity
from wendbaar.monitor.selectors import (
    AggregateValue,
    CatalogueEntry,
    Hidden,
    indicator_info,
    latest_values,
    unit_label,
)

from . import money, rollup
from .changes import Words, change_summary
from .constants import VISION_CHANGED, AgendaChangeKind, FundingStatus
from .indicators import direction, progress_to_target
from .models import (
    AgendaChange,
    Funding,
    Goal,
    GoalIndicator,
    IndicatorMeasurement,
    MoneyFlow,
    ProgressUpdate,
    Project,
)
from .warnings import GoalFacts, ProjectFacts, Warning, programme_warnings

# --- indicators ------------------------------------------------------------------------


@dataclass(frozen=True)
class Actual:
    """The actual value of a goal indicator: a local measurement or the monitor's figure
    over the wijkaanpak's areas (``source`` then says where it came from)."""

    value: float
    period: int
    exact: bool = True
    source: str = ""
    definition: str = ""


@dataclass
class IndicatorState:
    indicator: GoalIndicator
    actual: Actual | None
    progress: float | None  # share of the way from baseline to target
    direction: str
    name: str = ""  # in the current language; see ``indicator_name``
    # A sensitive monitor indicator the reader may not see: no baseline, target, actual
    # or progress is shown, only that the figures are not public.
    hidden: bool = False

    def __post_init__(self) -> None:
        self.name = self.name or str(self.indicator)

    @property
    def unit_label(self) -> str:
        """The unit in the reader's language (the monitor's labels); local units as typed."""
        unit = self.indicator.unit
        return unit_label(unit) if self.indicator.indicator_code else unit

    @property
    def baseline_value(self) -> float | None:
        return None if self.hidden else self.indicator.baseline_value

    @property
    def target_value(self) -> float | None:
        return None if self.hidden else self.indicator.target_value

    @property
    def progress_percent(self) -> int | None:
        return None if self.progress is None else round(100 * self.progress)


def indicator_name(indicator: GoalIndicator, catalogue_entry: CatalogueEntry | None) -> str:
    """The name to show: a monitor indicator speaks the reader's language (the catalogue
    has Dutch and English names) unless the goal gave it a name of its own."""
    if catalogue_entry is None:
        return str(indicator)
    if not indicator.name or indicator.name in (catalogue_entry.name_nl, catalogue_entry.name_en):
        return catalogue_entry.name
    return indicator.name


def _actual(value: AggregateValue | Hidden | None) -> Actual | None:
    if not isinstance(value, AggregateValue):
        return None
    tables = ", ".join(value.source_tables)
    source = f"{value.source} ({tables})" if tables else value.source
    if value.derivation_text:
        source = f"{source}; {value.derivation_text}"
    return Actual(value.value, value.period, value.exact, source, value.definition)


def indicator_states(
    user: Any, indicators: Sequence[GoalIndicator], area_codes: list[str]
) -> list[IndicatorState]:
    """Each goal indicator against its baseline and target, as ``user`` may see it.

    Local indicators take their latest measurement. Monitor indicators take the monitor's
    latest figure over the wijkaanpak's areas (``monitor.selectors.latest_values``: the
    catalogue's aggregation and the sensitivity rule); a sensitive one the user may not
    see has no figures at all here (``hidden``). A fixed number of queries.
    """
    codes = sorted({i.indicator_code for i in indicators if i.indicator_code})
    catalogue = indicator_info(user, codes, areas=area_codes) if codes else {}
    figures = latest_values(user, indicators=codes, areas=area_codes) if codes else {}
    states = []
    for ind in indicators:
        entry = catalogue.get(ind.indicator_code) if ind.indicator_code else None
        if ind.is_local:
            latest = next(iter(ind.measurements.all()), None)  # ordered -year, -id
            actual = Actual(latest.value, latest.year) if latest else None
            hidden = False
        else:
            figure = figures.get(ind.indicator_code)
            hidden = isinstance(figure, Hidden)
            actual = _actual(figure)
        value = actual.value if actual else None
        states.append(
            IndicatorState(
                indicator=ind,
                actual=actual,
                progress=None
                if hidden
                else progress_to_target(ind.baseline_value, ind.target_value, value),
                direction="unknown"
                if hidden
                else direction(ind.baseline_value, value, ind.polarity),
                name=indicator_name(ind, entry),
                hidden=hidden,
            )
        )
    return states


# --- projects and roll-up --------------------------------------------------------------


def _latest_percent(project: Project) -> int | None:
    updates = list(project.progress_updates.all())  # prefetched, ordered newest first
    return updates[0].progress_percent if updates else None


def project_progress(project: Project) -> rollup.ProjectProgress:
    return rollup.ProjectProgress(
        id=project.pk,
        status=project.status,
        budget=project.budget or Decimal("0"),
        weight=project.weight,
        latest_percent=_latest_percent(project),
        goal_ids=frozenset(g.pk for g in project.goals.all()),
    )


def projects_of(approach: Approach):
    return (
        Project.objects.filter(approach=approach)
        .select_related("owner_organisation", "owner_contact", "line", "follow_up_of")
        .prefetch_related(
            "goals",
            "policy_drivers",
            "milestones",
            Prefetch(
                "progress_updates", queryset=ProgressUpdate.objects.order_by("-reported_on", "-id")
            ),
            Prefetch("fundings", queryset=Funding.objects.select_related("source")),
            "follow_ups",
        )
    )


@dataclass
class ProjectState:
    project: Project
    progress: rollup.ProjectProgress
    funding_by_party: list[tuple[str, money.Amounts]]
    funding: money.Amounts  # planned, committed, spent: never one total
    co_funding: money.CoFunding


def project_state(project: Project, budget_holder_id: int | None) -> ProjectState:
    rows = [_funding_row(f, project) for f in project.fundings.all()]  # current lines
    return ProjectState(
        project=project,
        progress=project_progress(project),
        funding_by_party=sorted(money.by_status(rows, lambda r: r.party).items()),
        funding=money.in_total(rows),
        co_funding=money.co_funding_share(rows, budget_holder_id, project.budget),
    )


# --- money -----------------------------------------------------------------------------


def _funding_row(f: Funding, project: Project) -> money.MoneyRow:
    return money.MoneyRow(
        party_id=f.source_id,
        party=f.source.name,
        year=f.year,
        amount=f.amount,
        status=f.status,
        themes=_theme_order(project.themes),
    )


def _theme_order(themes: Sequence[str]) -> tuple[str, ...]:
    """A project's themes in the catalogue's order, so one combination has one key."""
    return tuple(t for t in Theme.values if t in themes)


def _flow_row(flow: MoneyFlow) -> money.MoneyRow:
    return money.MoneyRow(
        party_id=flow.organisation_id,
        party=flow.organisation.name,
        year=flow.year,
        amount=flow.amount,
        status=flow.status,
        themes=(flow.theme,) if flow.theme else (),
        in_project=False,
    )


def funding_lines(project: Project) -> list[Funding]:
    """A project's current funding lines (for edit and withdraw links)."""
    return list(Funding.objects.filter(project=project).select_related("source"))


def withdrawn_funding(project: Project) -> list[Funding]:
    """A project's withdrawn funding lines, newest withdrawal first: history, counted nowhere."""
    return list(
        Funding._base_manager.filter(project=project, withdrawn_at__isnull=False)
        .select_related("source")
        .order_by("-withdrawn_at", "-id")
    )


def theme_label(value: str) -> str:
    """The label of a theme key: a theme, a combination ("Wonen + Veiligheid") or "geen
    thema"."""
    if not value:
        return str(_no_theme())
    parts = value.split(money.THEME_JOINER)
    return " + ".join(str(Theme(t).label) if t in Theme.values else t for t in parts)


def _no_theme():
    from django.utils.translation import gettext

    return gettext("No theme")


def status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in FundingStatus.choices}


@dataclass
class MoneyOverview:
    """All money in the wijk, planned, committed and spent side by side (never summed)."""

    cells: list[money.Cell]
    by_party: list[tuple[str, money.Amounts]]
    by_theme: list[tuple[str, str, money.Amounts]]  # (key, label, amounts); no theme last
    by_year: list[tuple[int, money.Amounts]]
    total: money.Amounts
    inside_projects: money.Amounts
    outside_projects: money.Amounts
    co_funding: money.CoFunding
    flows: list[MoneyFlow] = field(default_factory=list)
    withdrawn_flows: list[MoneyFlow] = field(default_factory=list)

    @property
    def cell_rows(self) -> list[tuple[str, str, int, money.Amounts]]:
        """Party, theme label, year and the three amounts of every cell."""
        return [(c.party, theme_label(c.theme), c.year, c.amounts) for c in self.cells]


def money_overview(approach: Approach) -> MoneyOverview:
    """All money flows in the wijk, in and outside projects: by party, by theme (a
    project's theme or combination of themes, or "geen thema"; nothing is split), by
    year and per cell, each with planned, committed and spent apart. The co-funding
    share is others' money over the cost of the projects that have a budget."""
    fundings = list(
        Funding.objects.filter(project__approach=approach).select_related("source", "project")
    )
    flows = list(MoneyFlow.objects.filter(approach=approach).select_related("organisation"))
    project_rows: dict[int, list[money.MoneyRow]] = defaultdict(list)
    for f in fundings:
        project_rows[f.project_id].append(_funding_row(f, f.project))
    rows = [r for rs in project_rows.values() for r in rs] + [_flow_row(f) for f in flows]
    budgets = Project.objects.filter(approach=approach).values_list("pk", "budget")
    by_theme = money.by_status(rows, lambda r: r.theme)
    theme_keys = sorted(by_theme, key=lambda t: (t == money.NO_THEME, theme_label(t)))
    return MoneyOverview(
        cells=money.money_cells(rows),
        by_party=sorted(money.by_status(rows, lambda r: r.party).items()),
        by_theme=[(t, theme_label(t), by_theme[t]) for t in theme_keys],
        by_year=sorted(money.by_status(rows, lambda r: r.year).items()),
        total=money.in_total(rows),
        inside_projects=money.in_total(r for r in rows if r.in_project),
        outside_projects=money.in_total(r for r in rows if not r.in_project),
        co_funding=money.combined_co_funding_share(
            [(budget, project_rows.get(pk, [])) for pk, budget in budgets],
            approach.budget_holder_id,
        ),
        flows=flows,
        withdrawn_flows=list(
            MoneyFlow._base_manager.filter(approach=approach, withdrawn_at__isnull=False)
            .select_related("organisation")
            .order_by("-withdrawn_at", "-id")
        ),
    )


# --- what changed in the vision and the goals, and why ---------------------------------

# How many changes the wijkaanpak's page lists (the report lists a whole period).
CHANGES_ON_PAGE = 10
# How much of a vision's text the list of changes repeats.
VISION_SUMMARY_CHARS = 200


@dataclass(frozen=True)
class AgendaChangeRow:
    """One change to the vision, a goal or an indicator, as the page and the report tell
    it: when, what (``kind_label``: "Goal changed"; ``subject``: the goal or "indicator
    (goal)" as it read then; ``summary``: "target 40 → 45 (2030)") and why.
    ``by_name`` is the full name of who changed it, empty for the platform or a user
    without a name (never an e-mail address)."""

    when: dt.datetime
    kind: str
    kind_label: str
    subject: str
    summary: str
    reason: str
    by_name: str


def _field_label(name: str) -> str:
    labels = {
        "title": _("title"),
        "name": _("name"),
        "description": _("description"),
        "themes": _("themes"),
        "unit": _("unit"),
        "polarity": _("polarity"),
        "baseline_value": _("baseline"),
        "baseline_year": _("baseline year"),
        "target_value": _("target"),
        "target_year": _("target year"),
    }
    return labels.get(name, name)


def _words(indicator_code: str) -> Words:
    """The summary's words in the active language; a monitor indicator's unit as the
    monitor names it."""

    def value(name: str, v: Any) -> str:
        if name == "themes":
            return ", ".join(str(Theme(t).label) if t in Theme.values else t for t in v)
        if name == "polarity":
            return str(Polarity(v).label).lower() if v in Polarity.values else str(v)
        if name == "unit":
            return unit_label(v) if indicator_code else v
        if isinstance(v, int | float):
            return str(floatformat(v, -2))
        return f"“{v}”"

    return Words(
        label=_field_label,
        value=value,
        rewritten=_("%(field)s rewritten"),
        hidden=_("figures not public"),
    )


def _by_name(user: Any) -> str:
    return user.get_full_name() if user is not None else ""


def agenda_changes(
    approach: Approach,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int | None = None,
) -> list[AgendaChangeRow]:
    """The changes to the vision (its versions) and to the goals and indicators
    (``AgendaChange``) of ``approach``, newest first, made from ``start`` to ``end``
    (inclusive days, either open); at most ``limit`` of them.

    The list is the wijkaanpak's own account, public when the wijkaanpak is: the figures
    of a sensitive monitor indicator are never in it ("figures not public"); staff read
    them on the indicator's page. At most three queries.
    """
    days: dict[str, dt.date] = {}
    if start is not None:
        days["created_at__date__gte"] = start
    if end is not None:
        days["created_at__date__lte"] = end
    visions = approach.visions.filter(**days).select_related("created_by")
    changes = AgendaChange.objects.filter(approach=approach, **days).select_related("changed_by")
    visions = visions.order_by("-created_at", "-id")
    changes = changes.order_by("-created_at", "-id")
    if limit is not None:
        visions, changes = visions[:limit], changes[:limit]
    changes = list(changes)
    codes = {c.indicator_code for c in changes if c.indicator_code}
    # The public catalogue: a sensitive (or unknown) code is absent from it.
    public = indicator_info(AnonymousUser(), codes) if codes else {}
    rows = [
        AgendaChangeRow(
            when=c.created_at,
            kind=c.kind,
            kind_label=str(AgendaChangeKind(c.kind).label),
            subject=c.subject,
            summary=change_summary(
                c.kind,
                c.changes,
                _words(c.indicator_code),
                hide_figures=bool(c.indicator_code) and c.indicator_code not in public,
            ),
            reason=c.reason,
            by_name=_by_name(c.changed_by),
        )
        for c in changes
    ]
    rows += [
        AgendaChangeRow(
            when=v.created_at,
            kind=VISION_CHANGED,
            kind_label=_("New version of the vision"),
            subject=_("Vision"),
            summary=Truncator(" ".join(v.text.split())).chars(VISION_SUMMARY_CHARS),
            reason=v.reason,
            by_name=_by_name(v.created_by),
        )
        for v in visions
    ]
    # Stable: within one moment the agenda's own order (newest id first) stays.
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows if limit is None else rows[:limit]


# --- the wijkaanpak on one page --------------------------------------------------------


@dataclass
class GoalState:
    goal: Goal
    indicators: list[IndicatorState]
    progress: rollup.RollUp
    project_count: int


@dataclass
class StepChecklist:
    step: str
    label: str
    items: list[ChecklistItem]

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.done)


@dataclass
class ApproachOverview:
    approach: Approach
    area_codes: list[str]
    vision: VisionVersion | None
    checklist: list[StepChecklist]
    goals: list[GoalState]
    projects: list[ProjectState]
    progress: rollup.RollUp
    money: MoneyOverview
    coalition: CoalitionSnapshot
    warnings: list[Warning] = field(default_factory=list)
    # The last changes to the vision and goals, with their reasons (``agenda_changes``).
    changes: list[AgendaChangeRow] = field(default_factory=list)


def project_facts(projects: Sequence[Project]) -> list[ProjectFacts]:
    return [
        ProjectFacts(
            id=p.pk,
            title=p.title,
            start=p.start_date,
            end=p.end_date,
            budget=p.budget or Decimal("0"),
            goal_count=len(p.goals.all()),
            has_follow_up=bool(p.follow_ups.all()),
            is_follow_up=p.follow_up_of_id is not None,
            stopped=p.status == "stopped",
        )
        for p in projects
    ]


def approach_overview(user: Any, approach: Approach) -> ApproachOverview:
    """Where the wijkaanpak stands: goals against targets, projects' progress, money by
    party and theme, the coalition today, the warnings of a weak programme and the last
    changes to the vision and goals — as ``user`` may see it (sensitive monitor figures
    only in scope; never in the changes)."""
    area_codes = sorted(a.code for a in approach.areas.all())
    projects = list(projects_of(approach))
    goals = list(
        Goal.objects.filter(approach=approach).prefetch_related(
            Prefetch("indicators", queryset=GoalIndicator.objects.prefetch_related("measurements"))
        )
    )
    all_indicators = [i for g in goals for i in g.indicators.all()]
    states = {s.indicator.pk: s for s in indicator_states(user, all_indicators, area_codes)}
    progresses = [project_progress(p) for p in projects]
    goal_rollups = rollup.roll_up_goals(progresses, [g.pk for g in goals])
    goal_states = [
        GoalState(
            goal=g,
            indicators=[states[i.pk] for i in g.indicators.all()],
            progress=goal_rollups[g.pk],
            project_count=sum(1 for p in progresses if g.pk in p.goal_ids),
        )
        for g in goals
    ]
    checklist_items = list(approach.checklist.all())
    checklist = [
        StepChecklist(step, str(Step(step).label), [i for i in checklist_items if i.step == step])
        for step in Step.values
    ]
    coalition = coalition_on(approach)
    warnings = programme_warnings(
        projects=project_facts(projects),
        goals=[
            GoalFacts(g.goal.pk, g.goal.title, g.project_count, len(g.indicators))
            for g in goal_states
        ],
        missing_party_groups=coalition.missing_groups,
    )
    return ApproachOverview(
        approach=approach,
        area_codes=area_codes,
        vision=approach.visions.order_by("-created_at", "-id").first(),
        checklist=checklist,
        goals=goal_states,
        projects=[project_state(p, approach.budget_holder_id) for p in projects],
        progress=rollup.roll_up(progresses),
        money=money_overview(approach),
        coalition=coalition,
        warnings=warnings,
        changes=agenda_changes(approach, limit=CHANGES_ON_PAGE),
    )


# --- histories: status in true order, withdrawn records ---------------------------------


def status_history(project: Project):
    """A project's status changes in true order: by the date each took effect, then by
    the order they were written (the chain's order on one day)."""
    return project.status_changes.select_related("changed_by").order_by("on", "id")


def withdrawn_measurements(indicator: GoalIndicator):
    """The withdrawn measurements of an indicator, newest withdrawal first (the default
    manager hides them; the base manager reaches them)."""
    return IndicatorMeasurement._base_manager.filter(
        indicator=indicator, withdrawn_at__isnull=False
    ).order_by("-withdrawn_at", "-id")


def withdrawn_progress(project: Project):
    """The withdrawn progress reports of a project, newest withdrawal first."""
    return ProgressUpdate._base_manager.filter(
        project=project, withdrawn_at__isnull=False
    ).order_by("-withdrawn_at", "-id")

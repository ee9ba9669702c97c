"""What waits for a signed-in user: the sections of "Mijn werk", by the roles they hold.

Each section starts from the policies (``accounts.policies`` and the apps' ``Policy``
subclasses), so a user sees only what their roles allow, where they allow it. The
number of queries depends on the number of gemeenten a user works in, never on the
number of wijken, projects or stories (``pages/tests/test_my_work.py`` counts them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from wendbaar.accounts.constants import MANAGE_USERS, RoleSlug
from wendbaar.accounts.models import RoleAssignment
from wendbaar.accounts.policies import has_permission_anywhere
from wendbaar.agenda.models import (
    Funding,
    GoalIndicator,
    IndicatorMeasurement,
    Milestone,
    MoneyFlow,
    ProgressUpdate,
    Project,
)
from wendbaar.agenda.permissions import ProjectPolicy
from wendbaar.approaches.constants import Step
from wendbaar.approaches.models import Approach, ChecklistItem
from wendbaar.approaches.permissions import ApproachPolicy
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.coalition.models import Commitment, Membership
from wendbaar.coalition.permissions import CommitmentPolicy
from wendbaar.organisations.models import Organisation
from wendbaar.proposals.selectors import Waiting, waiting_for
from wendbaar.stories.constants import SignalDirection, StoryStatus
from wendbaar.stories.permissions import SignalPolicy, StoryPolicy

# A progress report or a measurement older than this is overdue (a year of work).
STALE_AFTER = dt.timedelta(days=365)
# Signals of the last three months are "recent": they still ask for a follow-up.
RECENT_SIGNALS = dt.timedelta(days=92)
SIGNALS_SHOWN = 8
ACTIVE_PROJECT_STATUSES = ("planned", "running", "paused")


def _today() -> dt.date:
    return timezone.localdate()


def _last_progress() -> Subquery:
    return Subquery(
        ProgressUpdate.objects.filter(project=OuterRef("pk"))
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )


# --- the wijkmanager ----------------------------------------------------------------


@dataclass
class DistrictWork:
    """One wijk and what waits there."""

    area: Area
    signals: list[Any] = field(default_factory=list)


@dataclass
class ModerationCount:
    municipality: Area
    count: int


@dataclass
class DistrictManagerSection:
    districts: list[DistrictWork]
    moderation: list[ModerationCount]
    stale_goals: list[Any]  # goals with a local indicator without a recent measurement
    projects_due: list[Any]  # projects with overdue milestones or old progress reports

    @property
    def signal_count(self) -> int:
        return sum(len(d.signals) for d in self.districts)


def _assignments(user: Any) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(user=user)
        .select_related("role__role_profile", "municipality")
        .prefetch_related("districts")
        .order_by("municipality__name", "pk")
    )


def _districts_of(assignments: list[RoleAssignment]) -> list[Area]:
    """The wijken of wijkmanager roles: the ones named, or every current wijk of a
    gemeente held as a whole."""
    named: dict[int, Area] = {}
    whole: list[str] = []
    for a in assignments:
        districts = [d for d in a.districts.all() if d.municipality_code == a.municipality.code]
        if districts:
            named.update({d.pk: d for d in districts})
        else:
            whole.append(a.municipality.code)
    if whole:
        latest = Area.objects.filter(level=AreaLevel.DISTRICT).aggregate(y=Max("last_year"))["y"]
        for d in Area.objects.filter(
            level=AreaLevel.DISTRICT, municipality_code__in=whole, last_year=latest
        ):
            named[d.pk] = d
    return sorted(named.values(), key=lambda d: (d.municipality_code, d.code))


def _in_districts(districts: list[Area], path: str) -> Q:
    ids = [d.pk for d in districts]
    return Q(**{f"{path}__in": ids}) | Q(**{f"{path}__parent__in": ids})


def district_manager_section(
    user: Any, assignments: list[RoleAssignment]
) -> DistrictManagerSection:
    today = _today()
    districts = _districts_of(assignments)
    work = {d.pk: DistrictWork(area=d) for d in districts}
    if not districts:
        return DistrictManagerSection([], [], [], [])

    # Recent signals in the wijken and their buurten (newest first, a few per page).
    signals = (
        SignalPolicy()
        .instances_for(user, "view")
        .filter(_in_districts(districts, "area"))
        .filter(observed_on__gte=today - RECENT_SIGNALS)
        .filter(direction=SignalDirection.CONCERN)
        .select_related("area")
        .order_by("-observed_on", "-id")[: SIGNALS_SHOWN * 4]
    )
    for signal in signals:
        district_id = signal.area_id if signal.area_id in work else signal.area.parent_id
        if district_id in work and len(work[district_id].signals) < SIGNALS_SHOWN:
            work[district_id].signals.append(signal)

    # Stories waiting for moderation, per gemeente (the queue is per gemeente).
    codes = sorted({d.municipality_code for d in districts})
    waiting = (
        StoryPolicy()
        .instances_for(user, "moderate")
        .filter(status=StoryStatus.SUBMITTED)
        .filter(pk__in=_story_ids(districts))
        .values("municipality_code")
        .annotate(n=Count("pk"))
    )
    counts = {row["municipality_code"]: row["n"] for row in waiting}
    municipalities = {m.code: m for m in Area.objects.filter(code__in=codes)}
    moderation = [
        ModerationCount(municipalities[c], counts.get(c, 0)) for c in codes if c in municipalities
    ]

    approaches = (
        ApproachPolicy()
        .instances_for(user, "change")
        .filter(pk__in=Approach.objects.filter(_in_districts(districts, "areas")).values("pk"))
    )
    return DistrictManagerSection(
        districts=list(work.values()),
        moderation=moderation,
        stale_goals=_stale_goals(approaches, today),
        projects_due=_projects_due(
            ProjectPolicy().instances_for(user, "change").filter(approach__in=approaches), today
        ),
    )


def _story_ids(districts: list[Area]):
    from wendbaar.stories.models import Story

    return Story.objects.filter(_in_districts(districts, "areas")).values("pk")


def _stale_goals(approaches, today: dt.date) -> list[GoalIndicator]:
    """Local indicators (a monitor indicator is measured by the monitor) with no
    measurement recorded in the last 12 months, with their goal and wijkaanpak."""
    recent = IndicatorMeasurement.objects.filter(
        indicator=OuterRef("pk"),
        created_at__date__gte=today - STALE_AFTER,
    )
    return list(
        GoalIndicator.objects.filter(goal__approach__in=approaches, indicator_code="")
        .filter(~Exists(recent))
        .annotate(
            # A join passes the default manager by: leave withdrawn measurements out here.
            last_year=Max("measurements__year", filter=Q(measurements__withdrawn_at__isnull=True))
        )
        .select_related("goal__approach")
        .order_by("goal__approach__name", "goal__order", "order", "pk")
    )


@dataclass
class ProjectDue:
    project: Project
    overdue_milestones: int
    last_progress: dt.date | None
    progress_due: bool


def _projects_due(projects, today: dt.date) -> list[ProjectDue]:
    """Active projects with a milestone past its date and not done, or without a
    progress report in the last 12 months (once started)."""
    overdue = Milestone.objects.filter(
        project=OuterRef("pk"), due_date__lt=today, done_on__isnull=True
    )
    rows = (
        projects.filter(status__in=ACTIVE_PROJECT_STATUSES)
        .annotate(
            overdue_milestones=Subquery(
                overdue.values("project").annotate(n=Count("pk")).values("n")[:1]
            ),
            last_progress=_last_progress(),
        )
        .select_related("approach")
        .order_by("approach__name", "start_date", "pk")
    )
    due = []
    for p in rows:
        started = p.start_date <= today - STALE_AFTER
        progress_due = started and (
            p.last_progress is None or p.last_progress < today - STALE_AFTER
        )
        if p.overdue_milestones or progress_due:
            due.append(ProjectDue(p, p.overdue_milestones or 0, p.last_progress, progress_due))
    return due


# --- the partner --------------------------------------------------------------------


@dataclass
class PartnerProject:
    project: Project
    relation: list[str]  # "owner", "funder", "coalition"
    may_change: bool
    last_progress: dt.date | None
    progress_due: bool


@dataclass
class PartnerSection:
    organisations: list[Organisation]
    projects: list[PartnerProject]
    commitments: list[Commitment]
    changeable_commitments: set[int]

    @property
    def reports_due(self) -> list[PartnerProject]:
        return [p for p in self.projects if p.progress_due and p.may_change]


def partner_section(user: Any) -> PartnerSection:
    today = _today()
    organisations = list(Organisation.objects.of_user(user).order_by("name"))
    if not organisations:
        return PartnerSection([], [], [], set())
    org_ids = [o.pk for o in organisations]
    funded = Funding.objects.filter(project=OuterRef("pk"), source__in=org_ids)
    member = Membership.objects.filter(
        approach=OuterRef("approach"), organisation__in=org_ids
    ).filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
    visible = ProjectPolicy().instances_for(user, "view")
    changeable = set(
        ProjectPolicy()
        .instances_for(user, "change")
        .values_list("pk", flat=True)
        .filter(
            Q(owner_organisation__in=org_ids)
            | Q(pk__in=Funding.objects.filter(source__in=org_ids).values("project"))
        )
    )
    rows = (
        visible.annotate(
            is_funder=Exists(funded), is_member=Exists(member), last_progress=_last_progress()
        )
        .filter(Q(owner_organisation__in=org_ids) | Q(is_funder=True) | Q(is_member=True))
        .select_related("approach", "owner_organisation")
        .order_by("approach__name", "start_date", "pk")
    )
    projects = []
    for p in rows:
        relation = []
        if p.owner_organisation_id in org_ids:
            relation.append("owner")
        if p.is_funder:
            relation.append("funder")
        if p.is_member:
            relation.append("coalition")
        active = p.status in ACTIVE_PROJECT_STATUSES and p.start_date <= today
        due = active and (p.last_progress is None or p.last_progress < today - STALE_AFTER)
        projects.append(PartnerProject(p, relation, p.pk in changeable, p.last_progress, due))
    commitments = list(
        CommitmentPolicy()
        .instances_for(user, "view")
        .filter(organisation__in=org_ids)
        .select_related("approach", "organisation")
        .order_by("approach__name", "start_year", "pk")
    )
    changeable_commitments = set(
        CommitmentPolicy()
        .instances_for(user, "change")
        .filter(organisation__in=org_ids)
        .values_list("pk", flat=True)
    )
    return PartnerSection(organisations, projects, commitments, changeable_commitments)


# --- the programmabureau ------------------------------------------------------------


@dataclass
class PortfolioRow:
    approach: Approach
    stage: str  # a Step label, or "all steps done"
    planned: Decimal
    committed: Decimal
    spent: Decimal
    last_progress: dt.date | None
    progress_stale: bool


def portfolio(user: Any, assignments: list[RoleAssignment]) -> list[PortfolioRow]:
    """Every wijkaanpak of the gemeenten where the user is programmabureau (drafts
    included, through the policy), with its stage, money and latest progress report."""
    today = _today()
    codes = sorted({a.municipality.code for a in assignments})
    approaches = list(
        ApproachPolicy()
        .instances_for(user, "view")
        .filter(municipality__code__in=codes)
        .select_related("municipality")
        .order_by("municipality__name", "name", "pk")
    )
    ids = [a.pk for a in approaches]
    open_steps: dict[int, set[str]] = defaultdict(set)
    for approach_id, step in (
        ChecklistItem.objects.filter(approach__in=ids, done=False)
        .values_list("approach", "step")
        .distinct()
    ):
        open_steps[approach_id].add(step)
    money: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in (
        Funding.objects.filter(project__approach__in=ids)
        .values("project__approach", "status")
        .annotate(total=Sum("amount"))
    ):
        money[row["project__approach"]][row["status"]] += row["total"] or Decimal("0")
    for row in (
        MoneyFlow.objects.filter(approach__in=ids)
        .values("approach", "status")
        .annotate(total=Sum("amount"))
    ):
        money[row["approach"]][row["status"]] += row["total"] or Decimal("0")
    last = dict(
        ProgressUpdate.objects.filter(project__approach__in=ids)
        .values("project__approach")
        .annotate(last=Max("reported_on"))
        .values_list("project__approach", "last")
    )
    rows = []
    for a in approaches:
        stage = next((s.label for s in Step if s.value in open_steps[a.pk]), None)
        last_progress = last.get(a.pk)
        rows.append(
            PortfolioRow(
                approach=a,
                stage=str(stage) if stage else "",
                planned=money[a.pk]["planned"],
                committed=money[a.pk]["committed"],
                spent=money[a.pk]["spent"],
                last_progress=last_progress,
                progress_stale=last_progress is None or last_progress < today - STALE_AFTER,
            )
        )
    return rows


# --- the page -----------------------------------------------------------------------


@dataclass
class MyWork:
    roles: list[str]  # role labels, for the page's introduction
    district_manager: DistrictManagerSection | None = None
    partner: PartnerSection | None = None
    portfolio: list[PortfolioRow] | None = None
    manages_users: bool = False
    # The gemeenten whose assessment framework of project proposals the user keeps
    # (beheerder) or works with (programme bureau).
    frameworks: list[Area] = field(default_factory=list)
    # Project proposals to score, to answer (programme bureau) or to revise.
    proposals: Waiting | None = None


def my_work(user: Any) -> MyWork:
    """The sections of "Mijn werk" for ``user``: one per kind of role they hold."""
    assignments = _assignments(user)
    by_role: dict[str, list[RoleAssignment]] = defaultdict(list)
    for a in assignments:
        by_role[a.role.role_profile.slug].append(a)
    labels = []
    for slug in RoleSlug.values:
        if slug in by_role:
            labels.append(str(RoleSlug(slug).label))
    work = MyWork(roles=labels)
    if RoleSlug.DISTRICT_MANAGER in by_role:
        work.district_manager = district_manager_section(user, by_role[RoleSlug.DISTRICT_MANAGER])
    if RoleSlug.PARTNER in by_role:
        work.partner = partner_section(user)
    if RoleSlug.PROGRAMME_BUREAU in by_role:
        work.portfolio = portfolio(user, by_role[RoleSlug.PROGRAMME_BUREAU])
    work.manages_users = RoleSlug.ADMIN in by_role and has_permission_anywhere(user, MANAGE_USERS)
    keepers = by_role[RoleSlug.ADMIN] + by_role[RoleSlug.PROGRAMME_BUREAU]
    work.frameworks = sorted(
        {a.municipality.pk: a.municipality for a in keepers}.values(), key=lambda m: m.name
    )
    work.proposals = waiting_for(user) or None
    return work

"""Reads of the staff pages of initiatives: work lists, the trail, flags, candidate owners.

Every list starts from :class:`~.permissions.InitiativePolicy` (``instances_for``), so a
user sees what their roles allow where they allow it, and always what they own or what
waits for them. Flags come from the pure rules in ``flags.py`` over facts annotated on
the rows: a work list costs the same few queries for one initiative or for fifty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wendbaar.accounts.models import RoleAssignment, User
from wendbaar.accounts.policies import municipalities_for, municipality_codes_in, scope_for
from wendbaar.agenda.constants import ProjectStatus
from wendbaar.agenda.permissions import ProjectPolicy
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.constants import Theme
from wendbaar.core.workdays import working_days_between

from . import flags as rules
from .constants import (
    CLOSED_STATUSES,
    PUBLIC_EVENTS,
    REASON_REQUIRED,
    Ask,
    HandOverState,
    InitiativeStatus,
)
from .models import HandOver, Initiative, InitiativeEvent
from .permissions import VIEW, InitiativePolicy
from .workflow import ALLOWED_TRANSITIONS

PAGE_SIZE = 50


def today() -> dt.date:
    return timezone.localdate()


# --- facts and flags -------------------------------------------------------------------


def per_initiative(model: type, value: Any, output_field: Any, empty: Any) -> Coalesce:
    """One figure per initiative from a related table, as a subquery: joining several
    tables at once would multiply the rows and the sums."""
    rows = (
        model.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(figure=value)
        .values("figure")
    )
    return Coalesce(Subquery(rows[:1], output_field=output_field), Value(empty))


def with_facts(queryset: QuerySet) -> QuerySet:
    """Annotate what the flags need (hand-overs, the open hand-over's deadline) without
    joining rows: one query for the whole list."""
    return queryset.annotate(
        handover_count=per_initiative(HandOver, Count("pk"), IntegerField(), 0),
        open_handover_due=Subquery(
            HandOver.objects.filter(initiative=OuterRef("pk"), state=HandOverState.OFFERED).values(
                "accept_due"
            )[:1]
        ),
    )


def facts_of(initiative: Initiative) -> rules.InitiativeFacts:
    """The facts of one initiative: from ``with_facts`` annotations, else two queries."""
    if hasattr(initiative, "handover_count"):
        count, open_due = initiative.handover_count, initiative.open_handover_due
    else:
        count = initiative.handovers.count()
        open_due = (
            initiative.handovers.filter(state=HandOverState.OFFERED)
            .values_list("accept_due", flat=True)
            .first()
        )
    return rules.InitiativeFacts(
        closed=initiative.is_closed,
        has_owner=initiative.owner_id is not None,
        answered=initiative.first_answer_at is not None,
        triage_due=initiative.triage_due,
        answer_due=initiative.answer_due,
        handovers=count,
        open_handover_due=open_due,
    )


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def flag_text(flag: rules.Flag) -> str:
    p = flag.params
    if flag.code == rules.TRIAGE_OVERDUE:
        return ngettext(
            "No contact person: due %(due)s, %(n)s working day late",
            "No contact person: due %(due)s, %(n)s working days late",
            p["working_days"],
        ) % {"due": _day(p["due"]), "n": p["working_days"]}
    if flag.code == rules.ANSWER_OVERDUE:
        return ngettext(
            "No first answer: due %(due)s, %(n)s working day late",
            "No first answer: due %(due)s, %(n)s working days late",
            p["working_days"],
        ) % {"due": _day(p["due"]), "n": p["working_days"]}
    if flag.code == rules.HANDOVER_LATE:
        return _("Hand-over not accepted: due %(due)s") % {"due": _day(p["due"])}
    if flag.code == rules.MANY_HANDOVERS:
        return _("Handed over %(count)s times (more than %(max)s)") % p
    return flag.code


@dataclass(frozen=True)
class Row:
    """One initiative on a work list."""

    initiative: Initiative
    flags: list[str]
    overdue: bool
    next_due: dt.date | None  # the next promise still to keep
    next_due_label: str


def next_promise(initiative: Initiative) -> tuple[str, dt.date | None]:
    if initiative.is_closed:
        return "", None
    if initiative.owner_id is None:
        return _("contact person"), initiative.triage_due
    if initiative.first_answer_at is None:
        return _("first answer"), initiative.answer_due
    return "", None


def row_of(initiative: Initiative, on: dt.date) -> Row:
    facts = facts_of(initiative)
    found = rules.initiative_flags(facts, on)
    label, due = next_promise(initiative)
    return Row(
        initiative=initiative,
        flags=[flag_text(f) for f in found],
        overdue=rules.is_overdue(facts, on),
        next_due=due,
        next_due_label=label,
    )


def rows_of(initiatives: Any, on: dt.date) -> list[Row]:
    return [row_of(i, on) for i in initiatives]


def _listed(queryset: QuerySet, on: dt.date) -> QuerySet:
    """Overdue first, then by due date (``with_overdue_flag``), with the facts."""
    return with_facts(queryset.select_related("area", "owner")).with_overdue_flag(on)


# --- the gemeente's list -----------------------------------------------------------------


def may_list(user: Any, municipality_code: str) -> bool:
    """Whether ``user`` may open the gemeente's list: they may view initiatives somewhere
    in it, or one of its initiatives is theirs (owned, or a hand-over waits for them)."""
    scope = scope_for(user, VIEW)
    if scope.everywhere or municipality_code in municipality_codes_in(scope):
        return True
    return (
        InitiativePolicy()
        .instances_for(user, "view")
        .filter(municipality_code=municipality_code)
        .exists()
    )


def districts_of(municipality_code: str) -> QuerySet:
    return Area.objects.filter(
        municipality_code=municipality_code, level=AreaLevel.DISTRICT
    ).order_by("name")


def initiatives_for_list(
    user: Any,
    municipality_code: str,
    *,
    on: dt.date,
    status: str = "",
    district: Area | None = None,
    only_overdue: bool = False,
) -> QuerySet:
    queryset = (
        InitiativePolicy().instances_for(user, "view").filter(municipality_code=municipality_code)
    )
    if status:
        queryset = queryset.filter(status=status)
    if district is not None:
        queryset = queryset.filter(Q(area=district) | Q(area__parent=district))
    if only_overdue:
        queryset = queryset.overdue(on)
    return _listed(queryset, on)


# --- my work list ----------------------------------------------------------------------


@dataclass
class MyList:
    owned: list[Row] = field(default_factory=list)
    waiting: list[HandOver] = field(default_factory=list)  # hand-overs to accept or refuse
    triage: list[Row] = field(default_factory=list)  # without owner, in the triage scope
    may_triage: bool = False


def waiting_handovers(user: Any, on: dt.date) -> list[HandOver]:
    """Hand-overs that wait for ``user``, the late ones (earliest deadline) first."""
    handovers = (
        HandOver.objects.filter(to_user=user, state=HandOverState.OFFERED)
        .select_related("initiative__area", "from_user", "to_organisation")
        .order_by("accept_due", "pk")
    )
    result = list(handovers)
    for handover in result:
        handover.is_late = handover.accept_due < on
    return result


def owned_rows(user: Any, on: dt.date) -> list[Row]:
    owned = Initiative.objects.filter(owner=user).exclude(status__in=CLOSED_STATUSES)
    return rows_of(_listed(owned, on), on)


def my_list(user: Any, on: dt.date) -> MyList:
    """What waits for ``user``: the open initiatives they own, hand-overs to answer, and
    for those who triage (wijkmanager, programme bureau) the open initiatives without a
    contact person in their scope. Overdue first everywhere."""
    policy = InitiativePolicy()
    result = MyList(owned=owned_rows(user, on), waiting=waiting_handovers(user, on))
    triage_scope = scope_for(user, policy.permission_for("triage"))
    if not triage_scope.is_empty:
        result.may_triage = True
        queue = (
            policy.instances_for(user, "triage")
            .filter(owner__isnull=True)
            .exclude(status__in=CLOSED_STATUSES)
        )
        result.triage = rows_of(_listed(queue, on), on)
    return result


@dataclass
class WorkSummary:
    """The "Initiatives" section of "My work"."""

    owned: list[Row]
    waiting: list[HandOver]
    # The gemeenten whose initiatives the user may view: their list and dashboard.
    municipalities: list[Area]

    def __bool__(self) -> bool:
        return bool(self.owned or self.waiting or self.municipalities)

    @property
    def overdue(self) -> int:
        return sum(r.overdue for r in self.owned) + sum(h.is_late for h in self.waiting)


def my_work_summary(user: Any, on: dt.date | None = None) -> WorkSummary:
    """A few queries, whatever the number of initiatives."""
    on = on or today()
    return WorkSummary(
        owned=owned_rows(user, on),
        waiting=waiting_handovers(user, on),
        municipalities=list(municipalities_for(user, VIEW).order_by("name")),
    )


# --- one initiative ----------------------------------------------------------------------


@dataclass(frozen=True)
class PromiseState:
    """One promise to the initiators, in working days."""

    label: str
    due: dt.date
    kept_on: dt.date | None
    state: str  # "met", "met_late", "overdue", "open", "ended"
    working_days: int  # late by, or left


def promise_state(
    label: str, due: dt.date, kept_at: dt.datetime | None, closed: bool, on: dt.date
) -> PromiseState:
    if kept_at is not None:
        kept_on = timezone.localdate(kept_at)
        if kept_on <= due:
            return PromiseState(label, due, kept_on, "met", 0)
        return PromiseState(label, due, kept_on, "met_late", working_days_between(due, kept_on))
    if closed:
        return PromiseState(label, due, None, "ended", 0)
    if due < on:
        return PromiseState(label, due, None, "overdue", working_days_between(due, on))
    return PromiseState(label, due, None, "open", working_days_between(on, due))


@dataclass(frozen=True)
class TrailEntry:
    event: InitiativeEvent
    internal: bool  # not on the initiators' status page


@dataclass
class InitiativeOverview:
    initiative: Initiative
    flags: list[str]
    promises: list[PromiseState]
    trail: list[TrailEntry]
    handovers: list[HandOver]
    support: list[Any]
    support_total: Decimal | None
    rule_conflicts: list[Any]
    themes: list[str]
    asks: list[str]
    consent_requests: list[Any]


def overview(initiative: Initiative, on: dt.date) -> InitiativeOverview:
    handovers = list(
        initiative.handovers.select_related("from_user", "to_user", "to_organisation").order_by(
            "offered_at", "pk"
        )
    )
    open_due = next((h.accept_due for h in handovers if h.state == HandOverState.OFFERED), None)
    facts = rules.InitiativeFacts(
        closed=initiative.is_closed,
        has_owner=initiative.owner_id is not None,
        answered=initiative.first_answer_at is not None,
        triage_due=initiative.triage_due,
        answer_due=initiative.answer_due,
        handovers=len(handovers),
        open_handover_due=open_due,
    )
    support = list(initiative.support.select_related("recorded_by"))
    total = initiative.support.aggregate(total=Sum("amount"))["total"]
    events = initiative.events.select_related("actor").order_by("at", "pk")
    return InitiativeOverview(
        initiative=initiative,
        flags=[flag_text(f) for f in rules.initiative_flags(facts, on)],
        promises=[
            promise_state(
                _("Contact person known"),
                initiative.triage_due,
                initiative.owner_assigned_at,
                initiative.is_closed,
                on,
            ),
            promise_state(
                _("First answer"),
                initiative.answer_due,
                initiative.first_answer_at,
                initiative.is_closed,
                on,
            ),
        ],
        trail=[TrailEntry(e, e.kind not in PUBLIC_EVENTS) for e in events],
        handovers=handovers,
        support=support,
        support_total=total,
        rule_conflicts=list(initiative.rule_conflicts.select_related("recorded_by")),
        themes=[str(Theme(t).label) for t in initiative.themes if t in Theme.values],
        asks=[str(Ask(a).label) for a in initiative.asks if a in Ask.values],
        consent_requests=list(initiative.consent_requests.select_related("project")),
    )


def status_choices(initiative: Initiative) -> list[tuple[str, str]]:
    """The statuses the workflow allows next (an owner comes by triage, not by choice);
    without an owner only the endings with a reason."""
    allowed = ALLOWED_TRANSITIONS.get(initiative.status, frozenset())
    return [
        (value, label)
        for value, label in InitiativeStatus.choices
        if value in allowed
        and value != InitiativeStatus.OWNER_KNOWN
        and (initiative.owner_id is not None or value in REASON_REQUIRED)
    ]


def candidate_owners(municipality_code: str) -> QuerySet:
    """Who can own (or receive) an initiative of the gemeente: active users with a role
    there (``services.works_in``), with those roles for the choice's text."""
    roles = RoleAssignment.objects.filter(municipality__code=municipality_code).select_related(
        "role__role_profile"
    )
    # As ``services.works_in``: a role there that takes up initiatives (not readers).
    takes_up = RoleAssignment.objects.filter(
        municipality__code=municipality_code,
        role__permissions__content_type__app_label="initiatives",
        role__permissions__codename="add_initiative",
    ).values("user")
    return (
        User.objects.filter(is_active=True, pk__in=takes_up)
        .distinct()
        .order_by("first_name", "last_name", "username")
        .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="gemeente_roles"))
    )


def user_label(user: Any) -> str:
    """A person's name with their roles in the gemeente (``candidate_owners``)."""
    name = user.get_full_name() or user.get_username()
    roles = sorted(
        {
            str(a.role.role_profile.label)
            for a in getattr(user, "gemeente_roles", [])
            if hasattr(a.role, "role_profile")
        }
    )
    return f"{name} ({', '.join(roles)})" if roles else name


def mergeable_projects(initiative: Initiative, user: Any) -> Any:
    """The municipal projects ``user`` may propose to merge ``initiative`` into: projects
    they can see, of a wijkaanpak in the initiative's gemeente, not ended."""
    return (
        ProjectPolicy()
        .instances_for(user, "view")
        .filter(approach__municipality__code=initiative.municipality_code)
        .exclude(status__in=[ProjectStatus.COMPLETED, ProjectStatus.STOPPED])
        .select_related("approach")
        .order_by("approach__name", "title")
    )

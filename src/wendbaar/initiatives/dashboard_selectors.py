"""Reads of the initiatives dashboard and the rule-conflict log.

A fixed, small number of queries whatever the number of initiatives: the permission
scope, the areas, then one query each for the initiatives (its rows read below the ORM,
``_rows_as_text``), their hand-over counts, their rule conflicts and their support
(added up per kind). No query per initiative; the figures come from the pure
``dashboard.compute``.

What is counted is what the user may view (``InitiativePolicy().instances_for(user,
"view")``): a wijkmanager of one wijk sees the gemeente's dashboard over their wijk only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from wendbaar.accounts.policies import municipality_codes_in, scope_for
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area

from . import dashboard as stats
from .models import HandOver, Initiative, RuleConflict, Support
from .permissions import VIEW, InitiativePolicy


@dataclass(frozen=True)
class Place:
    """The gemeente of the dashboard and, optionally, one of its wijken."""

    municipality: Area
    district: Area | None = None
    districts: list[Area] = field(default_factory=list)  # to choose from


def place_for(user: Any, code: str, wijk: str = "") -> Place:
    """The gemeente ``code`` (404 if unknown) for a user who may view initiatives in it
    (403 otherwise), and the wijk ``wijk`` of it when given (404 if not one of its wijken)."""
    municipality = Area.objects.filter(code=code.upper(), level=AreaLevel.MUNICIPALITY).first()
    if municipality is None:
        raise Http404
    scope = scope_for(user, VIEW)
    in_scope = scope.everywhere or municipality.code in municipality_codes_in(scope)
    # Without the gemeente in scope: only their own initiatives there (an owner, a
    # hand-over waiting for them).
    if not in_scope and not _visible(user).filter(municipality_code=municipality.code).exists():
        raise PermissionDenied
    districts = list(
        Area.objects.filter(municipality_code=municipality.code, level=AreaLevel.DISTRICT).order_by(
            "name"
        )
    )
    district = None
    if wijk:
        district = next((d for d in districts if d.code == wijk.upper()), None)
        if district is None:
            raise Http404
    return Place(municipality, district, districts)


def _visible(user: Any) -> QuerySet:
    return InitiativePolicy().instances_for(user, "view")


def initiatives_in(user: Any, place: Place) -> QuerySet:
    """The initiatives of ``place`` that ``user`` may view (a wijk covers its buurten)."""
    queryset = _visible(user).filter(municipality_code=place.municipality.code)
    if place.district is not None:
        d = place.district
        queryset = queryset.filter(Q(area=d) | Q(area__parent=d))
    return queryset


ONE_DAY = dt.timedelta(days=1)
# The initiatives' moments and days, read as text: see ``_rows_as_text``.
AS_TEXT = ("received_at", "triage_due", "answer_due", "owner_assigned_at", "first_answer_at")


def _rows_as_text(queryset: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` queryset, run below the ORM (the same SQL, the same
    policy filter). Measured (make bench): for 5,000 initiatives, Django's converters of
    three moments and two days per row cost more than the query itself; the moments come
    as ISO text (``Cast``) and ``_local_day`` reads them with the C ``fromisoformat``."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _local_day(text: str | None, tz: dt.tzinfo) -> dt.date | None:
    """The local day of a moment stored in UTC: SQLite gives it without an offset,
    PostgreSQL (in UTC, as Django sets the connection) with one."""
    if text is None:
        return None
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).date()


class _LocalDays:
    """``_local_day`` by a rule per UTC date: with the zone's offset at both ends of that
    date, a moment falls on the next local day from ``24:00 - offset`` (east of UTC) or
    on the day before until ``-offset`` (west). Dates whose offset changes during the
    day, and moments with an offset other than UTC, are computed exactly."""

    def __init__(self, tz: dt.tzinfo) -> None:
        self.tz = tz
        self.by_date: dict[str, tuple[dt.date, int, int, bool]] = {}

    def _rule(self, key: str) -> tuple[dt.date, int, int, bool]:
        day = dt.date.fromisoformat(key)
        start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        early = start.astimezone(self.tz).utcoffset() or dt.timedelta()
        late = (start + dt.timedelta(hours=23, minutes=59)).astimezone(self.tz).utcoffset()
        late = late or dt.timedelta()
        rule = (day, int(early.total_seconds()), int(late.total_seconds()), early == late)
        self.by_date[key] = rule
        return rule

    def __call__(self, text: str | None) -> dt.date | None:
        if text is None:
            return None
        if len(text) > 26 and not text.endswith("+00"):
            return _local_day(text, self.tz)
        key = text[:10]
        day, early, late, steady = self.by_date.get(key) or self._rule(key)
        if not steady:
            return _local_day(text, self.tz)
        second = int(text[11:13]) * 3600 + int(text[14:16]) * 60 + int(text[17:19])
        if late > 0 and second >= 86400 - late:
            return day + ONE_DAY
        if early < 0 and second < -early:
            return day - ONE_DAY
        return day


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def dashboard_for(user: Any, place: Place, *, today: dt.date | None = None) -> stats.Dashboard:
    today = today or timezone.localdate()
    initiatives = initiatives_in(user, place).order_by()
    ids = initiatives.values("pk")
    handovers = dict(
        HandOver.objects.filter(initiative__in=ids)
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values_list("initiative", "n")
    )
    local_day = _LocalDays(timezone.get_current_timezone())
    facts = [
        stats.InitiativeFacts(
            id=pk,
            status=status,
            received_on=local_day(received),
            triage_due=_day(triage_due),
            answer_due=_day(answer_due),
            owner_assigned_on=local_day(assigned),
            first_answer_on=local_day(answered),
            has_owner=owner is not None,
            closed=bool(closed),
            handovers=handovers.get(pk, 0),
        )
        for pk, status, received, triage_due, answer_due, assigned, answered, owner, closed in (
            _rows_as_text(
                initiatives.annotate(
                    **{f"{name}_text": Cast(name, CharField()) for name in AS_TEXT},
                    is_closed=ExpressionWrapper(
                        Q(closed_at__isnull=False), output_field=BooleanField()
                    ),
                ).values_list(
                    "pk",
                    "status",
                    "received_at_text",
                    "triage_due_text",
                    "answer_due_text",
                    "owner_assigned_at_text",
                    "first_answer_at_text",
                    "owner_id",
                    "is_closed",
                )
            )
        )
    ]
    resolved = ExpressionWrapper(Q(resolved_at__isnull=False), output_field=BooleanField())
    conflicts = [
        stats.ConflictFacts(initiative, department, is_resolved)
        for initiative, department, is_resolved in RuleConflict.objects.filter(initiative__in=ids)
        .order_by()
        .values_list("initiative", "department", resolved)
    ]
    # Added up in the database: no Decimal per gift in Python.
    support = [
        stats.SupportFacts(kind, amount, count=n, with_amount=with_amount)
        for kind, n, amount, with_amount in Support.objects.filter(initiative__in=ids)
        .order_by()
        .values_list("kind")
        .annotate(Count("pk"), Sum("amount"), Count("amount"))
    ]
    return stats.compute(facts, conflicts, support, today=today)


# --- the rule-conflict log -----------------------------------------------------------------


@dataclass(frozen=True)
class LoggedConflict:
    pk: int
    initiative_id: int
    reference: str
    title: str
    rule: str
    what_would_help: str
    recorded_at: dt.datetime
    resolved_at: dt.datetime | None
    resolution: str

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


@dataclass(frozen=True)
class DepartmentLog:
    department: str
    conflicts: list[LoggedConflict]

    @property
    def open(self) -> int:
        return sum(not c.resolved for c in self.conflicts)

    @property
    def resolved(self) -> int:
        return len(self.conflicts) - self.open

    @property
    def blocked(self) -> int:
        """Initiatives blocked now: with at least one open conflict here."""
        return len({c.initiative_id for c in self.conflicts if not c.resolved})


def conflict_log(user: Any, place: Place) -> list[DepartmentLog]:
    """Every rule conflict of the initiatives ``user`` may view in ``place``, per
    department; departments with the most open conflicts first, open conflicts first
    within one. One query."""
    rows = (
        RuleConflict.objects.filter(initiative__in=initiatives_in(user, place).values("pk"))
        .order_by("department", "-recorded_at", "-pk")
        .values(
            "pk",
            "initiative",
            "initiative__title",
            "rule",
            "department",
            "what_would_help",
            "recorded_at",
            "resolved_at",
            "resolution",
        )
    )
    by_department: dict[str, list[LoggedConflict]] = {}
    for row in rows:
        by_department.setdefault(row["department"], []).append(
            LoggedConflict(
                pk=row["pk"],
                initiative_id=row["initiative"],
                reference=Initiative(pk=row["initiative"]).reference,
                title=row["initiative__title"],
                rule=row["rule"],
                what_would_help=row["what_would_help"],
                recorded_at=row["recorded_at"],
                resolved_at=row["resolved_at"],
                resolution=row["resolution"],
            )
        )
    logs = [
        DepartmentLog(d, sorted(cs, key=lambda c: c.resolved)) for d, cs in by_department.items()
    ]
    logs.sort(key=lambda log: (-log.open, -len(log.conflicts), log.department.casefold()))
    return logs

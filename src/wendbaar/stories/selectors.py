"""Permission-scoped reads of stories and signals, for pages, the API and other apps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear

from wendbaar.areas.models import Area
from wendbaar.core.services import record_audit_event

from .constants import StoryStatus
from .models import Contributor, Signal, Story
from .permissions import ContributorPolicy, SignalPolicy, StoryPolicy, withdrawn_signals_for
from .querysets import Period


def stories_for_user(
    user: Any,
    *,
    municipality_code: str | None = None,
    area: Area | None = None,
    theme: str | None = None,
    author_kind: str | None = None,
    indicator: str | None = None,
    period: Period | None = None,
    search: str = "",
    status: str | None = None,
) -> models.QuerySet[Story]:
    """The stories ``user`` may see, filtered; newest first."""
    qs = StoryPolicy().instances_for(user, "view")
    if municipality_code:
        qs = qs.in_municipality(municipality_code)
    if area is not None:
        qs = qs.in_area(area)
    if theme:
        qs = qs.with_theme(theme)
    if author_kind:
        qs = qs.filter(author_kind=author_kind)
    if indicator:
        qs = qs.with_indicator(indicator)
    if period is not None:
        qs = qs.in_period(period)
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.search(search)
    return qs.prefetch_related("areas").order_by("-collected_on", "-id")


def stories_for_area(
    user: Any,
    area: Area,
    *,
    theme: str | None = None,
    indicator: str | None = None,
    period: Period | str | None = None,
) -> models.QuerySet[Story]:
    """Published stories about ``area`` (a wijk includes its buurten, a gemeente all of its
    areas) that ``user`` may see: the soft data beside the figures on the area profile.

    ``period`` is a :class:`Period` or a string like ``"2024"`` / ``"2024-Q2"``.
    Slice the result for a short list (``[:5]``).
    """
    if isinstance(period, str):
        period = Period.parse(period)
    return stories_for_user(
        user, area=area, theme=theme, indicator=indicator, period=period
    ).published()


def get_story_for_user(user: Any, pk: int) -> Story:
    """One story; Http404 when ``user`` may not see it (its existence is not revealed)."""
    return StoryPolicy().get_for_user(user, "view", pk=pk)


def moderation_queue(user: Any, *, municipality_code: str) -> models.QuerySet[Story]:
    return (
        StoryPolicy()
        .instances_for(user, "moderate")
        .in_municipality(municipality_code)
        .filter(status="submitted")
        .prefetch_related("areas")
        .order_by("created_at", "id")
    )


def withdrawn_stories(user: Any, *, municipality_code: str) -> models.QuerySet[Story]:
    """Withdrawn stories a moderator may see in a gemeente, last withdrawn first."""
    return (
        StoryPolicy()
        .instances_for(user, "moderate")
        .in_municipality(municipality_code)
        .filter(status=StoryStatus.WITHDRAWN)
        .prefetch_related("areas")
        .order_by("-withdrawn_at", "-id")
    )


def get_contributor_for_user(user: Any, pk: int, action: str = "view") -> Contributor:
    return ContributorPolicy().get_for_user(user, action, pk=pk)


def contributors_for_user(user: Any, *, email: str) -> models.QuerySet[Contributor]:
    """Contributors with exactly this e-mail address (a data subject's request)."""
    email = email.strip()
    if not email:
        return Contributor.objects.none()
    return ContributorPolicy().instances_for(user, "view").filter(email__iexact=email)


# Looking at personal data is itself recorded (AVG): these reads write an audit event, so
# no page or endpoint that shows a person's data can forget it.


def search_contributors(user: Any, *, email: str) -> list[Contributor]:
    """``contributors_for_user``, recorded in the audit log with what was found."""
    found = list(contributors_for_user(user, email=email))
    record_audit_event(actor=user, action="personal_data_searched", found=[c.pk for c in found])
    return found


def view_contributor(user: Any, pk: int) -> Contributor:
    """One contributor's personal data for ``user`` (404/403 as the policy says),
    recorded in the audit log."""
    contributor = get_contributor_for_user(user, pk)
    record_audit_event(actor=user, action="personal_data_viewed", obj=contributor)
    return contributor


# --- signals -------------------------------------------------------------------------


def signals_for_user(
    user: Any, *, area: Area | None = None, period: Period | None = None
) -> models.QuerySet[Signal]:
    qs = SignalPolicy().instances_for(user, "view")
    if area is not None:
        qs = qs.in_area(area)
    if period is not None:
        qs = qs.in_period(period)
    return qs.select_related("area").order_by("-observed_on", "-id")


def withdrawn_signals(user: Any, area: Area) -> models.QuerySet[Signal]:
    """The withdrawn signals in ``area`` that ``user`` may see (their own, and all of
    them for staff who may correct signals there), last withdrawn first."""
    return (
        withdrawn_signals_for(user)
        .in_area(area)
        .select_related("area", "withdrawn_by")
        .order_by("-withdrawn_at", "-id")
    )


def changeable_signal_ids(user: Any, signals: list[Signal]) -> set[int]:
    """Which of ``signals`` ``user`` may correct or withdraw (one query)."""
    if not signals or not getattr(user, "is_authenticated", False):
        return set()
    ids = [s.pk for s in signals]
    return set(
        SignalPolicy().instances_for(user, "change").filter(pk__in=ids).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class SignalCount:
    """Signals of one direction and theme, in one area, in one year (and quarter)."""

    area_code: str
    area_level: str
    parent_code: str | None
    municipality_code: str
    theme: str
    direction: str
    year: int
    quarter: int | None
    count: int


def signal_counts(
    signals: models.QuerySet[Signal] | None = None,
    *,
    area: Area | None = None,
    period: Period | None = None,
    by_quarter: bool = True,
) -> list[SignalCount]:
    """Count signals per area, theme, direction and period (year, or year and quarter).

    ``signals`` is the starting set; pass ``signals_for_user(user)`` for a scoped count.
    Without it every signal counts (for background jobs). A tidy list, sorted.
    """
    qs = Signal.objects.all() if signals is None else signals
    if area is not None:
        qs = qs.in_area(area)
    if period is not None:
        qs = qs.in_period(period)
    fields = ["area__code", "area__level", "area__parent__code", "municipality_code"]
    fields += ["theme", "direction", "year"]
    qs = qs.order_by().annotate(year=ExtractYear("observed_on"))
    if by_quarter:
        qs = qs.annotate(quarter=ExtractQuarter("observed_on"))
        fields.append("quarter")
    rows = qs.values(*fields).annotate(n=Count("id"))
    result = [
        SignalCount(
            area_code=row["area__code"],
            area_level=row["area__level"],
            parent_code=row["area__parent__code"],
            municipality_code=row["municipality_code"],
            theme=row["theme"],
            direction=row["direction"],
            year=row["year"],
            quarter=row.get("quarter"),
            count=row["n"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda c: (c.area_code, c.year, c.quarter or 0, c.theme, c.direction))


def signal_timeline(user: Any, area: Area) -> list[tuple[Period, list[Signal]]]:
    """The signals ``user`` may see in ``area``, grouped by quarter, newest first."""
    groups: dict[Period, list[Signal]] = defaultdict(list)
    for signal in signals_for_user(user, area=area):
        quarter = (signal.observed_on.month - 1) // 3 + 1
        groups[Period(signal.observed_on.year, quarter)].append(signal)
    return sorted(groups.items(), key=lambda item: (item[0].year, item[0].quarter), reverse=True)


# --- soft data beside the figures ----------------------------------------------------


@dataclass(frozen=True)
class ThemeSoftData:
    """The stories and signals about one theme in one area, newest first (a short list)."""

    theme: str
    stories: list[Story]
    signals: list[Signal]
    n_stories: int
    n_signals: int


SOFT_DATA_WINDOW = 100


def soft_data_by_theme(
    user: Any,
    area: Area,
    *,
    stories: list[Story] | None = None,
    per_theme: int = 3,
    window: int = SOFT_DATA_WINDOW,
) -> dict[str, ThemeSoftData]:
    """Stories and signals ``user`` may see about ``area``, grouped by theme, so a profile
    can set them beside the figures of that theme. The newest ``window`` of each kind is
    grouped (an area page is not an archive: the story list is). Pass ``stories`` when the
    caller already fetched ``stories_for_area(user, area)[:window]``."""
    if stories is None:
        stories = list(stories_for_area(user, area)[:window])
    signals = list(signals_for_user(user, area=area)[:window])
    story_groups: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for theme in story.themes or []:
            story_groups[theme].append(story)
    signal_groups: dict[str, list[Signal]] = defaultdict(list)
    for signal in signals:
        signal_groups[signal.theme].append(signal)
    return {
        theme: ThemeSoftData(
            theme=theme,
            stories=story_groups[theme][:per_theme],
            signals=signal_groups[theme][:per_theme],
            n_stories=len(story_groups[theme]),
            n_signals=len(signal_groups[theme]),
        )
        for theme in sorted(set(story_groups) | set(signal_groups))
    }

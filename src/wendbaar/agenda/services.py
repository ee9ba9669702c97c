"""Write use cases of the agenda of a wijkaanpak. One function per use case, keyword-only.

Each service validates, writes in one transaction and appends an audit event
(``record_audit_event``). The vision and project statuses are append-only; a progress
report or a measurement is corrected (the event keeps old → new) or withdrawn with a
reason (``withdrawn_at``: it counts nowhere, the history lists it), never erased. Goals,
indicators, programme lines and milestones are removed only when nothing depends on
them (the refusal says which); the event keeps what they said.

Every addition, change and removal of a goal or an indicator also appends an
``AgendaChange`` with its reason, in the same transaction: the history of the agenda
that the wijkaanpak page and the progress report show. A reason is required for a change
of what a goal or indicator says, and for its removal, from the day after it was made
(``changes.needs_reason``); on its first day it is still being drafted.

Each service first checks the policy for ``by`` (``permissions.py``): the agenda's own
permission held for one of the wijkaanpak's areas (``agenda.add_goal``…), and for a
project the project rule (partners change their own organisation's projects).
``PermissionDenied`` comes before anything is written. ``by`` is the acting user, or a
``core.actors.SystemActor`` when the platform acts (demo, commands).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wendbaar.accounts.policies import require
from wendbaar.approaches.models import Approach, PolicyDriver
from wendbaar.approaches.permissions import may_in_approach
from wendbaar.approaches.services import check_organisation
from wendbaar.core.actors import acting_user
from wendbaar.core.constants import Theme
from wendbaar.core.services import apply_changes, record_audit_event, save_validated
from wendbaar.core.withdrawal import mark_withdrawn, reason_text
from wendbaar.monitor.selectors import CatalogueEntry, indicator_info
from wendbaar.organisations.models import ContactPerson, Organisation

from . import changes as agenda_changes
from . import money
from .constants import AgendaChangeKind, FundingStatus, ProjectStatus
from .dates import Allowed, history_dates, measurement_years
from .models import (
    AgendaChange,
    Funding,
    Goal,
    GoalIndicator,
    IndicatorMeasurement,
    Milestone,
    MoneyFlow,
    ProgrammeLine,
    ProgressUpdate,
    Project,
    ProjectStatusChange,
)
from .permissions import may_add_project, may_change_project
from .workflow import may_transition

GOAL_FIELDS = ("title", "description", "themes", "order")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "polarity",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "order",
)
PROJECT_FIELDS = (
    "title",
    "description",
    "line",
    "owner_organisation",
    "owner_contact",
    "start_date",
    "end_date",
    "budget",
    "weight",
    "themes",
    "combined_message",
    "follow_up_of",
)


# --- helpers ---------------------------------------------------------------------------


def _check_year(field: str, year: int, allowed: Allowed) -> None:
    """Refuse an implausible year, naming the field and the range (``dates.py``)."""
    if year not in allowed:
        raise ValidationError(
            {
                field: _("Choose a year from %(low)s to %(high)s: not after this year.")
                % {"low": allowed.low, "high": allowed.high}
            }
        )


def _check_history_date(field: str, day: dt.date, project: Project) -> None:
    """A date in the project's history: within its period and not after today."""
    allowed = history_dates(
        start=project.start_date,
        end=project.end_date,
        entered=timezone.localdate(project.created_at),
        today=timezone.localdate(),
    )
    if day not in allowed:
        raise ValidationError(
            {
                field: _(
                    "Choose a date from %(low)s to %(high)s: within the project's period "
                    "and not after today."
                )
                % {"low": allowed.low.isoformat(), "high": allowed.high.isoformat()}
            }
        )


def _check_themes(themes: Iterable[str]) -> list[str]:
    themes = list(dict.fromkeys(themes))
    unknown = [t for t in themes if t not in Theme.values]
    if unknown:
        raise ValidationError({"themes": _("Unknown theme: %(theme)s") % {"theme": unknown[0]}})
    return themes


# --- the history of the agenda: changes with a reason ---------------------------------


def change_needs_reason(record: Goal | GoalIndicator) -> bool:
    """Whether changing what ``record`` says, or removing it, needs a reason today: it is
    part of the agenda as set, made before today (``changes.needs_reason``). The services
    decide with it, the forms say it."""
    return agenda_changes.needs_reason(timezone.localdate(record.created_at), timezone.localdate())


def _change_reason(reason: Any, *, required: bool, removal: bool = False) -> str:
    """The reason as one line (``core.withdrawal.reason_text``: at most 300 characters);
    refused when empty and ``required``."""
    text = reason_text(reason, required=False)
    if required and not text:
        message = (
            _("Say why it is removed: it was set before today, and the reason is kept.")
            if removal
            else _("Say why it changes: it was set before today, and the reason is kept.")
        )
        raise ValidationError({"reason": ValidationError(message, code="no_reason")})
    return text


def _differs(record: Any, fields: dict[str, Any]) -> list[str]:
    """The names in ``fields`` whose value differs from ``record``'s (before any is set)."""
    return [name for name, value in fields.items() if getattr(record, name) != value]


def _indicator_subject(indicator: GoalIndicator, goal: Goal) -> str:
    return f"{indicator} ({goal.title})"


def _indicator_record(indicator: GoalIndicator) -> dict[str, Any]:
    """An indicator's main fields, as an addition or removal keeps them."""
    return {
        "indicator_code": indicator.indicator_code,
        "name": indicator.name,
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "baseline_value": indicator.baseline_value,
        "baseline_year": indicator.baseline_year,
        "target_value": indicator.target_value,
        "target_year": indicator.target_year,
    }


def _record_change(
    *,
    approach: Approach,
    kind: str,
    subject: str,
    changes: dict[str, Any],
    reason: str,
    by: Any,
    goal: Goal | None = None,
    indicator: GoalIndicator | None = None,
    indicator_code: str = "",
) -> AgendaChange:
    change = AgendaChange(
        approach=approach,
        goal=goal,
        indicator=indicator,
        kind=kind,
        subject=subject[:300],
        indicator_code=indicator_code,
        changes=changes,
        reason=reason,
        changed_by=acting_user(by),
    )
    save_validated(change)
    return change


@transaction.atomic
def add_goal(
    *,
    approach: Approach,
    title: str,
    description: str = "",
    themes: Iterable[str] = (),
    reason: str = "",
    by: Any,
) -> Goal:
    """A goal of the agenda; the reason is optional (kept with the change)."""
    require(may_in_approach(by, "agenda.add_goal", approach))
    reason = _change_reason(reason, required=False)
    last = approach.goals.order_by("-order").values_list("order", flat=True).first() or 0
    goal = Goal(
        approach=approach,
        title=title,
        description=description,
        themes=_check_themes(themes),
        order=last + 1,
    )
    save_validated(goal)
    record_audit_event(actor=by, action="goal_added", obj=goal, approach_id=approach.pk)
    _record_change(
        approach=approach,
        goal=goal,
        kind=AgendaChangeKind.GOAL_ADDED,
        subject=goal.title,
        changes={"title": goal.title, "description": goal.description, "themes": goal.themes},
        reason=reason,
        by=by,
    )
    return goal


@transaction.atomic
def update_goal(*, goal: Goal, reason: str = "", by: Any, **fields: Any) -> Goal:
    """Change a goal. From the day after it was made, a change of its title or
    description needs a reason (``changes.needs_reason``); its themes and order do not.
    Kept as an ``AgendaChange`` (not for the order alone); nothing changed, nothing kept."""
    require(may_in_approach(by, "agenda.change_goal", goal.approach))
    if "themes" in fields:
        fields["themes"] = _check_themes(fields["themes"])
    differs = _differs(goal, {k: v for k, v in fields.items() if k in GOAL_FIELDS})
    reason = _change_reason(
        reason,
        required=agenda_changes.reasoned(differs, agenda_changes.GOAL_REASONED)
        and change_needs_reason(goal),
    )
    changed = apply_changes(goal, fields, GOAL_FIELDS)
    if changed:
        save_validated(goal)
        record_audit_event(
            actor=by, action="goal_updated", obj=goal, changes=changed, reason=reason
        )
    told = {name: values for name, values in changed.items() if name != "order"}
    if told:
        _record_change(
            approach=goal.approach,
            goal=goal,
            kind=AgendaChangeKind.GOAL_CHANGED,
            subject=goal.title,
            changes=told,
            reason=reason,
            by=by,
        )
    return goal


def _monitor_indicator(code: str, goal: Goal, by: Any) -> CatalogueEntry | None:
    """The catalogue entry, if ``by`` may see it for the wijkaanpak's areas (a sensitive
    indicator is for staff in scope only, like its figures)."""
    areas = [a.code for a in goal.approach.areas.all()]
    return indicator_info(by, [code], areas=areas).get(code)


@transaction.atomic
def add_goal_indicator(
    *,
    goal: Goal,
    indicator_code: str = "",
    name: str = "",
    unit: str = "",
    polarity: int | None = None,
    baseline_value: float | None = None,
    baseline_year: int | None = None,
    target_value: float | None = None,
    target_year: int | None = None,
    reason: str = "",
    by: Any,
) -> GoalIndicator:
    """An indicator of a goal: from the monitor catalogue (by code) or local (by name).

    More than three per goal is allowed but warned about ("keep it simple & smart"). The
    reason is optional (kept with the change).
    """
    require(may_in_approach(by, "agenda.add_goalindicator", goal.approach))
    reason = _change_reason(reason, required=False)
    if indicator_code:
        catalogue = _monitor_indicator(indicator_code, goal, by)
        if catalogue is None:
            raise ValidationError(
                {
                    "indicator_code": _("The monitor has no indicator %(code)s.")
                    % {"code": indicator_code}
                }
            )
        name = name or catalogue.name_nl
        unit = unit or catalogue.unit
        polarity = catalogue.polarity if polarity is None else polarity
    last = goal.indicators.order_by("-order").values_list("order", flat=True).first() or 0
    indicator = GoalIndicator(
        goal=goal,
        indicator_code=indicator_code,
        name=name,
        unit=unit,
        polarity=1 if polarity is None else polarity,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        target_value=target_value,
        target_year=target_year,
        order=last + 1,
    )
    save_validated(indicator)
    record_audit_event(
        actor=by,
        action="goal_indicator_added",
        obj=indicator,
        goal_id=goal.pk,
        indicator_code=indicator_code,
        baseline=[baseline_value, baseline_year],
        target=[target_value, target_year],
    )
    _record_change(
        approach=goal.approach,
        goal=goal,
        indicator=indicator,
        kind=AgendaChangeKind.INDICATOR_ADDED,
        subject=_indicator_subject(indicator, goal),
        indicator_code=indicator_code,
        changes=_indicator_record(indicator),
        reason=reason,
        by=by,
    )
    return indicator


@transaction.atomic
def update_goal_indicator(
    *, indicator: GoalIndicator, reason: str = "", by: Any, **fields: Any
) -> GoalIndicator:
    """Change an indicator. From the day after it was made, a change of its name, unit,
    polarity, baseline or target (value or year) needs a reason
    (``changes.needs_reason``). Kept as an ``AgendaChange`` (not for the order alone), a
    figure's value with its year; nothing changed, nothing kept."""
    goal = indicator.goal
    require(may_in_approach(by, "agenda.change_goalindicator", goal.approach))
    differs = _differs(indicator, {k: v for k, v in fields.items() if k in INDICATOR_FIELDS})
    reason = _change_reason(
        reason,
        required=agenda_changes.reasoned(differs, agenda_changes.INDICATOR_REASONED)
        and change_needs_reason(indicator),
    )
    changed = apply_changes(indicator, fields, INDICATOR_FIELDS)
    if changed:
        save_validated(indicator)
        record_audit_event(
            actor=by,
            action="goal_indicator_updated",
            obj=indicator,
            changes=changed,
            reason=reason,
        )
    told = {name: values for name, values in changed.items() if name != "order"}
    if told:
        _record_change(
            approach=goal.approach,
            goal=goal,
            indicator=indicator,
            kind=AgendaChangeKind.INDICATOR_CHANGED,
            subject=_indicator_subject(indicator, goal),
            indicator_code=indicator.indicator_code,
            changes=agenda_changes.with_pairs(told, _indicator_record(indicator)),
            reason=reason,
            by=by,
        )
    return indicator


@transaction.atomic
def remove_goal_indicator(*, indicator: GoalIndicator, reason: str = "", by: Any) -> None:
    """Remove an indicator of a goal. Refused while it has current measurements: they are
    withdrawn one by one first, with a reason each (so nothing measured disappears
    silently). The withdrawn ones go with the indicator; this event keeps their values.
    From the day after it was made, the removal needs a reason (``changes.needs_reason``),
    kept as an ``AgendaChange`` with what the indicator said."""
    goal = indicator.goal
    require(may_in_approach(by, "agenda.delete_goalindicator", goal.approach))
    current = indicator.measurements.count()
    if current:
        raise ValidationError(
            ngettext(
                "The indicator “%(name)s” has %(count)s measurement: withdraw it first.",
                "The indicator “%(name)s” has %(count)s measurements: withdraw them first.",
                current,
            )
            % {"name": indicator, "count": current}
        )
    reason = _change_reason(reason, required=change_needs_reason(indicator), removal=True)
    record_audit_event(
        actor=by,
        action="goal_indicator_removed",
        obj=indicator,
        goal_id=indicator.goal_id,
        name=str(indicator),
        indicator_code=indicator.indicator_code,
        unit=indicator.unit,
        baseline=[indicator.baseline_value, indicator.baseline_year],
        target=[indicator.target_value, indicator.target_year],
        reason=reason,
        withdrawn_measurements=_withdrawn_measurements(indicator=indicator),
    )
    _record_change(
        approach=goal.approach,
        goal=goal,
        kind=AgendaChangeKind.INDICATOR_REMOVED,
        subject=_indicator_subject(indicator, goal),
        indicator_code=indicator.indicator_code,
        changes=_indicator_record(indicator),
        reason=reason,
        by=by,
    )
    indicator.delete()


@transaction.atomic
def record_indicator_measurement(
    *, indicator: GoalIndicator, year: int, value: float, note: str = "", by: Any
) -> IndicatorMeasurement:
    """A measured value of a local indicator (monitor indicators read observations)."""
    require(may_in_approach(by, "agenda.add_indicatormeasurement", indicator.goal.approach))
    if not indicator.is_local:
        raise ValidationError(
            _("The value of a monitor indicator comes from the monitor's observations.")
        )
    allowed = measurement_years(
        start_year=indicator.goal.approach.start_year,
        baseline_year=indicator.baseline_year,
        today=timezone.localdate(),
    )
    _check_year("year", year, allowed)
    _check_measured_value(indicator, value)
    measurement = IndicatorMeasurement(
        indicator=indicator,
        year=year,
        value=value,
        note=note,
        created_by=acting_user(by),
    )
    save_validated(measurement)
    record_audit_event(
        actor=by,
        action="indicator_measured",
        obj=measurement,
        indicator_id=indicator.pk,
        year=year,
        value=value,
    )
    return measurement


# --- correcting the agenda: goals, indicators, measurements ---------------------------


def _refuse_withdrawn(record: Any) -> None:
    if record.is_withdrawn:
        raise ValidationError(
            _("This was withdrawn on %(day)s; it can no longer be changed.")
            % {"day": timezone.localdate(record.withdrawn_at).isoformat()}
        )


def _withdrawn_measurements(**lookup: Any) -> list[list]:
    """Withdrawn measurements as the audit log keeps them when their indicator goes."""
    rows = IndicatorMeasurement._base_manager.filter(withdrawn_at__isnull=False, **lookup)
    return [[m.year, m.value, m.note, m.withdrawal_reason] for m in rows.order_by("id")]


def _check_measured_value(indicator: GoalIndicator, value: float) -> None:
    """A measured value is a finite number; negative only for an indicator whose baseline
    or target is negative (a balance), never for a count or a share."""
    if value is None or not math.isfinite(value):
        raise ValidationError({"value": _("Enter a number.")})
    signed = any(
        v is not None and v < 0 for v in (indicator.baseline_value, indicator.target_value)
    )
    if value < 0 and not signed:
        raise ValidationError(
            {"value": _("A measured value cannot be negative (this indicator counts up from 0).")}
        )


@transaction.atomic
def remove_goal(*, goal: Goal, reason: str = "", by: Any) -> None:
    """Remove a goal entered by mistake. Refused while projects serve it or its indicators
    have current measurements (the message says which); the event keeps what it said.
    From the day after it was made, the removal needs a reason (``changes.needs_reason``),
    kept as an ``AgendaChange`` with the goal's title, description, themes and indicators."""
    require(may_in_approach(by, "agenda.delete_goal", goal.approach))
    projects = list(goal.projects.order_by("title").values_list("title", flat=True))
    if projects:
        raise ValidationError(
            ngettext(
                "The goal is served by %(count)s project (%(titles)s): link it to another "
                "goal first.",
                "The goal is served by %(count)s projects (%(titles)s): link them to another "
                "goal first.",
                len(projects),
            )
            % {"count": len(projects), "titles": ", ".join(projects)}
        )
    indicators = list(goal.indicators.order_by("order", "id"))
    # Current measurements only (the default manager), in one query.
    measured_ids = set(
        IndicatorMeasurement.objects.filter(indicator__goal=goal).values_list(
            "indicator_id", flat=True
        )
    )
    measured = [str(i) for i in indicators if i.pk in measured_ids]
    if measured:
        raise ValidationError(
            _("Indicators of this goal have measurements (%(names)s): withdraw them first.")
            % {"names": ", ".join(measured)}
        )
    reason = _change_reason(reason, required=change_needs_reason(goal), removal=True)
    record_audit_event(
        actor=by,
        action="goal_removed",
        obj=goal,
        approach_id=goal.approach_id,
        title=goal.title,
        description=goal.description,
        themes=goal.themes,
        indicators=[str(i) for i in indicators],
        reason=reason,
        # The cascade takes withdrawn measurements along: the log keeps them.
        withdrawn_measurements={
            str(i): rows for i in indicators if (rows := _withdrawn_measurements(indicator=i))
        },
    )
    _record_change(
        approach=goal.approach,
        kind=AgendaChangeKind.GOAL_REMOVED,
        subject=goal.title,
        changes={
            "title": goal.title,
            "description": goal.description,
            "themes": goal.themes,
            "indicators": [str(i) for i in indicators],
        },
        reason=reason,
        by=by,
    )
    goal.delete()


@transaction.atomic
def correct_indicator_measurement(
    *, measurement: IndicatorMeasurement, by: Any, **fields: Any
) -> IndicatorMeasurement:
    """Correct a measured value, its year or its note; the event keeps old → new."""
    indicator = measurement.indicator
    require(may_in_approach(by, "agenda.change_indicatormeasurement", indicator.goal.approach))
    _refuse_withdrawn(measurement)
    if "year" in fields:
        allowed = measurement_years(
            start_year=indicator.goal.approach.start_year,
            baseline_year=indicator.baseline_year,
            today=timezone.localdate(),
        )
        _check_year("year", fields["year"], allowed)
    if "value" in fields:
        _check_measured_value(indicator, fields["value"])
    changed = apply_changes(measurement, fields, ("year", "value", "note"))
    if changed:
        save_validated(measurement)
        record_audit_event(
            actor=by,
            action="indicator_measurement_corrected",
            obj=measurement,
            indicator_id=indicator.pk,
            changes=changed,
        )
    return measurement


@transaction.atomic
def withdraw_indicator_measurement(
    *, measurement: IndicatorMeasurement, reason: str, by: Any
) -> IndicatorMeasurement:
    """Withdraw a measurement with a reason: it no longer counts, but stays in the
    indicator's history of withdrawn measurements."""
    indicator = measurement.indicator
    require(may_in_approach(by, "agenda.change_indicatormeasurement", indicator.goal.approach))
    _refuse_withdrawn(measurement)
    mark_withdrawn(measurement, reason=reason, by=by)
    record_audit_event(
        actor=by,
        action="indicator_measurement_withdrawn",
        obj=measurement,
        indicator_id=indicator.pk,
        year=measurement.year,
        value=measurement.value,
        note=measurement.note,
        reason=measurement.withdrawal_reason,
    )
    return measurement


# --- execution programme ---------------------------------------------------------------


@transaction.atomic
def add_programme_line(
    *, approach: Approach, title: str, description: str = "", by: Any
) -> ProgrammeLine:
    require(may_in_approach(by, "agenda.add_programmeline", approach))
    last = approach.lines.order_by("-order").values_list("order", flat=True).first() or 0
    line = ProgrammeLine(approach=approach, title=title, description=description, order=last + 1)
    save_validated(line)
    record_audit_event(actor=by, action="programme_line_added", obj=line, approach_id=approach.pk)
    return line


@transaction.atomic
def update_programme_line(*, line: ProgrammeLine, by: Any, **fields: Any) -> ProgrammeLine:
    require(may_in_approach(by, "agenda.change_programmeline", line.approach))
    changed = apply_changes(line, fields, ("title", "description"))
    if changed:
        save_validated(line)
        record_audit_event(actor=by, action="programme_line_updated", obj=line, changes=changed)
    return line


@transaction.atomic
def remove_programme_line(*, line: ProgrammeLine, reason: str = "", by: Any) -> None:
    """Remove an empty programme line; refused while projects are in it."""
    require(may_in_approach(by, "agenda.delete_programmeline", line.approach))
    count = line.projects.count()
    if count:
        raise ValidationError(
            ngettext(
                "%(count)s project is in this programme line: move it to another line first.",
                "%(count)s projects are in this programme line: move them to another line first.",
                count,
            )
            % {"count": count}
        )
    record_audit_event(
        actor=by,
        action="programme_line_removed",
        obj=line,
        approach_id=line.approach_id,
        title=line.title,
        description=line.description,
        reason=reason_text(reason, required=False),
    )
    line.delete()


def _check_project_links(
    approach: Approach,
    *,
    goals: Sequence[Goal] | None,
    drivers: Sequence[PolicyDriver] | None,
    line: ProgrammeLine | None,
    owner_organisation: Organisation | None,
    owner_contact: ContactPerson | None,
    follow_up_of: Project | None,
) -> None:
    if goals and any(g.approach_id != approach.pk for g in goals):
        raise ValidationError({"goals": _("A goal of another approach cannot be served.")})
    if drivers and any(d.municipality_id not in (None, approach.municipality_id) for d in drivers):
        raise ValidationError(
            {"policy_drivers": _("This policy driver is of another municipality.")}
        )
    if line is not None and line.approach_id != approach.pk:
        raise ValidationError({"line": _("This programme line belongs to another approach.")})
    check_organisation(approach, owner_organisation, "owner_organisation")
    if owner_contact is not None and (
        owner_organisation is None or owner_contact.organisation_id != owner_organisation.pk
    ):
        raise ValidationError(
            {"owner_contact": _("The owner must work for the owner organisation.")}
        )
    if follow_up_of is not None and follow_up_of.approach_id != approach.pk:
        raise ValidationError({"follow_up_of": _("That project belongs to another approach.")})


@transaction.atomic
def create_project(
    *,
    approach: Approach,
    title: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    description: str = "",
    line: ProgrammeLine | None = None,
    owner_organisation: Organisation | None = None,
    owner_contact: ContactPerson | None = None,
    budget: Decimal = Decimal("0"),
    weight: Decimal | None = None,
    goals: Sequence[Goal] = (),
    themes: Iterable[str] = (),
    policy_drivers: Sequence[PolicyDriver] = (),
    combined_message: str = "",
    follow_up_of: Project | None = None,
    by: Any,
) -> Project:
    require(may_add_project(by, approach))
    goals, policy_drivers = list(goals), list(policy_drivers)
    _check_project_links(
        approach,
        goals=goals,
        drivers=policy_drivers,
        line=line,
        owner_organisation=owner_organisation,
        owner_contact=owner_contact,
        follow_up_of=follow_up_of,
    )
    project = Project(
        approach=approach,
        title=title,
        description=description,
        line=line,
        owner_organisation=owner_organisation,
        owner_contact=owner_contact,
        start_date=start_date,
        end_date=end_date,
        budget=budget,
        weight=weight,
        themes=_check_themes(themes),
        combined_message=combined_message,
        follow_up_of=follow_up_of,
        status=ProjectStatus.PLANNED,
    )
    save_validated(project)
    project.goals.set(goals)
    project.policy_drivers.set(policy_drivers)
    # The plan took effect when the project started, or today for a project that has not
    # started yet: never after a later change (a project entered with a past start).
    ProjectStatusChange.objects.create(
        project=project,
        from_status="",
        to_status=ProjectStatus.PLANNED,
        on=min(start_date, timezone.localdate()),
        changed_by=acting_user(by),
    )
    record_audit_event(
        actor=by,
        action="project_created",
        obj=project,
        approach_id=approach.pk,
        title=title,
        budget=str(budget),
        goals=[g.pk for g in goals],
    )
    return project


@transaction.atomic
def update_project(
    *,
    project: Project,
    goals: Sequence[Goal] | None = None,
    policy_drivers: Sequence[PolicyDriver] | None = None,
    by: Any,
    **fields: Any,
) -> Project:
    """Change the plan of a project (not its status: see ``change_project_status``)."""
    require(may_change_project(by, project))
    if "themes" in fields:
        fields["themes"] = _check_themes(fields["themes"])
    changed = apply_changes(project, fields, PROJECT_FIELDS)
    _check_project_links(
        project.approach,
        goals=goals,
        drivers=policy_drivers,
        line=project.line,
        owner_organisation=project.owner_organisation,
        owner_contact=project.owner_contact,
        follow_up_of=project.follow_up_of,
    )
    if project.follow_up_of_id == project.pk:
        raise ValidationError({"follow_up_of": _("A project cannot follow up itself.")})
    if goals is not None:
        old = sorted(project.goals.values_list("pk", flat=True))
        new = sorted(g.pk for g in goals)
        if old != new:
            changed["goals"] = [old, new]
            project.goals.set(goals)
    if policy_drivers is not None:
        old = sorted(project.policy_drivers.values_list("pk", flat=True))
        new = sorted(d.pk for d in policy_drivers)
        if old != new:
            changed["policy_drivers"] = [old, new]
            project.policy_drivers.set(policy_drivers)
    if changed:
        save_validated(project)
        record_audit_event(actor=by, action="project_updated", obj=project, changes=changed)
    return project


@transaction.atomic
def change_project_status(
    *,
    project: Project,
    status: str,
    on: dt.date | None = None,
    note: str = "",
    by: Any,
) -> ProjectStatusChange:
    """Move a project to ``status``; the change is appended to its history.

    The project's row is locked and its status re-read inside the transaction, so two
    simultaneous changes are checked one after the other against the status the first
    one left: the history stays one unbroken chain (``from`` = the previous ``to``).
    """
    require(may_change_project(by, project))
    if status not in ProjectStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    project.refresh_from_db(from_queryset=Project.objects.select_for_update())
    on = on or timezone.localdate()
    _check_history_date("on", on, project)
    previous = project.status_changes.order_by("-on", "-id").first()
    if previous is not None and on < previous.on:
        raise ValidationError(
            {
                "on": _("Choose a date from %(date)s: the previous status change took effect then.")
                % {"date": previous.on.isoformat()}
            }
        )
    if not may_transition(project.status, status):
        raise ValidationError(
            {
                "status": _("A project cannot go from %(old)s to %(new)s.")
                % {
                    "old": ProjectStatus(project.status).label,
                    "new": ProjectStatus(status).label,
                }
            }
        )
    change = ProjectStatusChange.objects.create(
        project=project,
        from_status=project.status,
        to_status=status,
        on=on,
        note=note,
        changed_by=acting_user(by),
    )
    project.status = status
    project.save(update_fields=["status", "updated_at"])
    record_audit_event(
        actor=by,
        action="project_status_changed",
        obj=project,
        from_status=change.from_status,
        to_status=status,
        note=note,
    )
    return change


def _check_outputs(outputs: Iterable[dict]) -> list[dict]:
    cleaned = []
    for row in outputs:
        label = str(row.get("label", "")).strip()
        if not label:
            raise ValidationError({"outputs": _("Every output figure needs a label.")})
        try:
            value = float(row.get("value"))
        except (TypeError, ValueError):
            raise ValidationError(
                {"outputs": _("The output figure %(label)s needs a number.") % {"label": label}}
            ) from None
        cleaned.append({"label": label, "value": value, "unit": str(row.get("unit", "")).strip()})
    return cleaned


@transaction.atomic
def report_progress(
    *,
    project: Project,
    narrative: str,
    progress_percent: int,
    reported_on: dt.date | None = None,
    outputs: Iterable[dict] = (),
    by: Any,
) -> ProgressUpdate:
    """A periodic progress update: the story, a percentage and output figures."""
    require(may_change_project(by, project))
    reported_on = reported_on or timezone.localdate()
    _check_history_date("reported_on", reported_on, project)
    update = ProgressUpdate(
        project=project,
        reported_on=reported_on,
        narrative=narrative,
        progress_percent=progress_percent,
        outputs=_check_outputs(outputs),
        created_by=acting_user(by),
    )
    save_validated(update)
    record_audit_event(
        actor=by,
        action="progress_reported",
        obj=update,
        project_id=project.pk,
        progress_percent=progress_percent,
    )
    return update


@transaction.atomic
def add_milestone(*, project: Project, title: str, due_date: dt.date, by: Any) -> Milestone:
    require(may_change_project(by, project))
    milestone = Milestone(project=project, title=title, due_date=due_date)
    save_validated(milestone)
    record_audit_event(actor=by, action="milestone_added", obj=milestone, project_id=project.pk)
    return milestone


@transaction.atomic
def complete_milestone(
    *, milestone: Milestone, done_on: dt.date | None = None, by: Any
) -> Milestone:
    require(may_change_project(by, milestone.project))
    milestone.done_on = done_on or timezone.localdate()
    _check_history_date("done_on", milestone.done_on, milestone.project)
    save_validated(milestone)
    record_audit_event(
        actor=by,
        action="milestone_completed",
        obj=milestone,
        project_id=milestone.project_id,
        done_on=str(milestone.done_on),
    )
    return milestone


# --- correcting the programme: milestones and progress reports ------------------------


@transaction.atomic
def update_milestone(*, milestone: Milestone, by: Any, **fields: Any) -> Milestone:
    """Rename a milestone or move its due date; the event keeps old → new."""
    require(may_change_project(by, milestone.project))
    changed = apply_changes(milestone, fields, ("title", "due_date"))
    if changed:
        save_validated(milestone)
        record_audit_event(
            actor=by,
            action="milestone_updated",
            obj=milestone,
            project_id=milestone.project_id,
            changes=changed,
        )
    return milestone


@transaction.atomic
def remove_milestone(*, milestone: Milestone, reason: str = "", by: Any) -> None:
    """Remove a milestone entered by mistake; the event keeps what it said."""
    require(may_change_project(by, milestone.project))
    record_audit_event(
        actor=by,
        action="milestone_removed",
        obj=milestone,
        project_id=milestone.project_id,
        title=milestone.title,
        due_date=str(milestone.due_date),
        done_on=str(milestone.done_on) if milestone.done_on else None,
        reason=reason_text(reason, required=False),
    )
    milestone.delete()


@transaction.atomic
def correct_progress(*, update: ProgressUpdate, by: Any, **fields: Any) -> ProgressUpdate:
    """Correct a progress report (its story, percentage, date or output figures). Who
    may: those who may change the project (programme staff; a partner for its own
    organisation's projects). The event keeps old → new."""
    require(may_change_project(by, update.project))
    _refuse_withdrawn(update)
    if fields.get("reported_on") is None:
        fields.pop("reported_on", None)  # left empty on the form: keep the date it had
    else:
        _check_history_date("reported_on", fields["reported_on"], update.project)
    if "outputs" in fields:
        fields["outputs"] = _check_outputs(fields["outputs"])
    changed = apply_changes(
        update, fields, ("narrative", "progress_percent", "reported_on", "outputs")
    )
    if changed:
        save_validated(update)
        record_audit_event(
            actor=by,
            action="progress_corrected",
            obj=update,
            project_id=update.project_id,
            changes=changed,
        )
    return update


@transaction.atomic
def withdraw_progress(*, update: ProgressUpdate, reason: str, by: Any) -> ProgressUpdate:
    """Withdraw a progress report with a reason: it no longer counts as the project's
    progress or last report anywhere; the project page lists it as withdrawn."""
    require(may_change_project(by, update.project))
    _refuse_withdrawn(update)
    mark_withdrawn(update, reason=reason, by=by)
    record_audit_event(
        actor=by,
        action="progress_withdrawn",
        obj=update,
        project_id=update.project_id,
        reported_on=str(update.reported_on),
        progress_percent=update.progress_percent,
        narrative=update.narrative,
        reason=update.withdrawal_reason,
    )
    return update


# --- money -----------------------------------------------------------------------------
# Funding lines and money flows are corrected (amount, year, party, note) or withdrawn
# with a reason, never erased: a withdrawn row counts nowhere (its default manager hides
# it) and stays in the history. Funding may not bring a project's total above its budget
# (``money.exceeds_budget``) unless the gemeente allows over-commitment
# (``settings.OVERCOMMITMENT_MUNICIPALITIES``) and the user confirms it; the confirmation
# is stored on the line and in the audit event.

FUNDING_FIELDS = ("source", "amount", "year", "note")
MONEY_FLOW_FIELDS = ("organisation", "description", "theme", "year", "amount", "status")


def allows_over_commitment(approach: Approach) -> bool:
    """Whether funding above a project's budget may be confirmed in this gemeente."""
    codes = {c.strip().upper() for c in settings.OVERCOMMITMENT_MUNICIPALITIES if c.strip()}
    return approach.municipality.code.upper() in codes


def euros(amount: Decimal) -> str:
    """An amount as the reader writes it (€ 5.000,00 in Dutch), for messages."""
    return "€\xa0" + number_format(amount, 2, use_l10n=True, force_grouping=True)


def _check_amount(amount: Decimal | None) -> None:
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})


def _over_budget(project: Project, *, total: Decimal, confirmed: bool, by: Any) -> dict:
    """Refuse a funding total above the project's budget, naming both; where the gemeente
    allows over-commitment, only with ``confirmed``. Returns what the line and the audit
    event record (empty when within budget)."""
    if not money.exceeds_budget(project.budget, total):
        return {}
    figures = {"budget": euros(project.budget), "total": euros(total)}
    if not allows_over_commitment(project.approach):
        raise ValidationError(
            {
                "amount": _(
                    "This brings the project's funding to %(total)s, above its budget of "
                    "%(budget)s. Enter a lower amount, or raise the project's budget first."
                )
                % figures
            }
        )
    if not confirmed:
        raise ValidationError(
            {
                "confirm_over_budget": _(
                    "This brings the project's funding to %(total)s, above its budget of "
                    "%(budget)s. Confirm that you accept funding above the budget."
                )
                % figures
            }
        )
    return {
        "over_budget_confirmed_by": acting_user(by),
        "over_budget_confirmed_at": timezone.now(),
        "audit": {"over_budget": {"budget": str(project.budget), "total": str(total)}},
    }


def _locked_project_total(project: Project) -> tuple[Project, list[Decimal]]:
    """The project under a lock (two fundings at once are checked one after the other)
    and the amounts of its current funding lines."""
    locked = Project.objects.select_for_update().select_related("approach__municipality")
    project = locked.get(pk=project.pk)
    return project, list(Funding.objects.filter(project=project).values_list("amount", flat=True))


@transaction.atomic
def add_funding(
    *,
    project: Project,
    source: Organisation,
    amount: Decimal,
    year: int,
    status: str = FundingStatus.PLANNED,
    note: str = "",
    confirm_over_budget: bool = False,
    by: Any,
) -> Funding:
    """A tranche of money for a project. Refused when it brings the project's funding
    above its budget, unless the gemeente allows that and ``confirm_over_budget``."""
    require(may_change_project(by, project))
    check_organisation(project.approach, source, "source")
    _check_amount(amount)
    project, current = _locked_project_total(project)
    total = money.funding_total_after(current, new=amount)
    over = _over_budget(project, total=total, confirmed=confirm_over_budget, by=by)
    funding = Funding(
        project=project,
        source=source,
        amount=amount,
        year=year,
        status=status,
        note=note,
        over_budget_confirmed_by=over.get("over_budget_confirmed_by"),
        over_budget_confirmed_at=over.get("over_budget_confirmed_at"),
    )
    save_validated(funding)
    record_audit_event(
        actor=by,
        action="funding_added",
        obj=funding,
        project_id=project.pk,
        source_id=source.pk,
        amount=str(amount),
        year=year,
        status=status,
        **over.get("audit", {}),
    )
    return funding


def _locked_funding(funding: Funding) -> Funding:
    """The line re-read under a lock, withdrawn or not (``_base_manager``)."""
    funding.refresh_from_db(from_queryset=Funding._base_manager.select_for_update())
    return funding


@transaction.atomic
def update_funding(
    *, funding: Funding, confirm_over_budget: bool = False, by: Any, **fields: Any
) -> Funding:
    """Correct a funding line's party, amount, year or note (its status moves through
    ``change_funding_status``). A higher amount is checked against the budget as a new
    line is; a withdrawn line is refused. The audit event keeps old → new."""
    require(may_change_project(by, funding.project))
    funding = _locked_funding(funding)
    _refuse_withdrawn(funding)
    if "source" in fields:
        check_organisation(funding.project.approach, fields["source"], "source")
    if "amount" in fields:
        _check_amount(fields["amount"])
    old_amount = funding.amount
    changed = apply_changes(funding, fields, FUNDING_FIELDS)
    if not changed:
        return funding
    over: dict = {}
    if funding.amount > old_amount:
        project, current = _locked_project_total(funding.project)
        total = money.funding_total_after(current, new=funding.amount, replacing=old_amount)
        over = _over_budget(project, total=total, confirmed=confirm_over_budget, by=by)
    if over:
        funding.over_budget_confirmed_by = over["over_budget_confirmed_by"]
        funding.over_budget_confirmed_at = over["over_budget_confirmed_at"]
    save_validated(funding)
    record_audit_event(
        actor=by,
        action="funding_updated",
        obj=funding,
        project_id=funding.project_id,
        changes=changed,
        **over.get("audit", {}),
    )
    return funding


@transaction.atomic
def change_funding_status(*, funding: Funding, status: str, by: Any) -> Funding:
    """A tranche moves on (planned → committed → spent); the audit log keeps the trail."""
    require(may_change_project(by, funding.project))
    if status not in FundingStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    # Re-read under a lock, so the audit trail's from → to follow each other.
    funding = _locked_funding(funding)
    _refuse_withdrawn(funding)
    old = funding.status
    if old == status:
        return funding
    funding.status = status
    save_validated(funding)
    record_audit_event(
        actor=by,
        action="funding_status_changed",
        obj=funding,
        project_id=funding.project_id,
        from_status=old,
        to_status=status,
        amount=str(funding.amount),
    )
    return funding


@transaction.atomic
def withdraw_funding(*, funding: Funding, reason: str, by: Any) -> Funding:
    """Take back a funding line entered by mistake, with a reason: it counts nowhere
    from now on, and the project page lists it as withdrawn."""
    require(may_change_project(by, funding.project))
    funding = _locked_funding(funding)
    _refuse_withdrawn(funding)
    mark_withdrawn(funding, reason=reason, by=by)
    record_audit_event(
        actor=by,
        action="funding_withdrawn",
        obj=funding,
        project_id=funding.project_id,
        source_id=funding.source_id,
        amount=str(funding.amount),
        year=funding.year,
        status=funding.status,
        note=funding.note,
        reason=funding.withdrawal_reason,
    )
    return funding


@transaction.atomic
def add_money_flow(
    *,
    approach: Approach,
    organisation: Organisation,
    year: int,
    amount: Decimal,
    description: str,
    theme: str = "",
    status: str = FundingStatus.PLANNED,
    by: Any,
) -> MoneyFlow:
    """Money a party spends in the wijk outside the projects."""
    require(may_in_approach(by, "agenda.add_moneyflow", approach))
    check_organisation(approach, organisation, "organisation")
    _check_amount(amount)
    flow = MoneyFlow(
        approach=approach,
        organisation=organisation,
        theme=theme,
        year=year,
        amount=amount,
        status=status,
        description=description,
    )
    save_validated(flow)
    record_audit_event(
        actor=by,
        action="money_flow_added",
        obj=flow,
        approach_id=approach.pk,
        organisation_id=organisation.pk,
        amount=str(amount),
        year=year,
        theme=theme,
    )
    return flow


def _locked_flow(flow: MoneyFlow) -> MoneyFlow:
    flow.refresh_from_db(from_queryset=MoneyFlow._base_manager.select_for_update())
    return flow


@transaction.atomic
def update_money_flow(*, flow: MoneyFlow, by: Any, **fields: Any) -> MoneyFlow:
    """Correct a money flow (party, description, theme, year, amount, status); a
    withdrawn one is refused. The audit event keeps old → new."""
    require(may_in_approach(by, "agenda.change_moneyflow", flow.approach))
    flow = _locked_flow(flow)
    _refuse_withdrawn(flow)
    if "organisation" in fields:
        check_organisation(flow.approach, fields["organisation"], "organisation")
    if "amount" in fields:
        _check_amount(fields["amount"])
    changed = apply_changes(flow, fields, MONEY_FLOW_FIELDS)
    if changed:
        save_validated(flow)
        record_audit_event(
            actor=by,
            action="money_flow_updated",
            obj=flow,
            approach_id=flow.approach_id,
            changes=changed,
        )
    return flow


@transaction.atomic
def withdraw_money_flow(*, flow: MoneyFlow, reason: str, by: Any) -> MoneyFlow:
    """Take back a money flow entered by mistake, with a reason: it counts nowhere from
    now on, and the money page lists it as withdrawn."""
    require(may_in_approach(by, "agenda.delete_moneyflow", flow.approach))
    flow = _locked_flow(flow)
    _refuse_withdrawn(flow)
    mark_withdrawn(flow, reason=reason, by=by)
    record_audit_event(
        actor=by,
        action="money_flow_withdrawn",
        obj=flow,
        approach_id=flow.approach_id,
        organisation_id=flow.organisation_id,
        amount=str(flow.amount),
        year=flow.year,
        theme=flow.theme,
        status=flow.status,
        description=flow.description,
        reason=flow.withdrawal_reason,
    )
    return flow

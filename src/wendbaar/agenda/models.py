"""The agenda of a wijkaanpak: goals with a few indicators and their measurements, the
execution programme (programme lines and projects with status history, milestones and
progress), funding of projects and every other money flow in the wijk.

The status history is append-only (:class:`ProjectStatusChange`), and so is the history of
the goals and indicators with the reason of each change (:class:`AgendaChange`). A progress report
(:class:`ProgressUpdate`) or a measurement (:class:`IndicatorMeasurement`) entered wrongly
is corrected (the audit event keeps old → new) or withdrawn with a reason: it then counts
nowhere (the default manager hides it) and stays in the history. Every write goes
through ``services.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wendbaar.approaches.models import YEAR_VALIDATORS, Approach, PolicyDriver
from wendbaar.core.constants import Theme
from wendbaar.core.models import CurrentManager, Withdrawable
from wendbaar.monitor.constants import Polarity

from .constants import AgendaChangeKind, FundingStatus, ProjectStatus
from .dates import plan_dates
from .querysets import FundingQuerySet, ProjectQuerySet


class Goal(models.Model):
    """An outcome the coalition wants to reach, measured by a few indicators."""

    approach = models.ForeignKey(
        Approach, verbose_name=_("approach"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)  # core.Theme values
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["approach", "order", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title

    @property
    def theme_labels(self) -> list[str]:
        return [str(Theme(t).label) for t in self.themes if t in Theme.values]


class GoalIndicator(models.Model):
    """An indicator of a goal: from the monitor catalogue (``indicator_code``) or local.

    The monitor indicator is referenced by its stable catalogue code rather than a
    foreign key, so this app does not depend on the monitor's migrations; the actual
    value of a monitor-based indicator comes from its latest observations (selectors).
    Local indicators get their actual value from :class:`IndicatorMeasurement`.
    """

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    indicator_code = models.SlugField(
        _("monitor indicator code"),
        max_length=80,
        blank=True,
        help_text=_("Leave empty for a locally defined indicator."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    polarity = models.SmallIntegerField(
        _("polarity"), choices=Polarity.choices, default=Polarity.HIGHER_IS_BETTER
    )
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target_value = models.FloatField(_("target value"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # From the day after this, a change needs a reason (``services``: the agenda is set).
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["goal", "order", "id"]
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")

    def __str__(self) -> str:
        return self.name or self.indicator_code

    @property
    def is_local(self) -> bool:
        return not self.indicator_code

    def clean(self) -> None:
        if not self.indicator_code and not self.name:
            raise ValidationError(
                {"name": _("A local indicator needs a name; or choose a monitor indicator.")}
            )
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            raise ValidationError(
                {"target_year": _("The target year cannot be before the baseline year.")}
            )


class IndicatorMeasurement(Withdrawable):
    """A measured value of a local indicator; the latest current year counts. A wrong
    value is corrected or withdrawn with a reason, never erased."""

    indicator = models.ForeignKey(
        GoalIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.FloatField(_("value"))
    note = models.CharField(_("source or note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("indicator measurement")
        verbose_name_plural = _("indicator measurements")

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class AgendaChange(models.Model):
    """One change to the goals or indicators of a wijkaanpak, with its reason. Append-only:
    the history the wijkaanpak page and the progress report tell ("what changed and why").

    ``subject`` is the goal's title, or "indicator (goal)", as it read then, so the row
    still says what it was about after a removal (the foreign keys are then empty).
    ``changes`` holds ``{field: [old, new]}`` for a change (a value and its year travel
    together) and the record's main fields ``{field: value}`` for an addition or removal.
    ``indicator_code`` is the monitor indicator's code (empty for a local one), so a
    sensitive indicator's figures stay out of public lists, also after its removal.
    """

    approach = models.ForeignKey(
        Approach,
        verbose_name=_("approach"),
        on_delete=models.CASCADE,
        related_name="agenda_changes",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    indicator = models.ForeignKey(
        GoalIndicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=AgendaChangeKind.choices)
    subject = models.CharField(_("about"), max_length=300)
    indicator_code = models.SlugField(_("monitor indicator code"), max_length=80, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("agenda change")
        verbose_name_plural = _("agenda changes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class ProgrammeLine(models.Model):
    """A line of the execution programme that groups projects."""

    approach = models.ForeignKey(
        Approach, verbose_name=_("approach"), on_delete=models.CASCADE, related_name="lines"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["approach", "order", "id"]
        verbose_name = _("programme line")
        verbose_name_plural = _("programme lines")

    def __str__(self) -> str:
        return self.title


class Project(models.Model):
    """A project or action of the execution programme, with SMART fields."""

    approach = models.ForeignKey(
        Approach, verbose_name=_("approach"), on_delete=models.CASCADE, related_name="projects"
    )
    line = models.ForeignKey(
        ProgrammeLine,
        verbose_name=_("programme line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what"), blank=True)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    owner_contact = models.ForeignKey(
        "organisations.ContactPerson",
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (euro)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Optional explicit weight in progress roll-ups instead of the budget."),
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals served"), blank=True, related_name="projects"
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)  # core.Theme values
    policy_drivers = models.ManyToManyField(
        PolicyDriver, verbose_name=_("policy drivers"), blank=True, related_name="projects"
    )
    combined_message = models.CharField(
        _("combined message"),
        max_length=300,
        blank=True,
        help_text=_("One sentence: how this project and the policy drivers both win."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["approach", "start_date", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        permissions = [
            ("change_own_project", _("Update the projects of one's own organisation")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="agenda_project_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:project", kwargs={"pk": self.approach_id, "project": self.pk})

    def clean(self) -> None:
        plan = plan_dates()
        for field in ("start_date", "end_date"):
            day = getattr(self, field)
            if day is not None and day not in plan:
                raise ValidationError(
                    {
                        field: _("Choose a date from %(low)s to %(high)s.")
                        % {"low": plan.low.isoformat(), "high": plan.high.isoformat()}
                    }
                )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})

    @property
    def duration_days(self) -> int | None:
        if self.end_date is None:
            return None
        return (self.end_date - self.start_date).days + 1

    @property
    def theme_labels(self) -> list[str]:
        return [str(Theme(t).label) for t in self.themes if t in Theme.values]


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        plan = plan_dates()
        if self.due_date and self.due_date not in plan:
            raise ValidationError(
                {
                    "due_date": _("Choose a date from %(low)s to %(high)s.")
                    % {"low": plan.low.isoformat(), "high": plan.high.isoformat()}
                }
            )


class ProjectStatusChange(models.Model):
    """One change of a project's status. Append-only; ``Project.status`` is the latest."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=ProjectStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=ProjectStatus.choices)
    on = models.DateField(_("on"))
    note = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")

    def __str__(self) -> str:
        return f"{self.project}: {self.from_status} → {self.to_status}"


class ProgressUpdate(Withdrawable):
    """A periodic progress report of a project; corrected or withdrawn with a reason,
    never erased.

    ``outputs`` are output figures of the project itself (meetings held, homes
    renovated): ``[{"label": …, "value": …, "unit": …}]``. Outcome figures belong to
    the goals' indicators and are never stored here.
    """

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="progress_updates",
    )
    reported_on = models.DateField(_("reported on"))
    narrative = models.TextField(_("narrative"))
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    outputs = models.JSONField(_("output figures"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="agenda_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.reported_on}: {self.progress_percent}%"


class Funding(Withdrawable):
    """Money for one project from one party in one year, planned, committed or spent.

    One row is one tranche; its status moves on (planned → committed → spent) through a
    service that records the change in the audit log, so amounts are never counted twice.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="fundings"
    )
    source = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("source (party)"),
        on_delete=models.PROTECT,
        related_name="fundings",
    )
    amount = models.DecimalField(
        _("amount (euro)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=16, choices=FundingStatus.choices, default=FundingStatus.PLANNED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Set when someone knowingly accepted funding above the project's budget (where the
    # gemeente allows over-commitment); the audit log has the same.
    over_budget_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("over-budget confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    over_budget_confirmed_at = models.DateTimeField(
        _("over-budget confirmed at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CurrentManager.from_queryset(FundingQuerySet)()

    class Meta:
        ordering = ["project", "year", "source__name", "id"]
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")

    def __str__(self) -> str:
        return f"{self.source} → {self.project} {self.year}: {self.amount}"


class MoneyFlow(Withdrawable):
    """Money a party spends in the wijk outside the projects (when they enter it).

    "Map all money flows in the wijk, of every party, not only the programme budget."
    """

    approach = models.ForeignKey(
        Approach,
        verbose_name=_("approach"),
        on_delete=models.CASCADE,
        related_name="money_flows",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="money_flows",
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(
        _("amount (euro)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FundingStatus.choices, default=FundingStatus.PLANNED
    )
    description = models.CharField(_("description"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["approach", "year", "organisation__name", "id"]
        verbose_name = _("money flow")
        verbose_name_plural = _("money flows")

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.amount}"

"""Project proposals (projectvoorstellen) and the frameworks they are assessed against.

A proposal belongs to one wijkaanpak and travels concept → ingediend → in gesprek (advice
rounds, each kept) → in beoordeling (named assessors score blind) → besluit; an approved
one becomes an ``agenda.Project`` that points back here. Every step is kept
(``ProposalStep``, append-only) with the date the bureau promised.

A framework is data, per gemeente and versioned: a version is never changed once saved
(an edit saves the next version), so a proposal assessed under version 2 keeps reading
version 2. The framework shipped with Wendbaar (The Hague's "3 of 6 societal effects",
data migration 0002) belongs to no gemeente: a gemeente without its own uses it, and a
beheerder copies it to make their own.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wendbaar.core.models import StepChange

from .constants import (
    MAX_LABEL_LENGTH,
    MAX_TITLE_LENGTH,
    CriterionKind,
    Decision,
    FinancingStatus,
    Metric,
    Rating,
    ResultKind,
    Step,
)

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}


class Framework(models.Model):
    municipality = models.ForeignKey(
        "areas.Area",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the framework shipped with Wendbaar, for every gemeente."),
    )
    name = models.CharField(_("name"), max_length=MAX_LABEL_LENGTH)
    version = models.PositiveIntegerField(_("version"))
    note = models.TextField(_("what changed"), blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["municipality_id", "-version"]
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "version"], name="proposals_framework_version"
            ),
            # NULL is never equal to NULL: the shipped framework needs its own rule.
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(municipality__isnull=True),
                name="proposals_default_framework_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Criterion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=CriterionKind.choices)
    label = models.CharField(_("label"), max_length=MAX_LABEL_LENGTH)
    explanation = models.TextField(_("explanation"), blank=True)
    # Effects: at least this many substantial.
    min_substantial = models.PositiveSmallIntegerField(
        _("at least this many substantial"), null=True, blank=True
    )
    # Threshold: the metric and its minimum, a fraction (0.40 is 40 %).
    metric = models.CharField(_("computed from"), max_length=20, choices=Metric.choices, blank=True)
    minimum = models.DecimalField(
        _("minimum"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    # Scale: the lowest and highest score.
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)

    class Meta:
        ordering = ["framework", "order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="proposals_criterion_key")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def minimum_percent(self) -> Decimal | None:
        """The minimum as people read it: 0.4000 is 40 (%)."""
        if self.minimum is None:
            return None
        percent = self.minimum * 100
        # 40, not 40.0000 (and never 4E+1, which normalize() would give).
        return (
            percent.quantize(Decimal(1))
            if percent == percent.to_integral()
            else percent.normalize()
        )


class Effect(models.Model):
    """One of the effects an effects criterion lists (sociale cohesie …)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="effects")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("label"), max_length=MAX_LABEL_LENGTH)

    class Meta:
        ordering = ["criterion", "order", "id"]
        verbose_name = _("effect")
        verbose_name_plural = _("effects")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "key"], name="proposals_effect_key")
        ]

    def __str__(self) -> str:
        return self.label


class Proposal(models.Model):
    approach = models.ForeignKey(
        "approaches.Approach",
        verbose_name=_("approach"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    summary = models.TextField(_("summary"))
    # The urgency: the problem or opportunity in words, and where the monitor and the
    # stories of the areas show it.
    problem = models.TextField(_("problem or opportunity"), blank=True)
    indicator_codes = models.JSONField(_("monitor indicators"), default=list, blank=True)
    stories = models.ManyToManyField(
        "stories.Story", verbose_name=_("stories"), blank=True, related_name="+"
    )
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), related_name="+")
    themes = models.JSONField(_("themes"), default=list, blank=True)  # core.Theme values
    goals = models.ManyToManyField(
        "agenda.Goal", verbose_name=_("goals served"), blank=True, related_name="proposals"
    )
    policy_drivers = models.ManyToManyField(
        "approaches.PolicyDriver", verbose_name=_("policy drivers"), blank=True, related_name="+"
    )
    combined_message = models.CharField(
        _("combined message"),
        max_length=300,
        blank=True,
        help_text=_("One sentence: how this project and the policy drivers both win."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    continuity_plan = models.TextField(
        _("continuity plan"),
        blank=True,
        help_text=_("What happens when the programme's money stops?"),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partners involved"),
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("submitting organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.CharField(_("step"), max_length=24, choices=Step.choices, default=Step.CONCEPT)
    step_since = models.DateTimeField(_("in this step since"))
    step_due = models.DateField(_("answer promised by"), null=True, blank=True)
    # Fixed at the first submission: the proposal is assessed under this version, whatever
    # is edited later.
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("assessment framework"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    project = models.OneToOneField(
        "agenda.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    is_example = models.BooleanField(_("example"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["approach", "-created_at", "id"]
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")
        permissions = [
            ("manage_proposal", _("Guide, send for assessment and decide on project proposals")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="proposals_proposal_end_after_start",
            ),
            # A decision is there exactly when the step is "decided".
            models.CheckConstraint(
                condition=Q(step=Step.DECIDED, decision__gt="")
                | (~Q(step=Step.DECIDED) & Q(decision="")),
                name="proposals_proposal_decision_with_step",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IntendedEffect(models.Model):
    """An effect of the framework the submitter says the proposal aims at, and how."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="effects")
    effect_key = models.SlugField(_("effect"), max_length=60)
    how = models.TextField(_("how"))

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("intended effect")
        verbose_name_plural = _("intended effects")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "effect_key"], name="proposals_intended_effect_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.effect_key}"


class ResultLine(models.Model):
    """A SMART result: what, how much, by when; output apart from outcome."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("kind"), max_length=8, choices=ResultKind.choices)
    text = models.CharField(_("result"), max_length=300)
    target = models.CharField(_("target (how much)"), max_length=100, blank=True)
    due = models.DateField(_("by"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "kind", "id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.text


class CostLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="costs")
    description = models.CharField(_("cost item"), max_length=200)
    amount = models.DecimalField(_("amount (euro)"), **MONEY)

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="proposals_cost_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class FinancingLine(models.Model):
    """Money from one party of the gemeente's register: the programme's budget holder
    (own money) or another party (co-funding), committed or still expected."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="financing")
    party = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount (euro)"), **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=FinancingStatus.choices)

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("financing line")
        verbose_name_plural = _("financing lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="proposals_financing_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party_id}: {self.amount} ({self.status})"


class ProposalStep(StepChange):
    """The proposal's road, append-only. ``snapshot`` holds the proposal as submitted (at
    every (re)submission), so each advice round can be read against what it answered."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="steps")
    snapshot = models.JSONField(_("proposal as submitted"), default=dict, blank=True)

    class Meta(StepChange.Meta):
        verbose_name = _("step of a proposal")
        verbose_name_plural = _("steps of proposals")


class AdviceRound(models.Model):
    """The bureau thinks along: advice, partners from the register and similar earlier
    projects to talk to; the submitter answers when resubmitting. Every round is kept."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    advice = models.TextField(_("advice"))
    suggested_partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("suggested partners"),
        blank=True,
        related_name="+",
    )
    suggested_projects = models.ManyToManyField(
        "agenda.Project", verbose_name=_("similar projects"), blank=True, related_name="+"
    )
    opened_by = models.ForeignKey(
        USER, verbose_name=_("advice by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("advice given at"))
    response = models.TextField(_("what changed"), blank=True)
    closed_at = models.DateTimeField(_("resubmitted at"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "number"]
        verbose_name = _("advice round")
        verbose_name_plural = _("advice rounds")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposals_round_number")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.number}"


class Assessor(models.Model):
    """A person named by the bureau to assess one proposal (also from outside the
    gemeente's staff). Their scores are hidden from the other assessors until those have
    submitted their own; ``private_note`` is theirs alone, never shown, exported or sent."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assessors")
    user = models.ForeignKey(
        USER, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    named_by = models.ForeignKey(
        USER, verbose_name=_("named by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField(_("named at"))
    submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)
    private_note = models.TextField(_("private note"), blank=True)

    class Meta:
        ordering = ["proposal", "named_at", "id"]
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposals_assessor_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.user_id}"


class Score(models.Model):
    """One assessor's score of one criterion (and, for effects, one effect)."""

    assessor = models.ForeignKey(Assessor, on_delete=models.CASCADE, related_name="scores")
    criterion_key = models.SlugField(_("criterion"), max_length=60)
    effect_key = models.SlugField(_("effect"), max_length=60, blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    answer = models.BooleanField(_("answer"), null=True, blank=True)
    value = models.SmallIntegerField(_("score"), null=True, blank=True)
    rationale = models.TextField(_("rationale"))

    class Meta:
        ordering = ["assessor", "id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessor", "criterion_key", "effect_key"], name="proposals_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessor_id}: {self.criterion_key} {self.effect_key}".strip()

"""Progress reports (voortgangsrapportages) for the council.

A report belongs to one wijkaanpak and a period (usually a year) and travels concept →
ter bespreking (coalition partners comment per chapter) → vastgesteld. It is composed,
not retyped: per agenda goal a chapter holds only what people must write — the voices
chosen from the stories, what works and what does not (yet), each claim with its kind of
measurement; the figures, projects and money come from the other apps when the report is
shown (``compose.py``).

Adopting a report freezes it: ``Report.snapshot`` then holds everything it shows, so a
later import, an edited project or a new measurement never changes it. An erased story
is the one exception: its text leaves the snapshot too (``receivers.py``), with a note.
A correction of an adopted report is a new version (``corrects``) with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wendbaar.core.models import StepChange

from .constants import MAX_CLAIM_LENGTH, MeasurementKind, Section, Status

USER = settings.AUTH_USER_MODEL


class Report(models.Model):
    approach = models.ForeignKey(
        "approaches.Approach",
        verbose_name=_("wijkaanpak"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONCEPT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("A few sentences before the chapters.")
    )
    intentions = models.TextField(
        _("intentions for next year"),
        blank=True,
        help_text=_("What the coalition means to do in the next period."),
    )
    # Everything the adopted report shows (``content.ReportContent`` as JSON); empty
    # before adoption, never changed after it except by an erasure.
    snapshot = models.JSONField(_("frozen content"), null=True, blank=True, editable=False)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-period_start", "-version"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        permissions = [("comment_report", "Can comment on a report under discussion")]
        constraints = [
            models.UniqueConstraint(
                fields=["approach", "period_start", "version"], name="report_period_version"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_order",
                violation_error_message=_("The period must end after it starts."),
            ),
            # A frozen report has its snapshot; a draft never has one.
            models.CheckConstraint(
                condition=Q(status=Status.ADOPTED, snapshot__isnull=False)
                | (~Q(status=Status.ADOPTED) & Q(snapshot__isnull=True)),
                name="report_snapshot_when_adopted",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status == Status.ADOPTED


class ReportStep(StepChange):
    """The report's road, append-only (who moved it, when, with which note)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="steps")

    class Meta(StepChange.Meta):
        verbose_name = _("step of a report")
        verbose_name_plural = _("steps of reports")


class Chapter(models.Model):
    """One agenda goal in one report: what only people can write. The goal's title is
    kept, so a goal removed later still has its chapter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="chapters")
    goal = models.ForeignKey(
        "agenda.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    goal_title = models.CharField(_("goal"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # "Nothing to report" is a choice someone makes, never an empty field.
    nothing_works = models.BooleanField(_("nothing to report on what works"), default=False)
    nothing_fails = models.BooleanField(
        _("nothing to report on what does not work (yet)"), default=False
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(fields=["report", "goal"], name="chapter_goal_once"),
        ]

    def __str__(self) -> str:
        return self.goal_title


class Claim(models.Model):
    """One statement of what works or what does not (yet), and how it is known."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="claims")
    section = models.CharField(_("section"), max_length=8, choices=Section.choices)
    text = models.TextField(_("claim"), max_length=MAX_CLAIM_LENGTH)
    kind = models.CharField(
        _("kind of measurement"), max_length=24, choices=MeasurementKind.choices
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["section", "order", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return self.text[:60]


class Voice(models.Model):
    """A story chosen for a chapter (or, without a chapter, for the opening)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="voices")
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.CASCADE, related_name="voices"
    )
    story = models.ForeignKey(
        "stories.Story", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("voice")
        verbose_name_plural = _("voices")
        constraints = [
            models.UniqueConstraint(fields=["report", "chapter", "story"], name="voice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report} / {self.story_id}"


class Comment(models.Model):
    """A coalition partner's remark on one chapter while the report is under discussion.
    ``chapter`` empty: on the report as a whole."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    text = models.TextField(_("comment"), max_length=MAX_CLAIM_LENGTH)
    author = models.ForeignKey(
        USER,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]

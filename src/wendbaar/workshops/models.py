"""A werkplaats: a team of officials doing the workbook's exercises together (seeds/002).

A facilitator prepares a werkplaats for a gemeente (optionally for one wijkaanpak), opens
it, and participants join on their own device with a short code and a first name — no
account, no e-mail. What they enter belongs to the werkplaats: a ``Participant`` is a
first name in one werkplaats, nothing more, known to their own browser session only. The
session ends in a lokale werkagenda whose SMART actions can become projects of the
wijkaanpak.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wendbaar.approaches.constants import BuildingBlock

from .constants import (
    JOIN_CODE_LENGTH,
    MAX_NAME_LENGTH,
    MAX_REASON_LENGTH,
    MAX_SENTENCE_LENGTH,
    MAX_TEXT_LENGTH,
    Exercise,
    InnovationState,
    Status,
)

USER = settings.AUTH_USER_MODEL
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Workshop(models.Model):
    municipality = models.ForeignKey(
        "areas.Area",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "municipality"},
    )
    approach = models.ForeignKey(
        "approaches.Approach",
        verbose_name=_("wijkaanpak"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
    )
    # The same team's earlier werkplaats: its sliders are "last time" on this one's screen.
    previous = models.ForeignKey(
        "self",
        verbose_name=_("follows up on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    title = models.CharField(_("title"), max_length=200)
    team = models.CharField(_("team"), max_length=200, blank=True)
    case_title = models.CharField(_("the case"), max_length=200, blank=True)
    case_description = models.TextField(_("description of the case"), blank=True)
    exercises = models.JSONField(_("exercises"), default=list)  # Exercise values, in order
    current = models.CharField(
        _("exercise on screen"), max_length=16, choices=Exercise.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    # Only while open: a closed werkplaats cannot be joined, and its code is free again.
    join_code = models.CharField(
        _("join code"), max_length=JOIN_CODE_LENGTH, null=True, blank=True, unique=True
    )
    show_names = models.BooleanField(
        _("show first names on the shared screen"),
        default=False,
        help_text=_("Only when the group chooses so; otherwise answers are anonymous."),
    )
    facilitator = models.ForeignKey(
        USER,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    held_on = models.DateField(_("date"))
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("werkplaats")
        verbose_name_plural = _("werkplaatsen")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN


class Participant(models.Model):
    """A first name in one werkplaats; the browser session that joined holds its id."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("werkplaats"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    name = models.CharField(_("first name"), max_length=MAX_NAME_LENGTH)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name


class SliderAnswer(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sliders")
    slider = models.CharField(_("slider"), max_length=32)
    now = models.PositiveSmallIntegerField(_("situation now"), validators=PERCENT)
    target = models.PositiveSmallIntegerField(_("situation aimed for"), validators=PERCENT)
    reason = models.CharField(_("why here"), max_length=MAX_REASON_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["participant_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "slider"], name="slider_once"),
            models.CheckConstraint(
                condition=Q(now__lte=100) & Q(target__lte=100), name="slider_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slider}: {self.now} → {self.target}"


class BlockAnswer(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="blocks")
    block = models.CharField(_("building block"), max_length=32, choices=BuildingBlock.choices)
    strength = models.PositiveSmallIntegerField(
        _("how strong now (1 to 5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    tension = models.CharField(
        _("which tension it explains"), max_length=MAX_REASON_LENGTH, blank=True
    )
    first = models.BooleanField(_("work on this one first"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["participant_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "block"], name="block_once"),
            # One "first" per participant: the exercise asks for a choice.
            models.UniqueConstraint(
                fields=["participant"], condition=Q(first=True), name="block_one_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block}: {self.strength}"


class KoppelkansAnswer(models.Model):
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="koppelkans"
    )
    sentence = models.CharField(_("the combined message"), max_length=MAX_SENTENCE_LENGTH)
    drivers = models.ManyToManyField(
        "approaches.PolicyDriver", verbose_name=_("policy drivers"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.sentence


class InnovationAnswer(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="innovation"
    )
    part = models.CharField(_("part"), max_length=32)
    state = models.CharField(
        _("where the case stands"), max_length=16, choices=InnovationState.choices
    )
    note = models.CharField(_("note"), max_length=MAX_REASON_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["participant_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "part"], name="innovation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.part}: {self.state}"


class CompetencePick(models.Model):
    """``by`` says ``subject`` has ``competence`` (by == subject: an own strength)."""

    by = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="picks_made")
    subject = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="picks_got")
    competence = models.CharField(_("competence"), max_length=48)

    class Meta:
        ordering = ["subject_id", "competence", "by_id"]
        constraints = [
            models.UniqueConstraint(fields=["by", "subject", "competence"], name="pick_once"),
        ]

    def __str__(self) -> str:
        return self.competence


class WorkAgenda(models.Model):
    """The lokale werkagenda in the workbook's template (§ 3.5, the Coevorden example)."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="agenda")
    case_title = models.CharField(_("title of the case"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=MAX_TEXT_LENGTH, blank=True)
    reflections = models.JSONField(_("reflection per slider"), default=dict, blank=True)
    direction = models.TextField(
        _("where do we want to go?"), max_length=MAX_TEXT_LENGTH, blank=True
    )
    koppelkansen = models.TextField(
        _("linking opportunities"), max_length=MAX_TEXT_LENGTH, blank=True
    )
    now = models.TextField(_("what do we take up now?"), max_length=MAX_TEXT_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.case_title


class AgendaAction(models.Model):
    """A SMART action: what, who, when (a date) and how success is seen."""

    agenda = models.ForeignKey(WorkAgenda, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who"), max_length=200)
    how = models.CharField(_("with whom and how"), max_length=MAX_REASON_LENGTH, blank=True)
    when = models.DateField(_("when (a date)"))
    success = models.CharField(_("how we see success"), max_length=MAX_REASON_LENGTH)
    # Pushed into the wijkaanpak: the project it became.
    project = models.ForeignKey(
        "agenda.Project",
        verbose_name=_("project in the wijkaanpak"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["when", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.what

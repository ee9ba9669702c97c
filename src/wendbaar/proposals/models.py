"""Project proposals (projectvoorstellen) and the frameworks they are assessed against.

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

from .constants import MAX_LABEL_LENGTH, CriterionKind, Metric


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

"""Indicators, observations and import runs: measure x area x period.

Shape borrowed from Amsterdam's statistiekhub and Zulip analytics: one declarative
catalogue (``registry.py``) synced into :class:`Indicator`, one table of
:class:`Observation` rows, and an append-only log of :class:`ImportRun`.

National figures: there is no country Area, so an observation is keyed on
``region_code`` (the CBS code, ``NL01`` for the Netherlands) and ``area`` is a
nullable link that is filled for every gemeente/wijk/buurt code. The uniqueness rule is
(indicator, region_code, period); Area.code is unique, so this is the same as
(indicator, area, period) for areas.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .constants import (
    Aggregation,
    Derivation,
    ImportStatus,
    IndicatorKind,
    IndicatorRole,
    ObservationStatus,
    Polarity,
    SourceKind,
)


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_nl = models.TextField(_("definition (Dutch)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    polarity = models.SmallIntegerField(_("polarity"), choices=Polarity.choices, default=0)
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=IndicatorRole.choices,
        default=IndicatorRole.CONTEXT,
        help_text=_("Only outcomes make theme positions, urgency and warnings."),
    )
    # List of core.constants.Theme values; a JSON list keeps the catalogue M2M-free.
    themes = models.JSONField(_("themes"), default=list, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.SOURCE
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Shown only in aggregate or to signed-in staff (e.g. origin)."),
    )
    base_indicator = models.ForeignKey(
        "self",
        verbose_name=_("base indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    min_base = models.FloatField(
        _("minimum base"),
        null=True,
        blank=True,
        help_text=_("Values are suppressed where the base indicator is below this number."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_table = models.CharField(_("source table"), max_length=40, blank=True)
    # Column name per source format or year: {"kwb": "a_inw", "odata": "AantalInwoners",
    # "wbk": "AANT_INW", "2019": "GemiddeldeWoningwaarde_35", "label": "…/… (km)"}.
    source_columns = models.JSONField(_("source columns"), default=dict, blank=True)
    # Calculated indicators: {"op": "ratio", "numerator": …, "denominator": …, "scale": 100}.
    formula = models.JSONField(_("formula"), null=True, blank=True)
    aggregation = models.CharField(
        _("aggregation to parent areas"),
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.NONE,
    )
    aggregation_weight = models.ForeignKey(
        "self",
        verbose_name=_("aggregation weight"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # True for rows written by sync_indicators(); False for a municipality's own
    # indicators defined through the custom import template.
    in_registry = models.BooleanField(_("defined in the catalogue"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    @property
    def definition(self) -> str:
        lang = get_language() or "nl"
        return self.definition_en if lang.startswith("en") else self.definition_nl


class ImportRunQuerySet(models.QuerySet):
    def succeeded(self) -> ImportRunQuerySet:
        return self.filter(status=ImportStatus.SUCCEEDED)

    def current_data_version(self) -> int:
        """The version the analysis cache keys on; grows with every change of data."""
        latest = self.succeeded().aggregate(v=models.Max("data_version"))["v"]
        return latest or 0


class ImportRun(models.Model):
    """One import of one file (or a recomputation). Append-only: never edited later."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    source_kind = models.CharField(_("source kind"), max_length=20, choices=SourceKind.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file checksum (SHA-256)"), max_length=64, blank=True)
    source_table = models.CharField(_("source table"), max_length=40, blank=True)
    periods = models.JSONField(_("periods"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    created = models.PositiveIntegerField(_("observations created"), default=0)
    updated = models.PositiveIntegerField(_("observations updated"), default=0)
    unchanged = models.PositiveIntegerField(_("observations unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("observations skipped"), default=0)
    calculated = models.PositiveIntegerField(_("calculated observations changed"), default=0)
    # Monotonically increasing; raised only by runs that changed observations.
    data_version = models.PositiveIntegerField(_("data version"), default=0, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.source_kind} {self.file_name} ({self.status}, v{self.data_version})"


class Observation(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,  # the unique key (indicator, period, region_code) leads with it
    )
    # The CBS code as published (NL01 for the Netherlands); the key together with
    # indicator and period.
    region_code = models.CharField(_("region code"), max_length=10)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,  # the index (area, indicator, period) leads with it
    )
    period = models.PositiveSmallIntegerField(_("period (year)"))
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ObservationStatus.choices,
        default=ObservationStatus.VALUE,
    )
    source_table = models.CharField(_("source table"), max_length=40, blank=True)
    # Empty for a figure as the source published it; set on a figure the importer derived
    # where the source has none (a wijk's count as the sum of its buurten). The database
    # default lets the importer's plain INSERTs and other writers leave it out.
    derivation = models.CharField(
        _("derivation"),
        max_length=32,
        choices=Derivation.choices,
        blank=True,
        default=Derivation.NONE,
        db_default=Derivation.NONE,
    )
    # No database constraint: runs are append-only and never deleted, and skipping the
    # check per row keeps bulk imports fast.
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import run"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="observations",
    )

    class Meta:
        # The unique key (indicator, period, region_code) also serves "all areas of one
        # indicator and period", the most common read; no separate index is needed.
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "region_code"],
                name="monitor_observation_unique_key",
            ),
            models.CheckConstraint(
                condition=models.Q(status="value", value__isnull=False)
                | (~models.Q(status="value") & models.Q(value__isnull=True)),
                name="monitor_observation_value_iff_status_value",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "indicator", "period"], name="monitor_obs_area_ind_per"),
        ]

    def __str__(self) -> str:
        shown = self.value if self.status == ObservationStatus.VALUE else self.status
        return f"{self.indicator_id} {self.region_code} {self.period}: {shown}"

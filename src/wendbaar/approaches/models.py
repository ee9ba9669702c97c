"""The wijkaanpak kernel: the approach itself, its scope, the living checklist of the
five steps, the versions of its vision, and per-gemeente settings as data.

Everything else of a wijkaanpak (coalition, agenda, initiatives, proposals, reports)
lives in apps above this one and points down at :class:`Approach`. Histories are
append-only (:class:`VisionVersion`); every write goes through ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .constants import CHECKLIST, MAX_HORIZON_YEARS, Step
from .querysets import ApproachQuerySet

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Approach(models.Model):
    """A wijkaanpak ("Wijkaanpak" in the UI) for wijken or buurten of one gemeente."""

    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    municipality = models.ForeignKey(
        "areas.Area",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "municipality"},
    )
    areas = models.ManyToManyField(
        "areas.Area",
        verbose_name=_("districts and neighbourhoods"),
        related_name="approaches",
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("end year"), validators=YEAR_VALIDATORS)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Published approaches are public.")
    )
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Invented example data (Voorbeeld).")
    )
    budget_holder = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("budget holder of the programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The party whose programme budget this is; money from every other party "
            "counts as co-funding."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApproachQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("neighbourhood approach")
        verbose_name_plural = _("neighbourhood approaches")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="approaches_approach_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_year__lte=F("start_year") + MAX_HORIZON_YEARS),
                name="approaches_approach_horizon_at_most_a_generation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agenda:approach", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.start_year and self.end_year:
            if self.end_year < self.start_year:
                raise ValidationError(
                    {"end_year": _("The end year cannot be before the start year.")}
                )
            if self.end_year - self.start_year > MAX_HORIZON_YEARS:
                raise ValidationError(
                    {
                        "end_year": _(
                            "A horizon of at most %(years)d years (a generation), please."
                        )
                        % {"years": MAX_HORIZON_YEARS}
                    }
                )


class ChecklistItem(models.Model):
    """One point of the living checklist of a step: done or not, with a note."""

    approach = models.ForeignKey(
        Approach, verbose_name=_("approach"), on_delete=models.CASCADE, related_name="checklist"
    )
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    key = models.SlugField(_("key"), max_length=40, blank=True)
    label = models.CharField(_("label"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["approach", "order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.label

    @property
    def display_label(self) -> str:
        """The label in the reader's language. Items are copied from ``CHECKLIST`` in the
        language of whoever created the wijkaanpak; as long as nobody rewrote an item, it
        follows the reader's language. A gemeente's own wording stays as written."""
        default = dict(CHECKLIST.get(self.step, ())).get(self.key) if self.key else None
        if default is None:
            return self.label
        if self.label in _translations(default):
            return str(default)
        return self.label


def _translations(label) -> set[str]:
    """A lazy label in every language of the site."""
    result = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            result.add(str(label))
    return result


class VisionVersion(models.Model):
    """One version of the shared vision. Append-only: a change adds a version."""

    approach = models.ForeignKey(
        Approach, verbose_name=_("approach"), on_delete=models.CASCADE, related_name="visions"
    )
    text = models.TextField(_("vision"))
    reason = models.CharField(_("reason for the change"), max_length=300)
    created_by = models.ForeignKey(
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
        get_latest_by = ["created_at", "id"]
        verbose_name = _("vision version")
        verbose_name_plural = _("vision versions")

    def __str__(self) -> str:
        return f"{self.approach} {self.created_at:%Y-%m-%d}"


class PolicyDriver(models.Model):
    """A carrying policy priority for linking opportunities (koppelkansen).

    Without a municipality: one of the national defaults (energietransitie, …); with one:
    the gemeente's own, e.g. from its coalition agreement.
    """

    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        "areas.Area",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level": "municipality"},
    )

    class Meta:
        ordering = ["municipality_id", "name"]
        verbose_name = _("policy driver")
        verbose_name_plural = _("policy drivers")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(municipality__isnull=True),
                name="approaches_policydriver_unique_default_key",
            ),
            models.UniqueConstraint(
                fields=["municipality", "key"], name="approaches_policydriver_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MunicipalitySetting(models.Model):
    """A per-gemeente value of one of the settings in ``constants.SETTINGS``.

    Without a municipality the row sets the national value; a gemeente's row overrides
    it (the pattern of :class:`PolicyDriver`). Read through ``selectors.setting_for``.
    """

    key = models.SlugField(_("setting"), max_length=60)
    value = models.JSONField(_("value"))
    municipality = models.ForeignKey(
        "areas.Area",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level": "municipality"},
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["key", "municipality_id"]
        verbose_name = _("municipality setting")
        verbose_name_plural = _("municipality settings")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(municipality__isnull=True),
                name="approaches_setting_unique_national_key",
            ),
            models.UniqueConstraint(
                fields=["municipality", "key"], name="approaches_setting_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"

    def clean(self) -> None:
        from .constants import SETTINGS

        spec = SETTINGS.get(self.key)
        if spec is None:
            raise ValidationError({"key": _("Unknown setting.")})
        if type(self.value) is not type(spec.default) and not (
            isinstance(spec.default, float) and type(self.value) is int
        ):
            raise ValidationError({"value": _("This setting needs a value like its default.")})

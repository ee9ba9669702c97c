"""Vocabulary of the neighbourhood monitor: kinds, statuses and source kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# CBS code of the Netherlands. OData tables use ``NL01``; StatLine CSV exports show
# ``NL00``. Both are stored as NATIONAL_CODE, on observations without an Area.
NATIONAL_CODE = "NL01"
NATIONAL_ALIASES = frozenset({"NL00", "NL01"})

#: The key outcomes of a wijk, in order of precedence: filled in on an area page when too
#: few outcomes are judged (``pages/key_figures.py``), the opening figures of a progress
#: report (``reports/compose.py``).
KEY_INDICATORS = (
    "share_low_income_households",
    "labour_participation",
    "crimes_per_1000",
    "good_perceived_health",
    "lbm_score",
    "social_assistance_per_1000",
)


class IndicatorKind(models.TextChoices):
    SOURCE = "source", _("Source figure")
    CALCULATED = "calculated", _("Calculated")
    SOFT = "soft", _("Soft data (survey, stories)")


class Polarity(models.IntegerChoices):
    HIGHER_IS_BETTER = 1, _("Higher is better")
    NEUTRAL = 0, _("Neutral")
    HIGHER_IS_WORSE = -1, _("Higher is worse")


class IndicatorRole(models.TextChoices):
    """Whether an indicator judges an area (docs/monitor.md).

    Only *outcomes* (income, benefits, WOZ, health, crime, ...) make theme positions,
    urgency and warnings. *Context* (distances to facilities, density, urbanity, land
    area, counts) describes where and how people live; it is shown beside the outcomes,
    never scored: a villa area far from a school is not a deprived area.
    """

    OUTCOME = "outcome", _("Outcome")
    CONTEXT = "context", _("Context")


class Aggregation(models.TextChoices):
    """How a wijk/gemeente value follows from its buurten when it is not published."""

    SUM = "sum", _("Sum")
    WEIGHTED_MEAN = "weighted_mean", _("Mean weighted by a base indicator")
    NONE = "none", _("Not aggregated")


class ObservationStatus(models.TextChoices):
    VALUE = "value", _("Value")
    SECRET = "secret", _("Secret (withheld by the source)")
    NOT_AVAILABLE = "not_available", _("Not available")
    SUPPRESSED = "suppressed", _("Suppressed (base too small)")


class Derivation(models.TextChoices):
    """How an observation the source did not publish was derived from other observations.

    Empty (the default) for a figure as the source published it, and for a calculated
    indicator (whose formula says how it follows from its inputs).
    """

    NONE = "", _("As published by the source")
    SUM_OF_NEIGHBOURHOODS = "sum_of_neighbourhoods", _("Sum of the neighbourhoods")


class SourceKind(models.TextChoices):
    KWB = "kwb", _("CBS key figures districts and neighbourhoods")
    POLICE = "police", _("Police registered crime (47022NED)")
    RIVM = "rivm", _("RIVM health monitor (50150NED)")
    LEEFBAAROMETER = "leefbaarometer", _("Leefbaarometer")
    PROXIMITY = "proximity", _("CBS proximity of facilities")
    CUSTOM = "custom", _("Municipal data (template)")
    CALCULATED = "calculated", _("Calculated from other indicators")
    # Written by another app through services.replace_observations (signals now).
    DERIVED = "derived", _("Derived from Wendbaar's own records")


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


# Source table recorded for calculated observations.
CALCULATED_SOURCE_TABLE = "calculated"

"""Vocabulary of progress reports (voortgangsrapportages)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_CLAIM_LENGTH = 2000
# Voices per goal chapter: enough for a story, few enough that the figures stay behind.
MAX_VOICES_PER_CHAPTER = 4
OPENING_VOICES = 3
KEY_FIGURES = 5
# A key figure's change is measured over at most this many years before its latest one.
KEY_FIGURE_YEARS = 5


class Status(models.TextChoices):
    """The road of a report (``workflow.py``)."""

    CONCEPT = "concept", _("Draft")
    REVIEW = "review", _("Under discussion")
    ADOPTED = "adopted", _("Adopted")


class Section(models.TextChoices):
    """The two honest halves of a goal chapter; both must be answered."""

    WORKS = "works", _("What works")
    NOT_YET = "not_yet", _("What does not work (yet)")


class MeasurementKind(models.TextChoices):
    """How a claim is known (seeds/003): every claim says which, in the text."""

    EFFECT_STUDY = "effect_study", _("Effect study")
    PROGRESS_MONITORING = "progress_monitoring", _("Progress monitoring")
    DEVELOPMENT_RESEARCH = "development_research", _("Development research")
    PROCESS_EVALUATION = "process_evaluation", _("Process evaluation")


MEASUREMENT_HELP = {
    MeasurementKind.EFFECT_STUDY: _("Did the intervention cause the change? (a comparison)"),
    MeasurementKind.PROGRESS_MONITORING: _("Are we doing what we planned, and where do we stand?"),
    MeasurementKind.DEVELOPMENT_RESEARCH: _(
        "What do we learn while doing, to adjust the approach?"
    ),
    MeasurementKind.PROCESS_EVALUATION: _("How did the cooperation and the process go?"),
}

"""Vocabulary of project proposals and their assessment frameworks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The kinds of criteria (``rules.EFFECTS`` … are the same strings, without Django).
MAX_LABEL_LENGTH = 200


class CriterionKind(models.TextChoices):
    EFFECTS = "effects", _("Effects: at least N substantial")
    THRESHOLD = "threshold", _("Threshold computed from the proposal")
    YES_NO = "yes_no", _("Yes or no, with an explanation")
    SCALE = "scale", _("Scale")


class Metric(models.TextChoices):
    """What a threshold criterion computes from the proposal."""

    COFUNDING_SHARE = "cofunding_share", _("Share of the costs paid by other parties")

"""Vocabulary of the agenda: limits that make warnings, project and funding statuses, the
kinds of change to goals and indicators."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# "Keep it simple & smart": more indicators per goal than this gives a warning.
MAX_INDICATORS_PER_GOAL = 3
# Project carousel: more than this share of projects is short, small and without
# follow-up → warning. Thresholds are defaults; pass others to the warning functions.
CAROUSEL_SHARE = 0.5
CAROUSEL_MAX_DAYS = 365
CAROUSEL_BUDGET_THRESHOLD = Decimal("25000")
CAROUSEL_MIN_PROJECTS = 3


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class FundingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMMITTED = "committed", _("Committed")
    SPENT = "spent", _("Spent")


class AgendaChangeKind(models.TextChoices):
    """What happened to a goal or an indicator (``AgendaChange``)."""

    GOAL_ADDED = "goal_added", _("Goal added")
    GOAL_CHANGED = "goal_changed", _("Goal changed")
    GOAL_REMOVED = "goal_removed", _("Goal removed")
    INDICATOR_ADDED = "indicator_added", _("Indicator added")
    INDICATOR_CHANGED = "indicator_changed", _("Indicator changed")
    INDICATOR_REMOVED = "indicator_removed", _("Indicator removed")


# A new version of the shared vision (``approaches.VisionVersion``) in the list of changes
# (``selectors.agenda_changes``); not an AgendaChange of its own.
VISION_CHANGED = "vision_changed"

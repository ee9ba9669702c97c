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


class Step(models.TextChoices):
    """The road of a proposal (``workflow.py`` says which step may follow which)."""

    CONCEPT = "concept", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_CONVERSATION = "in_conversation", _("In conversation")
    IN_ASSESSMENT = "in_assessment", _("In assessment")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")


class ResultKind(models.TextChoices):
    """Results as SMART lines, output kept apart from outcome."""

    OUTPUT = "output", _("Output (what the project delivers)")
    OUTCOME = "outcome", _("Outcome (what changes in the wijk)")


class FinancingStatus(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    EXPECTED = "expected", _("Expected")


class Rating(models.TextChoices):
    """An assessor's rating of one effect (``rules.RATINGS``, the same strings)."""

    NONE = "none", _("None")
    SOME = "some", _("Some")
    SUBSTANTIAL = "substantial", _("Substantial")


# The steps in which the bureau promises an answer, with the per-gemeente setting that
# holds the number of working days (approaches.constants.SETTINGS).
DUE_SETTINGS = {
    Step.SUBMITTED: "proposal_intake_days",
    Step.IN_ASSESSMENT: "proposal_assessment_days",
}
# At least this many assessors score a proposal before it can be decided.
MIN_ASSESSORS = 2
MAX_TITLE_LENGTH = 200

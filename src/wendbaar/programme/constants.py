"""Vocabulary of the wijkaanpak: steps, checklist catalogue, statuses, money."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# A generation as horizon (DOMAIN.md, building block "lange adem").
MAX_HORIZON_YEARS = 25
# "Keep it simple & smart": more indicators per goal than this gives a warning.
MAX_INDICATORS_PER_GOAL = 3
# Project carousel: more than this share of projects is short, small and without
# follow-up → warning. Thresholds are defaults; pass others to the warning functions.
CAROUSEL_SHARE = 0.5
CAROUSEL_MAX_DAYS = 365
CAROUSEL_BUDGET_THRESHOLD = Decimal("25000")
CAROUSEL_MIN_PROJECTS = 3


class Step(models.TextChoices):
    """The five steps of a wendbare wijkaanpak (DOMAIN.md; seeds/004, seeds/002)."""

    URGENCY = "urgency", _("Urgency")
    COALITION = "coalition", _("Coalition")
    AGENDA = "agenda", _("Agenda")
    CONDITIONS = "conditions", _("Preconditions")
    EXECUTION = "execution", _("Execution")


STEP_QUESTIONS = {
    Step.URGENCY: _("What is going on?"),
    Step.COALITION: _("Who takes part?"),
    Step.AGENDA: _("What will we do?"),
    Step.CONDITIONS: _("What does it take?"),
    Step.EXECUTION: _("Are we keeping course?"),
}

# The living checklist, per step: (key, label). Copied into each new wijkaanpak as data,
# so a gemeente can edit labels and add its own items later. Keys never change.
CHECKLIST: dict[str, list[tuple[str, str]]] = {
    Step.URGENCY: [
        ("hard_data", _("Hard data collected: statistics compared with other districts")),
        ("maps", _("Shown on maps where the issues concentrate")),
        ("soft_data", _("Stories of residents and professionals put the figures in context")),
        ("positive_urgency", _("Positive urgency (energy in the district) named")),
        ("urgency_shared", _("Urgency shared and felt by the partners")),
    ],
    Step.COALITION: [
        ("municipality", _("The municipality takes part")),
        ("civil_society", _("Civil society organisations take part")),
        ("residents_formal", _("Residents' organisations take part")),
        ("residents_initiatives", _("Bottom-up and temporary residents' initiatives involved")),
        ("residents_inactive", _("Non-active residents the approach is aimed at reached")),
        ("lead_agreed", _("Lead agreed (one party or non-hierarchical)")),
    ],
    Step.AGENDA: [
        ("vision", _("Shared vision written down")),
        ("goals", _("Goals with a limited number of indicators")),
        ("programme", _("Execution programme with plans and measures")),
        ("financing", _("Financing of the execution programme arranged")),
        ("tasks", _("Tasks divided over the parties")),
        ("linking", _("Linking opportunities (koppelkansen) explored")),
    ],
    Step.CONDITIONS: [
        ("bb_urgency", _("Societal urgency")),
        ("bb_vision", _("A shared and broadly supported vision")),
        ("bb_governance", _("Administrative anchoring: steering group of all directors")),
        ("bb_process_lead", _("Independent process leadership")),
        ("bb_long_breath", _("A long breath: a generation as horizon, multi-year")),
        ("bb_trust", _("Trust")),
        ("bb_means", _("Means: people, execution money and process money")),
    ],
    Step.EXECUTION: [
        ("monitoring", _("Monitoring of goals and indicators in place")),
        ("execution_plan", _("Four-yearly execution plan")),
        ("progress_report", _("Yearly progress report on results, not efforts")),
        ("adjust", _("Vision and goals revisited and adjusted")),
    ],
}


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


# The policy drivers named in seeds/002; each gemeente adds its own as data.
DEFAULT_POLICY_DRIVERS: list[tuple[str, str]] = [
    ("energy_transition", "Energietransitie"),
    ("safe_district", "Veilige wijk"),
    ("healthy_district", "Gezonde wijk"),
    ("climate_adaptation", "Klimaatadaptatie"),
]

"""Vocabulary of the wijkaanpak kernel: the five steps, their living checklist, the seven
building blocks, the default policy drivers and the per-gemeente settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# A generation as horizon (DOMAIN.md, building block "lange adem").
MAX_HORIZON_YEARS = 25


class BuildingBlock(models.TextChoices):
    """The seven building blocks (bouwstenen) of a wijkaanpak (DOMAIN.md, step 4)."""

    URGENCY = "urgency", _("Societal urgency")
    VISION = "vision", _("A shared and broadly supported vision")
    GOVERNANCE = "governance", _("Administrative anchoring: steering group of all directors")
    PROCESS_LEAD = "process_lead", _("Independent process leadership")
    LONG_BREATH = "long_breath", _("A long breath: a generation as horizon, multi-year")
    TRUST = "trust", _("Trust")
    MEANS = "means", _("Means: people, execution money and process money")


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
    # The seven building blocks are the checklist of step 4.
    Step.CONDITIONS: [(f"bb_{b.value}", b.label) for b in BuildingBlock],
    Step.EXECUTION: [
        ("monitoring", _("Monitoring of goals and indicators in place")),
        ("execution_plan", _("Four-yearly execution plan")),
        ("progress_report", _("Yearly progress report on results, not efforts")),
        ("adjust", _("Vision and goals revisited and adjusted")),
    ],
}


# The policy drivers named in seeds/002; each gemeente adds its own as data.
DEFAULT_POLICY_DRIVERS: list[tuple[str, str]] = [
    ("energy_transition", "Energietransitie"),
    ("safe_district", "Veilige wijk"),
    ("healthy_district", "Gezonde wijk"),
    ("climate_adaptation", "Klimaatadaptatie"),
]


@dataclass(frozen=True)
class SettingSpec:
    """A per-gemeente setting: its national default and what it means."""

    default: int | float | str | bool
    help_text: str


# Settings that differ per gemeente. A row without a gemeente overrides the default for
# the whole country; a gemeente's row overrides that (``selectors.setting_for``).
SETTINGS: dict[str, SettingSpec] = {
    "initiative_triage_days": SettingSpec(
        3, "Working days within which the initiators of an idea hear who their contact is."
    ),
    "initiative_response_days": SettingSpec(
        10, "Working days within which a residents' initiative gets an answer."
    ),
    "initiative_escalation_days": SettingSpec(
        5, "Working days after a missed deadline before the programme bureau is told."
    ),
    "proposal_intake_days": SettingSpec(
        10,
        "Working days within which the programme bureau answers a submitted project "
        "proposal: an advice round or the assessment.",
    ),
    "proposal_assessment_days": SettingSpec(
        20, "Working days within which an assessed project proposal gets its decision."
    ),
    "proposal_min_effects": SettingSpec(
        3, "Societal effects a project proposal must contribute to substantially."
    ),
    "cofunding_min_share": SettingSpec(
        0.4, "Share of project costs expected from sources other than the programme."
    ),
}

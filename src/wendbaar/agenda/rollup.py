"""Progress roll-up from projects to goals and to the wijkaanpak. Pure functions.

The arithmetic (as in Decidim's accountability module, where a parent result's progress
is the weighted mean of its children's):

* A project's progress is the ``progress_percent`` of its latest progress update
  (0 without one); a completed project counts as 100. Stopped projects are left out:
  their unfinished work no longer moves anything.
* The progress of a set of projects (those serving a goal, or all of a wijkaanpak) is
  the weighted mean ``Σ wᵢ·pᵢ / Σ wᵢ``. The weights of one set are chosen once for the
  whole set, so euros and explicit weights are never mixed:

  1. ``explicit``: if any project in the set has an explicit weight, every project
     weighs its explicit weight (a project without one weighs 1);
  2. ``budget``: otherwise, if the budgets add up to more than zero, each project
     weighs its budget (a project without budget then weighs 0);
  3. ``equal``: otherwise each project weighs 1.

* An empty set (or one whose weights add up to zero) has no progress (``None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

COMPLETED = "completed"
STOPPED = "stopped"


@dataclass(frozen=True)
class ProjectProgress:
    id: int
    status: str
    budget: Decimal = Decimal("0")
    weight: Decimal | None = None
    latest_percent: int | None = None  # of the latest progress update
    goal_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def percent(self) -> float:
        if self.status == COMPLETED:
            return 100.0
        return float(self.latest_percent or 0)


@dataclass(frozen=True)
class RollUp:
    percent: float | None
    mode: str  # "explicit", "budget", "equal" or "none"
    count: int


def weighting_mode(projects: Sequence[ProjectProgress]) -> str:
    if not projects:
        return "none"
    if any(p.weight is not None for p in projects):
        return "explicit"
    if sum((p.budget for p in projects), Decimal("0")) > 0:
        return "budget"
    return "equal"


def _weight(project: ProjectProgress, mode: str) -> Decimal:
    if mode == "explicit":
        return project.weight if project.weight is not None else Decimal("1")
    if mode == "budget":
        return project.budget or Decimal("0")
    return Decimal("1")


def roll_up(projects: Iterable[ProjectProgress]) -> RollUp:
    counted = [p for p in projects if p.status != STOPPED]
    mode = weighting_mode(counted)
    if mode == "none":
        return RollUp(percent=None, mode=mode, count=0)
    weights = [_weight(p, mode) for p in counted]
    total = sum(weights, Decimal("0"))
    if total <= 0:
        return RollUp(percent=None, mode=mode, count=len(counted))
    weighted = sum(
        (w * Decimal(str(p.percent)) for w, p in zip(weights, counted, strict=True)),
        Decimal("0"),
    )
    return RollUp(percent=float(weighted / total), mode=mode, count=len(counted))


def roll_up_goals(
    projects: Sequence[ProjectProgress], goal_ids: Iterable[int]
) -> dict[int, RollUp]:
    """Per goal: the roll-up of the projects serving it (a project may serve several)."""
    return {gid: roll_up(p for p in projects if gid in p.goal_ids) for gid in goal_ids}

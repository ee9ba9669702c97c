"""Statistics core of the neighbourhood monitor (wijkmonitor): pure, column-wise functions.

No Django here: inputs and outputs are Polars frames (schemas in :mod:`.contracts` and in
each module's docstring), so the core can be tested and benchmarked on its own. The glue
layer turns database rows into ``areas``, ``observations`` and ``indicators`` frames and
calls :func:`compute_all`. Inside, the statistics run on dense (indicator x period, area)
matrices (:mod:`._grid`); docs/performance.md has the figures.
"""

from .change import change_vs_peers, changes
from .comparison import compare_with_parents, national_values
from .contracts import (
    DISTRICT,
    LEVELS,
    MUNICIPALITY,
    NATIONAL_CODE,
    NEIGHBOURHOOD,
    THEMES,
    ContractError,
    normalise_areas,
    normalise_indicators,
    normalise_observations,
    observations_with_areas,
)
from .pipeline import AnalysisResult, bench, compute_all
from .ranks import rank_areas
from .reference import ReferenceGroups, position_in_group, reference_groups
from .themes import ThemeScores, theme_scores
from .urgency import Urgency, urgency_ranking
from .warnings import early_warnings

__all__ = [
    "DISTRICT",
    "LEVELS",
    "MUNICIPALITY",
    "NATIONAL_CODE",
    "NEIGHBOURHOOD",
    "THEMES",
    "AnalysisResult",
    "ContractError",
    "ReferenceGroups",
    "ThemeScores",
    "Urgency",
    "bench",
    "change_vs_peers",
    "changes",
    "compare_with_parents",
    "compute_all",
    "early_warnings",
    "national_values",
    "normalise_areas",
    "normalise_indicators",
    "normalise_observations",
    "observations_with_areas",
    "position_in_group",
    "rank_areas",
    "reference_groups",
    "theme_scores",
    "urgency_ranking",
]

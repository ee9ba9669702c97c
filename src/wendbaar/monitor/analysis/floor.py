"""The floor of a recompute: the work no implementation of the analysis can skip, timed alone.

Two parts dominate the recompute and cannot be avoided, whatever the code around them:

* the *nearest-neighbour search* of the structural profile (the k + extra nearest buurten
  of every buurt, :func:`.reference._kd_tree_query`, cold: no cached search);
* the *sorts*: ranking every indicator x period x level means sorting each row of the
  value matrix over the areas of the level (here ``np.sort``, one call per level).

Everything else (scatter, gathers, sums) is memory traffic over the same matrices. The
benchmark prints the recompute beside this floor (issue #12: at most twice the floor).
The inputs are prepared before the clock starts: only the two parts are timed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from ._grid import axis_from_areas, grid_from_long
from .contracts import LEVELS, normalise_areas, normalise_indicators, normalise_observations
from .eligibility import EligibilityRule, eligibility_from_grid
from .reference import EXTRA_CANDIDATES, _kd_tree_query, profile_from_grid, standardised

#: The rule with its own thresholds (the monitor's default settings).
DEFAULT_RULE = EligibilityRule()


@dataclass(frozen=True)
class Floor:
    """Seconds of the search and of the sorts (the fastest of the repeats of each)."""

    search: float
    sorts: float
    buurten: int  # points searched
    dimensions: int  # profile indicators
    sorted_values: int  # values sorted (every matrix row over each level's areas)

    @property
    def seconds(self) -> float:
        return self.search + self.sorts

    def describe(self) -> str:
        return (
            f"nearest-neighbour search {self.search:.3f} s ({self.buurten:,} buurten x "
            f"{self.dimensions} profile indicators), sorts {self.sorts:.3f} s "
            f"({self.sorted_values:,} values)"
        )


def measure_floor(
    inputs: dict | None = None,
    *,
    areas: pl.DataFrame | None = None,
    observations: pl.DataFrame | None = None,
    indicators: pl.DataFrame | None = None,
    profile: Sequence[str] | None = None,
    k: int = 10,
    min_present: float = 0.7,
    eligibility: EligibilityRule | None = DEFAULT_RULE,
    repeat: int = 3,
) -> Floor:
    """Time the floor on the analysis' inputs: ``inputs`` as ``compute_all`` takes them
    (``areas``, ``observations``, ``indicators``, ``profile``), or the same as keywords.

    ``eligibility`` defaults to the rule's own thresholds (those of the monitor's default
    settings): the search covers the judged buurten, as in the recompute."""
    inputs = dict(inputs or {})
    areas = normalise_areas(areas if areas is not None else inputs["areas"])
    observations = normalise_observations(
        observations if observations is not None else inputs["observations"]
    )
    indicators = normalise_indicators(
        indicators if indicators is not None else inputs["indicators"]
    )
    profile = list(dict.fromkeys(profile if profile is not None else inputs["profile"]))
    axis = axis_from_areas(areas)
    grid = grid_from_long(observations, axis, pl.Enum(indicators["code"]))
    values = grid.values
    judged = eligibility_from_grid(axis, grid.columns, values, eligibility)
    if not judged.eligible.all():  # the search sees the judged buurten only
        values = values.copy()
        values[:, ~judged.eligible] = np.nan
    _codes, raw, _periods, _profile = profile_from_grid(axis, grid.columns, values, profile)
    z = standardised(raw, min_present)[3]
    n_fetch = min(z.shape[0], k + 1 + EXTRA_CANDIDATES)
    levels = [np.flatnonzero(axis.level == i) for i in range(len(LEVELS))]
    subs = [values[:, members] for members in levels if members.size]

    search = sorts = float("inf")
    for _ in range(max(repeat, 1)):
        if z.shape[0] > n_fetch:
            started = time.perf_counter()
            _kd_tree_query(z, n_fetch)
            search = min(search, time.perf_counter() - started)
        else:
            search = 0.0
        started = time.perf_counter()
        for sub in subs:
            np.sort(sub, axis=1)
        sorts = min(sorts, time.perf_counter() - started)
    return Floor(
        search=search,
        sorts=sorts,
        buurten=z.shape[0],
        dimensions=z.shape[1],
        sorted_values=sum(sub.size for sub in subs),
    )

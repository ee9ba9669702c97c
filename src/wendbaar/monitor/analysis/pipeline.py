"""Full recompute of the neighbourhood monitor statistics, and a benchmark."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from ._grid import Axis, Cells, Columns, axis_from_areas, grid_from_long, polarity_of
from ._peers import PeerMatrix
from .change import ChangeGrid, PeerChange, change_grid, peer_change
from .comparison import (
    comparison_from_grid,
    national_from_grid,
    national_vector,
    observed_national,
)
from .contracts import (
    MUNICIPALITY,
    NATIONAL_CODE,
    NEIGHBOURHOOD,
    normalise_areas,
    normalise_indicators,
    normalise_observations,
)
from .eligibility import Eligibility, EligibilityRule, eligibility_from_grid
from .ranks import RankGrid, rank_grid
from .reference import ReferenceGroups, positions_from_grid, reference_index_from_grid
from .themes import ThemeMatrices, ThemeScores, empty_theme_scores, theme_matrices
from .urgency import theme_slice, urgency_from_slice
from .warnings import warnings_from_matrices


@dataclass(frozen=True)
class AnalysisResult:
    """Every output frame of :func:`compute_all`; see the producing module for schemas.

    national (comparison.national_values), comparison (comparison.compare_with_parents),
    ranks (ranks.rank_areas), theme_scores / theme_contributions (themes.theme_scores),
    changes (change.change_vs_peers, i.e. changes plus peer columns where the area has a
    reference group), peers / peer_profile / peer_excluded (reference.reference_groups),
    group_positions (reference.position_in_group, latest period), warnings
    (warnings.early_warnings), urgency / urgency_reasons (urgency.urgency_ranking for all
    gemeenten, latest period), eligibility (eligibility.Eligibility.frame: which areas
    are judged and why not). ``timings`` holds seconds per step.
    """

    national: pl.DataFrame
    comparison: pl.DataFrame
    ranks: pl.DataFrame
    theme_scores: pl.DataFrame
    theme_contributions: pl.DataFrame
    changes: pl.DataFrame
    peers: pl.DataFrame
    peer_profile: pl.DataFrame
    peer_excluded: pl.DataFrame
    group_positions: pl.DataFrame
    warnings: pl.DataFrame
    urgency: pl.DataFrame
    urgency_reasons: pl.DataFrame
    eligibility: pl.DataFrame
    timings: dict[str, float] = field(default_factory=dict)


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._start = self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self._last
        self._last = now

    def total(self) -> None:
        self.timings["total"] = time.perf_counter() - self._start


@dataclass(frozen=True)
class AnalysisGrids:
    """Everything :func:`compute_grids` computed, as matrices (see :mod:`._grid`).

    The shared lower level of :func:`compute_all` (which turns it into long frames for
    every cell) and of the stored page frames (``stored/recompute.py``, which take only
    what the pages read, straight from the matrices). ``values`` holds every area's
    figures; ``ranked.value`` only the judged (eligible) areas'.
    """

    areas: pl.DataFrame  # normalised
    indicators: pl.DataFrame  # normalised
    axis: Axis
    columns: Columns
    values: np.ndarray  # (columns, areas) every observed value, NaN = missing
    observed: np.ndarray  # (columns, areas) bool: an observation row is here
    cells: Cells  # where each observation row sits
    polarity: np.ndarray  # per matrix row
    national: pl.DataFrame
    national_values: np.ndarray  # per matrix row, NaN = none
    judged: Eligibility
    ranked: RankGrid
    theme_arrays: ThemeMatrices | None
    latest: int | None  # the latest period with any value
    groups: ReferenceGroups
    peer_index: PeerMatrix
    changed: ChangeGrid
    peer_stats: PeerChange
    warning_inputs: dict[str, np.ndarray]
    warnings: pl.DataFrame
    clock: _Clock

    @property
    def has_value(self) -> np.ndarray:
        """Per matrix row: some judged area has a value."""
        return self.ranked.present.any(axis=1)


def compute_grids(
    areas: pl.DataFrame,
    observations: pl.DataFrame,
    indicators: pl.DataFrame,
    *,
    profile: Sequence[str],
    k: int = 10,
    profile_period: int | None = None,
    min_profile_present: float = 0.7,
    min_theme_indicators: int = 2,
    theme_window: int = 1,
    theme_min_coverage: float = 0.0,
    eligibility: EligibilityRule | None = None,
    z_clip: float | None = 3.0,
    weakest: float = 20.0,
    peer_threshold: float = 2.0,
    min_peers: int = 5,
    warning_levels: Sequence[str] = (NEIGHBOURHOOD,),
    national_code: str = NATIONAL_CODE,
) -> AnalysisGrids:
    """The statistics of :func:`compute_all` as matrices, before any long frame is made
    (the warnings excepted: they are few). Options as :func:`compute_all`."""
    clock = _Clock()
    areas = normalise_areas(areas)
    observations = normalise_observations(observations)
    indicators = normalise_indicators(indicators)
    axis = axis_from_areas(areas)
    grid = grid_from_long(observations, axis, pl.Enum(indicators["code"]))
    columns, values = grid.columns, grid.values
    polarity = polarity_of(columns, indicators)
    clock.lap("prepare")
    national = national_from_grid(
        observed_national(observations, national_code),
        axis,
        columns,
        values,
        indicators,
        n_municipalities=areas.filter(pl.col("level") == MUNICIPALITY).height,
    )
    clock.lap("national")
    judged = eligibility_from_grid(axis, columns, values, eligibility)
    judged_values = values
    if not judged.eligible.all():
        judged_values = values.copy()  # the comparison keeps every area's figures
        judged_values[:, ~judged.eligible] = np.nan
    clock.lap("eligibility")
    ranked = rank_grid(axis, columns, judged_values, polarity)
    clock.lap("ranks")
    theme_arrays = theme_matrices(
        axis,
        columns,
        ranked.z_adj,
        ranked.position,
        indicators,
        min_indicators=min_theme_indicators,
        z_clip=z_clip,
        window=theme_window,
        min_coverage=theme_min_coverage,
    )
    has_value = ranked.present.any(axis=1)
    latest = int(columns.period[has_value].max()) if has_value.any() else None
    clock.lap("themes")
    groups, index = reference_index_from_grid(
        axis,
        columns,
        judged_values,
        profile,
        k=k,
        level=NEIGHBOURHOOD,
        period=profile_period,
        min_present=min_profile_present,
    )
    clock.lap("reference")
    changed = change_grid(ranked)
    peer_stats = peer_change(
        changed.change, index, min_peers=min_peers, rows=np.flatnonzero(changed.previous >= 0)
    )
    warning_inputs = changed.warning_matrices(peer_stats, polarity)
    clock.lap("change")
    warns = warnings_from_matrices(
        axis,
        columns,
        changed.present,
        warning_inputs,
        weakest=weakest,
        peer_threshold=peer_threshold,
        levels=warning_levels,
    )
    clock.lap("warnings")
    return AnalysisGrids(
        areas=areas,
        indicators=indicators,
        axis=axis,
        columns=columns,
        values=values,
        observed=grid.observed,
        cells=grid.cells,
        polarity=polarity,
        national=national,
        national_values=national_vector(national, columns),
        judged=judged,
        ranked=ranked,
        theme_arrays=theme_arrays,
        latest=latest,
        groups=groups,
        peer_index=index,
        changed=changed,
        peer_stats=peer_stats,
        warning_inputs=warning_inputs,
        warnings=warns,
        clock=clock,
    )


def compute_all(
    areas: pl.DataFrame,
    observations: pl.DataFrame,
    indicators: pl.DataFrame,
    *,
    profile: Sequence[str],
    k: int = 10,
    profile_period: int | None = None,
    min_profile_present: float = 0.7,
    min_theme_indicators: int = 2,
    theme_window: int = 1,
    theme_min_coverage: float = 0.0,
    eligibility: EligibilityRule | None = None,
    min_urgency_themes: int = 1,
    z_clip: float | None = 3.0,
    weakest: float = 20.0,
    peer_threshold: float = 2.0,
    min_peers: int = 5,
    warning_levels: Sequence[str] = (NEIGHBOURHOOD,),
    warning_points: float = 5.0,
    national_code: str = NATIONAL_CODE,
) -> AnalysisResult:
    """Run every analysis for all indicators and periods (reference groups for buurten).

    The steps work on dense (indicator x period, area) matrices built once from the long
    observations (:func:`compute_grids`, see :mod:`._grid`); each public function of the
    package gives the same result on the long frames.

    ``eligibility`` (a rule, see :mod:`.eligibility`) leaves areas with too few residents
    out of every judgement: they are not ranked, scored, warned about or chosen as
    reference areas; their figures still enter the comparisons (a wijk's value is its
    whole population's). ``theme_window`` lets a theme score combine each indicator's
    latest period within that many years, and ``theme_min_coverage`` leaves out figures
    measured in too few gemeenten to be national positions (:mod:`.themes`).
    """
    g = compute_grids(
        areas,
        observations,
        indicators,
        profile=profile,
        k=k,
        profile_period=profile_period,
        min_profile_present=min_profile_present,
        min_theme_indicators=min_theme_indicators,
        theme_window=theme_window,
        theme_min_coverage=theme_min_coverage,
        eligibility=eligibility,
        z_clip=z_clip,
        weakest=weakest,
        peer_threshold=peer_threshold,
        min_peers=min_peers,
        warning_levels=warning_levels,
        national_code=national_code,
    )
    clock, axis, columns, ranked = g.clock, g.axis, g.columns, g.ranked
    comparison = comparison_from_grid(axis, columns, g.values, g.observed, g.national_values)
    clock.lap("comparison")
    ranks = ranked.frame()
    clock.lap("ranks_frame")
    themes: ThemeScores = (
        g.theme_arrays.frames()
        if g.theme_arrays is not None
        else empty_theme_scores(columns.dtype, axis.dtype)
    )
    latest = g.latest
    latest_themes = (
        g.theme_arrays.at(latest)
        if g.theme_arrays is not None
        else theme_slice(themes.scores, themes.contributions, latest or 0)
    )
    clock.lap("themes_frames")
    latest_rows = np.flatnonzero(g.has_value & (columns.period == latest) & (g.polarity != 0))
    positions = positions_from_grid(axis, columns, ranked.position, g.peer_index, latest_rows)
    clock.lap("group_positions")
    change = g.changed.frame(g.peer_stats, g.polarity)
    clock.lap("change_frame")
    urgency = urgency_from_slice(
        g.areas,
        latest_themes,
        g.warnings,
        warning_points=warning_points,
        min_themes=min_urgency_themes,
    )
    clock.lap("urgency")
    clock.total()
    return AnalysisResult(
        national=g.national,
        comparison=comparison,
        ranks=ranks,
        theme_scores=themes.scores,
        theme_contributions=themes.contributions,
        changes=change,
        peers=g.groups.peers,
        peer_profile=g.groups.profile,
        peer_excluded=g.groups.excluded,
        group_positions=positions,
        warnings=g.warnings,
        urgency=urgency.ranking,
        urgency_reasons=urgency.reasons,
        eligibility=g.judged.frame(axis),
        timings=clock.timings,
    )


def bench(
    *, seed: int = 0, n_periods: int = 5, repeat: int = 1, n_indicators: int = 45
) -> dict[str, float]:
    """Time :func:`compute_all` on the synthetic national data set (seconds per step).

    Returns the fastest of ``repeat`` runs per step, plus ``rows`` (observations) and
    ``synthetic`` (time to build the data, not part of the recompute). Every run searches
    the reference groups afresh (the search cache is cleared).
    """
    from .reference import clear_search_cache
    from .synthetic import make_synthetic

    t0 = time.perf_counter()
    data = make_synthetic(
        seed=seed, n_indicators=n_indicators, periods=tuple(range(2025 - n_periods, 2025))
    )
    built = time.perf_counter() - t0
    best: dict[str, float] = {}
    for _ in range(max(repeat, 1)):
        clear_search_cache()
        result = compute_all(data.areas, data.observations, data.indicators, profile=data.profile)
        for name, seconds in result.timings.items():
            best[name] = min(seconds, best.get(name, float("inf")))
    best["synthetic"] = built
    best["rows"] = float(data.observations.height)
    return best

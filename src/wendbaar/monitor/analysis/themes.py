"""Theme scores as transparent composites of indicator z-scores.

score(theme, area, period) = Σ w_i * clip(z_adj_i) / Σ w_i over the theme's non-neutral
indicators that have a value for the area, where z_adj is the polarity-adjusted z-score
(higher = better, see :mod:`.ranks`) and w_i the indicator weight. A score is only given
when at least ``min_indicators`` indicators are present. ``z_clip`` (default 3) caps single
extreme values (small buurten) so one indicator cannot dominate; the clipped value is
shown. The same weights give ``position``, the weighted mean of indicator positions
(0-100, 100 = best), which reads more easily than z and is used for urgency.

``contributions`` has one row per theme x indicator x area x period with the numbers that
add up to the score (``contribution`` sums to ``score``) so the UI can show "why".

Figures arrive at different times (benefits of 2023, WOZ of 2024, crime of 2025), so a
theme score of period P may use each indicator's latest period within ``window`` years
up to P (``window=1``: only P itself). ``source_period`` in ``contributions`` says which
period each part came from; a theme has periods only where one of its indicators was
measured. An indicator's position is always a position among the areas of its own
period, so parts from different years are each on the same 0-100 scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ._grid import (
    Axis,
    Columns,
    axis_from_frame,
    grid_from_long,
    indicator_dtype,
    select,
)
from .contracts import LEVEL_ENUM, THEME_ENUM, THEMES
from .urgency import ThemeSlice

_THEMES = pl.Series(list(THEMES), dtype=THEME_ENUM)


@dataclass(frozen=True)
class ThemeScores:
    """``scores``: theme, area, level, period, score, position, n_indicators,
    n_theme_indicators, total_weight. ``contributions``: theme, indicator, area, level,
    period, source_period, weight, z_adj, z_used, position, weight_share, contribution."""

    scores: pl.DataFrame
    contributions: pl.DataFrame


def theme_scores(
    ranks: pl.DataFrame,
    indicators: pl.DataFrame,
    *,
    min_indicators: int = 2,
    z_clip: float | None = 3.0,
    window: int = 1,
    min_coverage: float = 0.0,
) -> ThemeScores:
    """Weighted mean of polarity-adjusted z-scores per theme, with per-indicator parts.

    ``scores`` is sorted by theme, area, period; ``contributions`` by theme, indicator,
    period, area.
    """
    axis = axis_from_frame(ranks)
    grid = grid_from_long(ranks, axis, indicator_dtype(ranks, indicators), value="z_adj")
    return themes_from_grid(
        axis,
        grid.columns,
        grid.values,
        grid.matrix(ranks["position"]),
        indicators,
        min_indicators=min_indicators,
        z_clip=z_clip,
        window=window,
        min_coverage=min_coverage,
    )


def theme_pairs(indicators: pl.DataFrame) -> pl.DataFrame:
    """theme, indicator (str), weight of the non-neutral indicators with a weight."""
    return (
        indicators.filter((pl.col("polarity") != 0) & (pl.col("weight") > 0))
        .select(indicator=pl.col("code").cast(pl.String), theme="themes", weight="weight")
        .explode("theme")
        .drop_nulls("theme")
    )


@dataclass(frozen=True)
class ThemeMatrices:
    """Theme scores and contributions as (slot | group, area) matrices.

    A *slot* is one theme x indicator x period that has data, a *group* one theme x period;
    slots are sorted by theme (catalogue order), period and indicator, so the slots of a
    group are one contiguous run starting at ``starts[group]``.
    """

    axis: Axis
    dtype: pl.Enum  # indicators
    slot_group: np.ndarray  # (S,) the slot's group
    slot_indicator: np.ndarray  # (S,) physical value in ``dtype``
    slot_weight: np.ndarray  # (S,)
    slot_period: np.ndarray  # (S,) the period the slot's figures are of
    group_theme: np.ndarray  # (G,) index into THEMES
    group_period: np.ndarray  # (G,)
    starts: np.ndarray  # (G,) first slot of each group
    z: np.ndarray  # (S, A) z_adj, NaN = no value
    z_used: np.ndarray
    position: np.ndarray
    share: np.ndarray  # weight share within the theme
    contributes: np.ndarray  # bool: value present and the theme has a score
    total: np.ndarray  # (G, A) total weight of the present indicators
    count: np.ndarray  # (G, A) number of present indicators
    scored: np.ndarray  # (G, A) bool: count >= min_indicators
    score: np.ndarray
    mean_position: np.ndarray
    n_theme_indicators: dict[int, int]  # theme index -> its indicators in the catalogue

    def frames(self) -> ThemeScores:
        """The long ``scores`` (theme, area, period order) and ``contributions`` (theme,
        period, indicator, area order) frames."""
        cells = select(self.contributes)
        categories = pl.Series(self.dtype.categories).cast(self.dtype)
        keys = pl.DataFrame(
            {
                "theme": _THEMES.gather(cells.per_row(self.group_theme[self.slot_group])),
                "indicator": categories.gather(cells.per_row(self.slot_indicator)),
                "area": self.axis.area(cells.areas),
                "level": self.axis.level_series(cells.areas),
                "period": cells.per_row(self.group_period[self.slot_group]),
                "source_period": cells.per_row(self.slot_period),
                "weight": cells.per_row(self.slot_weight),
            }
        )
        values = cells.frame(
            {"position": self.position, "weight_share": self.share},
            # a contributing cell has a z-score: no NaN to turn into null
            {"z_adj": self.z, "z_used": self.z_used},
        )
        contributions = pl.concat([keys, values], how="horizontal").select(
            *keys.columns,
            "z_adj",
            "z_used",
            "position",
            "weight_share",
            contribution=pl.col("weight_share") * pl.col("z_used"),
        )
        parts = []
        n_areas = self.axis.n
        for theme in np.unique(self.group_theme):  # one step per theme: area, period order
            groups = np.flatnonzero(self.group_theme == theme)  # periods ascending
            cells = select(self.scored[groups].T)  # area x period of this theme
            areas = cells.rows
            flat = pl.Series(groups).gather(cells.areas) * n_areas + areas

            def take(values: np.ndarray, flat: pl.Series = flat) -> pl.Series:
                return pl.Series(values.reshape(-1)).gather(flat)

            parts.append(
                pl.DataFrame(
                    {
                        "theme": _THEMES.gather(pl.repeat(int(theme), areas.len(), eager=True)),
                        "area": self.axis.area(areas),
                        "level": self.axis.level_series(areas),
                        "period": pl.Series(self.group_period[groups]).gather(cells.areas),
                        "score": take(self.score).fill_nan(None),
                        "position": take(self.mean_position).fill_nan(None),
                        "n_indicators": take(self.count).cast(pl.Int32),
                        "n_theme_indicators": pl.repeat(
                            self.n_theme_indicators.get(int(theme), 0),
                            areas.len(),
                            dtype=pl.Int32,
                            eager=True,
                        ),
                        "total_weight": take(self.total).fill_nan(None),
                    }
                )
            )
        return ThemeScores(scores=pl.concat(parts), contributions=contributions)

    def at(self, period: int | None, *, scored_only: bool = False) -> ThemeSlice:
        """The matrices of one period, for :func:`.urgency.urgency_from_slice`.

        ``scored_only``: only the themes with a score and the theme x indicator pairs
        with a contribution somewhere, exactly the slice :func:`.urgency.theme_slice`
        makes of the long frames (a mean over eight themes is summed in another order
        than over seven, so an empty theme changes the last bit).
        """
        groups = np.flatnonzero(self.group_period == period)
        if scored_only:
            groups = groups[self.scored[groups].any(axis=1)]
        slots = np.flatnonzero(np.isin(self.slot_group, groups))
        if scored_only:
            slots = slots[self.contributes[slots].any(axis=1)]
        return ThemeSlice(
            axis=self.axis,
            period=int(period) if period is not None else 0,
            themes=self.group_theme[groups],
            position=np.where(self.scored[groups], self.mean_position[groups], np.nan),
            total_weight=self.total[groups],
            pair_theme=self.group_theme[self.slot_group[slots]],
            pair_indicator=self.slot_indicator[slots],
            pair_weight=self.slot_weight[slots],
            share=np.where(self.contributes[slots], self.share[slots], np.nan),
            pair_position=self.position[slots],
            indicator_dtype=self.dtype,
        )


def themes_from_grid(
    axis: Axis,
    columns: Columns,
    z_adj: np.ndarray,
    position: np.ndarray,
    indicators: pl.DataFrame,
    *,
    min_indicators: int = 2,
    z_clip: float | None = 3.0,
    window: int = 1,
    min_coverage: float = 0.0,
) -> ThemeScores:
    """:func:`theme_scores` on (columns, areas) matrices of z_adj and position."""
    matrices = theme_matrices(
        axis,
        columns,
        z_adj,
        position,
        indicators,
        min_indicators=min_indicators,
        z_clip=z_clip,
        window=window,
        min_coverage=min_coverage,
    )
    if matrices is None:
        return empty_theme_scores(columns.dtype, axis.dtype)
    return matrices.frames()


def theme_matrices(
    axis: Axis,
    columns: Columns,
    z_adj: np.ndarray,
    position: np.ndarray,
    indicators: pl.DataFrame,
    *,
    min_indicators: int = 2,
    z_clip: float | None = 3.0,
    window: int = 1,
    min_coverage: float = 0.0,
) -> ThemeMatrices | None:
    """The theme matrices (None when no indicator of any theme has data).

    ``min_coverage``: a column (indicator x period) counts at a level only where it has
    values in at least that share of the gemeenten the best-covered column of the level
    reaches. A figure measured in one gemeente ranks its buurten among themselves; set
    beside national positions it would mix two scales.
    """
    pairs = theme_pairs(indicators)
    n_theme = pairs.group_by("theme").len()
    n_theme = {THEMES.index(t): n for t, n in zip(n_theme["theme"], n_theme["len"], strict=True)}
    index = {c: i for i, c in enumerate(columns.dtype.categories)}
    weights = {
        (THEMES.index(t), index[i]): w
        for t, i, w in pairs.select("theme", "indicator", "weight").iter_rows()
        if i in index
    }
    slots = sorted(_slots(columns, weights, max(int(window), 1)))
    if not slots:
        return None
    theme = np.array([s[0] for s in slots])
    period = np.array([s[1] for s in slots])
    ind = np.array([s[2] for s in slots])
    rows = np.array([s[3] for s in slots])
    weight = np.array([s[4] for s in slots], dtype=np.float64)
    source_period = columns.period[rows]
    new_group = np.r_[True, (theme[1:] != theme[:-1]) | (period[1:] != period[:-1])]
    starts = np.flatnonzero(new_group)
    group = np.cumsum(new_group) - 1
    # few full-size temporaries: every large NumPy allocation costs fresh pages
    z = z_adj[rows]
    pos = position[rows]
    if min_coverage > 0:
        thin = _thin_columns(axis, z_adj, rows, min_coverage)  # (S, A) bool
        z = np.where(thin, np.nan, z)
        pos = np.where(thin, np.nan, pos)
    absent = np.isnan(z)
    present = ~absent
    z_used = z if z_clip is None else np.clip(z, -z_clip, z_clip)
    share = np.multiply(present, weight[:, None])  # the weights of the present values
    total = np.add.reduceat(share, starts, axis=0)  # group x area
    count = np.add.reduceat(present, starts, axis=0, dtype=np.int32)
    scored = count >= min_indicators
    ends = np.r_[starts[1:], len(slots)]
    with np.errstate(invalid="ignore", divide="ignore"):
        for g, (start, end) in enumerate(zip(starts, ends, strict=True)):
            np.divide(share[start:end], total[g], out=share[start:end])
    np.copyto(share, np.nan, where=absent)
    part = np.multiply(share, z_used)
    np.copyto(part, 0.0, where=absent)
    score = np.add.reduceat(part, starts, axis=0)
    np.multiply(share, pos, out=part)
    np.copyto(part, 0.0, where=absent)
    mean_position = np.add.reduceat(part, starts, axis=0)
    del part
    return ThemeMatrices(
        axis=axis,
        dtype=columns.dtype,
        slot_group=group,
        slot_indicator=ind,
        slot_weight=weight,
        slot_period=source_period,
        group_theme=theme[starts],
        group_period=period[starts],
        starts=starts,
        z=z,
        z_used=z_used,
        position=pos,
        share=share,
        contributes=present & scored[group],
        total=total,
        count=count,
        scored=scored,
        score=score,
        mean_position=mean_position,
        n_theme_indicators=n_theme,
    )


def _thin_columns(
    axis: Axis, z_adj: np.ndarray, rows: np.ndarray, min_coverage: float
) -> np.ndarray:
    """(slot, area) True where the slot's column covers too few gemeenten at the area's
    level (see ``min_coverage``)."""
    unique_rows, slot_of = np.unique(rows, return_inverse=True)
    thin_by_row = np.zeros((unique_rows.size, axis.n), dtype=bool)
    # without the hierarchy (a long frame that lacks it) each area counts as its own
    gemeente = np.where(axis.municipality < 0, axis.n + np.arange(axis.n), axis.municipality)
    for level in np.unique(axis.level[axis.level >= 0]):
        members = axis.level == level
        reach = np.array(
            [
                np.unique(gemeente[members & ~np.isnan(z_adj[row])]).size
                for row in unique_rows  # one step per column: a few dozen
            ]
        )
        if reach.max(initial=0) == 0:
            continue
        thin = reach < min_coverage * reach.max()
        thin_by_row[np.ix_(thin, members)] = True
    return thin_by_row[slot_of]


def _slots(
    columns: Columns, weights: dict[tuple[int, int], float], window: int
) -> list[tuple[int, int, int, int, float]]:
    """(theme, period, indicator, row, weight): one slot per theme x period x indicator.

    A theme's periods are those in which one of its indicators has a column; in each, an
    indicator takes its latest column of the ``window`` years up to that period.
    """
    rows_of: dict[int, list[int]] = {}
    for row in np.argsort(columns.period, kind="stable"):  # oldest first
        rows_of.setdefault(int(columns.indicator[row]), []).append(int(row))
    by_theme: dict[int, list[tuple[int, float]]] = {}
    for (theme, ind), w in weights.items():
        by_theme.setdefault(theme, []).append((ind, w))
    out = []
    for theme, members in by_theme.items():
        periods = {int(columns.period[r]) for ind, _ in members for r in rows_of.get(ind, [])}
        for period in periods:
            for ind, w in members:
                chosen = [
                    r for r in rows_of.get(ind, []) if period - window < columns.period[r] <= period
                ]
                if chosen:
                    out.append((theme, period, ind, chosen[-1], w))
    return out


def empty_theme_scores(indicator: pl.DataType, area: pl.DataType) -> ThemeScores:
    f, i32 = pl.Float64, pl.Int32
    scores = pl.DataFrame(
        schema={
            "theme": THEME_ENUM,
            "area": area,
            "level": LEVEL_ENUM,
            "period": pl.Int64,
            "score": f,
            "position": f,
            "n_indicators": i32,
            "n_theme_indicators": i32,
            "total_weight": f,
        }
    )
    contributions = pl.DataFrame(
        schema={
            "theme": THEME_ENUM,
            "indicator": indicator,
            "area": area,
            "level": LEVEL_ENUM,
            "period": pl.Int64,
            "source_period": pl.Int64,
            "weight": f,
            "z_adj": f,
            "z_used": f,
            "position": f,
            "weight_share": f,
            "contribution": f,
        }
    )
    return ThemeScores(scores=scores, contributions=contributions)

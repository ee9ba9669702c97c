"""National percentile ranks, positions and z-scores per indicator x period x level.

Definitions (all computed over the areas of one level nationwide, null values excluded):

* ``percentile`` = 100 * (r - 1) / (n - 1), with r the rank of the value, ties averaged,
  among the n areas with a value. It is the share of the *other* areas with a lower value
  (ties count half): 0 = lowest, 100 = highest, 50 when n = 1. It depends only on the
  order of the values, so it is invariant to strictly increasing transformations, and
  100 - percentile is the percentile of the negated values.
* ``position`` = percentile for polarity +1, 100 - percentile for polarity -1 (100 = best),
  null for neutral indicators.
* ``z`` = (value - mean) / sd with the *population* standard deviation (ddof = 0), so the
  z-scores of a group have mean 0 and sd 1 exactly; z = 0 when all values are equal.
  ``z_adj`` = polarity * z (higher = better), null for neutral indicators.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ._grid import (
    Axis,
    Columns,
    average_ranks,
    axis_from_frame,
    grid_from_long,
    indicator_dtype,
    member_index,
    polarity_of,
    select,
)
from .contracts import LEVELS


@dataclass(frozen=True)
class RankGrid:
    """The ranks as (columns, areas) matrices; NaN / 0 where an area has no value."""

    axis: Axis
    columns: Columns
    value: np.ndarray
    n: np.ndarray  # int32
    percentile: np.ndarray
    z: np.ndarray
    position: np.ndarray  # NaN for neutral indicators
    z_adj: np.ndarray  # NaN for neutral indicators

    @property
    def present(self) -> np.ndarray:
        return ~np.isnan(self.value)

    def frame(self) -> pl.DataFrame:
        """The long ``ranks`` frame (see :func:`rank_areas`), in indicator, period, area order."""
        cells = select(self.present)
        keys = pl.DataFrame(
            {
                "indicator": self.columns.indicators(cells.rows),
                "period": self.columns.periods(cells.rows),
                "level": self.axis.level_series(cells.areas),
                "area": self.axis.area(cells.areas),
            }
        )
        values = cells.frame(
            {
                "percentile": self.percentile,
                "z": self.z,
                "position": self.position,
                "z_adj": self.z_adj,
            },
            {"n": self.n, "value": self.value},  # every selected cell has a value
        )
        return pl.concat([keys, values], how="horizontal").select(
            "indicator",
            "period",
            "level",
            "area",
            "value",
            "n",
            "percentile",
            "z",
            "position",
            "z_adj",
        )


def rank_grid(axis: Axis, columns: Columns, values: np.ndarray, polarity: np.ndarray) -> RankGrid:
    """Ranks of a (columns, areas) value matrix; ``polarity`` per column (+1, -1, 0).

    Written in place into preallocated matrices: every large temporary costs fresh memory.
    """
    shape = values.shape
    percentile = np.full(shape, np.nan)
    z = np.full(shape, np.nan)
    n = np.zeros(shape, dtype=np.int32)
    for level in range(len(LEVELS)):
        members = axis.members(LEVELS[level])
        if not members.size or not shape[0]:
            continue
        at = member_index(members)
        sub = values[:, at]
        present = ~np.isnan(sub)
        count = np.count_nonzero(present, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ranks = average_ranks(sub)
            np.multiply(ranks, 100.0, out=ranks)
            np.divide(ranks, (count - 1)[:, None], out=ranks)
            ranks[count == 1] = np.where(present[count == 1], 50.0, np.nan)
            percentile[:, at] = ranks
            del ranks
            # z: deviations first (they give the sd), then divided in place
            # as np.nansum (zeros for NaN, then a sum), without its copy and NaN test
            mean = np.where(present, sub, 0.0).sum(axis=1) / count
            dev = sub - mean[:, None]
            squares = dev * dev
            np.copyto(squares, 0.0, where=np.isnan(squares))
            sd = np.sqrt(squares.sum(axis=1) / count)
            del squares
            if sub.shape[1]:  # equal values: exactly no spread, whatever the rounding
                sd[np.fmin.reduce(sub, axis=1) == np.fmax.reduce(sub, axis=1)] = 0.0
            np.divide(dev, sd[:, None], out=dev)
            dev[sd == 0] = np.where(present[sd == 0], 0.0, np.nan)
            z[:, at] = dev
        n[:, at] = present * count[:, None].astype(np.int32)
    position = percentile.copy()
    position[polarity < 0] = 100.0 - percentile[polarity < 0]
    position[polarity == 0] = np.nan
    z_adj = z * polarity[:, None]
    z_adj[polarity == 0] = np.nan
    return RankGrid(
        axis=axis,
        columns=columns,
        value=values,
        n=n,
        percentile=percentile,
        z=z,
        position=position,
        z_adj=z_adj,
    )


def rank_areas(obs_areas: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    """Percentile rank, position and z-score of every observed value.

    ``obs_areas``: :func:`.contracts.observations_with_areas` output (needs ``indicator,
    area, period, value, level``). Returns ``indicator, period, level, area, value, n,
    percentile, z, position, z_adj`` for the rows with a value, in indicator, period, area
    order.
    """
    known = obs_areas.filter(
        pl.col("indicator").cast(pl.String).is_in(indicators["code"].cast(pl.String).implode())
    )
    axis = axis_from_frame(known)
    grid = grid_from_long(known, axis, indicator_dtype(obs_areas, indicators))
    return rank_grid(axis, grid.columns, grid.values, polarity_of(grid.columns, indicators)).frame()

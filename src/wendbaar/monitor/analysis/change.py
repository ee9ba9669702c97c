"""Change over time, and change compared with a reference group.

The *previous period* of an indicator is the latest earlier period in which that indicator
was measured anywhere (e.g. 2020 → 2022 for a two-yearly survey). An area without a value
in that period gets no change: we do not reach further back, so that an area and its peers
always compare changes over the same interval.

Against a reference group (peers from :mod:`.reference`): ``peer_mean_change`` is the mean
of the peers' changes over the same interval, ``peer_sd_change`` their *sample* standard
deviation (ddof = 1, the peers are a sample of comparable areas), ``excess_change`` = change
- peer mean, ``excess_z`` = excess_change / peer_sd_change and ``excess_z_adj`` = polarity *
excess_z (negative = the area moved worse than its peers). Peer statistics need at least
``min_peers`` peers with a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from ._grid import (
    Axis,
    Columns,
    axis_from_frame,
    float_series,
    gather_rows,
    grid_from_long,
    indicator_dtype,
    polarity_of,
    select,
    values_of,
)
from ._peers import PeerMatrix, peer_blocks, peer_matrix
from .ranks import RankGrid


@dataclass(frozen=True)
class PeerChange:
    """Peer statistics per (columns, areas) cell: count of peers with a change, their mean
    and sample sd (NaN below ``min_peers``)."""

    count: np.ndarray  # int32
    mean: np.ndarray
    sd: np.ndarray


@dataclass(frozen=True)
class ChangeGrid:
    """Changes as (columns, areas) matrices; ``present`` marks the cells with a change."""

    axis: Axis
    columns: Columns
    previous: np.ndarray  # per matrix row: the row of the previous period, -1 none
    value: np.ndarray
    previous_value: np.ndarray
    position: np.ndarray
    previous_position: np.ndarray
    present: np.ndarray

    @cached_property
    def change(self) -> np.ndarray:
        out = np.subtract(self.value, self.previous_value)
        np.copyto(out, np.nan, where=~self.present)
        return out

    @property
    def previous_period(self) -> np.ndarray:
        """Per matrix row: the previous period, -1 when there is none."""
        return np.where(self.previous >= 0, self.columns.period[self.previous], -1)

    def warning_matrices(
        self, peers: PeerChange | None, polarity: np.ndarray | None
    ) -> dict[str, np.ndarray]:
        """The matrices :func:`.warnings.warnings_from_matrices` reads."""
        change = self.change
        shape = change.shape
        out = {
            "value": self.value,
            "previous_value": self.previous_value,
            "change": change,
            "position": self.position,
            "previous_position": self.previous_position,
            "previous_period": self.previous_period,
        }
        if peers is None:
            nan = np.full(shape, np.nan)
            return out | {
                "peer_mean_change": nan,
                "peer_sd_change": nan,
                "n_peers": nan,
                "excess_z_adj": nan,
            }
        pol = np.zeros(shape[0]) if polarity is None else polarity
        # only rows with a previous period have changes (the rest stays NaN, as
        # NaN / NaN would give): a third of the national matrix rows
        rows = np.flatnonzero((self.previous >= 0) & (pol != 0))
        excess_z_adj = np.full(shape, np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = peers.sd[rows]
            excess_z = np.where(sd > 0, (change[rows] - peers.mean[rows]) / sd, np.nan)
        excess_z_adj[rows] = excess_z * pol[rows][:, None]
        return out | {
            "peer_mean_change": peers.mean,
            "peer_sd_change": peers.sd,
            "n_peers": peers.count,
            "excess_z_adj": excess_z_adj,
        }

    def frame(
        self, peers: PeerChange | None = None, polarity: np.ndarray | None = None
    ) -> pl.DataFrame:
        """The long frame of :func:`changes` (with ``peers``: of :func:`change_vs_peers`),
        in indicator, period, area order."""
        cells = select(self.present)
        rows = cells.rows
        value, previous = pl.col("value"), pl.col("previous_value")
        change = value - previous
        floats = {"position": self.position, "previous_position": self.previous_position}
        # both values are present in every selected cell: no NaN to turn into null
        raw = {"value": self.value, "previous_value": self.previous_value}
        if peers is not None:
            floats |= {"peer_mean_change": peers.mean, "peer_sd_change": peers.sd}
            raw["n_peers"] = peers.count
        keys = pl.DataFrame(
            {
                "indicator": self.columns.indicators(rows),
                "area": self.axis.area(cells.areas),
                "level": self.axis.level_series(cells.areas),
                "period": self.columns.periods(rows),
                "previous_period": cells.per_row(self.previous_period),
            }
        )
        frame = pl.concat([keys, cells.frame(floats, raw)], how="horizontal").with_columns(
            change=change,
            relative_change=pl.when(previous != 0).then(change / previous.abs()),
            position_change=pl.col("position") - pl.col("previous_position"),
        )
        columns = [
            "indicator",
            "area",
            "level",
            "period",
            "previous_period",
            "value",
            "previous_value",
            "change",
            "relative_change",
            "position",
            "previous_position",
            "position_change",
        ]
        if peers is None:
            return frame.select(columns)
        pol = np.zeros(self.columns.n) if polarity is None else polarity
        excess = pl.col("change") - pl.col("peer_mean_change")
        excess_z = pl.when(pl.col("peer_sd_change") > 0).then(excess / pl.col("peer_sd_change"))
        return (
            frame.with_columns(_polarity=cells.per_row(pol.astype(np.float64)))
            .with_columns(excess_change=excess, excess_z=excess_z)
            .with_columns(
                excess_z_adj=pl.when(pl.col("_polarity") != 0).then(
                    pl.col("excess_z") * pl.col("_polarity")
                )
            )
            .select(
                *columns,
                "n_peers",
                "peer_mean_change",
                "peer_sd_change",
                "excess_change",
                "excess_z",
                "excess_z_adj",
            )
        )


def change_grid(ranks: RankGrid) -> ChangeGrid:
    """Changes against each indicator's previous period, from the rank matrices."""
    present = ranks.present
    previous = ranks.columns.previous(present.any(axis=1))
    previous_value = gather_rows(ranks.value, previous)
    return ChangeGrid(
        axis=ranks.axis,
        columns=ranks.columns,
        previous=previous,
        value=ranks.value,
        previous_value=previous_value,
        position=ranks.position,
        previous_position=gather_rows(ranks.position, previous),
        present=present & ~np.isnan(previous_value),
    )


def peer_change(
    change: np.ndarray, index: PeerMatrix, *, min_peers: int = 5, rows: np.ndarray | None = None
) -> PeerChange:
    """Count, mean and sample sd of the peers' changes for every cell of ``change`` (of
    the matrix ``rows`` only, when given: rows without any change can be skipped)."""
    rows = np.arange(change.shape[0]) if rows is None else rows
    members = index.members
    # members x rows, block by block; written into the full matrices one row at a time at
    # the end (a fancy-indexed write per block cost three times the statistics)
    shape = (members.size, rows.size)
    count, mean, sd = np.zeros(shape, dtype=np.int32), np.empty(shape), np.empty(shape)
    for at, values, present in peer_blocks(change, index, rows):
        c = present.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = values.sum(axis=1) / c
            dev = values - m[:, None, :]
            dev *= present
            s = np.sqrt(np.einsum("akr,akr->ar", dev, dev) / (c - 1))
        ok = c >= min_peers
        count[at] = c
        mean[at] = np.where(ok, m, np.nan)
        sd[at] = np.where(ok, s, np.nan)
    full_count = np.zeros(change.shape, dtype=np.int32)
    full_mean = np.full(change.shape, np.nan)
    full_sd = np.full(change.shape, np.nan)
    for j, row in enumerate(rows):
        full_count[row, members] = count[:, j]
        full_mean[row, members] = mean[:, j]
        full_sd[row, members] = sd[:, j]
    return PeerChange(count=full_count, mean=full_mean, sd=full_sd)


def changes(ranks: pl.DataFrame) -> pl.DataFrame:
    """Change per indicator x area x period against the indicator's previous period.

    ``ranks``: :func:`.ranks.rank_areas` output. Returns ``indicator, area, level, period,
    previous_period, value, previous_value, change, relative_change, position,
    previous_position, position_change`` for rows that have a previous period with a value,
    in indicator, period, area order. ``relative_change`` = change / |previous value| (null
    when the previous value is 0).
    """
    return change_grid(_rank_grid(ranks)).frame()


def _rank_grid(ranks: pl.DataFrame) -> RankGrid:
    axis = axis_from_frame(ranks)
    grid = grid_from_long(ranks, axis, indicator_dtype(ranks))
    empty = np.full(grid.values.shape, np.nan)
    return RankGrid(
        axis=axis,
        columns=grid.columns,
        value=grid.values,
        n=np.zeros(grid.values.shape, dtype=np.int32),
        percentile=empty,
        z=empty,
        position=grid.matrix(ranks["position"]),
        z_adj=empty,
    )


def change_vs_peers(
    change_frame: pl.DataFrame,
    peers: pl.DataFrame,
    indicators: pl.DataFrame,
    *,
    min_peers: int = 5,
) -> pl.DataFrame:
    """Each area's change next to the mean and spread of its peers' changes.

    ``change_frame``: :func:`changes` output; ``peers``: ``area, peer, rank`` from
    :func:`.reference.reference_groups`. Returns every change row (in the given order) with
    ``n_peers, peer_mean_change, peer_sd_change, excess_change, excess_z, excess_z_adj``
    added (null when the area has no reference group or fewer than ``min_peers`` peers
    have a change).
    """
    axis = axis_from_frame(change_frame)
    grid = grid_from_long(change_frame, axis, indicator_dtype(change_frame), value="change")
    stats = peer_change(grid.values, peer_matrix(peers, axis), min_peers=min_peers)
    cells = grid.cells
    row = cells.row
    polarity = polarity_of(grid.columns, indicators)
    pol = polarity[np.where(row >= 0, row, 0)] if polarity.size else np.zeros(row.size)
    pol = np.where(row >= 0, pol, 0.0)
    change = values_of(change_frame["change"])
    mean = cells.lookup(stats.mean)
    sd = cells.lookup(stats.sd)
    excess = change - mean
    with np.errstate(invalid="ignore", divide="ignore"):
        excess_z = np.where(sd > 0, excess / sd, np.nan)
    return change_frame.with_columns(
        n_peers=pl.Series(cells.lookup(stats.count, 0).astype(np.int32)),
        peer_mean_change=float_series(mean),
        peer_sd_change=float_series(sd),
        excess_change=float_series(excess),
        excess_z=float_series(excess_z),
        excess_z_adj=float_series(np.where(pol != 0, excess_z * pol, np.nan)),
    )

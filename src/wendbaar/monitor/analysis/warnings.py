"""Early warnings (signals of decline) and levers (signs of an upward spiral).

Rules, evaluated per indicator x area x period against the indicator's previous period
(see :mod:`.change`); neutral indicators never trigger:

``entered_weakest_fifth`` (warning)
    position < ``weakest`` (default 20) now and >= ``weakest`` in the previous period.
``left_weakest_fifth`` (lever)
    position >= ``weakest`` now and < ``weakest`` in the previous period.
``worse_than_peers`` (warning)
    polarity-adjusted excess change < -``peer_threshold`` (default 2.0), i.e. the area
    moved worse than its reference group's mean change by more than ``peer_threshold``
    standard deviations of the peers' changes.
``better_than_peers`` (lever)
    the same quantity > ``peer_threshold``.

``score`` is the number that triggered the rule (the current position, or the
polarity-adjusted excess z) and ``threshold`` the bound it crossed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from ._grid import (
    Axis,
    Columns,
    axis_from_frame,
    cells_of,
    grid_from_long,
    indicator_dtype,
)
from .contracts import LEVELS, NEIGHBOURHOOD

COLUMNS = (
    "kind",
    "rule",
    "indicator",
    "area",
    "level",
    "period",
    "previous_period",
    "value",
    "previous_value",
    "change",
    "position",
    "previous_position",
    "peer_mean_change",
    "peer_sd_change",
    "n_peers",
    "score",
    "threshold",
)
# kind, rule, scored on the position (else on the excess z)
RULES = (
    ("warning", "entered_weakest_fifth", True),
    ("lever", "left_weakest_fifth", True),
    ("warning", "worse_than_peers", False),
    ("lever", "better_than_peers", False),
)
# position of each rule in name order (rows of one cell are sorted by rule name)
RULE_ORDER = np.argsort(np.argsort([r[1] for r in RULES]))
# columns of a change frame the rules read or show (absent peer columns: null)
INPUTS = (
    "value",
    "previous_value",
    "change",
    "position",
    "previous_position",
    "peer_mean_change",
    "peer_sd_change",
    "n_peers",
    "excess_z_adj",
)


def early_warnings(
    change_frame: pl.DataFrame,
    *,
    weakest: float = 20.0,
    peer_threshold: float = 2.0,
    levels: Sequence[str] = (NEIGHBOURHOOD,),
) -> pl.DataFrame:
    """Warning and lever rows (schema: :data:`COLUMNS`), sorted by period, area,
    indicator, rule.

    ``change_frame`` is :func:`.change.change_vs_peers` output; a plain
    :func:`.change.changes` frame also works (then only the weakest-fifth rules fire).
    """
    axis = axis_from_frame(change_frame)
    grid = grid_from_long(change_frame, axis, indicator_dtype(change_frame))
    shape = grid.values.shape
    matrices = {
        name: grid.matrix(change_frame[name])
        if name in change_frame.columns
        else np.full(shape, np.nan)
        for name in INPUTS
    }
    previous = grid.matrix(change_frame["previous_period"])
    with np.errstate(invalid="ignore"):
        matrices["previous_period"] = (
            np.nan_to_num(np.nanmax(previous, axis=1), nan=-1).astype(np.int64)
            if shape[1]
            else np.full(shape[0], -1)
        )
    return warnings_from_matrices(
        axis,
        grid.columns,
        grid.observed,
        matrices,
        weakest=weakest,
        peer_threshold=peer_threshold,
        levels=levels,
    )


def warnings_from_matrices(
    axis: Axis,
    columns: Columns,
    present: np.ndarray,
    m: dict[str, np.ndarray],
    *,
    weakest: float = 20.0,
    peer_threshold: float = 2.0,
    levels: Sequence[str] = (NEIGHBOURHOOD,),
) -> pl.DataFrame:
    """:func:`early_warnings` on (columns, areas) matrices of the change frame's columns
    (``previous_period`` per matrix row); ``present`` marks the cells with a change."""
    wanted = [LEVELS.index(level) for level in levels if level in LEVELS]
    base = present & np.isin(axis.level, wanted)[None, :]
    pos, prev, ez = m["position"], m["previous_position"], m["excess_z_adj"]
    with np.errstate(invalid="ignore"):
        fired = [
            (pos < weakest) & (prev >= weakest),
            (pos >= weakest) & (prev < weakest),
            ez < -peer_threshold,
            ez > peer_threshold,
        ]
    flats = [np.flatnonzero(base & condition) for condition in fired]
    rule = np.concatenate([np.full(f.size, i) for i, f in enumerate(flats)])
    flat = np.concatenate(flats)
    rows = flat // max(axis.n, 1)
    # sorted by period, area, indicator, rule name: one integer key
    periods = np.unique(columns.period)
    n_ind = max(len(columns.dtype.categories), 1)
    key = np.searchsorted(periods, columns.period[rows]) * axis.n + (flat - rows * axis.n)
    key = (key * n_ind + columns.indicator[rows]) * len(RULES) + RULE_ORDER[rule]
    order = np.argsort(key, kind="stable")
    cells = cells_of(flat[order], axis.n)
    rule = pl.Series(rule[order])
    kinds = pl.Series([r[0] for r in RULES], dtype=pl.String)
    names = pl.Series([r[1] for r in RULES], dtype=pl.String)
    on_position = pl.Series([r[2] for r in RULES]).gather(rule)
    thresholds = pl.Series([weakest, weakest, -peer_threshold, peer_threshold]).gather(rule)
    n_peers = m["n_peers"]
    floats = {
        "value": m["value"],
        "previous_value": m["previous_value"],
        "change": m["change"],
        "position": pos,
        "previous_position": prev,
        "peer_mean_change": m["peer_mean_change"],
        "peer_sd_change": m["peer_sd_change"],
        "_ez": ez,
    }
    if n_peers.dtype.kind == "f":
        floats["n_peers"] = n_peers
        values = cells.frame(floats)
    else:
        values = cells.frame(floats, {"n_peers": n_peers})
    keys = pl.DataFrame(
        {
            "kind": kinds.gather(rule),
            "rule": names.gather(rule),
            "indicator": columns.indicators(cells.rows),
            "area": axis.area(cells.areas),
            "level": axis.level_series(cells.areas),
            "period": columns.periods(cells.rows),
            "previous_period": cells.per_row(m["previous_period"]),
            "_on_position": on_position,
            "threshold": thresholds.cast(pl.Float64),
        }
    )
    return pl.concat([keys, values], how="horizontal").select(
        *COLUMNS[:7],
        "value",
        "previous_value",
        "change",
        "position",
        "previous_position",
        "peer_mean_change",
        "peer_sd_change",
        pl.col("n_peers").cast(pl.Int32),
        score=pl.when("_on_position").then("position").otherwise("_ez"),
        threshold="threshold",
    )

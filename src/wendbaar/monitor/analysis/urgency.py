"""Urgency ranking of the wijken and buurten of a gemeente, with its reasons.

score = mean over themes of the theme *deficit* (100 - theme position, so 0 = best in the
country, 50 = national middle, 100 = worst) + ``warning_points`` x number of warnings in
the period. Both parts are returned, so the UI can say how the score was made. Areas are
ranked within their gemeente and level (wijken among wijken, buurten among buurten);
rank 1 = most urgent, equal scores in area code order. Areas with fewer than
``min_themes`` theme scores are left out.

``reasons`` lists, per area, the ``top_n`` themes with the largest deficit (equal deficits
in theme name order), the ``top_n`` indicators with the largest weighted deficit (weight
share within the theme x (100 - position), summed over the theme(s) the indicator belongs
to; the theme named is the one where it weighs most, the first in catalogue order on a
tie; equal deficits in indicator code order) among the indicators where the area is in
the weaker half (position below 50: a strong position is no reason for urgency), every
warning, and apart from them every lever (kind "lever": an upward signal), as data the UI
can render as a sentence ("Buurt X: veiligheid (positie 12) ...").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from ._grid import (
    Axis,
    axis_from_frame,
    float_series,
    indicator_dtype,
    position_expr,
    positions,
    values_of,
)
from .contracts import DISTRICT, LEVEL_ENUM, NEIGHBOURHOOD, THEMES

REASON_RULES = ("entered_weakest_fifth", "worse_than_peers")
LEVER_RULES = ("left_weakest_fifth", "better_than_peers")


@dataclass(frozen=True)
class Urgency:
    """``ranking``: municipality_code, level, area, period, urgency_rank, score,
    mean_deficit, n_themes, n_warnings, n_levers, warning_points.
    ``reasons``: municipality_code, level, area, period, kind ("indicator" | "lever" |
    "theme" | "warning"), order, theme, indicator, rule, position, deficit, weight."""

    ranking: pl.DataFrame
    reasons: pl.DataFrame


@dataclass(frozen=True)
class ThemeSlice:
    """Theme scores and contributions of one period as (theme | pair, area) matrices."""

    axis: Axis
    period: int
    themes: np.ndarray  # (T,) index into THEMES
    position: np.ndarray  # (T, areas) theme position, NaN where there is no score
    total_weight: np.ndarray  # (T, areas)
    pair_theme: np.ndarray  # (Q,) index into THEMES
    pair_indicator: np.ndarray  # (Q,) physical value in indicator_dtype
    pair_weight: np.ndarray  # (Q,)
    share: np.ndarray  # (Q, areas) weight share, NaN where the pair does not contribute
    pair_position: np.ndarray  # (Q, areas) the indicator's position
    indicator_dtype: pl.Enum


def urgency_ranking(
    areas: pl.DataFrame,
    theme_scores: pl.DataFrame,
    contributions: pl.DataFrame,
    warnings: pl.DataFrame,
    *,
    municipality_code: str | None = None,
    period: int | None = None,
    levels: Sequence[str] = (DISTRICT, NEIGHBOURHOOD),
    warning_points: float = 5.0,
    top_n: int = 3,
    min_themes: int = 1,
) -> Urgency:
    """Rank the areas of one gemeente (or all gemeenten when ``municipality_code`` is None).

    ``period`` defaults to the latest period with theme scores.
    """
    if period is None:
        period = int(theme_scores["period"].max())
    return urgency_from_slice(
        areas,
        theme_slice(theme_scores, contributions, period),
        warnings,
        municipality_code=municipality_code,
        levels=levels,
        warning_points=warning_points,
        top_n=top_n,
        min_themes=min_themes,
    )


def theme_slice(theme_scores: pl.DataFrame, contributions: pl.DataFrame, period: int) -> ThemeSlice:
    """The matrices of one period from the long ``scores`` and ``contributions`` frames."""
    scores = theme_scores.filter(pl.col("period") == period)
    parts = contributions.filter(pl.col("period") == period)
    axis = axis_from_frame(scores)
    area_dtype = axis.dtype
    theme_index = {t: i for i, t in enumerate(THEMES)}
    s_theme = np.array([theme_index[t] for t in scores["theme"].cast(pl.String).to_list()], int)
    s_area = positions(scores["area"], area_dtype)
    themes = np.unique(s_theme)
    t_row = np.searchsorted(themes, s_theme)
    position = np.full((themes.size, axis.n), np.nan)
    total = np.full((themes.size, axis.n), np.nan)
    position[t_row, s_area] = values_of(scores["position"])
    total[t_row, s_area] = values_of(scores["total_weight"])

    dtype = indicator_dtype(contributions)
    c_theme = np.array([theme_index[t] for t in parts["theme"].cast(pl.String).to_list()], int)
    c_ind = positions(parts["indicator"], dtype)
    c_area = positions(parts["area"], area_dtype)
    keep = (c_ind >= 0) & (c_area >= 0)
    pair_key = c_theme * max(len(dtype.categories), 1) + c_ind
    pairs, q = np.unique(pair_key[keep], return_inverse=True)
    share = np.full((pairs.size, axis.n), np.nan)
    pair_position = np.full((pairs.size, axis.n), np.nan)
    pair_weight = np.zeros(pairs.size)
    share[q, c_area[keep]] = values_of(parts["weight_share"])[keep]
    pair_position[q, c_area[keep]] = values_of(parts["position"])[keep]
    pair_weight[q] = values_of(parts["weight"])[keep]
    n_ind = max(len(dtype.categories), 1)
    return ThemeSlice(
        axis=axis,
        period=period,
        themes=themes,
        position=position,
        total_weight=total,
        pair_theme=pairs // n_ind,
        pair_indicator=pairs % n_ind,
        pair_weight=pair_weight,
        share=share,
        pair_position=pair_position,
        indicator_dtype=dtype,
    )


def urgency_from_slice(
    areas: pl.DataFrame,
    data: ThemeSlice,
    warnings: pl.DataFrame,
    *,
    municipality_code: str | None = None,
    levels: Sequence[str] = (DISTRICT, NEIGHBOURHOOD),
    warning_points: float = 5.0,
    top_n: int = 3,
    min_themes: int = 1,
) -> Urgency:
    """:func:`urgency_ranking` on the matrices of one period."""
    axis, period = data.axis, data.period
    members = areas.filter(pl.col("level").cast(pl.String).is_in(list(levels)))
    if municipality_code is not None:
        members = members.filter(pl.col("municipality_code") == municipality_code)
    members = (
        members.select(
            _pos=position_expr(pl.col("code"), axis.dtype),
            municipality_code=pl.col("municipality_code").cast(pl.String),
            level=pl.col("level").cast(pl.String).cast(LEVEL_ENUM),
        )
        .filter(pl.col("_pos") >= 0)
        .sort("_pos")
    )
    member_pos = members["_pos"].to_numpy()
    everyone = members.select(
        "municipality_code",
        "level",
        area=axis.area(member_pos),
        period=pl.lit(period, dtype=pl.Int64),
    )
    is_member = np.zeros(axis.n, dtype=bool)
    is_member[member_pos] = True
    # ranked: the members with at least ``min_themes`` theme scores
    scored = (~np.isnan(data.position[:, member_pos])).sum(axis=0) >= max(min_themes, 1)
    area_pos = member_pos[scored]
    warns = warnings.filter(pl.col("period") == period)
    warn_pos = positions(warns["area"], axis.dtype)
    keep = warn_pos >= 0
    keep[keep] = is_member[warn_pos[keep]]
    warns = warns.filter(pl.Series(keep))
    warn_pos = warn_pos[keep]
    kind = warns["kind"].cast(pl.String).to_numpy()
    n_warnings = np.bincount(warn_pos[kind == "warning"], minlength=axis.n).astype(np.int32)
    n_levers = np.bincount(warn_pos[kind == "lever"], minlength=axis.n).astype(np.int32)

    deficit = 100.0 - data.position[:, area_pos]  # theme x scored member
    has = ~np.isnan(deficit)
    n_themes = has.sum(axis=0).astype(np.int32)
    mean_deficit = np.where(has, deficit, 0.0).sum(axis=0) / np.maximum(n_themes, 1)
    score = mean_deficit + warning_points * n_warnings[area_pos]
    ranking = (
        everyone.filter(pl.Series(scored))
        .with_columns(
            score=score,
            mean_deficit=mean_deficit,
            n_themes=n_themes,
            n_warnings=n_warnings[area_pos],
            n_levers=n_levers[area_pos],
            warning_points=pl.lit(float(warning_points)),
        )
        .with_columns(
            urgency_rank=pl.col("score")
            .rank("ordinal", descending=True)
            .over("municipality_code", "level")
            .cast(pl.Int32)
        )
        .select(
            "municipality_code",
            "level",
            "area",
            "period",
            "urgency_rank",
            "score",
            "mean_deficit",
            "n_themes",
            "n_warnings",
            "n_levers",
            "warning_points",
        )
        .sort("municipality_code", "level", "urgency_rank")
    )
    scored_members = np.flatnonzero(scored)
    parts = [
        _indicator_reasons(data, area_pos, scored_members, top_n),
        _warning_reasons(warns, np.searchsorted(member_pos, warn_pos), LEVER_RULES, "lever"),
        _theme_reasons(data, deficit, area_pos, scored_members, top_n),
        _warning_reasons(warns, np.searchsorted(member_pos, warn_pos), REASON_RULES, "warning"),
    ]
    # rows in municipality, level, area order, then by kind ("indicator" < "lever" <
    # "theme" < "warning") and order within the kind: one stable sort on an integer key
    member_rank = np.empty(member_pos.size, dtype=np.int64)
    member_rank[everyone.with_row_index().sort("municipality_code", "level", "area")["index"]] = (
        np.arange(member_pos.size)
    )
    member = np.concatenate([p["member"] for p in parts])
    kind_rank = np.concatenate([np.full(p["member"].size, i) for i, p in enumerate(parts)])
    permutation = np.argsort(member_rank[member] * len(parts) + kind_rank, kind="stable")
    reasons = everyone[member].with_columns(
        kind=pl.concat([p["kind"] for p in parts]),
        order=np.concatenate([p["order"] for p in parts]),
        theme=pl.concat([p["theme"] for p in parts]),
        indicator=pl.concat([p["indicator"] for p in parts]),
        rule=pl.concat([p["rule"] for p in parts]),
        position=float_series(np.concatenate([p["position"] for p in parts])),
        deficit=float_series(np.concatenate([p["deficit"] for p in parts])),
        weight=float_series(np.concatenate([p["weight"] for p in parts])),
    )[permutation]
    return Urgency(ranking=ranking, reasons=reasons)


def _order(member: np.ndarray) -> np.ndarray:
    """1, 2, ... within each run of equal (sorted) ``member`` values."""
    return np.arange(member.size) - np.searchsorted(member, member, side="left") + 1


def _top(values: np.ndarray, names: list[str], top_n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per column of ``values`` (items x areas, NaN = absent): the rows of the ``top_n``
    largest, equal values in ``names`` order; returns (item rows, columns), column by
    column, best first."""
    if not values.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    by_name = np.argsort(np.array(names, dtype=object), kind="stable")
    key = -values[by_name].T  # areas x items (in name order)
    key[np.isnan(key)] = np.inf
    best = by_name[np.argsort(key, axis=1, kind="stable")[:, :top_n]]  # areas x top_n
    ok = ~np.isnan(np.take_along_axis(values.T, best, axis=1))
    cols = np.broadcast_to(np.arange(values.shape[1])[:, None], best.shape)
    return best[ok], cols[ok]


def _strings(values: list[str], rows: np.ndarray) -> pl.Series:
    return pl.Series(values, dtype=pl.String).gather(rows)


def _nulls(n: int) -> pl.Series:
    return pl.repeat(None, n, dtype=pl.String, eager=True)


def _reason(member: np.ndarray, kind: str, **columns) -> dict:
    return {
        "member": member,
        "order": _order(member),
        "kind": pl.repeat(kind, member.size, dtype=pl.String, eager=True),
        **columns,
    }


def _theme_reasons(
    data: ThemeSlice,
    deficit: np.ndarray,
    area_pos: np.ndarray,
    scored_members: np.ndarray,
    top_n: int,
) -> dict:
    names = [THEMES[t] for t in data.themes]
    rows, cols = _top(deficit, names, top_n)
    return _reason(
        scored_members[cols],
        "theme",
        theme=_strings(names, rows),
        indicator=_nulls(rows.size),
        rule=_nulls(rows.size),
        position=data.position[rows, area_pos[cols]],
        deficit=deficit[rows, cols],
        weight=data.total_weight[rows, area_pos[cols]],
    )


def _indicator_reasons(
    data: ThemeSlice, area_pos: np.ndarray, scored_members: np.ndarray, top_n: int
) -> dict:
    share = data.share[:, area_pos]
    position = data.pair_position[:, area_pos]
    weighted = share * (100.0 - position)  # pair x member, NaN where absent
    indicators, pair_row = np.unique(data.pair_indicator, return_inverse=True)
    n_ind = indicators.size
    total = np.zeros((n_ind, area_pos.size))
    present = np.zeros((n_ind, area_pos.size), dtype=bool)
    best = np.full((n_ind, area_pos.size), -np.inf)
    theme = np.zeros((n_ind, area_pos.size), dtype=np.int64)
    ind_position = np.full((n_ind, area_pos.size), np.nan)
    # pairs in catalogue theme order: a later theme must weigh strictly more to be named
    for q in np.lexsort((data.pair_indicator, data.pair_theme)):  # one step per pair
        i = pair_row[q]
        w = weighted[q]
        has = ~np.isnan(w)
        total[i] += np.where(has, w, 0.0)
        present[i] |= has
        better = has & (w > best[i])
        best[i] = np.where(better, w, best[i])
        theme[i] = np.where(better, data.pair_theme[q], theme[i])
        ind_position[i] = np.where(has, position[q], ind_position[i])
    # only the weaker half is a reason: a strong position never explains urgency
    total = np.where(present & (ind_position < 50.0), total, np.nan)
    weight = np.zeros(n_ind)
    weight[pair_row] = data.pair_weight
    names = list(data.indicator_dtype.categories)
    ind_names = [names[i] for i in indicators]
    rows, cols = _top(total, ind_names, top_n)
    return _reason(
        scored_members[cols],
        "indicator",
        theme=_strings(list(THEMES), theme[rows, cols]),
        indicator=_strings(ind_names, rows),
        rule=_nulls(rows.size),
        position=ind_position[rows, cols],
        deficit=100.0 - ind_position[rows, cols],
        weight=weight[rows],
    )


def _warning_reasons(
    warns: pl.DataFrame, member: np.ndarray, rules: Sequence[str], kind: str
) -> dict:
    """The members' signals under ``rules`` (warnings or levers), in the order given."""
    chosen = warns["rule"].cast(pl.String).is_in(list(rules)).to_numpy()
    warns = warns.filter(pl.Series(chosen))
    position = values_of(warns["position"])
    return _reason(
        member[chosen],
        kind,
        theme=_nulls(warns.height),
        indicator=warns["indicator"].cast(pl.String),
        rule=warns["rule"].cast(pl.String),
        position=position,
        deficit=100.0 - position,
        weight=np.full(warns.height, np.nan),
    )

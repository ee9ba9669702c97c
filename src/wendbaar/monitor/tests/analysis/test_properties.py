"""Property-based tests (hypothesis) of ranks, z-scores and reference groups."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wendbaar.monitor.analysis import (
    normalise_areas,
    normalise_indicators,
    observations_with_areas,
    rank_areas,
    reference_groups,
)

values_st = st.lists(st.one_of(st.none(), st.integers(-50, 50).map(float)), min_size=1, max_size=40)


def one_indicator_ranks(values: list[float | None], polarity: int = 1) -> pl.DataFrame:
    codes = [f"BU{i:08d}" for i in range(len(values))]
    areas = normalise_areas(
        pl.DataFrame(
            {
                "code": codes,
                "level": ["neighbourhood"] * len(codes),
                "parent_code": ["WK00000000"] * len(codes),
                "municipality_code": ["GM0000"] * len(codes),
            }
        )
    )
    indicators = normalise_indicators(pl.DataFrame({"code": ["v"], "polarity": [polarity]}))
    obs = pl.DataFrame(
        {"indicator": "v", "area": codes, "period": 2024, "value": values},
        schema={"indicator": pl.String, "area": pl.String, "period": pl.Int64, "value": pl.Float64},
    )
    return rank_areas(observations_with_areas(obs, areas, indicators), indicators).sort("area")


@settings(max_examples=60, deadline=None)
@given(values_st)
def test_percentiles_in_range_and_nulls_excluded(values):
    ranks = one_indicator_ranks(values)
    assert ranks.height == sum(v is not None for v in values)
    assert ranks["percentile"].is_between(0, 100).all()


@settings(max_examples=60, deadline=None)
@given(values_st)
def test_percentiles_invariant_to_monotone_transformation(values):
    transformed = [None if v is None else float(np.exp(v / 10.0) * 3 + 7) for v in values]
    a = one_indicator_ranks(values)["percentile"].to_numpy()
    b = one_indicator_ranks(transformed)["percentile"].to_numpy()
    np.testing.assert_allclose(a, b)


@settings(max_examples=60, deadline=None)
@given(values_st)
def test_polarity_flip_reverses_position(values):
    up = one_indicator_ranks(values, 1)
    down = one_indicator_ranks(values, -1)
    np.testing.assert_allclose(up["position"].to_numpy(), 100 - down["position"].to_numpy())
    negated = one_indicator_ranks([None if v is None else -v for v in values])
    np.testing.assert_allclose(up["percentile"].to_numpy(), 100 - negated["percentile"].to_numpy())


@settings(max_examples=60, deadline=None)
@given(values_st)
def test_z_scores_have_mean_zero_and_population_sd_one(values):
    z = one_indicator_ranks(values)["z"].to_numpy()
    present = np.array([v for v in values if v is not None])
    if present.size == 0:
        return
    assert abs(z.mean()) < 1e-9
    if present.std() > 0:
        assert abs(z.std() - 1.0) < 1e-9  # numpy std is ddof=0
    else:
        assert (z == 0).all()


def profile_frames(matrix: np.ndarray, order: np.ndarray | None = None):
    n, p = matrix.shape
    codes = [f"BU{i:08d}" for i in range(n)]
    areas = pl.DataFrame(
        {
            "code": codes,
            "level": ["neighbourhood"] * n,
            "parent_code": ["WK00000000"] * n,
            "municipality_code": ["GM0000"] * n,
        }
    )
    obs = pl.DataFrame(
        {
            "indicator": [f"p{j}" for i in range(n) for j in range(p)],
            "area": [codes[i] for i in range(n) for _ in range(p)],
            "period": [2024] * (n * p),
            "value": matrix.ravel().tolist(),
        }
    )
    if order is not None:
        areas = areas[order.tolist()]
        obs = obs.sample(fraction=1.0, shuffle=True, seed=int(order[0]))
    return areas, obs, [f"p{j}" for j in range(p)]


matrix_st = st.integers(2, 30).flatmap(
    lambda n: st.lists(
        st.lists(st.integers(-5, 5).map(float), min_size=3, max_size=3), min_size=n, max_size=n
    )
)


@settings(max_examples=40, deadline=None)
@given(matrix_st, st.integers(1, 6), st.randoms(use_true_random=False))
def test_reference_groups_exclude_self_have_k_members_and_ignore_row_order(rows, k, rnd):
    matrix = np.array(rows)
    areas, obs, profile = profile_frames(matrix)
    groups = reference_groups(obs, areas, profile, k=k)
    peers = groups.peers
    assert (peers["area"] != peers["peer"]).all()
    sizes = peers.group_by("area").len()
    assert (sizes["len"] == min(k, matrix.shape[0] - 1)).all()
    assert sizes.height == matrix.shape[0]
    order = np.array(rnd.sample(range(matrix.shape[0]), matrix.shape[0]))
    areas2, obs2, _ = profile_frames(matrix, order)
    again = reference_groups(obs2, areas2, profile, k=k).peers
    key = ["area", "rank"]
    assert (
        peers.sort(key)
        .select("area", "peer", "rank")
        .equals(again.sort(key).select("area", "peer", "rank"))
    )


@settings(max_examples=40, deadline=None)
@given(matrix_st)
def test_exact_duplicate_is_nearest_neighbour_at_distance_zero(rows):
    matrix = np.array([*rows, rows[0]])  # last row duplicates the first
    areas, obs, profile = profile_frames(matrix)
    peers = reference_groups(obs, areas, profile, k=3).peers
    first = peers.filter((pl.col("area") == "BU00000000") & (pl.col("rank") == 1)).row(
        0, named=True
    )
    assert first["distance"] == 0.0
    dup_code = f"BU{matrix.shape[0] - 1:08d}"
    own = peers.filter(pl.col("area") == "BU00000000")
    copies = int((matrix[1:] == matrix[0]).all(axis=1).sum())
    if copies <= 3:  # the duplicate fits in the group of k = 3
        assert dup_code in own.filter(pl.col("distance") == 0.0)["peer"].to_list()
    else:  # more exact copies than k: every peer is one of them
        assert (own["distance"] == 0.0).all()


def test_areas_with_too_few_profile_values_are_left_out():
    matrix = np.array(
        [[1.0, 2.0, 3.0], [1.0, None, None], [2.0, 2.0, 2.0], [0.0, 1.0, 2.0]], dtype=float
    )
    areas, obs, profile = profile_frames(matrix)
    groups = reference_groups(obs.drop_nans(), areas, profile, k=2)
    assert groups.excluded["area"].to_list() == ["BU00000001"]
    assert "BU00000001" not in groups.peers["peer"].to_list()

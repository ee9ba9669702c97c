"""The dense (indicator x period, area) implementation behind ``compute_all``.

``compute_all`` builds its matrices once from the observations; each public function
builds them from the long frame it is given. Both paths must give the same frames, and
the semantics that the rewrite made explicit are pinned here: exact zero spread of equal
values, tie-breaking of the urgency reasons, the k-d tree search against brute force and
the reuse of a search for an unchanged profile.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from wendbaar.monitor.analysis import (
    change_vs_peers,
    changes,
    compare_with_parents,
    compute_all,
    early_warnings,
    national_values,
    normalise_areas,
    normalise_indicators,
    normalise_observations,
    observations_with_areas,
    position_in_group,
    rank_areas,
    reference,
    reference_groups,
    theme_scores,
    urgency_ranking,
)
from wendbaar.monitor.analysis._peers import peer_matrix
from wendbaar.monitor.analysis.pipeline import compute_grids
from wendbaar.monitor.analysis.synthetic import make_synthetic

KEYS = {
    "comparison": ["indicator", "period", "area"],
    "ranks": ["indicator", "period", "area"],
    "changes": ["indicator", "period", "area"],
    "group_positions": ["indicator", "period", "area"],
    "theme_scores": ["theme", "area", "period"],
    "theme_contributions": ["theme", "indicator", "area", "period"],
    "warnings": ["period", "area", "indicator", "rule"],
}


def as_text(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    enums = [c for c, t in frame.schema.items() if isinstance(t, pl.Enum | pl.Categorical)]
    return frame.with_columns(pl.col(enums).cast(pl.String)).sort(keys)


@pytest.fixture(scope="module")
def small():
    data = make_synthetic(
        seed=7,
        n_municipalities=5,
        n_districts=16,
        n_neighbourhoods=90,
        n_indicators=14,
        periods=(2020, 2022, 2023),
    )
    result = compute_all(
        data.areas, data.observations, data.indicators, profile=data.profile, k=6, min_peers=3
    )
    return data, result


def test_compute_all_equals_the_public_functions_on_long_frames(small):
    data, result = small
    areas = normalise_areas(data.areas)
    observations = normalise_observations(data.observations)
    indicators = normalise_indicators(data.indicators)
    obs_areas = observations_with_areas(observations, areas, indicators)
    national = national_values(
        observations, obs_areas, indicators, n_municipalities=5, national_code="NL01"
    )
    ranks = rank_areas(obs_areas, indicators)
    themes = theme_scores(ranks, indicators)
    groups = reference_groups(observations, areas, data.profile, k=6)
    change = change_vs_peers(changes(ranks), groups.peers, indicators, min_peers=3)
    warnings = early_warnings(change)
    latest = int(ranks["period"].max())
    expected = {
        "comparison": compare_with_parents(obs_areas, national),
        "ranks": ranks,
        "theme_scores": themes.scores,
        "theme_contributions": themes.contributions,
        "changes": change,
        "group_positions": position_in_group(ranks, groups.peers, period=latest),
        "warnings": warnings,
    }
    assert_frame_equal(result.national, national)
    assert_frame_equal(result.peers, groups.peers)
    assert_frame_equal(result.peer_profile, groups.profile)
    for name, keys in KEYS.items():
        got = getattr(result, name)
        assert got.height > 0, name
        assert_frame_equal(
            as_text(got, keys), as_text(expected[name].select(got.columns), keys), rel_tol=1e-12
        )
    urgency = urgency_ranking(areas, themes.scores, themes.contributions, warnings, period=latest)
    assert_frame_equal(result.urgency, urgency.ranking)
    assert_frame_equal(result.urgency_reasons, urgency.reasons)


def test_output_order_and_types(small):
    _data, result = small
    ranks = result.ranks
    assert ranks.columns == [
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
    ]
    key = ranks.select(pl.col("indicator").to_physical(), "period", pl.col("area").to_physical())
    assert key.equals(key.sort(key.columns))  # indicator, period, area order
    assert result.warnings.equals(result.warnings.sort("period", "area", "indicator", "rule"))
    assert isinstance(result.comparison.schema["area"], pl.Enum)
    assert result.changes.schema["n_peers"] == pl.Int32


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([0.1, 0.3, 1 / 3, 2.675, 1e-9, 123456.789]), st.integers(2, 30))
def test_equal_values_have_zero_spread_whatever_the_rounding(value, n):
    """z = 0 for equal values even when their mean does not round back to the value."""
    codes = [f"BU{i:08d}" for i in range(n)]
    areas = normalise_areas(
        pl.DataFrame(
            {
                "code": codes,
                "level": ["neighbourhood"] * n,
                "parent_code": [None] * n,
                "municipality_code": ["GM0000"] * n,
            },
            schema={c: pl.String for c in ("code", "level", "parent_code", "municipality_code")},
        )
    )
    indicators = normalise_indicators(pl.DataFrame({"code": ["v"], "polarity": [1]}))
    obs = pl.DataFrame({"indicator": "v", "area": codes, "period": 2024, "value": [value] * n})
    ranks = rank_areas(observations_with_areas(obs, areas, indicators), indicators)
    assert ranks["z"].to_list() == [0.0] * n
    assert ranks["percentile"].to_list() == [50.0] * n


def test_urgency_reasons_break_ties_by_catalogue_theme_and_names():
    """An indicator in two themes with the same weight is named after the theme that comes
    first in the catalogue; equal theme deficits are listed in theme name order."""
    codes = ["BU00010101", "BU00010102"]
    areas = pl.DataFrame(
        {
            "code": ["GM0001", "WK000101", *codes],
            "level": ["municipality", "district", "neighbourhood", "neighbourhood"],
            "parent_code": [None, "GM0001", "WK000101", "WK000101"],
            "municipality_code": ["GM0001"] * 4,
        }
    )
    indicators = pl.DataFrame(
        {
            "code": ["a", "b", "c", "d"],
            "polarity": [1, 1, 1, 1],
            # "a" has the same weight share in work (with b) and safety (with d)
            "themes": [["safety", "work"], ["work"], ["housing"], ["safety"]],
        }
    )
    values = {"a": [1, 2], "b": [2, 1], "c": [1, 2], "d": [2, 1]}
    rows = [
        (indicator, code, 2024, float(v))
        for indicator, pair in values.items()
        for code, v in zip(codes, pair, strict=True)
    ]
    observations = pl.DataFrame(rows, schema=["indicator", "area", "period", "value"], orient="row")
    result = compute_all(
        areas, observations, indicators, profile=["a"], k=1, min_theme_indicators=1
    )
    reasons = result.urgency_reasons.filter(pl.col("area") == "BU00010101")
    named = reasons.filter((pl.col("kind") == "indicator") & (pl.col("indicator") == "a"))
    assert named["theme"].to_list() == ["work"]  # work precedes safety in the catalogue
    # positions: housing 0 (c), safety 50 (a, d), work 50 (a, b): deficits 100, 50, 50
    themes = reasons.filter(pl.col("kind") == "theme")
    assert themes["theme"].to_list() == ["housing", "safety", "work"]
    assert themes["deficit"].to_list() == [100.0, 50.0, 50.0]


def _small_integer_rows(n_rows: tuple[int, int], width: int, bound: int):
    """Lists of ``n_rows`` rows of ``width`` whole numbers in [-bound, bound]: many ties."""
    row = st.lists(st.integers(-bound, bound).map(float), min_size=width, max_size=width)
    return st.integers(*n_rows).flatmap(lambda n: st.lists(row, min_size=n, max_size=n))


@settings(max_examples=30, deadline=None)
@given(_small_integer_rows((3, 40), 4, 4), st.integers(1, 5))
def test_kd_tree_and_brute_force_give_the_same_peers(rows, k):
    matrix = np.array(rows)
    n = matrix.shape[0]
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
            "indicator": [f"p{j}" for _ in range(n) for j in range(4)],
            "area": [c for c in codes for _ in range(4)],
            "period": [2024] * (n * 4),
            "value": matrix.ravel().tolist(),
        }
    )
    profile = [f"p{j}" for j in range(4)]
    reference.clear_search_cache()
    tree = reference_groups(obs, areas, profile, k=k).peers
    limit = reference.KD_TREE_MAX_DIMENSIONS
    try:
        reference.KD_TREE_MAX_DIMENSIONS = 0
        reference.clear_search_cache()
        brute = reference_groups(obs, areas, profile, k=k).peers
    finally:
        reference.KD_TREE_MAX_DIMENSIONS = limit
        reference.clear_search_cache()
    assert_frame_equal(tree, brute)


@settings(max_examples=30, deadline=None)
@given(_small_integer_rows((2, 30), 2, 2), st.integers(1, 5))
def test_peer_index_from_the_search_equals_the_peers_looked_up(rows, k):
    """The pipeline's peer index comes from the search's row numbers (many ties here)."""
    matrix = np.array(rows)
    n = matrix.shape[0]
    codes = [f"BU{i:08d}" for i in range(n)]
    areas = pl.DataFrame(
        {
            "code": ["GM0000", "WK00000000", *codes],
            "level": ["municipality", "district"] + ["neighbourhood"] * n,
            "parent_code": [None, "GM0000"] + ["WK00000000"] * n,
            "municipality_code": ["GM0000"] * (n + 2),
        }
    )
    obs = pl.DataFrame(
        {
            "indicator": [f"p{j}" for _ in range(n) for j in range(2)],
            "area": [c for c in codes for _ in range(2)],
            "period": [2024] * (n * 2),
            "value": matrix.ravel().tolist(),
        }
    )
    indicators = pl.DataFrame({"code": ["p0", "p1"], "polarity": [1, -1]})
    reference.clear_search_cache()
    g = compute_grids(areas, obs, indicators, profile=["p0", "p1"], k=k, min_peers=1)
    expected = peer_matrix(g.groups.peers, g.axis)
    np.testing.assert_array_equal(g.peer_index.members, expected.members)
    np.testing.assert_array_equal(g.peer_index.peers, expected.peers)
    assert g.peer_index.members.dtype == expected.members.dtype
    assert_frame_equal(g.groups.peers, reference_groups(obs, areas, ["p0", "p1"], k=k).peers)


def test_search_is_reused_for_an_unchanged_profile(monkeypatch, small):
    data, result = small
    calls = []
    search = reference._kd_tree_query

    def counting(*args, **kwargs):
        calls.append(1)
        return search(*args, **kwargs)

    monkeypatch.setattr(reference, "_kd_tree_query", counting)
    reference.clear_search_cache()
    args = (data.areas, data.observations, data.indicators)
    first = compute_all(*args, profile=data.profile, k=6, min_peers=3)
    again = compute_all(*args, profile=data.profile, k=6, min_peers=3)
    assert len(calls) == 1
    assert_frame_equal(first.peers, again.peers)
    assert_frame_equal(first.peers, result.peers)
    compute_all(*args, profile=data.profile[:-1], k=6, min_peers=3)  # another profile
    assert len(calls) == 2


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=0, max_size=5),
)
def test_selection_rows_by_run_length_equal_the_gathered_ones(mask_rows):
    """``select`` takes per-row values by run length (C order); same as gathering by row."""
    from wendbaar.monitor.analysis._grid import cells_of, select

    mask = np.array(mask_rows, dtype=bool).reshape(len(mask_rows), 3)
    cells = select(mask)
    plain = cells_of(np.flatnonzero(mask.reshape(-1)), 3)
    per_row = np.arange(mask.shape[0], dtype=np.int64) * 10
    assert cells.rows.to_list() == plain.rows.to_list()
    assert cells.areas.to_list() == plain.areas.to_list()
    assert cells.per_row(per_row).to_list() == plain.per_row(per_row).to_list()
    assert cells.per_row(per_row).dtype == plain.per_row(per_row).dtype
    assert cells.rows.dtype == plain.rows.dtype

"""Hand-computed toy cases: two gemeenten, one wijk each, two buurten per wijk.

Layout (indicator "x", polarity +1, higher is better; "y", polarity -1; "inh" inhabitants):

    GM0001 -- WK000101 -- BU00010101, BU00010102
    GM0002 -- WK000201 -- BU00020101, BU00020102

x in 2024 for the four buurten: 10, 20, 30, 40; in 2023: 22, 20, 30, 45.
y in 2024: 5, 5, 7, 9 (a tie). Wijk x 2024: 14 and 36; gemeente x the same; inhabitants of
the gemeenten 100 and 300, no "NL01" row, so NL x 2024 = (14*100 + 36*300) / 400 = 30.5.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from wendbaar.monitor.analysis import (
    change_vs_peers,
    changes,
    compare_with_parents,
    compute_all,
    early_warnings,
    national_values,
    normalise_areas,
    normalise_indicators,
    observations_with_areas,
    rank_areas,
    theme_scores,
)

BU = ["BU00010101", "BU00010102", "BU00020101", "BU00020102"]


def toy() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    areas = pl.DataFrame(
        {
            "code": ["GM0001", "GM0002", "WK000101", "WK000201", *BU],
            "level": ["municipality"] * 2 + ["district"] * 2 + ["neighbourhood"] * 4,
            "parent_code": [
                None,
                None,
                "GM0001",
                "GM0002",
                "WK000101",
                "WK000101",
                "WK000201",
                "WK000201",
            ],
            "municipality_code": [
                "GM0001",
                "GM0002",
                "GM0001",
                "GM0002",
                "GM0001",
                "GM0001",
                "GM0002",
                "GM0002",
            ],
        }
    )
    rows = []
    for year, xs in ((2024, [10, 20, 30, 40]), (2023, [22, 20, 30, 45])):
        rows += [("x", code, year, float(v)) for code, v in zip(BU, xs, strict=True)]
    rows += [("x", "WK000101", 2024, 14.0), ("x", "WK000201", 2024, 36.0)]
    rows += [("x", "GM0001", 2024, 14.0), ("x", "GM0002", 2024, 36.0)]
    rows += [("y", code, 2024, float(v)) for code, v in zip(BU, [5, 5, 7, 9], strict=True)]
    rows += [("inh", "GM0001", 2024, 100.0), ("inh", "GM0002", 2024, 300.0)]
    observations = pl.DataFrame(rows, schema=["indicator", "area", "period", "value"], orient="row")
    indicators = pl.DataFrame(
        {
            "code": ["x", "y", "inh"],
            "polarity": [1, -1, 0],
            "themes": [["housing"], ["housing"], []],
            "aggregation": ["mean_weighted", "mean_weighted", "sum"],
            "weight_indicator": ["inh", "inh", None],
        }
    )
    return areas, observations, normalise_indicators(indicators)


def prepared():
    areas, observations, indicators = toy()
    areas = normalise_areas(areas)
    return areas, observations, indicators, observations_with_areas(observations, areas, indicators)


def row(frame: pl.DataFrame, **keys: object) -> dict:
    out = frame.filter(*(pl.col(k).cast(pl.String) == str(v) for k, v in keys.items()))
    assert out.height == 1, (keys, out)
    return out.row(0, named=True)


def test_national_value_is_weighted_mean_of_gemeenten_without_nl01():
    _areas, observations, indicators, obs_areas = prepared()
    national = national_values(observations, obs_areas, indicators, n_municipalities=2)
    x = row(national, indicator="x", period=2024)
    assert x["value"] == pytest.approx(30.5)
    assert x["source"] == "mean_weighted"
    assert row(national, indicator="inh", period=2024)["value"] == 400.0  # sum


def test_observed_nl01_wins_over_aggregate():
    areas, observations, indicators = toy()
    observations = pl.concat(
        [
            observations,
            pl.DataFrame([("x", "NL01", 2024, 29.0)], schema=observations.schema, orient="row"),
        ]
    )
    areas = normalise_areas(areas)
    obs_areas = observations_with_areas(observations, areas, indicators)
    national = national_values(observations, obs_areas, indicators, n_municipalities=2)
    assert row(national, indicator="x", period=2024)["value"] == 29.0
    assert row(national, indicator="x", period=2024)["source"] == "observed"


def test_comparison_with_wijk_gemeente_and_nl():
    _areas, observations, indicators, obs_areas = prepared()
    national = national_values(observations, obs_areas, indicators, n_municipalities=2)
    comp = compare_with_parents(obs_areas, national)
    r = row(comp, indicator="x", period=2024, area="BU00010101")
    assert (r["district_value"], r["municipality_value"], r["national_value"]) == (14, 14, 30.5)
    assert (r["diff_district"], r["diff_municipality"], r["diff_national"]) == (-4, -4, -20.5)
    r = row(comp, indicator="x", period=2024, area="BU00020102")
    assert r["diff_district"] == 4.0  # 40 - 36
    r = row(comp, indicator="x", period=2023, area="BU00020102")
    assert r["district_value"] is None  # no wijk value observed in 2023


def test_ranks_percentiles_positions_and_population_z():
    *_, indicators, obs_areas = prepared()
    ranks = rank_areas(obs_areas, indicators)
    # x 2024, buurten 10, 20, 30, 40 -> ranks 1..4, percentile (r-1)*100/3
    expected = [0.0, 100 / 3, 200 / 3, 100.0]
    sd = math.sqrt((15**2 + 5**2 + 5**2 + 15**2) / 4)  # population sd = sqrt(125)
    for code, pct, v in zip(BU, expected, [10, 20, 30, 40], strict=True):
        r = row(ranks, indicator="x", period=2024, area=code)
        assert r["percentile"] == pytest.approx(pct)
        assert r["position"] == pytest.approx(pct)  # polarity +1
        assert r["z"] == pytest.approx((v - 25) / sd)
        assert r["n"] == 4
    # y (polarity -1) 5, 5, 7, 9: average ranks 1.5, 1.5, 3, 4
    for code, pct in zip(BU, [50 / 3, 50 / 3, 200 / 3, 100.0], strict=True):
        r = row(ranks, indicator="y", period=2024, area=code)
        assert r["percentile"] == pytest.approx(pct)
        assert r["position"] == pytest.approx(100 - pct)
        assert r["z_adj"] == pytest.approx(-r["z"])
    # wijken are ranked among wijken only: 14 < 36
    assert row(ranks, indicator="x", period=2024, area="WK000101")["percentile"] == 0.0
    # neutral indicator: no position
    assert row(ranks, indicator="inh", period=2024, area="GM0001")["position"] is None


def test_theme_score_is_weighted_mean_with_visible_contributions():
    *_, indicators, obs_areas = prepared()
    ranks = rank_areas(obs_areas, indicators)
    themes = theme_scores(ranks, indicators, min_indicators=2)
    s = row(themes.scores, theme="housing", area="BU00010101", period=2024)
    zx = row(ranks, indicator="x", period=2024, area="BU00010101")["z_adj"]
    zy = row(ranks, indicator="y", period=2024, area="BU00010101")["z_adj"]
    assert s["score"] == pytest.approx((zx + zy) / 2)
    assert s["position"] == pytest.approx((0.0 + 100 - 50 / 3) / 2)
    assert s["n_indicators"] == 2
    parts = themes.contributions.filter(
        (pl.col("area") == "BU00010101") & (pl.col("period") == 2024)
    )
    assert parts["contribution"].sum() == pytest.approx(s["score"])
    assert parts["weight_share"].to_list() == [0.5, 0.5]
    # 2023 has only x: below min_indicators -> no score
    assert themes.scores.filter(pl.col("period") == 2023).height == 0


def test_changes_and_weakest_fifth_rules():
    *_, indicators, obs_areas = prepared()
    ch = changes(rank_areas(obs_areas, indicators))
    r = row(ch, indicator="x", area="BU00010101", period=2024)
    assert (r["previous_period"], r["change"]) == (2023, -12.0)
    assert r["relative_change"] == pytest.approx(-12 / 22)
    # 2023 x: 22, 20, 30, 45 -> BU00010101 position 33.3 -> 2024 position 0: entered
    assert r["previous_position"] == pytest.approx(100 / 3)
    warns = early_warnings(ch)
    entered = warns.filter(pl.col("rule") == "entered_weakest_fifth")
    assert entered["area"].cast(pl.String).to_list() == ["BU00010101"]
    assert entered["kind"].to_list() == ["warning"]
    left = warns.filter(pl.col("rule") == "left_weakest_fifth")
    assert left["area"].cast(pl.String).to_list() == ["BU00010102"]  # 0 -> 33.3
    assert left["kind"].to_list() == ["lever"]


def test_change_vs_peers_and_peer_rules_by_hand():
    *_, indicators, obs_areas = prepared()
    ch = changes(rank_areas(obs_areas, indicators))
    # changes 2023->2024: -12, 0, 0, -5. Peers of BU00010101: the three others.
    peers = pl.DataFrame(
        {
            "area": ["BU00010101"] * 3,
            "peer": ["BU00010102", "BU00020101", "BU00020102"],
            "rank": [1, 2, 3],
            "distance": [1.0, 2.0, 3.0],
        }
    )
    out = change_vs_peers(ch, peers, indicators, min_peers=3)
    r = row(out, indicator="x", area="BU00010101", period=2024)
    mean = (0 + 0 - 5) / 3
    sd = math.sqrt(((0 - mean) ** 2 * 2 + (-5 - mean) ** 2) / 2)  # sample sd of peers
    assert r["n_peers"] == 3
    assert r["peer_mean_change"] == pytest.approx(mean)
    assert r["peer_sd_change"] == pytest.approx(sd)
    assert r["excess_z_adj"] == pytest.approx((-12 - mean) / sd)  # about -3.2
    # areas without a reference group keep their change, without peer numbers
    assert row(out, indicator="x", area="BU00010102", period=2024)["peer_mean_change"] is None
    warns = early_warnings(out, peer_threshold=2.0)
    worse = warns.filter(pl.col("rule") == "worse_than_peers")
    assert worse["area"].cast(pl.String).to_list() == ["BU00010101"]
    assert worse["score"][0] == pytest.approx((-12 - mean) / sd)
    assert (
        early_warnings(out, peer_threshold=4.0)
        .filter(pl.col("rule") == "worse_than_peers")
        .is_empty()
    )
    assert (
        change_vs_peers(ch, peers, indicators, min_peers=4)["peer_mean_change"].null_count()
        == ch.height
    )


def test_compute_all_runs_on_toy_and_ranks_urgency():
    areas, observations, indicators = toy()
    result = compute_all(areas, observations, indicators, profile=["x", "y"], k=2, min_peers=2)
    assert result.peers.height == 4 * 2
    assert set(result.urgency["municipality_code"].to_list()) == {"GM0001", "GM0002"}
    # the weakest buurt in GM0001 on housing is BU00010101 (positions 0 and 83.3 vs 33.3 and 83.3)
    bu = result.urgency.filter(
        (pl.col("municipality_code") == "GM0001") & (pl.col("level") == "neighbourhood")
    )
    top = bu.filter(pl.col("urgency_rank") == 1).row(0, named=True)
    assert top["area"] == "BU00010101"
    assert top["mean_deficit"] == pytest.approx(100 - (0 + 100 - 50 / 3) / 2)
    reasons = result.urgency_reasons.filter(pl.col("area") == "BU00010101")
    assert "housing" in reasons["theme"].to_list()
    assert "x" in reasons.filter(pl.col("kind") == "indicator")["indicator"].to_list()

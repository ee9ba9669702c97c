"""Who is judged and on what: the eligibility rule, the two-outcome rule and the window.

Hand-computed on the toy of :mod:`.test_toy` (four buurten, "x" higher is better, "y"
higher is worse, both housing), with inhabitants, households and densities added.
"""

from __future__ import annotations

import polars as pl
import pytest

from wendbaar.monitor.analysis import compute_all, rank_areas, theme_scores
from wendbaar.monitor.analysis.eligibility import (
    MOSTLY_NON_RESIDENTIAL,
    NO_POPULATION_FIGURE,
    TOO_FEW_HOUSEHOLDS,
    TOO_FEW_INHABITANTS,
    AreaFacts,
    EligibilityRule,
    judge,
)

from .test_toy import BU, prepared, row, toy

RULE = EligibilityRule()


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        (
            AreaFacts(
                population=4470, households=2100, population_density=9000, address_density=4000
            ),
            None,
        ),
        # Papendorp: a business park with 20 inhabitants.
        (
            AreaFacts(population=20, households=15, population_density=10, address_density=1084),
            TOO_FEW_INHABITANTS,
        ),
        (AreaFacts(population=199), TOO_FEW_INHABITANTS),
        (AreaFacts(population=200), None),  # the bound itself is enough
        (AreaFacts(population=250, households=79), TOO_FEW_HOUSEHOLDS),
        # Rijnenburg: a polder, 260 inhabitants at 25 per km² among 207 addresses per km².
        (
            AreaFacts(population=260, households=115, population_density=25, address_density=207),
            MOSTLY_NON_RESIDENTIAL,
        ),
        # Haarzuilens: a village in a rural area, 77 per km² among 114 addresses: judged.
        (
            AreaFacts(population=610, households=250, population_density=77, address_density=114),
            None,
        ),
        # 0.15 x 1000 = 150: at the bound it is residential, just below it is not.
        (AreaFacts(population=900, population_density=150, address_density=1000), None),
        (
            AreaFacts(population=900, population_density=149, address_density=1000),
            MOSTLY_NON_RESIDENTIAL,
        ),
        # Unknown densities do not exclude.
        (AreaFacts(population=900, households=400), None),
        (AreaFacts(population=None), NO_POPULATION_FIGURE),
    ],
)
def test_eligibility_rule_by_hand(facts, reason):
    assert judge(facts, RULE) == reason


def test_thresholds_are_configurable():
    strict = EligibilityRule(min_population=1000, min_residential_ratio=0.5)
    assert judge(AreaFacts(population=900), strict) == TOO_FEW_INHABITANTS
    assert judge(AreaFacts(population=1500, population_density=400, address_density=1000), strict)


def with_population(populations: list[float], households: list[float] | None = None):
    """The toy with 2024 inhabitants (and households) per buurt, gemeenten large."""
    areas, observations, indicators = toy()
    rows = [("population", code, 2024, float(v)) for code, v in zip(BU, populations, strict=True)]
    rows += [("population", gm, 2024, 50_000.0) for gm in ("GM0001", "GM0002")]
    rows += [("population", wk, 2024, 5_000.0) for wk in ("WK000101", "WK000201")]
    if households:
        rows += [
            ("households", code, 2024, float(v)) for code, v in zip(BU, households, strict=True)
        ]
    extra = pl.DataFrame(rows, schema=observations.schema, orient="row")
    more = pl.DataFrame(
        {"code": ["population", "households"], "polarity": [0, 0], "themes": [[], []]}
    )
    indicators = pl.concat(
        [
            indicators,
            more.with_columns(
                weight=pl.lit(1.0),
                aggregation=pl.lit("sum"),
                weight_indicator=pl.lit(None, pl.String),
            )
            .select(indicators.columns)
            .cast(indicators.schema),
        ]
    )
    return areas, pl.concat([observations, extra]), indicators


def test_an_area_with_too_few_residents_is_not_judged_but_keeps_its_figures():
    # BU00010101 (the weakest on housing) has 120 inhabitants: left out of every judgement.
    areas, observations, indicators = with_population([120, 800, 900, 1000])
    result = compute_all(
        areas,
        observations,
        indicators,
        profile=["x", "y"],
        k=2,
        min_peers=2,
        eligibility=RULE,
    )
    small = "BU00010101"
    verdict = row(result.eligibility, area=small)
    assert (verdict["eligible"], verdict["reason"]) == (False, TOO_FEW_INHABITANTS)
    assert row(result.eligibility, area="GM0001")["eligible"]
    assert small not in result.urgency["area"].to_list()
    assert small not in result.theme_scores["area"].to_list()
    assert small not in result.peers["area"].to_list() + result.peers["peer"].to_list()
    assert small not in result.warnings["area"].to_list()
    assert result.ranks.filter(pl.col("area").cast(pl.String) == small).height == 0
    # its raw figure still counts where figures are compared: its wijk's own value
    assert row(result.comparison, indicator="x", period=2024, area=small)["district_value"] == 14.0
    # the others are ranked among themselves: x 2024 = 20, 30, 40 -> positions 0, 50, 100
    positions = [row(result.ranks, indicator="x", period=2024, area=c)["position"] for c in BU[1:]]
    assert positions == [0.0, 50.0, 100.0]
    # without the rule, all four are ranked
    plain = compute_all(areas, observations, indicators, profile=["x", "y"], k=2, min_peers=2)
    assert small in plain.urgency["area"].to_list()


def test_too_few_households_also_excludes():
    areas, observations, indicators = with_population([500, 800, 900, 1000], [60, 300, 400, 500])
    result = compute_all(
        areas, observations, indicators, profile=["x", "y"], k=2, min_peers=2, eligibility=RULE
    )
    assert row(result.eligibility, area="BU00010101")["reason"] == TOO_FEW_HOUSEHOLDS


def test_a_theme_position_needs_two_outcomes_with_a_value():
    *_, indicators, obs_areas = prepared()
    ranks = rank_areas(obs_areas, indicators)
    themes = theme_scores(ranks, indicators, min_indicators=2)
    # 2023 has only x: one outcome is no position, for any buurt
    assert themes.scores.filter(pl.col("period") == 2023).height == 0
    # 2024 has x and y for every buurt: four positions, each from two parts
    scores = themes.scores.filter(pl.col("period") == 2024, pl.col("level") == "neighbourhood")
    assert scores.height == 4 and scores["n_indicators"].to_list() == [2, 2, 2, 2]


def test_window_combines_each_outcomes_latest_period():
    """y measured in 2023 only, x in 2024: with a window of 2 years the 2024 housing
    position combines x 2024 with y 2023; with a window of 1 there is none."""
    *_, indicators, obs_areas = prepared()
    shifted = obs_areas.with_columns(
        period=pl.when(pl.col("indicator").cast(pl.String) == "y")
        .then(pl.lit(2023, pl.Int64))
        .otherwise(pl.col("period"))
    ).filter(~((pl.col("indicator").cast(pl.String) == "x") & (pl.col("period") == 2023)))
    ranks = rank_areas(shifted, indicators)
    assert theme_scores(ranks, indicators, min_indicators=2, window=1).scores.height == 0
    themes = theme_scores(ranks, indicators, min_indicators=2, window=2)
    s = row(themes.scores, theme="housing", area="BU00010101", period=2024)
    # x 2024 = 10 (position 0 of 4); y 2023 = 5, tied lowest (higher is worse): 100 - 50/3
    assert s["position"] == pytest.approx((0.0 + 100 - 50 / 3) / 2)
    parts = themes.contributions.filter(pl.col("area") == "BU00010101", pl.col("period") == 2024)
    assert dict(zip(parts["indicator"].cast(pl.String), parts["source_period"], strict=True)) == {
        "x": 2024,
        "y": 2023,
    }
    # y's own period 2023 is a theme period too, with y alone: no position
    assert themes.scores.filter(pl.col("period") == 2023).height == 0


def test_urgency_needs_positions_on_enough_themes():
    areas, observations, indicators = toy()
    one_theme = compute_all(
        areas, observations, indicators, profile=["x", "y"], k=2, min_peers=2, min_urgency_themes=2
    )
    assert one_theme.urgency.height == 0  # the toy has one theme (housing)


def test_a_figure_of_too_few_gemeenten_does_not_enter_theme_positions():
    """y measured in GM0001 only ranks its two buurten among themselves: beside x's
    national positions that mixes scales, so with a coverage rule it does not count."""
    areas, observations, indicators = toy()
    local = observations.filter(
        (pl.col("indicator") != "y") | pl.col("area").str.starts_with("BU0001")
    )

    def positioned(**options) -> int:
        result = compute_all(areas, local, indicators, profile=["x"], k=2, min_peers=2, **options)
        return result.theme_scores.filter(pl.col("period") == 2024).height

    # without the rule: GM0001's two buurten get a housing position from x and a local y
    assert positioned() == 2
    # y reaches 1 of the 2 gemeenten x reaches: below 75 % -> no position from one input
    assert positioned(theme_min_coverage=0.75) == 0
    # at 50 % one of two gemeenten is enough
    assert positioned(theme_min_coverage=0.5) == 2

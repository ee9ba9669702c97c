"""``compute_page_frames`` against the long-frame functions of the analysis package.

The oracle below is the way the page frames were made before they were taken from the
matrices: ``compute_all``'s long frames, urgency and group positions recomputed by the
public functions (``urgency_ranking``, ``position_in_group``), the comparison, ranks,
changes and group positions joined onto the observations, and every frame sorted as
``store`` sorts it. Each stored frame must equal it exactly: same rows, same order, same
columns and dtypes, same values to the last bit.
"""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from wendbaar.monitor.analysis import compute_all, position_in_group, urgency_ranking
from wendbaar.monitor.analysis.floor import measure_floor
from wendbaar.monitor.analysis.synthetic import make_synthetic
from wendbaar.monitor.stored import recompute
from wendbaar.monitor.stored.inputs import (
    area_frame,
    compute_inputs,
    indicator_frame,
    observation_frame,
)
from wendbaar.monitor.stored.recompute import (
    analysis_options,
    build_figures,
    class_breaks,
    comparable_warnings,
    compute_page_frames,
    main_period,
)
from wendbaar.monitor.stored.store import _sorted, sort_keys

from ..factories import build_world


def reference_frames(
    areas: pl.DataFrame,
    indicators: pl.DataFrame,
    observations: pl.DataFrame,
    profile: list[str],
) -> tuple[dict[str, pl.DataFrame], int | None]:
    """The page frames from the long frames (the oracle; see the module docstring)."""
    text = recompute._text
    if "indicator_id" in observations.columns:
        obs = observations.join(
            indicators.select("id", indicator="code"), left_on="indicator_id", right_on="id"
        )
    else:
        obs = observations.with_columns(
            status=pl.when(pl.col("value").is_null())
            .then(pl.lit("not_available"))
            .otherwise(pl.lit("value")),
            source_table=pl.lit(None, pl.String),
            derivation=pl.lit(""),
        )
    contract = ("code", "polarity", "themes", "weight", "aggregation", "weight_indicator")
    inputs = {
        "areas": areas.select("code", "level", "parent_code", "municipality_code"),
        "observations": obs.select("indicator", "area", "period", "value"),
        "indicators": indicators.select(c for c in contract if c in indicators.columns),
        "profile": profile,
    }
    result = compute_all(**inputs, **analysis_options())
    period = main_period(result.theme_scores)
    warnings = comparable_warnings(result.warnings, result.ranks)
    urgency, reasons = result.urgency, result.urgency_reasons
    if period is not None:
        ranked = urgency_ranking(
            inputs["areas"],
            result.theme_scores,
            result.theme_contributions,
            warnings,
            period=period,
            min_themes=recompute.MIN_URGENCY_THEMES,
        )
        urgency, reasons = ranked.ranking, ranked.reasons
    cells = obs.join(areas.select(area="code", level="level"), on="area", how="inner").select(
        "indicator", "area", "period", "level", "value", "status", "source_table", "derivation"
    )
    figures = build_figures(
        cells,
        {
            "comparison": result.comparison,
            "ranks": result.ranks,
            "changes": result.changes,
            "group_positions": position_in_group(result.ranks, result.peers),
        },
    )
    frames = {
        "figures": figures,
        "breaks": class_breaks(figures),
        "theme_scores": text(result.theme_scores),
        "theme_contributions": text(result.theme_contributions),
        "peers": text(result.peers),
        "peer_profile": text(result.peer_profile),
        "peer_excluded": text(result.peer_excluded),
        "warnings": text(warnings),
        "urgency": text(urgency),
        "urgency_reasons": text(reasons),
        "national": text(result.national),
        "eligibility": text(result.eligibility),
        "areas": areas,
        "indicators": indicators.drop("id") if "id" in indicators.columns else indicators,
    }
    return {name: _sorted(name, frame) for name, frame in frames.items()}, period


def assert_same_frames(actual: dict[str, pl.DataFrame], expected: dict[str, pl.DataFrame]):
    assert list(actual) == list(expected)
    for name, frame in expected.items():
        assert_frame_equal(actual[name], frame, check_exact=True), name


@pytest.fixture(scope="module")
def synthetic():
    """A demo-sized synthetic country: every theme, changes, warnings, reference groups."""
    return make_synthetic(
        seed=3,
        n_municipalities=4,
        n_districts=16,
        n_neighbourhoods=140,
        n_indicators=24,
        periods=(2021, 2022, 2024),
    )


def test_synthetic_country_equals_the_long_frames(synthetic):
    data = synthetic
    pages = compute_page_frames(
        data.areas, data.indicators, data.observations, profile=list(data.profile)
    )
    expected, period = reference_frames(
        data.areas, data.indicators, data.observations, list(data.profile)
    )
    assert_same_frames(pages.frames, expected)
    assert pages.meta["main_period"] == period == 2024
    assert pages.meta["rows"] == data.observations.height
    # the case is not trivial: every frame the pages read has rows
    for name in ("figures", "theme_contributions", "peers", "warnings", "urgency_reasons"):
        assert pages.frames[name].height > 0, name
    assert pages.frames["urgency"].height > 0
    figures = pages.frames["figures"]
    for column in ("group_rank", "excess_z_adj", "district_value", "national_value"):
        assert figures[column].null_count() < figures.height, column


def test_synthetic_status_defaults(synthetic):
    """Without status and provenance, a value is "value" and a missing one
    "not_available"; no source table, no derivation."""
    data = synthetic
    figures = compute_page_frames(
        data.areas, data.indicators, data.observations, profile=list(data.profile)
    ).frames["figures"]
    missing = figures.filter(pl.col("value").is_null())
    assert missing.height > 0
    assert set(missing["status"]) == {"not_available"}
    assert set(figures.filter(pl.col("value").is_not_null())["status"]) == {"value"}
    assert figures["source_table"].null_count() == figures.height
    assert set(figures["derivation"]) == {""}


def test_frames_come_in_the_stored_order(synthetic):
    """Sorted by ``store.sort_keys`` already, so ``save_analysis`` skips the sort."""
    data = synthetic
    frames = compute_page_frames(
        data.areas, data.indicators, data.observations, profile=list(data.profile)
    ).frames
    for name, frame in frames.items():
        keys = sort_keys(name, frame)
        if keys:
            assert_frame_equal(frame, frame.sort(keys, maintain_order=True)), name


def test_shuffled_input_gives_the_same_frames(synthetic):
    data = synthetic
    profile = list(data.profile)
    pages = compute_page_frames(data.areas, data.indicators, data.observations, profile=profile)
    shuffled = compute_page_frames(
        data.areas.sample(fraction=1.0, shuffle=True, seed=1),
        data.indicators,
        data.observations.sample(fraction=1.0, shuffle=True, seed=2),
        profile=profile,
    )
    for name, frame in pages.frames.items():
        if name != "areas":
            assert_frame_equal(shuffled.frames[name], frame, check_exact=True), name


@pytest.mark.django_db
def test_toy_world_from_the_database_equals_the_long_frames():
    """The hand-made world of the factories: secret cells, wijk sums, NL01, the
    indicator ids of the database frames."""
    build_world()
    areas, indicators, observations = area_frame(), indicator_frame(), observation_frame()
    profile = compute_inputs(areas, indicators, observations)["profile"]
    pages = compute_page_frames(areas, indicators, observations)
    expected, period = reference_frames(areas, indicators, observations, profile)
    assert_same_frames(pages.frames, expected)
    assert pages.meta["main_period"] == period
    assert pages.meta["profile"] == profile
    figures = pages.frames["figures"]
    assert figures.filter(pl.col("status") == "secret").height > 0
    assert "NL01" not in figures["area"].to_list()


def test_floor_measures_the_search_and_the_sorts(synthetic):
    data = synthetic
    floor = measure_floor(
        areas=data.areas,
        observations=data.observations,
        indicators=data.indicators,
        profile=data.profile,
        repeat=1,
    )
    assert 100 < floor.buurten <= 140  # the buurten with enough of the profile
    assert floor.dimensions == len(data.profile)
    assert floor.search > 0 and floor.sorts > 0
    assert floor.seconds == floor.search + floor.sorts
    assert "nearest-neighbour search" in floor.describe()

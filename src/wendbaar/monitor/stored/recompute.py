"""Compute the analysis for the data in the database and store it (a write use case).

Called by the ``recompute_analysis`` task after an import and by ``load_demo``. The
statistics are :func:`.analysis.compute_all`; this module only prepares the frames that
pages read:

``figures``
    one row per indicator x area x period that is stored, *with its status* (a secret or
    suppressed cell stays a row with a null value, so a page can say so and never shows
    0) and its provenance (source table; derivation, e.g. a wijk's sum of its buurten),
    joined column-wise with the comparison (wijk, gemeente, NL values), the national rank,
    the change since the previous period (also against the reference group) and the
    position within the reference group.
``theme_scores``, ``theme_contributions``, ``peers``, ``peer_profile``, ``peer_excluded``,
``warnings``, ``urgency``, ``urgency_reasons``, ``national``
    as the analysis returns them (areas as text).
``areas``, ``indicators``
    names and provenance as they were when computed, so pages need no further query.

Urgency and group positions are (re)computed for the *main period*: the latest period in
which most buurten have theme scores. ``compute_all`` uses the latest period of any
indicator, which for the demo is a year with only police figures.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Sequence

import polars as pl
from django.conf import settings
from django.utils import timezone

from ..analysis import compute_all, position_in_group, urgency_ranking
from ..analysis.contracts import NEIGHBOURHOOD
from ..analysis.eligibility import EligibilityRule
from ..selectors import analysis_keys
from .inputs import area_frame, compute_inputs, indicator_frame, observation_frame
from .store import AnalysisKey, StoredAnalysis, save_analysis

log = logging.getLogger(__name__)

#: Reference group size (k nearest buurten nationwide).
REFERENCE_K = 10
#: A theme position needs two outcomes: never a number from one input.
MIN_THEME_INDICATORS = 2
#: Figures arrive in different years (benefits 2023, WOZ 2024): a theme combines each
#: outcome's latest period within this many years.
THEME_WINDOW = 3
#: A figure counts in theme positions at a level only where it covers at least this share
#: of the gemeenten the best-covered figure reaches (one gemeente's own ranking is not a
#: national position).
THEME_MIN_COVERAGE = 0.5
#: An urgency rank needs theme positions on at least this many themes.
MIN_URGENCY_THEMES = 2
#: Weakest-fifth signals need the two periods to rank comparable numbers of areas.
MIN_COVERAGE_RATIO = 0.5

FIGURE_COLUMNS = {
    "comparison": [
        "district_code",
        "district_value",
        "municipality_value",
        "national_value",
    ],
    "ranks": ["n", "percentile", "position", "z", "z_adj"],
    "changes": [
        "previous_period",
        "previous_value",
        "change",
        "previous_position",
        "position_change",
        "n_peers",
        "peer_mean_change",
        "peer_sd_change",
        "excess_z_adj",
    ],
    "group_positions": ["group_rank", "group_size", "peer_mean_position"],
}
KEYS = ["indicator", "area", "period"]


def _text(frame: pl.DataFrame, columns: Sequence[str] = ("indicator", "area")) -> pl.DataFrame:
    """Enum columns as plain text, so stored frames do not depend on one run's enums."""
    casts = [
        pl.col(c).cast(pl.String)
        for c in (*columns, "level", "theme", "peer", "district_code", "municipality_code")
        if c in frame.columns
    ]
    return frame.with_columns(casts) if casts else frame


def main_period(theme_scores: pl.DataFrame) -> int | None:
    """The period in which most buurten have a theme score (the latest on a tie)."""
    buurten = theme_scores.filter(pl.col("level") == NEIGHBOURHOOD)
    if buurten.height == 0:
        buurten = theme_scores
    if buurten.height == 0:
        return None
    counts = buurten.group_by("period").agg(n=pl.col("area").n_unique())
    return int(counts.sort("n", "period", descending=True)["period"][0])


def build_figures(cells: pl.DataFrame, parts: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """``cells`` (indicator, area, period, value, status, source_table) with the columns of
    :data:`FIGURE_COLUMNS` joined from each analysis frame in ``parts``."""
    figures = cells
    for name, columns in FIGURE_COLUMNS.items():
        part = parts[name]
        present = [c for c in columns if c in part.columns]
        figures = figures.join(
            _text(part.select(*KEYS, *present)), on=KEYS, how="left", coalesce=True
        )
    return figures


def comparable_warnings(
    warnings: pl.DataFrame, ranks: pl.DataFrame, *, min_ratio: float = MIN_COVERAGE_RATIO
) -> pl.DataFrame:
    """Drop weakest-fifth signals whose two periods ranked very different sets of areas.

    A position is a rank among the areas measured in that period. When one year covers
    one gemeente and the next the whole country (the demo's KWB 2023 and 2024), "entered
    the weakest fifth" compares a local rank with a national one and means nothing. The
    peer rules compare changes over the same interval and are kept.
    """
    if warnings.height == 0:
        return warnings
    n = (
        ranks.group_by("indicator", "period", "level")
        .agg(pl.col("n").first())
        .with_columns(pl.col("indicator", "level").cast(pl.String))
    )
    frame = (
        _text(warnings)
        .join(n, on=["indicator", "period", "level"], how="left")
        .join(
            n.rename({"period": "previous_period", "n": "n_previous"}),
            on=["indicator", "previous_period", "level"],
            how="left",
        )
    )
    ratio = pl.min_horizontal("n", "n_previous") / pl.max_horizontal("n", "n_previous")
    weakest = pl.col("rule").is_in(["entered_weakest_fifth", "left_weakest_fifth"])
    return frame.filter(~weakest | (ratio >= min_ratio).fill_null(False)).drop("n", "n_previous")


def class_breaks(figures: pl.DataFrame) -> pl.DataFrame:
    """National fifths (20/40/60/80 % quantiles) of every indicator x period x level, the
    class bounds of a choropleth."""
    value = pl.col("value")
    return (
        figures.filter(value.is_not_null())
        .group_by("indicator", "period", "level")
        .agg(
            n=pl.len().cast(pl.Int32),
            **{f"q{i}": value.quantile(i / 5, interpolation="linear") for i in range(1, 5)},
        )
        .sort("indicator", "period", "level")
    )


def analysis_options() -> dict:
    """The options of :func:`.analysis.compute_all` the monitor runs with (the task, the
    benchmark and ``monitor_report`` alike)."""
    return {
        "k": REFERENCE_K,
        "min_theme_indicators": MIN_THEME_INDICATORS,
        "theme_window": THEME_WINDOW,
        "theme_min_coverage": THEME_MIN_COVERAGE,
        "eligibility": eligibility_rule(),
        "min_urgency_themes": MIN_URGENCY_THEMES,
    }


def eligibility_rule() -> EligibilityRule:
    """The monitor's eligibility rule with the thresholds of the settings."""
    return EligibilityRule(
        min_population=settings.MONITOR_MIN_POPULATION,
        min_households=settings.MONITOR_MIN_HOUSEHOLDS,
        min_residential_ratio=settings.MONITOR_MIN_RESIDENTIAL_PERCENT / 100,
    )


def compute_analysis(*, data_version: int | None = None) -> StoredAnalysis | None:
    """Compute and store the analysis of the current data; None when there is no data.

    ``data_version`` (the task's argument) must be the current version; an older one is
    not computed (a later task computes the newer data).
    """
    keys = analysis_keys(limit=1)
    if not keys:
        return None
    key: AnalysisKey = keys[0]
    if data_version is not None and data_version != key.data_version:
        return None
    started = time.perf_counter()
    areas = area_frame()
    indicators = indicator_frame()
    observations = observation_frame()
    loaded = time.perf_counter() - started
    if observations.height == 0:
        return None
    inputs = compute_inputs(areas, indicators, observations)
    options = analysis_options()
    result = compute_all(**inputs, **options)

    t0 = time.perf_counter()
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
            min_themes=MIN_URGENCY_THEMES,
        )
        urgency, reasons = ranked.ranking, ranked.reasons
    group_positions = position_in_group(result.ranks, result.peers)

    codes = indicators.select("id", indicator="code")
    cells = (
        observations.join(codes, left_on="indicator_id", right_on="id", how="inner")
        .join(areas.select(area="code", level="level"), on="area", how="inner")
        .select(*KEYS, "level", "value", "status", "source_table", "derivation")
    )
    figures = build_figures(
        cells,
        {
            "comparison": result.comparison,
            "ranks": result.ranks,
            "changes": result.changes,
            "group_positions": group_positions,
        },
    )
    frames = {
        "figures": figures,
        "breaks": class_breaks(figures),
        "theme_scores": _text(result.theme_scores),
        "theme_contributions": _text(result.theme_contributions),
        "peers": _text(result.peers),
        "peer_profile": _text(result.peer_profile),
        "peer_excluded": _text(result.peer_excluded),
        "warnings": _text(warnings),
        "urgency": _text(urgency),
        "urgency_reasons": _text(reasons),
        "national": _text(result.national),
        "eligibility": _text(result.eligibility),
        "areas": areas,
        "indicators": indicators.drop("id"),
    }
    prepared = time.perf_counter() - t0
    timings = {"load": loaded, **result.timings, "prepare_pages": prepared}
    stored = save_analysis(
        key,
        frames,
        meta={
            "computed_at": timezone.now().isoformat(),
            "main_period": period,
            "profile": inputs["profile"],
            "k": REFERENCE_K,
            "theme_window": THEME_WINDOW,
            "eligibility": dataclasses.asdict(options["eligibility"]),
            "timings": timings,
            "rows": observations.height,
        },
    )
    log.info(
        "analysis_computed",
        extra={"data_version": key.data_version, "seconds": time.perf_counter() - started},
    )
    return stored

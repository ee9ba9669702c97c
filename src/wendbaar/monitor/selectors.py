"""Reads of the monitor: database rows as Polars frames, and the stored analysis.

``analysis_inputs`` builds the three frames of the analysis contract
(:mod:`.analysis.contracts`) column-wise from ``values_list`` tuples: one query per frame,
no Python loop over rows. ``current_analysis`` finds the newest stored analysis for the
data in the database (one query); the pages read everything else from it, so they never
recompute on request. Page-shaped selectors live in :mod:`.profile`, :mod:`.overview` and
:mod:`.peers`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import Q

from wendbaar.areas.models import Area

from .analysis.contracts import THEMES
from .constants import NATIONAL_CODE, Aggregation, IndicatorKind
from .models import ImportRun, Indicator, Observation
from .present import IndicatorInfo, indicator_info
from .profile import AreaProfile, area_profile
from .registry import REFERENCE_PROFILE
from .store import AnalysisKey, StoredAnalysis, load_analysis

# Django's aggregation choice → the analysis contract's name.
AGGREGATION = {
    Aggregation.SUM.value: "sum",
    Aggregation.WEIGHTED_MEAN.value: "mean_weighted",
    Aggregation.NONE.value: "none",
}
# Data versions searched for a stored analysis when the newest is not computed yet.
FALLBACK_VERSIONS = 20


def _frame(rows: Any, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def area_frame() -> pl.DataFrame:
    """``code, name, level, parent_code, municipality_code, first_year, last_year``."""
    rows = Area.objects.values_list(
        "code", "name", "level", "parent__code", "municipality_code", "first_year", "last_year"
    ).order_by()
    return _frame(
        rows,
        {
            "code": pl.String,
            "name": pl.String,
            "level": pl.String,
            "parent_code": pl.String,
            "municipality_code": pl.String,
            "first_year": pl.Int32,
            "last_year": pl.Int32,
        },
    ).sort("code")


def indicator_frame() -> pl.DataFrame:
    """The catalogue with everything a page shows about an indicator (provenance too).

    Also the analysis contract's columns: ``polarity`` (as analysed), ``themes`` (known
    themes only), ``weight``, ``aggregation`` and ``weight_indicator``; the catalogue's
    own polarity stays in ``catalogue_polarity``. Two rules of the glue:

    * additive counts (aggregation "sum": inhabitants, crimes, benefit recipients) grow
      with the size of an area, so they are analysed as neutral: ranked, never better or
      worse, never in a theme score or a warning; their rates (per 1,000, shares) are;
    * only catalogue indicators (``in_registry``) weigh in theme scores: a municipality's
      own and the soft indicators (signal counts) are measured in few areas, so a national
      z-score would mean little.
    """
    rows = Indicator.objects.values_list(
        "id",
        "code",
        "name_nl",
        "name_en",
        "definition_nl",
        "definition_en",
        "unit",
        "decimals",
        "polarity",
        "themes",
        "kind",
        "sensitive",
        "source",
        "source_table",
        "aggregation",
        "aggregation_weight__code",
        "in_registry",
        "order",
        "formula",
    ).order_by()
    frame = _frame(
        rows,
        {
            "id": pl.Int64,
            "code": pl.String,
            "name_nl": pl.String,
            "name_en": pl.String,
            "definition_nl": pl.String,
            "definition_en": pl.String,
            "unit": pl.String,
            "decimals": pl.Int32,
            "polarity": pl.Int8,
            "themes": pl.List(pl.String),
            "kind": pl.String,
            "sensitive": pl.Boolean,
            "source": pl.String,
            "source_table": pl.String,
            "aggregation": pl.String,
            "weight_indicator": pl.String,
            "in_registry": pl.Boolean,
            "order": pl.Int32,
            "formula": pl.Object,
        },
    )
    # The formula is JSON (a few dozen rows): stored as text for the pages' provenance.
    frame = frame.with_columns(
        pl.Series("formula", [json.dumps(f) if f else None for f in frame["formula"]], pl.String)
    )
    neutral = (pl.col("kind") == IndicatorKind.SOFT) | (pl.col("aggregation") == Aggregation.SUM)
    return (
        frame.with_columns(
            pl.col("themes").list.eval(pl.element().filter(pl.element().is_in(THEMES))),
            catalogue_polarity=pl.col("polarity"),
        )
        .with_columns(
            polarity=pl.when(neutral).then(pl.lit(0, pl.Int8)).otherwise(pl.col("polarity")),
            weight=pl.when(pl.col("in_registry") & ~neutral).then(1.0).otherwise(0.0),
            aggregation=pl.col("aggregation").replace_strict(AGGREGATION, default="none"),
        )
        .sort("order", "code")
    )


def observation_frame() -> pl.DataFrame:
    """Every stored observation of an area or of the Netherlands, with status and source.

    ``indicator_id, area, period, value, status, source_table, derivation`` (value null
    unless the status is ``value``; derivation empty unless the importer derived the value,
    e.g. a wijk's crimes as the sum of its buurten).
    """
    rows = (
        Observation.objects.filter(Q(area__isnull=False) | Q(region_code=NATIONAL_CODE))
        .values_list(
            "indicator_id", "region_code", "period", "value", "status", "source_table", "derivation"
        )
        .order_by()
    )
    return _frame(
        rows,
        {
            "indicator_id": pl.Int64,
            "area": pl.String,
            "period": pl.Int64,
            "value": pl.Float64,
            "status": pl.String,
            "source_table": pl.String,
            "derivation": pl.String,
        },
    )


def analysis_inputs(*, data_version: int | None = None) -> dict[str, Any]:
    """Keyword arguments of :func:`.analysis.compute_all` for the data in the database.

    ``data_version`` only labels the call (the task passes the version it computes); the
    frames are what is stored now. Returns ``areas``, ``observations``, ``indicators``
    and ``profile`` (the reference profile's indicators that exist).
    """
    return _inputs(area_frame(), indicator_frame(), observation_frame())


def _inputs(
    areas: pl.DataFrame, indicators: pl.DataFrame, observations: pl.DataFrame
) -> dict[str, Any]:
    codes = indicators.select("id", indicator="code")
    obs = observations.join(codes, left_on="indicator_id", right_on="id", how="inner")
    return {
        "areas": areas.select("code", "level", "parent_code", "municipality_code"),
        "observations": obs.select("indicator", "area", "period", "value"),
        "indicators": indicators.select(
            "code", "polarity", "themes", "weight", "aggregation", "weight_indicator"
        ),
        "profile": reference_profile(indicators),
    }


def reference_profile(indicators: pl.DataFrame) -> list[str]:
    """The reference profile's indicators that exist; without them (a database with only
    a municipality's own figures) the descriptive indicators, so groups can still form."""
    present = indicators["code"].to_list()
    profile = [code for code in REFERENCE_PROFILE if code in present]
    if not profile:
        profile = indicators.filter(pl.col("polarity") == 0)["code"].to_list()
    return profile or present[:1]


# --- the stored analysis ------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentAnalysis:
    """The analysis pages show: ``analysis`` (None when nothing is computed yet) and
    whether newer data waits for a recompute (``pending_version``)."""

    analysis: StoredAnalysis | None
    data_version: int
    pending_version: int | None = None

    @property
    def is_stale(self) -> bool:
        return self.pending_version is not None


def analysis_keys(limit: int = FALLBACK_VERSIONS) -> list[AnalysisKey]:
    """Keys of the newest data versions, newest first (one query).

    A key is the data version plus the first run that reached it, so two databases with
    the same version number (test databases, a restored backup) never share a result.
    """
    rows = (
        ImportRun.objects.succeeded()
        .filter(data_version__gt=0)
        .order_by("-data_version", "id")
        .values_list("data_version", "id", "started_at")[: limit * 4]
    )
    keys: dict[int, AnalysisKey] = {}
    for version, run_id, started_at in rows:
        keys.setdefault(version, AnalysisKey.for_run(version, run_id, started_at))
    return list(keys.values())[:limit]


def current_analysis() -> CurrentAnalysis:
    """The stored analysis of the newest data version, else of the newest one stored."""
    keys = analysis_keys()
    if not keys:
        return CurrentAnalysis(analysis=None, data_version=0)
    newest = keys[0].data_version
    for key in keys:
        stored = load_analysis(key)
        if stored is not None:
            pending = newest if key.data_version != newest else None
            return CurrentAnalysis(
                analysis=stored, data_version=key.data_version, pending_version=pending
            )
    return CurrentAnalysis(analysis=None, data_version=0, pending_version=newest)


# --- what pages need ----------------------------------------------------------------------


def may_see_sensitive(user: Any, area: Area | None) -> bool:
    """Sensitive indicators (e.g. origin) only for staff with restricted access to the area;
    anonymous visitors cost no query."""
    if area is None or not getattr(user, "is_authenticated", False):
        return False
    from wendbaar.accounts.policies import may

    return may(user, "accounts.view_restricted", area)


@dataclass(frozen=True)
class ProfileForPage:
    current: CurrentAnalysis
    profile: AreaProfile | None


def area_profile_for(user: Any, area: Area) -> ProfileForPage:
    """The monitor profile of ``area`` for the area page (one query for anonymous users)."""
    current = current_analysis()
    profile = None
    if current.analysis is not None:
        profile = area_profile(
            current.analysis,
            area.code,
            show_sensitive=may_see_sensitive(user, area),
            data_version=current.data_version,
            stale=current.is_stale,
        )
    return ProfileForPage(current=current, profile=profile)


@dataclass(frozen=True)
class PeriodFact:
    period: int
    national: str
    counts: dict[str, int]  # areas with a value per level
    source_table: str


@dataclass(frozen=True)
class IndicatorFacts:
    """What the stored analysis knows about one indicator (for its page)."""

    info: IndicatorInfo | None
    analysed_polarity: int | None
    periods: list[PeriodFact]
    formula: str


def indicator_facts(analysis: StoredAnalysis, indicator: Indicator) -> IndicatorFacts:
    row = analysis.indicators.get(indicator.code)
    info = indicator_info(row) if row else None
    figures = analysis.frame("figures").filter(
        (pl.col("indicator") == indicator.code) & pl.col("value").is_not_null()
    )
    counts = figures.group_by("period", "level").len().sort("period")
    by_period: dict[int, dict[str, int]] = {}
    for period, level, n in counts.iter_rows():
        by_period.setdefault(period, {})[level] = n
    national = analysis.frame("national").filter(pl.col("indicator") == indicator.code)
    national_by_period = dict(
        zip(national["period"].to_list(), national["value"].to_list(), strict=True)
    )
    periods = [
        PeriodFact(
            period=period,
            national=info.value_text(national_by_period[period])
            if info and national_by_period.get(period) is not None
            else "\u2013",
            counts=levels,
            source_table=info.table_for(period) if info else indicator.source_table,
        )
        for period, levels in sorted(by_period.items(), reverse=True)
    ]
    formula = ""
    if indicator.formula:
        names = analysis.indicators
        denominator = indicator.formula.get("denominator")
        parts = denominator if isinstance(denominator, list) else [denominator]
        formula = "{num} / ({den}) \u00d7 {scale}".format(
            num=_indicator_name(names, indicator.formula.get("numerator")),
            den=" + ".join(_indicator_name(names, p) for p in parts),
            scale=indicator.formula.get("scale", 1),
        )
    return IndicatorFacts(
        info=info,
        analysed_polarity=int(row["polarity"]) if row else None,
        periods=periods,
        formula=formula,
    )


def _indicator_name(indicators: dict[str, dict], code: str) -> str:
    return indicator_info(indicators[code]).name if code in indicators else code

"""The indicator page: what the stored analysis knows about one indicator."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ..models import Indicator
from ..stored.store import StoredAnalysis
from .present import IndicatorInfo, indicator_info


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


def indicator_facts(
    analysis: StoredAnalysis, indicator: Indicator, *, show_national: bool = True
) -> IndicatorFacts:
    """``show_national=False``: no figure for the Netherlands (a sensitive indicator for a
    reader whose scope is not the whole country)."""
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
            if show_national and info and national_by_period.get(period) is not None
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

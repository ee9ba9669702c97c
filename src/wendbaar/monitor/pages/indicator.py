"""The indicator page: what the stored analysis knows about one indicator."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _

from wendbaar.areas.codes import CODE_PATTERN, normalise_code

from ..models import Indicator
from ..stored.store import StoredAnalysis
from .present import AreaRef, IndicatorInfo, area_refs, indicator_info
from .trends import MIN_PERIODS, TrendLine, trend_line


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


@dataclass(frozen=True)
class AreaTrend:
    """The indicator in the area the reader chose (``?area=CODE``): its trend line, or
    why there is none."""

    code: str  # as entered, normalised
    area: AreaRef | None = None
    trend: TrendLine | None = None  # also when too short to draw: its table still shows
    error: str = ""  # the code is not an area the monitor knows, or not the reader's

    @property
    def drawable(self) -> bool:
        return self.trend is not None and self.trend.drawable

    @property
    def message(self) -> str:
        """Why no chart is drawn (empty when one is)."""
        if self.error or self.drawable:
            return self.error
        name = self.area.name if self.area else self.code
        if self.trend is None:
            return _("The monitor has no figure of this indicator for %(area)s.") % {"area": name}
        return _(
            "%(area)s has a figure in %(count)s of the years; a trend line needs at least "
            "%(minimum)s."
        ) % {"area": name, "count": len(self.trend.own.values), "minimum": MIN_PERIODS}


def parse_area(raw: str | None) -> str:
    """The area code of ``?area=`` (empty: none given)."""
    return normalise_code(raw or "")[:16]


def area_trend(
    analysis: StoredAnalysis, info: IndicatorInfo | None, code: str, *, allowed: bool = True
) -> AreaTrend:
    """The trend of ``info`` in the area ``code``, validated against the stored areas.

    ``allowed=False``: a sensitive indicator the reader may not see in that area; said so
    without a figure.
    """
    if not CODE_PATTERN.match(code):
        return AreaTrend(code, error=_("“%(code)s” is not a CBS code.") % {"code": code})
    area = area_refs(analysis.rows("areas", code)).get(code)
    if area is None:
        return AreaTrend(code, error=_("Unknown area code(s): %(codes)s.") % {"codes": code})
    if not allowed:
        return AreaTrend(
            code,
            area=area,
            error=_("You may not see this indicator for %(area)s.") % {"area": area.name},
        )
    trend = trend_line(analysis, info, code) if info else None
    return AreaTrend(code, area=area, trend=trend)

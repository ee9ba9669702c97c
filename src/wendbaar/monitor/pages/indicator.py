"""The indicator page: what the stored analysis knows about one indicator."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

import polars as pl
from django.utils.translation import gettext as _

from wendbaar.areas.codes import CODE_PATTERN, normalise_code

from ..models import Indicator
from ..stored.store import StoredAnalysis
from .present import (
    AreaRef,
    IndicatorInfo,
    area_refs,
    catalogue,
    indicator_info,
    national_provenance,
    source_label,
)
from .trends import MIN_PERIODS, TrendLine, trend_line


@dataclass(frozen=True)
class PeriodFact:
    period: int
    national: str
    counts: dict[str, int]  # areas with a value per level
    source_table: str
    source: str = ""  # the source in words (present.source_label)
    national_note: str = ""  # how the national figure was calculated, if it was


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
    every = catalogue(analysis.indicators, show_sensitive=True)
    periods = [
        PeriodFact(
            period=period,
            national=info.value_text(national_by_period[period])
            if show_national and info and national_by_period.get(period) is not None
            else "\u2013",
            counts=levels,
            source_table=info.table_for(period) if info else indicator.source_table,
            source=source_label(info, period, None, every) if info else "",
            national_note=national_provenance(national, indicator.code, period, every)
            if show_national and info
            else "",
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


#: Areas the indicator page draws side by side.
MAX_AREAS = 4


def parse_areas(values: list[str]) -> list[str]:
    """The area codes of ``?area=`` (repeated, or separated by spaces or commas), without
    duplicates, at most :data:`MAX_AREAS`."""
    codes: list[str] = []
    for raw in values:
        for part in re.split(r"[\s,;]+", raw or ""):
            code = normalise_code(part)[:16]
            if code and code not in codes:
                codes.append(code)
    return codes[:MAX_AREAS]


@dataclass(frozen=True)
class AreaTrends:
    """The areas the reader chose, each with its trend (or why there is none)."""

    codes: list[str]
    items: list[AreaTrend]
    error: str = ""  # about the choice as a whole (areas of different levels)

    @property
    def text(self) -> str:
        """The codes as the form's field shows them."""
        return " ".join(self.codes)

    @property
    def errors(self) -> list[str]:
        return [e for e in [self.error, *(i.error for i in self.items)] if e]

    @property
    def names(self) -> str:
        """ "Tigrisdreef en omgeving, Kanaleneiland" for the heading."""
        return ", ".join(i.area.name for i in self.shown)

    @property
    def shown(self) -> list[AreaTrend]:
        """The areas the page shows a chart or table for."""
        return [i for i in self.items if i.area is not None and not i.error]


def area_trends(
    analysis: StoredAnalysis,
    info: IndicatorInfo | None,
    codes: list[str],
    *,
    denied: Collection[str] = (),
) -> AreaTrends:
    """The trends of ``info`` in the areas ``codes`` (validated; ``denied``: areas where
    the reader may not see this sensitive indicator). Several areas must be of one level
    (never a buurt's figure beside a gemeente's), and their charts share one value axis
    so their lines compare at a glance."""
    items = [area_trend(analysis, info, code, allowed=code not in denied) for code in codes]
    levels = {i.area.level for i in items if i.area is not None}
    if len(levels) > 1:
        return AreaTrends(
            codes,
            [],
            error=_("Choose areas of one level: neighbourhoods, districts or municipalities."),
        )
    drawable = [i for i in items if i.drawable]
    if len(drawable) > 1:
        values = [p.value for i in drawable for s in i.trend.series for p in s.values]
        shared = (min(values), max(values))
        items = [
            replace(i, trend=replace(i.trend, value_range=shared)) if i.drawable else i
            for i in items
        ]
    return AreaTrends(codes, items)


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

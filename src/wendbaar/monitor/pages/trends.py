"""Trends as pictures: an area's figures over the years beside its reference group, its
gemeente and the Netherlands, drawn as accessible inline SVG (no JavaScript).

Reads the stored ``figures``, ``peers`` and ``national`` frames; builds one
:class:`TrendLine` per indicator (the values and statuses, period by period) and lays it
out as a full chart (axes with year and value ticks) or a sparkline (about 120 x 32). The
templates ``monitor/_trend_chart.html`` and ``monitor/_sparkline.html`` write the markup.

Honesty rules carried here:

* a secret, suppressed or missing period is a gap in the line, never 0; the text
  alternative and the table say which;
* a line is drawn only from :data:`MIN_PERIODS` periods with a value for the area;
* the reference group is the mean of the reference areas' values in a period, only when
  at least half of them (and at least :data:`MIN_PEER_VALUES`) have one;
* a count (``aggregation = sum``) grows with the size of an area, so the gemeente's and
  the country's totals are not drawn beside a buurt's;
* a sensitive indicator gets no reference group nor national line: both average over
  areas outside the reader's scope (as the profile shows no national figure of one).

Coordinates are strings formatted here ("12.5"): a template would localise a float
("12,5") and break the SVG.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property

import polars as pl
from django.utils.translation import gettext as _

from wendbaar.areas.constants import AreaLevel
from wendbaar.core.ticks import nice_ticks

from ..constants import ObservationStatus
from ..stored.store import StoredAnalysis
from .present import (
    MISSING,
    STATUS_TEXT,
    AreaRef,
    IndicatorInfo,
    area_refs,
    format_number,
    is_number,
)

#: A trend line needs this many periods with a value for the area.
MIN_PERIODS = 3
#: A reference-group mean needs at least this many reference areas with a value (and
#: at least half of the group): never the "mean" of one other buurt.
MIN_PEER_VALUES = 2
#: Not enough reference areas with a figure in a period (the reference group's cell).
TOO_FEW_PEERS = "too_few_peers"

AREA, PEERS, MUNICIPALITY, NATIONAL = "area", "peers", "municipality", "national"
SERIES_ORDER = (AREA, PEERS, MUNICIPALITY, NATIONAL)
#: A sparkline is small: the area, its reference group and its gemeente.
SPARKLINE_SERIES = (AREA, PEERS, MUNICIPALITY)


@dataclass(frozen=True)
class SeriesStyle:
    """How a series is told apart without colour: dash pattern and point marker."""

    dash: str  # SVG stroke-dasharray ("" = solid)
    marker: str  # circle, square, triangle, diamond
    width: float  # stroke width in the full chart


STYLES: dict[str, SeriesStyle] = {
    AREA: SeriesStyle(dash="", marker="circle", width=3.0),
    PEERS: SeriesStyle(dash="7 4", marker="square", width=2.0),
    MUNICIPALITY: SeriesStyle(dash="2 3", marker="triangle", width=2.0),
    NATIONAL: SeriesStyle(dash="10 3 2 3", marker="diamond", width=2.0),
}


@dataclass(frozen=True)
class Point:
    """One period of a series: a value, or the reason there is none."""

    period: int
    value: float | None
    status: str  # ObservationStatus, MISSING or TOO_FEW_PEERS
    text: str  # "38.2", "secret", "no figure"

    @property
    def is_value(self) -> bool:
        return self.value is not None

    @property
    def css_class(self) -> str:
        return "figure" if self.is_value else f"figure figure--{self.status.replace('_', '-')}"


@dataclass(frozen=True)
class Series:
    key: str  # AREA, PEERS, MUNICIPALITY, NATIONAL
    label: str  # "Tigrisdreef", "Reference group (mean)", "Municipality Utrecht"
    points: tuple[Point, ...]  # one per period of the trend line

    @property
    def style(self) -> SeriesStyle:
        return STYLES[self.key]

    @property
    def values(self) -> list[Point]:
        return [p for p in self.points if p.is_value]

    def words(self) -> str:
        """ "Tigrisdreef: 2021 38.2, 2022 secret, 2023 40.1"."""
        cells = ", ".join(f"{p.period} {p.text}" for p in self.points)
        return f"{self.label}: {cells}"

    def endpoints(self) -> str:
        """ "Tigrisdreef from 38.2 (2021) to 41.0 (2025)"; one value: "… 38.2 (2021)"."""
        valued = self.values
        if not valued:
            return _("%(series)s: no figure") % {"series": self.label}
        first, last = valued[0], valued[-1]
        if first is last:
            return _("%(series)s: %(value)s (%(period)s)") % {
                "series": self.label,
                "value": first.text,
                "period": first.period,
            }
        return _("%(series)s from %(first)s (%(first_period)s) to %(last)s (%(last_period)s)") % {
            "series": self.label,
            "first": first.text,
            "first_period": first.period,
            "last": last.text,
            "last_period": last.period,
        }


@dataclass(frozen=True)
class Tick:
    position: str  # x or y in SVG units
    label: str


@dataclass(frozen=True)
class DrawnSeries:
    key: str
    label: str
    dash: str
    width: str
    segments: tuple[str, ...]  # path data, one per run of periods with a value
    markers: tuple[str, ...]  # path data of the point markers


@dataclass(frozen=True)
class ChartLayout:
    """A laid-out chart: every number already a string for the SVG."""

    id: str
    width: int
    height: int
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    tick_end: str  # where the year ticks end below the plot
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    series: tuple[DrawnSeries, ...]


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str
    dash: str
    marker: str  # path data of the marker in a 32 x 16 sample


@dataclass(frozen=True)
class TrendLine:
    """One indicator of one area over the years, with the lines to compare it with."""

    info: IndicatorInfo
    area: AreaRef
    periods: tuple[int, ...]
    series: tuple[Series, ...]  # the area first
    notes: tuple[str, ...] = ()  # why a comparison is left out
    #: The value axis's range when several charts share one (the indicator page with
    #: several areas); None: this line's own values.
    value_range: tuple[float, float] | None = None

    @property
    def own(self) -> Series:
        return self.series[0]

    @property
    def drawable(self) -> bool:
        return len(self.own.values) >= MIN_PERIODS

    @property
    def dom_id(self) -> str:
        return re.sub(r"[^A-Za-z0-9_-]", "-", f"{self.info.code}-{self.area.code}")

    @property
    def span(self) -> str:
        return f"{self.periods[0]}\u2013{self.periods[-1]}" if self.periods else ""

    @property
    def title(self) -> str:
        """The chart's accessible name."""
        return _("%(indicator)s in %(area)s, %(span)s") % {
            "indicator": self.info.name,
            "area": self.area.name,
            "span": self.span,
        }

    @property
    def description(self) -> str:
        """Every value of every series in words: the chart for who cannot see it."""
        unit = f" ({self.info.unit_label})" if self.info.unit_label else ""
        parts = [
            _("%(indicator)s%(unit)s in %(area)s: %(cells)s")
            % {
                "indicator": self.info.name,
                "unit": unit,
                "area": self.area.name,
                "cells": ", ".join(f"{p.period} {p.text}" for p in self.own.points),
            }
        ]
        parts.extend(s.words() for s in self.series[1:])
        return " ".join(["; ".join(parts) + ".", *self.notes])

    @property
    def summary(self) -> str:
        """The sparkline's accessible name: first and last value of each series."""
        head = _("%(indicator)s, %(span)s") % {"indicator": self.info.name, "span": self.span}
        drawn = [s for s in self.series if s.key in SPARKLINE_SERIES]
        return f"{head}: " + "; ".join(s.endpoints() for s in drawn)

    @property
    def legend(self) -> list[LegendEntry]:
        return [
            LegendEntry(
                key=s.key,
                label=s.label,
                dash=s.style.dash,
                marker=_marker(s.style.marker, 16.0, 8.0, 4.0),
            )
            for s in self.series
        ]

    @property
    def sparkline_legend(self) -> list[LegendEntry]:
        """The legend of the sparklines (their lines and shorter dashes): once above a
        table of them, since each line's labels are those of the area's profile."""
        return [
            LegendEntry(
                key=s.key,
                label=s.label,
                dash=_short_dash(s.style.dash),
                marker=_marker(s.style.marker, 16.0, 8.0, 2.5) if s.key == AREA else "",
            )
            for s in self.series
            if s.key in SPARKLINE_SERIES
        ]

    @property
    def rows(self) -> list[tuple[int, list[Point]]]:
        """The data table beside the chart: per period, each series' point."""
        return [
            (period, [s.points[i] for s in self.series]) for i, period in enumerate(self.periods)
        ]

    @cached_property
    def chart(self) -> ChartLayout:
        return _layout(self, full=True)

    @cached_property
    def sparkline(self) -> ChartLayout:
        return _layout(self, full=False)


# --- building the series from the stored frames ------------------------------------


def trend_line(
    analysis: StoredAnalysis,
    info: IndicatorInfo,
    area_code: str,
    *,
    show_peers: bool = True,
    show_national: bool = True,
) -> TrendLine | None:
    """The trend of ``info`` in ``area_code`` (None: the analysis knows no such area or
    has no row of the indicator for it). Check :attr:`TrendLine.drawable` before drawing;
    the indicator page shows the table of a short series too."""
    lines = _trend_lines(
        analysis,
        area_code,
        {info.code: info},
        show_peers=show_peers,
        show_national=show_national,
    )
    return lines.get(info.code)


def trend_lines_for_area(
    analysis: StoredAnalysis, area_code: str, infos: dict[str, IndicatorInfo]
) -> dict[str, TrendLine]:
    """Drawable trend lines of every indicator in ``infos`` for one area (the profile's
    sparklines), by indicator code.

    A fixed number of frame reads whatever the number of indicators: the area's rows,
    its peers, their rows (at most the group size), the gemeente's rows and the national
    frame, each a binary search or one filter.
    """
    lines = _trend_lines(analysis, area_code, infos, show_peers=True, show_national=True)
    return {code: line for code, line in lines.items() if line.drawable}


def _trend_lines(
    analysis: StoredAnalysis,
    area_code: str,
    infos: dict[str, IndicatorInfo],
    *,
    show_peers: bool,
    show_national: bool,
) -> dict[str, TrendLine]:
    area = area_refs(analysis.rows("areas", area_code)).get(area_code)
    if area is None or not infos:
        return {}
    own = _cells(analysis.rows("figures", area_code), infos)
    if not own:
        return {}
    municipality = None
    if area.level != AreaLevel.MUNICIPALITY and area.municipality_code:
        municipality = area_refs(analysis.rows("areas", area.municipality_code)).get(
            area.municipality_code
        )
    gm_cells = _cells(analysis.rows("figures", municipality.code), infos) if municipality else {}
    peer_codes = analysis.rows("peers", area_code)["peer"].to_list() if show_peers else []
    peer_means = _peer_means(analysis, peer_codes, infos)
    national = _national(analysis, infos) if show_national else {}

    lines = {}
    for code, info in infos.items():
        cells = own.get(code)
        if not cells:
            continue
        lines[code] = _line(
            info,
            area,
            cells,
            peers=None if info.sensitive or not peer_codes else peer_means.get(code, {}),
            municipality=municipality,
            gm_cells=gm_cells.get(code, {}),
            national=None if info.sensitive or not show_national else national.get(code, {}),
            is_count=analysis.indicators.get(code, {}).get("aggregation") == "sum",
        )
    return lines


Cell = tuple[float | None, str]


def _cells(frame: pl.DataFrame, infos: dict[str, IndicatorInfo]) -> dict[str, dict[int, Cell]]:
    """(value, status) by period by indicator, from rows of the ``figures`` frame."""
    out: dict[str, dict[int, Cell]] = {}
    if frame.height == 0:
        return out
    rows = frame.filter(pl.col("indicator").is_in(list(infos))).select(
        "indicator", "period", "value", "status"
    )
    for indicator, period, value, status in rows.iter_rows():
        valued = is_number(value) and status in (None, ObservationStatus.VALUE)
        out.setdefault(indicator, {})[int(period)] = (
            (float(value), ObservationStatus.VALUE) if valued else (None, status or MISSING)
        )
    return out


def _peer_means(
    analysis: StoredAnalysis, peer_codes: list[str], infos: dict[str, IndicatorInfo]
) -> dict[str, dict[int, Cell]]:
    """The reference group's mean per period, where enough reference areas have a value."""
    if not peer_codes:
        return {}
    frame = pl.concat([analysis.rows("figures", code) for code in peer_codes], how="vertical")
    need = max(MIN_PEER_VALUES, math.ceil(len(peer_codes) / 2))
    stats = (
        frame.filter(pl.col("indicator").is_in(list(infos)))
        .group_by("indicator", "period")
        .agg(
            mean=pl.col("value").filter(pl.col("status") == ObservationStatus.VALUE).mean(),
            n=pl.col("value").filter(pl.col("status") == ObservationStatus.VALUE).count(),
        )
    )
    out: dict[str, dict[int, Cell]] = {}
    for indicator, period, mean, n in stats.iter_rows():
        cell = (float(mean), ObservationStatus.VALUE) if n >= need else (None, TOO_FEW_PEERS)
        out.setdefault(indicator, {})[int(period)] = cell
    return out


def _national(analysis: StoredAnalysis, infos: dict[str, IndicatorInfo]) -> dict[str, dict]:
    frame = analysis.frame("national").filter(pl.col("indicator").is_in(list(infos)))
    out: dict[str, dict[int, Cell]] = {}
    for indicator, period, value in frame.select("indicator", "period", "value").iter_rows():
        if is_number(value):
            out.setdefault(indicator, {})[int(period)] = (float(value), ObservationStatus.VALUE)
    return out


def _line(
    info: IndicatorInfo,
    area: AreaRef,
    cells: dict[int, Cell],
    *,
    peers: dict[int, Cell] | None,
    municipality: AreaRef | None,
    gm_cells: dict[int, Cell],
    national: dict[int, Cell] | None,
    is_count: bool,
) -> TrendLine:
    notes: list[str] = []
    # A count grows with the area: a gemeente's or the country's total is no yardstick.
    if (is_count or info.unit == "count") and (municipality or national):
        notes.append(
            _(
                "A count depends on the size of an area, so the municipality and the "
                "Netherlands are not shown beside it."
            )
        )
        municipality, national = None, None
    if info.sensitive:
        notes.append(
            _(
                "The reference group and the Netherlands are not shown: they would average "
                "over areas outside your access."
            )
        )
    if peers is not None:
        notes.append(
            _(
                "Reference group: the mean of the reference areas with a figure, where at "
                "least half of them have one."
            )
        )
    sources: list[tuple[str, str, dict[int, Cell]]] = [(AREA, area.name, cells)]
    if peers is not None:
        sources.append((PEERS, _("Reference group (mean)"), peers))
    if municipality is not None and gm_cells:
        sources.append(
            (MUNICIPALITY, _("Municipality %(name)s") % {"name": municipality.name}, gm_cells)
        )
    if national:
        sources.append((NATIONAL, _("Netherlands"), national))
    # The periods: every one in which the area or a comparison has a row, so a period the
    # area lacks is a visible gap, not a line drawn across it.
    periods = tuple(sorted({p for _key, _label, c in sources for p in c}))
    series = tuple(
        Series(key=key, label=label, points=tuple(_point(info, c.get(p), p) for p in periods))
        for key, label, c in sources
    )
    return TrendLine(info=info, area=area, periods=periods, series=series, notes=tuple(notes))


def _point(info: IndicatorInfo, cell: Cell | None, period: int) -> Point:
    if cell is None:
        return Point(period, None, MISSING, str(STATUS_TEXT[MISSING]))
    value, status = cell
    if value is not None:
        return Point(period, value, ObservationStatus.VALUE, info.value_text(value))
    if status == TOO_FEW_PEERS:
        return Point(period, None, TOO_FEW_PEERS, _("too few reference areas with a figure"))
    status = status if status in STATUS_TEXT else MISSING
    return Point(period, None, status, str(STATUS_TEXT[status]))


# --- layout ------------------------------------------------------------------------

FULL = {"width": 400, "height": 250, "left": 50, "right": 18, "top": 26, "bottom": 34}
SPARK = {"width": 120, "height": 32, "left": 4, "right": 4, "top": 4, "bottom": 4}


def _num(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _marker(shape: str, x: float, y: float, r: float) -> str:
    """Path data of a point marker centred on (x, y)."""
    if shape == "square":
        s = r * 0.9
        return f"M{_num(x - s)} {_num(y - s)}h{_num(2 * s)}v{_num(2 * s)}h{_num(-2 * s)}z"
    if shape == "triangle":
        h = r * 1.15
        return (
            f"M{_num(x)} {_num(y - h)}L{_num(x + h)} {_num(y + h * 0.8)}"
            f"L{_num(x - h)} {_num(y + h * 0.8)}z"
        )
    if shape == "diamond":
        d = r * 1.25
        return (
            f"M{_num(x)} {_num(y - d)}L{_num(x + d)} {_num(y)}"
            f"L{_num(x)} {_num(y + d)}L{_num(x - d)} {_num(y)}z"
        )
    return (
        f"M{_num(x - r)} {_num(y)}a{_num(r)} {_num(r)} 0 1 0 {_num(2 * r)} 0"
        f"a{_num(r)} {_num(r)} 0 1 0 {_num(-2 * r)} 0z"
    )


def _layout(line: TrendLine, *, full: bool) -> ChartLayout:
    box = FULL if full else SPARK
    left, right = box["left"], box["width"] - box["right"]
    top, bottom = box["top"], box["height"] - box["bottom"]
    shown = line.series if full else [s for s in line.series if s.key in SPARKLINE_SERIES]
    values = [p.value for s in shown for p in s.values]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if full and line.value_range is not None:
        low, high = line.value_range
    if full:
        ticks, decimals = nice_ticks(low, high)
        low, high = ticks[0], ticks[-1]
    else:
        ticks, decimals = [], 0
        if high - low < 1e-9:
            low, high = low - 1, high + 1
    first, last = line.periods[0], line.periods[-1]

    def x(period: int) -> float:
        if last == first:
            return (left + right) / 2
        return left + (period - first) / (last - first) * (right - left)

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    drawn = []
    for series in shown:
        style = series.style
        runs: list[list[Point]] = [[]]
        for point in series.points:
            if point.is_value:
                runs[-1].append(point)
            elif runs[-1]:
                runs.append([])
        runs = [r for r in runs if r]
        segments = tuple(
            "M" + "L".join(f"{_num(x(p.period))} {_num(y(p.value))}" for p in run)
            for run in runs
            if len(run) > 1
        )
        if full:
            marked = series.values
            radius = 4.0
        else:
            # A sparkline marks the area's endpoints, and any point standing alone
            # (between gaps), which no line would show.
            alone = [r[0] for r in runs if len(r) == 1]
            ends = [series.values[0], series.values[-1]] if series.key == AREA else []
            marked = [p for p in series.values if p in alone or p in ends]
            radius = 2.2
        markers = tuple(_marker(style.marker, x(p.period), y(p.value), radius) for p in marked)
        width = style.width if full else (2.0 if series.key == AREA else 1.25)
        drawn.append(
            DrawnSeries(
                key=series.key,
                label=series.label,
                dash=style.dash if full else _short_dash(style.dash),
                width=_num(width),
                segments=segments,
                markers=markers,
            )
        )
    x_ticks = tuple(Tick(_num(x(p)), str(p)) for p in _year_ticks(line.periods)) if full else ()
    y_ticks = tuple(Tick(_num(y(v)), format_number(v, decimals)) for v in ticks)
    prefix = "trend" if full else "spark"
    return ChartLayout(
        id=f"{prefix}-{line.dom_id}",
        width=box["width"],
        height=box["height"],
        plot_left=_num(left),
        plot_right=_num(right),
        plot_top=_num(top),
        plot_bottom=_num(bottom),
        tick_end=_num(bottom + 5),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        series=tuple(drawn),
    )


def _short_dash(dash: str) -> str:
    """The sparkline's dashes, shorter so a 120-pixel line still shows the pattern."""
    return " ".join(_num(float(d) / 2).removesuffix(".0") for d in dash.split()) if dash else ""


def _year_ticks(periods: tuple[int, ...], most: int = 8) -> list[int]:
    """The periods as ticks; every other one (always the last) when there are many."""
    if len(periods) <= most:
        return list(periods)
    step = math.ceil(len(periods) / most)
    picked = list(periods[::-1][::step])
    return sorted(picked)

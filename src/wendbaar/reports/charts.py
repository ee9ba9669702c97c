"""A report's trend chart: one outcome indicator over the years, as inline SVG.

Pure layout arithmetic over ``content.ResultContent`` (no Django): the years of the
series with a value each, the baseline as its own marker and the target as a dashed line
across the plot. The template ``reports/_trend_chart.html`` draws it with a ``<title>``
and a ``<desc>``, and the table of the same figures beside it, so the chart is never the
only carrier of the numbers (the monitor's trend charts work the same way, and share
their axis ticks through ``core.ticks``).

Coordinates are strings ("12.5"): a template would localise a float ("12,5") and break
the SVG. Labels of values go through ``fmt``, which the template tag gives the reader's
locale; the default writes plain decimals.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wendbaar.core.ticks import nice_ticks

from .content import ResultContent

#: A line needs two years with a value; one figure is a number, not a trend.
MIN_POINTS = 2
#: Year ticks beyond this many are thinned (the last one always stays).
MOST_YEAR_TICKS = 8

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 110, 24, 34  # margins: value ticks, target label, years

Formatter = Callable[[float, int], str]


def plain(value: float, decimals: int) -> str:
    return _num(value, decimals)


@dataclass(frozen=True)
class Tick:
    position: str  # x or y in SVG units
    label: str


@dataclass(frozen=True)
class ChartPoint:
    year: int
    value: float
    x: str
    y: str
    text: str  # the value as the page writes it


@dataclass(frozen=True)
class TargetLine:
    value: float
    year: int | None
    y: str
    text: str


@dataclass(frozen=True)
class TrendChart:
    """A laid-out chart: every number already a string for the SVG."""

    width: int
    height: int
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    tick_end: str  # where the year ticks end below the plot
    label_x: str  # where the target's label starts, right of the plot
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    segments: tuple[str, ...]  # path data, one per run of consecutive years
    points: tuple[ChartPoint, ...]  # one per year of the series
    baseline: ChartPoint | None = None
    baseline_marker: str = ""  # path data of the baseline's diamond
    target: TargetLine | None = None


def _num(x: float, decimals: int = 1) -> str:
    text = f"{x:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _finite(value: float | None) -> bool:
    return value is not None and isinstance(value, int | float) and math.isfinite(value)


def year_ticks(years: Sequence[int], most: int = MOST_YEAR_TICKS) -> list[int]:
    """The years as ticks; every other one (always the last) when there are many."""
    if len(years) <= most:
        return list(years)
    step = math.ceil(len(years) / most)
    return sorted(list(years)[::-1][::step])


def diamond(x: float, y: float, r: float = 6.0) -> str:
    """Path data of a diamond centred on (x, y): the baseline's marker."""
    return (
        f"M{_num(x)} {_num(y - r)}L{_num(x + r)} {_num(y)}"
        f"L{_num(x)} {_num(y + r)}L{_num(x - r)} {_num(y)}z"
    )


def trend_chart(result: ResultContent, fmt: Formatter = plain) -> TrendChart | None:
    """The chart of ``result``'s series, or None when there is nothing to draw: a hidden
    (sensitive) indicator, or fewer than :data:`MIN_POINTS` years with a value. A value
    that is not a finite number is left out, never drawn as 0."""
    if result.hidden:
        return None
    series = sorted((int(y), float(v)) for y, v in result.series if _finite(v))
    if len(series) < MIN_POINTS:
        return None
    years = [y for y, _v in series]
    has_baseline = _finite(result.baseline) and result.baseline_year is not None
    if has_baseline and result.baseline_year not in years:
        years = sorted({*years, result.baseline_year})
    has_target = _finite(result.target)
    values = [v for _y, v in series]
    values += [result.baseline] if has_baseline else []
    values += [result.target] if has_target else []
    ticks, tick_decimals = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    left, right = LEFT, WIDTH - RIGHT
    top, bottom = TOP, HEIGHT - BOTTOM
    first, last = years[0], years[-1]

    def x(year: int) -> float:
        return left + (year - first) / (last - first) * (right - left)

    def y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    def point(year: int, value: float) -> ChartPoint:
        return ChartPoint(year, value, _num(x(year)), _num(y(value)), fmt(value, result.decimals))

    points = tuple(point(yr, v) for yr, v in series)
    # A year without a figure is a gap in the line, never bridged.
    runs: list[list[ChartPoint]] = []
    for p in points:
        if runs and p.year == runs[-1][-1].year + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    segments = tuple(
        "M" + "L".join(f"{p.x} {p.y}" for p in run) for run in runs if len(run) >= MIN_POINTS
    )
    baseline = point(result.baseline_year, result.baseline) if has_baseline else None
    target = (
        TargetLine(
            value=result.target,
            year=result.target_year,
            y=_num(y(result.target)),
            text=fmt(result.target, result.decimals),
        )
        if has_target
        else None
    )
    return TrendChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=_num(left),
        plot_right=_num(right),
        plot_top=_num(top),
        plot_bottom=_num(bottom),
        tick_end=_num(bottom + 5),
        label_x=_num(right + 6),
        x_ticks=tuple(Tick(_num(x(yr)), str(yr)) for yr in year_ticks(years)),
        y_ticks=tuple(Tick(_num(y(v)), fmt(v, tick_decimals)) for v in ticks),
        segments=segments,
        points=points,
        baseline=baseline,
        baseline_marker=diamond(x(baseline.year), y(baseline.value)) if baseline else "",
        target=target,
    )

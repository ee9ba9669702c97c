"""One figure for several areas together (a wijkaanpak may cover more than one wijk or
buurt). Pure Python, no Django; the selectors ``latest_values``, ``value_in``, ``series``
and ``reference_change`` feed it.

Take the latest period in which *every* area has a value, then

* one area: its value;
* ``sum`` indicators (counts: inhabitants, homes): the sum of the areas' values;
* ``weighted_mean`` indicators with a weight (a base count, e.g. inhabitants): the mean
  weighted by that base in the same period; when a weight is missing, the plain mean;
* everything else (rates, scores): the plain mean of the areas' values, marked as an
  approximation (``exact=False``), since the true rate needs the underlying counts.

A period in which some area has no value is skipped rather than aggregated partially, so
a figure never silently covers only part of the areas. Callers pass real values only: a
secret or suppressed cell is absent from ``values``, never a 0.

:func:`aggregate_per_period` applies the same rule to every complete period (a trend);
:func:`change_over_areas` compares two periods over the same areas by the same method (a
reference group's change).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SUM = "sum"
WEIGHTED_MEAN = "weighted_mean"

# How the value was obtained (``Aggregate.method``).
SINGLE = "single"  # the value of the one area
MEAN = "mean"  # plain mean: an approximation


@dataclass(frozen=True)
class Aggregate:
    value: float
    period: int
    exact: bool = True
    method: str = SINGLE  # SINGLE, SUM, WEIGHTED_MEAN or MEAN


def aggregate_over_areas(
    values: Mapping[int, Mapping[str, float]],
    area_codes: Sequence[str],
    *,
    aggregation: str = "none",
    weights: Mapping[int, Mapping[str, float]] | None = None,
) -> Aggregate | None:
    """``values`` and ``weights``: period → area code → value (real values only).

    None when no period has a value for every area (or no area is given).
    """
    if not area_codes:
        return None
    for period in sorted(values, reverse=True):
        found = _aggregate_in(period, values[period], area_codes, aggregation, weights)
        if found is not None:
            return found
    return None


def aggregate_per_period(
    values: Mapping[int, Mapping[str, float]],
    area_codes: Sequence[str],
    *,
    aggregation: str = "none",
    weights: Mapping[int, Mapping[str, float]] | None = None,
) -> list[Aggregate]:
    """The figure of every period in which every area has a value, oldest first: each
    the one :func:`aggregate_over_areas` gives when that period is the latest."""
    if not area_codes:
        return []
    found = (
        _aggregate_in(period, values[period], area_codes, aggregation, weights)
        for period in sorted(values)
    )
    return [f for f in found if f is not None]


@dataclass(frozen=True)
class Change:
    """One figure over the same areas in two periods, by the same method."""

    start: Aggregate
    end: Aggregate
    areas: tuple[str, ...]  # the areas with a value in both periods, in the given order

    @property
    def change(self) -> float:
        return self.end.value - self.start.value

    @property
    def exact(self) -> bool:
        return self.start.exact and self.end.exact

    @property
    def method(self) -> str:
        return self.end.method


def change_over_areas(
    values: Mapping[int, Mapping[str, float]],
    area_codes: Sequence[str],
    *,
    start: int,
    end: int,
    aggregation: str = "none",
    weights: Mapping[int, Mapping[str, float]] | None = None,
) -> Change | None:
    """The figure of ``area_codes`` in ``start`` and in ``end``, over the areas that have
    a value in *both* periods, so a change in who is counted never shows as a change in
    the figure. For the same reason a weighted mean is weighted in both periods or in
    neither: when some of those areas lack a positive weight in either period, both are
    plain means (not exact).

    None when ``start == end`` or no area has a value in both periods.
    """
    if start == end:
        return None
    first, last = values.get(start, {}), values.get(end, {})
    used = [code for code in dict.fromkeys(area_codes) if code in first and code in last]
    if not used:
        return None
    if weights is not None and not all(_weighs(weights.get(p, {}), used) for p in (start, end)):
        weights = None
    before = _aggregate_in(start, first, used, aggregation, weights)
    after = _aggregate_in(end, last, used, aggregation, weights)
    if before is None or after is None:  # not reached: every used area has both values
        return None
    return Change(start=before, end=after, areas=tuple(used))


def _weighs(by_area: Mapping[str, float], area_codes: Sequence[str]) -> bool:
    """Whether every area has a weight and together they weigh something."""
    return all(code in by_area for code in area_codes) and (
        sum(by_area[code] for code in area_codes) > 0
    )


def _aggregate_in(
    period: int,
    by_area: Mapping[str, float],
    area_codes: Sequence[str],
    aggregation: str,
    weights: Mapping[int, Mapping[str, float]] | None,
) -> Aggregate | None:
    """The figure of ``period`` (None when some area has no value in it)."""
    if not all(code in by_area for code in area_codes):
        return None
    vals = [by_area[code] for code in area_codes]
    if len(vals) == 1:
        return Aggregate(vals[0], period)
    if aggregation == SUM:
        return Aggregate(sum(vals), period, method=SUM)
    if aggregation == WEIGHTED_MEAN and weights is not None:
        w_period = weights.get(period, {})
        if _weighs(w_period, area_codes):
            ws = [w_period[code] for code in area_codes]
            total = sum(w * v for w, v in zip(ws, vals, strict=True))
            return Aggregate(total / sum(ws), period, method=WEIGHTED_MEAN)
    return Aggregate(sum(vals) / len(vals), period, exact=False, method=MEAN)

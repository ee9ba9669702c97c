"""One figure for several areas together (a wijkaanpak may cover more than one wijk or
buurt). Pure Python, no Django; the selector ``latest_values`` feeds it.

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
        by_area = values[period]
        if not all(code in by_area for code in area_codes):
            continue
        vals = [by_area[code] for code in area_codes]
        if len(vals) == 1:
            return Aggregate(vals[0], period)
        if aggregation == SUM:
            return Aggregate(sum(vals), period, method=SUM)
        if aggregation == WEIGHTED_MEAN and weights is not None:
            w_period = weights.get(period, {})
            ws = [w_period.get(code) for code in area_codes]
            if all(w is not None for w in ws) and sum(ws) > 0:
                total = sum(w * v for w, v in zip(ws, vals, strict=True))
                return Aggregate(total / sum(ws), period, method=WEIGHTED_MEAN)
        return Aggregate(sum(vals) / len(vals), period, exact=False, method=MEAN)
    return None

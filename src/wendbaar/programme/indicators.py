"""Arithmetic of goal indicators. Pure functions, no Django.

Actual value over several areas (a wijkaanpak may cover more than one wijk or buurt):
take the latest period in which *every* area of the wijkaanpak has a value, then

* one area: its value;
* ``sum`` indicators (counts: inhabitants, homes): the sum of the areas' values;
* ``weighted_mean`` indicators with a weight (a base count, e.g. inhabitants): the mean
  weighted by that base in the same period; when a weight is missing, the plain mean;
* everything else (rates, scores): the plain mean of the areas' values, marked as an
  approximation (``exact=False``), since the true rate needs the underlying counts.

A period in which some area has no value is skipped rather than aggregated partially, so
a figure never silently covers only part of the wijkaanpak.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SUM = "sum"
WEIGHTED_MEAN = "weighted_mean"


@dataclass(frozen=True)
class Actual:
    value: float
    period: int
    exact: bool = True


def aggregate_actual(
    values: Mapping[int, Mapping[str, float]],
    area_codes: list[str],
    *,
    aggregation: str = "none",
    weights: Mapping[int, Mapping[str, float]] | None = None,
) -> Actual | None:
    """``values``: period → area code → value (only real values, no suppressed ones)."""
    if not area_codes:
        return None
    for period in sorted(values, reverse=True):
        by_area = values[period]
        if not all(code in by_area for code in area_codes):
            continue
        vals = [by_area[code] for code in area_codes]
        if len(vals) == 1:
            return Actual(vals[0], period)
        if aggregation == SUM:
            return Actual(sum(vals), period)
        if aggregation == WEIGHTED_MEAN and weights is not None:
            w_period = weights.get(period, {})
            ws = [w_period.get(code) for code in area_codes]
            if all(w is not None for w in ws) and sum(ws) > 0:
                total = sum(w * v for w, v in zip(ws, vals, strict=True))
                return Actual(total / sum(ws), period)
        return Actual(sum(vals) / len(vals), period, exact=False)
    return None


def progress_to_target(
    baseline: float | None, target: float | None, actual: float | None
) -> float | None:
    """Share of the way from baseline to target that has been covered (0 = baseline,
    1 = target reached; may be below 0 or above 1). None when it cannot be said."""
    if baseline is None or target is None or actual is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def direction(baseline: float | None, actual: float | None, polarity: int) -> str:
    """'better', 'worse', 'same' or 'unknown' compared with the baseline."""
    if baseline is None or actual is None:
        return "unknown"
    if actual == baseline or polarity == 0:
        return "same" if actual == baseline else "changed"
    up = actual > baseline
    return "better" if up == (polarity > 0) else "worse"

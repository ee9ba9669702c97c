"""Arithmetic of goal indicators against baseline and target. Pure functions, no Django.

The actual value of a monitor indicator over several areas is the monitor's
(``monitor.selectors.latest_values``), so the aggregation rule lives in one place.
"""

from __future__ import annotations


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

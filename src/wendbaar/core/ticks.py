"""Axis ticks for the server-drawn SVG charts (the monitor's trends, a report's trends).
Pure; no Django."""

from __future__ import annotations

import math


def nice_ticks(low: float, high: float, count: int = 5) -> tuple[list[float], int]:
    """Round tick values covering [low, high] (steps of 1, 2, 2.5 or 5 x 10^k) and the
    decimals their labels need."""
    if high - low < 1e-9:
        pad = abs(low) * 0.05 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    n = round((end - start) / step)
    ticks = [start + i * step for i in range(n + 1)]
    decimals = 0
    while decimals < 6 and abs(round(step, decimals) - step) > 1e-9:
        decimals += 1
    return ticks, decimals

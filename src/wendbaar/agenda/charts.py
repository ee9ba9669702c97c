"""Server-rendered SVG chart of money by party and theme (a stacked bar per party).

Pure layout arithmetic; the template draws it with ``<title>``/``<desc>`` and the table
with the same numbers beside it (the chart is never the only carrier of the figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Colour-blind-friendly palette (Okabe-Ito + greys), one per theme; "" = no theme.
PALETTE = {
    "housing": "#0072B2",
    "work": "#E69F00",
    "education": "#009E73",
    "safety": "#D55E00",
    "health": "#CC79A7",
    "cohesion": "#56B4E9",
    "environment": "#8C6D1F",
    "sustainability": "#3B7A3B",
    "": "#8A8A8A",
}

LABEL_WIDTH = 220
BAR_HEIGHT = 26
GAP = 10
CHART_WIDTH = 480
TOP = 10


@dataclass(frozen=True)
class Segment:
    theme: str
    label: str
    x: float
    width: float
    amount: Decimal
    colour: str


@dataclass(frozen=True)
class Bar:
    party: str
    y: float
    text_y: float
    total: Decimal
    total_x: float
    segments: list[Segment]


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    legend: list[tuple[str, str, str]]  # (theme, label, colour)
    label_width: int = LABEL_WIDTH


def party_theme_chart(
    parties: list[str],
    themes: list[tuple[str, str]],
    party_theme: dict[tuple[str, str], Decimal],
) -> BarChart:
    totals = {
        p: sum((party_theme.get((p, t), Decimal(0)) for t, _l in themes), Decimal(0))
        for p in parties
    }
    biggest = max(totals.values(), default=Decimal(0)) or Decimal(1)
    bars = []
    for i, party in enumerate(sorted(parties, key=lambda p: (-totals[p], p))):
        y = TOP + i * (BAR_HEIGHT + GAP)
        x = float(LABEL_WIDTH)
        segments = []
        for theme, label in themes:
            amount = party_theme.get((party, theme), Decimal(0))
            if not amount:
                continue
            width = float(amount / biggest) * CHART_WIDTH
            segments.append(
                Segment(
                    theme, label, round(x, 1), round(width, 1), amount, PALETTE.get(theme, "#444")
                )
            )
            x += width
        bars.append(Bar(party, y, y + BAR_HEIGHT * 0.68, totals[party], round(x + 6, 1), segments))
    height = TOP * 2 + len(bars) * (BAR_HEIGHT + GAP)
    return BarChart(
        bars=bars,
        width=LABEL_WIDTH + CHART_WIDTH + 120,
        height=max(height, 40),
        legend=[(t, label, PALETTE.get(t, "#444")) for t, label in themes],
    )

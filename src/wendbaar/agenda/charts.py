"""Server-rendered SVG chart of money by party: planned, committed and spent side by side.

Pure layout arithmetic; the template draws it with ``<title>``/``<desc>`` and the table
with the same numbers beside it (the chart is never the only carrier of the figures).
Each party gets three bars, one per status, on one scale: the three are never stacked
into one total (money that is only planned is not money spent).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import STATUSES, Amounts

# Colour-blind-friendly (Okabe-Ito and a grey), each at least 3:1 against white
# (WCAG 1.4.11); every bar also carries its amount as text.
STATUS_COLOURS = {"planned": "#6B6B6B", "committed": "#0072B2", "spent": "#B35000"}

LABEL_WIDTH = 220
BAR_HEIGHT = 12
BAR_GAP = 2
GROUP_GAP = 14
CHART_WIDTH = 420
TOP = 10


@dataclass(frozen=True)
class StatusBar:
    status: str
    label: str
    y: float
    text_y: float
    width: float
    amount: Decimal
    colour: str

    @property
    def text_x(self) -> float:
        return round(LABEL_WIDTH + self.width + 6, 1)


@dataclass(frozen=True)
class PartyGroup:
    party: str
    y: float
    text_y: float
    bars: list[StatusBar]


@dataclass(frozen=True)
class BarChart:
    groups: list[PartyGroup]
    width: int
    height: int
    legend: list[tuple[str, str, str]]  # (status, label, colour)
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def party_status_chart(
    parties: list[tuple[str, Amounts]], status_labels: dict[str, str]
) -> BarChart:
    """Three bars per party (planned, committed, spent), longest amount = full width;
    parties in the given order."""
    biggest = max((a for _p, amounts in parties for a in amounts.as_list()), default=Decimal(0))
    biggest = biggest or Decimal(1)
    group_height = len(STATUSES) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    groups = []
    for i, (party, amounts) in enumerate(parties):
        y = TOP + i * (group_height + GROUP_GAP)
        bars = []
        for j, (status, amount) in enumerate(zip(STATUSES, amounts.as_list(), strict=True)):
            bar_y = y + j * (BAR_HEIGHT + BAR_GAP)
            bars.append(
                StatusBar(
                    status=status,
                    label=status_labels.get(status, status),
                    y=bar_y,
                    text_y=round(bar_y + BAR_HEIGHT * 0.85, 1),
                    width=round(float(amount / biggest) * CHART_WIDTH, 1),
                    amount=amount,
                    colour=STATUS_COLOURS[status],
                )
            )
        groups.append(PartyGroup(party, y, round(y + group_height / 2 + 4, 1), bars))
    height = TOP * 2 + len(groups) * (group_height + GROUP_GAP)
    return BarChart(
        groups=groups,
        width=LABEL_WIDTH + CHART_WIDTH + 130,
        height=max(height, 40),
        legend=[(s, status_labels.get(s, s), STATUS_COLOURS[s]) for s in STATUSES],
    )

"""The five key figures that open an area page: what a wijkmanager needs first.

The rule: the area's five weakest outcomes — outcome indicators (figures that judge how
residents are doing, never context) ordered by their position among all areas of the
same level, lowest first (ties: the catalogue's order). Only rows with a figure count.
When the monitor does not judge the area, or fewer than five outcomes have a position,
the list is filled up with the fixed key set below, then with the profile's other
outcomes, in the catalogue's order.

Each key figure is compared with the reference group (the mean of the most similar
areas, the same line the sparkline draws); where the area has no reference group — not
judged, or too few peers with a value — with its gemeente, else with the Netherlands.

Pure: reads the profile the monitor's selector built (`area_profile_for`), no queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from wendbaar.monitor.constants import KEY_INDICATORS

N_KEY_FIGURES = 5

#: Filled in, in this order, when the area has fewer than five judged outcomes.
KEY_SET = KEY_INDICATORS

PEERS = "peers"  # the reference group's series key in a monitor TrendLine


@dataclass(frozen=True)
class KeyFigure:
    row: Any  # the profile's IndicatorRow: info, period, figure, trend, trend_line, ...
    reference_text: str  # the comparison's value as shown ("38.2", "no figure")
    reference_label: str  # "reference group", "Utrecht", "the Netherlands"

    @property
    def info(self) -> Any:
        return self.row.info


def _reference(row: Any, profile: Any) -> tuple[str, str] | None:
    line = row.trend_line
    if line is not None and profile.judged:
        for series in line.series:
            if series.key != PEERS:
                continue
            for point in series.points:
                if point.period == row.period and point.is_value:
                    return point.text, _("reference group")
    if row.municipality is not None and row.municipality.is_value and profile.municipality:
        return row.municipality.text, profile.municipality.name
    if row.national is not None and row.national.is_value:
        return row.national.text, _("the Netherlands")
    return None


def key_figures(profile: Any, n: int = N_KEY_FIGURES) -> list[KeyFigure]:
    """Up to ``n`` key figures of ``profile`` (an AreaProfile or None), by the rule above."""
    if profile is None:
        return []
    rows = [
        row
        for section in profile.sections
        for row in section.rows
        if row.figure is not None and row.figure.is_value
    ]
    seen: set[str] = set()
    chosen: list[Any] = []

    def take(candidates) -> None:
        for row in candidates:
            if len(chosen) >= n:
                return
            if row.info.code not in seen:
                seen.add(row.info.code)
                chosen.append(row)

    order = {row.info.code: i for i, row in enumerate(rows)}
    if profile.judged:
        judged = [r for r in rows if r.is_outcome and r.position is not None]
        take(sorted(judged, key=lambda r: (r.position, order[r.info.code])))
    by_code = {row.info.code: row for row in rows}
    take(by_code[code] for code in KEY_SET if code in by_code)
    take(r for r in rows if r.is_outcome)
    result = []
    for row in chosen:
        reference = _reference(row, profile)
        text, label = reference if reference else ("\u2013", "")
        result.append(KeyFigure(row=row, reference_text=text, reference_label=label))
    return result

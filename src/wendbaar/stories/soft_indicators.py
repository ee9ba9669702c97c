"""Signals become soft indicators in the monitor: counts per area, year and theme.

Indicator codes are ``signals_<direction>_<theme>`` (e.g. ``signals_concern_safety``:
the number of concern signals about safety noted in an area in a year). A signal on a
buurt counts for the buurt, its wijk and its gemeente; a signal on a wijk for the wijk
and its gemeente. For every area and year with at least one signal all 24 indicators get
a value, so "no concern about housing noted" is a 0, not a gap; areas and years without
any signal get no value (nobody was noting).

The counts are as confidential as the signals: the indicators are ``sensitive``, so the
monitor shows them only to staff with restricted access in the area's scope (the same
rule as for other sensitive indicators, ``monitor.selectors.may_see_sensitive``).

``soft_indicator_rows`` is pure (no database); ``write_soft_indicator_observations``
hands the rows to the monitor's ``replace_observations``, which replaces earlier soft
rows through the same writer, data version and analysis task as every import.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation

from wendbaar.core.actors import SystemActor
from wendbaar.core.constants import Theme
from wendbaar.monitor.constants import Aggregation, Polarity
from wendbaar.monitor.selectors import catalogue_ready
from wendbaar.monitor.services import DerivedIndicator, DerivedObservation, replace_observations

from .constants import (
    SOFT_INDICATOR_PREFIX,
    SOFT_SOURCE_NAME,
    SOFT_SOURCE_TABLE,
    SignalDirection,
)
from .selectors import SignalCount, signal_counts

SOFT_INDICATORS = SystemActor("soft_indicators")

log = logging.getLogger(__name__)


def soft_indicator_code(direction: str, theme: str) -> str:
    return f"{SOFT_INDICATOR_PREFIX}_{direction}_{theme}"


SOFT_INDICATOR_CODES = [
    soft_indicator_code(direction, theme)
    for direction in SignalDirection.values
    for theme in Theme.values
]


@dataclass(frozen=True)
class SoftIndicatorRow:
    indicator_code: str
    region_code: str
    period: int  # year
    value: int


def soft_indicator_rows(counts: Iterable[SignalCount]) -> list[SoftIndicatorRow]:
    """Rows for the monitor from yearly (or quarterly: summed) signal counts."""
    totals: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in counts:
        regions = [c.area_code]
        if c.area_level == "neighbourhood" and c.parent_code:
            regions.append(c.parent_code)
        if c.municipality_code not in regions:
            regions.append(c.municipality_code)
        for region in regions:
            totals[(region, c.year)][soft_indicator_code(c.direction, c.theme)] += c.count
    rows = [
        SoftIndicatorRow(code, region, year, by_code.get(code, 0))
        for (region, year), by_code in totals.items()
        for code in SOFT_INDICATOR_CODES
    ]
    return sorted(rows, key=lambda r: (r.region_code, r.period, r.indicator_code))


def monitor_available() -> bool:
    """Whether the monitor's tables exist (a demo step may run before its migrations)."""
    return catalogue_ready()


POLARITY = {
    SignalDirection.CONCERN: Polarity.HIGHER_IS_WORSE,
    SignalDirection.POSITIVE: Polarity.HIGHER_IS_BETTER,
    SignalDirection.LEVER: Polarity.HIGHER_IS_BETTER,
}


def soft_indicator_definitions() -> list[DerivedIndicator]:
    """The 24 indicators (direction x theme), named in both languages."""
    definitions = []
    for order, (direction, theme) in enumerate(
        (d, t) for d in SignalDirection.values for t in Theme.values
    ):
        texts = {}
        for lang in ("nl", "en"):
            with translation.override(lang):
                words = {
                    "direction": SignalDirection(direction).label,
                    "theme": Theme(theme).label,
                }
                texts[f"name_{lang}"] = (
                    translation.gettext("Signals (%(direction)s): %(theme)s") % words
                )
                words = {k: str(v).lower() for k, v in words.items()}
                texts[f"definition_{lang}"] = (
                    translation.gettext(
                        "Number of signals (%(direction)s) about %(theme)s that professionals "
                        "noted in the area in the year."
                    )
                    % words
                )
        definitions.append(
            DerivedIndicator(
                code=soft_indicator_code(direction, theme),
                **texts,
                unit="signals",
                source_name=SOFT_SOURCE_NAME,
                polarity=POLARITY[direction],
                themes=(theme,),
                aggregation=Aggregation.SUM,
                order=9000 + order,
                # Signals are staff-only; so are their counts (issue #9): only staff
                # with scope over the area see them, in pages, API and exports.
                sensitive=True,
            )
        )
    return definitions


def write_soft_indicator_observations(*, municipality_code: str | None = None) -> dict[str, int]:
    """Replace the soft-indicator observations (of one gemeente, or all) by fresh counts.

    Idempotent: a second run with the same signals changes nothing. Returns counts; when
    the monitor's tables are absent it writes nothing and says so. The monitor's service
    keeps the catalogue current, writes the diff, raises the data version and enqueues
    the analysis.
    """
    if not monitor_available():
        log.warning("soft_indicators_skipped_no_monitor")
        return {"skipped": 1, "created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    from .models import Signal

    signals = Signal.objects.all()
    if municipality_code:
        signals = signals.filter(municipality_code=municipality_code)
    rows = soft_indicator_rows(signal_counts(signals, by_quarter=False))
    result = replace_observations(
        source=SOFT_SOURCE_TABLE,
        indicators=soft_indicator_definitions(),
        rows=[
            DerivedObservation(r.indicator_code, r.region_code, r.period, float(r.value))
            for r in rows
        ],
        municipality_code=municipality_code or "",
        by=SOFT_INDICATORS,
    )
    counts = result.observations
    return {
        "created": counts.created,
        "updated": counts.updated,
        "deleted": counts.deleted,
        "unchanged": counts.unchanged,
    }

"""Signals become soft indicators in the monitor: counts per area, year and theme.

Indicator codes are ``signals_<direction>_<theme>`` (e.g. ``signals_concern_safety``:
the number of concern signals about safety noted in an area in a year). A signal on a
buurt counts for the buurt, its wijk and its gemeente; a signal on a wijk for the wijk
and its gemeente. For every area and year with at least one signal all 24 indicators get
a value, so "no concern about housing noted" is a 0, not a gap; areas and years without
any signal get no value (nobody was noting).

``soft_indicator_rows`` is pure (no database); ``write_soft_indicator_observations``
writes the rows through the monitor's models, replacing earlier soft rows.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation

from wendbaar.core.constants import Theme

from .constants import (
    SOFT_INDICATOR_PREFIX,
    SOFT_SOURCE_NAME,
    SOFT_SOURCE_TABLE,
    SignalDirection,
)
from .selectors import SignalCount, signal_counts

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
    """Whether the monitor's tables exist (the monitor app is built beside this one)."""
    try:
        from wendbaar.monitor.models import Indicator, Observation
    except ImportError:  # pragma: no cover
        return False
    from django.db import connection

    tables = set(connection.introspection.table_names())
    return {Indicator._meta.db_table, Observation._meta.db_table} <= tables


def _ensure_indicators() -> dict[str, int]:
    from wendbaar.monitor.constants import Aggregation, IndicatorKind, Polarity
    from wendbaar.monitor.models import Indicator

    polarity = {
        SignalDirection.CONCERN: Polarity.HIGHER_IS_WORSE,
        SignalDirection.POSITIVE: Polarity.HIGHER_IS_BETTER,
        SignalDirection.LEVER: Polarity.HIGHER_IS_BETTER,
    }
    existing = {i.code: i for i in Indicator.objects.filter(code__in=SOFT_INDICATOR_CODES)}
    stale = []
    for order, (direction, theme) in enumerate(
        (d, t) for d in SignalDirection.values for t in Theme.values
    ):
        code = soft_indicator_code(direction, theme)
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
        fields = {
            **texts,
            "unit": "signals",
            "polarity": polarity[direction],
            "themes": [theme],
            "kind": IndicatorKind.SOFT,
            "source": SOFT_SOURCE_NAME,
            "source_table": SOFT_SOURCE_TABLE,
            "aggregation": Aggregation.SUM,
            "in_registry": False,
            "order": 9000 + order,
        }
        indicator = existing.get(code)
        if indicator is None:
            existing[code] = Indicator.objects.create(code=code, **fields)
        elif any(getattr(indicator, k) != v for k, v in fields.items()):
            # Texts change with translations or wording: keep the rows current.
            for k, v in fields.items():
                setattr(indicator, k, v)
            stale.append(indicator)
    if stale:
        Indicator.objects.bulk_update(stale, list(fields))
    return {code: indicator.pk for code, indicator in existing.items()}


@transaction.atomic
def write_soft_indicator_observations(*, municipality_code: str | None = None) -> dict[str, int]:
    """Replace the soft-indicator observations (of one gemeente, or all) by fresh counts.

    Idempotent: a second run with the same signals changes nothing. Returns counts; when
    the monitor's tables are absent it writes nothing and says so.
    """
    if not monitor_available():
        log.warning("soft_indicators_skipped_no_monitor")
        return {"skipped": 1, "created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    from wendbaar.areas.models import Area
    from wendbaar.monitor.constants import ImportStatus, ObservationStatus, SourceKind
    from wendbaar.monitor.models import ImportRun, Observation

    from .models import Signal

    signals = Signal.objects.all()
    if municipality_code:
        signals = signals.filter(municipality_code=municipality_code)
    rows = soft_indicator_rows(signal_counts(signals, by_quarter=False))
    indicator_ids = _ensure_indicators()
    area_ids = dict(
        Area.objects.filter(code__in={r.region_code for r in rows}).values_list("code", "id")
    )
    stored = Observation.objects.filter(
        indicator_id__in=indicator_ids.values(), source_table=SOFT_SOURCE_TABLE
    )
    if municipality_code:
        stored = stored.filter(area__municipality_code=municipality_code)
    existing = {(o.indicator_id, o.region_code, o.period): o for o in stored}
    wanted = {
        (indicator_ids[r.indicator_code], r.region_code, r.period): r
        for r in rows
        if r.region_code in area_ids
    }
    run = ImportRun.objects.create(
        source_kind=SourceKind.CUSTOM,
        file_name="stories.signals",
        source_table=SOFT_SOURCE_TABLE,
        periods=sorted({r.period for r in rows}),
    )
    created, updated, unchanged = [], [], 0
    for key, row in wanted.items():
        obs = existing.get(key)
        if obs is None:
            created.append(
                Observation(
                    indicator_id=key[0],
                    region_code=row.region_code,
                    area_id=area_ids[row.region_code],
                    period=row.period,
                    value=float(row.value),
                    status=ObservationStatus.VALUE,
                    source_table=SOFT_SOURCE_TABLE,
                    import_run=run,
                )
            )
        elif obs.value != float(row.value) or obs.status != ObservationStatus.VALUE:
            obs.value, obs.status, obs.import_run = float(row.value), ObservationStatus.VALUE, run
            updated.append(obs)
        else:
            unchanged += 1
    stale = [o.pk for key, o in existing.items() if key not in wanted]
    Observation.objects.bulk_create(created, batch_size=1000)
    Observation.objects.bulk_update(updated, ["value", "status", "import_run"], batch_size=1000)
    Observation.objects.filter(pk__in=stale).delete()

    changed = bool(created or updated or stale)
    latest = ImportRun.objects.current_data_version()
    run.data_version = latest + 1 if changed else latest
    run.created, run.updated, run.unchanged = len(created), len(updated), unchanged
    run.status = ImportStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.detail = {"deleted": len(stale), "municipality_code": municipality_code or ""}
    run.save()
    if changed:
        _enqueue_analysis(run.data_version)
    return {
        "created": len(created),
        "updated": len(updated),
        "deleted": len(stale),
        "unchanged": unchanged,
    }


def _enqueue_analysis(data_version: int) -> None:
    def enqueue() -> None:
        try:
            from wendbaar.monitor.tasks import recompute_analysis

            recompute_analysis.enqueue(data_version=data_version)
        except Exception:  # the observations are committed; a failed enqueue must not hide it
            log.exception("soft_indicators_analysis_enqueue_failed")

    transaction.on_commit(enqueue)

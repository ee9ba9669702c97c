"""Write use cases of the monitor: importing files, recomputing calculations, and
replacing the observations another app derives.

The public surface for other apps is :func:`replace_observations` (with
:class:`DerivedIndicator` and :class:`DerivedObservation`); ``import_observations`` and
``recompute_calculated`` serve the monitor's commands, demo and benchmark. All three
write through the one diff writer (``importing/writer.py``), record an
:class:`~.models.ImportRun`, raise the data version when anything changed and enqueue the
analysis task on commit, so there is one path from new data to the pages.

``import_observations`` validates a whole file first (``importing/sources``), then writes
in one transaction: nothing of a bad file is kept. Rules worth knowing:

* An observation is keyed on (indicator, region_code, period). Codes that are not an
  Area (codes of another year's division) are skipped and listed, or an error with
  ``strict``. NL00/NL01 is stored as NL01 without an Area.
* A missing value (secret / not available) never replaces a stored value: a later
  early-release file with ``.`` must not wipe a published figure. It is counted as
  ``kept``.
* Rows stored earlier that a new file does not mention stay (files are often subsets,
  e.g. one gemeente).
* Where the file leaves a wijk without a row for an additive count (catalogue
  aggregation ``sum``, e.g. crimes: the police file has no wijken), the wijk's value is
  derived as the sum of its buurten when every buurt has a value (``importing/derive.py``),
  marked ``derivation = "sum_of_neighbourhoods"``; derived values that no longer add up
  are updated or deleted. A row the source provides is never replaced by a derived one.
* Calculated indicators whose inputs were imported are then recomputed for the imported
  periods in the same transaction (derived wijk values included); ratios on a base below
  ``min_base`` are stored as ``suppressed``; a calculated value whose inputs are gone
  (a derived sum was deleted) is deleted.
* A run that changed anything raises the data version; the analysis task is enqueued
  on commit with that version.

``replace_observations`` differs on purpose: the deriving app states *everything* that
holds now for its indicators, so rows it no longer gives are deleted and a missing value
does replace a stored one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wendbaar.areas.codes import InvalidCode
from wendbaar.areas.codes import municipality_code as municipality_code_of
from wendbaar.core.actors import is_system
from wendbaar.core.constants import Theme
from wendbaar.core.files import sha256_of

from .constants import (
    Aggregation,
    ImportStatus,
    IndicatorKind,
    ObservationStatus,
    Polarity,
    SourceKind,
)
from .importing import writer
from .importing.plausibility import check_ranges
from .importing.sources import PARSERS, ImportFileError
from .importing.sources.base import finalise
from .importing.writer import WriteCounts
from .models import ImportRun, Indicator, Observation
from .registry import sync_indicators, valid_range

__all__ = [
    "DerivedIndicator",
    "DerivedObservation",
    "ImportResult",
    "WriteCounts",
    "import_observations",
    "recompute_calculated",
    "replace_observations",
]

MAX_LISTED_CODES = 200
MAX_LISTED_WARNINGS = 50

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    source: str
    file_name: str
    source_table: str = ""
    periods: list[int] = field(default_factory=list)
    observations: WriteCounts = field(default_factory=WriteCounts)
    derived: WriteCounts = field(default_factory=WriteCounts)
    derived_indicators: list[str] = field(default_factory=list)
    calculated: WriteCounts = field(default_factory=WriteCounts)
    calculated_indicators: list[str] = field(default_factory=list)
    skipped_codes: list[str] = field(default_factory=list)
    skipped_observations: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    # Warnings: values outside their valid range imported as not available.
    implausible: list[str] = field(default_factory=list)
    duration: float = 0.0
    data_version: int = 0
    run_id: int | None = None

    def summary(self) -> list[str]:
        """Human-readable lines for the command."""
        counts = self.observations
        lines = [
            _(
                "%(file)s (%(source)s, table %(table)s, periods %(periods)s): "
                "%(created)s created, %(updated)s updated, %(unchanged)s unchanged "
                "in %(seconds).2f s"
            )
            % {
                "file": self.file_name,
                "source": self.source,
                "table": self.source_table,
                "periods": ", ".join(str(p) for p in self.periods),
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "seconds": self.duration,
            }
        ]
        if counts.kept:
            lines.append(
                _("  %(count)s missing values did not replace stored values")
                % {"count": counts.kept}
            )
        if self.skipped_codes:
            shown = ", ".join(self.skipped_codes[:20])
            more = len(self.skipped_codes) - 20
            lines.append(
                _(
                    "  skipped %(observations)s observations of %(areas)s region codes that "
                    "are not an area: %(codes)s"
                )
                % {
                    "observations": self.skipped_observations,
                    "areas": len(self.skipped_codes),
                    "codes": shown + (f" … (+{more})" if more > 0 else ""),
                }
            )
        if self.ignored_columns:
            lines.append(
                _("  %(count)s columns not in the catalogue were ignored: %(columns)s")
                % {
                    "count": len(self.ignored_columns),
                    "columns": ", ".join(self.ignored_columns[:12])
                    + (" …" if len(self.ignored_columns) > 12 else ""),
                }
            )
        if self.implausible:
            lines.append(
                _("  %(count)s values outside their valid range imported as not available:")
                % {"count": len(self.implausible)}
            )
            lines += [f"    {warning}" for warning in self.implausible[:MAX_LISTED_WARNINGS]]
            if len(self.implausible) > MAX_LISTED_WARNINGS:
                lines.append(f"    … (+{len(self.implausible) - MAX_LISTED_WARNINGS})")
        derived = self.derived
        if derived.changed or derived.unchanged:
            lines.append(
                _(
                    "  district values of %(indicators)s as the sum of their neighbourhoods: "
                    "%(created)s created, %(updated)s updated, %(deleted)s deleted, "
                    "%(unchanged)s unchanged"
                )
                % {
                    "indicators": ", ".join(self.derived_indicators),
                    "created": derived.created,
                    "updated": derived.updated,
                    "deleted": derived.deleted,
                    "unchanged": derived.unchanged,
                }
            )
        if self.calculated_indicators:
            calc = self.calculated
            lines.append(
                _(
                    "  recomputed %(count)s calculated indicators: %(created)s created, "
                    "%(updated)s updated, %(unchanged)s unchanged"
                )
                % {
                    "count": len(self.calculated_indicators),
                    "created": calc.created,
                    "updated": calc.updated,
                    "unchanged": calc.unchanged,
                }
            )
        lines.append(_("  data version %(version)s") % {"version": self.data_version})
        return lines


# --- import -------------------------------------------------------------------------------


def import_observations(
    *,
    source: str,
    path: str | Path,
    period: int | None = None,
    strict: bool = False,
    implausible_as_missing: bool = False,
) -> ImportResult:
    """Import one file of ``source`` (a :class:`SourceKind` value except ``calculated``).

    Raises :class:`ImportFileError` (file, row, column in the message) on bad input;
    then nothing is written. A value outside its indicator's valid range is bad input,
    or with ``implausible_as_missing`` imported as not available and listed in
    ``ImportResult.implausible``.
    """
    started = time.perf_counter()
    path = Path(path)
    if source not in PARSERS:
        raise ImportFileError(
            _("unknown source “%(source)s”; use one of %(sources)s")
            % {"source": source, "sources": ", ".join(PARSERS)},
            file=path.name,
        )
    sync_indicators()
    catalogue = dict(Indicator.objects.values_list("code", "source_columns"))
    parsed = PARSERS[source](path, period=period, strict=strict, catalogue=catalogue)
    frame = finalise(parsed, path.name)
    units = dict(Indicator.objects.values_list("code", "unit"))
    units |= {d.code: str(d.values.get("unit", "")) for d in parsed.definitions}
    ranges = {code: valid_range(code, unit) for code, unit in units.items()}
    frame, implausible = check_ranges(frame, ranges, path.name, as_missing=implausible_as_missing)
    result = ImportResult(
        source=source,
        file_name=path.name,
        source_table=parsed.source_table,
        periods=sorted(frame["period"].unique().to_list()),
        ignored_columns=parsed.ignored_columns,
        implausible=[str(warning) for warning in implausible],
    )

    with transaction.atomic():
        for definition in parsed.definitions:
            Indicator.objects.update_or_create(
                code=definition.code,
                defaults={**definition.values, "in_registry": False, "source_table": "custom"},
            )
        indicator_ids = dict(Indicator.objects.values_list("code", "id"))
        frame = writer.attach_ids(frame, indicator_ids)
        frame, skipped = writer.attach_areas(frame)
        if skipped.height:
            result.skipped_observations = skipped.height
            codes = skipped.group_by("region_code").agg(pl.col("row").min()).sort("row")
            result.skipped_codes = codes["region_code"].to_list()
            if strict:
                first = codes.row(0, named=True)
                raise ImportFileError(
                    _("region code %(code)s is not a known area") % {"code": first["region_code"]},
                    file=path.name,
                    row=first["row"],
                    column=_("region code"),
                )
        run = ImportRun.objects.create(
            source_kind=source,
            file_name=path.name,
            file_sha256=sha256_of(path),
            source_table=parsed.source_table,
            periods=result.periods,
        )
        result.observations = writer.write_diff(frame, run=run, source_table=parsed.source_table)
        imported_codes = set(frame["indicator"].unique().to_list())
        # Order matters: derived wijk sums are inputs of the calculated indicators.
        summed = writer.summed_indicators(imported_codes)
        result.derived_indicators = list(summed)
        if summed:
            result.derived = writer.derive_sums(
                list(summed.values()), periods=result.periods, run=run
            )
        specs = writer.calculated_indicators(inputs=imported_codes)
        result.calculated_indicators = [ind.code for ind in specs]
        if specs:
            result.calculated = writer.recompute_calculations(
                specs, periods=result.periods, run=run
            )
        _finish_run(run, result.observations, result.calculated, result, derived=result.derived)
        result.run_id = run.pk
        result.data_version = run.data_version
        if result.observations.changed or result.derived.changed or result.calculated.changed:
            _enqueue_analysis(run.data_version)
    result.duration = time.perf_counter() - started
    log.debug(
        "observations_imported",
        extra={"file": path.name, "source": source, "counts": asdict(result.observations)},
    )
    return result


def recompute_calculated(
    *, periods: list[int] | None = None, codes: list[str] | None = None
) -> WriteCounts:
    """Recompute calculated indicators (all, or ``codes``) for ``periods`` (default all)."""
    sync_indicators()
    specs = writer.calculated_indicators(codes=codes)
    with transaction.atomic():
        run = ImportRun.objects.create(source_kind=SourceKind.CALCULATED)
        if periods is None:
            input_ids = {i for ind in specs for i in writer.input_ids(ind)}
            periods = sorted(
                Observation.objects.filter(indicator_id__in=input_ids)
                .values_list("period", flat=True)
                .distinct()
            )
        run.periods = list(periods)
        counts = WriteCounts()
        if specs:
            counts = writer.recompute_calculations(specs, periods=list(periods), run=run)
        _finish_run(run, WriteCounts(), counts, None)
        if counts.changed:
            _enqueue_analysis(run.data_version)
    return counts


# --- observations other apps derive -------------------------------------------------------


@dataclass(frozen=True)
class DerivedIndicator:
    """An indicator another app derives from its own records (soft data: signals now,
    residents' initiatives later). Stored in the catalogue as kind ``soft``, outside the
    national registry; the deriving source owns it (``source_table`` = the source)."""

    code: str
    name_nl: str
    name_en: str
    unit: str  # a key of the units pages know ("signals", "count", "%", …)
    definition_nl: str = ""
    definition_en: str = ""
    source_name: str = ""  # provenance shown with the figure ("Wendbaar, signalen uit …")
    polarity: int = Polarity.NEUTRAL
    themes: tuple[str, ...] = ()
    aggregation: str = Aggregation.NONE  # how a figure for several areas follows
    decimals: int = 0
    order: int = 0
    # Counts of Wendbaar's own records (signals) are not open statistics: shown only to
    # staff with scope over the area, like other sensitive indicators. A deriving app
    # opts out explicitly for figures that may be public.
    sensitive: bool = True


@dataclass(frozen=True)
class DerivedObservation:
    """One figure: indicator code x CBS region code x period (year)."""

    indicator: str
    region_code: str
    period: int
    value: float | None
    status: str = ObservationStatus.VALUE  # any other status has no value


ROW_SCHEMA = {
    "indicator": pl.String,
    "region_code": pl.String,
    "period": pl.Int64,
    "value": pl.Float64,
    "status": pl.String,
}


def replace_observations(
    *,
    source: str,
    indicators: Sequence[DerivedIndicator],
    rows: Sequence[DerivedObservation],
    municipality_code: str = "",
    by: Any,
) -> ImportResult:
    """Replace everything ``source`` said about ``indicators`` by ``rows``.

    ``source`` names the deriving source (e.g. ``"stories_signals"``, at most 40
    characters); it is stored as the rows' and the indicators' source table and the run's
    file name. The indicators are created or brought up to date in the catalogue. Rows
    the source stored earlier and ``rows`` no longer hold are deleted; with
    ``municipality_code`` only that gemeente's rows are replaced (every row must lie in
    it). Rows of codes that are no Area are skipped and counted, as in a file import.

    One transaction through the importers' diff writer: a second call with the same rows
    changes nothing and keeps the data version; a change raises it and enqueues the
    analysis on commit. Derived figures are computed, never typed: only the platform
    writes them, so ``by`` is a ``core.actors.SystemActor`` (its name is noted on the
    run; anyone else gets ``PermissionDenied``). Raises ``ValueError`` on rows that
    contradict the definitions (a programming error).
    """
    if not is_system(by):
        raise PermissionDenied
    started = time.perf_counter()
    _check_derived(source, indicators, rows, municipality_code)
    frame = pl.DataFrame(
        [(r.indicator, r.region_code, r.period, r.value, str(r.status)) for r in rows],
        schema=ROW_SCHEMA,
        orient="row",
    )
    result = ImportResult(source=SourceKind.DERIVED, file_name=source, source_table=source)
    with transaction.atomic():
        indicator_ids, redefined = _ensure_derived_indicators(source, indicators)
        frame, skipped = writer.attach_areas(writer.attach_ids(frame, indicator_ids))
        result.skipped_observations = skipped.height
        result.skipped_codes = sorted(skipped["region_code"].unique().to_list())
        existing = writer.existing_rows(
            list(indicator_ids.values()),
            None,
            tables=True,
            municipality_code=municipality_code,
        )
        result.periods = sorted(set(frame["period"].to_list()) | set(existing["period"]))
        run = ImportRun.objects.create(
            source_kind=SourceKind.DERIVED,
            file_name=source,
            source_table=source,
            periods=result.periods,
        )
        result.observations = writer.write_diff(
            frame,
            run=run,
            source_table=source,
            existing=existing,
            prune=pl.col("old_source_table") == source,
            keep_published=False,
        )
        # Same order as an import: a calculated indicator may read a derived one. The wijk
        # sums of an import are not derived here: a deriving app rolls up itself.
        specs = writer.calculated_indicators(inputs=set(indicator_ids))
        result.calculated_indicators = [ind.code for ind in specs]
        if specs and result.periods:
            result.calculated = writer.recompute_calculations(
                specs, periods=result.periods, run=run
            )
        _finish_run(
            run,
            result.observations,
            result.calculated,
            result,
            extra={
                "deleted": result.observations.deleted,
                "municipality_code": municipality_code,
                "by": by.name,
            },
        )
        result.run_id = run.pk
        result.data_version = run.data_version
        # A changed definition (a name, or who may see it) must reach the stored analysis
        # the pages read, even when no figure changed.
        if result.observations.changed or result.calculated.changed or redefined:
            _enqueue_analysis(run.data_version)
    result.duration = time.perf_counter() - started
    log.debug(
        "observations_replaced",
        extra={"source": source, "counts": asdict(result.observations)},
    )
    return result


def _check_derived(
    source: str,
    indicators: Sequence[DerivedIndicator],
    rows: Sequence[DerivedObservation],
    municipality_code: str,
) -> None:
    if not source or len(source) > 40:
        raise ValueError(f"source must be 1 to 40 characters, not {source!r}")
    codes = {d.code for d in indicators}
    if len(codes) != len(indicators):
        raise ValueError("an indicator is defined twice")
    for d in indicators:
        if d.aggregation not in Aggregation.values or d.polarity not in Polarity.values:
            raise ValueError(f"{d.code}: unknown aggregation or polarity")
        if not set(d.themes) <= set(Theme.values):
            raise ValueError(f"{d.code}: unknown theme in {d.themes}")
    keys = set()
    for r in rows:
        if r.indicator not in codes:
            raise ValueError(f"{r.indicator}: not among the indicators of {source}")
        if r.status not in ObservationStatus.values or (r.value is None) == (
            r.status == ObservationStatus.VALUE
        ):
            raise ValueError(f"{r.indicator} {r.region_code} {r.period}: value and status differ")
        if municipality_code and _gemeente_of(r.region_code) != municipality_code:
            raise ValueError(f"{r.region_code} lies outside {municipality_code}")
        key = (r.indicator, r.region_code, r.period)
        if key in keys:
            raise ValueError(f"{key} given twice")
        keys.add(key)


def _gemeente_of(region_code: str) -> str:
    try:
        return municipality_code_of(region_code)
    except InvalidCode:  # the Netherlands (NL01) lies in no gemeente
        return ""


def _ensure_derived_indicators(
    source: str, indicators: Sequence[DerivedIndicator]
) -> tuple[dict[str, int], bool]:
    """Create or update the definitions; code → id, and whether a definition changed.
    Refuses a code another source owns (a registry or municipal indicator must never be
    overwritten by derived figures)."""
    existing = {i.code: i for i in Indicator.objects.filter(code__in=[d.code for d in indicators])}
    new, stale, fields = [], [], []
    for d in indicators:
        fields_of = {
            "name_nl": d.name_nl,
            "name_en": d.name_en,
            "definition_nl": d.definition_nl,
            "definition_en": d.definition_en,
            "unit": d.unit,
            "decimals": d.decimals,
            "polarity": int(d.polarity),
            "themes": [str(t) for t in d.themes],
            "kind": IndicatorKind.SOFT.value,
            "sensitive": d.sensitive,
            "source": d.source_name,
            "source_table": source,
            "aggregation": str(d.aggregation),
            "in_registry": False,
            "order": d.order,
        }
        fields = list(fields_of)
        indicator = existing.get(d.code)
        if indicator is None:
            new.append(Indicator(code=d.code, **fields_of))
            continue
        if indicator.in_registry or indicator.kind != IndicatorKind.SOFT:
            raise ValueError(f"{d.code} is not a derived indicator; {source} may not define it")
        if indicator.source_table != source:
            raise ValueError(f"{d.code} belongs to {indicator.source_table}, not {source}")
        if any(getattr(indicator, k) != v for k, v in fields_of.items()):
            # Names follow translations and wording: keep the catalogue current.
            for k, v in fields_of.items():
                setattr(indicator, k, v)
            stale.append(indicator)
    if new:
        Indicator.objects.bulk_create(new)
    if stale:
        Indicator.objects.bulk_update(stale, fields)
    ids = dict(
        Indicator.objects.filter(code__in=[d.code for d in indicators]).values_list("code", "id")
    )
    return ids, bool(new or stale)


# --- helpers ------------------------------------------------------------------------------


def _finish_run(
    run: ImportRun,
    observations: WriteCounts,
    calculated: WriteCounts,
    result,
    *,
    derived: WriteCounts | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    latest = (
        ImportRun.objects.select_for_update()
        .filter(status=ImportStatus.SUCCEEDED)
        .order_by("-data_version")
        .values_list("data_version", flat=True)
        .first()
    ) or 0
    derived = derived or WriteCounts()
    changed = observations.changed + derived.changed + calculated.changed
    run.data_version = latest + 1 if changed else latest
    run.created = observations.created
    run.updated = observations.updated
    run.unchanged = observations.unchanged
    run.calculated = calculated.changed
    run.status = ImportStatus.SUCCEEDED
    run.finished_at = timezone.now()
    if result is not None:
        run.skipped = result.skipped_observations
        run.detail = {
            "skipped_codes": result.skipped_codes[:MAX_LISTED_CODES],
            "skipped_codes_total": len(result.skipped_codes),
            "ignored_columns": result.ignored_columns,
            "kept": observations.kept,
            "derived_indicators": result.derived_indicators,
            "derived": asdict(derived),
            "calculated_indicators": result.calculated_indicators,
            "calculated": asdict(calculated),
        }
    else:
        run.detail = {"calculated": asdict(calculated)}
    run.detail.update(extra or {})
    run.save()


def _enqueue_analysis(data_version: int) -> None:
    def enqueue() -> None:
        from .tasks import recompute_analysis

        try:
            recompute_analysis.enqueue(data_version=data_version)
        except Exception:  # the data is committed; a failed enqueue must not hide that
            log.exception("recompute_analysis_enqueue_failed", extra={"version": data_version})

    transaction.on_commit(enqueue)

"""Reads of the monitor: the public surface for other apps, and the stored analysis.

Other apps import only from here, ``services`` and ``constants`` (see README.md):

* :func:`indicator_choices` / :func:`indicator_info`: the catalogue a user may see, as
  :class:`CatalogueEntry` values (not model instances);
* :func:`latest_values`: the latest figure of indicators over areas together (a
  wijkaanpak's wijken), with its provenance, or :class:`Hidden` for what the user may not
  see; :func:`value_in` the figure of one year, :func:`series` every year's;
* :func:`reference_areas` and :func:`reference_change`: the reference group of areas and
  how an indicator changed in it between two years (a report's "results");
* :func:`unit_label`, :func:`indicator_codes`, :func:`catalogue_ready`;
* :func:`area_profile_for` (the area page) and :func:`may_see_sensitive` (the rule);
  :func:`sensitive_scope` for pages about an indicator rather than an area.

The sensitivity rule is one rule everywhere (pages, API, these selectors): a sensitive
indicator (e.g. the share of inhabitants of non-European origin) is shown only to staff
who hold ``accounts.view_restricted`` for the area; over several areas, for every one of
them. Anonymous visitors cost no query for it.

``current_analysis`` finds the newest stored analysis for the data in the database (one
query); pages read everything else from it and never recompute on request. The
page-shaped reads of it live in :mod:`.pages`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import connection, models
from django.utils.translation import get_language

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area

from .analysis.aggregate import aggregate_over_areas, aggregate_per_period, change_over_areas
from .constants import IndicatorRole, ObservationStatus
from .models import ImportRun, Indicator, Observation
from .pages.area_map import AreaFigure, AreaMap, draw_area_map
from .pages.present import DERIVATION_TEXT, format_number, format_signed, table_for
from .pages.present import unit_label as _unit_label
from .pages.profile import AreaProfile, area_profile
from .pages.trends import MIN_PEER_VALUES
from .stored.store import AnalysisKey, StoredAnalysis, load_analysis

if TYPE_CHECKING:
    from wendbaar.accounts.policies import Scope

# Data versions searched for a stored analysis when the newest is not computed yet.
FALLBACK_VERSIONS = 20
# The permission behind sensitive indicators (held through a role, within an area scope).
SENSITIVE_PERMISSION = "accounts.view_restricted"


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


def unit_label(unit: str) -> str:
    """A catalogue unit in the reader's language: "per 1,000" reads "per 1.000 inwoners"
    in Dutch; a unit the monitor does not know (a local one) as given."""
    return _unit_label(unit)


# --- the stored analysis ------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentAnalysis:
    """The analysis pages show: ``analysis`` (None when nothing is computed yet) and
    whether newer data waits for a recompute (``pending_version``)."""

    analysis: StoredAnalysis | None
    data_version: int
    pending_version: int | None = None

    @property
    def is_stale(self) -> bool:
        return self.pending_version is not None


def analysis_keys(limit: int = FALLBACK_VERSIONS) -> list[AnalysisKey]:
    """Keys of the newest data versions, newest first (one query).

    A key is the data version plus the first run that reached it, so two databases with
    the same version number (test databases, a restored backup) never share a result.
    """
    rows = (
        ImportRun.objects.succeeded()
        .filter(data_version__gt=0)
        .order_by("-data_version", "id")
        .values_list("data_version", "id", "started_at")[: limit * 4]
    )
    keys: dict[int, AnalysisKey] = {}
    for version, run_id, started_at in rows:
        keys.setdefault(version, AnalysisKey.for_run(version, run_id, started_at))
    return list(keys.values())[:limit]


def current_analysis() -> CurrentAnalysis:
    """The stored analysis of the newest data version, else of the newest one stored."""
    keys = analysis_keys()
    if not keys:
        return CurrentAnalysis(analysis=None, data_version=0)
    newest = keys[0].data_version
    for key in keys:
        stored = load_analysis(key)
        if stored is not None:
            pending = newest if key.data_version != newest else None
            return CurrentAnalysis(
                analysis=stored, data_version=key.data_version, pending_version=pending
            )
    return CurrentAnalysis(analysis=None, data_version=0, pending_version=newest)


# --- what pages need ----------------------------------------------------------------------


def may_see_sensitive(user: Any, area: Area | None) -> bool:
    """Sensitive indicators (e.g. origin) only for staff with restricted access to the area;
    anonymous visitors cost no query."""
    if area is None or not getattr(user, "is_authenticated", False):
        return False
    from wendbaar.accounts.policies import may

    return may(user, "accounts.view_restricted", area)


def sensitive_scope(user: Any) -> Scope:
    """Where ``user`` may see sensitive indicators (an ``accounts.policies.Scope``): empty
    for anonymous visitors (no query). For pages about an indicator rather than an area:
    empty → the indicator is not there for them; not everywhere → no figure that sums or
    averages over areas outside the scope (the national one)."""
    from wendbaar.accounts.policies import NOWHERE, scope_for

    if not getattr(user, "is_authenticated", False):
        return NOWHERE
    return scope_for(user, SENSITIVE_PERMISSION)


@dataclass(frozen=True)
class ProfileForPage:
    current: CurrentAnalysis
    profile: AreaProfile | None


def area_profile_for(user: Any, area: Area) -> ProfileForPage:
    """The monitor profile of ``area`` for the area page (one query for anonymous users)."""
    current = current_analysis()
    profile = None
    if current.analysis is not None:
        profile = area_profile(
            current.analysis,
            area.code,
            show_sensitive=may_see_sensitive(user, area),
            data_version=current.data_version,
            stale=current.is_stale,
        )
    return ProfileForPage(current=current, profile=profile)


# --- the catalogue and latest figures, for other apps ------------------------------------


@dataclass(frozen=True)
class CatalogueEntry:
    """One indicator of the catalogue as other apps see it. Texts that depend on the
    language are properties, so an entry reads right under ``translation.override``."""

    code: str
    name_nl: str
    name_en: str
    definition_nl: str
    definition_en: str
    unit: str
    decimals: int
    polarity: int  # 1 higher is better, -1 higher is worse, 0 neutral
    aggregation: str  # constants.Aggregation: how a figure over several areas follows
    aggregation_weight: str | None  # code of the weight of a weighted mean
    kind: str  # constants.IndicatorKind: source, calculated, soft
    # Not in the national catalogue: a municipality's own indicator or one another app
    # derives (signals). Measured in few areas, so not compared nationally.
    is_local: bool
    themes: tuple[str, ...]
    sensitive: bool
    source: str
    source_table: str

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_nl

    @property
    def definition(self) -> str:
        return self.definition_en if _english() else self.definition_nl

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def theme(self) -> str:
        """The primary theme ("" when none)."""
        return self.themes[0] if self.themes else ""


CATALOGUE_FIELDS = (
    "code",
    "name_nl",
    "name_en",
    "definition_nl",
    "definition_en",
    "unit",
    "decimals",
    "polarity",
    "aggregation",
    "aggregation_weight__code",
    "kind",
    "in_registry",
    "themes",
    "sensitive",
    "source",
    "source_table",
)


def _entry(row: dict[str, Any]) -> CatalogueEntry:
    return CatalogueEntry(
        code=row["code"],
        name_nl=row["name_nl"],
        name_en=row["name_en"],
        definition_nl=row["definition_nl"],
        definition_en=row["definition_en"],
        unit=row["unit"],
        decimals=int(row["decimals"] or 0),
        polarity=int(row["polarity"] or 0),
        aggregation=row["aggregation"],
        aggregation_weight=row["aggregation_weight__code"],
        kind=row["kind"],
        is_local=not row["in_registry"],
        themes=tuple(row["themes"] or ()),
        sensitive=bool(row["sensitive"]),
        source=row["source"],
        source_table=row["source_table"],
    )


def _catalogue_rows(codes: Iterable[str] | None = None) -> list[dict[str, Any]]:
    rows = Indicator.objects.order_by("order", "code")
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return list(rows.values(*CATALOGUE_FIELDS))


def _may_see_sensitive_in(user: Any, area_codes: Sequence[str] | None) -> bool:
    """The sensitivity rule over several areas: the user must hold the permission for
    every one (``None``: the user holds it somewhere, for choosing an indicator before
    its areas are known). Anonymous: no query; signed in: the scope (two queries, none
    for a superuser) and, with areas, the areas (one query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from wendbaar.accounts.policies import scope_for

    scope = scope_for(user, SENSITIVE_PERMISSION)
    if scope.everywhere:
        return True
    if scope.is_empty:
        return False
    if area_codes is None:
        return True
    codes = set(area_codes)
    if not codes:
        return False
    areas = list(
        Area.objects.filter(code__in=codes).only("id", "code", "municipality_code", "parent")
    )
    return len(areas) == len(codes) and all(scope.contains(area) for area in areas)


def indicator_choices(
    user: Any,
    *,
    kinds: Iterable[str] | None = None,
    areas: Sequence[str] | None = None,
) -> list[CatalogueEntry]:
    """The catalogue entries ``user`` may see, in catalogue order.

    ``kinds``: only these :class:`~.constants.IndicatorKind` values. ``areas`` (CBS
    codes): the areas the choice is for; sensitive indicators are listed only when the
    user may see them in all of them (without ``areas``: in some area). One query for
    anonymous users.
    """
    entries = [_entry(row) for row in _catalogue_rows()]
    if kinds is not None:
        wanted = {str(k) for k in kinds}
        entries = [e for e in entries if e.kind in wanted]
    if any(e.sensitive for e in entries) and not _may_see_sensitive_in(user, areas):
        entries = [e for e in entries if not e.sensitive]
    return entries


def indicator_info(
    user: Any, codes: Iterable[str], *, areas: Sequence[str] | None = None
) -> dict[str, CatalogueEntry]:
    """The entries of ``codes`` that exist and ``user`` may see (same rule as
    :func:`indicator_choices`), by code; an unknown or hidden code is absent."""
    entries = [_entry(row) for row in _catalogue_rows(set(codes))]
    if any(e.sensitive for e in entries) and not _may_see_sensitive_in(user, areas):
        entries = [e for e in entries if not e.sensitive]
    return {e.code: e for e in entries}


def indicator_codes() -> set[str]:
    """Every code in the catalogue, sensitive ones included (for validating references to
    indicators, e.g. a story's; says nothing about figures). One query."""
    return set(Indicator.objects.values_list("code", flat=True))


def measured_outcomes(areas: Sequence[str], *, up_to: int) -> list[str]:
    """The outcome indicators (catalogue order) with a real value in every one of
    ``areas`` (CBS codes) in some year up to ``up_to``: the candidates worth asking
    :func:`series` for. Says nothing about who may see them. One query."""
    area_codes = _area_codes(areas)
    rows = (
        Observation.objects.filter(
            region_code__in=area_codes,
            status=ObservationStatus.VALUE,
            period__lte=up_to,
            indicator__role=IndicatorRole.OUTCOME,
        )
        .values_list("indicator__code", "indicator__order", "region_code")
        .distinct()
    )
    covered: dict[tuple[int, str], set[str]] = defaultdict(set)
    for code, order, region in rows:
        covered[(order, code)].add(region)
    wanted = set(area_codes)
    return [code for (_, code), regions in sorted(covered.items()) if regions >= wanted]


def catalogue_ready() -> bool:
    """Whether the monitor's tables exist (an app that writes before migrations ran)."""
    tables = set(connection.introspection.table_names())
    return {Indicator._meta.db_table, Observation._meta.db_table} <= tables


@dataclass(frozen=True)
class Hidden:
    """In place of a figure the reader may not see (a sensitive indicator): no number, no
    period. Falsy, so ``if value:`` treats it as "no figure"; ``is_hidden`` tells why."""

    indicator: str
    is_hidden: bool = True

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class AggregateValue:
    """The latest figure of one indicator over a set of areas, with its provenance.

    ``exact`` is False for a plain mean of rates (an approximation: the true rate needs
    the counts). ``method``: ``single`` (one area), ``sum``, ``weighted_mean`` (by
    ``weight_indicator``) or ``mean``. ``period`` is the year of the figures.
    """

    indicator: str
    value: float
    period: int
    exact: bool
    method: str
    areas: tuple[str, ...]
    unit: str
    decimals: int
    source: str  # as the catalogue names it ("CBS, Kerncijfers wijken en buurten")
    source_tables: tuple[str, ...]  # the tables of that year ("85984NED")
    definition_nl: str
    definition_en: str
    derivations: tuple[str, ...] = ()  # e.g. ("sum_of_neighbourhoods",) for a wijk's sum
    weight_indicator: str | None = None
    is_hidden: bool = False

    @property
    def definition(self) -> str:
        return self.definition_en if _english() else self.definition_nl

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def value_text(self) -> str:
        """The value in the active locale with the catalogue's decimals."""
        text = format_number(self.value, self.decimals)
        return f"{text}\u00a0%" if self.unit == "%" else text

    @property
    def derivation_text(self) -> str:
        """How an area's figure was derived, "" when every one is as published."""
        return "; ".join(str(DERIVATION_TEXT.get(d, d)) for d in self.derivations)


def _area_codes(areas: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(code.strip().upper() for code in areas))


def _visible(
    user: Any, codes: Sequence[str], area_codes: Sequence[str]
) -> tuple[dict[str, CatalogueEntry], dict[str, Hidden]]:
    """The catalogue entries of ``codes`` (one query): those ``user`` may see over
    ``area_codes``, and :class:`Hidden` for the sensitive rest (the sensitivity rule's
    queries only when a sensitive one is asked for)."""
    entries = {e.code: e for e in map(_entry, _catalogue_rows(codes))}
    hidden: dict[str, Hidden] = {}
    if any(e.sensitive for e in entries.values()) and not _may_see_sensitive_in(user, area_codes):
        hidden = {code: Hidden(code) for code, e in entries.items() if e.sensitive}
        entries = {code: e for code, e in entries.items() if not e.sensitive}
    return entries, hidden


# indicator code → period → area code → (value, source table, derivation); real values only.
Cells = dict[str, dict[int, dict[str, tuple[float, str, str]]]]


def _cells(
    entries: dict[str, CatalogueEntry],
    area_codes: Sequence[str],
    *,
    periods: Sequence[int] | None = None,
) -> Cells:
    """The real values of ``entries`` and their weights in ``area_codes`` (one query), in
    ``periods`` only when given. Secret, suppressed and unavailable cells are absent."""
    weights = {e.aggregation_weight for e in entries.values() if e.aggregation_weight}
    cells: Cells = defaultdict(lambda: defaultdict(dict))
    rows = Observation.objects.filter(
        indicator__code__in=set(entries) | weights,
        region_code__in=list(area_codes),
        status=ObservationStatus.VALUE,
    )
    if periods is not None:
        rows = rows.filter(period__in=list(periods))
    for code, period, region, value, table, derivation in rows.values_list(
        "indicator__code", "period", "region_code", "value", "source_table", "derivation"
    ):
        cells[code][period][region] = (value, table, derivation)
    return cells


def _values(cells: Cells, code: str | None) -> dict[int, dict[str, float]] | None:
    """period → area → value of ``code`` (None without a code: no weight)."""
    if code is None:
        return None
    return {p: {a: cell[0] for a, cell in row.items()} for p, row in cells.get(code, {}).items()}


def _provenance(
    entry: CatalogueEntry, cells: Cells, periods: Sequence[int], area_codes: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The source tables (in order of use) and derivations of the cells behind a figure."""
    used = [(period, cells[entry.code][period][area]) for period in periods for area in area_codes]
    tables = (table_for(entry.source_table, period, cell[1]) for period, cell in used)
    return (
        tuple(dict.fromkeys(t for t in tables if t)),
        tuple(sorted({cell[2] for _, cell in used if cell[2]})),
    )


def _aggregate_value(
    entry: CatalogueEntry, cells: Cells, area_codes: list[str]
) -> AggregateValue | None:
    """The latest figure of ``entry`` in ``cells`` over all of ``area_codes``."""
    weight = entry.aggregation_weight
    found = aggregate_over_areas(
        _values(cells, entry.code) or {},
        area_codes,
        aggregation=entry.aggregation,
        weights=_values(cells, weight),
    )
    if found is None:
        return None
    tables, derivations = _provenance(entry, cells, [found.period], area_codes)
    return AggregateValue(
        indicator=entry.code,
        value=found.value,
        period=found.period,
        exact=found.exact,
        method=found.method,
        areas=tuple(area_codes),
        unit=entry.unit,
        decimals=entry.decimals,
        source=entry.source,
        source_tables=tables,
        definition_nl=entry.definition_nl,
        definition_en=entry.definition_en,
        derivations=derivations,
        weight_indicator=weight if found.method == "weighted_mean" else None,
    )


def _figures(
    user: Any, indicators: Sequence[str], areas: Sequence[str], *, period: int | None = None
) -> dict[str, AggregateValue | Hidden | None]:
    """:func:`latest_values`, or with ``period`` the figures of that period only."""
    codes = list(dict.fromkeys(indicators))
    area_codes = _area_codes(areas)
    result: dict[str, AggregateValue | Hidden | None] = dict.fromkeys(codes)
    if not codes:
        return result
    entries, hidden = _visible(user, codes, area_codes)
    result.update(hidden)
    if not entries or not area_codes:
        return result
    cells = _cells(entries, area_codes, periods=None if period is None else [period])
    for code, entry in entries.items():
        result[code] = _aggregate_value(entry, cells, area_codes)
    return result


def latest_values(
    user: Any, *, indicators: Sequence[str], areas: Sequence[str]
) -> dict[str, AggregateValue | Hidden | None]:
    """For each code in ``indicators``: its latest figure over ``areas`` (CBS codes)
    together, by the catalogue's aggregation (``analysis/aggregate.py``: the latest period
    in which every area has a real value; one area → its value; sum; mean weighted by the
    weight indicator; else the plain mean, not exact).

    A sensitive indicator the user may not see in all ``areas`` is :class:`Hidden`, never
    a number; None when the code is unknown or no period has a value for every area.
    Secret, suppressed and unavailable cells count as absent, never as 0. At most five
    queries, whatever the number of indicators and areas.
    """
    return _figures(user, indicators, areas)


def value_in(
    user: Any, *, indicator: str, areas: Sequence[str], period: int
) -> AggregateValue | Hidden | None:
    """The figure of ``indicator`` over ``areas`` together in ``period`` (a year), by the
    rule and with the provenance of :func:`latest_values` (which gives the same figure when
    ``period`` is the latest complete one): e.g. a goal's baseline year.

    None when the code is unknown or some area has no real value in ``period`` (a secret
    or suppressed cell is absent, never 0); :class:`Hidden` for a sensitive indicator the
    user may not see in every area. Two queries for anonymous users, at most five.
    """
    return _figures(user, [indicator], areas, period=period)[indicator]


def series(user: Any, *, indicator: str, areas: Sequence[str]) -> list[tuple[int, float]] | Hidden:
    """``(period, value)`` of ``indicator`` over ``areas`` together for every period in
    which every area has a real value, oldest first (a trend chart): each value the one
    :func:`value_in` gives for that period. A period with a secret, suppressed or missing
    cell is left out (a gap, never 0).

    Empty for an unknown code; :class:`Hidden` as in :func:`value_in`. Two queries for
    anonymous users, at most five.
    """
    area_codes = _area_codes(areas)
    entries, hidden = _visible(user, [indicator], area_codes)
    if indicator in hidden:
        return hidden[indicator]
    entry = entries.get(indicator)
    if entry is None or not area_codes:
        return []
    cells = _cells(entries, area_codes)
    found = aggregate_per_period(
        _values(cells, indicator) or {},
        area_codes,
        aggregation=entry.aggregation,
        weights=_values(cells, entry.aggregation_weight),
    )
    return [(f.period, f.value) for f in found]


# --- the reference group of a set of areas ------------------------------------------------


def _reference_codes(analysis: StoredAnalysis, area_codes: Sequence[str]) -> list[str]:
    """The stored reference groups of the buurten among ``area_codes`` and of the buurten
    inside a wijk among them, together, without those areas and buurten themselves."""
    stored = analysis.frame("areas")
    inside = stored.filter(
        pl.col("parent_code").is_in(list(area_codes)) & (pl.col("level") == AreaLevel.NEIGHBOURHOOD)
    )["code"].to_list()
    own = set(area_codes) | set(inside)
    peers: set[str] = set()
    for code in own:  # a wijk or gemeente has no reference group: no rows
        peers.update(analysis.rows("peers", code)["peer"].to_list())
    return sorted(peers - own)


def reference_areas(areas: Sequence[str]) -> list[str]:
    """The reference group of ``areas`` (CBS codes), sorted: the union of the stored
    reference groups (the most similar buurten nationwide, ``pages/peers.py``) of the
    buurten among ``areas`` and of the buurten inside a wijk among them, minus those
    areas and buurten themselves. A gemeente among ``areas`` adds none.

    Empty when no analysis is stored. One query (which analysis is current).
    """
    analysis = current_analysis().analysis
    if analysis is None:
        return []
    return _reference_codes(analysis, _area_codes(areas))


@dataclass(frozen=True)
class ReferenceChange:
    """How an indicator changed in the reference group of some areas between two years.

    ``start_value`` and ``end_value`` are the catalogue's aggregate over the same reference
    areas (``areas``, ``n_areas`` of the ``group_size`` in the group: those with a real
    value in both years), so a change in who is counted never shows as a change.
    ``method`` and ``exact`` as for :class:`AggregateValue`; the method is the same in
    both years. ``change`` is ``end_value - start_value`` in the indicator's unit
    (percentage points for a %).
    """

    indicator: str
    start: int
    end: int
    start_value: float
    end_value: float
    change: float
    n_areas: int
    areas: tuple[str, ...]
    group_size: int
    exact: bool
    method: str
    unit: str
    decimals: int
    source: str
    source_tables: tuple[str, ...]  # the tables of both years
    definition_nl: str
    definition_en: str
    derivations: tuple[str, ...] = ()
    weight_indicator: str | None = None
    is_hidden: bool = False

    @property
    def definition(self) -> str:
        return self.definition_en if _english() else self.definition_nl

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def relative_change(self) -> float | None:
        """``change`` as a fraction of ``start_value`` (None from 0): for counts, whose
        totals depend on the size of the group."""
        return self.change / self.start_value if self.start_value else None

    @property
    def change_text(self) -> str:
        """The change with its sign in the active locale ("+1.5"; a real minus sign)."""
        return format_signed(self.change, self.decimals)


def reference_change(
    user: Any, *, indicator: str, areas: Sequence[str], start: int, end: int
) -> ReferenceChange | Hidden | None:
    """The change of ``indicator`` between the years ``start`` and ``end`` in the reference
    group of ``areas`` (:func:`reference_areas`).

    Over the reference areas with a real value in *both* years (the same areas in both,
    so composition does not fake a change), aggregated each year by the catalogue's rule
    as :func:`value_in` does; a weighted mean is weighted in both years or, when some
    weight is missing, a plain mean in both (``analysis/aggregate.change_over_areas``).
    As the monitor's trend charts do, the group counts only when at least half of it (and
    at least ``MIN_PEER_VALUES``) has both years: never the "change" of one other buurt.

    Compare like with like: reference groups are buurten, so set this beside the change
    of ``areas`` themselves aggregated the same way (``value_in`` in ``end`` minus in
    ``start``), not beside a buurt's own figure; for a count (``sum``) the totals differ
    in size, so compare :attr:`ReferenceChange.relative_change`.

    None when the code is unknown, ``start == end``, no analysis is stored or too few
    reference areas have both years. :class:`Hidden` for a sensitive indicator unless the
    user may see it in every area *and* every reference area: the group lies outside the
    gemeente, so a sensitive group figure is for a country-wide scope, as the national
    figure is. Three queries for anonymous users, at most six for staff (catalogue,
    current analysis, role scope (2) and areas for a sensitive indicator, observations),
    whatever the size of the group.
    """
    area_codes = _area_codes(areas)
    if start == end or not area_codes:
        return None
    entry = next(map(_entry, _catalogue_rows([indicator])), None)
    if entry is None:
        return None
    if entry.sensitive and not getattr(user, "is_authenticated", False):
        return Hidden(indicator)  # no further query
    analysis = current_analysis().analysis
    reference = _reference_codes(analysis, area_codes) if analysis is not None else []
    if entry.sensitive and not _may_see_sensitive_in(user, [*area_codes, *reference]):
        return Hidden(indicator)
    if not reference:
        return None
    cells = _cells({indicator: entry}, reference, periods=[start, end])
    found = change_over_areas(
        _values(cells, indicator) or {},
        reference,
        start=start,
        end=end,
        aggregation=entry.aggregation,
        weights=_values(cells, entry.aggregation_weight),
    )
    if found is None or len(found.areas) < max(MIN_PEER_VALUES, math.ceil(len(reference) / 2)):
        return None
    tables, derivations = _provenance(entry, cells, [start, end], found.areas)
    return ReferenceChange(
        indicator=indicator,
        start=start,
        end=end,
        start_value=found.start.value,
        end_value=found.end.value,
        change=found.change,
        n_areas=len(found.areas),
        areas=found.areas,
        group_size=len(reference),
        exact=found.exact,
        method=found.method,
        unit=entry.unit,
        decimals=entry.decimals,
        source=entry.source,
        source_tables=tables,
        definition_nl=entry.definition_nl,
        definition_en=entry.definition_en,
        derivations=derivations,
        weight_indicator=entry.aggregation_weight if found.method == "weighted_mean" else None,
    )


def buurt_map(
    user: Any, *, indicator: str, areas: Sequence[str], period: int, map_id: str
) -> AreaMap | Hidden | None:
    """``indicator`` in ``period`` over the buurten of ``areas`` (CBS codes: a buurt is
    itself, a wijk its buurten of the current division) on a map coloured by the
    monitor's national fifths of buurten (``pages/area_map.py``), with the figures as its
    text alternative: a buurt without a real value is "no figure", never 0.

    :class:`Hidden` for a sensitive indicator the user may not see in every buurt; None
    when the code is unknown, no analysis is stored, its fifths for ``period`` are not
    known, or no buurt has a shape. Five queries for anonymous users.
    """
    own = list(
        Area.objects.filter(code__in=_area_codes(areas)).only("pk", "code", "level", "last_year")
    )
    wijken = [a for a in own if a.level == AreaLevel.DISTRICT]
    # A wijk's buurten of its own last division (a code means one territory).
    inside = models.Q(pk__in=[])
    for wijk in wijken:
        inside |= models.Q(parent_id=wijk.pk, last_year__gte=wijk.last_year)
    buurten = list(
        Area.objects.filter(
            (models.Q(pk__in=[a.pk for a in own if a.level == AreaLevel.NEIGHBOURHOOD]) | inside),
            level=AreaLevel.NEIGHBOURHOOD,
        )
        .only("code", "name", "geometry")
        .order_by("name", "code")
    )
    codes = [b.code for b in buurten]
    entries, hidden = _visible(user, [indicator], codes)
    if indicator in hidden:
        return hidden[indicator]
    entry = entries.get(indicator)
    analysis = current_analysis().analysis
    if entry is None or analysis is None or not codes:
        return None
    breaks = analysis.frame("breaks").filter(
        (pl.col("indicator") == indicator)
        & (pl.col("period") == period)
        & (pl.col("level") == AreaLevel.NEIGHBOURHOOD)
    )
    bounds = [breaks[f"q{i}"][0] for i in range(1, 5)] if breaks.height else []
    values = (_values(_cells({indicator: entry}, codes, periods=[period]), indicator) or {}).get(
        period, {}
    )
    unit = entry.unit
    return draw_area_map(
        [AreaFigure(b.code, b.name, values.get(b.code)) for b in buurten],
        {b.code: b.geometry for b in buurten if b.geometry},
        bounds=bounds,
        name=entry.name,
        unit_text="\u00a0%" if unit == "%" else "",
        decimals=entry.decimals,
        polarity=entry.polarity,
        period=period,
        map_id=map_id,
    )


def first_value(user: Any, *, indicator: str, area: str) -> tuple[float, int] | None:
    """The earliest real value of ``indicator`` in ``area`` (a CBS code) and its period,
    e.g. as the baseline of a goal; None when there is none or the user may not see it
    (sensitive). Secret and suppressed cells are skipped, never read as 0."""
    entry = indicator_info(user, [indicator], areas=[area]).get(indicator)
    if entry is None:
        return None
    row = (
        Observation.objects.filter(
            indicator__code=indicator, region_code=area, status=ObservationStatus.VALUE
        )
        .order_by("period")
        .values_list("value", "period")
        .first()
    )
    return (row[0], row[1]) if row else None

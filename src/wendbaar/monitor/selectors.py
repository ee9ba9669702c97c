"""Reads of the monitor: the public surface for other apps, and the stored analysis.

Other apps import only from here, ``services`` and ``constants`` (see README.md):

* :func:`indicator_choices` / :func:`indicator_info`: the catalogue a user may see, as
  :class:`CatalogueEntry` values (not model instances);
* :func:`latest_values`: the latest figure of indicators over areas together (a
  wijkaanpak's wijken), with its provenance, or :class:`Hidden` for what the user may not
  see;
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

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils.translation import get_language

from wendbaar.areas.models import Area

from .analysis.aggregate import aggregate_over_areas
from .constants import ObservationStatus
from .models import ImportRun, Indicator, Observation
from .pages.present import DERIVATION_TEXT, format_number, table_for
from .pages.present import unit_label as _unit_label
from .pages.profile import AreaProfile, area_profile
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
    codes = list(dict.fromkeys(indicators))
    area_codes = list(dict.fromkeys(code.strip().upper() for code in areas))
    result: dict[str, AggregateValue | Hidden | None] = dict.fromkeys(codes)
    if not codes:
        return result
    entries = {e.code: e for e in map(_entry, _catalogue_rows(codes))}
    if any(e.sensitive for e in entries.values()) and not _may_see_sensitive_in(user, area_codes):
        for code in [c for c, e in entries.items() if e.sensitive]:
            result[code] = Hidden(code)
            del entries[code]
    if not entries or not area_codes:
        return result
    weights = {e.aggregation_weight for e in entries.values() if e.aggregation_weight}
    # code → period → area → (value, source table, derivation); real values only.
    cells: dict[str, dict[int, dict[str, tuple[float, str, str]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    rows = Observation.objects.filter(
        indicator__code__in=set(entries) | weights,
        region_code__in=area_codes,
        status=ObservationStatus.VALUE,
    ).values_list("indicator__code", "period", "region_code", "value", "source_table", "derivation")
    for code, period, region, value, table, derivation in rows:
        cells[code][period][region] = (value, table, derivation)
    for code, entry in entries.items():
        by_period = cells.get(code, {})
        values = {p: {a: cell[0] for a, cell in row.items()} for p, row in by_period.items()}
        weight = entry.aggregation_weight
        weight_values = None
        if weight:
            weight_values = {
                p: {a: cell[0] for a, cell in row.items()} for p, row in cells[weight].items()
            }
        found = aggregate_over_areas(
            values, area_codes, aggregation=entry.aggregation, weights=weight_values
        )
        if found is None:
            continue
        used = [by_period[found.period][a] for a in area_codes]
        tables = (table_for(entry.source_table, found.period, table) for _, table, _ in used)
        result[code] = AggregateValue(
            indicator=code,
            value=found.value,
            period=found.period,
            exact=found.exact,
            method=found.method,
            areas=tuple(area_codes),
            unit=entry.unit,
            decimals=entry.decimals,
            source=entry.source,
            source_tables=tuple(dict.fromkeys(t for t in tables if t)),
            definition_nl=entry.definition_nl,
            definition_en=entry.definition_en,
            derivations=tuple(sorted({d for _, _, d in used if d})),
            weight_indicator=weight if found.method == "weighted_mean" else None,
        )
    return result


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

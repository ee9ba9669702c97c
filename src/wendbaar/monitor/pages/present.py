"""How figures read on a page: numbers in the locale, statuses as words, provenance.

A value that is secret, suppressed or not available is never a number here: it becomes a
:class:`Figure` whose ``text`` says so ("secret", "not available"), so no template can
show it as 0 by accident.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from wendbaar.areas.constants import AreaLevel
from wendbaar.core.constants import Theme

from ..analysis.comparison import FROM_MUNICIPALITIES
from ..constants import CALCULATED_SOURCE_TABLE, Derivation, IndicatorKind, ObservationStatus
from ..registry import KWB_TABLE, KWB_TABLES

MISSING = "missing"  # no row at all for this area and period

STATUS_TEXT: dict[str, Promise] = {
    ObservationStatus.SECRET: _("secret"),
    ObservationStatus.NOT_AVAILABLE: _("not available"),
    ObservationStatus.SUPPRESSED: _("suppressed (too few inhabitants)"),
    MISSING: _("no figure"),
}
# Units as the catalogue writes them → what a reader sees.
UNIT_LABELS: dict[str, Promise | str] = {
    "count": pgettext_lazy("unit", "number"),
    "%": "%",
    "x €1,000": pgettext_lazy("unit", "× €1,000"),  # noqa: RUF001
    "per 1,000": pgettext_lazy("unit", "per 1,000 inhabitants"),
    "km": "km",
    "ha": "ha",
    "kWh": "kWh",
    "m³": "m³",
    "per km²": pgettext_lazy("unit", "per km²"),
    "score": pgettext_lazy("unit", "score"),
    "class": pgettext_lazy("unit", "class"),
    "persons": pgettext_lazy("unit", "persons"),
    "per household": pgettext_lazy("unit", "per household"),
    "signals": pgettext_lazy("unit", "signals"),
}
POLARITY_TEXT: dict[int, Promise] = {
    1: _("higher is better"),
    -1: _("higher is worse"),
    0: _("neutral: neither higher nor lower is better"),
}
# How the importer derived a figure the source did not publish (Observation.derivation).
DERIVATION_TEXT: dict[str, Promise] = {
    Derivation.SUM_OF_NEIGHBOURHOODS: _("Sum of the neighbourhoods"),
}
# The same, said of one input of a calculated figure.
INPUT_DERIVATION_TEXT: dict[str, Promise] = {
    Derivation.SUM_OF_NEIGHBOURHOODS: _("%(indicator)s is the sum of the neighbourhoods"),
}
RULE_TEXT: dict[str, Promise] = {
    "entered_weakest_fifth": _("entered the weakest fifth of the Netherlands"),
    "worse_than_peers": _("moved worse than its reference areas"),
    "left_weakest_fifth": _("left the weakest fifth of the Netherlands"),
    "better_than_peers": _("improved beyond its reference areas"),
}
LEVEL_PLURAL: dict[str, Promise] = {
    AreaLevel.MUNICIPALITY: _("municipalities"),
    AreaLevel.DISTRICT: _("districts"),
    AreaLevel.NEIGHBOURHOOD: _("neighbourhoods"),
}
THEME_LABELS: dict[str, Promise] = {theme.value: theme.label for theme in Theme}


def format_number(value: float, decimals: int = 0) -> str:
    """``value`` in the active locale with ``decimals`` places and thousands grouping."""
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def format_signed(value: float, decimals: int = 0) -> str:
    """A change with its sign ("+1,8", "0"); a negative one with a real minus sign."""
    rounded = round(value, decimals)
    text = format_number(abs(rounded), decimals)
    if rounded > 0:
        return f"+{text}"
    if rounded < 0:
        return f"\u2212{text}"
    return text


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class IndicatorInfo:
    """An indicator as a page shows it (name in the active language) with provenance."""

    code: str
    name: str
    definition: str
    unit: str
    decimals: int
    polarity: int
    themes: tuple[str, ...]
    source: str
    source_table: str
    kind: str
    sensitive: bool
    formula: dict | None = None
    calculation: str = ""  # "Inhabitants aged 65+ / Inhabitants x 100"

    @property
    def inputs(self) -> list[str]:
        if not self.formula:
            return []
        denominator = self.formula.get("denominator")
        parts = denominator if isinstance(denominator, list) else [denominator]
        return [self.formula.get("numerator"), *parts]

    @property
    def url(self) -> str:
        return reverse("monitor:indicator", kwargs={"code": self.code})

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def polarity_text(self) -> str:
        return str(POLARITY_TEXT.get(self.polarity, ""))

    @property
    def theme_labels(self) -> list[str]:
        return [str(THEME_LABELS[t]) for t in self.themes if t in THEME_LABELS]

    @property
    def primary_theme(self) -> str:
        return self.themes[0] if self.themes else ""

    def table_for(self, period: int | None, stored: str | None = None) -> str:
        """The source table of a figure: as stored with it, else the year's KWB table."""
        return table_for(self.source_table, period, stored)

    def value_text(self, value: float) -> str:
        text = format_number(value, self.decimals)
        return f"{text}\u00a0%" if self.unit == "%" else text


def table_for(catalogue_table: str, period: int | None, stored: str | None = None) -> str:
    """The source table of a figure: as stored with it, else the year's KWB table (the
    catalogue names the newest), else the catalogue's."""
    if stored and stored != CALCULATED_SOURCE_TABLE:
        return stored
    if catalogue_table == KWB_TABLE and period in KWB_TABLES:
        return KWB_TABLES[period]
    return stored or catalogue_table


def unit_label(unit: str) -> str:
    """A catalogue unit in the reader's language ("per 1,000" → "per 1.000 inwoners")."""
    return str(UNIT_LABELS.get(unit, unit))


def indicator_info(row: dict) -> IndicatorInfo:
    english = (get_language() or "nl").startswith("en")
    formula = row.get("formula")
    return IndicatorInfo(
        code=row["code"],
        name=row["name_en"] if english else row["name_nl"],
        definition=row["definition_en"] if english else row["definition_nl"],
        unit=row["unit"],
        decimals=int(row["decimals"] or 0),
        polarity=int(row["polarity"] or 0),
        themes=tuple(row["themes"] or ()),
        source=row["source"],
        source_table=row["source_table"],
        kind=row["kind"],
        sensitive=bool(row["sensitive"]),
        formula=json.loads(formula) if isinstance(formula, str) else formula,
    )


def catalogue(indicators: dict[str, dict], *, show_sensitive: bool) -> dict[str, IndicatorInfo]:
    """Indicators a reader may see, by code, in catalogue order (calculations spelled out
    with the names of their inputs)."""
    every = {code: indicator_info(row) for code, row in indicators.items()}
    return {
        code: replace(info, calculation=calculation_text(info, every)) if info.formula else info
        for code, info in every.items()
        if show_sensitive or not info.sensitive
    }


def calculation_text(info: IndicatorInfo, every: dict[str, IndicatorInfo]) -> str:
    """ "Crimes / Inhabitants x 1,000" from a ratio formula."""
    names = [every[c].name if c in every else c for c in info.inputs]
    if not names:
        return ""
    denominator = " + ".join(names[1:])
    if len(names) > 2:
        denominator = f"({denominator})"
    scale = format_number(float(info.formula.get("scale", 1)), 0)
    return f"{names[0]} / {denominator} \u00d7 {scale}"


def source_tables(
    info: IndicatorInfo, period: int | None, stored: str | None, every: dict[str, IndicatorInfo]
) -> str:
    """The table(s) a figure comes from; for a calculated one, the tables of its inputs."""
    if info.formula and (not stored or stored == CALCULATED_SOURCE_TABLE):
        tables = [every[c].table_for(period) for c in info.inputs if c in every]
        unique = list(dict.fromkeys(t for t in tables if t and t != CALCULATED_SOURCE_TABLE))
        if unique:
            return " + ".join(unique)
    return info.table_for(period, stored)


def derivation_text(
    info: IndicatorInfo,
    derivation: str | None,
    input_derivations: dict[str, str],
    every: dict[str, IndicatorInfo],
) -> str:
    """How a figure the source did not publish was derived: "Sum of the neighbourhoods"
    for a wijk's count; for a calculated figure, which of its inputs were derived
    ("Registered crimes is the sum of the neighbourhoods"). Empty for a published figure.

    ``input_derivations``: derivation by input indicator code, of the same area and period.
    """
    if derivation:
        return str(DERIVATION_TEXT.get(derivation, derivation))
    parts = []
    for code in info.inputs:
        kind = input_derivations.get(code)
        if kind:
            name = every[code].name if code in every else code
            text = INPUT_DERIVATION_TEXT.get(kind)
            parts.append(str(text) % {"indicator": name} if text else f"{name}: {kind}")
    return "; ".join(parts)


# --- where a figure comes from, in words ----------------------------------------------------

#: Heading of the soft figures (counts of professionals' signals) wherever figures are
#: listed: they are Wendbaar's own records, not CBS statistics.
SIGNALS_HEADING = _("Signals from professionals (not CBS)")
#: The map picker's group of soft indicators (staff only).
SIGNALS_GROUP = _("Signals (internal)")
SIGNALS_SOURCE = _("Signals from professionals in Wendbaar (internal)")
POLICE_TABLE = "47022NED"
RIVM_TABLE = "50150NED"
LEEFBAAROMETER_PREFIX = "leefbaarometer-"
PROXIMITY_PREFIX = "nabijheid-"
KWB_YEARS = {table: year for year, table in KWB_TABLES.items()}


def is_signal(info: IndicatorInfo) -> bool:
    """A soft indicator: counts of professionals' signals, sensitive and never CBS."""
    return info.kind == IndicatorKind.SOFT


def table_label(table: str) -> str:
    """One source table in words ("CBS, Key figures ... 2023 (85618NED)"); "" unknown."""
    if table in KWB_YEARS:
        return str(
            _("CBS, Key figures districts and neighbourhoods %(year)s (%(table)s)")
            % {"year": KWB_YEARS[table], "table": table}
        )
    if table == POLICE_TABLE:
        return str(_("Police via CBS, Registered crimes (%(table)s)") % {"table": table})
    if table == RIVM_TABLE:
        return str(_("RIVM via CBS, Health monitor (%(table)s)") % {"table": table})
    if table.startswith(LEEFBAAROMETER_PREFIX):
        version = table.removeprefix(LEEFBAAROMETER_PREFIX)
        return str(_("Leefbaarometer %(version)s (BZK)") % {"version": version})
    if table.startswith(PROXIMITY_PREFIX):
        year = table.removeprefix(PROXIMITY_PREFIX)
        return str(_("CBS, Proximity of facilities %(year)s") % {"year": year})
    return ""


def _table_short(table: str) -> str:
    """One input table of a calculation, short: "CBS 85984NED", "Police 47022NED"."""
    if table in KWB_YEARS or table.startswith(PROXIMITY_PREFIX):
        return f"CBS {table}"
    if table == POLICE_TABLE:
        return str(_("Police %(table)s") % {"table": table})
    if table == RIVM_TABLE:
        return f"RIVM {table}"
    if table.startswith(LEEFBAAROMETER_PREFIX):
        return "Leefbaarometer " + table.removeprefix(LEEFBAAROMETER_PREFIX)
    return table


def source_label(
    info: IndicatorInfo,
    period: int | None = None,
    stored_table: str | None = None,
    every: dict[str, IndicatorInfo] | None = None,
) -> str:
    """Where a figure comes from, in words a reader knows, for every kind of source:

    * a published figure: publisher, title, year and table ("CBS, Key figures districts
      and neighbourhoods 2023 (85618NED)", "Police via CBS, Registered crimes (47022NED)");
    * a calculated one: its formula and the tables of its inputs ("Calculated: Crimes /
      Inhabitants x 1,000 (CBS 85984NED + Police 47022NED)");
    * a soft one: "Signals from professionals in Wendbaar (internal)", never CBS;
    * anything else (a municipality's own file): the catalogue's source (and table).

    ``stored_table`` is the table stored with the figure (one table, or a calculated
    figure's input tables joined by " + " as :func:`source_tables` gives them);
    ``every`` (the catalogue) lets a calculated figure name its inputs' tables.
    """
    if is_signal(info):
        return str(SIGNALS_SOURCE)
    if info.formula:
        tables = stored_table if stored_table != CALCULATED_SOURCE_TABLE else ""
        if every is not None and not tables:
            tables = source_tables(info, period, stored_table, every)
        parts = [
            _table_short(t.strip())
            for t in (tables or "").split("+")
            if t.strip() and t.strip() != CALCULATED_SOURCE_TABLE
        ]
        calculation = info.calculation or str(_("from other indicators"))
        if parts:
            return str(
                _("Calculated: %(calculation)s (%(tables)s)")
                % {"calculation": calculation, "tables": " + ".join(parts)}
            )
        return str(_("Calculated: %(calculation)s") % {"calculation": calculation})
    table = info.table_for(period, stored_table)
    label = table_label(table)
    if label:
        return label
    if table and table != CALCULATED_SOURCE_TABLE and table not in info.source:
        return f"{info.source} ({table})" if info.source else table
    return info.source or table


def national_derivation_text(row: dict | None, every: dict[str, IndicatorInfo]) -> str:
    """How the national figure of a stored ``national`` row came about, for its provenance:
    "" when the source published it (NL01); otherwise "Calculated from the
    municipalities: ..." with their number and, for a mean, the weight and its coverage.
    Rows of an analysis stored before these columns existed read as calculated too."""
    if not row or row.get("source") in (None, "observed"):
        return ""
    if row.get("derivation") not in (None, FROM_MUNICIPALITIES):
        return ""
    count = row.get("n_municipalities")
    count_text = format_number(count) if is_number(count) else "?"
    if row.get("source") == "sum":
        return str(
            _("Calculated from the municipalities: the sum of %(count)s municipalities")
            % {"count": count_text}
        )
    weight = row.get("weight_indicator") or ""
    weight_name = every[weight].name if weight in every else weight
    coverage = row.get("coverage")
    return str(
        _(
            "Calculated from the municipalities: the mean of %(count)s municipalities "
            "weighted by %(weight)s (%(share)s%% of it)"
        )
        % {
            "count": count_text,
            "weight": weight_name.lower() if weight_name else "?",
            "share": format_number(coverage * 100, 1) if is_number(coverage) else "?",
        }
    )


def national_provenance(
    national: object, code: str, period: int | None, every: dict[str, IndicatorInfo]
) -> str:
    """:func:`national_derivation_text` of ``code`` in ``period`` in the stored
    ``national`` frame (a Polars frame); "" when there is no such row."""
    if period is None:
        return ""
    rows = national.filter((national["indicator"] == code) & (national["period"] == period))
    return national_derivation_text(rows.row(0, named=True) if rows.height else None, every)


@dataclass(frozen=True)
class Figure:
    """One figure on screen: a value, or the reason there is none."""

    value: float | None
    status: str
    text: str

    @property
    def is_value(self) -> bool:
        return self.value is not None

    @property
    def css_class(self) -> str:
        return "figure" if self.is_value else f"figure figure--{self.status.replace('_', '-')}"


def figure(value: float | None, status: str | None, info: IndicatorInfo) -> Figure:
    if is_number(value) and (status in (None, ObservationStatus.VALUE)):
        return Figure(float(value), ObservationStatus.VALUE, info.value_text(float(value)))
    status = status if status in STATUS_TEXT else MISSING
    return Figure(None, status, str(STATUS_TEXT[status]))


def position_text(position: float | None) -> str:
    return format_number(position, 0) if is_number(position) else "\u2013"


@dataclass(frozen=True)
class AreaRef:
    """An area as the stored analysis knows it (no database access)."""

    code: str
    name: str
    level: str
    parent_code: str | None
    municipality_code: str

    @property
    def url(self) -> str:
        return reverse("pages:area", kwargs={"code": self.code})

    @property
    def level_label(self) -> str:
        return str(AreaLevel(self.level).label)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def area_refs(rows) -> dict[str, AreaRef]:
    """AreaRefs by code from rows of the stored ``areas`` frame."""
    return {
        row["code"]: AreaRef(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent_code=row["parent_code"],
            municipality_code=row["municipality_code"],
        )
        for row in rows.iter_rows(named=True)
    }

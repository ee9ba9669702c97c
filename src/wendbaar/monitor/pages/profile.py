"""The profile of one area (buurt, wijk or gemeente) from the stored analysis.

Theme positions at a glance, then every indicator with its latest figure, the wijk,
gemeente and NL values of the same indicator, its national rank, the trend and the
source. Pure reads of :class:`~..stored.store.StoredAnalysis`: binary searches into frames
sorted by area, no database query.

Like with like. A theme *position* (0-100, 100 = best of the country) ranks a buurt among
buurten, a wijk among wijken, a gemeente among gemeenten, so a buurt's position is only
ever set beside positions of buurten: the mean of the buurten in its wijk, of the buurten
in its gemeente, the national middle (50 by construction) and its reference buurten. A
wijk's or gemeente's own position ranks it among wijken or gemeenten: another scale, never
shown beside a buurt's. Indicator *values* (a rate, a share) are on one scale at every
level, so the indicator rows keep the wijk, gemeente and NL value.

Honesty. An area the monitor does not judge (too few residents, mostly non-residential:
the stored ``eligibility`` frame) gets its raw figures and a sentence saying why, but no
theme position, rank or reference group. A theme whose area has fewer than two outcomes
with a figure reads "insufficient data", never a number from one input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import polars as pl
from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from wendbaar.areas.constants import AreaLevel
from wendbaar.core.constants import Theme

from ..stored.store import StoredAnalysis
from .present import (
    LEVEL_PLURAL,
    RULE_TEXT,
    THEME_LABELS,
    AreaRef,
    Figure,
    IndicatorInfo,
    area_refs,
    catalogue,
    derivation_text,
    figure,
    format_number,
    format_signed,
    is_number,
    position_text,
    source_tables,
)
from .trends import TrendLine, trend_lines_for_area

#: Positions closer than this count as "about the same" in the theme comparison.
LEVEL_BAND = 5.0
NATIONAL_POSITION = 50.0
#: A position within the reference group is shown when at least this many members count.
MIN_GROUP = 5
#: A national rank is said in words only among at least this many areas ("of 1" says
#: nothing, "better than 100 % of 3" is noise).
MIN_RANK_AREAS = 10
#: A mean position of the areas in a wijk or gemeente needs this many areas with one (so
#: never the area's own position alone).
MIN_MEAN_AREAS = 2
#: A theme of period P combines each outcome's latest period within this many years: the
#: analysis stores the window it used (meta ``theme_window``); this is for older ones.
THEME_WINDOW = 3
#: Context about where an area lies and what is near (distances, facilities within a
#: radius, urbanity, densities, land area): its own section after the themes.
LOCATION_UNITS = frozenset({"km", "class", "per km²", "ha"})
OUTCOME = "outcome"
#: Profiles kept per analysis (the most recently shown areas; about 50-100 kB each).
PROFILES_KEPT = 256

# Column headings of the theme comparison, per level of the area: always areas of the
# same level as the area itself.
MEAN_IN_DISTRICT: dict[str, Promise] = {
    AreaLevel.NEIGHBOURHOOD: gettext_lazy("Neighbourhoods in %(name)s (mean)"),
}
MEAN_IN_MUNICIPALITY: dict[str, Promise] = {
    AreaLevel.NEIGHBOURHOOD: gettext_lazy("Neighbourhoods in %(name)s (mean)"),
    AreaLevel.DISTRICT: gettext_lazy("Districts in %(name)s (mean)"),
}
NATIONAL_MIDDLE: dict[str, Promise] = {
    AreaLevel.NEIGHBOURHOOD: gettext_lazy("Neighbourhoods in the Netherlands (middle)"),
    AreaLevel.DISTRICT: gettext_lazy("Districts in the Netherlands (middle)"),
    AreaLevel.MUNICIPALITY: gettext_lazy("Municipalities in the Netherlands (middle)"),
}


@dataclass(frozen=True)
class ThemeCell:
    """A comparison's theme position, and how the area compares with it.

    ``level`` is the level of every area behind ``position`` (always the area's own
    level) and ``members`` the areas whose positions are averaged (empty for the national
    middle, which is 50 by construction).
    """

    key: str  # district | municipality | national | peers
    position: float | None
    text: str
    relation: str  # above | below | level | ""
    relation_text: str
    level: str = ""
    members: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        return len(self.members)

    @property
    def mean_text(self) -> str:
        """ "mean of 8": how many areas the mean is over (empty for the national middle)."""
        if not self.members or not is_number(self.position):
            return ""
        return _("mean of %(count)s") % {"count": format_number(len(self.members))}


@dataclass(frozen=True)
class Contribution:
    info: IndicatorInfo
    position: float | None
    weight_share: float
    source_period: int | None = None  # the year this part comes from (within the window)

    @property
    def position_text(self) -> str:
        return position_text(self.position)

    @property
    def weight_text(self) -> str:
        return format_number(self.weight_share * 100, 0)


@dataclass(frozen=True)
class ThemeRow:
    """A theme of the glance: the area's position, or "insufficient data".

    ``n_indicators`` is the number of outcomes with a figure (in the theme's window),
    ``n_theme_indicators`` the theme's outcomes in the catalogue.
    """

    theme: str
    label: str
    position: float | None
    n_indicators: int
    n_theme_indicators: int
    references: list[ThemeCell]
    contributions: list[Contribution]

    @property
    def sufficient(self) -> bool:
        return is_number(self.position)

    @property
    def text(self) -> str:
        return position_text(self.position) if self.sufficient else _("insufficient data")

    @property
    def count_text(self) -> str:
        """ "1 of 4 outcomes with a figure" """
        return _("%(n)s of %(total)s outcomes with a figure") % {
            "n": self.n_indicators,
            "total": self.n_theme_indicators,
        }

    @property
    def bar(self) -> int:
        return round(self.position) if self.sufficient else 0


@dataclass(frozen=True)
class Trend:
    previous_period: int
    previous: Figure
    change_text: str
    direction: str  # better | worse | same | higher | lower
    direction_text: str
    peer_text: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    info: IndicatorInfo
    period: int
    figure: Figure
    district: Figure | None
    municipality: Figure | None
    national: Figure | None
    position: float | None
    rank_text: str
    trend: Trend | None
    group_rank: int | None
    group_size: int | None
    source_table: str
    derivation: str = ""  # "Sum of the neighbourhoods": not published, derived on import
    is_outcome: bool = False  # judges the area (theme positions, urgency, warnings)
    trend_line: TrendLine | None = None  # the sparkline: three or more years with a value

    @property
    def group_text(self) -> str:
        if self.group_rank is None or (self.group_size or 0) < MIN_GROUP:
            return ""
        return _("%(rank)s of %(size)s") % {"rank": self.group_rank, "size": self.group_size}


@dataclass(frozen=True)
class ThemeSection:
    theme: str
    label: str
    rows: list[IndicatorRow]


@dataclass(frozen=True)
class AreaWarning:
    kind: str  # warning | lever
    rule: str
    text: str
    info: IndicatorInfo
    period: int
    previous_period: int | None
    figure: Figure
    previous: Figure
    peer_text: str


@dataclass(frozen=True)
class NotJudged:
    """Why the monitor does not judge an area, with the rule's threshold and the area's
    own figure (the stored ``eligibility`` frame)."""

    reason: str  # too_few_inhabitants | too_few_households | mostly_non_residential | …
    population: float | None = None
    households: float | None = None
    # The thresholds the analysis judged by (meta ``eligibility``), not today's settings.
    rule: dict = field(default_factory=dict)
    population_density: float | None = None
    address_density: float | None = None

    def threshold(self, name: str, default: float) -> float:
        return self.rule.get(name, default)

    @property
    def text(self) -> str:
        if self.reason == "too_few_inhabitants" and is_number(self.population):
            return _(
                "Too few inhabitants for a reliable score (%(count)s inhabitants; the "
                "monitor judges areas from %(threshold)s)."
            ) % {
                "count": format_number(self.population),
                "threshold": format_number(
                    self.threshold("min_population", settings.MONITOR_MIN_POPULATION)
                ),
            }
        if self.reason == "too_few_households" and is_number(self.households):
            return _(
                "Too few households for a reliable score (%(count)s households; the "
                "monitor judges areas from %(threshold)s)."
            ) % {
                "count": format_number(self.households),
                "threshold": format_number(
                    self.threshold("min_households", settings.MONITOR_MIN_HOUSEHOLDS)
                ),
            }
        if (
            self.reason == "mostly_non_residential"
            and is_number(self.population_density)
            and is_number(self.address_density)
        ):
            ratio = self.threshold(
                "min_residential_ratio", settings.MONITOR_MIN_RESIDENTIAL_PERCENT / 100
            )
            return _(
                "Mostly non-residential (business park, polder or greenhouses): "
                "%(density)s inhabitants per km² among %(addresses)s addresses per km² "
                "around it; at that address density the monitor judges areas from "
                "%(threshold)s inhabitants per km²."
            ) % {
                "density": format_number(self.population_density),
                "addresses": format_number(self.address_density),
                "threshold": format_number(ratio * self.address_density),
            }
        if self.reason == "no_population_figure":
            return _(
                "No population figure: without the number of inhabitants the monitor cannot "
                "tell whether a score would be reliable."
            )
        return str(NOT_JUDGED_SHORT.get(self.reason, _("Not judged by the monitor.")))


NOT_JUDGED_SHORT: dict[str, Promise] = {
    "too_few_inhabitants": gettext_lazy("Too few inhabitants for a reliable score."),
    "too_few_households": gettext_lazy("Too few households for a reliable score."),
    "mostly_non_residential": gettext_lazy(
        "Mostly non-residential (business park, polder or greenhouses)."
    ),
}


def not_judged(analysis: StoredAnalysis, code: str) -> NotJudged | None:
    """Why ``code`` is not judged; None when it is (or the analysis was stored before the
    ``eligibility`` frame existed: then every area was judged)."""
    if "eligibility" not in analysis.frames:
        return None
    rows = analysis.rows("eligibility", code)
    if rows.height == 0:
        return None
    row = rows.row(0, named=True)
    if row["eligible"]:
        return None
    return NotJudged(
        reason=row.get("reason") or "",
        population=row.get("population"),
        households=row.get("households"),
        population_density=row.get("population_density"),
        address_density=row.get("address_density"),
        rule=analysis.meta.get("eligibility") or {},
    )


@dataclass(frozen=True)
class AreaProfile:
    area: AreaRef
    district: AreaRef | None
    municipality: AreaRef | None
    theme_period: int | None
    themes: list[ThemeRow]
    sections: list[ThemeSection]
    warnings: list[AreaWarning]
    references: list[tuple[str, str]]  # (key, column heading) of the theme comparison
    n_peers: int
    data_version: int
    computed_at: str
    stale: bool = False
    peers: list[AreaRef] = field(default_factory=list)
    not_judged: NotJudged | None = None
    theme_window: int = THEME_WINDOW
    # What the profile was built from (analysis, area, sensitivity, version, staleness,
    # language): rendered fragments of it are cached under this key (``{% memo %}``).
    cache_key: tuple = ()

    @property
    def judged(self) -> bool:
        return self.not_judged is None

    @property
    def level_plural(self) -> str:
        return str(LEVEL_PLURAL.get(self.area.level, ""))

    @property
    def has_figures(self) -> bool:
        return bool(self.sections)

    @property
    def has_outcomes(self) -> bool:
        return any(row.is_outcome for section in self.sections for row in section.rows)

    @property
    def sparkline_legend(self) -> TrendLine | None:
        """Any row's trend line: its legend names the lines every sparkline draws."""
        return next((r.trend_line for s in self.sections for r in s.rows if r.trend_line), None)

    @property
    def n_indicators(self) -> int:
        return sum(len(s.rows) for s in self.sections)

    @property
    def reference_url(self) -> str:
        return reverse("monitor:reference", kwargs={"code": self.area.code})

    def export_url(self, fmt: str) -> str:
        return reverse("monitor:profile_export", kwargs={"code": self.area.code, "fmt": fmt})

    @property
    def exports(self) -> list[tuple[str, str]]:
        return [
            ("CSV", self.export_url("csv")),
            ("Excel (XLSX)", self.export_url("xlsx")),
            ("GeoJSON", self.export_url("geojson")),
        ]

    @property
    def overview_url(self) -> str:
        code = self.municipality.code if self.municipality else self.area.code
        return reverse("monitor:overview", kwargs={"code": code})

    @property
    def compare_url(self) -> str:
        codes = [self.area.code] + [p.code for p in self.peers[:3]]
        query = "&".join(f"area{i}={code}" for i, code in enumerate(codes, start=1))
        return reverse("monitor:compare") + "?" + query


def area_ref(analysis: StoredAnalysis, code: str | None) -> AreaRef | None:
    if not code:
        return None
    return area_refs(analysis.rows("areas", code)).get(code)


def _latest_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Per indicator, the row of its latest period."""
    return frame.sort("indicator", "period").group_by("indicator", maintain_order=True).last()


def _parent_cells(analysis: StoredAnalysis, code: str | None, prefix: str) -> pl.DataFrame:
    frame = analysis.rows("figures", code) if code else analysis.frame("figures").clear()
    return frame.select(
        "indicator",
        "period",
        pl.col("value").alias(f"{prefix}_cell"),
        pl.col("status").alias(f"{prefix}_status"),
    )


RANK_TEXT: dict[tuple[str, str], Promise] = {
    # (kind, where): kind "position" for outcomes (100 = best), "percentile" for context
    ("position", "top"): gettext_lazy("the best of the %(count)s %(level)s in the Netherlands"),
    ("position", "bottom"): gettext_lazy(
        "the weakest of the %(count)s %(level)s in the Netherlands"
    ),
    ("position", "low"): gettext_lazy(
        "among the weakest 1 %% of the %(count)s %(level)s in the Netherlands"
    ),
    ("position", "share"): gettext_lazy(
        "better than %(share)s %% of the %(count)s %(level)s in the Netherlands"
    ),
    ("percentile", "top"): gettext_lazy(
        "the highest of the %(count)s %(level)s in the Netherlands"
    ),
    ("percentile", "bottom"): gettext_lazy(
        "the lowest of the %(count)s %(level)s in the Netherlands"
    ),
    ("percentile", "low"): gettext_lazy(
        "among the lowest 1 %% of the %(count)s %(level)s in the Netherlands"
    ),
    ("percentile", "share"): gettext_lazy(
        "higher than %(share)s %% of the %(count)s %(level)s in the Netherlands"
    ),
}


def rank_text(kind: str, value: float, n: int, level: str) -> str:
    """A national rank in words, among the ``n`` judged areas of ``level``.

    ``value`` is the share of the other areas below (ties half): 100 only for the single
    top area ("the best of the 111 …", never "better than 100 %"), 0 for the bottom one;
    otherwise the whole percentage below (99.6 → 99), and "among the weakest 1 %" under 1.
    Empty below :data:`MIN_RANK_AREAS` areas.
    """
    if not is_number(value) or not n or n < MIN_RANK_AREAS:
        return ""
    if value >= 100:
        where, share = "top", 100
    elif value <= 0:
        where, share = "bottom", 0
    else:
        share = min(math.floor(value), 99)
        where = "share" if share >= 1 else "low"
    return str(RANK_TEXT[kind, where]) % {
        "share": share,
        "count": format_number(n),
        "level": str(LEVEL_PLURAL.get(level, "")),
    }


def _rank_text(info: IndicatorInfo, row: dict, level: str) -> str:
    # Signals of professionals are not open statistics: no national rank for them.
    if info.kind == "soft":
        return ""
    n = row.get("n")
    if is_number(row.get("position")):
        return rank_text("position", row["position"], n, level)
    if is_number(row.get("percentile")):
        return rank_text("percentile", row["percentile"], n, level)
    return ""


def _direction(info: IndicatorInfo, change: float) -> tuple[str, str]:
    rounded = round(change, info.decimals)
    if rounded == 0:
        return "same", _("unchanged")
    if info.polarity == 0:
        return ("higher", _("higher")) if rounded > 0 else ("lower", _("lower"))
    better = rounded * info.polarity > 0
    return ("better", _("better")) if better else ("worse", _("worse"))


def _trend(info: IndicatorInfo, row: dict) -> Trend | None:
    if not is_number(row.get("change")) or row.get("previous_period") is None:
        return None
    direction, direction_text = _direction(info, row["change"])
    peer_text = ""
    if is_number(row.get("peer_mean_change")):
        peer_text = _("reference areas: %(change)s on average") % {
            "change": format_signed(row["peer_mean_change"], info.decimals)
        }
    return Trend(
        previous_period=int(row["previous_period"]),
        previous=figure(row["previous_value"], None, info),
        change_text=format_signed(row["change"], info.decimals),
        direction=direction,
        direction_text=direction_text,
        peer_text=peer_text,
    )


def _raw_trend(
    info: IndicatorInfo, value: object, earlier: list[tuple[int, float]]
) -> Trend | None:
    """The change since the area's previous figure, for an area the monitor does not
    judge (the analysis gives it no change): higher or lower, never better or worse."""
    if not is_number(value) or not earlier:
        return None
    period, previous = earlier[-1]
    change = float(value) - previous
    direction, direction_text = _direction(replace(info, polarity=0), change)
    return Trend(
        previous_period=period,
        previous=figure(previous, None, info),
        change_text=format_signed(change, info.decimals),
        direction=direction,
        direction_text=direction_text,
    )


def _earlier_values(cells: pl.DataFrame) -> dict[str, list[tuple[int, float]]]:
    """Per indicator, (period, value) of every figure with a value, oldest first."""
    frame = cells.filter(pl.col("value").is_not_null()).sort("indicator", "period")
    out: dict[str, list[tuple[int, float]]] = {}
    for code, period, value in frame.select("indicator", "period", "value").iter_rows():
        out.setdefault(code, []).append((int(period), float(value)))
    return out


def outcome_codes(indicators: dict[str, dict]) -> set[str]:
    """The indicators that judge an area: the catalogue's outcomes as analysed (a weight
    in the theme positions and a polarity). Context (distances, densities, counts) and
    signals do not."""
    return {
        code
        for code, row in indicators.items()
        if (row.get("weight") or 0) > 0
        and (row.get("polarity") or 0) != 0
        and (row.get("role") or OUTCOME) == OUTCOME
    }


def theme_outcomes(indicators: dict[str, dict]) -> dict[str, list[str]]:
    """Per theme, its outcome indicators in the catalogue (catalogue order)."""
    outcomes = outcome_codes(indicators)
    by_theme: dict[str, list[str]] = {}
    for code, row in indicators.items():
        if code in outcomes:
            for theme in row.get("themes") or ():
                by_theme.setdefault(theme, []).append(code)
    return by_theme


def _indicator_rows(
    analysis: StoredAnalysis,
    area: AreaRef,
    infos: dict[str, IndicatorInfo],
    *,
    judged: bool = True,
) -> list[IndicatorRow]:
    cells = analysis.rows("figures", area.code)
    own = _latest_rows(cells)
    if own.height == 0:
        return []
    outcomes = outcome_codes(analysis.indicators)
    earlier = {} if judged else _earlier_values(cells)
    lines = trend_lines_for_area(analysis, area.code, infos)
    derived = _derived_cells(cells)
    district = area.parent_code if area.level == AreaLevel.NEIGHBOURHOOD else None
    municipality = area.municipality_code if area.level != AreaLevel.MUNICIPALITY else None
    national = analysis.frame("national").select("indicator", "period", national_cell="value")
    frame = (
        own.join(
            _parent_cells(analysis, district, "district"), on=["indicator", "period"], how="left"
        )
        .join(
            _parent_cells(analysis, municipality, "municipality"),
            on=["indicator", "period"],
            how="left",
        )
        .join(national, on=["indicator", "period"], how="left")
    )
    rows = []
    for row in frame.iter_rows(named=True):
        info = infos.get(row["indicator"])
        if info is None:
            continue
        rows.append(
            IndicatorRow(
                info=info,
                period=int(row["period"]),
                figure=figure(row["value"], row["status"], info),
                district=figure(row["district_cell"], row["district_status"], info)
                if district
                else None,
                municipality=figure(row["municipality_cell"], row["municipality_status"], info)
                if municipality
                else None,
                # A sensitive figure for the Netherlands sums or averages over other
                # gemeenten (signal counts of their staff): not on an area's profile.
                national=figure(None if info.sensitive else row["national_cell"], None, info),
                # An area that is not judged has no rank (the analysis gives none; an
                # older stored analysis might).
                position=row["position"] if judged else None,
                rank_text=_rank_text(info, row, area.level) if judged else "",
                trend=_trend(info, row)
                if judged
                else _raw_trend(
                    info,
                    row["value"] if row["status"] in (None, "value") else None,
                    [(p, v) for p, v in earlier.get(info.code, []) if p < row["period"]],
                ),
                group_rank=row["group_rank"] if judged else None,
                group_size=row["group_size"] if judged else None,
                source_table=source_tables(info, row["period"], row["source_table"], infos),
                derivation=derivation_text(
                    info,
                    row.get("derivation"),
                    {
                        c: derived[c, row["period"]]
                        for c in info.inputs
                        if (c, row["period"]) in derived
                    },
                    infos,
                ),
                is_outcome=info.code in outcomes,
                trend_line=lines.get(info.code),
            )
        )
    order = {code: i for i, code in enumerate(infos)}
    rows.sort(key=lambda r: order[r.info.code])
    return rows


def _derived_cells(cells: pl.DataFrame) -> dict[tuple[str, int], str]:
    """(indicator, period) → derivation of an area's derived figures (a wijk's sums)."""
    if "derivation" not in cells.columns:  # an analysis stored before derivations
        return {}
    marked = cells.filter(pl.col("derivation").fill_null("") != "")
    return {(i, p): d for i, p, d in marked.select("indicator", "period", "derivation").rows()}


def is_location(info: IndicatorInfo, role: str | None) -> bool:
    """Context about location and facilities: distances, facilities within a radius,
    urbanity, densities, land area."""
    if role == OUTCOME:
        return False
    return info.unit in LOCATION_UNITS or "_within_" in info.code


def _sections(rows: list[IndicatorRow], indicators: dict[str, dict]) -> list[ThemeSection]:
    """Figures by their first theme; location and facilities after the themes, then the
    figures without a theme."""
    by_theme: dict[str, list[IndicatorRow]] = {}
    for row in rows:
        role = (indicators.get(row.info.code) or {}).get("role")
        key = "location" if is_location(row.info, role) else row.info.primary_theme
        by_theme.setdefault(key, []).append(row)
    sections = [
        ThemeSection(theme=t.value, label=str(t.label), rows=by_theme[t.value])
        for t in Theme
        if t.value in by_theme
    ]
    if "location" in by_theme:
        sections.append(
            ThemeSection(
                theme="location", label=_("Location and facilities"), rows=by_theme["location"]
            )
        )
    if "" in by_theme:
        sections.append(ThemeSection(theme="other", label=_("Other figures"), rows=by_theme[""]))
    return sections


def _same_level_members(
    analysis: StoredAnalysis, area: AreaRef, peers: dict[str, AreaRef]
) -> dict[str, list[str]]:
    """The areas behind each theme comparison, all of the area's own level: the buurten
    of its wijk and of its gemeente (for a wijk: the wijken of its gemeente), its
    reference areas."""
    areas = analysis.frame("areas")
    level = pl.col("level") == area.level
    members: dict[str, list[str]] = {}
    if area.level == AreaLevel.NEIGHBOURHOOD and area.parent_code:
        members["district"] = areas.filter(level & (pl.col("parent_code") == area.parent_code))[
            "code"
        ].to_list()
    if area.level != AreaLevel.MUNICIPALITY and area.municipality_code:
        members["municipality"] = areas.filter(
            level & (pl.col("municipality_code") == area.municipality_code)
        )["code"].to_list()
    if peers:
        members["peers"] = [code for code, ref in peers.items() if ref.level == area.level]
    return members


def _common_prefix(codes: list[str]) -> str:
    """The longest string every code starts with ("BU034403" for the buurten of a wijk)."""
    low, high = min(codes), max(codes)
    size = 0
    while size < min(len(low), len(high)) and low[size] == high[size]:
        size += 1
    return low[:size]


def _theme_scores_of(analysis: StoredAnalysis, codes: list[str], period: int) -> pl.DataFrame:
    """The theme scores of ``codes`` in ``period`` (the areas of a wijk or gemeente share
    a code prefix: one slice of the frame sorted by area; reference areas: one each)."""
    if not codes:
        return analysis.frame("theme_scores").clear()
    prefix = _common_prefix(codes)
    if len(codes) > 3 and len(prefix) >= 6:  # within one gemeente: one slice is cheaper
        frame = analysis.rows("theme_scores", prefix, prefix=True)
    else:
        frame = pl.concat([analysis.rows("theme_scores", code) for code in codes])
    return frame.filter(
        (pl.col("period") == period)
        & pl.col("area").is_in(codes)
        & pl.col("position").is_not_null()
    )


def _mean_positions(
    analysis: StoredAnalysis, codes: list[str], period: int, level: str
) -> dict[str, tuple[float, tuple[str, ...]]]:
    """Per theme: the mean position of ``codes`` (of one level) and the areas it is over."""
    frame = _theme_scores_of(analysis, codes, period).filter(pl.col("level") == level)
    if frame.height == 0:
        return {}
    means = frame.group_by("theme").agg(
        pl.col("position").mean().alias("mean"), pl.col("area").sort().alias("areas")
    )
    return {
        theme: (mean, tuple(members))
        for theme, mean, members in means.select("theme", "mean", "areas").iter_rows()
    }


def _outcomes_with_figure(
    analysis: StoredAnalysis, code: str, period: int, window: int
) -> set[str]:
    """Indicators whose latest row for the area within the theme window has a value."""
    cells = analysis.rows("figures", code).filter(
        (pl.col("period") <= period) & (pl.col("period") > period - window)
    )
    latest = _latest_rows(cells)
    present = latest.filter(
        pl.col("value").is_not_null() & (pl.col("status").fill_null("value") == "value")
    )
    return set(present["indicator"].to_list())


def _relation(own: float | None, other: float | None) -> tuple[str, str]:
    if not is_number(own) or not is_number(other):
        return "", ""
    if own - other >= LEVEL_BAND:
        return "above", _("this area scores better")
    if other - own >= LEVEL_BAND:
        return "below", _("this area scores worse")
    return "level", _("about the same")


def theme_period(analysis: StoredAnalysis, code: str) -> int | None:
    """The main period if the area has theme scores then, else its latest with scores."""
    periods = analysis.rows("theme_scores", code)["period"].unique().to_list()
    if not periods:
        return None
    main = analysis.main_period
    return main if main in periods else max(periods)


def _themes(
    analysis: StoredAnalysis,
    area: AreaRef,
    infos: dict[str, IndicatorInfo],
    references: list[tuple[str, str]],
    members: dict[str, list[str]],
) -> tuple[int | None, list[ThemeRow]]:
    """Every theme with outcomes in the catalogue: the area's position beside positions of
    areas of its own level, or "insufficient data" with how many outcomes have a figure."""
    period = theme_period(analysis, area.code) or analysis.main_period
    outcomes = theme_outcomes(analysis.indicators)
    if period is None or not outcomes:
        return period, []
    scores = analysis.rows("theme_scores", area.code).filter(pl.col("period") == period)
    contributions = analysis.rows("theme_contributions", area.code).filter(
        pl.col("period") == period
    )
    means = {
        key: _mean_positions(analysis, codes, period, area.level) for key, codes in members.items()
    }
    parts: dict[str, list[Contribution]] = {}
    for row in contributions.sort("weight_share", descending=True).iter_rows(named=True):
        info = infos.get(row["indicator"])
        if info is not None:
            parts.setdefault(row["theme"], []).append(
                Contribution(
                    info=info,
                    position=row["position"],
                    weight_share=row["weight_share"],
                    source_period=row.get("source_period", row["period"]),
                )
            )
    by_theme = {row["theme"]: row for row in scores.iter_rows(named=True)}
    with_figure: set[str] | None = None
    rows = []
    for theme in Theme:
        codes = outcomes.get(theme.value)
        if not codes:
            continue
        label = str(THEME_LABELS[theme.value])
        row = by_theme.get(theme.value)
        if row is None or not is_number(row["position"]):
            if with_figure is None:
                window = analysis.meta.get("theme_window", THEME_WINDOW)
                with_figure = _outcomes_with_figure(analysis, area.code, period, window)
            rows.append(
                ThemeRow(
                    theme=theme.value,
                    label=label,
                    position=None,
                    n_indicators=sum(code in with_figure for code in codes),
                    n_theme_indicators=len(codes),
                    references=[
                        ThemeCell(key, None, position_text(None), "", "", area.level)
                        for key, _heading in references
                    ],
                    contributions=[],
                )
            )
            continue
        cells = []
        for key, _heading in references:
            other, over = None, ()
            if key == "national":
                other = NATIONAL_POSITION  # the middle of the level by construction
            elif theme.value in means.get(key, {}):
                mean, over = means[key][theme.value]
                least = MIN_GROUP if key == "peers" else MIN_MEAN_AREAS
                if len(over) >= least:
                    other = mean
                else:
                    over = ()
            relation, relation_text = _relation(row["position"], other)
            cells.append(
                ThemeCell(
                    key, other, position_text(other), relation, relation_text, area.level, over
                )
            )
        rows.append(
            ThemeRow(
                theme=theme.value,
                label=label,
                position=row["position"],
                n_indicators=int(row["n_indicators"]),
                n_theme_indicators=int(row["n_theme_indicators"]),
                references=cells,
                contributions=parts.get(theme.value, []),
            )
        )
    return period, rows


def _warnings(
    analysis: StoredAnalysis, code: str, infos: dict[str, IndicatorInfo]
) -> list[AreaWarning]:
    latest = analysis.latest_periods
    result = []
    for row in analysis.rows("warnings", code).iter_rows(named=True):
        info = infos.get(row["indicator"])
        if info is None or row["period"] != latest.get(row["indicator"]):
            continue  # only current signals: the indicator's latest period
        result.append(warning_item(row, info))
    result.sort(key=lambda w: (w.kind != "warning", w.info.name))
    return result


def warning_item(row: dict, info: IndicatorInfo) -> AreaWarning:
    peer_text = ""
    if is_number(row.get("peer_mean_change")):
        peer_text = _("%(change)s on average in its reference areas") % {
            "change": format_signed(row["peer_mean_change"], info.decimals)
        }
    return AreaWarning(
        kind=row["kind"],
        rule=row["rule"],
        text=str(RULE_TEXT.get(row["rule"], row["rule"])),
        info=info,
        period=int(row["period"]),
        previous_period=row["previous_period"],
        figure=figure(row["value"], None, info),
        previous=figure(row["previous_value"], None, info),
        peer_text=peer_text,
    )


def district_label(name: str) -> str:
    """ "District Centrum", but "Wijk 03 Overvecht" as is: CBS names many wijken so."""
    if name.lower().startswith(("wijk ", "district ")):
        return name
    return _("District %(name)s") % {"name": name}


def area_profile(
    analysis: StoredAnalysis,
    code: str,
    *,
    show_sensitive: bool = False,
    data_version: int = 0,
    stale: bool = False,
) -> AreaProfile | None:
    """The profile of the area ``code``; None when the analysis does not know the area.

    Built once per analysis, area, sensitivity and language and kept with the analysis
    (``StoredAnalysis.memo``): it depends on nothing else, and a page reads it only."""
    key = (code, bool(show_sensitive), data_version, bool(stale), get_language())
    return analysis.memo(
        "area_profile",
        key,
        lambda: _area_profile(
            analysis,
            code,
            show_sensitive=show_sensitive,
            data_version=data_version,
            stale=stale,
            cache_key=(analysis.key, *key),
        ),
        size=PROFILES_KEPT,
    )


def _area_profile(
    analysis: StoredAnalysis,
    code: str,
    *,
    show_sensitive: bool,
    data_version: int,
    stale: bool,
    cache_key: tuple,
) -> AreaProfile | None:
    area = area_ref(analysis, code)
    if area is None:
        return None
    infos = catalogue(analysis.indicators, show_sensitive=show_sensitive)
    district = (
        area_ref(analysis, area.parent_code) if area.level == AreaLevel.NEIGHBOURHOOD else None
    )
    municipality = (
        area_ref(analysis, area.municipality_code) if area.level != AreaLevel.MUNICIPALITY else None
    )
    excluded = not_judged(analysis, code)
    # Not judged: no reference group either (the analysis forms none; an older one might).
    peer_codes = [] if excluded else analysis.rows("peers", code)["peer"].to_list()
    references: list[tuple[str, str]] = []
    if district:
        heading = MEAN_IN_DISTRICT[area.level]
        references.append(("district", heading % {"name": district_label(district.name)}))
    if municipality:
        heading = MEAN_IN_MUNICIPALITY[area.level]
        references.append(("municipality", heading % {"name": municipality.name}))
    references.append(("national", str(NATIONAL_MIDDLE[area.level])))
    if peer_codes:
        references.append(("peers", _("Reference areas (mean)")))
    peer_refs = (
        area_refs(pl.concat([analysis.rows("areas", p) for p in peer_codes])) if peer_codes else {}
    )
    if excluded:
        period, themes = analysis.main_period, []
    else:
        members = _same_level_members(analysis, area, peer_refs)
        period, themes = _themes(analysis, area, infos, references, members)
    rows = _indicator_rows(analysis, area, infos, judged=excluded is None)
    return AreaProfile(
        area=area,
        district=district,
        municipality=municipality,
        theme_period=period,
        themes=themes,
        sections=_sections(rows, analysis.indicators),
        warnings=[] if excluded else _warnings(analysis, code, infos),
        references=references,
        n_peers=len(peer_codes),
        data_version=data_version or analysis.key.data_version,
        computed_at=analysis.computed_at,
        stale=stale,
        peers=[peer_refs[p] for p in peer_codes if p in peer_refs],
        not_judged=excluded,
        theme_window=analysis.meta.get("theme_window", THEME_WINDOW),
        cache_key=cache_key,
    )

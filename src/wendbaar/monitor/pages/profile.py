"""The profile of one area (buurt, wijk or gemeente) from the stored analysis.

Theme scores at a glance next to the wijk, the gemeente, the Netherlands and the reference
group, then every indicator with its latest figure, the same comparisons, its national
rank, the trend and the source. Pure reads of :class:`~..stored.store.StoredAnalysis`: binary
searches into frames sorted by area, no database query.

Theme *positions* (0-100, 100 = best of the country) are compared rather than raw
scores: a buurt is ranked among buurten, a wijk among wijken, a gemeente among gemeenten,
and the Netherlands is the middle (50) by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from django.urls import reverse
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

#: Positions closer than this count as "about the same" in the theme comparison.
LEVEL_BAND = 5.0
NATIONAL_POSITION = 50.0
#: A position within the reference group is shown when at least this many members count.
MIN_GROUP = 5


@dataclass(frozen=True)
class ThemeCell:
    """A reference's theme position, and how the area compares with it."""

    key: str  # district | municipality | national | peers
    position: float | None
    text: str
    relation: str  # above | below | level | ""
    relation_text: str


@dataclass(frozen=True)
class Contribution:
    info: IndicatorInfo
    position: float | None
    weight_share: float

    @property
    def position_text(self) -> str:
        return position_text(self.position)

    @property
    def weight_text(self) -> str:
        return format_number(self.weight_share * 100, 0)


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    label: str
    position: float | None
    n_indicators: int
    n_theme_indicators: int
    references: list[ThemeCell]
    contributions: list[Contribution]

    @property
    def text(self) -> str:
        return position_text(self.position)

    @property
    def bar(self) -> int:
        return round(self.position) if is_number(self.position) else 0


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

    @property
    def has_figures(self) -> bool:
        return bool(self.sections)

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


def _rank_text(info: IndicatorInfo, row: dict, level: str) -> str:
    n = row.get("n")
    plural = str(LEVEL_PLURAL.get(level, ""))
    if is_number(row.get("position")) and n:
        return _("better than %(share)s%% of %(count)s %(level)s") % {
            "share": format_number(row["position"], 0),
            "count": format_number(n),
            "level": plural,
        }
    if is_number(row.get("percentile")) and n:
        return _("higher than %(share)s%% of %(count)s %(level)s") % {
            "share": format_number(row["percentile"], 0),
            "count": format_number(n),
            "level": plural,
        }
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


def _indicator_rows(
    analysis: StoredAnalysis, area: AreaRef, infos: dict[str, IndicatorInfo]
) -> list[IndicatorRow]:
    cells = analysis.rows("figures", area.code)
    own = _latest_rows(cells)
    if own.height == 0:
        return []
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
                position=row["position"],
                rank_text=_rank_text(info, row, area.level),
                trend=_trend(info, row),
                group_rank=row["group_rank"],
                group_size=row["group_size"],
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


def _sections(rows: list[IndicatorRow]) -> list[ThemeSection]:
    by_theme: dict[str, list[IndicatorRow]] = {}
    for row in rows:
        by_theme.setdefault(row.info.primary_theme, []).append(row)
    sections = [
        ThemeSection(theme=t.value, label=str(t.label), rows=by_theme[t.value])
        for t in Theme
        if t.value in by_theme
    ]
    if "" in by_theme:
        sections.append(ThemeSection(theme="other", label=_("Other figures"), rows=by_theme[""]))
    return sections


def _theme_positions(analysis: StoredAnalysis, code: str | None, period: int) -> dict[str, float]:
    if not code:
        return {}
    frame = analysis.rows("theme_scores", code).filter(pl.col("period") == period)
    return dict(zip(frame["theme"].to_list(), frame["position"].to_list(), strict=True))


def _peer_theme_positions(
    analysis: StoredAnalysis, peers: list[str], period: int
) -> dict[str, float]:
    if not peers:
        return {}
    parts = [analysis.rows("theme_scores", code) for code in peers]
    frame = (
        pl.concat(parts)
        .filter(pl.col("period") == period)
        .group_by("theme")
        .agg(pl.col("position").mean())
    )
    return dict(zip(frame["theme"].to_list(), frame["position"].to_list(), strict=True))


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
    peers: list[str],
) -> tuple[int | None, list[ThemeRow]]:
    period = theme_period(analysis, area.code)
    if period is None:
        return None, []
    scores = analysis.rows("theme_scores", area.code).filter(pl.col("period") == period)
    contributions = analysis.rows("theme_contributions", area.code).filter(
        pl.col("period") == period
    )
    reference_positions = {
        "district": _theme_positions(
            analysis, area.parent_code if area.level == AreaLevel.NEIGHBOURHOOD else None, period
        ),
        "municipality": _theme_positions(
            analysis,
            area.municipality_code if area.level != AreaLevel.MUNICIPALITY else None,
            period,
        ),
        "peers": _peer_theme_positions(analysis, peers, period),
    }
    parts: dict[str, list[Contribution]] = {}
    for row in contributions.sort("weight_share", descending=True).iter_rows(named=True):
        info = infos.get(row["indicator"])
        if info is not None:
            parts.setdefault(row["theme"], []).append(
                Contribution(info=info, position=row["position"], weight_share=row["weight_share"])
            )
    by_theme = {row["theme"]: row for row in scores.iter_rows(named=True)}
    rows = []
    for theme in Theme:
        row = by_theme.get(theme.value)
        if row is None:
            continue
        cells = []
        for key, _heading in references:
            other = (
                NATIONAL_POSITION
                if key == "national"
                else reference_positions[key].get(theme.value)
            )
            relation, relation_text = _relation(row["position"], other)
            cells.append(ThemeCell(key, other, position_text(other), relation, relation_text))
        rows.append(
            ThemeRow(
                theme=theme.value,
                label=str(THEME_LABELS[theme.value]),
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
    """The profile of the area ``code``; None when the analysis does not know the area."""
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
    peer_codes = analysis.rows("peers", code)["peer"].to_list()
    references: list[tuple[str, str]] = []
    if district:
        references.append(("district", district_label(district.name)))
    if municipality:
        references.append(("municipality", municipality.name))
    references.append(("national", _("Netherlands")))
    if peer_codes:
        references.append(("peers", _("Reference areas")))
    period, themes = _themes(analysis, area, infos, references, peer_codes)
    rows = _indicator_rows(analysis, area, infos)
    peer_refs = (
        area_refs(pl.concat([analysis.rows("areas", p) for p in peer_codes])) if peer_codes else {}
    )
    return AreaProfile(
        area=area,
        district=district,
        municipality=municipality,
        theme_period=period,
        themes=themes,
        sections=_sections(rows),
        warnings=_warnings(analysis, code, infos),
        references=references,
        n_peers=len(peer_codes),
        data_version=data_version or analysis.key.data_version,
        computed_at=analysis.computed_at,
        stale=stale,
        peers=[peer_refs[p] for p in peer_codes if p in peer_refs],
    )

"""Reference areas (who the peers are and why) and areas side by side.

A buurt's reference group is the k buurten nationwide most like it on the structural
profile (:data:`.registry.REFERENCE_PROFILE`): Euclidean distance on z-standardised
profile values; see :mod:`..analysis.reference`. The page shows the profile of the buurt
and of every peer, how far each peer is, and where the buurt stands within the group.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wendbaar.core.constants import Theme

from ..stored.store import StoredAnalysis
from .present import (
    LEVEL_PLURAL,
    THEME_LABELS,
    AreaRef,
    Figure,
    IndicatorInfo,
    area_refs,
    figure,
    format_number,
    position_text,
)
from .profile import (
    MIN_GROUP,
    IndicatorRow,
    NotJudged,
    _indicator_rows,
    area_ref,
    not_judged,
    theme_period,
)

MAX_COMPARED = 4
MIN_COMPARED = 2


@dataclass(frozen=True)
class ProfileValue:
    figure: Figure
    z: float | None
    imputed: bool

    @property
    def z_text(self) -> str:
        return format_number(self.z, 2) if self.z is not None else ""


@dataclass(frozen=True)
class PeerRow:
    rank: int | None  # None for the area itself
    area: AreaRef
    municipality_name: str
    distance: float | None
    values: list[ProfileValue]

    @property
    def distance_text(self) -> str:
        return format_number(self.distance, 2) if self.distance is not None else ""


@dataclass(frozen=True)
class ReferenceGroup:
    area: AreaRef
    municipality: AreaRef | None
    profile: list[IndicatorInfo]
    rows: list[PeerRow]  # the area first, then its peers by rank
    k: int
    excluded: bool
    n_present: int
    positions: list[IndicatorRow]
    not_judged: NotJudged | None = None  # the monitor does not judge the area: no group

    @property
    def peers(self) -> list[PeerRow]:
        return self.rows[1:]

    @property
    def compare_codes(self) -> list[str]:
        return [self.area.code] + [row.area.code for row in self.peers[: MAX_COMPARED - 1]]


def _profile_values(
    analysis: StoredAnalysis, code: str, profile: list[IndicatorInfo]
) -> list[ProfileValue]:
    frame = analysis.rows("peer_profile", code)
    by_code = {row["indicator"]: row for row in frame.iter_rows(named=True)}
    values = []
    for info in profile:
        row = by_code.get(info.code)
        if row is None:
            values.append(ProfileValue(figure(None, None, info), None, True))
        else:
            values.append(
                ProfileValue(figure(row["value"], None, info), row["z"], bool(row["imputed"]))
            )
    return values


def reference_group(
    analysis: StoredAnalysis, code: str, infos: dict[str, IndicatorInfo]
) -> ReferenceGroup | None:
    """Who the peers of ``code`` are and on which profile; None for an unknown area."""
    area = area_ref(analysis, code)
    if area is None:
        return None
    excluded_area = not_judged(analysis, code)
    profile_codes = analysis.meta.get("profile", [])
    profile = [infos[c] for c in profile_codes if c in infos]
    peers = analysis.rows("peers", code).sort("rank")
    if excluded_area is not None:
        peers = peers.clear()  # an area that is not judged is compared with no one
    codes = peers["peer"].to_list()
    refs = area_refs(pl.concat([analysis.rows("areas", c) for c in [code, *codes]]))
    gm_codes = {r.municipality_code for r in refs.values()}
    municipalities = area_refs(pl.concat([analysis.rows("areas", c) for c in gm_codes]))

    def row_for(peer: AreaRef, rank: int | None, distance: float | None) -> PeerRow:
        gm = municipalities.get(peer.municipality_code)
        return PeerRow(
            rank=rank,
            area=peer,
            municipality_name=gm.name if gm else peer.municipality_code,
            distance=distance,
            values=_profile_values(analysis, peer.code, profile),
        )

    rows = [row_for(area, None, None)]
    for peer in peers.iter_rows(named=True):
        ref = refs.get(peer["peer"])
        if ref is not None:
            rows.append(row_for(ref, int(peer["rank"]), peer["distance"]))
    excluded = analysis.rows("peer_excluded", code)
    n_present = int(excluded["n_present"][0]) if excluded.height else len(profile)
    positions = [
        row
        for row in _indicator_rows(analysis, area, infos, judged=excluded_area is None)
        if row.group_rank is not None and (row.group_size or 0) >= MIN_GROUP
    ]
    return ReferenceGroup(
        area=area,
        municipality=municipalities.get(area.municipality_code),
        profile=profile,
        rows=rows,
        k=int(analysis.meta.get("k", 10)),
        excluded=bool(excluded.height),
        n_present=n_present,
        positions=positions,
        not_judged=excluded_area,
    )


# --- compare --------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    label: str
    info: IndicatorInfo | None
    period: int | None
    cells: list[Figure]


@dataclass(frozen=True)
class CompareSection:
    key: str
    label: str
    rows: list[CompareRow]

    @property
    def is_themes(self) -> bool:
        return self.key == "themes" or self.key.startswith("themes-")


@dataclass(frozen=True)
class Comparison:
    areas: list[AreaRef]
    theme_period: int | None
    sections: list[CompareSection]

    @property
    def mixed_levels(self) -> bool:
        return len({a.level for a in self.areas}) > 1


THEMES_LABEL = _lazy("Theme positions among %(level)s (0-100, 100 = best)")


def _theme_sections(analysis: StoredAnalysis, areas: list[AreaRef]) -> tuple[int | None, list]:
    """Theme positions side by side, like with like: a position ranks an area among the
    areas of its level, so one table per level; an area of another level gets a cell that
    says so, never its position on the other scale."""
    periods = [theme_period(analysis, a.code) for a in areas]
    main = analysis.main_period
    period = main if main in periods else max((p for p in periods if p), default=None)
    positions: dict[str, dict[str, float]] = {}
    for area in areas:
        frame = analysis.rows("theme_scores", area.code).filter(pl.col("period") == period)
        positions[area.code] = dict(
            zip(frame["theme"].to_list(), frame["position"].to_list(), strict=True)
        )
    judged = {a.code: not_judged(analysis, a.code) is None for a in areas}
    levels = list(dict.fromkeys(a.level for a in areas))
    sections = []
    for level in levels:
        rows = []
        for theme in Theme:
            values = [
                positions[a.code].get(theme.value) if a.level == level else None for a in areas
            ]
            if all(v is None for v in values):
                continue
            cells = []
            for area, value in zip(areas, values, strict=True):
                if area.level != level:
                    cells.append(Figure(None, "other_level", _("other level: not compared")))
                elif not judged[area.code]:
                    cells.append(Figure(None, "not_judged", _("not judged")))
                elif value is None:
                    cells.append(Figure(None, "missing", _("insufficient data")))
                else:
                    cells.append(Figure(value, "value", position_text(value)))
            rows.append(
                CompareRow(
                    label=str(THEME_LABELS[theme.value]),
                    info=None,
                    period=period,
                    cells=cells,
                )
            )
        key = "themes" if len(levels) == 1 else f"themes-{level}"
        label = THEMES_LABEL % {"level": str(LEVEL_PLURAL.get(level, level))}
        sections.append(CompareSection(key, label, rows))
    return period, sections


def compare_areas(
    analysis: StoredAnalysis, codes: list[str], infos: dict[str, IndicatorInfo]
) -> Comparison:
    """2-4 areas side by side: theme positions, then every indicator in the latest period
    in which any of them has a value (an area without a figure then says why)."""
    areas = [a for a in (area_ref(analysis, c) for c in codes) if a is not None]
    period, sections = _theme_sections(analysis, areas)
    cells = pl.concat([analysis.rows("figures", a.code) for a in areas]) if areas else None
    if cells is not None and cells.height:
        latest = (
            cells.filter(pl.col("value").is_not_null())
            .group_by("indicator")
            .agg(pl.col("period").max().alias("latest"))
        )
        chosen = cells.join(latest, on="indicator").filter(pl.col("period") == pl.col("latest"))
        by_key = {(r["indicator"], r["area"]): r for r in chosen.iter_rows(named=True)}
        periods = dict(zip(latest["indicator"].to_list(), latest["latest"].to_list(), strict=True))
        by_theme: dict[str, list[CompareRow]] = {}
        for code, info in infos.items():
            if code not in periods:
                continue
            row_cells = []
            for area in areas:
                row = by_key.get((code, area.code))
                row_cells.append(
                    figure(row["value"], row["status"], info) if row else figure(None, None, info)
                )
            by_theme.setdefault(info.primary_theme, []).append(
                CompareRow(info.name, info, periods[code], row_cells)
            )
        for theme in Theme:
            if theme.value in by_theme:
                sections.append(
                    CompareSection(theme.value, str(theme.label), by_theme[theme.value])
                )
        if "" in by_theme:
            sections.append(CompareSection("other", _("Other figures"), by_theme[""]))
    return Comparison(areas=areas, theme_period=period, sections=sections)

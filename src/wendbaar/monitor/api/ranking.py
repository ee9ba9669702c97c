"""The urgency ranking of a gemeente for the API: the page's ranking, plus what an API
reader cannot see around it (theme positions, areas the analysis does not judge).

The ranking itself is :func:`..pages.overview.urgency_for`, called as the gemeente page
calls it (all areas, the reader's catalogue), so the API and the page list the same areas
in the same order; nothing here ranks again. Reads only the stored analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.http import Http404

from wendbaar.areas.models import Area

from ..pages.choropleth import level_prefix
from ..pages.overview import Urgency, UrgencyRow, urgency_for
from ..pages.present import THEME_LABELS, AreaRef, area_refs, catalogue, is_number
from ..pages.profile import area_ref
from ..selectors import current_analysis, may_see_sensitive
from ..stored.store import StoredAnalysis


@dataclass(frozen=True)
class ThemePosition:
    theme: str
    position: float | None
    n_indicators: int
    n_theme_indicators: int

    @property
    def label(self) -> str:
        return str(THEME_LABELS.get(self.theme, self.theme))


@dataclass(frozen=True)
class RankedArea:
    row: UrgencyRow
    themes: list[ThemePosition]


@dataclass(frozen=True)
class NotJudged:
    area: AreaRef
    reason: str | None


@dataclass(frozen=True)
class Ranking:
    municipality: Area
    level: str
    period: int | None
    data_version: int
    pending_data_version: int | None
    computed_at: str
    areas: list[RankedArea] = field(default_factory=list)
    not_judged: list[NotJudged] = field(default_factory=list)


def ranking_for(user: Any, municipality: Area, level: str) -> Ranking:
    """The urgency ranking of ``level`` areas in ``municipality`` as ``user`` may read it.

    Raises Http404 when the stored analysis does not know the gemeente (as the page
    does). Before the first analysis: no areas and no period.
    """
    current = current_analysis()
    analysis = current.analysis
    if analysis is None:
        return Ranking(
            municipality=municipality,
            level=level,
            period=None,
            data_version=current.data_version,
            pending_data_version=current.pending_version,
            computed_at="",
        )
    if area_ref(analysis, municipality.code) is None:
        raise Http404(municipality.code)
    # The reader's catalogue, as on the page: sensitive indicators only where allowed, so
    # urgency_for names no reason the reader may not see.
    infos = catalogue(analysis.indicators, show_sensitive=may_see_sensitive(user, municipality))
    urgency = urgency_for(analysis, municipality.code, level, infos, limit=None)
    themes = _theme_positions(analysis, municipality.code, urgency)
    return Ranking(
        municipality=municipality,
        level=level,
        period=urgency.period,
        data_version=current.data_version,
        pending_data_version=current.pending_version,
        computed_at=analysis.computed_at,
        areas=[RankedArea(row, themes.get(row.area.code, [])) for row in urgency.rows],
        not_judged=_not_judged(analysis, municipality.code, level),
    )


def _theme_positions(
    analysis: StoredAnalysis, municipality_code: str, urgency: Urgency
) -> dict[str, list[ThemePosition]]:
    """Each ranked area's theme positions in the ranking's period, in theme order."""
    codes = [row.area.code for row in urgency.rows]
    if not codes or urgency.period is None:
        return {}
    frame = analysis.rows(
        "theme_scores", level_prefix(municipality_code, urgency.level), prefix=True
    ).filter(pl.col("area").is_in(codes) & (pl.col("period") == urgency.period))
    order = {theme: i for i, theme in enumerate(THEME_LABELS)}  # the themes' own order
    result: dict[str, list[ThemePosition]] = {}
    for row in frame.iter_rows(named=True):
        result.setdefault(row["area"], []).append(
            ThemePosition(
                theme=row["theme"],
                position=row["position"] if is_number(row["position"]) else None,
                n_indicators=int(row["n_indicators"] or 0),
                n_theme_indicators=int(row["n_theme_indicators"] or 0),
            )
        )
    for themes in result.values():
        themes.sort(key=lambda t: (order.get(t.theme, len(order)), t.theme))
    return result


def _not_judged(analysis: StoredAnalysis, municipality_code: str, level: str) -> list[NotJudged]:
    """Areas of the level the eligibility rule leaves out (too few residents), by code.

    Empty for an analysis stored before the rule existed (no ``eligibility`` frame).
    """
    if "eligibility" not in analysis.frames:
        return []
    frame = analysis.rows("eligibility", level_prefix(municipality_code, level), prefix=True)
    if "level" in frame.columns:
        frame = frame.filter(pl.col("level") == level)
    frame = frame.filter(~pl.col("eligible").fill_null(True)).sort("area")
    codes = frame["area"].to_list()
    if not codes:
        return []
    refs = area_refs(pl.concat([analysis.rows("areas", c) for c in codes]))
    return [
        NotJudged(refs[row["area"]], row.get("reason"))
        for row in frame.iter_rows(named=True)
        if row["area"] in refs
    ]

"""The gemeente overview: urgency ranking with its reasons, and the early warnings.

The urgency score of an area is the mean theme deficit (100 - theme position; 50 is the
national middle) plus a fixed number of points per early warning; see
:mod:`..analysis.urgency`. Both parts are shown, with the themes and indicators that weigh
most, so a reader can see *why* an area ranks high. Early warnings are the current ones:
in the latest period of their indicator.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from django.utils.translation import gettext as _

from wendbaar.areas.constants import AreaLevel

from ..stored.store import StoredAnalysis
from .choropleth import level_prefix
from .present import (
    RULE_TEXT,
    THEME_LABELS,
    AreaRef,
    IndicatorInfo,
    area_refs,
    format_number,
    position_text,
)
from .profile import AreaWarning, warning_item

#: Rules in the order the page lists them: warnings first, then levers.
RULES = ("entered_weakest_fifth", "worse_than_peers", "better_than_peers", "left_weakest_fifth")


@dataclass(frozen=True)
class Reason:
    label: str
    position: float | None
    url: str = ""

    @property
    def position_text(self) -> str:
        return position_text(self.position)


@dataclass(frozen=True)
class UrgencyRow:
    rank: int
    area: AreaRef
    score: float
    mean_deficit: float
    n_themes: int
    n_warnings: int
    n_levers: int
    warning_points: float
    themes: list[Reason] = field(default_factory=list)
    indicators: list[Reason] = field(default_factory=list)
    warnings: list[Reason] = field(default_factory=list)

    @property
    def score_text(self) -> str:
        return format_number(self.score, 1)

    @property
    def deficit_text(self) -> str:
        return format_number(self.mean_deficit, 1)

    @property
    def warning_points_text(self) -> str:
        return format_number(self.n_warnings * self.warning_points, 0)


@dataclass(frozen=True)
class Urgency:
    level: str
    period: int | None
    rows: list[UrgencyRow]
    total: int


@dataclass(frozen=True)
class WarningGroup:
    rule: str
    kind: str
    label: str
    items: list[tuple[AreaRef, AreaWarning]]


def urgency_for(
    analysis: StoredAnalysis,
    municipality_code: str,
    level: str,
    infos: dict[str, IndicatorInfo],
    *,
    limit: int | None = 10,
) -> Urgency:
    """The ``limit`` most urgent areas of ``level`` in the gemeente, with their reasons."""
    prefix = level_prefix(municipality_code, level)
    ranking = (
        analysis.rows("urgency", prefix, prefix=True)
        .filter(pl.col("municipality_code") == municipality_code)
        .sort("urgency_rank")
    )
    total = ranking.height
    if limit is not None:
        ranking = ranking.head(limit)
    codes = ranking["area"].to_list()
    refs = area_refs(pl.concat([analysis.rows("areas", c) for c in codes])) if codes else {}
    reasons = analysis.rows("urgency_reasons", prefix, prefix=True).filter(
        pl.col("area").is_in(codes)
    )
    by_area: dict[str, dict[str, list[Reason]]] = {}
    for row in reasons.sort("area", "kind", "order").iter_rows(named=True):
        kinds = by_area.setdefault(row["area"], {"theme": [], "indicator": [], "warning": []})
        if row["kind"] == "theme":
            reason = Reason(str(THEME_LABELS.get(row["theme"], row["theme"])), row["position"])
        else:
            info = infos.get(row["indicator"])
            if info is None:
                continue
            label = info.name
            if row["kind"] == "warning":
                label = _("%(indicator)s: %(rule)s") % {
                    "indicator": info.name,
                    "rule": RULE_TEXT.get(row["rule"], row["rule"]),
                }
            reason = Reason(label, row["position"], info.url)
        kinds[row["kind"]].append(reason)
    rows = []
    for row in ranking.iter_rows(named=True):
        area = refs.get(row["area"])
        if area is None:
            continue
        kinds = by_area.get(row["area"], {})
        rows.append(
            UrgencyRow(
                rank=int(row["urgency_rank"]),
                area=area,
                score=row["score"],
                mean_deficit=row["mean_deficit"],
                n_themes=int(row["n_themes"]),
                n_warnings=int(row["n_warnings"]),
                n_levers=int(row["n_levers"]),
                warning_points=row["warning_points"],
                themes=kinds.get("theme", []),
                indicators=kinds.get("indicator", []),
                warnings=kinds.get("warning", []),
            )
        )
    period = int(ranking["period"][0]) if ranking.height else analysis.main_period
    return Urgency(level=level, period=period, rows=rows, total=total)


def warnings_for(
    analysis: StoredAnalysis,
    municipality_code: str,
    infos: dict[str, IndicatorInfo],
    *,
    levels: tuple[str, ...] = (AreaLevel.NEIGHBOURHOOD, AreaLevel.DISTRICT),
) -> list[WarningGroup]:
    """Current early warnings and levers of the gemeente's buurten (and wijken), by rule."""
    latest = analysis.latest_periods
    frames = [
        analysis.rows("warnings", level_prefix(municipality_code, level), prefix=True)
        for level in levels
    ]
    frame = pl.concat(frames) if frames else analysis.frame("warnings").clear()
    codes = frame["area"].unique().to_list()
    refs = area_refs(pl.concat([analysis.rows("areas", c) for c in codes])) if codes else {}
    groups: dict[str, list[tuple[AreaRef, AreaWarning]]] = {rule: [] for rule in RULES}
    kinds: dict[str, str] = {}
    for row in frame.iter_rows(named=True):
        info = infos.get(row["indicator"])
        area = refs.get(row["area"])
        if info is None or area is None or row["period"] != latest.get(row["indicator"]):
            continue
        groups.setdefault(row["rule"], []).append((area, warning_item(row, info)))
        kinds[row["rule"]] = row["kind"]
    result = []
    for rule, items in groups.items():
        items.sort(key=lambda item: (item[0].name, item[1].info.name))
        result.append(
            WarningGroup(
                rule=rule,
                kind=kinds.get(rule, "lever" if rule in RULES[2:] else "warning"),
                label=str(RULE_TEXT.get(rule, rule)),
                items=items,
            )
        )
    return result

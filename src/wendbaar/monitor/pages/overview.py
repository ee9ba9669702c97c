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
    Figure,
    IndicatorInfo,
    area_refs,
    figure,
    format_number,
    position_text,
)
from .profile import AreaWarning, warning_item

#: Rules in the order the page lists them: warnings first, then levers.
RULES = ("entered_weakest_fifth", "worse_than_peers", "better_than_peers", "left_weakest_fifth")
#: Reason kinds every row has (maybe empty); the stored frame may add others.
REASON_KINDS = ("theme", "indicator", "warning", "lever")


@dataclass(frozen=True)
class Reason:
    """One reason as the page words it (``label``), with the stored facts behind it for
    the API: ``kind`` ("theme", "indicator", "warning", "lever", or a later one), the
    theme or indicator it names, the signal's rule, the deficit and the weight."""

    label: str
    position: float | None
    url: str = ""
    kind: str = ""
    theme: str | None = None
    indicator: str | None = None
    rule: str | None = None
    deficit: float | None = None
    weight: float | None = None
    # An indicator reason's own figure and its gemeente's, of the same period: the value
    # against the reference, not only a position.
    period: int | None = None
    value: Figure | None = None
    municipality_value: Figure | None = None

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
    # By kind, in stored order; a kind the page does not know yet is kept, not dropped.
    reasons: dict[str, list[Reason]] = field(default_factory=dict)

    @property
    def themes(self) -> list[Reason]:
        return self.reasons.get("theme", [])

    @property
    def indicators(self) -> list[Reason]:
        return self.reasons.get("indicator", [])

    @property
    def warnings(self) -> list[Reason]:
        return self.reasons.get("warning", [])

    @property
    def levers(self) -> list[Reason]:
        return self.reasons.get("lever", [])

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
    values = _reason_values(analysis, reasons, ranking)
    by_area: dict[str, dict[str, list[Reason]]] = {}
    for row in reasons.sort("area", "kind", "order").iter_rows(named=True):
        kinds = by_area.setdefault(row["area"], {k: [] for k in REASON_KINDS})
        reason = _reason(row, infos, values.get((row["area"], row["indicator"])))
        if reason is not None:
            kinds.setdefault(row["kind"], []).append(reason)
    rows = []
    for row in ranking.iter_rows(named=True):
        area = refs.get(row["area"])
        if area is None:
            continue
        kinds = by_area.get(row["area"]) or {k: [] for k in REASON_KINDS}
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
                reasons=kinds,
            )
        )
    period = int(ranking["period"][0]) if ranking.height else analysis.main_period
    return Urgency(level=level, period=period, rows=rows, total=total)


def _reason_values(
    analysis: StoredAnalysis, reasons: pl.DataFrame, ranking: pl.DataFrame
) -> dict[tuple[str, str], dict]:
    """(area, indicator) → the figure row of an indicator reason: the indicator's latest
    period up to the ranking's, with the gemeente's value of that period."""
    wanted = reasons.filter(pl.col("kind") == "indicator").select("area", "indicator")
    if wanted.height == 0:
        return {}
    period = int(ranking["period"][0])
    figures = pl.concat([analysis.rows("figures", c) for c in wanted["area"].unique().sort()])
    latest = (
        figures.join(wanted, on=["area", "indicator"], how="semi")
        .filter((pl.col("period") <= period) & pl.col("value").is_not_null())
        .sort("period")
        .group_by("area", "indicator")
        .last()
    )
    return {(r["area"], r["indicator"]): r for r in latest.iter_rows(named=True)}


def _reason(row: dict, infos: dict[str, IndicatorInfo], cell: dict | None = None) -> Reason | None:
    """A stored reason row as the page words it; None when it names an indicator the
    reader may not see (``infos`` holds only the visible ones: the sensitivity rule)."""
    facts = {
        "kind": row["kind"],
        "theme": row.get("theme"),
        "indicator": row.get("indicator"),
        "rule": row.get("rule"),
        "deficit": row.get("deficit"),
        "weight": row.get("weight"),
    }
    if row["indicator"] is None:  # a theme (or a later kind that names no indicator)
        label = str(THEME_LABELS.get(row["theme"], row["theme"] or row["kind"]))
        return Reason(label, row["position"], **facts)
    info = infos.get(row["indicator"])
    if info is None:
        return None
    label = info.name
    if row.get("rule"):  # a warning or a lever: what happened to the indicator
        label = _("%(indicator)s: %(rule)s") % {
            "indicator": info.name,
            "rule": RULE_TEXT.get(row["rule"], row["rule"]),
        }
    if cell is not None and row["kind"] == "indicator":
        facts |= {
            "period": int(cell["period"]),
            "value": figure(cell["value"], cell["status"], info),
            "municipality_value": figure(cell.get("municipality_value"), None, info),
        }
    return Reason(label, row["position"], info.url, **facts)


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

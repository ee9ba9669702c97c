"""The validity report of one gemeente (``wendbaar monitor_report GM…``, ``make bench``).

What a gemeente's analyst needs to decide whether to trust the monitor page: how many of
its areas are judged (and why the others are not), per theme the share of judged areas
with a position and on how many outcomes those positions rest, the top 10 of the urgency
ranking with inhabitants and reasons, and, where the Leefbaarometer is imported, the rank
correlation between the urgency and the Leefbaarometer score, the urgency computed afresh
*without* the Leefbaarometer's own dimensions so that the check is not circular.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl

from ..analysis import compute_all, urgency_ranking
from ..analysis.contracts import DISTRICT, NEIGHBOURHOOD, THEMES
from ..analysis.validity import Correlation, ThemeCoverage, rank_correlation, theme_coverage
from ..registry import LBM
from ..selectors import current_analysis
from .inputs import area_frame, compute_inputs, indicator_frame, observation_frame
from .recompute import MIN_URGENCY_THEMES, analysis_options, main_period

LEAFBAROMETER_SCORE = "lbm_score"
#: The gemeenten whose report ``make bench`` prints for the demo (the ones with maps).
DEMO_MUNICIPALITIES = ("GM0344", "GM0518", "GM0599")
#: Below this share of judged areas with a position, the report calls a theme too thin.
THIN_SHARE = 50.0


@dataclass(frozen=True)
class RankedArea:
    rank: int
    code: str
    name: str
    population: float | None
    score: float
    n_themes: int
    reasons: list[str]  # indicator codes: the weak outcomes that weigh most


@dataclass(frozen=True)
class LevelCount:
    level: str
    areas: int
    judged: int
    not_judged: dict[str, int]  # reason -> areas


@dataclass(frozen=True)
class MonitorReport:
    code: str
    name: str
    data_version: int
    period: int | None
    levels: list[LevelCount]
    coverage: list[ThemeCoverage]
    outcomes: dict[str, list[str]]  # theme -> outcome codes with a figure in the gemeente
    top: dict[str, list[RankedArea]]
    leefbaarometer: Correlation | None = None  # None: no Leefbaarometer in this gemeente
    leefbaarometer_period: int | None = None
    indicator_names: dict[str, str] = field(default_factory=dict)

    @property
    def thin_themes(self) -> list[ThemeCoverage]:
        """Themes on which fewer than half the judged buurten (wijken) have a position."""
        return [c for c in self.coverage if c.judged and c.share < THIN_SHARE]


class UnknownMunicipality(LookupError):
    pass


def monitor_report(code: str, *, with_leefbaarometer: bool = True) -> MonitorReport:
    """The report for gemeente ``code`` from the stored analysis (and, for the
    Leefbaarometer check, one recompute without its dimensions)."""
    current = current_analysis()
    analysis = current.analysis
    if analysis is None:
        raise LookupError("no analysis stored yet")
    areas = analysis.frame("areas")
    gemeente = areas.filter((pl.col("code") == code) & (pl.col("level") == "municipality"))
    if gemeente.height == 0:
        raise UnknownMunicipality(code)
    members = areas.filter(
        (pl.col("municipality_code") == code) & pl.col("level").is_in([DISTRICT, NEIGHBOURHOOD])
    )
    codes = members["code"].to_list()
    names = dict(zip(areas["code"], areas["name"], strict=True))
    eligibility = _eligibility(analysis, members)
    period = analysis.main_period
    indicators = analysis.frame("indicators")
    outcomes = indicators.filter(pl.col("weight") > 0)
    figures = analysis.frame("figures").filter(
        pl.col("area").is_in(codes) & pl.col("value").is_not_null()
    )
    present = set(figures["indicator"].unique().to_list())
    by_theme = {
        theme: [
            c
            for c, themes in zip(outcomes["code"], outcomes["themes"], strict=True)
            if theme in themes and c in present
        ]
        for theme in THEMES
    }
    themes = [t for t in THEMES if t in set(outcomes["themes"].explode().drop_nulls())]
    coverage = theme_coverage(
        analysis.frame("theme_scores"),
        eligibility,
        areas=codes,
        period=period or 0,
        themes=themes,
    )
    report = MonitorReport(
        code=code,
        name=names[code],
        data_version=current.data_version,
        period=period,
        levels=_levels(eligibility),
        coverage=coverage,
        outcomes=by_theme,
        top=_top(analysis, code, names, eligibility),
        indicator_names=dict(zip(indicators["code"], indicators["name_nl"], strict=True)),
    )
    if with_leefbaarometer and LEAFBAROMETER_SCORE in present:
        lbm = figures.filter(
            (pl.col("indicator") == LEAFBAROMETER_SCORE) & (pl.col("level") == NEIGHBOURHOOD)
        )
        lbm_period = int(lbm["period"].max())
        lbm = lbm.filter(pl.col("period") == lbm_period).select("area", "value")
        scores = _urgency_without_leefbaarometer(code)
        return _with(report, rank_correlation(scores, lbm), lbm_period)
    return report


def _with(report: MonitorReport, correlation: Correlation, period: int) -> MonitorReport:
    return replace(report, leefbaarometer=correlation, leefbaarometer_period=period)


def _eligibility(analysis, members: pl.DataFrame) -> pl.DataFrame:
    if "eligibility" in analysis.frames:
        frame = analysis.frame("eligibility")
        return frame.filter(pl.col("area").is_in(members["code"].to_list()))
    # an analysis stored before the rule: every area judged
    return members.select(
        area="code", level="level", eligible=pl.lit(True), reason=pl.lit(None, pl.String)
    ).with_columns(population=pl.lit(None, pl.Float64))


def _levels(eligibility: pl.DataFrame) -> list[LevelCount]:
    out = []
    for level in (DISTRICT, NEIGHBOURHOOD):
        rows = eligibility.filter(pl.col("level") == level)
        excluded = rows.filter(~pl.col("eligible")).group_by("reason").len().sort("reason")
        out.append(
            LevelCount(
                level=level,
                areas=rows.height,
                judged=rows.filter(pl.col("eligible")).height,
                not_judged=dict(zip(excluded["reason"], excluded["len"], strict=True)),
            )
        )
    return out


def _top(analysis, code: str, names: dict[str, str], eligibility: pl.DataFrame, n: int = 10):
    population = dict(zip(eligibility["area"], eligibility["population"], strict=True))
    ranking = analysis.frame("urgency").filter(pl.col("municipality_code") == code)
    reasons = analysis.frame("urgency_reasons").filter(
        (pl.col("municipality_code") == code) & (pl.col("kind") == "indicator")
    )
    out: dict[str, list[RankedArea]] = {}
    for level in (DISTRICT, NEIGHBOURHOOD):
        rows = ranking.filter(pl.col("level") == level).sort("urgency_rank").head(n)
        out[level] = [
            RankedArea(
                rank=int(r["urgency_rank"]),
                code=r["area"],
                name=names.get(r["area"], r["area"]),
                population=population.get(r["area"]),
                score=float(r["score"]),
                n_themes=int(r["n_themes"]),
                reasons=reasons.filter(pl.col("area") == r["area"])
                .sort("order")["indicator"]
                .to_list(),
            )
            for r in rows.iter_rows(named=True)
        ]
    return out


def _urgency_without_leefbaarometer(code: str) -> pl.DataFrame:
    """area, score: the buurten's urgency with the Leefbaarometer's dimensions left out."""
    indicators = indicator_frame()
    lbm = pl.col("source") == LBM
    indicators = indicators.with_columns(
        weight=pl.when(lbm).then(0.0).otherwise(pl.col("weight")),
        polarity=pl.when(lbm).then(pl.lit(0, pl.Int8)).otherwise(pl.col("polarity")),
    )
    inputs = compute_inputs(area_frame(), indicators, observation_frame())
    result = compute_all(**inputs, **analysis_options())
    period = main_period(result.theme_scores)
    if period is None:
        return pl.DataFrame(schema={"area": pl.String, "score": pl.Float64})
    ranked = urgency_ranking(
        inputs["areas"],
        result.theme_scores,
        result.theme_contributions,
        result.warnings,
        municipality_code=code,
        period=period,
        levels=(NEIGHBOURHOOD,),
        min_themes=MIN_URGENCY_THEMES,
    )
    return ranked.ranking.select(pl.col("area").cast(pl.String), "score")

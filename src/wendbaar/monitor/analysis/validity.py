"""How far a gemeente's monitor can be trusted: coverage, inputs and outside validation.

Pure functions over the analysis' frames (no Django), for ``wendbaar monitor_report``:

* :func:`theme_coverage`: per level and theme, how many judged areas have a position and
  on how many outcomes those positions rest;
* :func:`rank_correlation`: Spearman's rank correlation of the urgency score with an
  outside measure (the Leefbaarometer), over the areas that have both.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class ThemeCoverage:
    level: str
    theme: str
    judged: int  # areas of the level that the monitor judges
    positioned: int  # of those, with a position on the theme
    inputs: dict[int, int]  # number of outcomes -> areas whose position rests on that many

    @property
    def share(self) -> float:
        return 100.0 * self.positioned / self.judged if self.judged else 0.0


def theme_coverage(
    theme_scores: pl.DataFrame,
    eligibility: pl.DataFrame,
    *,
    areas: list[str],
    period: int,
    themes: list[str],
) -> list[ThemeCoverage]:
    """Coverage of ``themes`` among ``areas`` (codes) in ``period``, per level."""
    judged = eligibility.filter(pl.col("area").is_in(areas) & pl.col("eligible"))
    scores = theme_scores.filter(pl.col("area").is_in(areas) & (pl.col("period") == period))
    out = []
    for level in ("district", "neighbourhood"):
        n_judged = judged.filter(pl.col("level") == level).height
        for theme in themes:
            rows = scores.filter((pl.col("level") == level) & (pl.col("theme") == theme))
            counts = rows.group_by("n_indicators").len().sort("n_indicators")
            out.append(
                ThemeCoverage(
                    level=level,
                    theme=theme,
                    judged=n_judged,
                    positioned=rows.height,
                    inputs=dict(zip(counts["n_indicators"], counts["len"], strict=True)),
                )
            )
    return out


@dataclass(frozen=True)
class Correlation:
    rho: float | None  # None when fewer than ``min_pairs`` areas have both figures
    n: int


def rank_correlation(
    scores: pl.DataFrame, other: pl.DataFrame, *, min_pairs: int = 10
) -> Correlation:
    """Spearman's rho of ``scores`` (area, score) and ``other`` (area, value), over the
    areas in both with a value; ties get their average rank."""
    pairs = scores.join(other, on="area", how="inner").drop_nulls(["score", "value"])
    if pairs.height < min_pairs:
        return Correlation(rho=None, n=pairs.height)
    rho = pairs.select(pl.corr("score", "value", method="spearman")).item()
    return Correlation(rho=float(rho), n=pairs.height)

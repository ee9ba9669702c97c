"""Which areas are judged: too few residents, or mostly no residents, get no score.

A position among buurten says something about the people who live there. A business park
with 20 inhabitants, a polder with a few farms or a forest with a caretaker's house has
figures, but a share or a rate of a handful of residents (or of the people who work or
shop there: crimes are registered where they happen) is noise, and a ranking led by such
areas is wrong. The rule, on the latest figures of each area:

* ``too_few_inhabitants``: fewer than ``min_population`` inhabitants (default 200);
* ``too_few_households``: fewer than ``min_households`` private households (default 80);
* ``mostly_non_residential``: the population density (inhabitants per km² of land) is
  below ``min_residential_ratio`` (default 0.15) times the address density of the
  surroundings. A residential area has one to three inhabitants per address around it;
  far below that, most addresses are businesses, or the land is empty (polder,
  greenhouses, forest) and the few dwellings sit in it. Rural villages pass: their
  address density is low too.
* ``no_population_figure``: the area has no population figure at all.

An area that is not eligible keeps its raw figures but gets no position, no theme score,
no urgency rank, no warning and is no reference area. The rule is for wijken and buurten:
a gemeente is always judged (a whole municipality has thousands of residents, and its
land is mostly rural, so the density test does not describe it). A rule whose inputs are
missing from the data (a synthetic data set without the population indicator) judges
every area eligible.

Pure NumPy/Polars: the rule and its facts, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from ._grid import Axis, Columns
from .contracts import LEVELS, MUNICIPALITY

TOO_FEW_INHABITANTS = "too_few_inhabitants"
TOO_FEW_HOUSEHOLDS = "too_few_households"
MOSTLY_NON_RESIDENTIAL = "mostly_non_residential"
NO_POPULATION_FIGURE = "no_population_figure"
REASONS = (TOO_FEW_INHABITANTS, TOO_FEW_HOUSEHOLDS, MOSTLY_NON_RESIDENTIAL, NO_POPULATION_FIGURE)


@dataclass(frozen=True)
class EligibilityRule:
    """The thresholds (docs/monitor.md) and the indicator codes they read."""

    min_population: float = 200
    min_households: float = 80
    min_residential_ratio: float = 0.15
    population: str = "population"
    households: str = "households"
    population_density: str = "population_density"
    address_density: str = "address_density"


@dataclass(frozen=True)
class AreaFacts:
    """One area's latest figures (None = not known)."""

    population: float | None
    households: float | None = None
    population_density: float | None = None
    address_density: float | None = None


def judge(facts: AreaFacts, rule: EligibilityRule = EligibilityRule()) -> str | None:
    """The reason an area is not judged, or None when it is (first failing test wins)."""

    def one(value: float | None) -> np.ndarray:
        return np.array([np.nan if value is None else value], dtype=np.float64)

    return judge_all(
        rule,
        population=one(facts.population),
        households=one(facts.households),
        population_density=one(facts.population_density),
        address_density=one(facts.address_density),
    )[0]


def judge_all(
    rule: EligibilityRule,
    *,
    population: np.ndarray,
    households: np.ndarray,
    population_density: np.ndarray,
    address_density: np.ndarray,
) -> list[str | None]:
    """:func:`judge` for many areas at once (NaN = not known), column-wise."""
    reason = np.full(population.shape, None, dtype=object)
    with np.errstate(invalid="ignore"):
        tests = (
            (NO_POPULATION_FIGURE, np.isnan(population)),
            (TOO_FEW_INHABITANTS, population < rule.min_population),
            (TOO_FEW_HOUSEHOLDS, households < rule.min_households),
            (
                MOSTLY_NON_RESIDENTIAL,
                (address_density > 0)
                & (population_density < rule.min_residential_ratio * address_density),
            ),
        )
    for code, failed in reversed(tests):  # the first failing test wins: write it last
        reason[failed] = code
    return reason.tolist()


@dataclass(frozen=True)
class Eligibility:
    """Per area on the axis: ``eligible`` and the reason code (None where eligible), plus
    the facts the rule read (NaN where unknown)."""

    eligible: np.ndarray  # (A,) bool
    reason: list[str | None]
    population: np.ndarray
    households: np.ndarray
    population_density: np.ndarray
    address_density: np.ndarray

    def frame(self, axis: Axis) -> pl.DataFrame:
        """area, level, eligible, reason, population, households, population_density,
        address_density: one row per area."""
        every = np.arange(axis.n)
        return pl.DataFrame(
            {
                "area": axis.area(every),
                "level": axis.level_series(every),
                "eligible": self.eligible,
                "reason": pl.Series(self.reason, dtype=pl.String),
                "population": _nulls(self.population),
                "households": _nulls(self.households),
                "population_density": _nulls(self.population_density),
                "address_density": _nulls(self.address_density),
            }
        )


def _nulls(values: np.ndarray) -> pl.Series:
    return pl.Series(values, dtype=pl.Float64).fill_nan(None)


def latest_values(columns: Columns, values: np.ndarray, code: str) -> np.ndarray:
    """Per area: the value of indicator ``code`` in the latest period the area has one
    (NaN where it has none, or the indicator is unknown)."""
    out = np.full(values.shape[1], np.nan)
    categories = list(columns.dtype.categories)
    if code not in categories:
        return out
    rows = np.flatnonzero(columns.indicator == categories.index(code))
    for row in rows[np.argsort(columns.period[rows], kind="stable")]:  # oldest first
        present = ~np.isnan(values[row])
        out[present] = values[row, present]
    return out


def eligibility_from_grid(
    axis: Axis, columns: Columns, values: np.ndarray, rule: EligibilityRule | None
) -> Eligibility:
    """Judge every area on the axis by ``rule`` (None: every area is eligible)."""
    facts = {
        name: latest_values(columns, values, getattr(rule, name))
        if rule
        else np.full(axis.n, np.nan)
        for name in ("population", "households", "population_density", "address_density")
    }
    applies = rule is not None and rule.population in columns.dtype.categories
    reasons: list[str | None] = [None] * axis.n
    if applies:
        judged = axis.level != LEVELS.index(MUNICIPALITY)
        verdicts = judge_all(rule, **{name: values[judged] for name, values in facts.items()})
        for a, verdict in zip(np.flatnonzero(judged), verdicts, strict=True):
            reasons[a] = verdict
    eligible = np.array([r is None for r in reasons], dtype=bool)
    return Eligibility(eligible=eligible, reason=reasons, **facts)

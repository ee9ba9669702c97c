"""The validity report's statistics, by hand."""

from __future__ import annotations

import polars as pl
import pytest

from wendbaar.monitor.analysis.validity import rank_correlation, theme_coverage


def test_spearman_by_hand():
    scores = pl.DataFrame({"area": list("abcde"), "score": [90.0, 70.0, 50.0, 30.0, 10.0]})
    # exactly reversed order: rho = -1
    other = pl.DataFrame({"area": list("abcde"), "value": [1.0, 2.0, 3.0, 4.0, 5.0]})
    assert rank_correlation(scores, other, min_pairs=5).rho == pytest.approx(-1.0)
    # one swap (d, e): d = [0,0,0,1,1] -> rho = 1 - 6*2 / (5*24) = 0.9
    swapped = other.with_columns(value=pl.Series([5.0, 4.0, 3.0, 1.0, 2.0]))
    assert rank_correlation(scores, swapped, min_pairs=5).rho == pytest.approx(0.9)


def test_too_few_pairs_give_no_correlation():
    scores = pl.DataFrame({"area": ["a", "b", "c"], "score": [1.0, 2.0, None]})
    other = pl.DataFrame({"area": ["a", "b", "x"], "value": [3.0, 1.0, 2.0]})
    result = rank_correlation(scores, other, min_pairs=3)
    assert (result.rho, result.n) == (None, 2)


def test_theme_coverage_counts_judged_areas_and_inputs():
    eligibility = pl.DataFrame(
        {
            "area": ["b1", "b2", "b3", "b4"],
            "level": ["neighbourhood"] * 4,
            "eligible": [True, True, True, False],
        }
    )
    scores = pl.DataFrame(
        {
            "theme": ["work", "work", "health"],
            "area": ["b1", "b2", "b1"],
            "level": ["neighbourhood"] * 3,
            "period": [2024, 2024, 2024],
            "n_indicators": [2, 3, 2],
        }
    )
    coverage = theme_coverage(
        scores, eligibility, areas=["b1", "b2", "b3", "b4"], period=2024, themes=["work", "health"]
    )
    work = next(c for c in coverage if c.level == "neighbourhood" and c.theme == "work")
    health = next(c for c in coverage if c.level == "neighbourhood" and c.theme == "health")
    assert (work.judged, work.positioned, work.inputs) == (3, 2, {2: 1, 3: 1})
    assert work.share == pytest.approx(200 / 3)
    assert (health.positioned, round(health.share, 1)) == (1, 33.3)

"""The Netherlands where a source publishes no national row: calculated from the gemeenten.

Hand-computed on three gemeenten. A sum needs every gemeente; a weighted mean needs the
gemeenten that contribute to carry nearly all of the weight; an observed NL01 wins; and
the row says how it was calculated (what the pages write as "calculated from the
municipalities").
"""

from __future__ import annotations

import polars as pl
import pytest

from wendbaar.monitor.analysis import national_values, normalise_areas, observations_with_areas
from wendbaar.monitor.analysis.comparison import FROM_MUNICIPALITIES

GM = ["GM0001", "GM0002", "GM0003"]


def areas() -> pl.DataFrame:
    return normalise_areas(
        pl.DataFrame(
            {
                "code": GM,
                "level": ["municipality"] * 3,
                "parent_code": [None] * 3,
                "municipality_code": GM,
            },
            schema={
                "code": pl.String,
                "level": pl.String,
                "parent_code": pl.String,
                "municipality_code": pl.String,
            },
        )
    )


INDICATORS = pl.DataFrame(
    {
        "code": ["inh", "crimes", "income", "households", "dwellings", "woz", "class"],
        "polarity": [0, -1, 1, 0, 0, 1, 0],
        "aggregation": ["sum", "sum", "mean_weighted", "sum", "sum", "mean_weighted", "none"],
        "weight_indicator": [None, None, "inh", None, None, "dwellings", None],
    }
)


def national(rows: list[tuple[str, str, int, float | None]]) -> dict[tuple[str, int], dict]:
    observations = pl.DataFrame(
        rows,
        schema={"indicator": pl.String, "area": pl.String, "period": pl.Int64, "value": pl.Float64},
        orient="row",
    )
    frame = national_values(
        observations,
        observations_with_areas(observations, areas(), INDICATORS),
        INDICATORS,
        n_municipalities=3,
    )
    return {(r["indicator"], r["period"]): r for r in frame.iter_rows(named=True)}


def per_gemeente(code: str, values: list[float | None], period: int = 2024) -> list:
    return [(code, gm, period, v) for gm, v in zip(GM, values, strict=True)]


def test_sum_with_every_gemeente_is_the_total_and_says_so():
    result = national(per_gemeente("crimes", [10.0, 20.0, 5.0]))
    row = result["crimes", 2024]
    assert row["value"] == 35.0
    assert row["source"] == "sum"
    assert row["derivation"] == FROM_MUNICIPALITIES
    assert row["n_municipalities"] == 3


def test_sum_with_one_gemeente_without_a_value_gives_no_national_figure():
    # GM0003 secret (null) or absent: 30 is not the country's total.
    assert ("crimes", 2024) not in national(per_gemeente("crimes", [10.0, 20.0, None]))
    assert ("crimes", 2024) not in national(per_gemeente("crimes", [10.0, 20.0, None])[:2])


def test_weighted_mean_by_the_catalogue_weight():
    rows = per_gemeente("inh", [100.0, 300.0, 600.0]) + per_gemeente("income", [20.0, 30.0, 40.0])
    row = national(rows)["income", 2024]
    # (20*100 + 30*300 + 40*600) / 1000 = (2000 + 9000 + 24000) / 1000 = 35
    assert row["value"] == pytest.approx(35.0)
    assert row["source"] == "mean_weighted"
    assert row["derivation"] == FROM_MUNICIPALITIES
    assert row["n_municipalities"] == 3
    assert row["weight_indicator"] == "inh"
    assert row["coverage"] == pytest.approx(1.0)


def test_weighted_mean_needs_nearly_all_of_the_weight():
    # GM0001 (10 % of the inhabitants) has no income: 90 % < 95 %, and 2 of 3 gemeenten.
    rows = per_gemeente("inh", [100.0, 300.0, 600.0]) + per_gemeente("income", [None, 30.0, 40.0])
    assert ("income", 2024) not in national(rows)


def test_weighted_mean_covering_the_weight_is_labelled_with_its_coverage():
    # Against the observed NL01 of the weight (1,020 inhabitants: 20 outside the gemeenten),
    # the three gemeenten carry 1000 / 1020 = 98 % of it.
    rows = per_gemeente("inh", [100.0, 300.0, 600.0]) + per_gemeente("income", [20.0, 30.0, 40.0])
    row = national([*rows, ("inh", "NL01", 2024, 1020.0)])["income", 2024]
    assert row["value"] == pytest.approx(35.0)
    assert row["coverage"] == pytest.approx(1000 / 1020)


def test_missing_weight_falls_back_to_the_declared_proxy_and_names_it():
    # No dwellings in 2024 (as in KWB 2024): households stand in, and the row says so.
    rows = per_gemeente("households", [50.0, 150.0, 300.0]) + per_gemeente(
        "woz", [200.0, 300.0, 400.0]
    )
    row = national(rows)["woz", 2024]
    # (200*50 + 300*150 + 400*300) / 500 = (10000 + 45000 + 120000) / 500 = 350
    assert row["value"] == pytest.approx(350.0)
    assert row["weight_indicator"] == "households"


def test_a_file_of_one_gemeente_is_never_the_netherlands():
    rows = [("inh", "GM0001", 2023, 100.0), ("income", "GM0001", 2023, 20.0)]
    assert ("income", 2023) not in national(rows)
    assert ("inh", 2023) not in national(rows)


def test_observed_nl01_wins_and_is_not_marked_calculated():
    rows = [*per_gemeente("crimes", [10.0, 20.0, 5.0]), ("crimes", "NL01", 2024, 40.0)]
    row = national(rows)["crimes", 2024]
    assert row["value"] == 40.0
    assert row["source"] == "observed"
    assert row["derivation"] == ""
    assert row["n_municipalities"] is None


def test_not_derivable_indicator_stays_without_national_figure():
    assert ("class", 2024) not in national(per_gemeente("class", [1.0, 2.0, 3.0]))

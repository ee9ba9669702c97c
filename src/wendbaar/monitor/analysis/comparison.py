"""Each area next to its wijk, its gemeente and the Netherlands.

Parent values are the parent's own *observed* values (CBS publishes wijk and gemeente
figures; deriving them from buurten would be wrong for suppressed cells and for
non-additive indicators).

The national value of an indicator x period is, in this order:

1. the observation of "NL01" (the source's own national row) when present;
2. otherwise it is *calculated from the gemeenten* per the indicator's ``aggregation``
   (see :mod:`.contracts`), and the row says so (``derivation``, ``n_municipalities``,
   ``coverage``, the weight used), so a page can write "calculated from 339 gemeenten":

   * ``sum``: only when *every* gemeente of ``areas`` has a value. A sum over 338 of 339
     gemeenten is not the country's total, so one gemeente without a value (secret, not
     published, another year's division) means no national figure;
   * ``mean_weighted``: the mean over the gemeenten that have both a value and a weight
     (> 0), weighted by ``weight_indicator`` of the same period. It is honest when those
     gemeenten carry nearly all of the country's weight, so it needs (a) at least
     ``min_coverage`` (95 %) of the weight, measured against the weight's own national
     value (observed or a complete sum) or else the weight of every gemeente that has
     one, and (b) at least ``min_municipalities`` (90 %) of the gemeenten of ``areas``,
     so that a file of one gemeente never becomes "the Netherlands". ``coverage`` is the
     share of the weight that contributed. When the catalogue's weight has no values in
     that period (the number of dwellings is not published in KWB 2024), a declared
     proxy weight of the same period is used instead (:data:`WEIGHT_PROXIES`) and named
     in ``weight_indicator``;
   * ``none``: not derivable (classes, densities, model estimates): observed or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from ._grid import (
    Axis,
    Columns,
    axis_from_frame,
    grid_from_long,
    indicator_dtype,
    parent_values,
    select,
)
from .contracts import MUNICIPALITY, NATIONAL_CODE

#: ``derivation`` of a national value calculated from the gemeenten ("" when observed).
FROM_MUNICIPALITIES = "from_municipalities"
#: A weighted mean needs the gemeenten that contributed to carry this share of the weight.
MIN_WEIGHT_COVERAGE = 0.95
#: ... and to be this share of the gemeenten of ``areas`` (no file of one gemeente is NL).
MIN_MUNICIPALITIES = 0.9
#: Weight used when the catalogue's weight has no value in a period. Households stand in
#: for dwellings (occupied dwellings ~ households): on KWB 2023, where CBS publishes the
#: national row, the gemeenten's mean WOZ weighted by households is 369.8 against the
#: published 368 (0.5 %). The row names the weight that was used.
WEIGHT_PROXIES: Mapping[str, str] = {"dwellings": "households"}

NATIONAL_SCHEMA = {
    "indicator": pl.String,
    "period": pl.Int64,
    "value": pl.Float64,
    "source": pl.String,  # method: "observed" | "sum" | "mean_weighted"
    "coverage": pl.Float64,  # share of the weight (mean) or of the gemeenten (sum)
    "derivation": pl.String,  # "" observed, FROM_MUNICIPALITIES calculated
    "n_municipalities": pl.Int64,  # gemeenten it was calculated from (null: observed)
    "weight_indicator": pl.String,  # the weight of a mean (a proxy when it differs)
}


def national_values(
    observations: pl.DataFrame,
    obs_areas: pl.DataFrame,
    indicators: pl.DataFrame,
    *,
    n_municipalities: int,
    national_code: str = NATIONAL_CODE,
    min_coverage: float = MIN_WEIGHT_COVERAGE,
    min_municipalities: float = MIN_MUNICIPALITIES,
    weight_proxies: Mapping[str, str] = WEIGHT_PROXIES,
) -> pl.DataFrame:
    """National value per indicator x period (the rule of this module's docstring).

    ``observations`` is only searched for ``national_code`` rows; ``obs_areas``
    (:func:`.contracts.observations_with_areas`) supplies the gemeente values and
    ``n_municipalities`` is the number of gemeenten in ``areas``. Returns the columns of
    :data:`NATIONAL_SCHEMA`: ``source`` is "observed", "sum" or "mean_weighted".
    """
    axis = axis_from_frame(obs_areas)
    grid = grid_from_long(obs_areas, axis, indicator_dtype(obs_areas, indicators))
    return national_from_grid(
        observed_national(observations, national_code),
        axis,
        grid.columns,
        grid.values,
        indicators,
        n_municipalities=n_municipalities,
        min_coverage=min_coverage,
        min_municipalities=min_municipalities,
        weight_proxies=weight_proxies,
    )


def observed_national(observations: pl.DataFrame, national_code: str) -> pl.DataFrame:
    """The observed national values (rows of ``national_code`` with a value)."""
    return observations.filter(
        (pl.col("area").cast(pl.String) == national_code) & pl.col("value").is_not_null()
    ).select(
        pl.col("indicator").cast(pl.String),
        pl.col("period").cast(pl.Int64),
        pl.col("value").cast(pl.Float64),
        source=pl.lit("observed"),
        coverage=pl.lit(1.0),
        derivation=pl.lit(""),
        n_municipalities=pl.lit(None, pl.Int64),
        weight_indicator=pl.lit(None, pl.String),
    )


def national_from_grid(
    observed: pl.DataFrame,
    axis: Axis,
    columns: Columns,
    values: np.ndarray,
    indicators: pl.DataFrame,
    *,
    n_municipalities: int,
    min_coverage: float = MIN_WEIGHT_COVERAGE,
    min_municipalities: float = MIN_MUNICIPALITIES,
    weight_proxies: Mapping[str, str] = WEIGHT_PROXIES,
) -> pl.DataFrame:
    """:func:`national_values` on the (columns, areas) value matrix."""
    sub = values[:, axis.members(MUNICIPALITY)]
    present = ~np.isnan(sub)
    count = present.sum(axis=1)
    rules = {
        r["code"]: r
        for r in indicators.select("code", "aggregation", "weight_indicator").to_dicts()
    }
    categories = list(columns.dtype.categories)
    index = {c: i for i, c in enumerate(categories)}
    row_of = columns.row_of()
    observed_value = {
        (i, int(p)): v for i, p, v in observed.select("indicator", "period", "value").iter_rows()
    }
    sums: dict[tuple[str, int], float] = {}
    rows = []
    # Sums first: a complete sum of a weight is the yardstick of a mean's coverage.
    for row in range(columns.n):  # one step per indicator x period
        code = categories[columns.indicator[row]]
        rule = rules.get(code)
        if rule is None or rule["aggregation"] != "sum":
            continue
        if n_municipalities and count[row] == n_municipalities:
            value = float(sub[row][present[row]].sum())
            period = int(columns.period[row])
            sums[code, period] = value
            rows.append(
                (code, period, value, "sum", 1.0, FROM_MUNICIPALITIES, n_municipalities, None)
            )

    def weighted(row: int, weight_code: str | None, period: int) -> tuple | None:
        weight_row = row_of.get((index.get(weight_code, -1), period))
        if weight_row is None:
            return None
        w = sub[weight_row]
        has_weight = ~np.isnan(w) & (np.nan_to_num(w) > 0)
        ok = present[row] & has_weight
        n = int(ok.sum())
        if not n or n < min_municipalities * n_municipalities:
            return None
        total = observed_value.get((weight_code, period)) or sums.get((weight_code, period))
        total = total or float(w[has_weight].sum())
        coverage = float(w[ok].sum()) / total
        if coverage < min_coverage:
            return None
        value = float((sub[row][ok] * w[ok]).sum() / w[ok].sum())
        return value, min(coverage, 1.0), n

    for row in range(columns.n):
        code = categories[columns.indicator[row]]
        rule = rules.get(code)
        if rule is None or rule["aggregation"] != "mean_weighted":
            continue
        period = int(columns.period[row])
        weight = rule["weight_indicator"]
        result = weighted(row, weight, period)
        if result is None and weight in weight_proxies:
            weight = weight_proxies[weight]
            result = weighted(row, weight, period)
        if result is not None:
            value, coverage, n = result
            rows.append(
                (code, period, value, "mean_weighted", coverage, FROM_MUNICIPALITIES, n, weight)
            )
    derived = pl.DataFrame(rows, schema=NATIONAL_SCHEMA, orient="row").join(
        observed, on=["indicator", "period"], how="anti"
    )
    return pl.concat([observed.select(NATIONAL_SCHEMA.keys()), derived]).sort("indicator", "period")


def national_vector(national: pl.DataFrame, columns: Columns) -> np.ndarray:
    """The national value of every matrix row (NaN where there is none)."""
    out = np.full(columns.n, np.nan)
    categories = {c: i for i, c in enumerate(columns.dtype.categories)}
    row_of = columns.row_of()
    for code, period, value in national.select("indicator", "period", "value").iter_rows():
        row = row_of.get((categories.get(code, -1), period))
        if row is not None and value is not None:
            out[row] = value
    return out


def compare_with_parents(obs_areas: pl.DataFrame, national: pl.DataFrame) -> pl.DataFrame:
    """Value of every area next to its wijk, gemeente and the Netherlands, with differences.

    ``obs_areas`` is :func:`.contracts.observations_with_areas` output. Returns one row per
    indicator x period x area (all levels) with ``value, district_code, district_value,
    municipality_code, municipality_value, national_value, diff_district,
    diff_municipality, diff_national`` (differences are area minus reference). For a wijk
    the district columns are the wijk itself, for a gemeente the municipality columns are
    the gemeente itself and the district columns are null. Rows are in indicator, period,
    area order.
    """
    axis = axis_from_frame(obs_areas)
    grid = grid_from_long(obs_areas, axis, indicator_dtype(obs_areas))
    return comparison_from_grid(
        axis, grid.columns, grid.values, grid.observed, national_vector(national, grid.columns)
    )


def comparison_from_grid(
    axis: Axis,
    columns: Columns,
    values: np.ndarray,
    observed: np.ndarray,
    national: np.ndarray,
) -> pl.DataFrame:
    """:func:`compare_with_parents` on the matrices (``national`` per matrix row)."""
    cells = select(observed)
    rows, areas = cells.rows, cells.areas
    value = pl.col("value")
    nat = pl.Series(national if national.size else np.full(columns.n, np.nan))
    keys = pl.DataFrame(
        {
            "indicator": columns.indicators(rows),
            "period": columns.periods(rows),
            "area": axis.area(areas),
            "level": axis.level_series(areas),
        }
    )
    parents = pl.DataFrame(
        {
            "district_code": axis.parent(axis.district, areas),
            "district_value": parent_values(values, axis.district, cells),
            "municipality_code": axis.parent(axis.municipality, areas),
            "municipality_value": parent_values(values, axis.municipality, cells),
            "national_value": cells.per_row(nat).fill_nan(None),
        }
    )
    return pl.concat(
        [keys, cells.frame({"value": values}), parents], how="horizontal"
    ).with_columns(
        diff_district=value - pl.col("district_value"),
        diff_municipality=value - pl.col("municipality_value"),
        diff_national=value - pl.col("national_value"),
    )

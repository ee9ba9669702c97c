"""Each area next to its wijk, its gemeente and the Netherlands.

Parent values are the parent's own *observed* values (CBS publishes wijk and gemeente
figures; deriving them from buurten would be wrong for suppressed cells and for
non-additive indicators). The national value is the observation of "NL01" when present,
otherwise it is derived from the gemeente values per the indicator's ``aggregation`` rule
(see :mod:`.contracts`): a sum needs every gemeente of ``areas`` to have a value, a
weighted mean uses the gemeenten that have both value and weight and needs at least
``min_coverage`` of them.
"""

from __future__ import annotations

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

NATIONAL_SCHEMA = {
    "indicator": pl.String,
    "period": pl.Int64,
    "value": pl.Float64,
    "source": pl.String,
    "coverage": pl.Float64,
}


def national_values(
    observations: pl.DataFrame,
    obs_areas: pl.DataFrame,
    indicators: pl.DataFrame,
    *,
    n_municipalities: int,
    national_code: str = NATIONAL_CODE,
    min_coverage: float = 0.9,
) -> pl.DataFrame:
    """National value per indicator x period.

    ``observations`` is only searched for ``national_code`` rows; ``obs_areas``
    (:func:`.contracts.observations_with_areas`) supplies the gemeente values and
    ``n_municipalities`` is the number of gemeenten in ``areas``. Returns ``indicator``
    (str), ``period, value, source, coverage`` where ``source`` is "observed", "sum" or
    "mean_weighted" and ``coverage`` the share of gemeenten that contributed.
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
    )


def national_from_grid(
    observed: pl.DataFrame,
    axis: Axis,
    columns: Columns,
    values: np.ndarray,
    indicators: pl.DataFrame,
    *,
    n_municipalities: int,
    min_coverage: float = 0.9,
) -> pl.DataFrame:
    """:func:`national_values` on the (columns, areas) value matrix."""
    members = axis.members(MUNICIPALITY)
    sub = values[:, members]
    present = ~np.isnan(sub)
    count = present.sum(axis=1)
    rules = {
        r["code"]: r
        for r in indicators.select("code", "aggregation", "weight_indicator").to_dicts()
    }
    categories = list(columns.dtype.categories)
    index = {c: i for i, c in enumerate(categories)}
    row_of = columns.row_of()
    rows = []
    for row in range(columns.n):  # one step per indicator x period
        code = categories[columns.indicator[row]]
        rule = rules.get(code)
        if rule is None:
            continue
        period = int(columns.period[row])
        if rule["aggregation"] == "sum" and count[row] == n_municipalities and count[row]:
            value = float(sub[row][present[row]].sum())
            rows.append((code, period, value, "sum", 1.0))
        elif rule["aggregation"] == "mean_weighted":
            weight_row = row_of.get((index.get(rule["weight_indicator"], -1), period))
            if weight_row is None:
                continue
            w = sub[weight_row]
            ok = present[row] & ~np.isnan(w) & (np.nan_to_num(w) > 0)
            n = int(ok.sum())
            coverage = n / max(n_municipalities, 1)
            if n and coverage >= min_coverage:
                value = float((sub[row][ok] * w[ok]).sum() / w[ok].sum())
                rows.append((code, period, value, "mean_weighted", coverage))
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

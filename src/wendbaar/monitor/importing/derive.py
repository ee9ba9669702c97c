"""Wijk figures a source does not publish, derived from its buurten (pure, column-wise).

The police file (CBS 47022NED) has buurten and gemeenten but no wijken. For an additive
count (catalogue aggregation ``sum``: crimes, inhabitants, …) a wijk's value is the sum of
its buurten, and ``services.import_observations`` derives it after writing a file, before
the calculated indicators are recomputed (so ``crimes_per_1000`` follows), where:

* the source has no row for that wijk, indicator and period: a row the source provides
  (also a secret one) is never replaced, and a later source row replaces a derived one;
* *every* buurt of the wijk has a real value (status ``value``) in that period: one
  secret, suppressed or missing buurt means no derived value, never a partial sum.

The buurten of a wijk in a period are those whose parent is the wijk and that belong to
the wijk's division (indeling) of that period. An area records the first and last division
year in which its code was seen (``Area.first_year`` / ``last_year``, ADR 0003). The
division of period P is P itself where the wijk's code was seen in P, else the nearest year
in which it was: a file of older years in a newer division (47022NED republishes 2021 in
the latest division) uses the wijk's earliest known division, newer figures on an older
region list its latest. A buurt counts when its own years include that division year.

No Django imports: frames in, frames out.
"""

from __future__ import annotations

import polars as pl

DISTRICT = "district"
NEIGHBOURHOOD = "neighbourhood"
VALUE = "value"
#: Observation.source_table's max_length.
SOURCE_TABLE_LENGTH = 40

AREA_SCHEMA = {
    "id": pl.Int64,
    "code": pl.String,
    "level": pl.String,
    "parent_id": pl.Int64,
    "first_year": pl.Int64,
    "last_year": pl.Int64,
}
#: What :func:`neighbourhood_sums` returns.
SUMS_SCHEMA = {
    "indicator_id": pl.Int64,
    "district_id": pl.Int64,
    "region_code": pl.String,
    "period": pl.Int64,
    "value": pl.Float64,
    "source_table": pl.String,
}


def neighbourhoods_per_district(areas: pl.DataFrame, periods: list[int]) -> pl.DataFrame:
    """Which buurten make up each wijk in each period.

    ``areas``: ``id, code, level, parent_id, first_year, last_year`` (other levels are
    ignored). Returns ``district_id, region_code`` (the wijk's code), ``period`` and
    ``area_id`` (a buurt of that wijk in the division of that period), one row per buurt;
    a wijk without buurten has no rows.
    """
    districts = areas.filter(pl.col("level") == DISTRICT).select(
        district_id="id", region_code="code", d_first="first_year", d_last="last_year"
    )
    buurten = areas.filter(
        (pl.col("level") == NEIGHBOURHOOD) & pl.col("parent_id").is_not_null()
    ).select(area_id="id", district_id="parent_id", b_first="first_year", b_last="last_year")
    per = pl.DataFrame({"period": sorted(set(periods))}, schema={"period": pl.Int64})
    division = pl.col("period").clip(pl.col("d_first"), pl.col("d_last"))
    return (
        districts.join(per, how="cross")
        .with_columns(division=division)
        .join(buurten, on="district_id", how="inner")
        .filter(pl.col("division").is_between(pl.col("b_first"), pl.col("b_last")))
        .select("district_id", "region_code", "period", "area_id")
    )


def neighbourhood_sums(observations: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """The sum of the buurten per indicator, wijk and period, where every buurt has a value.

    ``observations``: ``indicator_id, area_id, period, value, status, source_table`` (rows
    of areas that are no member buurt are ignored); ``members``: as
    :func:`neighbourhoods_per_district` returns it. Returns ``indicator_id, district_id,
    region_code, period, value, source_table`` (the buurten's table(s), joined with " + "),
    only for complete wijken: a secret, suppressed, not available or absent buurt leaves
    its wijk out.
    """
    keys = ["indicator_id", "district_id", "period"]
    expected = members.group_by("district_id", "region_code", "period").agg(n_expected=pl.len())
    is_value = pl.col("status") == VALUE
    values = (
        observations.filter(is_value)
        .select("indicator_id", "area_id", "period", "value", "source_table")
        .join(members.select("district_id", "period", "area_id"), on=["area_id", "period"])
    )
    table = pl.col("source_table")
    sums = (
        values.group_by(keys)
        .agg(
            pl.col("value").sum(),
            n_values=pl.len(),
            first_table=table.min(),
            last_table=table.max(),
        )
        .join(expected, on=["district_id", "period"], how="inner")
        .filter(pl.col("n_values") == pl.col("n_expected"))
    )
    # The buurten's source table(s): nearly always one; several are spelled out only
    # where they occur (a string aggregate over every group would cost more than the sum).
    mixed = sums.filter(pl.col("first_table") != pl.col("last_table")).select(keys)
    tables = (
        values.join(mixed, on=keys, how="semi")
        .group_by(keys)
        .agg(tables=table.unique().sort().str.join(" + "))
    )
    return (
        sums.join(tables, on=keys, how="left")
        .select(
            *keys[:2],
            "region_code",
            "period",
            pl.col("value").cast(pl.Float64),
            pl.coalesce("tables", "first_table")
            .str.slice(0, SOURCE_TABLE_LENGTH)
            .alias("source_table"),
        )
        .sort(keys)
    )

"""Data contract of the statistics core: column names, levels and input normalisation.

The glue layer converts database rows into three Polars frames:

``areas``
    ``code`` (str, CBS code), ``level`` ("municipality" | "district" | "neighbourhood"),
    ``parent_code`` (str | null: wijk of a buurt, gemeente of a wijk, null for a gemeente),
    ``municipality_code`` (str). The country ("NL01") may be absent.

``observations`` (long)
    ``indicator`` (str), ``area`` (str), ``period`` (int year), ``value`` (Float64; null when
    the status is not a value: secret, not available, suppressed).

``indicators``
    ``code`` (str), ``polarity`` (Int8: +1 higher is better, -1 higher is worse, 0 neutral),
    ``themes`` (list[str]), ``weight`` (Float64, default 1.0), ``aggregation`` ("sum" |
    "mean_weighted" | "none", default "none"), ``weight_indicator`` (str | null, required for
    "mean_weighted", e.g. the inhabitants indicator).

``aggregation`` only matters where a value has to be *derived* for a higher level that was
not observed (today: the Netherlands when no "NL01" observation exists):

* ``sum``: counts; the parent is the sum of the children. A partial sum is wrong, so it
  is only produced when every child has a value.
* ``mean_weighted``: shares, means, rates; the parent is the mean of the children weighted
  by ``weight_indicator`` of the same period, over the children that have both values.
* ``none``: not derivable (classes, medians, model estimates); the value must be observed.

Neutral indicators (polarity 0, e.g. the share of 65+) are descriptive: they get ranks and
z-scores but no "position" (better/worse), so they never enter theme scores or warnings.
"""

from __future__ import annotations

import polars as pl

MUNICIPALITY = "municipality"
DISTRICT = "district"
NEIGHBOURHOOD = "neighbourhood"
LEVELS: tuple[str, ...] = (MUNICIPALITY, DISTRICT, NEIGHBOURHOOD)
NATIONAL_CODE = "NL01"

THEMES: tuple[str, ...] = (
    "housing",
    "work",
    "education",
    "safety",
    "health",
    "cohesion",
    "environment",
    "sustainability",
)
AGGREGATIONS: tuple[str, ...] = ("sum", "mean_weighted", "none")

AREA_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "level": pl.String(),
    "parent_code": pl.String(),
    "municipality_code": pl.String(),
}
OBSERVATION_SCHEMA: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "area": pl.String(),
    "period": pl.Int64(),
    "value": pl.Float64(),
}


class ContractError(ValueError):
    """Raised when an input frame does not follow the data contract."""


def _require(frame: pl.DataFrame, name: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ContractError(f"{name} frame lacks column(s): {', '.join(missing)}")


def normalise_areas(areas: pl.DataFrame) -> pl.DataFrame:
    """Check and cast the areas frame; add ``district_code`` (the wijk an area lies in).

    ``district_code`` is the parent for a buurt and the wijk itself for a wijk, null for a
    gemeente; it lets comparisons join a buurt and a wijk to "their wijk" the same way.
    """
    _require(areas, "areas", list(AREA_SCHEMA))
    out = areas.select(pl.col(c).cast(t) for c, t in AREA_SCHEMA.items())
    bad = out.filter(~pl.col("level").is_in(LEVELS))
    if bad.height:
        raise ContractError(f"unknown level(s): {bad['level'].unique().to_list()}")
    if out["code"].is_duplicated().any():
        raise ContractError("area codes must be unique")
    return out.with_columns(
        district_code=pl.when(pl.col("level") == NEIGHBOURHOOD)
        .then(pl.col("parent_code"))
        .when(pl.col("level") == DISTRICT)
        .then(pl.col("code"))
        .otherwise(None)
    )


def normalise_observations(observations: pl.DataFrame) -> pl.DataFrame:
    """Check and cast the observations frame; NaN is treated as missing (null).

    An ``indicator`` or ``area`` column that is an Enum stays one (it behaves as text):
    a caller that has the indicator codes as an Enum already spares the analysis a string
    look-up per row.
    """
    _require(observations, "observations", list(OBSERVATION_SCHEMA))
    schema = observations.schema
    return observations.select(
        pl.col(c) if isinstance(schema[c], pl.Enum) else pl.col(c).cast(t)
        for c, t in OBSERVATION_SCHEMA.items()
    ).with_columns(pl.col("value").fill_nan(None))


def normalise_indicators(indicators: pl.DataFrame) -> pl.DataFrame:
    """Check the indicators frame and fill defaults (weight 1, aggregation "none", no themes)."""
    _require(indicators, "indicators", ["code", "polarity"])
    out = indicators
    if "themes" not in out.columns:
        out = out.with_columns(themes=pl.lit([], dtype=pl.List(pl.String())))
    if "weight" not in out.columns:
        out = out.with_columns(weight=pl.lit(1.0))
    if "aggregation" not in out.columns:
        out = out.with_columns(aggregation=pl.lit("none"))
    if "weight_indicator" not in out.columns:
        out = out.with_columns(weight_indicator=pl.lit(None, dtype=pl.String()))
    out = out.select(
        pl.col("code").cast(pl.String()),
        pl.col("polarity").cast(pl.Int8()),
        pl.col("themes").cast(pl.List(pl.String())).fill_null([]),
        pl.col("weight").cast(pl.Float64()).fill_null(1.0),
        pl.col("aggregation").cast(pl.String()).fill_null("none"),
        pl.col("weight_indicator").cast(pl.String()),
    )
    if out["code"].is_duplicated().any():
        raise ContractError("indicator codes must be unique")
    if not out["polarity"].is_in([-1, 0, 1]).all():
        raise ContractError("polarity must be -1, 0 or +1")
    if not out["aggregation"].is_in(AGGREGATIONS).all():
        raise ContractError(f"aggregation must be one of {AGGREGATIONS}")
    if (out["weight"] < 0).any():
        raise ContractError("weights must be >= 0")
    no_weight = out.filter(
        (pl.col("aggregation") == "mean_weighted") & pl.col("weight_indicator").is_null()
    )
    if no_weight.height:
        raise ContractError(
            f"mean_weighted needs a weight_indicator: {no_weight['code'].to_list()}"
        )
    unknown = set(out["themes"].explode().drop_nulls().to_list()) - set(THEMES)
    if unknown:
        raise ContractError(f"unknown theme(s): {sorted(unknown)}")
    return out


LEVEL_ENUM = pl.Enum(list(LEVELS))
THEME_ENUM = pl.Enum(list(THEMES))
PERIOD_BASE = 1900  # periods are years in [1900, 5996): they fit 12 bits of a composite key


def area_enum(areas: pl.DataFrame) -> pl.Enum:
    """Enum dtype over the area codes (sorted); every area column of the outputs uses it."""
    return pl.Enum(areas["code"].unique().sort())


def observations_with_areas(
    observations: pl.DataFrame, areas: pl.DataFrame, indicators: pl.DataFrame
) -> pl.DataFrame:
    """Observations of known areas and indicators, with ``level`` and hierarchy attached.

    Returns ``indicator, area, period, value, level, district_code, municipality_code``.
    ``indicator`` is an Enum over the indicator codes, ``area``/``district_code``/
    ``municipality_code`` an Enum over the area codes (:func:`area_enum`) and ``level`` an
    Enum over :data:`LEVELS`: they behave as strings (compare with str literals, ``to_list``
    gives str; ``.cast(pl.String)`` if needed) and their physical value is the position on
    the area axis of :mod:`._grid`. Observations of codes absent from ``areas`` (such
    as "NL01") or of unknown indicators are dropped here; see :mod:`.comparison` for NL.
    """
    bad = observations.filter(
        (pl.col("period") < PERIOD_BASE) | (pl.col("period") >= PERIOD_BASE + 4096)
    )
    if bad.height:
        raise ContractError("periods must be years between 1900 and 5995")
    enum = area_enum(areas)
    hierarchy = areas.select(
        pl.col("code").cast(enum).alias("area"),
        pl.col("level").cast(LEVEL_ENUM),
        pl.col("district_code").cast(enum, strict=False),  # parent may be absent
        pl.col("municipality_code").cast(enum, strict=False),
    )
    return (
        observations.lazy()
        .with_columns(
            pl.col("indicator").cast(pl.Enum(indicators["code"]), strict=False),
            pl.col("area").cast(enum, strict=False),
        )
        .drop_nulls(["indicator", "area"])
        .join(hierarchy.lazy(), on="area", how="inner")
        .collect()
    )

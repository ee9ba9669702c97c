"""The analysis' inputs: database rows as Polars frames (the analysis contract).

``analysis_inputs`` builds the three frames of :mod:`..analysis.contracts` column-wise from
``values_list`` tuples: one query per frame, no Python loop over rows. Read by
:mod:`.recompute` (and the benchmark); pages never call these, they read the stored result.
"""

from __future__ import annotations

import io
import json
from typing import Any

import polars as pl
from django.db import connection

from wendbaar.areas.models import Area

from ..analysis.contracts import THEMES
from ..constants import NATIONAL_CODE, Aggregation, IndicatorKind, IndicatorRole
from ..models import Indicator, Observation
from ..registry import REFERENCE_PROFILE

# Django's aggregation choice → the analysis contract's name.
AGGREGATION = {
    Aggregation.SUM.value: "sum",
    Aggregation.WEIGHTED_MEAN.value: "mean_weighted",
    Aggregation.NONE.value: "none",
}


def _frame(rows: Any, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def area_frame() -> pl.DataFrame:
    """``code, name, level, parent_code, municipality_code, first_year, last_year``."""
    rows = Area.objects.values_list(
        "code", "name", "level", "parent__code", "municipality_code", "first_year", "last_year"
    ).order_by()
    return _frame(
        rows,
        {
            "code": pl.String,
            "name": pl.String,
            "level": pl.String,
            "parent_code": pl.String,
            "municipality_code": pl.String,
            "first_year": pl.Int32,
            "last_year": pl.Int32,
        },
    ).sort("code")


def indicator_frame() -> pl.DataFrame:
    """The catalogue with everything a page shows about an indicator (provenance too).

    Also the analysis contract's columns: ``polarity`` (as analysed), ``themes`` (known
    themes only), ``weight``, ``aggregation`` and ``weight_indicator``; the catalogue's
    own polarity stays in ``catalogue_polarity``. Two rules of the glue:

    * additive counts (aggregation "sum": inhabitants, crimes, benefit recipients) grow
      with the size of an area, so they are analysed as neutral: ranked, never better or
      worse, never in a theme score or a warning; their rates (per 1,000, shares) are;
    * only catalogue indicators (``in_registry``) weigh in theme scores: a municipality's
      own and the soft indicators (signal counts) are measured in few areas, so a national
      z-score would mean little;
    * of the catalogue, only *outcomes* judge (``role``): context (distances, density,
      urbanity) is analysed as neutral, so it makes no position, theme score, urgency or
      warning. A municipality's own indicators keep the polarity it declared.
    """
    rows = Indicator.objects.values_list(
        "id",
        "code",
        "name_nl",
        "name_en",
        "definition_nl",
        "definition_en",
        "unit",
        "decimals",
        "polarity",
        "themes",
        "kind",
        "sensitive",
        "role",
        "source",
        "source_table",
        "aggregation",
        "aggregation_weight__code",
        "in_registry",
        "order",
        "formula",
    ).order_by()
    frame = _frame(
        rows,
        {
            "id": pl.Int64,
            "code": pl.String,
            "name_nl": pl.String,
            "name_en": pl.String,
            "definition_nl": pl.String,
            "definition_en": pl.String,
            "unit": pl.String,
            "decimals": pl.Int32,
            "polarity": pl.Int8,
            "themes": pl.List(pl.String),
            "kind": pl.String,
            "sensitive": pl.Boolean,
            "role": pl.String,
            "source": pl.String,
            "source_table": pl.String,
            "aggregation": pl.String,
            "weight_indicator": pl.String,
            "in_registry": pl.Boolean,
            "order": pl.Int32,
            "formula": pl.Object,
        },
    )
    # The formula is JSON (a few dozen rows): stored as text for the pages' provenance.
    frame = frame.with_columns(
        pl.Series("formula", [json.dumps(f) if f else None for f in frame["formula"]], pl.String)
    )
    context = pl.col("in_registry") & (pl.col("role") != IndicatorRole.OUTCOME)
    neutral = (
        (pl.col("kind") == IndicatorKind.SOFT)
        | (pl.col("aggregation") == Aggregation.SUM)
        | context
    )
    return (
        frame.with_columns(
            pl.col("themes").list.eval(pl.element().filter(pl.element().is_in(THEMES))),
            catalogue_polarity=pl.col("polarity"),
        )
        .with_columns(
            polarity=pl.when(neutral).then(pl.lit(0, pl.Int8)).otherwise(pl.col("polarity")),
            weight=pl.when(pl.col("in_registry") & ~neutral).then(1.0).otherwise(0.0),
            aggregation=pl.col("aggregation").replace_strict(AGGREGATION, default="none"),
        )
        .sort("order", "code")
    )


OBSERVATION_SCHEMA = {
    "indicator_id": pl.Int64,
    "area": pl.String,
    "period": pl.Int64,
    "value": pl.Float64,
    "status": pl.String,
    "source_table": pl.String,
    "derivation": pl.String,
}
OBSERVATION_SQL = (
    "SELECT indicator_id, {code}, period, value, status, source_table, derivation "
    f"FROM {Observation._meta.db_table} WHERE {{where}}"
)


def observation_frame() -> pl.DataFrame:
    """Every stored observation of an area or of the Netherlands, with status and source.

    ``indicator_id, area, period, value, status, source_table, derivation`` (value null
    unless the status is ``value``; derivation empty unless the importer derived the value,
    e.g. a wijk's crimes as the sum of its buurten).

    Read without the ORM, half a million rows of a national database being the largest
    read the monitor makes: on PostgreSQL as CSV through ``COPY … TO STDOUT`` parsed by
    Polars (no Python object per cell); on SQLite through the driver's cursor, with the
    area's id instead of its code text (joined to the codes column-wise).
    """
    if connection.vendor == "postgresql":
        return _observations_by_copy()
    return _observations_by_cursor()


def _observations_by_copy() -> pl.DataFrame:
    sql = OBSERVATION_SQL.format(
        code="region_code", where="area_id IS NOT NULL OR region_code = %s"
    )
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        # COPY takes no parameters: the national code is a constant of ours, quoted.
        query = sql.replace("%s", "'" + NATIONAL_CODE.replace("'", "''") + "'")
        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
            for block in copy:
                buffer.write(block)
    if not buffer.tell():
        return pl.DataFrame(schema=OBSERVATION_SCHEMA)
    buffer.seek(0)
    frame = pl.read_csv(buffer, has_header=False, schema=OBSERVATION_SCHEMA)
    # Text columns are NOT NULL: an empty field is the empty text.
    return frame.with_columns(pl.col("status", "source_table", "derivation").fill_null(""))


def _observations_by_cursor() -> pl.DataFrame:
    by_id = {**OBSERVATION_SCHEMA, "area": pl.Int64}
    with connection.cursor() as cursor:
        cursor.execute(OBSERVATION_SQL.format(code="area_id", where="area_id IS NOT NULL"))
        rows = cursor.fetchall()
        cursor.execute(
            OBSERVATION_SQL.format(
                code="region_code", where="area_id IS NULL AND region_code = %s"
            ),
            [NATIONAL_CODE],
        )
        national = cursor.fetchall()
        cursor.execute(f"SELECT id, code FROM {Area._meta.db_table}")
        codes = cursor.fetchall()
    codes_frame = pl.DataFrame(codes, schema={"area": pl.Int64, "code": pl.String}, orient="row")
    frame = (
        pl.DataFrame(rows, schema=by_id, orient="row")
        .join(codes_frame, on="area", how="inner")
        .with_columns(area="code")
        .select(list(OBSERVATION_SCHEMA))
    )
    return pl.concat(
        [frame, pl.DataFrame(national, schema=OBSERVATION_SCHEMA, orient="row")], how="vertical"
    )


def analysis_inputs(*, data_version: int | None = None) -> dict[str, Any]:
    """Keyword arguments of :func:`.analysis.compute_all` for the data in the database.

    ``data_version`` only labels the call (the task passes the version it computes); the
    frames are what is stored now. Returns ``areas``, ``observations``, ``indicators``
    and ``profile`` (the reference profile's indicators that exist).
    """
    return compute_inputs(area_frame(), indicator_frame(), observation_frame())


def compute_inputs(
    areas: pl.DataFrame, indicators: pl.DataFrame, observations: pl.DataFrame
) -> dict[str, Any]:
    """The same from frames the caller already read (the recompute times the reads)."""
    codes = indicators.select("id", indicator="code")
    obs = observations.join(codes, left_on="indicator_id", right_on="id", how="inner")
    return {
        "areas": areas.select("code", "level", "parent_code", "municipality_code"),
        "observations": obs.select("indicator", "area", "period", "value"),
        "indicators": indicators.select(
            "code", "polarity", "themes", "weight", "aggregation", "weight_indicator"
        ),
        "profile": reference_profile(indicators),
    }


def reference_profile(indicators: pl.DataFrame) -> list[str]:
    """The reference profile's indicators that exist; without them (a database with only
    a municipality's own figures) the descriptive indicators, so groups can still form."""
    present = indicators["code"].to_list()
    profile = [code for code in REFERENCE_PROFILE if code in present]
    if not profile:
        profile = indicators.filter(pl.col("polarity") == 0)["code"].to_list()
    return profile or present[:1]

"""The observation writer: a diff against what is stored, written in bulk.

Every write of observations goes through :func:`write_diff` (imports, derived wijk sums,
calculated indicators, and observations other apps derive through
``services.replace_observations``). Writing is a diff against what is stored (Polars
join), followed by plain INSERT / UPDATE / DELETE ``executemany`` batches, so writing the
same rows twice changes nothing and reports them as unchanged. The use cases around it
(transaction, import run, data version, recompute task) are in ``monitor/services.py``.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import polars as pl
from django.db import connection

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.bulk import copy_frame

from ..constants import (
    CALCULATED_SOURCE_TABLE,
    Aggregation,
    Derivation,
    IndicatorKind,
    ObservationStatus,
)
from ..models import ImportRun, Indicator, Observation
from .derive import AREA_SCHEMA, SUMS_SCHEMA, neighbourhood_sums, neighbourhoods_per_district

VALUE = ObservationStatus.VALUE.value
SECRET = ObservationStatus.SECRET.value
NOT_AVAILABLE = ObservationStatus.NOT_AVAILABLE.value
SUPPRESSED = ObservationStatus.SUPPRESSED.value
BATCH = 20_000


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # missing values that did not overwrite a stored value
    deleted: int = 0  # derived or calculated values whose inputs no longer hold

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def add(self, other: WriteCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.kept += other.kept
        self.deleted += other.deleted


AREA_TABLE = Area._meta.db_table


def attach_ids(frame: pl.DataFrame, indicator_ids: dict[str, int]) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("indicator")
        .replace_strict(indicator_ids, return_dtype=pl.Int64)
        .alias("indicator_id")
    )


def attach_areas(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add ``area_id``; split off rows whose code is no Area (national rows stay).

    One query for every area's code and id, joined column-wise: cheaper than asking for
    the file's codes in chunks (a national file names all 18,000 areas anyway).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code, id FROM {AREA_TABLE}")
        rows = cursor.fetchall()
    area_frame = pl.DataFrame(
        rows, schema={"region_code": pl.String, "area_id": pl.Int64}, orient="row"
    )
    frame = frame.join(area_frame, on="region_code", how="left")
    is_national = ~pl.col("region_code").str.contains(r"^(GM|WK|BU)")
    keep = pl.col("area_id").is_not_null() | is_national
    return frame.filter(keep), frame.filter(~keep)


OBS_TABLE = Observation._meta.db_table
INSERT_SQL = (
    f"INSERT INTO {OBS_TABLE} "
    "(indicator_id, region_code, area_id, period, value, status, source_table, import_run_id) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)
# Derived values name their derivation; a source's rows leave it to the database default
# (empty), one parameter less per row of a national file.
INSERT_DERIVED_SQL = (
    f"INSERT INTO {OBS_TABLE} "
    "(indicator_id, region_code, area_id, period, value, status, source_table, import_run_id, "
    "derivation) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
UPDATE_SQL = (
    f"UPDATE {OBS_TABLE} SET area_id = %s, value = %s, status = %s, source_table = %s, "
    "derivation = %s, import_run_id = %s WHERE id = %s"
)
DELETE_SQL = f"DELETE FROM {OBS_TABLE} WHERE id = %s"
SOURCE = Derivation.NONE.value
SUM_OF_NEIGHBOURHOODS = Derivation.SUM_OF_NEIGHBOURHOODS.value
EXISTING_SCHEMA = {
    "id": pl.Int64,
    "indicator_id": pl.Int64,
    "region_code": pl.String,
    "period": pl.Int64,
    "old_value": pl.Float64,
    "old_status": pl.String,
    "old_area_id": pl.Int64,
    "old_source_table": pl.String,
    "old_derivation": pl.String,
}


def _in_params(values) -> str:
    return ", ".join(["%s"] * len(values))


def _code_range(prefix: str) -> tuple[str, str]:
    """Bounds of the codes that start with ``prefix`` ("WK" → "WK" ≤ code < "WL"): a
    range on the last column of the unique key (indicator, period, region_code)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def existing_rows(
    indicator_ids: list[int],
    periods: list[int] | None,
    *,
    prefix: str = "",
    tables: bool = False,
    municipality_code: str = "",
) -> pl.DataFrame:
    """Stored rows of these indicators and periods (of codes starting with ``prefix``).

    ``periods`` None: every period (replacing a source's rows must also find the years
    it no longer has). ``municipality_code``: only rows of that gemeente's areas.
    ``old_source_table`` is read only with ``tables`` (else empty): a text per row costs
    time on a national file and only pruning calculated or replaced values needs it.
    """
    if not indicator_ids or periods == []:
        return pl.DataFrame(schema=EXISTING_SCHEMA)
    table = "source_table" if tables else "''"
    sql = (
        f"SELECT id, indicator_id, region_code, period, value, status, area_id, {table}, "
        f"derivation FROM {OBS_TABLE} WHERE indicator_id IN ({_in_params(indicator_ids)})"
    )
    params: list = [*indicator_ids]
    if periods is not None:
        sql += f" AND period IN ({_in_params(periods)})"
        params += periods
    if prefix:
        sql += " AND region_code >= %s AND region_code < %s"
        params += _code_range(prefix)
    if municipality_code:
        sql += f" AND area_id IN (SELECT id FROM {AREA_TABLE} WHERE municipality_code = %s)"
        params.append(municipality_code)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=EXISTING_SCHEMA, orient="row")


def write_diff(
    frame: pl.DataFrame,
    *,
    run: ImportRun,
    source_table: str,
    derivation: str = SOURCE,
    existing: pl.DataFrame | None = None,
    prune: pl.Expr | None = None,
    keep_published: bool = True,
) -> WriteCounts:
    """Diff ``frame`` (indicator_id, region_code, area_id, period, value, status) with the
    stored rows and insert/update what differs.

    A ``source_table`` column in ``frame`` overrides the argument per row. ``existing``:
    the stored rows to diff with (default: all of the frame's indicators and periods).
    ``prune``: a condition on ``existing`` (``old_*`` columns); matching rows that
    ``frame`` does not hold are deleted (derived or calculated values that no longer hold,
    or a replaced source's rows). ``keep_published`` False: a missing value replaces a
    stored one too (a source that replaces all its rows says what holds now).
    """
    counts = WriteCounts()
    if frame.height == 0 and prune is None:
        return counts
    _refuse_non_finite(frame)
    if existing is None:
        existing = existing_rows(
            sorted(frame["indicator_id"].unique().to_list()),
            sorted(frame["period"].unique().to_list()),
        )
    keys = ["indicator_id", "region_code", "period"]
    table = pl.col("source_table") if "source_table" in frame.columns else pl.lit(source_table)
    joined = frame.select(
        "indicator_id",
        "region_code",
        "area_id",
        "period",
        "value",
        "status",
        table.cast(pl.String).alias("source_table"),
    ).join(existing, on=keys, how="left")
    is_new = pl.col("id").is_null()
    # A missing value never replaces a value the source published; it does replace a
    # derived one (the source's own word on that area wins).
    is_kept = (
        (pl.col("status") != VALUE)
        & (pl.col("old_status") == VALUE)
        & (pl.col("old_derivation") == SOURCE)
        & pl.lit(keep_published)
    )
    same_value = (pl.col("value").is_null() & pl.col("old_value").is_null()) | (
        (pl.col("value") - pl.col("old_value")).abs()
        <= 1e-9 * pl.max_horizontal(pl.lit(1.0), pl.col("old_value").abs())
    ).fill_null(False)
    is_same = (
        (pl.col("status") == pl.col("old_status"))
        & same_value
        & pl.col("area_id").eq_missing(pl.col("old_area_id"))
        & (pl.col("old_derivation") == derivation)
    )
    joined = joined.with_columns(
        pl.when(is_new)
        .then(pl.lit("new"))
        .when(is_kept)
        .then(pl.lit("kept"))
        .when(is_same)
        .then(pl.lit("same"))
        .otherwise(pl.lit("update"))
        .alias("action")
    )
    new = joined.filter(pl.col("action") == "new")
    update = joined.filter(pl.col("action") == "update")
    counts.created = new.height
    counts.updated = update.height
    counts.kept = joined.filter(pl.col("action") == "kept").height
    counts.unchanged = joined.height - counts.created - counts.updated
    stale = pl.DataFrame(schema={"id": pl.Int64})
    if prune is not None:
        stale = existing.filter(prune).join(frame.select(keys), on=keys, how="anti").select("id")
        counts.deleted = stale.height
    with connection.cursor() as cursor:
        if new.height:
            # Key order = unique-index order: B-tree inserts append instead of scatter.
            new = new.sort("indicator_id", "period", "region_code")
            columns = [
                "indicator_id",
                "region_code",
                "area_id",
                "period",
                "value",
                "status",
                "source_table",
                pl.lit(run.pk).alias("import_run_id"),
            ]
            sql = INSERT_SQL
            if derivation != SOURCE:
                columns.append(pl.lit(derivation, dtype=pl.String).alias("derivation"))
                sql = INSERT_DERIVED_SQL
            if connection.vendor == "postgresql":
                frame = new.select(columns)
                copy_frame(cursor, OBS_TABLE, ", ".join(frame.columns), frame)
            else:
                rows = new.select(columns).rows()
                with _bulk_load(cursor, len(rows)):
                    _executemany(cursor, sql, rows)
        if update.height:
            rows = update.select(
                "area_id",
                "value",
                "status",
                "source_table",
                pl.lit(derivation, dtype=pl.String).alias("derivation"),
                pl.lit(run.pk).alias("import_run_id"),
                "id",
            ).rows()
            _executemany(cursor, UPDATE_SQL, rows)
        if stale.height:
            _executemany(cursor, DELETE_SQL, stale.rows())
    return counts


def _refuse_non_finite(frame: pl.DataFrame) -> None:
    """The last guard before the database: importers refuse such values with file, row
    and column; anything else that gets here (a derived figure) is a programming error."""
    bad = frame.filter((pl.col("status") == VALUE) & ~pl.col("value").is_finite().fill_null(False))
    if bad.height:
        first = bad.row(0, named=True)
        raise ValueError(
            f"not a finite value: {first['value']!r} for indicator {first['indicator_id']}, "
            f"{first['region_code']}, {first['period']}"
        )


AREA_INDEX = "monitor_obs_area_ind_per"
BULK_LOAD_MIN_ROWS = 50_000


@contextmanager
def _bulk_load(cursor, new_rows: int):
    """On SQLite, a load that at least doubles the table drops the area index and builds
    it again afterwards (one sorted build instead of scattered inserts: saves 0.7 s of 2.7 s
    for the national KWB file). DDL is transactional in SQLite, so a failed import
    leaves the index as it was. Not on PostgreSQL: DROP INDEX would lock readers out."""
    rebuild = False
    if connection.vendor == "sqlite" and new_rows >= BULK_LOAD_MIN_ROWS:
        cursor.execute(f"SELECT COUNT(*) FROM {OBS_TABLE}")
        rebuild = cursor.fetchone()[0] <= new_rows
    if not rebuild:
        yield
        return
    index = next(i for i in Observation._meta.indexes if i.name == AREA_INDEX)
    cursor.execute(f"DROP INDEX {AREA_INDEX}")
    yield
    columns = ", ".join(Observation._meta.get_field(f).column for f in index.fields)
    cursor.execute(f"CREATE INDEX {AREA_INDEX} ON {OBS_TABLE} ({columns})")


def _executemany(cursor, sql: str, rows: list[tuple]) -> None:
    """``executemany`` in batches. On SQLite straight on the driver's cursor (same
    connection and transaction): Django's wrapper re-iterates the parameters through
    ``itertools.tee``, which costs a third of the insert time of a national file."""
    if connection.vendor == "sqlite":
        raw = connection.connection.cursor()
        sql = sql.replace("%s", "?")
        try:
            for start in range(0, len(rows), BATCH):
                raw.executemany(sql, rows[start : start + BATCH])
        finally:
            raw.close()
        return
    for start in range(0, len(rows), BATCH):
        cursor.executemany(sql, rows[start : start + BATCH])


def calculated_indicators(
    *, inputs: set[str] | None = None, codes: list[str] | None = None
) -> list[Indicator]:
    indicators = list(
        Indicator.objects.filter(kind=IndicatorKind.CALCULATED, formula__isnull=False)
        .select_related("base_indicator")
        .order_by("order", "code")
    )
    if codes is not None:
        indicators = [ind for ind in indicators if ind.code in set(codes)]
    if inputs is not None:
        indicators = [ind for ind in indicators if set(_input_codes(ind)) & inputs]
    return indicators


def _input_codes(indicator: Indicator) -> list[str]:
    formula = indicator.formula or {}
    denominator = formula.get("denominator", [])
    denominators = denominator if isinstance(denominator, list) else [denominator]
    return [formula.get("numerator"), *denominators]


def input_ids(indicator: Indicator) -> list[int]:
    ids = dict(Indicator.objects.filter(code__in=_input_codes(indicator)).values_list("code", "id"))
    return list(ids.values())


def recompute_calculations(
    specs: list[Indicator], *, periods: list[int], run: ImportRun
) -> WriteCounts:
    """Compute the calculated indicators column-wise (Polars) and write the diff."""
    ids = dict(Indicator.objects.values_list("code", "id"))
    needed = {ids[c] for ind in specs for c in _input_codes(ind) if c in ids}
    needed |= {ind.base_indicator_id for ind in specs if ind.base_indicator_id}
    schema = {
        "indicator_id": pl.Int64,
        "region_code": pl.String,
        "area_id": pl.Int64,
        "period": pl.Int64,
        "value": pl.Float64,
        "status": pl.String,
    }
    if not needed or not periods:
        return WriteCounts()
    id_params = ", ".join(["%s"] * len(needed))
    period_params = ", ".join(["%s"] * len(periods))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT indicator_id, region_code, area_id, period, value, status FROM {OBS_TABLE} "
            f"WHERE indicator_id IN ({id_params}) AND period IN ({period_params})",
            [*needed, *periods],
        )
        observations = pl.DataFrame(cursor.fetchall(), schema=schema, orient="row")
    counts = WriteCounts()
    for indicator in specs:
        computed = calculate(indicator, observations, ids)
        if not computed.width:  # an input is not in the catalogue: nothing to say
            continue
        # Calculated values whose inputs are gone (a derived wijk sum that no longer adds
        # up) are deleted; values a file provided for a calculated indicator stay.
        counts.add(
            write_diff(
                computed,
                run=run,
                source_table=CALCULATED_SOURCE_TABLE,
                existing=existing_rows([indicator.pk], periods, tables=True),
                prune=pl.col("old_source_table") == CALCULATED_SOURCE_TABLE,
            )
        )
    return counts


def summed_indicators(codes: set[str]) -> dict[str, int]:
    """Of ``codes``, the source indicators whose wijk values are the sum of the buurten."""
    return dict(
        Indicator.objects.filter(code__in=codes, aggregation=Aggregation.SUM)
        .exclude(kind=IndicatorKind.CALCULATED)
        .order_by("order", "code")
        .values_list("code", "id")
    )


def _district_areas() -> pl.DataFrame:
    """Wijken and buurten with their parent and division years (``derive.AREA_SCHEMA``)."""
    sql = (
        f"SELECT id, code, level, parent_id, first_year, last_year FROM {AREA_TABLE} "
        "WHERE level IN (%s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [AreaLevel.DISTRICT.value, AreaLevel.NEIGHBOURHOOD.value])
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=AREA_SCHEMA, orient="row")


def _every_district_published(indicator_ids: list[int], periods: list[int]) -> bool:
    """Whether every wijk has a row of the source for every indicator and period, and none
    holds a derived value: then there is nothing to derive (a KWB file publishes its
    wijken). Two aggregate queries instead of reading the rows."""
    n_districts = Area.objects.filter(level=AreaLevel.DISTRICT).count()
    if not n_districts:
        return True
    sql = (
        f"SELECT indicator_id, period, COUNT(*), "
        f"SUM(CASE WHEN derivation = %s THEN 0 ELSE 1 END) FROM {OBS_TABLE} "
        f"WHERE indicator_id IN ({_in_params(indicator_ids)}) "
        f"AND period IN ({_in_params(periods)}) AND region_code >= %s AND region_code < %s "
        "GROUP BY indicator_id, period"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [SOURCE, *indicator_ids, *periods, *_code_range("WK")])
        rows = cursor.fetchall()
    complete = {
        (indicator, period)
        for indicator, period, count, derived in rows
        if count == n_districts and not derived
    }
    return len(complete) == len(indicator_ids) * len(periods)


def _neighbourhood_values(indicator_ids: list[int], periods: list[int]) -> pl.DataFrame:
    """The buurten's real values of these indicators and periods (status ``value`` only:
    a buurt without one simply has no row, which is what the completeness check needs)."""
    schema = {
        "indicator_id": pl.Int64,
        "area_id": pl.Int64,
        "period": pl.Int64,
        "value": pl.Float64,
        "source_table": pl.String,
    }
    sql = (
        f"SELECT indicator_id, area_id, period, value, source_table FROM {OBS_TABLE} "
        f"WHERE indicator_id IN ({_in_params(indicator_ids)}) "
        f"AND period IN ({_in_params(periods)}) AND region_code >= %s AND region_code < %s "
        "AND status = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*indicator_ids, *periods, *_code_range("BU"), VALUE])
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row").with_columns(status=pl.lit(VALUE))


def derive_sums(indicator_ids: list[int], *, periods: list[int], run: ImportRun) -> WriteCounts:
    """Wijk values of additive counts as the sum of their buurten, where the source has no
    wijk row and every buurt has a value (``importing/derive.py``); derived values that no longer
    add up are updated or deleted. Column-wise: a few queries, Polars joins, one diff."""
    if not indicator_ids or not periods or _every_district_published(indicator_ids, periods):
        return WriteCounts()
    stored = existing_rows(indicator_ids, periods, prefix="WK")
    members = neighbourhoods_per_district(_district_areas(), periods)
    keys = ["indicator_id", "region_code", "period"]
    ids = pl.DataFrame({"indicator_id": indicator_ids}, schema={"indicator_id": pl.Int64})
    # (indicator, wijk, period) with buurten and without a row of the source.
    open_keys = ids.join(
        members.select("district_id", "region_code", "period").unique(), how="cross"
    ).join(stored.filter(pl.col("old_derivation") == SOURCE), on=keys, how="anti")
    sums = pl.DataFrame(schema=SUMS_SCHEMA)
    if open_keys.height:
        values = _neighbourhood_values(
            sorted(open_keys["indicator_id"].unique().to_list()),
            sorted(open_keys["period"].unique().to_list()),
        )
        sums = neighbourhood_sums(values, members).join(open_keys, on=keys, how="semi")
    frame = sums.select(*keys, "value", "source_table", area_id="district_id", status=pl.lit(VALUE))
    return write_diff(
        frame,
        run=run,
        source_table="",
        derivation=SUM_OF_NEIGHBOURHOODS,
        existing=stored,
        prune=pl.col("old_derivation") == SUM_OF_NEIGHBOURHOODS,
    )


def calculate(
    indicator: Indicator, observations: pl.DataFrame, ids: dict[str, int]
) -> pl.DataFrame:
    """One calculated indicator from the long frame of its inputs (pure, column-wise)."""
    formula = indicator.formula or {}
    op = formula.get("op")
    if op not in ("ratio", "per_1000"):
        raise ValueError(f"{indicator.code}: unknown formula op {op!r}")
    scale = float(formula.get("scale", 1000 if op == "per_1000" else 100))
    numerator = ids.get(formula["numerator"])
    denominator = formula["denominator"]
    denominators = [
        ids.get(c) for c in (denominator if isinstance(denominator, list) else [denominator])
    ]
    if numerator is None or None in denominators:
        return pl.DataFrame()
    keys = ["region_code", "period"]
    num = observations.filter(pl.col("indicator_id") == numerator).select(
        *keys, "area_id", pl.col("value").alias("num"), pl.col("status").alias("num_status")
    )
    den = (
        observations.filter(pl.col("indicator_id").is_in(denominators))
        .group_by(keys)
        .agg(
            pl.col("value").sum().alias("den"),
            (pl.col("status") == VALUE).sum().alias("den_values"),
            (pl.col("status") == SECRET).any().alias("den_secret"),
        )
    )
    frame = num.join(den, on=keys, how="inner")
    if indicator.base_indicator_id and indicator.min_base is not None:
        base = observations.filter(
            (pl.col("indicator_id") == indicator.base_indicator_id) & (pl.col("status") == VALUE)
        ).select(*keys, pl.col("value").alias("base"))
        frame = frame.join(base, on=keys, how="left")
        too_small = pl.col("base").is_not_null() & (pl.col("base") < indicator.min_base)
    else:
        too_small = pl.lit(False)
    complete = (pl.col("num_status") == VALUE) & (pl.col("den_values") == len(denominators))
    status = (
        pl.when(complete & too_small)
        .then(pl.lit(SUPPRESSED))
        .when(complete & (pl.col("den") > 0))
        .then(pl.lit(VALUE))
        .when((pl.col("num_status") == SECRET) | pl.col("den_secret"))
        .then(pl.lit(SECRET))
        .otherwise(pl.lit(NOT_AVAILABLE))
    )
    frame = frame.with_columns(status.alias("status"))
    return frame.select(
        pl.lit(indicator.pk, dtype=pl.Int64).alias("indicator_id"),
        "region_code",
        "area_id",
        "period",
        pl.when(pl.col("status") == VALUE)
        .then(pl.col("num") / pl.col("den") * scale)
        .alias("value"),
        "status",
    )

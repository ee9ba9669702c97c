"""Bulk writes below the ORM, for the importers: reserve ids, insert, update, COPY.

A national region file creates 18,000 areas, a national KWB file half a million
observations. Through ``bulk_create`` the areas alone took 1.9 s of a 3.3 s import (240
statements, a model instance and its field preparation per row). Here rows go from a
Polars frame in one statement: one prepared ``executemany`` straight on SQLite's driver
cursor, ``COPY`` of a CSV that Polars writes on PostgreSQL (no Python object per cell).
Ids can be reserved up front, so children's foreign keys are known before anything is
written. Callers run inside ``transaction.atomic``; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

Row = Sequence[object]
BULK_CACHE_SIZE = -65536  # KiB: SQLite's page cache during a bulk insert (default -2000)


def frame_rows(frame: pl.DataFrame) -> list[tuple]:
    """The rows of ``frame`` as tuples for ``executemany``: a list per column zipped,
    several times faster than ``DataFrame.rows()``."""
    return list(zip(*(series.to_list() for series in frame.get_columns()), strict=True))


def _connection(model: type[Model]) -> BaseDatabaseWrapper:
    connection = connections[router.db_for_write(model)]
    connection.ensure_connection()
    return connection


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` primary keys for new rows of ``model``, ascending, as the database would
    assign them to rows inserted one after the other.

    SQLite: after the largest id ever used (``sqlite_sequence``, for AUTOINCREMENT tables)
    or present; the settings open SQLite transactions IMMEDIATE, so no other writer can
    take them before this transaction ends. PostgreSQL: drawn from the table's sequence,
    which is safe with concurrent writers.
    """
    if count <= 0:
        return []
    connection = _connection(model)
    meta = model._meta
    table, pk = meta.db_table, meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT MAX({quote(pk)}) FROM {quote(table)} UNION ALL "
                "SELECT MAX(seq) FROM sqlite_sequence WHERE name = %s",
                [table],
            )
            top = max((value or 0 for (value,) in cursor.fetchall()), default=0)
            return list(range(top + 1, top + 1 + count))
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk, count],
            )
            return sorted(value for (value,) in cursor.fetchall())
    raise NotImplementedError(f"bulk insert on {connection.vendor}")


def insert_frame(
    model: type[Model], frame: pl.DataFrame, constants: dict[str, object] | None = None
) -> None:
    """Insert the rows of ``frame`` (columns named by model field name or attname), with
    ``constants`` (field → one value for every row), in one go: SQLite ``executemany``
    with the constants written into the statement, PostgreSQL ``COPY`` of a CSV that
    Polars writes."""
    if not frame.height:
        return
    constants = constants or {}
    connection = _connection(model)
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)

    def names(fields: list[str]) -> str:
        return ", ".join(quote(meta.get_field(name).column) for name in fields)

    if connection.vendor == "sqlite":
        # The driver's own cursor (same connection and transaction): Django's wrapper
        # re-iterates the parameters through itertools.tee. A constant bound for each of
        # 18,000 rows costs more than the row's own values; SQLite quotes it once.
        raw = connection.connection.cursor()
        cache_size = raw.execute("PRAGMA cache_size").fetchone()[0]
        try:
            # A national file's table and indexes outgrow the default 2 MB page cache;
            # spilling dirty pages to the WAL mid-transaction costs a tenth of the insert.
            raw.execute(f"PRAGMA cache_size = {BULK_CACHE_SIZE}")
            with connection.wrap_database_errors:
                literals = [
                    raw.execute("SELECT quote(?)", [value]).fetchone()[0]
                    for value in constants.values()
                ]
                values = ", ".join(["?"] * frame.width + literals)
                raw.executemany(
                    f"INSERT INTO {table} ({names([*frame.columns, *constants])}) "
                    f"VALUES ({values})",
                    frame_rows(frame),
                )
        finally:
            raw.execute(f"PRAGMA cache_size = {int(cache_size)}")
            raw.close()
        return
    if connection.vendor == "postgresql":
        frame = frame.with_columns(**{name: pl.lit(value) for name, value in constants.items()})
        with connection.cursor() as cursor, connection.wrap_database_errors:
            copy_frame(cursor, table, names(frame.columns), frame)
        return
    raise NotImplementedError(f"bulk insert on {connection.vendor}")


def copy_frame(cursor, table: str, columns: str, frame: pl.DataFrame) -> None:
    """PostgreSQL ``COPY table (columns) FROM STDIN`` of ``frame``'s rows, as a CSV that
    Polars writes: NULL unquoted and empty, every string quoted (so "" is an empty string
    and no value can read as the end-of-data marker). ``cursor``: Django's cursor."""
    payload = frame.write_csv(include_header=False, quote_style="non_numeric")
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
        copy.write(payload.encode())


def update_by_pk(model: type[Model], columns: Sequence[str], rows: Sequence[Row]) -> None:
    """``UPDATE … SET columns WHERE pk`` for each row (the values of ``columns``, then the
    primary key), as one prepared statement run through ``executemany``."""
    if not rows:
        return
    connection = _connection(model)
    meta = model._meta
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(meta.get_field(c).column)} = %s" for c in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    if connection.vendor == "sqlite":
        raw = connection.connection.cursor()
        try:
            with connection.wrap_database_errors:
                raw.executemany(sql.replace("%s", "?"), rows)
        finally:
            raw.close()
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def default_values(model: type[Model], columns: Sequence[str]) -> dict[str, object]:
    """The database values of every other concrete field's default (what ``bulk_create``
    would write for fields the importer does not set), by field name."""
    connection = _connection(model)
    given = set(columns)
    return {
        field.name: field.get_db_prep_save(field.get_default(), connection)
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in given and field.attname not in given
    }

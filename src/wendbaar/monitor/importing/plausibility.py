"""Values outside their indicator's valid range (``registry.UNIT_RANGES``).

Population -500, a share of 150 % or 1e308 are not figures but a broken file: the import
is refused, naming file, row, column and value. With ``as_missing`` (the command's
``--implausible-as-missing``) such a value is imported as "not available" — never 0 —
and each one is reported as a warning. Pure Polars, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _

from ..constants import ObservationStatus
from .sources.base import ImportFileError

VALUE = ObservationStatus.VALUE.value
NOT_AVAILABLE = ObservationStatus.NOT_AVAILABLE.value


@dataclass(frozen=True)
class Implausible:
    file: str
    row: int
    column: str
    indicator: str
    value: float
    low: float
    high: float

    def __str__(self) -> str:
        where = ImportFileError("", file=self.file, row=self.row, column=self.column)
        return str(where) + _(
            "%(value)s is outside the valid range %(low)s to %(high)s of %(indicator)s; "
            "imported as not available"
        ) % {
            "value": _number(self.value),
            "low": _number(self.low),
            "high": _number(self.high),
            "indicator": self.indicator,
        }


def _number(value: float) -> str:
    return f"{value:.15g}"


def out_of_range(
    frame: pl.DataFrame, ranges: dict[str, tuple[float, float] | None]
) -> pl.DataFrame:
    """Rows of ``frame`` (indicator, value, status, …) whose value lies outside its
    indicator's range, in file order, with the bounds as ``low`` and ``high``."""
    bounds = pl.DataFrame(
        {
            "indicator": [code for code, r in ranges.items() if r],
            "low": [float(r[0]) for r in ranges.values() if r],
            "high": [float(r[1]) for r in ranges.values() if r],
        },
        schema={"indicator": pl.String, "low": pl.Float64, "high": pl.Float64},
    )
    joined = frame.join(bounds, on="indicator", how="inner")
    outside = (pl.col("status") == VALUE) & ~pl.col("value").is_between("low", "high")
    return joined.filter(outside).sort("row", "column")


def check_ranges(
    frame: pl.DataFrame,
    ranges: dict[str, tuple[float, float] | None],
    name: str,
    *,
    as_missing: bool = False,
) -> tuple[pl.DataFrame, list[Implausible]]:
    """Refuse (``ImportFileError`` on the first) or, with ``as_missing``, blank the values
    outside their range; returns the frame and what was blanked."""
    bad = out_of_range(frame, ranges)
    if not bad.height:
        return frame, []
    found = [
        Implausible(name, r["row"], r["column"], r["indicator"], r["value"], r["low"], r["high"])
        for r in bad.iter_rows(named=True)
    ]
    if not as_missing:
        first = found[0]
        more = len(found) - 1
        raise ImportFileError(
            _(
                "%(value)s is outside the valid range %(low)s to %(high)s of %(indicator)s"
                "%(more)s. Correct the file, or import such values as not available with "
                "--implausible-as-missing."
            )
            % {
                "value": _number(first.value),
                "low": _number(first.low),
                "high": _number(first.high),
                "indicator": first.indicator,
                "more": (_(" (and %(count)s more values)") % {"count": more}) if more else "",
            },
            file=name,
            row=first.row,
            column=first.column,
        )
    keys = bad.select("row", "column", "indicator", "region_code", "period").with_columns(
        pl.lit(True).alias("__implausible__")
    )
    marked = frame.join(
        keys, on=["row", "column", "indicator", "region_code", "period"], how="left"
    )
    hit = pl.col("__implausible__").fill_null(False)
    frame = marked.with_columns(
        pl.when(hit).then(None).otherwise(pl.col("value")).alias("value"),
        pl.when(hit).then(pl.lit(NOT_AVAILABLE)).otherwise(pl.col("status")).alias("status"),
    ).drop("__implausible__")
    return frame, found

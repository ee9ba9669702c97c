"""Dense matrices behind the long frames (internal): one row per column, one column per area.

Every statistic of the monitor is column-wise: one *column* is one indicator x period, its
values run over the areas of the country. Holding each quantity as a NumPy matrix of shape
(columns, areas) turns a statistic per indicator x period x level into a row operation on
contiguous memory, and the look-up of a parent's or a peer's value into a gather, instead
of hash joins and window functions over millions of long rows. Missing is NaN inside the
matrices (inputs never contain NaN: :func:`.contracts.normalise_observations` makes it
null) and null again in the long frames, which are emitted once, at the end, in
(indicator, period, area) order.

The area axis is the sorted list of area codes, the categories of :func:`.contracts.area_enum`,
so the physical value of an area Enum *is* its position on the axis.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from .contracts import LEVEL_ENUM, LEVELS, PERIOD_BASE, ContractError, area_enum

PERIOD_SPAN = 4096  # periods are years in [PERIOD_BASE, PERIOD_BASE + PERIOD_SPAN)


@dataclass(frozen=True)
class Axis:
    """The areas: codes (Enum, position = physical value) and the hierarchy by position."""

    codes: pl.Series
    level: np.ndarray  # int8 index into LEVELS, -1 unknown
    district: np.ndarray  # int64 position of the area's wijk (a wijk: itself), -1 none
    municipality: np.ndarray  # int64 position of the gemeente, -1 none

    @property
    def n(self) -> int:
        return self.codes.len()

    @cached_property
    def dtype(self) -> pl.DataType:
        # one object: Polars builds a new Enum of every code on each ``Series.dtype``,
        # and :func:`dtype_expr` converts each object once
        return self.codes.dtype

    def area(self, positions: np.ndarray | pl.Series) -> pl.Series:
        return self.codes.gather(positions)

    def level_series(self, positions: np.ndarray | pl.Series) -> pl.Series:
        return self._levels.gather(positions)

    @cached_property
    def _levels(self) -> pl.Series:
        """The level of every area (null where unknown)."""
        out = _LEVELS.gather(np.where(self.level < 0, 0, self.level))
        if (self.level < 0).any():
            out = out.scatter(np.flatnonzero(self.level < 0), None)
        return out

    def parent(self, parents: np.ndarray, positions: np.ndarray | pl.Series) -> pl.Series:
        """Codes of ``parents[positions]`` (``district`` or ``municipality``), null for -1."""
        # one code per area (null where there is no parent), then one gather
        per_area = self.codes.gather(np.where(parents < 0, 0, parents))
        if (parents < 0).any():
            per_area = per_area.scatter(np.flatnonzero(parents < 0), None)
        return per_area.gather(positions)

    def members(self, level: str) -> np.ndarray:
        return np.flatnonzero(self.level == LEVELS.index(level))


_LEVELS = pl.Series(list(LEVELS), dtype=LEVEL_ENUM)


def axis_from_areas(areas: pl.DataFrame) -> Axis:
    """The axis of a normalised areas frame (:func:`.contracts.normalise_areas`)."""
    enum = area_enum(areas)
    frame = areas.sort("code").select(
        code=pl.col("code").cast(dtype_expr(enum)),
        level=pl.col("level").cast(LEVEL_ENUM).to_physical().cast(pl.Int8),
        district=position_expr(pl.col("district_code"), enum),
        municipality=position_expr(pl.col("municipality_code"), enum),
    )
    axis = Axis(
        codes=frame["code"],
        level=frame["level"].to_numpy(),
        district=frame["district"].to_numpy(),
        municipality=frame["municipality"].to_numpy(),
    )
    axis.__dict__["dtype"] = enum  # the same object: its cast expression is made already
    return axis


def axis_from_frame(frame: pl.DataFrame) -> Axis:
    """The axis of a long frame with ``area`` (Enum or str) and optionally ``level``,
    ``district_code`` and ``municipality_code``; unknown hierarchy is -1."""
    dtype = frame.schema["area"]
    if isinstance(dtype, pl.Enum):
        enum = dtype
    else:
        enum = pl.Enum(frame["area"].cast(pl.String).drop_nulls().unique().sort())
    codes = pl.Series(enum.categories).cast(enum)
    n = codes.len()
    level = np.full(n, -1, dtype=np.int8)
    district = np.full(n, -1, dtype=np.int64)
    municipality = np.full(n, -1, dtype=np.int64)
    present = [c for c in ("level", "district_code", "municipality_code") if c in frame.columns]
    if present:
        schema = frame.schema
        exprs = {
            "level": pl.col("level").cast(LEVEL_ENUM).to_physical().cast(pl.Int8),
            "district_code": position_expr(
                pl.col("district_code"), enum, schema.get("district_code")
            ),
            "municipality_code": position_expr(
                pl.col("municipality_code"), enum, schema.get("municipality_code")
            ),
        }
        # every row of an area carries the same hierarchy: scatter them all, no unique()
        per_row = frame.select(
            position_expr(pl.col("area"), enum, dtype).alias("_pos"),
            *(exprs[c].alias(c) for c in present),
        )
        pos = per_row["_pos"].to_numpy()
        known = pos >= 0
        for name, target in (
            ("level", level),
            ("district_code", district),
            ("municipality_code", municipality),
        ):
            if name in present:
                target[pos[known]] = per_row[name].to_numpy()[known]
    return Axis(codes=codes, level=level, district=district, municipality=municipality)


def position_expr(expr: pl.Expr, enum: pl.DataType, current: pl.DataType | None = None) -> pl.Expr:
    """Physical value of a str or Enum expression in ``enum``, -1 outside it (``current``:
    the expression's dtype, when known; no string round trip when it is ``enum``)."""
    if current != enum:
        expr = expr.cast(pl.String).cast(dtype_expr(enum), strict=False)
    return expr.to_physical().cast(pl.Int64).fill_null(-1)


#: :func:`dtype_expr`'s conversions, by the dtype object's identity (the object is kept,
#: so its id is not reused while it is here).
_DTYPE_EXPRS: OrderedDict[int, tuple[pl.DataType, pl.DataTypeExpr]] = OrderedDict()
DTYPE_EXPR_CACHE_SIZE = 8


def dtype_expr(dtype: pl.DataType) -> pl.DataType | pl.DataTypeExpr:
    """``dtype`` for ``Expr.cast``, converted once per Enum object.

    ``Expr.cast`` converts its dtype to Polars' own on every call, which for an Enum means
    copying every category: 3 ms for the 18,000 area codes of the country, some 25 ms of
    every national recompute (measured) for a dozen casts to the same Enum.
    """
    if not isinstance(dtype, pl.Enum):
        return dtype
    found = _DTYPE_EXPRS.get(id(dtype))
    if found is not None and found[0] is dtype:
        _DTYPE_EXPRS.move_to_end(id(dtype))
        return found[1]
    converted = dtype.to_dtype_expr()
    _DTYPE_EXPRS[id(dtype)] = (dtype, converted)
    while len(_DTYPE_EXPRS) > DTYPE_EXPR_CACHE_SIZE:
        _DTYPE_EXPRS.popitem(last=False)
    return converted


@dataclass(frozen=True)
class Columns:
    """The indicator x period of every matrix row, sorted by indicator (Enum order), period."""

    indicator: np.ndarray  # int64 physical value in ``dtype``
    period: np.ndarray  # int64
    dtype: pl.Enum  # the indicator Enum

    @property
    def n(self) -> int:
        return len(self.indicator)

    def indicators(self, rows: np.ndarray | pl.Series) -> pl.Series:
        codes = pl.Series(self.dtype.categories).cast(self.dtype)
        if isinstance(rows, pl.Series):
            return codes.gather(pl.Series(self.indicator).gather(rows))
        return codes.gather(self.indicator[rows])

    def periods(self, rows: pl.Series) -> pl.Series:
        return pl.Series(self.period).gather(rows)

    def previous(self, has_value: np.ndarray) -> np.ndarray:
        """Per row: the row of the same indicator's latest earlier period with any value
        (``has_value`` per row), -1 when there is none."""
        out = np.full(self.n, -1, dtype=np.int64)
        last: dict[int, int] = {}
        for row in range(self.n):  # one step per indicator x period, not per area
            ind = int(self.indicator[row])
            out[row] = last.get(ind, -1)
            if has_value[row]:
                last[ind] = row
        return out

    def row_of(self) -> dict[tuple[int, int], int]:
        return {
            (int(i), int(p)): r
            for r, (i, p) in enumerate(zip(self.indicator, self.period, strict=True))
        }


@dataclass(frozen=True)
class Cells:
    """Where each row of a long frame sits in the matrices: flat index, -1 = off the grid."""

    flat: np.ndarray
    n_areas: int
    everywhere: bool = False  # every row is on the grid

    @property
    def row(self) -> np.ndarray:
        return np.where(self.flat >= 0, self.flat // max(self.n_areas, 1), -1)

    def known(self) -> np.ndarray:
        return self.flat >= 0

    def lookup(self, matrix: np.ndarray, missing: float = np.nan) -> np.ndarray:
        known = self.known()
        out = np.full(self.flat.shape, missing, dtype=np.result_type(matrix.dtype, type(missing)))
        out[known] = matrix.ravel()[self.flat[known]]
        return out


def locate(frame: pl.DataFrame, axis: Axis, dtype: pl.Enum) -> tuple[Columns, Cells]:
    """Columns (indicator x period combinations present) and the cell of every row of a
    frame with ``indicator``, ``period`` and ``area`` (str or Enum).

    Indicators outside ``dtype`` and areas off the axis get -1. Periods must lie in
    [1900, 5996).
    """
    period = pl.col("period").cast(pl.Int64)
    bounds = frame.select(low=period.min(), high=period.max()).row(0)
    if bounds[0] is not None and (
        bounds[0] < PERIOD_BASE or bounds[1] >= PERIOD_BASE + PERIOD_SPAN
    ):
        raise ContractError("periods must be years between 1900 and 5995")
    # the string look-ups dominate: two lazy frames, which collect_all runs in parallel
    lazy = frame.lazy()
    keys, places = pl.collect_all(
        [
            lazy.select(
                key=(
                    _physical_expr("indicator", frame.schema["indicator"], dtype, missing=None)
                    * PERIOD_SPAN
                    + (period - PERIOD_BASE)
                ).fill_null(-1)
            ),
            lazy.select(pos=_physical_expr("area", frame.schema["area"], axis.dtype)),
        ]
    )
    key = keys["key"].to_numpy()
    pos = places["pos"].to_numpy()
    ok = (key >= 0) & (pos >= 0)
    everywhere = bool(ok.all())
    table = np.zeros(max(len(dtype.categories), 1) * PERIOD_SPAN, dtype=bool)
    table[key if everywhere else key[ok]] = True
    present = np.flatnonzero(table)
    lut = np.full(table.size, -1, dtype=np.int64)
    lut[present] = np.arange(present.size)
    if everywhere:
        flat = lut[key] * axis.n + pos
    else:
        flat = np.where(ok, lut[np.where(ok, key, 0)] * axis.n + pos, -1)
    columns = Columns(
        indicator=present // PERIOD_SPAN,
        period=present % PERIOD_SPAN + PERIOD_BASE,
        dtype=dtype,
    )
    return columns, Cells(flat=flat, n_areas=axis.n, everywhere=everywhere)


def _physical_expr(
    name: str, current: pl.DataType, enum: pl.DataType, missing: int | None = -1
) -> pl.Expr:
    expr = pl.col(name)
    if current != enum:
        expr = expr.cast(pl.String).cast(dtype_expr(enum), strict=False)
    expr = expr.to_physical().cast(pl.Int64)
    return expr if missing is None else expr.fill_null(missing)


def positions(series: pl.Series, enum: pl.DataType) -> np.ndarray:
    """Physical values of ``series`` in ``enum`` (str or Enum input), -1 outside it."""
    return (
        series.to_frame("x").select(_physical_expr("x", series.dtype, enum)).to_series().to_numpy()
    )


def scatter(cells: Cells, values: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Matrix of ``shape`` with ``values`` (NaN = missing) at the cells; NaN elsewhere."""
    out = np.full(shape, np.nan)
    if cells.everywhere:
        out.ravel()[cells.flat] = values
    else:
        known = cells.known()
        out.ravel()[cells.flat[known]] = values[known]
    return out


def marks(cells: Cells, shape: tuple[int, int]) -> np.ndarray:
    """Boolean matrix: True at the cells."""
    out = np.zeros(shape, dtype=bool)
    out.ravel()[cells.flat if cells.everywhere else cells.flat[cells.known()]] = True
    return out


def values_of(series: pl.Series) -> np.ndarray:
    """Float64 NumPy array with NaN for null."""
    return series.cast(pl.Float64).to_numpy()


def float_series(values: np.ndarray) -> pl.Series:
    """Float64 Series with null for NaN."""
    return pl.Series(values=np.asarray(values, dtype=np.float64), nan_to_null=True)


@dataclass(frozen=True)
class Selection:
    """Cells of (rows, areas) matrices, in C order (matrix row, then area) unless built in
    another order: the rows of a long output frame.

    Values are taken in Polars, many columns at once (:meth:`frame`): its allocator keeps
    and reuses memory, where every large NumPy temporary costs fresh pages, and it takes
    the columns in parallel.
    """

    flat: pl.Series  # flat index into a (rows, areas) matrix
    n_areas: int
    mask: pl.Series | None = None  # the same cells as a flat boolean mask, when known
    counts: np.ndarray | None = None  # cells per matrix row, when in C order

    @property
    def size(self) -> int:
        return self.flat.len()

    @cached_property
    def rows(self) -> pl.Series:
        if self.counts is not None:  # C order: each row's cells are one run
            return pl.Series(np.repeat(np.arange(self.counts.size, dtype=np.int64), self.counts))
        return self.flat // max(self.n_areas, 1)

    @cached_property
    def areas(self) -> pl.Series:
        return self.flat - self.rows * self.n_areas

    def per_row(self, values: np.ndarray | pl.Series) -> pl.Series:
        """A value per matrix row (a column's period, polarity) for every cell."""
        if self.counts is not None and isinstance(values, np.ndarray):
            return pl.Series(np.repeat(values, self.counts))  # C order: no gather
        return _series(values).gather(self.rows)

    def frame(
        self, floats: dict[str, np.ndarray], raw: dict[str, np.ndarray] | None = None
    ) -> pl.DataFrame:
        """The cells of several matrices at once: ``floats`` with null for NaN, ``raw`` as
        they are."""
        matrices = {**floats, **(raw or {})}
        source = pl.DataFrame(
            [pl.Series(name, np.ascontiguousarray(m).reshape(-1)) for name, m in matrices.items()]
        )
        taken = source.filter(self.mask) if self.mask is not None else source.gather(self.flat)
        return taken.with_columns(pl.col(list(floats)).fill_nan(None)) if floats else taken


def _series(values: np.ndarray | pl.Series) -> pl.Series:
    if isinstance(values, pl.Series):
        return values
    return pl.Series(np.ascontiguousarray(values))


def select(mask: np.ndarray) -> Selection:
    """The True cells of a (rows, areas) mask."""
    n_areas = mask.shape[1]
    flat_mask = pl.Series(np.ascontiguousarray(mask, dtype=bool).reshape(-1))
    return Selection(
        flat=flat_mask.arg_true().cast(pl.Int64),
        n_areas=n_areas,
        mask=flat_mask,
        counts=np.count_nonzero(mask, axis=1) if mask.ndim == 2 else None,
    )


def cells_of(flat: np.ndarray, n_areas: int) -> Selection:
    return Selection(flat=pl.Series(flat, dtype=pl.Int64), n_areas=n_areas)


def gather_rows(matrix: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``matrix[rows]`` with NaN rows where ``rows`` is -1."""
    out = matrix[np.where(rows < 0, 0, rows)]
    out[rows < 0] = np.nan
    return out


def parent_values(matrix: np.ndarray, parents: np.ndarray, cells: Selection) -> pl.Series:
    """Per selected cell: the value of the area's parent (``parents`` by area position) in
    the same matrix row; null where the parent is -1 or has no value."""
    parent = pl.Series(parents).gather(cells.areas)
    flat = cells.rows * matrix.shape[1] + parent.set(parent < 0, None)
    return _series(matrix.reshape(-1)).gather(flat).fill_nan(None)


def average_ranks(sub: np.ndarray) -> np.ndarray:
    """0-based rank of every value within its row, ties averaged; NaN stays NaN."""
    if not sub.size:
        return np.full(sub.shape, np.nan)
    # one column per row, taken as it is (no copy with NaN to null per column: 4 of the
    # 20 ms of the country's buurten); NaN to null inside the ranking expression
    frame = pl.DataFrame([pl.Series(str(i), sub[i]) for i in range(sub.shape[0])])
    ranks = frame.select(pl.all().fill_nan(None).rank("average") - 1.0).to_numpy().T
    return ranks if ranks.flags.writeable else ranks.copy()


def member_index(members: np.ndarray) -> np.ndarray | slice:
    """A slice when the positions are one contiguous run (a view instead of a copy)."""
    if members.size and members[-1] - members[0] + 1 == members.size:
        return slice(int(members[0]), int(members[-1]) + 1)
    return members


@dataclass(frozen=True)
class Grid:
    """Values of a long frame as a (columns, areas) matrix, plus where its rows were."""

    axis: Axis
    columns: Columns
    values: np.ndarray  # float64, NaN = missing
    observed: np.ndarray  # bool: the long frame has a row here (its value may be missing)
    cells: Cells  # per input row

    def matrix(self, series: pl.Series) -> np.ndarray:
        """Another column of the same long frame as a matrix."""
        return scatter(self.cells, values_of(series), self.values.shape)


def grid_from_long(frame: pl.DataFrame, axis: Axis, dtype: pl.Enum, value: str = "value") -> Grid:
    """Scatter ``frame[value]`` (rows ``indicator, period, area``) onto the grid.

    Should two rows share a cell, the later one wins.
    """
    columns, cells = locate(frame, axis, dtype)
    shape = (columns.n, axis.n)
    return Grid(
        axis=axis,
        columns=columns,
        values=scatter(cells, values_of(frame[value]), shape),
        observed=marks(cells, shape),
        cells=cells,
    )


def indicator_dtype(frame: pl.DataFrame, indicators: pl.DataFrame | None = None) -> pl.Enum:
    """The indicator Enum of a long frame, else one over ``indicators["code"]``."""
    dtype = frame.schema["indicator"]
    if isinstance(dtype, pl.Enum):
        return dtype
    if indicators is not None:
        return pl.Enum(indicators["code"].cast(pl.String))
    return pl.Enum(frame["indicator"].cast(pl.String).drop_nulls().unique().sort())


def polarity_of(columns: Columns, indicators: pl.DataFrame) -> np.ndarray:
    """Polarity per matrix row (0 for unknown indicators)."""
    categories = list(columns.dtype.categories)
    table = dict(
        zip(
            indicators["code"].cast(pl.String).to_list(),
            indicators["polarity"].to_list(),
            strict=True,
        )
    )
    per_indicator = np.array([float(table.get(c, 0)) for c in categories] or [0.0])
    return per_indicator[columns.indicator] if columns.n else np.zeros(0)


def area_major(mask: np.ndarray, order: np.ndarray) -> Selection:
    """The True cells of a (rows, areas) mask in area order and, within an area, in the
    order of the matrix rows listed in ``order`` (rows left out are skipped).

    The stored frames are sorted by area (pages find an area's rows by binary search):
    taking the cells in that order from the matrices costs one transposed mask, where
    sorting the long rows afterwards costs a multi-key sort of every column.
    """
    n_rows, n_areas = order.size, mask.shape[1]
    found = np.flatnonzero(mask[order].T)  # areas x ordered rows
    area = found // max(n_rows, 1)
    row = order[found - area * n_rows]
    selection = Selection(flat=pl.Series(row * n_areas + area), n_areas=n_areas)
    # both are known here: fill the cached properties instead of dividing again
    selection.__dict__["rows"] = pl.Series(row)
    selection.__dict__["areas"] = pl.Series(area)
    return selection

"""CBS region codes: validation and the parent of a code (pure functions)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .constants import LEVEL_BY_PREFIX, AreaLevel

if TYPE_CHECKING:  # Polars is imported by the helpers that need it, not by web processes
    import polars as pl

# GM + 4 digits; WK + gemeente digits + 2 characters; BU + wijk part + 2 characters.
# Since 2023 some gemeenten use letters (WK0363AD, BU0363AD03).
CODE_PATTERN = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")


class InvalidCode(ValueError):
    pass


def normalise_code(raw: str) -> str:
    """Trim the padding CBS files carry (``'GM0344    '``) and upper-case."""
    return (raw or "").strip().upper()


def level_of(code: str) -> AreaLevel:
    if not CODE_PATTERN.match(code):
        raise InvalidCode(code)
    return AreaLevel(LEVEL_BY_PREFIX[code[:2]])


def parent_code(code: str) -> str | None:
    """The code of the enclosing area: buurt → wijk → gemeente → None."""
    level = level_of(code)
    if level == AreaLevel.NEIGHBOURHOOD:
        return "WK" + code[2:8]
    if level == AreaLevel.DISTRICT:
        return "GM" + code[2:6]
    return None


def municipality_code(code: str) -> str:
    level_of(code)
    return "GM" + code[2:6]


# --- column-wise (Polars) twins of the functions above, for the bulk importers ---------
# Only for ASCII codes: Python's ``\d`` also matches other digits, ``[0-9]`` does not, so
# callers check ASCII first (the region importer falls back to the row-wise parser).
CODE_PATTERN_ASCII = r"^(GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$"


def code_is_valid_expr(code: pl.Expr) -> pl.Expr:
    """True where an (ASCII, normalised) code matches :data:`CODE_PATTERN`."""
    return code.str.contains(CODE_PATTERN_ASCII)


def level_expr(code: pl.Expr) -> pl.Expr:
    """:func:`level_of` for a column of valid codes (AreaLevel values as strings)."""
    import polars as pl

    return code.str.slice(0, 2).replace_strict(
        {prefix: level.value for prefix, level in LEVEL_BY_PREFIX.items()},
        default=None,
        return_dtype=pl.String,
    )


def parent_code_expr(code: pl.Expr) -> pl.Expr:
    """:func:`parent_code` for a column of valid codes (null for a gemeente)."""
    import polars as pl

    prefix = code.str.slice(0, 2)
    return (
        pl.when(prefix == "BU")
        .then(pl.lit("WK") + code.str.slice(2, 6))
        .when(prefix == "WK")
        .then(pl.lit("GM") + code.str.slice(2, 4))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def municipality_code_expr(code: pl.Expr) -> pl.Expr:
    """:func:`municipality_code` for a column of valid codes."""
    import polars as pl

    return pl.lit("GM") + code.str.slice(2, 4)

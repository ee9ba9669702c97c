"""Reading numbers: which separator is the decimal one in "1,234", decided per file.

Most numbers say it themselves: "1,7", "0,125", "1.234,5", "1.234.567" are Dutch
(decimal comma); "1.7", "0.125", "1,234.5", "1,234,567" English (decimal point); "17",
"-3", "1e5" have no separator. Only "1,234" and "1.234" (a digit 1-9, at most three
digits, one separator, exactly three digits) could be either: 1.234 in a Dutch file,
1234 in an English one. So the file decides: its other numbers are evidence for one
convention, and an ambiguous cell is read in that convention. A file with an ambiguous
cell and no evidence, or evidence for both, is refused, naming the cells. Anything else
with separators ("12,34,5", "1.2.3") is not a number. Pure Polars, no Django: a national
file has millions of cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl

SIGN = r"^[+-]?"
EXP = r"([eE][+-]?\d+)?$"
NO_SEPARATOR = SIGN + r"(\d+)" + EXP
COMMA_DECIMAL = SIGN + r"(\d*,\d+)" + EXP  # minus the ambiguous ones
DOT_DECIMAL = SIGN + r"(\d*\.\d+)" + EXP  # minus the ambiguous ones
DUTCH_GROUPED = SIGN + r"(\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,})" + EXP
ENGLISH_GROUPED = SIGN + r"(\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,})" + EXP
AMBIGUOUS_COMMA = SIGN + r"[1-9]\d{0,2},\d{3}$"
AMBIGUOUS_DOT = SIGN + r"[1-9]\d{0,2}\.\d{3}$"


class Convention(StrEnum):
    DUTCH = "dutch"  # 1.234,5
    ENGLISH = "english"  # 1,234.5
    NONE = "none"  # no number in the file says


@dataclass(frozen=True)
class Cell:
    """Where a number stands: 1-based row (header = 1), column name, text."""

    row: int
    column: str
    text: str


class SeparatorError(ValueError):
    """An ambiguous cell ("1,234") in a file whose other numbers do not say which
    separator is the decimal one: no evidence (``dutch``/``english`` None) or both."""

    def __init__(self, cell: Cell, dutch: Cell | None = None, english: Cell | None = None):
        self.cell = cell
        self.dutch = dutch
        self.english = english
        super().__init__(cell, dutch, english)


def _ambiguous(text: pl.Expr) -> pl.Expr:
    return text.str.contains(AMBIGUOUS_COMMA) | text.str.contains(AMBIGUOUS_DOT)


def _dutch(text: pl.Expr) -> pl.Expr:
    return (text.str.contains(COMMA_DECIMAL) & ~_ambiguous(text)) | text.str.contains(DUTCH_GROUPED)


def _english(text: pl.Expr) -> pl.Expr:
    return (text.str.contains(DOT_DECIMAL) & ~_ambiguous(text)) | text.str.contains(ENGLISH_GROUPED)


def _first(frame: pl.DataFrame, condition: pl.Expr) -> Cell | None:
    hits = frame.filter(condition)
    if not hits.height:
        return None
    first = hits.sort("row", "column").row(0, named=True)
    return Cell(first["row"], first["column"], first["raw"])


def detect_convention(cells: pl.DataFrame) -> Convention:
    """The convention for the file's ambiguous cells, from its numeric cells (columns
    ``raw``, ``row``, ``column``). :class:`SeparatorError` when an ambiguous cell cannot
    be read: no evidence, or evidence for both conventions."""
    text = pl.col("raw").str.strip_chars()
    ambiguous = _first(cells, _ambiguous(text))
    if ambiguous is None:
        return Convention.NONE  # nothing to decide: every cell says it itself
    dutch = _first(cells, _dutch(text))
    english = _first(cells, _english(text))
    if bool(dutch) == bool(english):
        raise SeparatorError(ambiguous, dutch, english)
    return Convention.DUTCH if dutch else Convention.ENGLISH


def to_number(text: pl.Expr, convention: Convention) -> pl.Expr:
    """Text → Float64: each cell by its own form, an ambiguous one in ``convention``;
    null where it is not a number ("12,34,5", "1.2.3", letters)."""
    text = text.str.strip_chars()
    without_dots = text.str.replace_all(".", "", literal=True)
    as_dutch = without_dots.str.replace(",", ".", literal=True)
    as_english = text.str.replace_all(",", "", literal=True)
    ambiguous = as_dutch if convention == Convention.DUTCH else as_english
    return (
        pl.when(text.str.contains(NO_SEPARATOR))
        .then(text)
        .when(_ambiguous(text))
        .then(ambiguous if convention != Convention.NONE else None)
        .when(text.str.contains(COMMA_DECIMAL) | text.str.contains(DUTCH_GROUPED))
        .then(as_dutch)
        .when(text.str.contains(DOT_DECIMAL) | text.str.contains(ENGLISH_GROUPED))
        .then(as_english)
        .when(~text.str.contains(r"[.,]"))
        .then(text)  # "inf", "nan", letters: the cast decides, the caller refuses
        .otherwise(None)
        .cast(pl.Float64, strict=False)
    )

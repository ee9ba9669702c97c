"""Cells for spreadsheet exports that a spreadsheet cannot run as formulas.

An area or indicator name starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) becomes a live formula when a CSV or XLSX file is opened ("CSV
injection", OWASP). Every CSV and XLSX export writes its cells through this module:

* CSV: such text gets a leading apostrophe (OWASP's advice), :func:`csv_cell`;
* XLSX: such text is written as a string cell with Excel's quote prefix, so it shows
  unchanged and stays text when edited, :func:`xlsx_row`.

Real numbers stay numbers (``-3`` is not text), and so does text that is only a number
(``"-3.5"`` cannot run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet could read ``value`` as a formula: text that starts with
    one of :data:`FORMULA_STARTS` and is not just a number."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: formula-like text gets a leading ``'``; None is empty."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + value
    return value


def xlsx_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row for an openpyxl (write-only) ``sheet.append``: formula-like text as a
    string cell with the quote prefix; everything else as it is."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl makes any "=…" a formula
            cell.quotePrefix = True
            value = cell
        row.append(value)
    return row

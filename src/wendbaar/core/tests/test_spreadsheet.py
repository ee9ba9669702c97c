"""Spreadsheet cells that cannot run as formulas (CSV/XLSX injection, OWASP)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from wendbaar.core.spreadsheet import csv_cell, is_formula_like, xlsx_row


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://x","y")', "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_like_text_is_escaped_in_csv(text):
    assert is_formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Noordstad", "a=b", "", "-3", "-3.5", "+1,5", "-1e3", -3, -3.5, 0, None]
)
def test_names_and_numbers_stay_as_they_are(value):
    assert not is_formula_like(value)
    assert csv_cell(value) == ("" if value is None else value)


def test_xlsx_writes_formula_like_text_as_text_and_numbers_as_numbers():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("t")
    sheet.append(xlsx_row(sheet, ["=1+1", "@SUM(A1)", -3, 2.5, "-4", "Noordstad", None]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = load_workbook(io.BytesIO(buffer.getvalue()))["t"][1]
    assert [c.value for c in cells[:6]] == ["=1+1", "@SUM(A1)", -3, 2.5, "-4", "Noordstad"]
    assert [c.data_type for c in cells[:6]] == ["s", "s", "n", "n", "s", "s"]
    assert cells[0].quotePrefix and cells[1].quotePrefix
    assert len(cells) == 6  # a trailing empty cell is not written

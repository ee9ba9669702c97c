"""Decimal and thousands separators, decided per file: hand-computed cases.

Each case is the numeric cells of one file (one column "v", rows 2, 3, …) and what they
read as. "1,234" is the only kind of cell the file must decide: 1.234 when the file's
other numbers use a decimal comma, 1234 when they use a decimal point, refused when
they show neither or both.
"""

from __future__ import annotations

import polars as pl
import pytest

from wendbaar.monitor.importing.numbers import (
    Cell,
    Convention,
    SeparatorError,
    detect_convention,
    to_number,
)


def cells(*texts: str) -> pl.DataFrame:
    return pl.DataFrame(
        {"raw": list(texts), "row": list(range(2, 2 + len(texts))), "column": ["v"] * len(texts)}
    )


def read(*texts: str) -> list[float | None]:
    frame = cells(*texts)
    convention = detect_convention(frame)
    return frame.select(to_number(pl.col("raw"), convention))["raw"].to_list()


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # Cells that say it themselves, whatever the rest of the file.
        (("17", "-3", "+4", "1e5", " 12 "), [17.0, -3.0, 4.0, 100_000.0, 12.0]),
        (("1,7", "0,125", "1.234,5", "1.234.567"), [1.7, 0.125, 1234.5, 1_234_567.0]),
        (("1.7", "0.125", "1,234.5", "1,234,567"), [1.7, 0.125, 1234.5, 1_234_567.0]),
        (("7,4", "7.9"), [7.4, 7.9]),  # mixed, but nothing ambiguous: each cell is clear
        (("1234,567", "0,123", "-12,5"), [1234.567, 0.123, -12.5]),
        # An ambiguous cell read in the file's convention.
        (("1,234", "2.5"), [1234.0, 2.5]),  # decimal point elsewhere: comma groups
        (("1,234", "2,5"), [1.234, 2.5]),  # decimal comma elsewhere: comma is decimal
        (("1.234", "2,5"), [1234.0, 2.5]),  # decimal comma elsewhere: dot groups
        (("1.234", "0.5"), [1.234, 0.5]),
        (("-1,234", "1,234,567"), [-1234.0, 1_234_567.0]),  # thousands comma elsewhere
        (("999,999", "1.000.000"), [999.999, 1_000_000.0]),  # thousands dot elsewhere
        # Not numbers: the caller refuses them with row and column.
        (("12,34,5", "1.2.3", "1,2.3", "12 345", "abc", "1,5", "1.5"), [None] * 5 + [1.5, 1.5]),
    ],
)
def test_cells_read_as(texts, expected):
    assert read(*texts) == expected


def test_non_finite_text_reads_as_non_finite():
    values = read("inf", "-inf", "1e309", "nan")
    assert values[:3] == [float("inf"), float("-inf"), float("inf")]
    assert values[3] != values[3]  # nan: refused by the caller as not finite


def test_convention_found():
    assert detect_convention(cells("1,234", "2,5")) == Convention.DUTCH
    assert detect_convention(cells("1,234", "2.5")) == Convention.ENGLISH
    assert detect_convention(cells("7,4", "7.9")) == Convention.NONE  # nothing to decide


def test_ambiguous_without_evidence_names_the_cell():
    with pytest.raises(SeparatorError) as info:
        detect_convention(cells("17", "3", "1,234", "5,678"))
    assert info.value.cell == Cell(4, "v", "1,234")
    assert info.value.dutch is None and info.value.english is None


def test_ambiguous_with_evidence_for_both_names_all_three_cells():
    with pytest.raises(SeparatorError) as info:
        detect_convention(cells("2,5", "1.234", "7.25"))
    error = info.value
    assert error.cell == Cell(3, "v", "1.234")
    assert error.dutch == Cell(2, "v", "2,5")
    assert error.english == Cell(4, "v", "7.25")


def test_evidence_counts_across_columns():
    frame = pl.DataFrame({"raw": ["1,234", "3.14"], "row": [2, 2], "column": ["a_inw", "g_hhgro"]})
    assert detect_convention(frame) == Convention.ENGLISH

"""The column-wise (Polars) code helpers agree with the row-wise functions."""

import polars as pl
import pytest

from wendbaar.areas.codes import (
    CODE_PATTERN,
    code_is_valid_expr,
    level_expr,
    level_of,
    municipality_code,
    municipality_code_expr,
    parent_code,
    parent_code_expr,
)

CODES = ["GM0344", "WK034401", "BU03440111", "WK0363AD", "BU0363AD03", "GM034", "BU0344-111"]
CODES += ["wk034401", "XX0344", "", "GM03441", "NL01"]


def test_validity_agrees_with_the_pattern():
    frame = pl.DataFrame({"code": CODES}).select(valid=code_is_valid_expr(pl.col("code")))
    assert frame["valid"].to_list() == [bool(CODE_PATTERN.match(code)) for code in CODES]


@pytest.mark.parametrize("code", [c for c in CODES if CODE_PATTERN.match(c)])
def test_level_parent_and_municipality_agree(code):
    row = (
        pl.DataFrame({"code": [code]})
        .select(
            level=level_expr(pl.col("code")),
            parent=parent_code_expr(pl.col("code")),
            municipality=municipality_code_expr(pl.col("code")),
        )
        .row(0)
    )
    assert row == (level_of(code).value, parent_code(code), municipality_code(code))

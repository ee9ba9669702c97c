import pytest

from wendbaar.areas.codes import (
    InvalidCode,
    level_of,
    municipality_code,
    normalise_code,
    parent_code,
)
from wendbaar.areas.constants import AreaLevel


def test_padding_is_trimmed_and_upper_cased():
    assert normalise_code("GM0344    ") == "GM0344"
    assert normalise_code(" bu03440111 ") == "BU03440111"
    assert normalise_code(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("GM0344", AreaLevel.MUNICIPALITY, None),
        ("WK034401", AreaLevel.DISTRICT, "GM0344"),
        ("BU03440111", AreaLevel.NEIGHBOURHOOD, "WK034401"),
        # Letters since 2023 (Amsterdam re-coded its wijken and buurten).
        ("WK0363AD", AreaLevel.DISTRICT, "GM0363"),
        ("BU0363AD03", AreaLevel.NEIGHBOURHOOD, "WK0363AD"),
    ],
)
def test_levels_and_parents(code, level, parent):
    assert level_of(code) == level
    assert parent_code(code) == parent
    assert municipality_code(code) == code[:0] + "GM" + code[2:6]


@pytest.mark.parametrize(
    "code", ["", "GM344", "GM03440", "WK0344", "BU034401", "BU0344-111", "NL01", "gm0344"]
)
def test_invalid_codes(code):
    with pytest.raises(InvalidCode):
        level_of(code)

import pytest

from wendbaar.areas.constants import AreaLevel

from .factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_traits_build_a_consistent_hierarchy():
    buurt = AreaFactory(neighbourhood=True)
    wijk, gemeente = buurt.parent, buurt.parent.parent
    assert (gemeente.level, wijk.level, buurt.level) == (
        AreaLevel.MUNICIPALITY,
        AreaLevel.DISTRICT,
        AreaLevel.NEIGHBOURHOOD,
    )
    assert buurt.code.startswith("BU" + wijk.code[2:]) and wijk.code.startswith(
        "WK" + gemeente.code[2:]
    )
    assert buurt.municipality_code == wijk.municipality_code == gemeente.code
    assert AreaFactory(district=True, parent=gemeente).parent == gemeente

"""Area factories. Codes are generated from GM5000 upwards, clear of real gemeente codes.

AreaFactory()                    # a gemeente
AreaFactory(district=True)       # a wijk in a new gemeente
AreaFactory(neighbourhood=True)  # a buurt in a new wijk in a new gemeente
AreaFactory(neighbourhood=True, parent=wijk)
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from wendbaar.areas.codes import municipality_code
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area


def _code(area: object, n: int) -> str:
    level, parent = area.level, area.parent  # type: ignore[attr-defined]
    if level == AreaLevel.MUNICIPALITY:
        return f"GM{5000 + n % 4000:04d}"
    if level == AreaLevel.DISTRICT:
        return f"WK{parent.code[2:6]}{n % 100:02d}"
    return f"BU{parent.code[2:8]}{n % 100:02d}"


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    level = AreaLevel.MUNICIPALITY
    parent = None
    code = factory.LazyAttributeSequence(_code)
    name = factory.LazyAttribute(lambda o: f"{AreaLevel(o.level).label} {o.code}")
    municipality_code = factory.LazyAttribute(lambda o: municipality_code(o.code))
    province = "Utrecht"
    first_year = 2024
    last_year = 2024
    source = "factory"

    class Params:
        municipality = factory.Trait(level=AreaLevel.MUNICIPALITY, parent=None)
        district = factory.Trait(
            level=AreaLevel.DISTRICT,
            parent=factory.SubFactory("wendbaar.areas.tests.factories.AreaFactory"),
        )
        neighbourhood = factory.Trait(
            level=AreaLevel.NEIGHBOURHOOD,
            parent=factory.SubFactory("wendbaar.areas.tests.factories.AreaFactory", district=True),
        )

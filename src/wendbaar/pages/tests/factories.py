"""Areas with small real-looking RD New polygons (around Utrecht, x≈136000, y≈455000)."""

from __future__ import annotations

import factory

from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.tests.geometry import square


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{n + 9000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    level = AreaLevel.MUNICIPALITY
    municipality_code = factory.LazyAttribute(lambda o: "GM" + o.code[2:6])
    province = "Utrecht"
    first_year = 2024
    last_year = 2024
    source = "CBS Gebieden in Nederland 2024"
    geometry_source = "CBS Wijk- en Buurtkaart 2024"

    class Params:
        district = factory.Trait(level=AreaLevel.DISTRICT, province="")
        neighbourhood = factory.Trait(level=AreaLevel.NEIGHBOURHOOD, province="")


def build_utrecht() -> dict[str, Area]:
    """Gemeente Utrecht with two wijken and five buurten, all with polygons."""
    gm = AreaFactory(code="GM0344", name="Utrecht", geometry=square(134000, 454000, 2000))
    west = AreaFactory(
        code="WK034401",
        name="West",
        district=True,
        parent=gm,
        geometry=square(134000, 454000, 1000),
    )
    oost = AreaFactory(
        code="WK034402",
        name="Oost",
        district=True,
        parent=gm,
        geometry=square(135000, 454000, 1000),
    )
    areas = {"gm": gm, "west": west, "oost": oost}
    for key, code, name, parent, x, y in [
        ("lombok_oost", "BU03440101", "Lombok-Oost", west, 134000, 454000),
        ("lombok_west", "BU03440102", "Lombok-West", west, 134500, 454000),
        ("kanaleneiland", "BU03440103", "Kanaleneiland-Noord", west, 134000, 454500),
        ("wittevrouwen", "BU03440201", "Wittevrouwen", oost, 135000, 454000),
        ("lodewijk", "BU03440202", "Lodewijk Napoleonplantsoen", oost, 135500, 454000),
    ]:
        areas[key] = AreaFactory(
            code=code,
            name=name,
            neighbourhood=True,
            parent=parent,
            geometry=square(x, y, 500),
        )
    return areas

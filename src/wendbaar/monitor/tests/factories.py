"""Factories for the monitor, and a small synthetic country to compute on.

IndicatorFactory()                          # a "higher is better" safety indicator
IndicatorFactory(worse=True)                # higher is worse
IndicatorFactory(neutral=True, sensitive=True)
ObservationFactory(indicator=i, area=a, value=12.5)
ObservationFactory(indicator=i, area=a, secret=True)   # status secret, value None
"""

from __future__ import annotations

from dataclasses import dataclass, field

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from wendbaar.areas.models import Area
from wendbaar.areas.tests.factories import AreaFactory
from wendbaar.monitor.constants import (
    NATIONAL_CODE,
    Aggregation,
    ImportStatus,
    IndicatorKind,
    IndicatorRole,
    ObservationStatus,
    SourceKind,
)
from wendbaar.monitor.models import ImportRun, Indicator, Observation
from wendbaar.monitor.stored.store import StoredAnalysis


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indicator_{n}")
    name_nl = factory.LazyAttribute(lambda o: f"Indicator {o.code} (nl)")
    name_en = factory.LazyAttribute(lambda o: f"Indicator {o.code}")
    definition_nl = "Definitie."
    definition_en = factory.LazyAttribute(lambda o: f"Definition of {o.code}.")
    unit = "%"
    decimals = 1
    polarity = 1
    # An indicator with a polarity judges (an outcome) unless a test says it is context.
    role = factory.LazyAttribute(
        lambda o: IndicatorRole.OUTCOME if o.polarity else IndicatorRole.CONTEXT
    )
    themes = factory.LazyFunction(lambda: ["safety"])
    kind = IndicatorKind.SOURCE
    source = "Test source"
    source_table = "TEST01"
    in_registry = True
    aggregation = Aggregation.NONE

    class Params:
        worse = factory.Trait(polarity=-1)
        neutral = factory.Trait(polarity=0)
        context = factory.Trait(role=IndicatorRole.CONTEXT)
        count = factory.Trait(unit="count", decimals=0, aggregation=Aggregation.SUM)


class ImportRunFactory(DjangoModelFactory):
    class Meta:
        model = ImportRun

    source_kind = SourceKind.CUSTOM
    file_name = "factory.csv"
    status = ImportStatus.SUCCEEDED
    finished_at = factory.LazyFunction(timezone.now)
    data_version = factory.Sequence(lambda n: n + 1)


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.SubFactory(AreaFactory, neighbourhood=True)
    region_code = factory.LazyAttribute(lambda o: o.area.code if o.area else NATIONAL_CODE)
    period = 2024
    value = 10.0
    status = ObservationStatus.VALUE
    source_table = "TEST01"

    class Params:
        secret = factory.Trait(value=None, status=ObservationStatus.SECRET)
        suppressed = factory.Trait(value=None, status=ObservationStatus.SUPPRESSED)
        not_available = factory.Trait(value=None, status=ObservationStatus.NOT_AVAILABLE)


@dataclass
class World:
    """A small country: 3 gemeenten x 2 wijken x 5 buurten, figures for 2023 and 2024."""

    areas: dict[str, Area] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    run: ImportRun | None = None
    stored: StoredAnalysis | None = None  # set by the ``world`` fixture

    def buurten(self, gemeente: str) -> list[Area]:
        return [a for a in self.areas.values() if a.code.startswith("BU" + gemeente[2:])]


GEMEENTEN = {"GM9001": "Noordstad", "GM9002": "Zuiddorp", "GM9003": "Oosterveen"}


def square(x: float, y: float, size: float = 500.0) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def crime_rate(g: int, w: int, b: int, period: int) -> float:
    """Crimes per 1,000 in buurt b of wijk w of gemeente g: small changes everywhere, and
    a jump of +30 in 2024 in BU90010101 (from the best to the worst of the country)."""
    base = 20.0 + 7 * g + 3 * w + 2 * b
    drift = 0.5 * ((b % 3) - 1) * (period - 2023)
    rise = 30.0 if (g, w, b, period) == (0, 1, 1, 2024) else 0.0
    return base + drift + rise


def build_world(*, data_version: int = 1) -> World:
    """Areas, indicators and observations; one ImportRun with ``data_version``."""
    world = World()
    ind = world.indicators
    ind["crimes_per_1000"] = IndicatorFactory(
        code="crimes_per_1000", name_en="Crimes per 1,000", unit="per 1,000", worse=True
    )
    ind["good_health"] = IndicatorFactory(
        code="good_health", name_en="Good health", themes=["health"]
    )
    ind["share_65_plus"] = IndicatorFactory(
        code="share_65_plus", name_en="Share 65+", neutral=True, themes=["cohesion", "health"]
    )
    ind["urbanity"] = IndicatorFactory(
        code="urbanity", name_en="Urbanity", neutral=True, unit="class", decimals=0, themes=[]
    )
    ind["share_origin_outside_europe"] = IndicatorFactory(
        code="share_origin_outside_europe",
        name_en="Origin outside Europe",
        neutral=True,
        sensitive=True,
        themes=["cohesion"],
    )
    ind["crimes"] = IndicatorFactory(code="crimes", name_en="Crimes", count=True, worse=True)
    # A theme position needs two outcomes: each theme's second one orders the areas as its
    # first does (half the crime rate; 100 - good health), so positions stay hand-checkable.
    ind["feeling_unsafe"] = IndicatorFactory(
        code="feeling_unsafe", name_en="Feeling unsafe", worse=True
    )
    ind["poor_health"] = IndicatorFactory(
        code="poor_health", name_en="Poor health", worse=True, themes=["health"]
    )
    run = ImportRunFactory(data_version=data_version)
    world.run = run
    rows: list[Observation] = []

    def obs(indicator: str, area: Area | None, period: int, value, status="value") -> None:
        rows.append(
            Observation(
                indicator=ind[indicator],
                area=area,
                region_code=area.code if area else NATIONAL_CODE,
                period=period,
                value=value if status == "value" else None,
                status=status,
                source_table="TEST01",
                import_run=run,
            )
        )

    for g, (gm_code, gm_name) in enumerate(GEMEENTEN.items()):
        gm = AreaFactory(code=gm_code, name=gm_name, geometry=square(g * 5000, 0, 3000))
        world.areas[gm_code] = gm
        for w in (1, 2):
            wk = AreaFactory(
                code=f"WK{gm_code[2:]}{w:02d}",
                name=f"{gm_name} wijk {w}",
                district=True,
                parent=gm,
                geometry=square(g * 5000 + (w - 1) * 1500, 0, 1500),
            )
            world.areas[wk.code] = wk
            for b in range(1, 6):
                bu = AreaFactory(
                    code=f"BU{gm_code[2:]}{w:02d}{b:02d}",
                    name=f"{gm_name} {w}-{b}",
                    neighbourhood=True,
                    parent=wk,
                    geometry=square(g * 5000 + (w - 1) * 1500 + (b - 1) * 300, 0, 300),
                )
                world.areas[bu.code] = bu
                for period in (2023, 2024):
                    obs("crimes_per_1000", bu, period, crime_rate(g, w, b, period))
                    obs("good_health", bu, period, 60.0 + 2 * g + w + b + (period - 2023))
                    obs("crimes", bu, period, 10.0 * b + period - 2000)
                obs("share_65_plus", bu, 2024, 10.0 + g + 1.5 * b)
                obs("urbanity", bu, 2024, float(1 + (b % 3)))
                obs("share_origin_outside_europe", bu, 2024, 5.0 + b)
            for period in (2023, 2024):
                obs("crimes_per_1000", wk, period, 25.0 + 7 * g + 3 * w)
                obs("good_health", wk, period, 63.0 + 2 * g + w)
        for period in (2023, 2024):
            obs("crimes_per_1000", gm, period, 30.0 + 7 * g)
            obs("good_health", gm, period, 64.0 + 2 * g)
    obs("good_health", None, 2024, 70.0)
    obs("crimes_per_1000", None, 2024, 45.0)
    mirrors = {
        "crimes_per_1000": ("feeling_unsafe", 0.5, 0.0),
        "good_health": ("poor_health", -1, 100),
    }
    for row in list(rows):
        mirror = mirrors.get(row.indicator.code)
        if mirror:
            code, factor, offset = mirror
            obs(code, row.area, row.period, offset + factor * row.value)
    Observation.objects.bulk_create(rows)
    # Statuses that are not values: never shown as 0.
    first = world.areas["BU90010101"]
    Observation.objects.filter(
        indicator__in=[ind["good_health"], ind["poor_health"]], area=first, period=2024
    ).update(value=None, status=ObservationStatus.SECRET)
    Observation.objects.filter(
        indicator__in=[ind["crimes_per_1000"], ind["feeling_unsafe"]],
        area=world.areas["BU90010102"],
        period=2023,
    ).update(value=None, status=ObservationStatus.SUPPRESSED)
    return world


#: A buurt with too few inhabitants in :func:`world_with_inhabitants`.
SMALL_BUURT = "BU90010103"


def add_inhabitants(world, *, small: str = SMALL_BUURT, inhabitants: float = 120.0) -> None:
    """Inhabitants for every buurt (1,000) and wijk (5,000), ``inhabitants`` in ``small``:
    the eligibility rule then leaves ``small`` unjudged (too few inhabitants)."""
    from wendbaar.monitor.models import Observation

    population = IndicatorFactory(
        code="population", name_en="Inhabitants", count=True, neutral=True, themes=["cohesion"]
    )
    rows = []
    for area in world.areas.values():
        if area.level == "municipality":
            continue
        value = 5000.0 if area.level == "district" else 1000.0
        if area.code == small:
            value = inhabitants
        rows.append(
            Observation(
                indicator=population,
                area=area,
                region_code=area.code,
                period=2024,
                value=value,
                status="value",
                source_table="TEST01",
                import_run=world.run,
            )
        )
    Observation.objects.bulk_create(rows)

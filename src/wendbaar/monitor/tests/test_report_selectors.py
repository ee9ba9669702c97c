"""The figures a council report takes from the monitor: one year's figure over areas, a
series, the reference group of areas and its change between two years, by hand.

The toy country (two gemeenten, four wijken, seven buurten) has a stored analysis whose
reference groups are written out below, so every expected group and figure is counted
by hand rather than read back from the analysis.
"""

from __future__ import annotations

import polars as pl
import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from wendbaar.accounts.models import RoleAssignment
from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.areas.tests.factories import AreaFactory
from wendbaar.monitor.constants import Aggregation, Derivation
from wendbaar.monitor.models import Observation
from wendbaar.monitor.selectors import (
    AggregateValue,
    Hidden,
    ReferenceChange,
    latest_values,
    reference_areas,
    reference_change,
    series,
    value_in,
)
from wendbaar.monitor.stored.inputs import area_frame
from wendbaar.monitor.stored.store import AnalysisKey, save_analysis

from .factories import ImportRunFactory, IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

WK1, WK2, WK3, WK4 = "WK900101", "WK900102", "WK900201", "WK900202"
# The approach's own buurten (in WK1) and the four buurten of WK1's reference group.
OWN1, OWN2 = "BU90010101", "BU90010102"
R1, R2, R3, R4 = "BU90010201", "BU90020101", "BU90020102", "BU90020103"
R5 = "BU90020201"  # in the group of R1 only

#: buurt → its reference group (most similar first), as the analysis would store it.
PEERS = {
    OWN1: [R2, R3, OWN2],  # OWN2 lies in WK1 itself: never its own reference
    OWN2: [R3, R4, R1],
    R1: [R5, OWN1],
    R2: [OWN1],
}
KWB = "CBS, Kerncijfers wijken en buurten"


@pytest.fixture
def anonymous():
    return AnonymousUser()


def reader(*municipalities):
    """A user holding the sensitivity permission in whole gemeenten, through roles."""
    role, _ = Group.objects.get_or_create(name="test reader")
    role.permissions.add(
        Permission.objects.get(content_type__app_label="accounts", codename="view_restricted")
    )
    user = UserFactory()
    for municipality in municipalities:
        RoleAssignment.objects.create(user=user, role=role, municipality=municipality)
    return user


@pytest.fixture
def areas():
    made = {}
    for gm_code, wijken in {"GM9001": (WK1, WK2), "GM9002": (WK3, WK4)}.items():
        gm = made[gm_code] = AreaFactory(code=gm_code, municipality=True)
        for wk_code in wijken:
            made[wk_code] = AreaFactory(code=wk_code, district=True, parent=gm)
    for code in (OWN1, OWN2, R1, R2, R3, R4, R5):
        made[code] = AreaFactory(code=code, neighbourhood=True, parent=made["WK" + code[2:8]])
    return made


@pytest.fixture
def stored(areas):
    """A stored analysis with the reference groups of :data:`PEERS` (what the selectors
    read of it: the areas and the peers)."""
    run = ImportRunFactory(data_version=1)
    rows = [
        (area, peer, rank, float(rank))
        for area, peers in PEERS.items()
        for rank, peer in enumerate(peers, start=1)
    ]
    peers = pl.DataFrame(
        rows,
        schema={"area": pl.String, "peer": pl.String, "rank": pl.Int32, "distance": pl.Float64},
        orient="row",
    )
    key = AnalysisKey.for_run(run.data_version, run.id, run.started_at)
    return save_analysis(key, {"areas": area_frame(), "peers": peers})


@pytest.fixture
def catalogue(areas):
    """Figures for 2022-2024, written out by hand."""
    population = IndicatorFactory(
        code="population", unit="count", decimals=0, aggregation=Aggregation.SUM
    )
    homes = IndicatorFactory(
        code="homes",
        unit="count",
        decimals=0,
        aggregation=Aggregation.SUM,
        source=KWB,
        source_table="85984NED",
    )
    benefits = IndicatorFactory(
        code="benefits_share",
        unit="%",
        aggregation=Aggregation.WEIGHTED_MEAN,
        aggregation_weight=population,
    )
    liveability = IndicatorFactory(code="liveability", unit="score", decimals=2)
    feeling_safe = IndicatorFactory(code="feeling_safe", unit="%")
    origin = IndicatorFactory(
        code="share_origin_outside_europe", unit="%", sensitive=True, themes=["cohesion"]
    )

    def obs(indicator, code, period, value=None, **kw):
        kw.setdefault("source_table", "")
        ObservationFactory(indicator=indicator, area=areas[code], period=period, value=value, **kw)

    def table(indicator, by_area):
        for code, values in by_area.items():
            for period, value in values.items():
                if value == "secret":
                    obs(indicator, code, period, secret=True)
                elif value == "suppressed":
                    obs(indicator, code, period, suppressed=True)
                else:
                    obs(indicator, code, period, value)

    table(
        homes,
        {
            OWN1: {2022: 50.0, 2024: 60.0},
            OWN2: {2022: 70.0, 2024: 75.0},
            WK1: {2022: 120.0, 2023: "secret", 2024: 135.0},
            R1: {2022: 100.0, 2024: 110.0},
            R2: {2022: 200.0, 2024: 230.0},
            R3: {2022: 300.0, 2024: "secret"},  # not both years: out of both
            R4: {2022: 400.0, 2024: 380.0},
        },
    )
    Observation.objects.filter(region_code=WK1, period=2024).update(
        derivation=Derivation.SUM_OF_NEIGHBOURHOODS
    )
    table(
        population,
        {
            R1: {2022: 1000.0, 2024: 1000.0},
            R2: {2022: 3000.0, 2024: 2000.0},
            R3: {2022: 2000.0, 2024: 2000.0},
            R4: {2022: 500.0, 2024: 500.0},
        },
    )
    table(
        benefits,
        {
            R1: {2022: 10.0, 2024: 12.0},
            R2: {2022: 20.0, 2024: 15.0},
            R3: {2022: 30.0, 2024: 33.0},
            R4: {2022: "suppressed", 2024: 50.0},
        },
    )
    table(
        liveability,
        {
            R1: {2022: 3.0, 2024: 3.5},
            R2: {2022: 4.0, 2024: 4.0},
            R3: {2022: 3.0},
            R4: {2022: 2.0, 2024: 3.0},
        },
    )
    # One reference area with both years of four: too few for a group's change.
    table(feeling_safe, {R1: {2022: 60.0, 2024: 62.0}, R2: {2024: 70.0}, R3: {2024: 71.0}})
    table(
        origin,
        {
            OWN1: {2022: 30.0, 2024: 32.0},
            OWN2: {2022: 40.0, 2024: 40.0},
            R1: {2022: 10.0, 2024: 12.0},
            R2: {2022: 20.0, 2024: 20.0},
            R3: {2022: 30.0, 2024: 36.0},
            R4: {2022: 40.0, 2024: 40.0},
        },
    )


class ValueInTests:
    def test_the_figure_of_the_year_asked(self, catalogue, anonymous):
        found = value_in(anonymous, indicator="homes", areas=[OWN1, OWN2], period=2022)
        assert found == AggregateValue(
            indicator="homes",
            value=120.0,  # 50 + 70
            period=2022,
            exact=True,
            method="sum",
            areas=(OWN1, OWN2),
            unit="count",
            decimals=0,
            source=KWB,
            source_tables=("85318NED",),  # the KWB table of 2022
            definition_nl="Definitie.",
            definition_en="Definition of homes.",
        )

    def test_a_secret_cell_is_no_figure_never_zero(self, catalogue, anonymous):
        assert value_in(anonymous, indicator="homes", areas=[WK1], period=2023) is None
        # OWN1 and OWN2 have no 2023 row at all
        assert value_in(anonymous, indicator="homes", areas=[OWN1, OWN2], period=2023) is None
        # R3 is secret in 2024: not the 380 + ... of the others
        assert value_in(anonymous, indicator="homes", areas=[R3, R4], period=2024) is None

    def test_provenance_names_the_derivation(self, catalogue, anonymous):
        found = value_in(anonymous, indicator="homes", areas=[" wk900101 "], period=2024)
        assert (found.value, found.method, found.areas) == (135.0, "single", (WK1,))
        assert found.derivations == ("sum_of_neighbourhoods",)

    def test_weighted_mean_of_the_year_and_the_latest_agree(self, catalogue, anonymous):
        found = value_in(anonymous, indicator="benefits_share", areas=[R1, R2], period=2022)
        # (1000 x 10 + 3000 x 20) / 4000 = 70000 / 4000
        assert (found.value, found.method, found.weight_indicator) == (
            17.5,
            "weighted_mean",
            "population",
        )
        latest = latest_values(anonymous, indicators=["benefits_share"], areas=[R1, R2])
        # 2024: (1000 x 12 + 2000 x 15) / 3000 = 42000 / 3000
        assert latest["benefits_share"].value == 14.0
        assert (
            value_in(anonymous, indicator="benefits_share", areas=[R1, R2], period=2024)
            == latest["benefits_share"]
        )

    def test_unknown_code_is_none(self, catalogue, anonymous):
        assert value_in(anonymous, indicator="nope", areas=[R1], period=2022) is None

    def test_sensitive_hidden_from_anonymous_shown_to_staff_in_scope(self, catalogue, areas):
        args = {"indicator": "share_origin_outside_europe", "areas": [OWN1, OWN2], "period": 2024}
        assert value_in(AnonymousUser(), **args) == Hidden("share_origin_outside_europe")
        assert value_in(reader(areas["GM9002"]), **args) == Hidden("share_origin_outside_europe")
        found = value_in(reader(areas["GM9001"]), **args)
        assert (found.value, found.exact) == (36.0, False)  # (32 + 40) / 2


class SeriesTests:
    def test_every_complete_year_oldest_first_with_gaps(self, catalogue, anonymous):
        # 2023 is secret: a gap, not 0
        assert series(anonymous, indicator="homes", areas=[WK1]) == [(2022, 120.0), (2024, 135.0)]
        assert series(anonymous, indicator="homes", areas=[R1, R2]) == [
            (2022, 300.0),
            (2024, 340.0),
        ]

    def test_weighted_mean_per_year(self, catalogue, anonymous):
        assert series(anonymous, indicator="benefits_share", areas=[R1, R2]) == [
            (2022, 17.5),
            (2024, 14.0),
        ]

    def test_unknown_is_empty_and_sensitive_hidden(self, catalogue, areas, anonymous):
        assert series(anonymous, indicator="nope", areas=[R1]) == []
        codes = {"indicator": "share_origin_outside_europe", "areas": [OWN1]}
        assert series(anonymous, **codes) == Hidden("share_origin_outside_europe")
        assert series(reader(areas["GM9001"]), **codes) == [(2022, 30.0), (2024, 32.0)]


class ReferenceAreasTests:
    def test_the_groups_of_a_wijks_buurten_without_the_wijk_itself(self, stored):
        # OWN1: R2, R3, OWN2; OWN2: R3, R4, R1 → without OWN1 and OWN2
        assert reference_areas([WK1]) == [R1, R2, R3, R4]
        assert reference_areas([" wk900101"]) == [R1, R2, R3, R4]

    def test_a_buurts_group(self, stored):
        assert reference_areas([R1]) == [OWN1, R5]

    def test_several_wijken_leave_out_each_others_buurten(self, stored):
        # WK2's buurt R1 is in WK1's group and WK1's OWN1 in R1's: neither counts
        assert reference_areas([WK1, WK2]) == [R2, R3, R4, R5]

    def test_empty_without_a_stored_analysis(self, areas):
        assert reference_areas([WK1]) == []  # nothing stored yet

    def test_a_gemeente_adds_none(self, stored):
        assert reference_areas(["GM9001"]) == []


class ReferenceChangeTests:
    def test_a_sum_over_the_areas_with_both_years(self, stored, catalogue, anonymous):
        found = reference_change(anonymous, indicator="homes", areas=[WK1], start=2022, end=2024)
        # R3 has no 2024 figure (secret): left out of 2022 too.
        # 2022: 100 + 200 + 400 = 700; 2024: 110 + 230 + 380 = 720
        assert found == ReferenceChange(
            indicator="homes",
            start=2022,
            end=2024,
            start_value=700.0,
            end_value=720.0,
            change=20.0,
            n_areas=3,
            areas=(R1, R2, R4),
            group_size=4,
            exact=True,
            method="sum",
            unit="count",
            decimals=0,
            source=KWB,
            source_tables=("85318NED", "85984NED"),
            definition_nl="Definitie.",
            definition_en="Definition of homes.",
        )
        assert found.relative_change == pytest.approx(20 / 700)
        assert found.change_text == "+20"

    def test_a_weighted_mean(self, stored, catalogue, anonymous):
        found = reference_change(
            anonymous, indicator="benefits_share", areas=[WK1], start=2022, end=2024
        )
        # R4 is suppressed in 2022: out. 2022: (1000 x 10 + 3000 x 20 + 2000 x 30) / 6000
        # = 130000 / 6000; 2024: (1000 x 12 + 2000 x 15 + 2000 x 33) / 5000 = 108000 / 5000
        assert found.areas == (R1, R2, R3)
        assert found.start_value == pytest.approx(130000 / 6000)
        assert found.end_value == pytest.approx(21.6)
        assert found.change == pytest.approx(-1 / 15)  # 108/5 - 65/3 = (324 - 325) / 15
        assert (found.method, found.exact, found.weight_indicator) == (
            "weighted_mean",
            True,
            "population",
        )
        assert found.change_text == "\u22120.1"

    def test_the_same_as_value_in_over_the_same_areas(self, stored, catalogue, anonymous):
        for code in ("homes", "benefits_share", "liveability"):
            found = reference_change(anonymous, indicator=code, areas=[WK1], start=2022, end=2024)
            for period, value in ((2022, found.start_value), (2024, found.end_value)):
                same = value_in(anonymous, indicator=code, areas=found.areas, period=period)
                assert same.value == value

    def test_a_plain_mean_is_not_exact(self, stored, catalogue, anonymous):
        found = reference_change(
            anonymous, indicator="liveability", areas=[WK1], start=2022, end=2024
        )
        # R3 has no 2024 row. 2022: (3 + 4 + 2) / 3 = 3; 2024: (3.5 + 4 + 3) / 3 = 3.5
        assert (found.start_value, found.end_value, found.change) == (3.0, 3.5, 0.5)
        assert (found.n_areas, found.group_size, found.exact, found.method) == (
            3,
            4,
            False,
            "mean",
        )

    def test_no_change_from_too_few_or_without_two_years(self, stored, catalogue, anonymous):
        # only R1 has both years of feeling safe: one of four is no group
        assert (
            reference_change(anonymous, indicator="feeling_safe", areas=[WK1], start=2022, end=2024)
            is None
        )
        for code, area, start, end in (
            ("homes", WK1, 2024, 2024),  # one year
            ("homes", WK1, 2021, 2024),  # no 2021 figures
            ("nope", WK1, 2022, 2024),  # unknown code
            ("homes", "GM9001", 2022, 2024),  # a gemeente has no reference group
        ):
            found = reference_change(anonymous, indicator=code, areas=[area], start=start, end=end)
            assert found is None, (code, area, start, end)

    def test_none_without_a_stored_analysis(self, catalogue, anonymous):
        found = reference_change(anonymous, indicator="homes", areas=[WK1], start=2022, end=2024)
        assert found is None

    def test_sensitive_only_where_the_reader_may_see_the_whole_group(
        self, stored, catalogue, areas, anonymous
    ):
        args = {
            "indicator": "share_origin_outside_europe",
            "areas": [WK1],
            "start": 2022,
            "end": 2024,
        }
        hidden = Hidden("share_origin_outside_europe")
        assert reference_change(anonymous, **args) == hidden
        # In scope of WK1 but R2-R4 lie in GM9002: a figure over areas outside the scope
        assert reference_change(reader(areas["GM9001"]), **args) == hidden
        found = reference_change(reader(areas["GM9001"], areas["GM9002"]), **args)
        # (10 + 20 + 30 + 40) / 4 = 25 → (12 + 20 + 36 + 40) / 4 = 27
        assert (found.start_value, found.end_value, found.change) == (25.0, 27.0, 2.0)


class QueryCountTests:
    def test_value_in_and_series(self, catalogue, areas, anonymous, django_assert_num_queries):
        with django_assert_num_queries(2):  # catalogue, observations
            value_in(anonymous, indicator="benefits_share", areas=[R1, R2, R3], period=2022)
        with django_assert_num_queries(2):
            series(anonymous, indicator="benefits_share", areas=[R1, R2, R3, R4])
        staff = reader(areas["GM9001"])
        sensitive = "share_origin_outside_europe"
        # catalogue, role scope (2), areas, observations
        with django_assert_num_queries(5):
            value_in(staff, indicator=sensitive, areas=[OWN1, OWN2], period=2024)
        with django_assert_num_queries(5):
            series(staff, indicator=sensitive, areas=[OWN1, OWN2])

    def test_reference_areas_one_query(self, stored, django_assert_num_queries):
        with django_assert_num_queries(1):  # which analysis is current
            reference_areas([WK1, WK2])

    def test_reference_change_whatever_the_size_of_the_group(
        self, stored, catalogue, areas, anonymous, django_assert_num_queries
    ):
        # catalogue, current analysis, observations
        with django_assert_num_queries(3):
            reference_change(anonymous, indicator="homes", areas=[R1], start=2022, end=2024)
        with django_assert_num_queries(3):
            reference_change(
                anonymous, indicator="benefits_share", areas=[WK1, WK2], start=2022, end=2024
            )
        sensitive = {
            "indicator": "share_origin_outside_europe",
            "areas": [WK1],
            "start": 2022,
            "end": 2024,
        }
        with django_assert_num_queries(1):  # anonymous: the catalogue tells enough
            reference_change(anonymous, **sensitive)
        staff = reader(areas["GM9001"], areas["GM9002"])
        # + role scope (2) and the areas of the sensitivity rule
        with django_assert_num_queries(6):
            assert reference_change(staff, **sensitive)


class WorldTests:
    def test_a_computed_analysis_gives_the_group_and_its_change(self, world, anonymous):
        """On the synthetic country with its real computed reference groups: every
        buurt's crimes rise by 1 from 2023 to 2024 (10 x b + year - 2000), so the group's
        sum rises by its number of buurten, whoever they are."""
        group = reference_areas(["WK900101"])
        assert group and not any(code.startswith("BU900101") for code in group)
        assert all(code.startswith("BU") for code in group)
        found = reference_change(
            anonymous, indicator="crimes", areas=["WK900101"], start=2023, end=2024
        )
        assert found.areas == tuple(group)
        assert found.start_value == sum(10 * int(code[-2:]) + 23 for code in group)
        assert found.change == len(group)


def test_measured_outcomes_are_outcomes_with_a_real_value_in_every_area(areas):
    from wendbaar.monitor.constants import IndicatorRole
    from wendbaar.monitor.selectors import measured_outcomes

    both = IndicatorFactory(code="both", order=2)
    first = IndicatorFactory(code="first", order=1)  # catalogue order, not alphabetical
    one_only = IndicatorFactory(code="one_only", order=3)
    secret = IndicatorFactory(code="secret_in_one", order=4)
    later = IndicatorFactory(code="later", order=5)
    context = IndicatorFactory(code="context", order=0, role=IndicatorRole.CONTEXT)
    for ind in (both, first, context):
        for code, period in ((OWN1, 2022), (OWN2, 2023)):  # not the same year: series decides
            ObservationFactory(indicator=ind, area=areas[code], period=period, value=1.0)
    ObservationFactory(indicator=one_only, area=areas[OWN1], period=2022, value=1.0)
    ObservationFactory(indicator=secret, area=areas[OWN1], period=2022, value=1.0)
    ObservationFactory(indicator=secret, area=areas[OWN2], period=2022, secret=True)
    for code in (OWN1, OWN2):
        ObservationFactory(indicator=later, area=areas[code], period=2025, value=1.0)
    assert measured_outcomes([OWN1, OWN2], up_to=2024) == ["first", "both"]
    assert measured_outcomes([OWN1, OWN2], up_to=2025) == ["first", "both", "later"]
    assert measured_outcomes([OWN1], up_to=2024) == ["first", "both", "one_only", "secret_in_one"]


def test_buurt_map_colours_a_wijks_buurten_by_the_countrys_fifths(areas, anonymous):
    from wendbaar.areas.models import Area
    from wendbaar.monitor.selectors import buurt_map

    ring = [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]
    Area.objects.filter(code__in=[OWN1, OWN2]).update(
        geometry={"type": "Polygon", "coordinates": [ring]}
    )
    share = IndicatorFactory(code="share", unit="%", polarity=-1)
    hidden = IndicatorFactory(code="hidden_share", unit="%", sensitive=True)
    for ind in (share, hidden):
        ObservationFactory(indicator=ind, area=areas[OWN1], period=2024, value=12.0)
        ObservationFactory(indicator=ind, area=areas[OWN2], period=2024, secret=True)
        ObservationFactory(indicator=ind, area=areas[R1], period=2024, value=50.0)  # not in WK1
    run = ImportRunFactory(data_version=1)
    breaks = pl.DataFrame(
        {
            "indicator": ["share"],
            "period": [2024],
            "level": ["neighbourhood"],
            **{f"q{i}": [float(10 * i)] for i in range(1, 5)},
        }
    )
    key = AnalysisKey.for_run(run.data_version, run.id, run.started_at)
    save_analysis(key, {"areas": area_frame(), "breaks": breaks})

    drawn = buurt_map(anonymous, indicator="share", areas=[WK1], period=2024, map_id="m")
    assert [(f.code, f.value) for f in sorted(drawn.figures, key=lambda f: f.code)] == [
        (OWN1, 12.0),
        (OWN2, None),  # secret: no figure, never 0
    ]
    assert "10.0 to 20.0 (1)" in str(drawn.rendered.legend)
    # A buurt is itself; a year without the country's fifths has no honest colours.
    assert [
        f.code
        for f in buurt_map(
            anonymous, indicator="share", areas=[OWN1], period=2024, map_id="m"
        ).figures
    ] == [OWN1]
    assert buurt_map(anonymous, indicator="share", areas=[WK1], period=2023, map_id="m") is None
    assert isinstance(
        buurt_map(anonymous, indicator="hidden_share", areas=[WK1], period=2024, map_id="m"),
        Hidden,
    )

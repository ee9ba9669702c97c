"""The monitor's public reads for other apps: catalogue entries and latest figures over
areas, with the sensitivity rule and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from wendbaar.accounts.models import RoleAssignment
from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.areas.tests.factories import AreaFactory
from wendbaar.monitor.constants import Aggregation, Derivation, IndicatorKind
from wendbaar.monitor.selectors import (
    AggregateValue,
    CatalogueEntry,
    Hidden,
    indicator_choices,
    indicator_codes,
    indicator_info,
    latest_values,
    unit_label,
)

from .factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

WK1, WK2 = "WK900101", "WK900102"


def reader(*, municipality, districts=()):
    """A user holding the sensitivity permission in a gemeente (or some of its wijken),
    through a role as the policies require (not through ``user.groups``)."""
    role, _ = Group.objects.get_or_create(name="test reader")
    role.permissions.add(
        Permission.objects.get(content_type__app_label="accounts", codename="view_restricted")
    )
    user = UserFactory()
    assignment = RoleAssignment.objects.create(user=user, role=role, municipality=municipality)
    assignment.districts.set(districts)
    return user


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def areas():
    gm = AreaFactory(code="GM9001", municipality=True)
    return {
        "GM9001": gm,
        WK1: AreaFactory(code=WK1, district=True, parent=gm),
        WK2: AreaFactory(code=WK2, district=True, parent=gm),
        "GM9002": AreaFactory(code="GM9002", municipality=True),
    }


@pytest.fixture
def catalogue(areas):
    """Two wijken with figures for 2023 and 2024, written out by hand."""
    population = IndicatorFactory(
        code="population",
        name_nl="Inwoners",
        name_en="Inhabitants",
        unit="count",
        decimals=0,
        aggregation=Aggregation.SUM,
        source="CBS, Kerncijfers wijken en buurten",
        source_table="85984NED",
    )
    benefits = IndicatorFactory(
        code="benefits_share",
        unit="%",
        aggregation=Aggregation.WEIGHTED_MEAN,
        aggregation_weight=population,
    )
    score = IndicatorFactory(code="liveability", unit="score", aggregation=Aggregation.NONE)
    crimes = IndicatorFactory(code="crimes", unit="count", aggregation=Aggregation.SUM)
    origin = IndicatorFactory(
        code="share_origin_outside_europe", unit="%", sensitive=True, themes=["cohesion"]
    )
    signals = IndicatorFactory(
        code="signals_concern_safety", unit="signals", kind=IndicatorKind.SOFT, in_registry=False
    )
    wk1, wk2 = areas[WK1], areas[WK2]

    def obs(indicator, area, period, value=None, **kw):
        kw.setdefault("source_table", "")
        ObservationFactory(indicator=indicator, area=area, period=period, value=value, **kw)

    # Inhabitants: WK2's 2024 figure is secret, so 2023 is the latest complete year.
    obs(population, wk1, 2023, 1000.0)
    obs(population, wk2, 2023, 3000.0)
    obs(population, wk1, 2024, 1200.0)
    obs(population, wk2, 2024, secret=True)
    obs(benefits, wk1, 2023, 10.0)
    obs(benefits, wk2, 2023, 40.0)
    obs(score, wk1, 2024, 3.0)
    obs(score, wk2, 2024, 4.0)
    obs(crimes, wk1, 2024, 12.0, derivation=Derivation.SUM_OF_NEIGHBOURHOODS)
    obs(crimes, wk2, 2024, 30.0, source_table="47022NED")
    obs(origin, wk1, 2024, 20.0)
    obs(origin, wk2, 2024, 30.0)
    obs(signals, wk1, 2024, suppressed=True)
    return {i.code: i for i in (population, benefits, score, crimes, origin, signals)}


class LatestValuesTests:
    def test_sum_over_the_latest_period_every_area_has(self, catalogue, anonymous):
        found = latest_values(anonymous, indicators=["population"], areas=[WK1, WK2])
        value = found["population"]
        # 2024 is incomplete (WK2 secret, never 0): 1000 + 3000 from 2023.
        assert value == AggregateValue(
            indicator="population",
            value=4000.0,
            period=2023,
            exact=True,
            method="sum",
            areas=(WK1, WK2),
            unit="count",
            decimals=0,
            source="CBS, Kerncijfers wijken en buurten",
            source_tables=("85618NED",),  # the KWB table of 2023, not the catalogue's newest
            definition_nl="Definitie.",
            definition_en="Definition of population.",
        )

    def test_weighted_mean_by_the_weight_indicator(self, catalogue, anonymous):
        value = latest_values(anonymous, indicators=["benefits_share"], areas=[WK1, WK2])[
            "benefits_share"
        ]
        # (1000 x 10 + 3000 x 40) / 4000 = 130000 / 4000
        assert value.value == pytest.approx(32.5)
        assert (value.period, value.exact, value.method) == (2023, True, "weighted_mean")
        assert value.weight_indicator == "population"

    def test_plain_mean_of_a_rate_is_not_exact(self, catalogue, anonymous):
        value = latest_values(anonymous, indicators=["liveability"], areas=[WK1, WK2])[
            "liveability"
        ]
        assert (value.value, value.period, value.exact, value.method) == (3.5, 2024, False, "mean")

    def test_one_area_is_its_own_value(self, catalogue, anonymous):
        value = latest_values(anonymous, indicators=["population"], areas=[WK1])["population"]
        assert (value.value, value.period, value.method, value.exact) == (
            1200.0,
            2024,
            "single",
            True,
        )
        assert value.source_tables == ("85984NED",)

    def test_provenance_names_tables_and_derivation(self, catalogue, anonymous):
        value = latest_values(anonymous, indicators=["crimes"], areas=[WK1, WK2])["crimes"]
        assert value.value == 42.0
        assert value.source_tables == ("TEST01", "47022NED")
        assert value.derivations == ("sum_of_neighbourhoods",)
        assert value.derivation_text == "Sum of the neighbourhoods"

    def test_withheld_only_and_unknown_are_none(self, catalogue, anonymous):
        found = latest_values(anonymous, indicators=["signals_concern_safety", "nope"], areas=[WK1])
        assert found == {"signals_concern_safety": None, "nope": None}

    def test_sensitive_is_hidden_from_anonymous_visitors(self, catalogue, anonymous):
        found = latest_values(anonymous, indicators=["share_origin_outside_europe"], areas=[WK1])
        hidden = found["share_origin_outside_europe"]
        assert hidden == Hidden("share_origin_outside_europe")
        assert not hidden and hidden.is_hidden
        assert not hasattr(hidden, "value")

    def test_sensitive_for_staff_in_scope_of_every_area(self, catalogue, areas):
        codes = ["share_origin_outside_europe"]
        whole = reader(municipality=areas["GM9001"])
        value = latest_values(whole, indicators=codes, areas=[WK1, WK2])[codes[0]]
        assert (value.value, value.exact) == (25.0, False)
        one_wijk = reader(municipality=areas["GM9001"], districts=[areas[WK1]])
        assert latest_values(one_wijk, indicators=codes, areas=[WK1])[codes[0]].value == 20.0
        assert latest_values(one_wijk, indicators=codes, areas=[WK1, WK2])[codes[0]] == Hidden(
            codes[0]
        )
        elsewhere = reader(municipality=areas["GM9002"])
        assert isinstance(latest_values(elsewhere, indicators=codes, areas=[WK1])[codes[0]], Hidden)

    def test_unit_and_definition_in_the_readers_language(self, catalogue, anonymous):
        value = latest_values(anonymous, indicators=["population"], areas=[WK1])["population"]
        with translation.override("nl"):
            assert (value.unit_label, value.definition, value.value_text) == (
                "aantal",
                "Definitie.",
                "1.200",
            )
        with translation.override("en"):
            assert (value.unit_label, value.value_text) == ("number", "1,200")


class QueryCountTests:
    def test_anonymous_two_queries_whatever_the_size(
        self, catalogue, anonymous, django_assert_num_queries
    ):
        with django_assert_num_queries(2):  # catalogue, observations
            latest_values(anonymous, indicators=["population"], areas=[WK1])
        with django_assert_num_queries(2):
            found = latest_values(anonymous, indicators=list(catalogue), areas=[WK1, WK2, "WK9"])
        assert len(found) == len(catalogue)

    def test_staff_five_queries_whatever_the_size(
        self, catalogue, areas, django_assert_num_queries
    ):
        user = reader(municipality=areas["GM9001"], districts=[areas[WK1], areas[WK2]])
        # catalogue, role scope (2), areas, observations
        with django_assert_num_queries(5):
            latest_values(user, indicators=["share_origin_outside_europe"], areas=[WK1])
        with django_assert_num_queries(5):
            latest_values(user, indicators=list(catalogue), areas=[WK1, WK2])

    def test_choices_one_query_for_anonymous(self, catalogue, anonymous, django_assert_num_queries):
        with django_assert_num_queries(1):
            indicator_choices(anonymous)


class CatalogueTests:
    def test_choices_leave_out_sensitive_for_anonymous(self, catalogue, anonymous):
        codes = [e.code for e in indicator_choices(anonymous)]
        assert "share_origin_outside_europe" not in codes
        assert {"population", "benefits_share", "signals_concern_safety"} <= set(codes)

    def test_choices_with_sensitive_for_staff(self, catalogue, areas):
        user = reader(municipality=areas["GM9001"], districts=[areas[WK1]])
        assert "share_origin_outside_europe" in {e.code for e in indicator_choices(user)}
        for_wijken = indicator_choices(user, areas=[WK1, WK2])
        assert "share_origin_outside_europe" not in {e.code for e in for_wijken}

    def test_choices_by_kind(self, catalogue, anonymous):
        soft = indicator_choices(anonymous, kinds=[IndicatorKind.SOFT])
        assert [e.code for e in soft] == ["signals_concern_safety"]
        assert soft[0].is_local and soft[0].kind == "soft"

    def test_entry_is_a_value_in_the_readers_language(self, catalogue, anonymous):
        entry = indicator_info(anonymous, ["population", "nope"])
        assert list(entry) == ["population"]
        population = entry["population"]
        assert isinstance(population, CatalogueEntry)
        assert population.aggregation == "sum" and population.theme == "safety"
        assert not population.is_local
        with translation.override("nl"):
            assert (population.name, population.unit_label) == ("Inwoners", "aantal")
        with translation.override("en"):
            assert (population.name, population.unit_label) == ("Inhabitants", "number")
        assert indicator_info(anonymous, ["benefits_share"])[
            "benefits_share"
        ].aggregation_weight == ("population")

    def test_info_hides_sensitive_from_anonymous(self, catalogue, anonymous):
        assert indicator_info(anonymous, ["share_origin_outside_europe"]) == {}

    def test_codes_and_unit_labels(self, catalogue):
        assert "share_origin_outside_europe" in indicator_codes()
        with translation.override("nl"):
            assert unit_label("per 1,000") == "per 1.000 inwoners"
            assert unit_label("deelnemers") == "deelnemers"

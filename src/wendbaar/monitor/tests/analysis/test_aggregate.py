"""One figure over several areas: the cases of the wijkaanpak's goal indicators (moved
here from the programme's tests with the rule), plus the edges around weights."""

import pytest

from wendbaar.monitor.analysis.aggregate import (
    Aggregate,
    aggregate_over_areas,
    aggregate_per_period,
    change_over_areas,
)


class TestAggregateOverAreas:
    def test_one_area_takes_its_latest_value(self):
        values = {2022: {"WK1": 10.0}, 2023: {"WK1": 12.0}}
        assert aggregate_over_areas(values, ["WK1"]) == Aggregate(12.0, 2023)

    def test_one_area_is_exact_whatever_the_aggregation(self):
        values = {2023: {"WK1": 7.5}}
        assert aggregate_over_areas(values, ["WK1"], aggregation="none") == Aggregate(7.5, 2023)

    def test_latest_period_in_which_every_area_has_a_value(self):
        values = {2023: {"WK1": 1.0}, 2022: {"WK1": 2.0, "WK2": 4.0}}
        assert aggregate_over_areas(values, ["WK1", "WK2"]) == Aggregate(
            3.0, 2022, exact=False, method="mean"
        )

    def test_sum(self):
        values = {2023: {"WK1": 100.0, "WK2": 50.0}}
        assert aggregate_over_areas(values, ["WK1", "WK2"], aggregation="sum") == Aggregate(
            150.0, 2023, method="sum"
        )

    def test_weighted_mean_by_base(self):
        values = {2023: {"WK1": 10.0, "WK2": 40.0}}
        weights = {2023: {"WK1": 3000.0, "WK2": 1000.0}}
        result = aggregate_over_areas(
            values, ["WK1", "WK2"], aggregation="weighted_mean", weights=weights
        )
        # (3000 x 10 + 1000 x 40) / 4000 = 70000 / 4000
        assert result.value == pytest.approx(17.5)
        assert result.exact and result.method == "weighted_mean" and result.period == 2023

    def test_weighted_mean_without_weights_falls_back_to_plain_mean(self):
        values = {2023: {"WK1": 10.0, "WK2": 40.0}}
        result = aggregate_over_areas(values, ["WK1", "WK2"], aggregation="weighted_mean")
        assert result == Aggregate(25.0, 2023, exact=False, method="mean")

    def test_weight_of_one_area_missing_in_that_period_falls_back_to_plain_mean(self):
        values = {2023: {"WK1": 10.0, "WK2": 40.0}}
        weights = {2023: {"WK1": 3000.0}, 2022: {"WK1": 1.0, "WK2": 1.0}}
        result = aggregate_over_areas(
            values, ["WK1", "WK2"], aggregation="weighted_mean", weights=weights
        )
        assert result == Aggregate(25.0, 2023, exact=False, method="mean")

    def test_weights_adding_up_to_zero_fall_back_to_plain_mean(self):
        values = {2023: {"WK1": 10.0, "WK2": 40.0}}
        weights = {2023: {"WK1": 0.0, "WK2": 0.0}}
        result = aggregate_over_areas(
            values, ["WK1", "WK2"], aggregation="weighted_mean", weights=weights
        )
        assert result == Aggregate(25.0, 2023, exact=False, method="mean")

    def test_a_withheld_cell_skips_the_period_and_is_never_zero(self):
        # WK2's 2023 figure is secret: absent from the values, so 2023 is incomplete and
        # the sum is 2022's 30 + 5, not 2023's 20 + 0.
        values = {2023: {"WK1": 20.0}, 2022: {"WK1": 30.0, "WK2": 5.0}}
        assert aggregate_over_areas(values, ["WK1", "WK2"], aggregation="sum") == Aggregate(
            35.0, 2022, method="sum"
        )

    def test_nothing_complete(self):
        assert aggregate_over_areas({2023: {"WK1": 1.0}}, ["WK1", "WK2"]) is None
        assert aggregate_over_areas({}, []) is None
        assert aggregate_over_areas({2023: {"WK1": 1.0}}, []) is None


class TestAggregatePerPeriod:
    def test_every_complete_period_oldest_first(self):
        # 2023: BU2 suppressed (absent), so no 2023 figure rather than a partial sum.
        values = {
            2024: {"BU1": 5.0, "BU2": 7.0},
            2022: {"BU1": 1.0, "BU2": 2.0},
            2023: {"BU1": 4.0},
        }
        assert aggregate_per_period(values, ["BU1", "BU2"], aggregation="sum") == [
            Aggregate(3.0, 2022, method="sum"),
            Aggregate(12.0, 2024, method="sum"),
        ]

    def test_each_period_is_the_figure_of_that_period_as_the_latest(self):
        values = {2022: {"WK1": 10.0, "WK2": 40.0}, 2023: {"WK1": 20.0, "WK2": 20.0}}
        weights = {2022: {"WK1": 3000.0, "WK2": 1000.0}}  # none in 2023: plain mean
        found = aggregate_per_period(
            values, ["WK1", "WK2"], aggregation="weighted_mean", weights=weights
        )
        assert found == [
            Aggregate(17.5, 2022, method="weighted_mean"),  # (30000 + 40000) / 4000
            Aggregate(20.0, 2023, exact=False, method="mean"),
        ]
        assert found[-1] == aggregate_over_areas(
            values, ["WK1", "WK2"], aggregation="weighted_mean", weights=weights
        )

    def test_nothing(self):
        assert aggregate_per_period({2023: {"WK1": 1.0}}, []) == []
        assert aggregate_per_period({2023: {"WK1": 1.0}}, ["WK2"]) == []


class TestChangeOverAreas:
    def test_only_areas_with_both_periods_count_in_both(self):
        # BU3 has no 2024 figure (secret): left out of 2022 too, so its 300 does not
        # make the group seem to shrink.
        values = {
            2022: {"BU1": 100.0, "BU2": 200.0, "BU3": 300.0},
            2024: {"BU1": 110.0, "BU2": 230.0, "BU4": 50.0},
        }
        found = change_over_areas(
            values, ["BU1", "BU2", "BU3", "BU4"], start=2022, end=2024, aggregation="sum"
        )
        assert found.areas == ("BU1", "BU2")
        assert found.start == Aggregate(300.0, 2022, method="sum")
        assert found.end == Aggregate(340.0, 2024, method="sum")
        assert (found.change, found.exact, found.method) == (40.0, True, "sum")

    def test_weighted_in_both_periods(self):
        values = {2022: {"BU1": 10.0, "BU2": 20.0}, 2024: {"BU1": 12.0, "BU2": 15.0}}
        weights = {2022: {"BU1": 1000.0, "BU2": 3000.0}, 2024: {"BU1": 1000.0, "BU2": 1000.0}}
        found = change_over_areas(
            values,
            ["BU1", "BU2"],
            start=2022,
            end=2024,
            aggregation="weighted_mean",
            weights=weights,
        )
        # 2022: (10000 + 60000) / 4000 = 17.5; 2024: (12000 + 15000) / 2000 = 13.5
        assert (found.start.value, found.end.value) == (17.5, 13.5)
        assert (found.change, found.exact, found.method) == (-4.0, True, "weighted_mean")

    def test_a_weight_missing_in_one_period_makes_both_plain_means(self):
        values = {2022: {"BU1": 10.0, "BU2": 20.0}, 2024: {"BU1": 12.0, "BU2": 15.0}}
        weights = {2022: {"BU1": 1000.0, "BU2": 3000.0}, 2024: {"BU1": 1000.0}}
        found = change_over_areas(
            values,
            ["BU1", "BU2"],
            start=2022,
            end=2024,
            aggregation="weighted_mean",
            weights=weights,
        )
        # not 17.5 weighted against 13.5 plain: 15 and 13.5, both plain
        assert found.start == Aggregate(15.0, 2022, exact=False, method="mean")
        assert found.end == Aggregate(13.5, 2024, exact=False, method="mean")
        assert (found.change, found.exact) == (-1.5, False)

    def test_no_change_without_two_periods_or_a_common_area(self):
        values = {2022: {"BU1": 1.0}, 2024: {"BU2": 2.0}}
        assert change_over_areas(values, ["BU1", "BU2"], start=2022, end=2024) is None
        assert change_over_areas(values, ["BU1"], start=2022, end=2022) is None
        assert change_over_areas(values, [], start=2022, end=2024) is None

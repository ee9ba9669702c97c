"""One figure over several areas: the cases of the wijkaanpak's goal indicators (moved
here from the programme's tests with the rule), plus the edges around weights."""

import pytest

from wendbaar.monitor.analysis.aggregate import Aggregate, aggregate_over_areas


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

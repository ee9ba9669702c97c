import pytest

from wendbaar.programme.indicators import (
    Actual,
    aggregate_actual,
    direction,
    progress_to_target,
)


class TestAggregateActual:
    def test_one_area_takes_its_latest_value(self):
        values = {2022: {"WK1": 10.0}, 2023: {"WK1": 12.0}}
        assert aggregate_actual(values, ["WK1"]) == Actual(12.0, 2023)

    def test_latest_period_in_which_every_area_has_a_value(self):
        values = {2023: {"WK1": 1.0}, 2022: {"WK1": 2.0, "WK2": 4.0}}
        assert aggregate_actual(values, ["WK1", "WK2"]) == Actual(3.0, 2022, exact=False)

    def test_sum(self):
        values = {2023: {"WK1": 100.0, "WK2": 50.0}}
        assert aggregate_actual(values, ["WK1", "WK2"], aggregation="sum") == Actual(150.0, 2023)

    def test_weighted_mean_by_base(self):
        values = {2023: {"WK1": 10.0, "WK2": 40.0}}
        weights = {2023: {"WK1": 3000.0, "WK2": 1000.0}}
        result = aggregate_actual(
            values, ["WK1", "WK2"], aggregation="weighted_mean", weights=weights
        )
        assert result.value == pytest.approx(17.5)
        assert result.exact

    def test_weighted_mean_without_weights_falls_back_to_plain_mean(self):
        values = {2023: {"WK1": 10.0, "WK2": 40.0}}
        result = aggregate_actual(values, ["WK1", "WK2"], aggregation="weighted_mean")
        assert result == Actual(25.0, 2023, exact=False)

    def test_nothing_complete(self):
        assert aggregate_actual({2023: {"WK1": 1.0}}, ["WK1", "WK2"]) is None
        assert aggregate_actual({}, []) is None


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "expected"),
    [
        (10, 20, 15, 0.5),
        (40, 30, 35, 0.5),  # going down towards a lower target
        (40, 30, 45, -0.5),  # moved away from the target
        (10, 10, 12, None),
        (None, 20, 15, None),
        (10, 20, None, None),
    ],
)
def test_progress_to_target(baseline, target, actual, expected):
    result = progress_to_target(baseline, target, actual)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_direction():
    assert direction(10, 12, 1) == "better"
    assert direction(10, 12, -1) == "worse"
    assert direction(10, 10, -1) == "same"
    assert direction(10, 12, 0) == "changed"
    assert direction(None, 12, 1) == "unknown"


def test_unit_speaks_the_readers_language():
    from django.utils import translation

    from wendbaar.programme.models import GoalIndicator
    from wendbaar.programme.selectors import IndicatorState

    def state(**kw):
        return IndicatorState(
            indicator=GoalIndicator(**kw), actual=None, progress=None, direction=""
        )

    monitor = state(indicator_code="social_assistance_per_1000", unit="per 1,000")
    local = state(name="Deelnemers", unit="deelnemers")
    with translation.override("nl"):
        assert monitor.unit_label == "per 1.000 inwoners"
        assert local.unit_label == "deelnemers"
    with translation.override("en"):
        assert monitor.unit_label == "per 1,000 inhabitants"

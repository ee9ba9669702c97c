import pytest

from wendbaar.agenda.indicators import (
    direction,
    progress_to_target,
)


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

    from wendbaar.agenda.models import GoalIndicator
    from wendbaar.agenda.selectors import IndicatorState

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

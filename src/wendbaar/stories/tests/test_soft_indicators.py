import datetime as dt

import pytest

from wendbaar.stories.selectors import SignalCount
from wendbaar.stories.soft_indicators import (
    SOFT_INDICATOR_CODES,
    SoftIndicatorRow,
    soft_indicator_rows,
    write_soft_indicator_observations,
)

from .factories import SignalFactory


def test_rows_roll_up_and_fill_zeros():
    counts = [
        SignalCount(
            "BU03440343", "neighbourhood", "WK034403", "GM0344", "safety", "concern", 2024, 1, 2
        ),
        SignalCount(
            "BU03440343", "neighbourhood", "WK034403", "GM0344", "safety", "concern", 2024, 3, 1
        ),
        SignalCount(
            "WK034403", "district", "GM0344", "GM0344", "housing", "positive", 2024, None, 4
        ),
    ]
    rows = soft_indicator_rows(counts)
    by_key = {(r.indicator_code, r.region_code, r.period): r.value for r in rows}
    assert by_key[("signals_concern_safety", "BU03440343", 2024)] == 3
    assert by_key[("signals_concern_safety", "WK034403", 2024)] == 3
    assert by_key[("signals_concern_safety", "GM0344", 2024)] == 3
    assert by_key[("signals_positive_housing", "WK034403", 2024)] == 4
    assert by_key[("signals_positive_housing", "BU03440343", 2024)] == 0
    assert by_key[("signals_positive_housing", "GM0344", 2024)] == 4
    assert len(rows) == 3 * len(SOFT_INDICATOR_CODES)  # three regions, one year
    assert len(SOFT_INDICATOR_CODES) == 24
    assert SoftIndicatorRow("signals_lever_work", "GM0344", 2024, 0) in rows


@pytest.mark.django_db
def test_written_through_monitor_models_idempotently(geo):
    from wendbaar.monitor.constants import IndicatorKind
    from wendbaar.monitor.models import ImportRun, Indicator, Observation

    signal = SignalFactory(area=geo["overvecht_buurt"], observed_on=dt.date(2024, 5, 1))
    SignalFactory(area=geo["overvecht_buurt"], observed_on=dt.date(2024, 6, 1))
    result = write_soft_indicator_observations()
    assert result == {"created": 72, "updated": 0, "deleted": 0, "unchanged": 0}
    indicator = Indicator.objects.get(code="signals_concern_safety")
    assert indicator.kind == IndicatorKind.SOFT and indicator.themes == ["safety"]
    obs = Observation.objects.get(indicator=indicator, region_code="WK034403", period=2024)
    assert obs.value == 2.0 and obs.area == geo["overvecht"]
    version = ImportRun.objects.current_data_version()
    assert version >= 1

    again = write_soft_indicator_observations()
    assert again == {"created": 0, "updated": 0, "deleted": 0, "unchanged": 72}
    assert ImportRun.objects.current_data_version() == version

    signal.delete()
    write_soft_indicator_observations()
    obs.refresh_from_db()
    assert obs.value == 1.0

    from wendbaar.stories.models import Signal

    Signal.objects.all().delete()
    result = write_soft_indicator_observations()
    assert result["deleted"] == 72
    assert not Observation.objects.filter(indicator=indicator).exists()


@pytest.mark.django_db
def test_task_wraps_the_writer(geo):
    from wendbaar.stories.tasks import write_soft_indicators

    SignalFactory(area=geo["overvecht"], observed_on=dt.date(2024, 5, 1))
    assert write_soft_indicators.enqueue().return_value["created"] == 48


@pytest.mark.django_db
def test_soft_indicators_explain_themselves_and_stay_current(geo):
    """Provenance on the profile reads the indicator's source and definition."""
    from wendbaar.monitor.models import Indicator

    SignalFactory(area=geo["overvecht"], observed_on=dt.date(2024, 5, 1))
    write_soft_indicator_observations()
    indicator = Indicator.objects.get(code="signals_concern_safety")
    assert indicator.definition_en == (
        "Number of signals (concern) about safety and crime that professionals noted in "
        "the area in the year."
    )
    assert indicator.source.startswith("Wendbaar, signalen uit de wijk")
    # Wording changed since the row was written (an older release): the next run fixes it.
    Indicator.objects.filter(pk=indicator.pk).update(definition_en="old", source="old")
    write_soft_indicator_observations()
    indicator.refresh_from_db()
    assert indicator.definition_en.startswith("Number of signals (concern)")
    assert indicator.source.startswith("Wendbaar, signalen")

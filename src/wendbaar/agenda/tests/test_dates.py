"""The pure date rules of a project's history (``agenda/dates.py``)."""

from __future__ import annotations

import datetime as dt

from wendbaar.agenda.dates import history_dates, measurement_years, plan_dates

D = dt.date
TODAY = D(2026, 12, 2)


def test_history_lies_within_the_period_with_margins_and_not_after_today():
    allowed = history_dates(start=D(2025, 1, 1), end=D(2025, 6, 30), entered=TODAY, today=TODAY)
    assert (allowed.low, allowed.high) == (D(2024, 7, 3), D(2026, 7, 1))
    assert D(2024, 7, 3) in allowed and D(2024, 7, 2) not in allowed
    assert D(2015, 3, 1) not in allowed  # a mistyped year before the start
    assert D(38, 1, 1) not in allowed and D(9797, 1, 1) not in allowed


def test_an_open_project_is_open_until_today():
    allowed = history_dates(start=D(2025, 1, 1), end=None, entered=TODAY, today=TODAY)
    assert TODAY in allowed and TODAY + dt.timedelta(days=1) not in allowed


def test_a_plan_entered_long_before_its_start_can_be_stopped_today():
    allowed = history_dates(start=D(2029, 1, 1), end=None, entered=TODAY, today=TODAY)
    assert TODAY in allowed
    assert D(2026, 6, 1) not in allowed  # half a year before the project was entered


def test_plans_name_years_the_platform_knows():
    assert D(1990, 1, 1) in plan_dates() and D(2100, 12, 31) in plan_dates()
    assert D(1989, 12, 31) not in plan_dates() and D(2101, 1, 1) not in plan_dates()


def test_measurements_from_before_the_baseline_to_this_year():
    allowed = measurement_years(start_year=2024, baseline_year=2022, today=TODAY)
    assert (allowed.low, allowed.high) == (2017, 2026)
    assert 2027 not in allowed and 38 not in allowed
    future = measurement_years(start_year=2040, baseline_year=None, today=TODAY)
    assert (future.low, future.high) == (2026, 2026)

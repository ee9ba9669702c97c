"""Working days with the Dutch public holidays: hand-checked dates and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wendbaar.core.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_days_before,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28))],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_holidays_of_2026():
    assert sorted(public_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 4, 6),  # Tweede Paasdag
        D(2026, 4, 27),  # Koningsdag (a Monday)
        D(2026, 5, 5),  # Bevrijdingsdag
        D(2026, 5, 14),  # Hemelvaartsdag
        D(2026, 5, 25),  # Tweede Pinksterdag
        D(2026, 12, 25),
        D(2026, 12, 26),
    ]


def test_queens_day_before_2014():
    assert D(2013, 4, 30) in public_holidays(2013)
    assert D(2006, 4, 29) in public_holidays(2006)  # 30 April 2006 was a Sunday


def test_kings_day_on_a_sunday_moves_to_saturday():
    assert D(2025, 4, 27).weekday() == 6
    assert D(2025, 4, 26) in public_holidays(2025)
    assert D(2025, 4, 27) not in public_holidays(2025)


def test_good_friday_is_a_working_day():
    assert is_working_day(D(2026, 4, 3))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 3, 2), 3, D(2026, 3, 5)),  # Monday + 3 = Thursday
        (D(2026, 3, 6), 3, D(2026, 3, 11)),  # Friday + 3 = Wednesday
        (D(2026, 3, 7), 1, D(2026, 3, 9)),  # Saturday + 1 = Monday
        (D(2026, 4, 2), 3, D(2026, 4, 8)),  # over Easter: Good Friday counts, Easter Monday not
        (D(2026, 4, 24), 2, D(2026, 4, 29)),  # over Koningsdag (Monday 27 April)
        (D(2026, 5, 13), 1, D(2026, 5, 15)),  # over Ascension Day
        (D(2026, 12, 24), 3, D(2026, 12, 30)),  # over Christmas (Fri 25, Sat 26)
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # Nieuwjaarsdag is a Friday
        (D(2026, 3, 2), 10, D(2026, 3, 16)),
        (D(2026, 3, 7), 0, D(2026, 3, 9)),  # 0 days on a Saturday: the next working day
        (D(2026, 3, 4), 0, D(2026, 3, 4)),
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), -1)


def test_days_between_counts_after_start_up_to_end():
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert working_days_between(D(2026, 3, 6), D(2026, 3, 9)) == 1  # Friday → Monday
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 31)) == 4
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 2)) == 0


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)), st.integers(0, 60))
def test_between_inverts_add(start, days):
    due = add_working_days(start, days)
    assert is_working_day(due)
    # 0 days from a weekend or holiday is due the next working day: one day later.
    expected = days if days or is_working_day(start) else 1
    assert working_days_between(start, due) == expected


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)))
def test_holidays_every_year_and_easter_on_a_sunday(day):
    assert easter_sunday(day.year).weekday() == 6
    holidays = public_holidays(day.year)
    # Eight, or seven when Ascension Day falls on 5 May (2005, 2016).
    assert len(holidays) == (
        7 if easter_sunday(day.year) + dt.timedelta(39) == D(day.year, 5, 5) else 8
    )
    assert all(h.year == day.year for h in holidays)


def test_working_days_before_mirrors_adding_them():
    # Tuesday 28 April 2026, 3 working days back: over Koningsdag (Monday 27th) and the
    # weekend to Wednesday 22 April.
    assert working_days_before(dt.date(2026, 4, 28), 3) == dt.date(2026, 4, 22)
    for start in (dt.date(2026, 12, 28), dt.date(2026, 4, 22), dt.date(2027, 1, 4)):
        for n in range(0, 12):
            assert add_working_days(working_days_before(start, n), n) == start or not (
                is_working_day(start)
            )

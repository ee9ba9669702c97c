"""Which dates are plausible in a project's history. Pure rules, no Django.

A status change, a progress update or a done milestone records something that happened
to the project, so its date lies within the project's period and not after today:

* from ``BEFORE_START`` before the earlier of the planned start and the day the project
  was entered (preparations, a start that came early; and a plan entered long before
  it starts can still be stopped today). Less than a year, so a mistyped year (2016 for
  2026) is caught;
* to ``AFTER_END`` after the planned end (a final report, the completion of a project
  that overran its plan); later than that, the plan's end date should change first. A
  project without an end date is open until today;
* never after today (a mistyped future year is caught there), and always within
  ``FIRST_YEAR`` to ``LAST_YEAR``, the years the platform knows at all.

A measurement of a local indicator is a year: from ``MEASUREMENT_YEARS_BEFORE`` years
before the baseline or the wijkaanpak's start (the trend before it), to this year.
The services apply these rules, so the pages and the API refuse the same dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIRST_YEAR = 1990
LAST_YEAR = 2100
BEFORE_START = dt.timedelta(days=182)
AFTER_END = dt.timedelta(days=366)
MEASUREMENT_YEARS_BEFORE = 5


@dataclass(frozen=True)
class Allowed:
    """An inclusive range of dates or years."""

    low: dt.date | int
    high: dt.date | int

    def __contains__(self, value: dt.date | int) -> bool:
        return self.low <= value <= self.high  # type: ignore[operator]


def history_dates(
    *, start: dt.date, end: dt.date | None, entered: dt.date, today: dt.date
) -> Allowed:
    """The dates a status change, progress update or done milestone may carry."""
    low = max(dt.date(FIRST_YEAR, 1, 1), min(start, entered) - BEFORE_START)
    high = min(dt.date(LAST_YEAR, 12, 31), today)
    if end is not None:
        high = min(high, end + AFTER_END)
    return Allowed(low=low, high=high)


def plan_dates() -> Allowed:
    """The dates a project's plan (start, end, a milestone's due date) may name."""
    return Allowed(low=dt.date(FIRST_YEAR, 1, 1), high=dt.date(LAST_YEAR, 12, 31))


def measurement_years(*, start_year: int, baseline_year: int | None, today: dt.date) -> Allowed:
    """The years a measurement of a local indicator may be for."""
    first = min(start_year, baseline_year or start_year) - MEASUREMENT_YEARS_BEFORE
    high = min(LAST_YEAR, today.year)
    return Allowed(low=min(max(FIRST_YEAR, first), high), high=high)

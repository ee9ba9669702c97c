"""Working days (werkdagen) for the promises the platform makes. Pure rules, no Django.

A promise such as "binnen 3 werkdagen hoort u wie uw contactpersoon is" counts working
days: Monday to Friday, minus the Dutch public holidays of the Algemene termijnenwet
(art. 3): Nieuwjaarsdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag, the two
Christmas days, Koningsdag (27 April, the 26th when the 27th is a Sunday) and
Bevrijdingsdag (5 May). Easter Sunday and Whit Sunday fall on a Sunday anyway. Goede
Vrijdag is not a public holiday under that law, so it counts as a working day.

Initiatives and project proposals count their deadlines with these functions, so a
resident and a civil servant read the same date.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)


def easter_sunday(year: int) -> dt.date:
    """Western Easter (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=256)
def public_holidays(year: int) -> dict[dt.date, str]:
    """The public holidays of ``year`` by date (seven when Ascension Day is 5 May)."""
    easter = easter_sunday(year)
    # Koningsdag since 2014 (Koninginnedag, 30 April, before); on a Sunday, the day before.
    kings_day = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    if kings_day.weekday() == 6:
        kings_day -= ONE_DAY
    return {
        dt.date(year, 1, 1): "Nieuwjaarsdag",
        easter + ONE_DAY: "Tweede Paasdag",
        kings_day: "Koningsdag",
        dt.date(year, 5, 5): "Bevrijdingsdag",
        easter + dt.timedelta(days=39): "Hemelvaartsdag",
        easter + dt.timedelta(days=50): "Tweede Pinksterdag",
        dt.date(year, 12, 25): "Eerste Kerstdag",
        dt.date(year, 12, 26): "Tweede Kerstdag",
    }


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day ``days`` working days after ``start`` (``start`` itself does not count).

    Something received on a Friday with 3 working days to go is due the next Wednesday;
    with 0 days it is due the same day, or the next working day when ``start`` is none.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not is_working_day(day):
            day += ONE_DAY
        return day
    while days:
        day += ONE_DAY
        if is_working_day(day):
            days -= 1
    return day


def working_days_before(day: dt.date, days: int) -> dt.date:
    """The day ``days`` working days before ``day`` (the mirror of
    :func:`add_working_days`, for dating what happened ``days`` working days ago)."""
    counted = 0
    while counted < days:
        day -= ONE_DAY
        counted += is_working_day(day)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= start).

    The inverse of :func:`add_working_days`: ``working_days_between(d, add_working_days(d,
    n)) == n``. A measure of how long something took, as the dashboard reports it.
    """
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from wendbaar.stories.querysets import Period
from wendbaar.stories.selectors import (
    SignalCount,
    signal_counts,
    signals_for_user,
    stories_for_area,
)

from .factories import SignalFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_period_parse():
    assert Period.parse("2024") == Period(2024)
    assert Period.parse("2024-q2") == Period(2024, 2)
    assert Period.parse("2024-Q5") is None
    assert Period.parse("abc") is None
    assert Period(2024, 4).end == dt.date(2025, 1, 1)
    assert Period(2024, 2).start == dt.date(2024, 4, 1)


def test_signal_counts_tidy(geo):
    SignalFactory(area=geo["overvecht_buurt"], observed_on=dt.date(2024, 2, 1))
    SignalFactory(area=geo["overvecht_buurt"], observed_on=dt.date(2024, 3, 30))
    SignalFactory(area=geo["overvecht_buurt"], observed_on=dt.date(2024, 7, 1), direction="lever")
    SignalFactory(area=geo["overvecht"], observed_on=dt.date(2023, 7, 1), theme="housing")
    SignalFactory(area=geo["escamp"], observed_on=dt.date(2024, 7, 1))
    counts = signal_counts(area=geo["overvecht"])
    assert counts == [
        SignalCount(
            "BU03440343", "neighbourhood", "WK034403", "GM0344", "safety", "concern", 2024, 1, 2
        ),
        SignalCount(
            "BU03440343", "neighbourhood", "WK034403", "GM0344", "safety", "lever", 2024, 3, 1
        ),
        SignalCount("WK034403", "district", "GM0344", "GM0344", "housing", "concern", 2023, 3, 1),
    ]
    yearly = signal_counts(area=geo["utrecht"], by_quarter=False, period=Period(2024))
    assert [(c.direction, c.quarter, c.count) for c in yearly] == [
        ("concern", None, 2),
        ("lever", None, 1),
    ]


def test_signal_counts_respect_scope(geo, users):
    SignalFactory(area=geo["overvecht_buurt"])
    SignalFactory(area=geo["binnenstad_buurt"])
    counts = signal_counts(signals_for_user(users["wijkmanager"]))
    assert [c.area_code for c in counts] == ["BU03440343"]


def test_stories_for_area(geo, users):
    housing = StoryFactory(
        areas=[geo["overvecht_buurt"]], themes=["housing"], indicator_codes=["a_inw"]
    )
    internal = StoryFactory(areas=[geo["overvecht"]], internal=True)
    StoryFactory(areas=[geo["overvecht"]], submitted=True)
    StoryFactory(areas=[geo["binnenstad_buurt"]])
    anon = AnonymousUser()
    assert list(stories_for_area(anon, geo["overvecht"])) == [housing]
    assert set(stories_for_area(users["lezer"], geo["overvecht"])) == {housing, internal}
    assert list(stories_for_area(anon, geo["overvecht_buurt"], theme="housing")) == [housing]
    assert list(stories_for_area(anon, geo["overvecht"], theme="safety")) == []
    assert list(stories_for_area(anon, geo["overvecht"], indicator="a_inw")) == [housing]
    assert list(stories_for_area(anon, geo["overvecht"], indicator="a_in")) == []
    assert list(stories_for_area(anon, geo["overvecht"], period="2024-Q2")) == [housing]
    assert list(stories_for_area(anon, geo["overvecht"], period="2023")) == []
    assert stories_for_area(users["beheerder"], geo["utrecht"]).count() == 3

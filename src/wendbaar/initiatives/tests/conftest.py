"""Fixtures of the initiatives tests: Utrecht and Den Haag, a user per role, and
initiatives at each step of the way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from wendbaar.accounts.tests.factories import UserFactory, make_area, user_with_role
from wendbaar.agenda.tests.factories import make_geo
from wendbaar.initiatives import services


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def geo(db):
    """Utrecht with wijken Overvecht and Binnenstad (each with a buurt); Den Haag with
    Escamp and a buurt."""
    geo = make_geo()
    geo["binnenstad_buurt"] = make_area("BU03440611", "Domplein", geo["binnenstad"])
    geo["escamp_buurt"] = make_area("BU05180800", "Escamp-buurt", geo["escamp"])
    return geo


@pytest.fixture
def users(geo):
    """One user per row of the permission matrix."""
    return {
        "programmabureau": user_with_role(
            "programmabureau", municipality=geo["utrecht"], username="programmabureau"
        ),
        "wijkmanager": user_with_role(
            "wijkmanager",
            municipality=geo["utrecht"],
            districts=[geo["overvecht"]],
            username="wijkmanager",
        ),
        "wijkmanager_elsewhere": user_with_role(
            "wijkmanager",
            municipality=geo["utrecht"],
            districts=[geo["binnenstad"]],
            username="wijkmanager_binnenstad",
        ),
        "partner": user_with_role("partner", municipality=geo["utrecht"], username="partner"),
        "partner_elsewhere": user_with_role(
            "partner", municipality=geo["den_haag"], username="partner_elsewhere"
        ),
        "lezer": user_with_role("lezer", municipality=geo["utrecht"], username="lezer"),
        "beheerder": user_with_role("beheerder", municipality=geo["utrecht"], username="beheerder"),
        "no_role": UserFactory(username="no_role"),
    }


# A Monday without holidays near it: deadlines fall on plain weekdays.
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def submit(geo, *, area=None, email="bewoner@example.org", received_at=None, **fields):
    """An idea from the public form in Overvecht's buurt."""
    data = {
        "municipality": geo["utrecht"],
        "area": area or geo["overvecht_buurt"],
        "title": "Bloembakken in de straat",
        "what": "We willen bloembakken plaatsen en die zelf onderhouden.",
        "why": "De straat is grijs.",
        "themes": ["environment"],
        "asks": ["money", "permit"],
        "group": "Bewoners van de Zambesidreef",
        "name": "Fatima Bakker",
        "email": email,
        "phone": "06-12345678",
        "consent": True,
        "received_at": received_at or MONDAY,
    }
    data.update(fields)
    return services.submit_initiative(**data)


@pytest.fixture
def submitted(geo):
    return submit(geo)


@pytest.fixture
def initiative(submitted):
    return submitted.initiative


@pytest.fixture
def owned(initiative, users):
    """The wijkmanager triaged it and owns it."""
    return services.assign_owner(
        initiative=initiative,
        by=users["wijkmanager"],
        owner=users["wijkmanager"],
        role="initiatiefmakelaar",
    )

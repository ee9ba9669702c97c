"""The proposals tests read the English source texts (the Dutch ones are checked by
scripts/check_messages.py)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def geo(db):
    from wendbaar.agenda.tests.factories import make_geo

    return make_geo()


@pytest.fixture
def orgs(geo):
    from wendbaar.agenda.tests.factories import make_org

    utrecht = geo["utrecht"]
    return {
        "gemeente": make_org("Gemeente Utrecht", "municipality", utrecht),
        "corporatie": make_org(
            "Woningcorporatie (voorbeeld)", "civil_society", utrecht, "housing_corporation"
        ),
        "welzijn": make_org("Welzijnsorganisatie (voorbeeld)", "civil_society", utrecht, "welfare"),
        "den_haag": make_org("Gemeente Den Haag", "municipality", geo["den_haag"]),
    }


@pytest.fixture
def approach(geo, orgs):
    from wendbaar.agenda.tests.factories import make_approach

    return make_approach(geo, areas=[geo["overvecht"]], budget_holder=orgs["gemeente"])


@pytest.fixture
def users(geo, orgs):
    """One user per cell of the permission matrix."""
    from wendbaar.accounts.tests.factories import UserFactory, grant_role
    from wendbaar.core.actors import SYSTEM
    from wendbaar.organisations.services import link_user_to_organisation

    def user(role=None, **scope):
        u = UserFactory()
        if role:
            grant_role(u, role, **scope)
        return u

    utrecht = {"municipality": geo["utrecht"]}
    partner = user("partner", **utrecht)
    link_user_to_organisation(user=partner, organisation=orgs["corporatie"], by=SYSTEM)
    colleague = user("partner", **utrecht)
    link_user_to_organisation(user=colleague, organisation=orgs["corporatie"], by=SYSTEM)
    other_partner = user("partner", **utrecht)
    link_user_to_organisation(user=other_partner, organisation=orgs["welzijn"], by=SYSTEM)
    return {
        "none": user(),
        "lezer": user("lezer", **utrecht),
        "partner": partner,
        "colleague": colleague,
        "other_partner": other_partner,
        "external_assessor": user("partner", **utrecht),
        "wijkmanager_in": user("wijkmanager", districts=[geo["overvecht"]], **utrecht),
        "wijkmanager_out": user("wijkmanager", districts=[geo["binnenstad"]], **utrecht),
        "programmabureau": user("programmabureau", **utrecht),
        "programmabureau_den_haag": user("programmabureau", municipality=geo["den_haag"]),
        "beheerder": user("beheerder", **utrecht),
    }

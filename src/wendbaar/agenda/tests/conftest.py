import pytest

from wendbaar.accounts.tests.factories import UserFactory, grant_role
from wendbaar.core.actors import SYSTEM

from .factories import make_approach, make_geo, make_org


@pytest.fixture
def geo(db):
    return make_geo()


@pytest.fixture
def orgs(geo):
    utrecht = geo["utrecht"]
    return {
        "gemeente": make_org("Gemeente Utrecht", "municipality", utrecht),
        "corporatie": make_org(
            "Woningcorporatie (voorbeeld)", "civil_society", utrecht, "housing_corporation"
        ),
        "welzijn": make_org("Welzijnsorganisatie (voorbeeld)", "civil_society", utrecht, "welfare"),
        "bewoners": make_org("Bewonersplatform (voorbeeld)", "residents_organisation", utrecht),
        "den_haag": make_org("Gemeente Den Haag", "municipality", geo["den_haag"]),
    }


@pytest.fixture
def approach(geo, orgs):
    return make_approach(geo, budget_holder=orgs["gemeente"])


@pytest.fixture
def users(geo, orgs):
    """One user per cell of the permission matrix."""
    from wendbaar.organisations.services import link_user_to_organisation

    def user(role=None, **scope):
        u = UserFactory()
        if role:
            grant_role(u, role, **scope)
        return u

    utrecht = {"municipality": geo["utrecht"]}
    partner = user("partner", **utrecht)
    link_user_to_organisation(user=partner, organisation=orgs["corporatie"], by=SYSTEM)
    return {
        "none": user(),
        "lezer": user("lezer", **utrecht),
        "lezer_den_haag": user("lezer", municipality=geo["den_haag"]),
        "partner": partner,
        "wijkmanager_in": user(
            "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]]
        ),
        "wijkmanager_out": user(
            "wijkmanager", municipality=geo["utrecht"], districts=[geo["binnenstad"]]
        ),
        "programmabureau": user("programmabureau", **utrecht),
        "programmabureau_den_haag": user("programmabureau", municipality=geo["den_haag"]),
        "beheerder": user("beheerder", **utrecht),
    }

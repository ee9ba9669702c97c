import pytest

from wendbaar.accounts.tests.factories import make_area
from wendbaar.approaches.models import Approach
from wendbaar.core.actors import SYSTEM
from wendbaar.organisations import services as organisation_services


@pytest.fixture
def geo(db):
    utrecht = make_area("GM0344", "Utrecht")
    return {
        "utrecht": utrecht,
        "overvecht": make_area("WK034403", "Overvecht", utrecht),
        "den_haag": make_area("GM0518", "'s-Gravenhage"),
    }


@pytest.fixture
def approach(geo):
    approach = Approach.objects.create(
        name="Overvecht", municipality=geo["utrecht"], start_year=2024, end_year=2040
    )
    approach.areas.set([geo["overvecht"]])
    return approach


@pytest.fixture
def orgs(geo):
    u = geo["utrecht"]
    return {
        "gemeente": organisation_services.create_organisation(
            name="Gemeente", kind="municipality", municipality=u, by=SYSTEM
        ),
        "corporatie": organisation_services.create_organisation(
            name="Woningcorporatie (voorbeeld)",
            kind="civil_society",
            subtype="housing_corporation",
            municipality=u,
            by=SYSTEM,
        ),
        "bewoners": organisation_services.create_organisation(
            name="Bewonersplatform (voorbeeld)",
            kind="residents_organisation",
            municipality=u,
            by=SYSTEM,
        ),
        "den_haag": organisation_services.create_organisation(
            name="Gemeente Den Haag", kind="municipality", municipality=geo["den_haag"], by=SYSTEM
        ),
    }

"""The werkplaats tests read the English source texts; the world is the proposals tests'
one (Utrecht with Overvecht and Binnenstad, Den Haag, one user per cell of the matrix),
plus a werkplaats of Utrecht tied to the wijkaanpak of Overvecht."""

import pytest
from django.utils import translation

from wendbaar.proposals.tests.conftest import approach, geo, orgs, users  # noqa: F401


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def workshop(geo, approach, users):  # noqa: F811
    from .factories import make_workshop

    return make_workshop(geo["utrecht"], approach=approach, by=users["programmabureau"])


@pytest.fixture
def open_workshop(workshop, users):  # noqa: F811
    from wendbaar.workshops import services

    return services.move_workshop(workshop=workshop, to="open", by=users["programmabureau"])

"""The reports tests read the English source texts; the world is the agenda tests' one
(Utrecht with Overvecht, a partner organisation, one user per cell of the matrix)."""

import pytest
from django.utils import translation

from wendbaar.proposals.tests.conftest import approach, geo, orgs, users  # noqa: F401


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

"""The area pages link to the wijkaanpakken working there (figures → what is done)."""

import pytest
from django.urls import reverse

from .factories import make_approach

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions use the English msgids, whatever the compiled Dutch catalogue says."""
    settings.LANGUAGE_CODE = "en"


def area_page(client, code: str) -> str:
    response = client.get(reverse("pages:area", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_published_approach_shows_on_its_wijk_buurt_and_gemeente(client, geo):
    approach = make_approach(geo, name="Samen Overvecht", published=True)
    url = approach.get_absolute_url()
    for code in ("WK034403", "BU03440343", "GM0344"):
        html = area_page(client, code)
        assert url in html, code
        assert "Samen Overvecht" in html
    # Not on another wijk of the same gemeente, nor in another gemeente.
    assert url not in area_page(client, "WK034406")
    assert url not in area_page(client, "GM0518")


def test_approach_for_a_buurt_shows_on_its_wijk(client, geo):
    approach = make_approach(geo, name="Polder", areas=[geo["overvecht_buurt"]], published=True)
    assert approach.get_absolute_url() in area_page(client, "WK034403")


def test_a_draft_shows_only_to_whom_may_see_it(client, geo, users):
    draft = make_approach(geo, name="Concept Overvecht")
    url = draft.get_absolute_url()
    assert url not in area_page(client, "WK034403")
    assert "No neighbourhood approach works in this area yet." in area_page(client, "WK034403")
    client.force_login(users["wijkmanager_in"])
    html = area_page(client, "WK034403")
    assert url in html and "draft" in html
    client.force_login(users["lezer_den_haag"])
    assert url not in area_page(client, "WK034403")

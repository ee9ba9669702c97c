"""A wijkmanager opens a buurt's figures, then the gemeente's map, and changes what it shows.

Runs on the demo (real CBS figures for Tigrisdreef en omgeving, Overvecht, Utrecht). The
interface is English (cookie) so the assertions can use names; structure, codes and
numbers carry the rest.
"""

import re

import pytest

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

TIGRISDREEF = "BU03440342"


@pytest.fixture
def english(page, server_url):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": server_url}])
    return page


def test_buurt_profile_then_the_gemeente_map(english):
    page = english
    page.goto(f"/gebied/{TIGRISDREEF}/")
    assert "Tigrisdreef" in page.get_by_role("heading", level=1).inner_text()

    # Themes at a glance: this buurt next to the buurten of its wijk, of Utrecht, of NL
    # and its peers: like with like, never a wijk's or gemeente's own position.
    glance = page.locator("table.theme-glance")
    assert glance.locator("tbody tr").count() >= 3
    headers = glance.locator("thead th").all_inner_texts()
    assert "Neighbourhoods in Wijk 03 Overvecht (mean)" in headers
    assert "Neighbourhoods in the Netherlands (middle)" in headers

    # Every figure with its year, comparisons and source: 555 of 4,470 inhabitants are 65+.
    # The full tables are behind one disclosure per theme, below the key figures.
    page.locator(
        'details.profile-section:has(tr[data-indicator="share_65_plus"]) > summary'
    ).click()
    row = page.locator('tr[data-indicator="share_65_plus"]')
    assert "12.4" in row.inner_text() and "2024" in row.inner_text()
    row.locator("details.provenance summary").click()
    assert "85984NED" in row.locator("details.provenance").inner_text()
    # A value CBS withholds is a word, never 0.
    assert page.locator("td.figure--secret").count() >= 1
    assert_accessible(page)

    # On to the gemeente: where do the issues concentrate?
    follow(page, page.get_by_role("link", name=re.compile("Monitor of Utrecht")))
    assert "Utrecht" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("#choropleth-table tbody tr").count() > 50
    assert page.locator("#urgency-neighbourhood tbody tr").count() == 10
    assert_accessible(page)

    # Change the map's indicator: htmx swaps the map and the table, the URL follows.
    page.select_option("#map-show", "share_65_plus")
    heading = page.locator("#choropleth-heading")
    heading.filter(has_text="65+").wait_for()
    assert "share_65_plus" in page.url
    tigris = page.locator("#choropleth-table tr", has_text=TIGRISDREEF)
    assert "12.4" in tigris.inner_text()
    map_area = page.locator(f'svg a[href="/gebied/{TIGRISDREEF}/"]')
    assert "12.4" in map_area.get_attribute("aria-label")
    assert page.locator("#map-status").inner_text().strip() == heading.inner_text().strip()
    assert_accessible(page)


def test_reference_group_and_compare(english):
    page = english
    page.goto(f"/monitor/gebied/{TIGRISDREEF}/referentiegroep/")
    peers = page.locator("table.peer-table tbody tr")
    assert peers.count() == 11  # the buurt itself and its 10 reference areas
    assert_accessible(page)
    follow(page, page.get_by_role("link", name=re.compile("Compare side by side")))
    assert page.locator("#compare-themes").count() == 1
    assert TIGRISDREEF in page.locator("#compare-themes thead").inner_text()
    assert_accessible(page)

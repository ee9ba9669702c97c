"""Someone finds places the way people name them: a common name ("Den Haag"), a typo
("overvect") and a postcode ("3563") on the home page; then picks two areas for the
compare page with the same search, the second by keyboard only. The programmabureau adds
a name of its own, which the search knows at once, and removes it again.

Runs on the demo (real CBS names and "meest voorkomende postcode", the shipped aliases).
The interface is English (cookie) so the assertions can use the English texts.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture
def english(page, server_url):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": server_url}])
    return page


def test_find_by_alias_typo_and_postcode(english):
    page = english
    page.goto("/")
    search = page.get_by_role("searchbox", name=re.compile("Name, postcode or CBS code"))
    results = page.locator("#search-results")

    # A common name: "Den Haag" is CBS's 's-Gravenhage.
    search.fill("Den Haag")
    hit = results.get_by_role("listitem").filter(has_text="also known as “Den Haag”")
    expect(hit).to_have_count(1)
    expect(hit.get_by_role("link")).to_have_text("'s-Gravenhage")
    expect(hit).to_contain_text("GM0518")
    assert_accessible(page)

    # A typo: "overvect" still finds the wijk Overvecht, with its gemeente.
    search.fill("overvect")
    wijk = results.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Wijk 03 Overvecht", exact=True)
    )
    expect(wijk).to_contain_text("District")
    expect(wijk).to_contain_text("in Utrecht")

    # A postcode lists the buurten whose most common postcode it is, with their wijk.
    search.fill("3563 AB")
    expect(results.get_by_role("link", name="Vechtzoom-zuid", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Vechtzoom-noord, Klopvaart")).to_be_visible()
    expect(results.get_by_role("listitem").first).to_contain_text("in Wijk 03 Overvecht, Utrecht")
    expect(results.get_by_role("listitem").first).to_contain_text("most common postcode 3563")
    assert "q=3563" in page.url  # the live search keeps the address shareable
    assert_accessible(page)

    # The result is a link to the area.
    follow(page, results.get_by_role("link", name="Vechtzoom-zuid", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vechtzoom-zuid")


def test_pick_two_areas_for_the_compare_page(english):
    page = english
    page.goto("/monitor/vergelijk/")
    expect(page.get_by_text("No areas chosen yet.")).to_be_visible()
    assert_accessible(page)
    search = page.get_by_role("searchbox", name="Find an area")

    # By alias: "Schilderswijk" is the CBS wijk Schildersbuurt in Den Haag.
    search.fill("Schilderswijk")
    add = page.get_by_role("button", name="Add Wijk 29 Schildersbuurt")
    expect(add).to_be_visible()
    expect(page.locator("#compare-search-results")).to_contain_text("also known as “Schilderswijk”")
    assert_accessible(page)
    follow(page, add)
    chosen = page.locator(".compare-chosen")
    expect(chosen).to_contain_text("Wijk 29 Schildersbuurt")
    assert "area1=WK051829" in page.url

    # By typo, keyboard only: type, Tab past "Find" to the first result, Enter.
    search.click()
    page.keyboard.type("overvect")
    first = page.get_by_role("button", name="Add Wijk 03 Overvecht")
    expect(first).to_be_visible()
    page.keyboard.press("Tab")  # the Find button
    page.keyboard.press("Tab")  # the first result
    expect(first).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert "area1=WK051829" in page.url and "area2=WK034403" in page.url

    # Two areas: compared at once, side by side.
    expect(page.get_by_role("heading", name="Comparison", exact=True)).to_be_visible()
    header = page.locator(".compare-table thead").first
    expect(header).to_contain_text("Wijk 29 Schildersbuurt")
    expect(header).to_contain_text("Wijk 03 Overvecht")
    assert_accessible(page)

    # Removing one is a button too.
    follow(page, page.get_by_role("button", name="Remove Wijk 29 Schildersbuurt"))
    assert "WK051829" not in page.url and "area1=WK034403" in page.url


def test_the_gemeente_adds_its_own_name(open_page):
    page = open_page("programmabureau")  # Utrecht
    page.goto("/")
    follow(page, page.get_by_role("link", name="other names in Utrecht"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Other names of areas in Utrecht")
    assert_accessible(page)

    page.get_by_label("Area", exact=True).select_option(
        label="Wijk 03 Overvecht (District, WK034403)"
    )
    page.get_by_label("Other name", exact=True).fill("De Dreven")
    page.get_by_label("Kind of name").select_option("local")
    follow(page, page.get_by_role("button", name="Add name"))
    row = page.locator("#aliases-table tbody tr").filter(has_text="De Dreven")
    expect(row).to_contain_text("Wijk 03 Overvecht")
    assert_accessible(page)

    page.goto("/?q=de+dreven")
    hit = page.locator("#search-results li").filter(has_text="also known as “De Dreven”")
    expect(hit.get_by_role("link")).to_have_text("Wijk 03 Overvecht")

    page.goto("/gebied/GM0344/namen/")
    follow(page, page.get_by_role("button", name=re.compile("^Remove De Dreven")))
    expect(page.locator("#aliases-table")).not_to_contain_text("De Dreven")

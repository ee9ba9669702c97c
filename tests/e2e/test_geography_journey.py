"""A newcomer browses the demo from the home page down to one buurt, on real CBS data."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_home_to_buurt_on_the_map(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)

    # Search a gemeente by name; the live results (htmx) offer the gemeente.
    page.get_by_role("searchbox").fill("Utrecht")
    page.get_by_role("link", name=re.compile(r"^Utrecht")).first.click()
    expect_heading(page, "Utrecht")
    assert "GM0344" in page.content()
    assert_accessible(page)

    # The gemeente page lists its wijken and draws them on a map of links.
    map_links = page.locator("svg a")
    assert map_links.count() >= 10
    page.get_by_role("link", name=re.compile("Wijk 03 Overvecht")).first.click()
    expect_heading(page, "Overvecht")
    assert_accessible(page)

    # From the wijk to one of its buurten, by keyboard-reachable map link or list.
    page.get_by_role("link", name=re.compile("Tigrisdreef")).first.click()
    expect_heading(page, "Tigris")
    assert page.locator("svg").count() >= 1
    # Breadcrumbs lead back up: buurt > wijk > gemeente.
    crumbs = page.get_by_role("navigation", name=re.compile("(Kruimelpad|Breadcrumb)", re.I))
    assert "Overvecht" in crumbs.inner_text() and "Utrecht" in crumbs.inner_text()
    assert_accessible(page)


def test_rotterdam_and_den_haag_are_browsable(page):
    for code, name in (("GM0599", "Rotterdam"), ("GM0518", "'s-Gravenhage")):
        page.goto(f"/gebied/{code}/")
        expect_heading(page, name)
        assert page.locator("svg a").count() > 5, f"{name} should have a map of its areas"


def test_english_switch(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def expect_heading(page, text: str) -> None:
    heading = page.get_by_role("heading", level=1)
    assert text in heading.inner_text(), f"h1 {heading.inner_text()!r} lacks {text!r}"

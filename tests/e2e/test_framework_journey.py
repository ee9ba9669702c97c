"""The assessment framework of project proposals (#14, first part): the beheerder finds
it from "Mijn werk", makes it Utrecht's own and saves a stricter version; the earlier
version stays readable. axe-core on each page, at phone width too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_the_beheerder_keeps_the_framework_in_versions(open_page):
    page = open_page("beheerder")
    page.goto("/mijn-werk/")
    follow(page, page.get_by_role("link", name="Assessment framework of Utrecht"))
    framework = page.get_by_role("region", name="Den Haag: drie van de zes")
    expect(framework).to_contain_text("At least 3 of these 6 effects substantial")
    assert_accessible(page)
    button = page.get_by_role("button", name="Copy and edit")
    if button.count():  # a second run finds Utrecht's own framework already
        follow(page, button)
    else:
        follow(page, page.get_by_role("link", name="Edit: save a new version"))
    assert_accessible(page)
    page.get_by_label("Name of the framework").fill("Utrecht: vier van de zes")
    page.get_by_label("How many must be substantial").fill("4")
    page.get_by_label("What changed, and why").fill("We vragen meer samenhang.")
    follow(page, page.get_by_role("button", name="Save as a new version"))
    expect(page.get_by_role("status")).to_contain_text("Saved as version")
    expect(page.locator("#framework")).to_contain_text("At least 4 of these 6 effects substantial")
    follow(page, page.locator("#framework-versions").get_by_role("link").first)
    expect(page.locator("#framework")).to_contain_text("An earlier version, no longer in force.")
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page)

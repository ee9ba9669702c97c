"""Correcting soft data in the browser: a partner corrects and withdraws their own signal
(it leaves the timeline and shows in the history); a wijkmanager edits a story and
withdraws it (gone from the public list). Every page axe-core clean.

Runs on the demo (gemeente Utrecht, wijk Overvecht) with the demo users, in English.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

GEMEENTE = "GM0344"  # Utrecht
BUURT = "BU03440342"  # Tigrisdreef en omgeving, a buurt of Overvecht
BUURT_NAME = "Tigrisdreef en omgeving"


def test_a_partner_corrects_and_withdraws_their_signal(open_page):
    tag = uuid.uuid4().hex[:6]
    sentence = f"Broken street lights on the Tigrisdreef {tag}."
    page = open_page("partner")
    page.goto(f"/verhalen/gemeente/{GEMEENTE}/signalen/nieuw/")
    page.get_by_label("Neighbourhood or district").select_option(
        label=f"{BUURT_NAME} (neighbourhood)"
    )
    page.get_by_label("Theme").select_option(label="Safety and crime")
    page.get_by_role("group", name="Direction").get_by_label("Concern").check()
    page.get_by_label("Signal in one sentence").fill(sentence)
    page.get_by_role("button", name="Save signal").click()
    page.wait_for_url(re.compile(rf"/verhalen/gebied/{BUURT}/signalen/$"))

    # Correct it: the form shows what was saved; a date in the future is refused.
    item = page.locator("main li").filter(has_text=tag)
    follow(page, item.get_by_role("link", name="correct"))
    expect(page.get_by_label("Signal in one sentence")).to_have_value(sentence)
    assert_accessible(page)
    corrected = f"Two street lights broken on the Tigrisdreef {tag}."
    page.get_by_label("Signal in one sentence").fill(corrected)
    page.get_by_label("Date").fill("2999-01-01")
    page.get_by_role("button", name="Save signal").click()
    expect(page.get_by_label("Signal in one sentence")).to_have_value(corrected)
    expect(page.get_by_role("link", name=re.compile("future"))).to_have_count(1)
    page.get_by_label("Date").fill("2025-01-15")
    page.get_by_role("button", name="Save signal").click()
    page.wait_for_url(re.compile(rf"/verhalen/gebied/{BUURT}/signalen/$"))
    expect(page.locator("main")).to_contain_text(corrected)

    # Withdraw it: a confirmation page asks why.
    follow(page, page.locator("main li").filter(has_text=tag).get_by_role("link", name="withdraw"))
    assert_accessible(page)
    page.get_by_label("Reason for withdrawal").fill("Reported twice")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_label("Reason for withdrawal")).to_have_value("Reported twice")
    page.get_by_label("Yes, withdraw it.").check()
    page.get_by_role("button", name="Withdraw").click()
    page.wait_for_url(re.compile(rf"/verhalen/gebied/{BUURT}/signalen/$"))
    expect(page.locator("main")).not_to_contain_text(corrected)

    follow(page, page.get_by_role("link", name="Withdrawn signals"))
    expect(page.locator("main")).to_contain_text(corrected)
    expect(page.locator("main")).to_contain_text("Reported twice")
    assert_accessible(page)


def test_a_wijkmanager_edits_and_withdraws_a_story(open_page):
    title = f"The new playground {uuid.uuid4().hex[:6]}"
    manager = open_page("wijkmanager")
    manager.goto(f"/verhalen/gemeente/{GEMEENTE}/nieuw/")
    manager.get_by_label("Title").fill(title)
    manager.get_by_label("Story", exact=True).fill("Children play outside again.")
    manager.get_by_role("group", name="Told by").get_by_label("Resident").check()
    manager.get_by_label("Areas").select_option(label=f"{BUURT_NAME} (neighbourhood)")
    manager.get_by_role("group", name="Collected through").locator("input").first.check()
    manager.get_by_role("group", name="Consent given").get_by_label(re.compile("^Public")).check()
    manager.get_by_role("button", name="Save story").click()
    manager.wait_for_url(re.compile(r"/verhalen/\d+/$"))
    story_url = manager.url

    follow(manager, manager.get_by_role("link", name="Edit story"))
    assert_accessible(manager)
    edited = f"{title} (corrected)"
    manager.get_by_label("Title").fill(edited)
    manager.get_by_role("button", name="Save story").click()
    manager.wait_for_url(story_url)
    expect(manager.get_by_role("heading", level=1)).to_have_text(edited)

    follow(manager, manager.get_by_role("link", name="Withdraw story"))
    assert_accessible(manager)
    manager.get_by_label("Reason for withdrawal").fill("The writer asked us to")
    manager.get_by_label("Yes, withdraw it.").check()
    manager.get_by_role("button", name="Withdraw").click()
    manager.wait_for_url(re.compile(r"/moderatie/$"))
    withdrawn = manager.get_by_role("table", name=re.compile("taken back"))
    expect(withdrawn).to_contain_text(edited)
    assert_accessible(manager)

    anonymous = open_page()
    anonymous.goto(f"/verhalen/gemeente/{GEMEENTE}/")
    expect(anonymous.locator("main")).not_to_contain_text(edited)
    assert anonymous.goto(story_url).status == 404

"""Forms done once, right (issue #11, item 6), as a person sees them in the browser: a
stand-alone checkbox's label beside its box on a phone, an empty first choice instead of
the first buurt, a default date the date picker shows, the design system's checkboxes,
and an error summary that leads to the field.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

GEMEENTE = "GM0344"  # Utrecht


def test_a_resident_on_a_phone_files_a_story_for_the_whole_gemeente(open_page):
    page = open_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/verhalen/gemeente/{GEMEENTE}/vertel/")
    assert_accessible(page)

    # The required consent: its label beside the box, wrapping like a paragraph.
    box = page.get_by_role("checkbox", name=re.compile("I have read the explanation above"))
    label = page.locator(f"label[for='{box.get_attribute('id')}']")
    box_rect, label_rect = box.bounding_box(), label.bounding_box()
    assert label_rect["x"] >= box_rect["x"] + box_rect["width"]  # beside, not below
    assert label_rect["width"] > 250  # not squeezed into the box's column
    line = float(label.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24"))
    assert label_rect["height"] <= 3 * line + 2  # a few lines, not a syllable per line

    # No buurt chosen: the first choice is the whole gemeente, not the first buurt.
    area = page.get_by_label("Neighbourhood or district")
    expect(area).to_have_value("")
    assert "whole municipality" in area.locator("option:checked").inner_text()

    title = f"Het plein {uuid.uuid4().hex[:6]}"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your story", exact=True).fill("Het plein is weer een fijne plek.")
    page.get_by_role("group", name="I am a").get_by_label("Resident").check()
    page.get_by_role("group", name="What may we do with your story?").get_by_label(
        re.compile("^Public")
    ).check()
    box.check()
    page.get_by_role("button", name="Send my story").click()
    page.wait_for_url(re.compile(r"/vertel/bedankt/$"))


def test_a_forgotten_field_is_named_and_linked_and_dates_show(open_page):
    page = open_page("wijkmanager")
    page.goto(f"/verhalen/gemeente/{GEMEENTE}/nieuw/")
    # A default date the native date picker shows (ISO), not an empty-looking field.
    expect(page.get_by_label("Date", exact=True)).to_have_value(dt.date.today().isoformat())
    # The design system's own checkboxes and radios on every option.
    themes = page.get_by_role("group", name="Themes")
    expect(themes.locator("input[type=checkbox]").first).to_have_class(
        re.compile("utrecht-checkbox--custom")
    )
    assert "---------" not in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Save story").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    # A group's error leads to its fieldset, a field's to its input.
    told_by = summary.get_by_role("link", name=re.compile("^Told by"))
    expect(told_by).to_have_attribute("href", "#id_author_kind")
    told_by.click()
    expect(page.locator("fieldset#id_author_kind")).to_be_in_viewport()
    expect(summary.get_by_role("link", name=re.compile("^Title"))).to_have_attribute(
        "href", "#id_title"
    )
    assert_accessible(page)

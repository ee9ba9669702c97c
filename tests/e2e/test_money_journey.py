"""Money that adds up, in the browser: the wijkmanager funds a new project of the demo
wijkaanpak, is refused funding above its budget (the message names budget and total, the
form keeps what was typed), corrects a funding line and withdraws another with a reason;
the project page then counts only what is current and lists the withdrawn line as history.

Pages are asked for in English; locators are roles, labels and URLs.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DEMO_APPROACH = "Voorbeeld: wijkaanpak Overvecht"
GEMEENTE = "Gemeente (voorbeeld)"
CORPORATIE = "Woningcorporatie (voorbeeld)"
THIS_YEAR = dt.date.today().year


def expect_h1(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def expect_saved(page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_have_count(1)


def add_funding(page, source: str, amount: str) -> None:
    follow(page, page.get_by_role("link", name="Add funding"))
    page.get_by_label("Source (party)").select_option(label=source)
    page.get_by_label("Amount (euro)").fill(amount)
    page.get_by_label("Year").fill(str(THIS_YEAR))
    page.get_by_label("Status").select_option(label="Planned")
    page.get_by_role("button", name="Save").click()


def test_wijkmanager_keeps_the_money_of_a_project_right(open_page):
    title = f"Buurtkeuken {uuid.uuid4().hex[:6]}"
    page = open_page("wijkmanager")
    page.goto("/wijkaanpak/")
    follow(page, page.get_by_role("link", name=DEMO_APPROACH))
    follow(page, page.get_by_role("link", name="Add a project"))
    page.get_by_label("Title").fill(title)
    page.get_by_label("Start").fill(f"{THIS_YEAR}-01-01")
    page.get_by_label("Budget (euro)").fill("10000")
    page.get_by_role("button", name="Save").click()
    expect_h1(page, title)
    project_url = page.url

    add_funding(page, GEMEENTE, "8000")
    expect_saved(page, "funding has been added")

    # 5,000 more would make 13,000 on a budget of 10,000: refused, the input kept.
    add_funding(page, CORPORATIE, "5000")
    expect_h1(page, "Funding for")
    error = page.get_by_text(re.compile("above its budget"))
    expect(error.first).to_contain_text("10,000.00")
    expect(error.first).to_contain_text("13,000.00")
    expect(page.get_by_label("Amount (euro)")).to_have_value("5000")
    assert_accessible(page)
    page.get_by_label("Amount (euro)").fill("2000")
    page.get_by_role("button", name="Save").click()
    expect_saved(page, "funding has been added")
    assert page.url == project_url
    # 2,000 of others over the 10,000 budget: 20 %.
    expect(page.locator("#funding + p")).to_contain_text("20%")
    lines = page.get_by_role("table", name=re.compile("^Funding lines"))
    expect(lines.get_by_role("row")).to_have_count(3)
    assert_accessible(page)

    # Correct the corporatie's line: 1,500 instead of 2,000.
    follow(
        page,
        page.get_by_role("link", name=f"Edit the funding of {CORPORATIE}, {THIS_YEAR}"),
    )
    expect_h1(page, "Correct funding")
    expect(page.get_by_label("Amount (euro)")).to_have_value("2000.00")
    assert_accessible(page)
    page.get_by_label("Amount (euro)").fill("1500")
    page.get_by_role("button", name="Save").click()
    expect_saved(page, "funding line has been corrected")
    expect(page.locator("#funding + p")).to_contain_text("15%")

    # Withdraw the gemeente's line, with a reason, after a confirmation page.
    follow(
        page,
        page.get_by_role("link", name=f"Withdraw the funding of {GEMEENTE}, {THIS_YEAR}"),
    )
    expect_h1(page, "Withdraw funding")
    assert "8,000.00" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw").click()  # without a reason: refused
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw funding")
    page.get_by_label("Reason").fill("Entered twice")
    page.get_by_role("button", name="Withdraw").click()
    expect_saved(page, "funding line has been withdrawn")
    expect(lines.get_by_role("row")).to_have_count(2)  # header + the corporatie's line
    history = page.locator("#withdrawn-funding + ul")
    expect(history).to_contain_text(GEMEENTE)
    expect(history).to_contain_text("Entered twice")
    by_party = page.get_by_role("table", name="Funding by party (euro)")
    expect(by_party).not_to_contain_text(GEMEENTE)
    assert_accessible(page)

    # The money page: planned, committed and spent apart, "No theme" its own row.
    page.goto(project_url.split("projecten/")[0] + "geld/")
    expect_h1(page, "All money flows in the district")
    by_theme = page.get_by_role("table", name="Money by theme (euro)")
    for header in ("Planned", "Committed", "Spent"):
        expect(by_theme.get_by_role("columnheader", name=header)).to_have_count(1)
    expect(by_theme.get_by_role("row", name=re.compile("^No theme"))).to_have_count(1)
    assert_accessible(page)

"""A partner corrects its own progress report, and cannot touch another organisation's.

The demo partner acts for the invented corporatie, which owns "Schone en veilige
portieken" with one progress report (``agenda/demo.py``); the Werkcafé belongs to the
welzijnsorganisatie and has a report of its own. Pages in English (the
``django_language`` cookie); locators are roles, labels and URLs; axe-core clean.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DEMO_APPROACH = "Voorbeeld: wijkaanpak Overvecht"
OWN_PROJECT = "Schone en veilige portieken"
OTHER_PROJECT = "Werkcafé in het wijkcentrum"


def expect_h1(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def open_project(page, title: str) -> None:
    page.goto("/wijkaanpak/")
    follow(page, page.get_by_role("link", name=DEMO_APPROACH))
    expect_h1(page, DEMO_APPROACH)
    follow(page, page.get_by_role("link", name=title, exact=True))
    expect_h1(page, title)


def test_partner_corrects_its_own_progress_report_only(open_page):
    page = open_page("partner")

    # Its own project: each report has its "Edit" and "Withdraw" next to it.
    open_project(page, OWN_PROJECT)
    assert_accessible(page)
    edit = page.get_by_role("link", name=re.compile(r"^Edit the report of"))
    expect(edit).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"^Withdraw the report of"))).to_have_count(1)
    follow(page, edit)
    expect_h1(page, "Correct the progress report of 2025-09-30")
    expect(page.get_by_label("What happened")).to_have_value(re.compile("twaalf portieken"))
    expect(page.get_by_label("Progress (%)")).to_have_value("25")
    assert_accessible(page)

    # A percentage above 100 is refused; what was typed stays in the form.
    page.get_by_label("What happened").fill("Twintig portieken zijn klaar.")
    page.get_by_label("Progress (%)").fill("150")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Progress (%)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("What happened")).to_have_value("Twintig portieken zijn klaar.")
    assert_accessible(page)

    page.get_by_label("Progress (%)").fill("40")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect_h1(page, OWN_PROJECT)
    expect(page.get_by_role("status").filter(has_text="corrected")).to_have_count(1)
    report = page.locator("article.progress-update")
    expect(report).to_have_count(1)
    expect(report).to_contain_text("Twintig portieken zijn klaar.")
    expect(report.get_by_role("heading")).to_contain_text("40%")
    assert_accessible(page)

    # Withdrawing asks for a reason on a confirmation page; cancelling changes nothing.
    follow(page, page.get_by_role("link", name=re.compile(r"^Withdraw the report of")))
    expect_h1(page, "Withdraw progress report")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_label("Reason")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Cancel"))
    expect_h1(page, OWN_PROJECT)
    expect(page.locator("article.progress-update")).to_have_count(1)

    # Another organisation's project: its report is shown, without Edit or Withdraw,
    # and the correction's address answers 403 (visible, but not the partner's).
    open_project(page, OTHER_PROJECT)
    other = page.locator("article.progress-update").first
    expect(other).to_be_visible()
    assert page.get_by_role("link", name=re.compile(r"^(Edit|Withdraw) the report of")).count() == 0
    update = other.get_attribute("id").removeprefix("progress-")
    base = re.sub(r"#.*$", "", page.url)
    for action in ("corrigeren", "intrekken"):
        response = page.goto(f"{base}voortgang/{update}/{action}/")
        assert response.status == 403, (action, response.status)
    # Nothing changed there.
    page.goto(base)
    expect(page.locator("article.progress-update").first).to_contain_text("werkcafé draait")

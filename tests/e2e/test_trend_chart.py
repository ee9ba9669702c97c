"""A wijkmanager asks how a figure of a buurt moved over the years: the indicator page
draws the trend beside the reference group, Utrecht and the Netherlands, with its table.

Runs on the demo (real CBS figures): perceived health in Tigrisdreef en omgeving has five
survey years (2012, 2016, 2020, 2022, 2024). English interface (cookie).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

TIGRISDREEF = "BU03440342"
HEALTH = "/monitor/indicator/good_perceived_health/"


def _chart_with_table(page) -> None:
    chart = page.get_by_role("img", name="Good or very good perceived health in Tigrisdreef")
    expect(chart).to_be_visible()
    # The text alternative lists the values; the table holds the same figures.
    description = chart.get_attribute("aria-describedby")
    assert "2024" in page.locator(f"#{description}").text_content()
    table = page.get_by_role("table", name="Good or very good perceived health in Tigrisdreef")
    expect(table).to_be_visible()
    years = table.locator("tbody th[scope=row]").all_inner_texts()
    assert years == ["2012", "2016", "2020", "2022", "2024"]
    headers = table.locator("thead th").all_inner_texts()
    assert headers[0] == "Year" and "Municipality Utrecht" in headers
    assert "Reference group (mean)" in headers and "Netherlands" in headers
    # Lines told apart without colour: a legend in HTML, one entry per line.
    legend = page.get_by_role("list", name="Legend")
    expect(legend.get_by_role("listitem")).to_have_count(4)


def test_choose_an_area_and_read_its_trend(open_page):
    page = open_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(HEALTH)
    page.get_by_label("Area code").fill(TIGRISDREEF.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Show over the years").click()
    assert f"area={TIGRISDREEF.lower()}" in page.url
    expect(
        page.get_by_role("heading", level=2, name="Over the years in Tigrisdreef")
    ).to_be_visible()
    _chart_with_table(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_trend_chart_fits_and_is_accessible(open_page, width):
    page = open_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{HEALTH}?area={TIGRISDREEF}")
    _chart_with_table(page)
    box = page.locator("svg.trend-chart__svg").bounding_box()
    assert box is not None and box["width"] <= width and box["height"] > 100
    # The page itself does not scroll sideways (a wide table scrolls in its own region).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)


def test_an_unknown_code_is_said_not_drawn(open_page):
    page = open_page()
    page.goto(f"{HEALTH}?area=BU99999999")
    expect(page.get_by_text("Unknown area code(s): BU99999999.")).to_be_visible()
    assert page.locator("svg.trend-chart__svg").count() == 0
    expect(page.get_by_label("Area code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_two_buurten_side_by_side_on_a_phone(open_page):
    page = open_page()
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{HEALTH}?area={TIGRISDREEF}+BU03440341")
    expect(page.get_by_role("heading", level=2, name="Zambesidreef")).to_be_visible()
    charts = page.locator("svg.trend-chart__svg")
    expect(charts).to_have_count(2)
    for i in range(2):
        expect(charts.nth(i)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)

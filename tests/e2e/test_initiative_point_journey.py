"""A resident marks where their idea is on the buurt map (#13).

They pick a buurt, the buurt's map appears (htmx), they place the point with the keyboard
and by clicking, remove it and place it again, send the idea, and find the point on
their status page. Staff register an idea told by phone with a point and see it on the
detail page. axe-core with the map shown, at phone width too; no CSP refusals (the
picker is our own script file).
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow, link_in_mail

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

STATUS_PATH = re.compile(r"https?://[^/\s]+(/initiatieven/volg/[0-9a-f]{64}/)")
BUURT = "Tigrisdreef en omgeving"


def click_at_metres(page, x: float, y: float) -> None:
    """Click the picker's map where RD (x, y) is drawn, from the projection it carries."""
    page.locator("#id_point_map svg").scroll_into_view_if_needed()
    box = page.evaluate(
        """([x, y]) => {
          const picker = document.querySelector("[data-point-picker]");
          const d = picker.dataset;
          const svg = picker.querySelector("svg");
          const px = +d.padding + (x - +d.minX) * +d.scale;
          const py = +d.padding + (+d.maxY - y) * +d.scale;
          // The browser's own mapping of the drawing onto the screen (CSS size, meet).
          const screen = new DOMPoint(px, py).matrixTransform(svg.getScreenCTM());
          return [screen.x, screen.y];
        }""",
        [x, y],
    )
    page.mouse.click(box[0], box[1])


def test_a_resident_marks_the_place_of_an_idea_on_the_buurt_map(open_page, server_mail_dir):
    marker = uuid.uuid4().hex[:8]
    title = f"Bankje bij de speeltuin {marker}"
    address = f"punt-{marker}@example.org"

    resident = open_page()
    resident.goto("/initiatieven/gemeente/GM0344/idee/")
    # Nothing chosen: no map yet; "where exactly" is there for everyone.
    expect(resident.get_by_label("Where exactly? (optional)")).to_be_visible()
    expect(resident.locator("[data-point-picker]")).to_have_count(0)

    resident.get_by_label("Neighbourhood or district (optional)").select_option(
        label=f"{BUURT} (neighbourhood)"
    )
    area_map = resident.get_by_role("application", name="A point on the map (optional)")
    expect(area_map).to_be_visible()  # fetched by htmx and shown by the script
    status = resident.locator("#id_point_status")
    expect(status).to_have_text("No point chosen")
    point_x = resident.locator("#id_point_x")
    point_y = resident.locator("#id_point_y")
    assert_accessible(resident)

    # Keyboard: the first arrow places the point at the area's centre, the next moves it.
    picker = resident.locator("[data-point-picker]")
    start_x = float(picker.get_attribute("data-start-x"))
    start_y = float(picker.get_attribute("data-start-y"))
    area_map.focus()
    resident.keyboard.press("ArrowUp")
    expect(status).to_have_text("Point placed on the map")
    expect(resident.locator("#id_point_map .map-marker")).to_have_count(1)
    assert abs(float(point_x.input_value()) - start_x) <= 1
    assert abs(float(point_y.input_value()) - start_y) <= 1
    resident.keyboard.press("ArrowRight")
    assert float(point_x.input_value()) > start_x
    resident.keyboard.press("Delete")
    expect(status).to_have_text("No point chosen")
    expect(point_x).to_have_value("")
    expect(resident.locator("#id_point_map .map-marker")).to_have_count(0)

    # Mouse: a click where the centre is drawn gives the centre back, to a few metres.
    click_at_metres(resident, start_x, start_y)
    expect(status).to_have_text("Point placed on the map")
    scale = float(picker.get_attribute("data-scale"))
    tolerance = 2 / scale + 1  # two pixels of the drawing
    assert abs(float(point_x.input_value()) - start_x) <= tolerance
    assert abs(float(point_y.input_value()) - start_y) <= tolerance
    resident.get_by_role("button", name="Remove the point").click()
    expect(point_y).to_have_value("")
    click_at_metres(resident, start_x, start_y)
    expect(status).to_have_text("Point placed on the map")
    chosen = (float(point_x.input_value()), float(point_y.input_value()))

    resident.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(resident)
    resident.set_viewport_size({"width": 1280, "height": 800})

    resident.get_by_label("Your idea in a few words").fill(title)
    resident.get_by_label("What do you want to do?").fill("Een bankje, wij verven het elk jaar.")
    resident.get_by_label("Your e-mail address").fill(address)
    resident.get_by_label("I agree that you keep my contact details for this.").check()
    follow(resident, resident.get_by_role("button", name="Send my idea"))
    expect(resident.get_by_role("heading", level=1)).to_have_text("Thank you for your idea")

    # The status page shows the buurt with the point, and says so in words.
    resident.goto(link_in_mail(server_mail_dir, address, STATUS_PATH))
    figure = resident.locator("#initiative-point")
    expect(figure).to_contain_text(f"The point you chose on the map, in {BUURT}.")
    expect(figure.locator(".map-marker")).to_have_count(1)
    assert chosen[0] and chosen[1]
    assert_accessible(resident)
    resident.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(resident)


def test_staff_register_an_idea_with_a_point(open_page):
    bureau = open_page("programmabureau")
    bureau.goto("/initiatieven/gemeente/GM0344/nieuw/")
    bureau.get_by_label("Neighbourhood or district").select_option(label=f"{BUURT} (neighbourhood)")
    area_map = bureau.get_by_role("application", name="A point on the map (optional)")
    expect(area_map).to_be_visible()
    area_map.focus()
    bureau.keyboard.press("ArrowDown")
    expect(bureau.locator("#id_point_status")).to_have_text("Point placed on the map")
    assert_accessible(bureau)
    title = f"Buurtfeest {uuid.uuid4().hex[:8]}"
    bureau.get_by_label("By telephone").check()
    bureau.get_by_label("Title").fill(title)
    bureau.get_by_label("What do the initiators want to do?").fill("Een feest op het plein.")
    follow(bureau, bureau.get_by_role("button", name="Register the idea"))
    # No e-mail address: the link is shown once; the detail page shows the point.
    follow(bureau, bureau.get_by_role("link", name="Go to the initiative"))
    figure = bureau.locator("#initiative-point")
    expect(figure).to_contain_text(f"The point the initiators chose, in {BUURT}.")
    assert_accessible(bureau)

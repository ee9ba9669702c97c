"""No key page scrolls sideways, on a phone (390 px) or a laptop (1,280 px).

Wide tables scroll inside their own named, focusable region instead; maps and charts
scale. Read signed out and as the demo wijkmanager (who sees more: forms, checklists,
internal figures), and axe-clean on the phone too.
"""

import pytest

from .conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

GEMEENTE, WIJK, BUURT = "GM0344", "WK034403", "BU03440311"
KEY_PAGES = [
    "/",
    f"/monitor/{GEMEENTE}/",
    f"/gebied/{WIJK}/",
    f"/gebied/{BUURT}/",
    f"/monitor/indicator/crimes_per_1000/?area={WIJK}",
    "/wijkaanpak/1/",
    "/wijkaanpak/1/geld/",
    "/wijkaanpak/1/projecten/1/",
    f"/verhalen/gemeente/{GEMEENTE}/",
    f"/verhalen/gemeente/{GEMEENTE}/vertel/",
]
PHONE, LAPTOP = 390, 1280


@pytest.mark.parametrize("user", [None, "wijkmanager"])
def test_no_key_page_scrolls_sideways(open_page, user):
    page = open_page(user)
    wide = []
    for width in (LAPTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        for path in KEY_PAGES:
            response = page.goto(path)
            assert response is not None and response.ok, f"{path}: {response and response.status}"
            page.wait_for_load_state("load")
            scroll_width, inner_width = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll_width > inner_width:
                wide.append(f"{path} at {width} px: {scroll_width} px wide")
            if width == PHONE:
                assert_accessible(page)
    assert wide == [], "pages wider than the window:\n" + "\n".join(wide)


def test_a_wide_table_scrolls_in_its_own_region_with_a_hint(open_page):
    page = open_page()
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.goto(f"/gebied/{BUURT}/")
    # The full tables sit behind one disclosure per theme.
    page.locator("summary.profile-section__summary", has_text="Work and participation").click()
    region = page.get_by_role("region", name="Work and participation")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert region.locator(".table-scroll__hint").is_visible()
    # On a laptop the hint is gone.
    page.set_viewport_size({"width": LAPTOP, "height": 900})
    assert not region.locator(".table-scroll__hint").is_visible()

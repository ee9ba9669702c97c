"""A werkplaats (#16) in the browser: the programme bureau prepares and opens one for the
demo wijkaanpak and puts the shared screen up; three colleagues join on phones (390 px)
with the code and a first name and place the five sliders — two of them far apart on one
— while the facilitator's screen, polled by htmx, shows them arrive and marks where the
team disagrees. The session ends in a SMART werkagenda: a vague action is refused with the
reason, a SMART one is added, pushed into the wijkaanpak as a project and printed as PDF.
axe-core on the participants' and the facilitator's pages, the latter at phone width too."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

APPROACH = "Voorbeeld: wijkaanpak Overvecht"
PHONE = {"width": 390, "height": 844}
SLIDERS = [
    "Internal positioning",
    "Process within the municipality",
    "Process with residents",
    "Governance and politics",
    "Communication",
]
# (first name, now per slider, target per slider): Sanne and Joost are 60 points apart on
# "Process with residents"; on the other sliders the three are close.
TEAM = [
    ("Sanne", [30, 40, 20, 50, 30], [60, 70, 70, 70, 60]),
    ("Joost", [35, 45, 80, 55, 30], [65, 70, 85, 70, 60]),
    ("Fatima", [30, 40, 50, 50, 35], [60, 75, 75, 70, 65]),
]
# Polled every 3 seconds: an answer reaches the screen within two polls.
POLLED = 10_000


def _place_sliders(phone, code: str, name: str, now: list[int], target: list[int]) -> None:
    phone.goto(f"/werkplaats/meedoen/?code={code.lower()}")
    expect(phone.get_by_label("Code")).to_have_value(code.lower())
    assert_accessible(phone)
    phone.get_by_label("Your first name").fill(name)
    follow(phone, phone.get_by_role("button", name="Join"))
    expect(phone.get_by_text(f"You take part as {name}")).to_be_visible()
    assert_accessible(phone)
    # The exercise on the shared screen, first on the page.
    follow(phone, phone.locator("#on-screen").get_by_role("link", name="Five sliders"))
    for slider, n, t in zip(SLIDERS, now, target, strict=True):
        group = phone.get_by_role("group", name=slider, exact=True)
        group.get_by_label("Situation now").fill(str(n))
        group.get_by_label("Situation aimed for").fill(str(t))
    assert_accessible(phone)
    follow(phone, phone.get_by_role("button", name="Save my sliders"))
    # Five sliders placed: the participant sees their own profile.
    expect(phone.get_by_text(re.compile("Pioneers|Deep-thinkers|Between pioneer"))).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_facilitator_and_three_phones_end_in_a_smart_werkagenda(open_page):
    pim = open_page("programmabureau")
    pim.goto("/werkplaats/")
    assert_accessible(pim)
    follow(pim, pim.get_by_role("link", name="New werkplaats"))
    pim.get_by_label("Title").fill("Werkplaats team Overvecht")
    pim.get_by_label("Date").fill("2026-12-10")
    pim.get_by_label("Wijkaanpak").select_option(label=APPROACH)
    assert_accessible(pim)
    follow(pim, pim.get_by_role("button", name="Prepare the werkplaats"))
    expect(pim.get_by_role("heading", level=1)).to_contain_text("Werkplaats team Overvecht")
    follow(pim, pim.get_by_role("button", name="Open the werkplaats"))
    code = pim.locator("#join-code").inner_text().strip()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", code), code
    expect(pim.locator("svg[role=img]").first).to_be_visible()  # the QR code
    assert_accessible(pim)
    workshop_url = pim.url

    follow(pim, pim.get_by_role("link", name=re.compile("^The shared screen")))
    screen = pim.locator("#results")
    expect(screen.get_by_text("0 participants answered.")).to_be_visible()
    assert_accessible(pim)

    phones = [open_page(viewport=PHONE) for _ in TEAM]
    for phone, (name, now, target) in zip(phones, TEAM, strict=True):
        _place_sliders(phone, code, name, now, target)

    # The facilitator's pages on a phone too (a wijkmanager running it from the room).
    small = open_page("programmabureau", viewport=PHONE)
    for url in (workshop_url, pim.url):
        small.goto(url)
        assert_accessible(small)
        assert small.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The screen was not reloaded: htmx brought the answers in.
    expect(screen.get_by_text("3 participants answered.")).to_be_visible(timeout=POLLED)
    table = pim.locator("#slider-table")
    residents = table.get_by_role("row", name=re.compile("^Process with residents"))
    expect(residents).to_contain_text("20")
    expect(residents).to_contain_text("80")
    expect(residents.get_by_text("tension here")).to_be_visible()
    calm = table.get_by_role("row", name=re.compile("^Communication"))
    expect(calm.get_by_text("tension here")).to_have_count(0)
    expect(pim.locator("svg.dotplot, svg[class*=dotplot]").first).to_be_visible()
    assert_accessible(pim)

    # The werkagenda: a vague action is refused with the reason, a SMART one is kept.
    pim.goto(workshop_url)
    follow(pim, pim.get_by_role("link", name="The lokale werkagenda"))
    assert_accessible(pim)
    follow(pim, pim.get_by_role("link", name=re.compile("Add an action")))
    pim.get_by_label("What", exact=True).fill("Samenwerking verbeteren")
    pim.get_by_label("Who", exact=True).fill("Joost")
    pim.get_by_label("When (a date)").fill("2027-02-01")
    pim.get_by_label("How we see success").fill("Beter")
    follow(pim, pim.get_by_role("button", name="Add the action"))
    expect(pim.get_by_text(re.compile("Too vague")).first).to_be_visible()
    expect(pim.get_by_label("What", exact=True)).to_have_value("Samenwerking verbeteren")
    assert_accessible(pim)
    pim.get_by_label("What", exact=True).fill(
        "Gesprek met de initiatiefnemers over wat ieder verwacht"
    )
    pim.get_by_label("How we see success").fill(
        "Verwachtingen op papier, door beide kanten herkend"
    )
    follow(pim, pim.get_by_role("button", name="Add the action"))
    expect(
        pim.get_by_role("heading", name="Gesprek met de initiatiefnemers over wat ieder verwacht")
    ).to_be_visible()
    follow(pim, pim.get_by_role("button", name=re.compile(f"Make it a project of {APPROACH}")))
    project = pim.get_by_role(
        "link", name="Gesprek met de initiatiefnemers over wat ieder verwacht"
    )
    follow(pim, project)
    expect(pim.get_by_role("heading", level=1)).to_contain_text("Gesprek met de initiatiefnemers")
    expect(pim.get_by_text(re.compile("Werkplaats team Overvecht")).first).to_be_visible()

    with pim.expect_download() as download:
        pim.goto(workshop_url)
        pim.get_by_role("link", name="The werkagenda as PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    # A table cell breaks the action over lines.
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Gesprek met de initiatiefnemers over wat ieder verwacht" in text
    assert "Werkplaats team Overvecht" in text

"""Soft data in the browser: a resident's story through moderation onto the area page, a
professional's signal on the timeline, and one person's data exported and erased (AVG).

Runs on the demo (gemeente Utrecht, wijk Overvecht) with the demo users. Pages are asked
for in English (the ``django_language`` cookie), so the journeys do not depend on the
Dutch wording, which translators change; most locators are roles, labels and URLs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import zipfile
from io import BytesIO

import pytest
from PIL import ExifTags, Image
from playwright.sync_api import expect

from .conftest import assert_accessible, follow

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

GEMEENTE = "GM0344"  # Utrecht
WIJK = "WK034403"  # Wijk 03 Overvecht (in the wijkmanager's scope)
BUURT = "BU03440342"  # Tigrisdreef en omgeving, a buurt of Overvecht
BUURT_NAME = "Tigrisdreef en omgeving"


def story_titles(page) -> list[str]:
    return [
        t.strip()
        for t in page.locator("article.story-card h2, article.story-card h3").all_inner_texts()
    ]


def tell_a_story(page, *, title: str, email: str) -> None:
    """A resident fills in the public form, giving public consent and contact details."""
    page.goto(f"/verhalen/gemeente/{GEMEENTE}/vertel/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    # Every field is reachable by its label (keyboard and screen-reader users).
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your story", exact=True).fill(
        "Since the benches came back on the square, neighbours talk to each other again."
    )
    page.get_by_label("Your story in one sentence (optional)").fill("We talk again.")
    area = page.get_by_label("Neighbourhood or district")
    area.select_option(label=f"{BUURT_NAME} (neighbourhood)")
    page.get_by_role("group", name="I am a").get_by_label("Resident").check()
    page.get_by_role("group", name="Themes (optional)").get_by_label(
        re.compile("Living together", re.I)
    ).first.check()
    page.get_by_role("group", name="What may we do with your story?").get_by_label(
        re.compile("^Public")
    ).check()
    page.get_by_label(re.compile("you may keep my story without my name")).check()
    page.get_by_label("Name (optional)").fill("Rosa Voorbeeld")
    page.get_by_label("E-mail address (optional)").fill(email)
    page.get_by_label(re.compile("I have read the explanation above")).check()
    # The honeypot is out of reach of assistive technology and of the Tab key.
    assert page.get_by_role("textbox", name="Leave this field empty").count() == 0
    assert page.locator("input[name=website]").get_attribute("tabindex") == "-1"
    page.get_by_role("button", name="Send my story").click()
    page.wait_for_url(re.compile(r"/vertel/bedankt/$"))
    assert "Thank you" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)


def test_resident_story_is_moderated_then_shown_on_the_area_page(open_page):
    title = f"Benches on the square {uuid.uuid4().hex[:6]}"
    resident = open_page()
    tell_a_story(resident, title=title, email=f"rosa-{uuid.uuid4().hex[:6]}@example.org")

    # Not public yet: neither in the gemeente's list nor on the buurt's page.
    resident.goto(f"/verhalen/gemeente/{GEMEENTE}/")
    assert title not in story_titles(resident)
    resident.goto(f"/gebied/{BUURT}/")
    assert title not in resident.locator("section.area-stories").inner_text()

    # The wijkmanager finds it in the moderation queue and publishes it.
    manager = open_page("wijkmanager")
    manager.goto(f"/verhalen/gemeente/{GEMEENTE}/")
    manager.get_by_role("link", name="Moderation queue").click()
    manager.wait_for_url(re.compile(rf"/verhalen/gemeente/{GEMEENTE}/moderatie/$"))
    assert_accessible(manager)
    manager.get_by_role("table").get_by_role("link", name=title).click()
    expect_h1(manager, title)
    assert "Not public" in manager.locator("article.story").inner_text()
    assert_accessible(manager)
    moderation = manager.get_by_role("region", name="Moderation")
    moderation.get_by_role("group", name="Decision").get_by_label("Publish").check()
    moderation.get_by_label("Note (internal)").fill("Checked: no names of others.")
    moderation.get_by_role("button", name="Save decision").click()
    manager.wait_for_url(re.compile(r"/moderatie/$"))
    assert manager.get_by_role("status").filter(has_text="published").count() == 1
    assert manager.get_by_role("link", name=title).count() == 0

    # Now anyone sees it: in the gemeente's stories and beside the figures of buurt and wijk.
    resident.goto(f"/verhalen/gemeente/{GEMEENTE}/")
    assert title in story_titles(resident)
    assert_accessible(resident)
    resident.get_by_role("searchbox", name="Search").fill(title)
    with resident.expect_navigation():
        resident.get_by_role("button", name="Show").click()
    assert story_titles(resident) == [title]
    for code in (BUURT, WIJK):
        resident.goto(f"/gebied/{code}/")
        stories = resident.get_by_role("region", name="Stories from the neighbourhood")
        assert title in stories.inner_text(), f"{title!r} missing on /gebied/{code}/"
        assert_accessible(resident)
    resident.get_by_role("region", name="Stories from the neighbourhood").get_by_role(
        "link", name=title
    ).click()
    expect_h1(resident, title)
    text = resident.locator("main").inner_text()
    assert "neighbours talk to each other again" in text
    # The name and e-mail address are never shown with the story.
    assert "Rosa Voorbeeld" not in text
    assert "Not public" not in text
    assert_accessible(resident)


def test_public_form_explains_its_errors_accessibly(open_page):
    page = open_page()
    page.goto(f"/verhalen/gemeente/{GEMEENTE}/vertel/")
    # Sent empty: an error summary (an alert) links to each field in need.
    page.get_by_role("button", name="Send my story").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct the following")
    assert_accessible(page)
    title = page.get_by_label("Title")
    assert title.get_attribute("aria-invalid") == "true"
    assert f"{title.get_attribute('id')}_error" in title.get_attribute("aria-describedby")
    summary.get_by_role("link", name=re.compile("^Title:")).click()
    expect(title).to_be_focused()
    # A radio group in error is a fieldset described by its error message.
    consent = page.get_by_role("group", name="What may we do with your story?")
    assert "_error" in consent.get_attribute("aria-describedby")
    summary.get_by_role("link", name=re.compile("^What may we do with your story")).click()
    assert page.url.endswith(f"#{consent.get_attribute('id')}")
    assert "/vertel/" in page.url  # still on the form, nothing sent


def test_professional_notes_a_signal_on_the_timeline(open_page):
    sentence = f"More young people hang around the shopping centre at night {uuid.uuid4().hex[:6]}."
    # A professional of a partner organisation (the demo partner) notes what they saw.
    page = open_page("partner")
    page.goto(f"/verhalen/gemeente/{GEMEENTE}/")
    page.get_by_role("link", name="Note a signal").click()
    page.wait_for_url(re.compile(r"/signalen/nieuw/$"))
    assert_accessible(page)
    page.get_by_label("Neighbourhood or district").select_option(
        label=f"{BUURT_NAME} (neighbourhood)"
    )
    page.get_by_label("Theme").select_option(label="Safety and crime")
    page.get_by_role("group", name="Direction").get_by_label("Concern").check()
    page.get_by_label("Signal in one sentence").fill(sentence)
    page.get_by_role("button", name="Save signal").click()
    page.wait_for_url(re.compile(rf"/verhalen/gebied/{BUURT}/signalen/$"))
    expect(page.get_by_role("status").filter(has_text="signal has been saved")).to_have_count(1)
    expect_h1(page, f"Signals from {BUURT_NAME}")
    year = str(dt.date.today().year)
    # The newest quarter's region (the totals table above it is a scrolling region too).
    newest = page.get_by_role("region").filter(has=page.get_by_role("heading", level=2)).first
    expect(newest.get_by_role("heading", level=2)).to_contain_text(year)
    expect(newest).to_contain_text(sentence)
    assert_accessible(page)

    # The wijkmanager sees it on the wijk's timeline (a wijk holds its buurten), counted.
    manager = open_page("wijkmanager")
    manager.goto(f"/verhalen/gebied/{WIJK}/signalen/")
    expect(manager.locator("main")).to_contain_text(sentence)
    counts = manager.get_by_role("table", name=re.compile("signals per year"))
    row = counts.get_by_role("row", name=re.compile(rf"{year}\s+Concern"))
    assert int(row.get_by_role("cell").last.inner_text()) >= 1
    assert_accessible(manager)

    # Signals are for staff only.
    anonymous = open_page()
    anonymous.goto(f"/verhalen/gebied/{WIJK}/signalen/")
    assert "/accounts/inloggen/" in anonymous.url
    assert sentence not in anonymous.content()


def test_personal_data_are_exported_and_erased(open_page):
    title = f"Playground by the canal {uuid.uuid4().hex[:6]}"
    email = f"erase-me-{uuid.uuid4().hex[:6]}@example.org"
    resident = open_page()
    tell_a_story(resident, title=title, email=email)

    # Published first, so that we see it stay (anonymised) after the erasure.
    manager = open_page("wijkmanager")
    manager.goto(f"/verhalen/gemeente/{GEMEENTE}/moderatie/")
    follow(manager, manager.get_by_role("link", name=title))
    story_url = manager.url
    manager.get_by_role("group", name="Decision").get_by_label("Publish").check()
    manager.get_by_role("button", name="Save decision").click()
    manager.wait_for_url(re.compile(r"/moderatie/$"))

    # A data subject's request: the beheerder finds the person by e-mail address.
    admin = open_page("beheerder")
    admin.goto("/verhalen/persoonsgegevens/")
    assert_accessible(admin)
    admin.get_by_label("E-mail address of the person").fill(email)
    admin.get_by_role("button", name="Search").click()
    admin.get_by_role("link", name=re.compile("Rosa Voorbeeld")).click()
    expect_h1(admin, "Personal data")
    details = admin.locator("main").inner_text()
    assert "Rosa Voorbeeld" in details and email in details and title in details
    assert_accessible(admin)

    # The export (a zip: the data as JSON, photos as files) holds the details and the story.
    with admin.expect_download() as download_info:
        admin.get_by_role("link", name=re.compile("Download all data")).click()
    with zipfile.ZipFile(download_info.value.path()) as archive:
        exported = json.loads(archive.read("personal-data.json").decode("utf-8"))
    assert exported["contributor"]["name"] == "Rosa Voorbeeld"
    assert exported["contributor"]["email"] == email
    assert [s["title"] for s in exported["stories"]] == [title]
    assert exported["stories"][0]["keep_after_withdrawal"] is True

    # Erase: the consent said the story may stay without the name.
    follow(admin, admin.get_by_role("link", name="Erase personal data"))
    assert_accessible(admin)
    assert "1 story stays" in admin.locator("main").inner_text()
    # The reason is a choice, never free text: the audit log keeps it.
    admin.get_by_role("group", name="Reason").get_by_label("Request by the person").check()
    admin.get_by_label("Yes, erase these personal data now.").check()
    admin.get_by_role("button", name="Erase").click()
    admin.wait_for_url(re.compile(r"/persoonsgegevens/$"))
    status = admin.get_by_role("status").filter(has_text="erased").inner_text()
    assert "Stories kept anonymously: 1" in status and "stories deleted: 0" in status

    # Gone: nobody is found by that address any more.
    admin.get_by_label("E-mail address of the person").fill(email)
    admin.get_by_role("button", name="Search").click()
    expect(admin.get_by_text("Nobody found")).to_be_visible()
    assert admin.get_by_role("link", name=re.compile("Rosa Voorbeeld")).count() == 0

    # The story stays, published, with no link to the person.
    admin.goto(story_url)
    expect_h1(admin, title)
    assert admin.get_by_role("link", name="Contact details of the contributor").count() == 0
    resident.goto(story_url)
    expect_h1(resident, title)
    assert "Rosa Voorbeeld" not in resident.content()


def test_staff_only_pages_are_closed_to_the_public_and_the_reader(open_page):
    anonymous = open_page()
    for path in (
        f"/verhalen/gemeente/{GEMEENTE}/moderatie/",
        f"/verhalen/gemeente/{GEMEENTE}/signalen/nieuw/",
        "/verhalen/persoonsgegevens/",
    ):
        anonymous.goto(path)
        assert "/accounts/inloggen/" in anonymous.url, path

    # The lezer (reader, 's-Gravenhage) may not moderate, note signals or see personal data.
    reader = open_page("lezer")
    for path in (
        f"/verhalen/gemeente/{GEMEENTE}/moderatie/",
        f"/verhalen/gemeente/{GEMEENTE}/signalen/nieuw/",
        "/verhalen/persoonsgegevens/",
    ):
        response = reader.goto(path)
        assert response.status == 403, (path, response.status)
    reader.goto(f"/verhalen/gemeente/{GEMEENTE}/")
    for name in ("Moderation queue", "Note a signal", "Enter a story"):
        assert reader.get_by_role("link", name=name).count() == 0, name


def expect_h1(page, text: str) -> None:
    """Waits (the page may still be loading after a click) for the h1."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def jpeg_with_camera_and_location() -> bytes:
    """A small real JPEG whose EXIF holds a camera make and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Voorbeeldcamera"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 6.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (5.0, 7.0, 15.0),
    }
    out = BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    written = Image.open(BytesIO(data)).getexif()
    assert written[ExifTags.Base.Make] == "Voorbeeldcamera"
    assert written.get_ifd(ExifTags.IFD.GPSInfo), "the test photo should carry a location"
    return data


def test_resident_story_with_a_photo_is_shown_without_its_metadata(open_page):
    title = f"Flowers by the flats {uuid.uuid4().hex[:6]}"
    text = "Neighbours planted flowers along the path between the flats."
    alt = "Orange flowers along a path between blocks of flats"
    resident = open_page()
    resident.goto(f"/verhalen/gemeente/{GEMEENTE}/vertel/")
    resident.get_by_label("Title").fill(title)
    resident.get_by_label("Your story", exact=True).fill(text)
    resident.get_by_label("Neighbourhood or district").select_option(
        label=f"{BUURT_NAME} (neighbourhood)"
    )
    resident.get_by_role("group", name="I am a").get_by_label("Resident").check()
    resident.get_by_role("group", name="What may we do with your story?").get_by_label(
        re.compile("^Public")
    ).check()
    resident.get_by_label(re.compile("I have read the explanation above")).check()
    photo = resident.get_by_label("Photo (optional)")
    alt_field = resident.get_by_label("What does the photo show?")

    # A text file renamed to .jpg is refused by its content, not its name; what was
    # typed stays.
    photo.set_input_files(
        {"name": "flowers.jpg", "mimeType": "image/jpeg", "buffer": b"Not a photo at all.\n"}
    )
    alt_field.fill(alt)
    resident.get_by_role("button", name="Send my story").click()
    summary = resident.get_by_role("alert")
    expect(summary).to_contain_text("Upload a photo in JPEG, PNG or WebP format.")
    assert "/vertel/" in resident.url  # still on the form, nothing sent
    expect(photo).to_have_attribute("aria-invalid", "true")
    expect(resident.get_by_label("Title")).to_have_value(title)
    expect(resident.get_by_label("Your story", exact=True)).to_have_value(text)
    expect(alt_field).to_have_value(alt)
    expect(
        resident.get_by_role("group", name="What may we do with your story?").get_by_label(
            re.compile("^Public")
        )
    ).to_be_checked()
    assert_accessible(resident)
    summary.get_by_role("link", name=re.compile("^Photo")).click()
    expect(photo).to_be_focused()

    # With a real photo (carrying camera and location data) the story is sent.
    photo.set_input_files(
        {"name": "flowers.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_camera_and_location()}
    )
    resident.get_by_label(re.compile("I have read the explanation above")).check()
    resident.get_by_role("button", name="Send my story").click()
    # (The error link's fragment, #id_photo, may stay on the URL through the redirect.)
    resident.wait_for_url(re.compile(r"/vertel/bedankt/(#.*)?$"))
    expect_h1(resident, "Thank you")

    # The wijkmanager sees the photo while moderating; the public cannot fetch it yet.
    manager = open_page("wijkmanager")
    manager.goto(f"/verhalen/gemeente/{GEMEENTE}/moderatie/")
    follow(manager, manager.get_by_role("table").get_by_role("link", name=title))
    expect_h1(manager, title)
    story_url = manager.url
    photo_url = manager.get_by_role("img", name=alt).get_attribute("src")
    assert resident.request.get(photo_url).status == 404
    moderation = manager.get_by_role("region", name="Moderation")
    moderation.get_by_role("group", name="Decision").get_by_label("Publish").check()
    moderation.get_by_role("button", name="Save decision").click()
    manager.wait_for_url(re.compile(r"/moderatie/$"))
    expect(manager.get_by_role("status").filter(has_text="published")).to_have_count(1)

    # Published: anyone sees the photo with its description...
    resident.goto(story_url)
    expect_h1(resident, title)
    image = resident.get_by_role("img", name=alt)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 64
    assert_accessible(resident)
    # ...and the photo served is the resident's, without camera or location data.
    response = resident.request.get(image.get_attribute("src"))
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
    served = Image.open(BytesIO(response.body()))
    assert served.format == "JPEG" and served.size == (64, 48)
    assert dict(served.getexif()) == {}
    assert b"Voorbeeldcamera" not in response.body()

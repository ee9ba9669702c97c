"""A resident's idea, followed by link, and the staff who answer it (#13).

A resident submits an idea without an account, reads the mail under var/mail, opens the
private status link, sees a contact person assigned and answers their question; the
owner hands the initiative over and the receiver accepts; the gemeente's list puts the
overdue initiative of the demo on top. axe-core on every page, at phone width too.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow, link_in_mail

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

STATUS_PATH = re.compile(r"https?://[^/\s]+(/initiatieven/volg/[0-9a-f]{64}/)")


def status_link(mail_dir, address: str) -> str:
    """The status link in the newest message to ``address`` (a path on this server)."""
    return link_in_mail(mail_dir, address, STATUS_PATH)


def test_a_resident_follows_an_idea_that_staff_answer_and_hand_over(open_page, server_mail_dir):
    marker = uuid.uuid4().hex[:8]
    title = f"Bankjes bij de vijver {marker}"
    address = f"bewoner-{marker}@example.org"

    # A resident, without an account, from the gemeente's page.
    resident = open_page()
    resident.goto("/gebied/GM0344/")
    follow(resident, resident.get_by_role("link", name="I have an idea"))
    expect(resident.get_by_role("heading", level=1)).to_contain_text("I have an idea")
    expect(resident.get_by_role("region", name="What happens next")).to_contain_text("working days")
    assert_accessible(resident)
    resident.get_by_label("Your idea in a few words").fill(title)
    resident.get_by_label("What do you want to do?").fill("Drie bankjes, wij onderhouden ze.")
    resident.get_by_label("Neighbourhood or district (optional)").select_option(
        label="Tigrisdreef en omgeving (neighbourhood)"
    )
    resident.get_by_label("Your e-mail address").fill(address)
    resident.get_by_label("I agree that you keep my contact details for this.").check()
    follow(resident, resident.get_by_role("button", name="Send my idea"))
    expect(resident.get_by_role("heading", level=1)).to_have_text("Thank you for your idea")
    assert_accessible(resident)

    # The mail holds the private link; the page works without an account.
    link = status_link(server_mail_dir, address)
    resident.goto(link)
    expect(resident.get_by_role("heading", level=1)).to_contain_text(title)
    assert_accessible(resident)

    # The wijkmanager finds it waiting for triage, takes it and asks a question.
    manager = open_page("wijkmanager")
    manager.goto("/initiatieven/mijn/")
    triage = manager.get_by_role("region", name="Without a contact person (triage)")
    follow(manager, triage.get_by_role("link", name=title))
    assert_accessible(manager)
    owner = manager.get_by_label("Contact person", exact=True)
    owner.select_option(label="Wim Wijk (District manager)")
    manager.get_by_label("Their role, as the initiators will read it").fill("initiatiefmakelaar")
    follow(manager, manager.get_by_role("button", name="Assign"))
    expect(manager.get_by_role("status")).to_have_count(1)
    manager.get_by_label("Message to the initiators").fill("Waar precies bij de vijver?")
    manager.get_by_label("This is a question they can answer through their status page.").check()
    follow(manager, manager.get_by_role("button", name="Send"))

    # The resident sees who their contact is, and answers.
    resident.goto(link)
    expect(resident.get_by_text("Wim Wijk").first).to_be_visible()
    expect(resident.get_by_text("initiatiefmakelaar").first).to_be_visible()
    questions = resident.get_by_role("region", name="Questions for you")
    expect(questions).to_contain_text("Waar precies bij de vijver?")
    assert_accessible(resident)
    questions.get_by_label("Your answer").fill("Aan de noordkant, bij de wilgen.")
    follow(resident, questions.get_by_role("button", name="Send my answer"))
    expect(resident.get_by_role("region", name="What has happened")).to_contain_text(
        "Aan de noordkant, bij de wilgen."
    )

    # The owner hands over to the programme bureau; the receiver accepts.
    manager.reload()
    expect(manager.locator("main")).to_contain_text("Aan de noordkant")
    manager.get_by_label("Hand over to").select_option(label="Pim Programma (Programme bureau)")
    manager.get_by_label("Reason", exact=True).fill("Geld uit het wijkbudget nodig.")
    follow(manager, manager.get_by_role("button", name="Offer the hand-over"))
    bureau = open_page("programmabureau")
    bureau.goto("/initiatieven/mijn/")
    waiting = bureau.get_by_role("region", name="Hand-overs waiting for you")
    assert_accessible(bureau)
    follow(bureau, waiting.get_by_role("button", name=f"Accept {title}"))
    bureau.goto("/initiatieven/mijn/")
    owned = bureau.get_by_role("region", name="Initiatives you are the contact person for")
    expect(owned.get_by_role("link", name=title)).to_be_visible()

    # The resident sees the hand-over and their new contact person.
    resident.goto(link)
    expect(resident.get_by_role("region", name="What has happened")).to_contain_text(
        "Pim Programma"
    )

    # The gemeente's list: the overdue initiative of the demo heads it, flagged in words.
    bureau.goto("/initiatieven/gemeente/GM0344/")
    first = bureau.locator("#initiatives tbody tr").first
    expect(first).to_have_attribute("data-overdue", "true")
    expect(first.locator(".flag").first).to_be_visible()
    assert_accessible(bureau)
    bureau.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(bureau)
    resident.set_viewport_size({"width": 375, "height": 800})
    resident.goto(link)
    assert_accessible(resident)

"""The initiators' consent (#13, item 6): their contact person proposes a new aim; it
changes only when the initiators say yes on their status page. axe-core on each page,
at phone width too."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow
from .test_initiatives_journey import status_link

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_new_aim_only_with_the_initiators_yes(open_page, server_mail_dir):
    marker = uuid.uuid4().hex[:8]
    title = f"Moestuin {marker}"
    new_title = f"Moestuin en kas {marker}"
    address = f"bewoner-{marker}@example.org"

    resident = open_page()
    resident.goto("/initiatieven/gemeente/GM0344/idee/")
    resident.get_by_label("Your idea in a few words").fill(title)
    resident.get_by_label("What do you want to do?").fill("Een moestuin achter de flat.")
    resident.get_by_label("Neighbourhood or district (optional)").select_option(
        label="Tigrisdreef en omgeving (neighbourhood)"
    )
    resident.get_by_label("Your e-mail address").fill(address)
    resident.get_by_label("I agree that you keep my contact details for this.").check()
    follow(resident, resident.get_by_role("button", name="Send my idea"))
    link = status_link(server_mail_dir, address)

    # The wijkmanager takes it and proposes a new aim, with a reason.
    manager = open_page("wijkmanager")
    manager.goto("/initiatieven/mijn/")
    triage = manager.get_by_role("region", name="Without a contact person (triage)")
    follow(manager, triage.get_by_role("link", name=title))
    manager.get_by_label("Contact person", exact=True).select_option(
        label="Wim Wijk (District manager)"
    )
    manager.get_by_label("Their role, as the initiators will read it").fill("initiatiefmakelaar")
    follow(manager, manager.get_by_role("button", name="Assign"))
    follow(
        manager,
        manager.get_by_role("link", name="Propose a new aim or a merge into a project"),
    )
    assert_accessible(manager)
    manager.get_by_label("Change the aim").check()
    manager.get_by_label("New title").fill(new_title)
    manager.get_by_label("New aim: what the initiators would do").fill(
        "Een moestuin met een kleine kas achter de flat."
    )
    manager.get_by_label("Why you propose it").fill("Met een kas kan het hele jaar door.")
    follow(manager, manager.get_by_role("button", name="Ask the initiators"))
    expect(manager.get_by_role("region", name="Waiting for the initiators")).to_contain_text(
        new_title
    )
    assert_accessible(manager)

    # The resident reads the proposal on their page: nothing has changed yet.
    resident.goto(link)
    expect(resident.get_by_role("heading", level=1)).to_contain_text(title)
    proposal = resident.get_by_role("region", name="Do you agree?")
    expect(proposal).to_contain_text("Met een kas kan het hele jaar door.")
    assert_accessible(resident)
    proposal.get_by_label("Yes, I agree").check()
    follow(resident, proposal.get_by_role("button", name="Send my answer"))
    expect(resident.get_by_role("heading", level=1)).to_contain_text(new_title)
    expect(resident.get_by_role("region", name="What has happened")).to_contain_text("You agreed")
    resident.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(resident)

    # The contact person sees the answer, through the link, in the history.
    manager.reload()
    expect(manager.locator("#consent-requests")).to_contain_text("Agreed")
    manager.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(manager)

"""Mijn werk in the browser: the beheerder invites a new wijkmanager by e-mail for two
wijken of Utrecht; the new user follows the link in the mail (read from the server's
file-based mail backend), chooses a password, signs in and lands on Mijn werk with those
two wijken. Every page axe-clean.

Pages are asked for in English (the ``django_language`` cookie); locators are roles,
labels and URLs.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, follow, link_in_mail

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WIJKEN = ("WK034403", "WK034406")  # Overvecht and Binnenstad, Utrecht


def invitation_link(mail_dir, address: str, base_url: str) -> str:
    """The set-password link in the newest message to ``address``."""
    return link_in_mail(
        mail_dir, address, re.compile(re.escape(base_url) + r"(/accounts/welkom/\S+/)")
    )


def test_beheerder_invites_a_wijkmanager_who_lands_on_mijn_werk(
    open_page, server_url, server_mail_dir
):
    address = f"e2e-{uuid.uuid4().hex[:8]}@example.org"
    admin = open_page("beheerder")

    # The beheerder lands on Mijn werk, with user management in reach.
    expect(admin).to_have_url(re.compile(r"/mijn-werk/$"))
    expect(admin.get_by_role("heading", level=1)).to_have_text("My work")
    assert_accessible(admin)
    menu = admin.get_by_role("navigation", name="Main navigation")
    expect(menu.get_by_role("link", name="My work")).to_have_attribute("aria-current", "page")
    follow(admin, menu.get_by_role("link", name="Users"))
    expect(admin.get_by_role("heading", level=1)).to_have_text("Users")
    assert_accessible(admin)

    # Invite: a bad address is refused and the input shown again.
    follow(admin, admin.get_by_role("link", name="Invite a user"))
    admin.get_by_label("E-mail address").fill("not-an-address")
    admin.get_by_label("First name").fill("Eva")
    admin.get_by_label("Last name").fill("Tweede")
    admin.get_by_label("Role").select_option(label="District manager")
    for code in WIJKEN:
        admin.get_by_label(re.compile(code)).check()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_label("First name")).to_have_value("Eva")
    assert_accessible(admin)
    admin.get_by_label("E-mail address").fill(address)
    for code in WIJKEN:
        expect(admin.get_by_label(re.compile(code))).to_be_checked()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Eva Tweede")
    expect(admin.get_by_role("status").filter(has_text="has been invited")).to_have_count(1)
    roles = admin.get_by_role("table", name="Roles in your municipality")
    expect(roles).to_contain_text("District manager")
    assert_accessible(admin)

    # The new user follows the link in the mail and chooses a password.
    link = invitation_link(server_mail_dir, address, server_url)
    newcomer = open_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Choose your password")
    assert_accessible(newcomer)
    password = f"wendbaar-{uuid.uuid4().hex[:10]}"
    newcomer.get_by_label("New password", exact=True).fill(password)
    newcomer.get_by_label("New password confirmation").fill(password)
    with newcomer.expect_navigation():
        newcomer.get_by_role("button", name="Save password").click()
    expect(newcomer.get_by_role("status").filter(has_text="password has been saved")).to_have_count(
        1
    )

    # Then signs in and lands on Mijn werk with the two wijken.
    newcomer.get_by_label("Username").fill(address)
    newcomer.get_by_label("Password").fill(password)
    with newcomer.expect_navigation():
        newcomer.get_by_role("button", name="Log in").click()
    expect(newcomer).to_have_url(re.compile(r"/mijn-werk/$"))
    districts = newcomer.get_by_role("region", name="My districts")
    for code in WIJKEN:
        expect(districts.locator(f'a[href="/gebied/{code}/"]')).to_have_count(1)
    assert_accessible(newcomer)

    # On a phone the menu wraps: nothing scrolls sideways.
    newcomer.set_viewport_size({"width": 390, "height": 844})
    assert newcomer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(newcomer.get_by_role("navigation", name="Main navigation")).to_be_visible()
    newcomer.set_viewport_size({"width": 1280, "height": 800})

    # The menu reaches the monitor and the stories from the user's own gemeente.
    follow(newcomer, newcomer.get_by_role("link", name="Monitor"))
    expect(newcomer).to_have_url(re.compile(r"/monitor/GM0344/$"))

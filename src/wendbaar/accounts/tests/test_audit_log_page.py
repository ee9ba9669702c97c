"""The audit-log page: only for a beheerder, only their gemeente's part of the log, and
it says when the chain does not verify."""

from __future__ import annotations

import pytest

from wendbaar.accounts.constants import RoleSlug
from wendbaar.core.actors import SystemActor
from wendbaar.core.models import AuditEvent
from wendbaar.core.services import record_audit_event

from .factories import UserFactory, user_with_role

URL = "/accounts/auditlog/"
SYSTEM = SystemActor("test")


@pytest.fixture
def world(geo, settings):
    settings.LANGUAGE_CODE = "en"
    people = {
        "bea": user_with_role(RoleSlug.ADMIN, municipality=geo["utrecht"], username="bea"),
        "haag_admin": user_with_role(RoleSlug.ADMIN, municipality=geo["den_haag"]),
        "haag_worker": user_with_role(
            RoleSlug.PROGRAMME_BUREAU, municipality=geo["den_haag"], username="hans"
        ),
        "utrecht_worker": user_with_role(
            RoleSlug.PROGRAMME_BUREAU, municipality=geo["utrecht"], username="pia"
        ),
    }
    record_audit_event(actor=SYSTEM, action="utrecht_buurt_thing", obj=geo["overvecht_buurt"])
    record_audit_event(actor=SYSTEM, action="haag_buurt_thing", obj=geo["escamp_buurt"])
    record_audit_event(actor=people["haag_worker"], action="haag_user_did")
    record_audit_event(actor=people["utrecht_worker"], action="utrecht_user_did")
    return people


def page(client, user, query: str = ""):
    client.force_login(user)
    return client.get(URL + query)


def test_a_beheerder_sees_only_their_gemeentes_events(client, world):
    response = page(client, world["bea"])
    assert response.status_code == 200
    text = response.content.decode()
    assert "utrecht_buurt_thing" in text and "utrecht_user_did" in text
    assert "haag_buurt_thing" not in text and "haag_user_did" not in text
    assert text.count("role_assigned</td>") == 2  # Utrecht's two, not Den Haag's two
    assert "The chain of" in text and "is unbroken" in text


def test_the_other_gemeentes_beheerder_sees_the_other_half(client, world):
    text = page(client, world["haag_admin"]).content.decode()
    assert "haag_buurt_thing" in text and "haag_user_did" in text
    assert "utrecht_buurt_thing" not in text and "utrecht_user_did" not in text


def test_the_page_is_refused_to_everyone_else(client, world):
    assert page(client, world["utrecht_worker"]).status_code == 403
    assert page(client, UserFactory()).status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/inloggen/" in response["Location"]


def test_filter_by_kind_and_date(client, world):
    text = page(client, world["bea"], "?action=utrecht_user_did").content.decode()
    assert "utrecht_user_did</td>" in text and "utrecht_buurt_thing</td>" not in text
    text = page(client, world["bea"], "?since=2000-01-01&until=2000-01-31").content.decode()
    assert "No events to show" in text
    text = page(client, world["bea"], "?since=2030-01-02&until=2030-01-01").content.decode()
    assert "on or after the first date" in text


def test_the_page_says_where_the_chain_breaks(client, world):
    event = AuditEvent.objects.get(action="haag_buurt_thing")  # even outside their scope
    AuditEvent.objects.filter(pk=event.pk).update(action="something_else")
    text = page(client, world["bea"]).content.decode()
    assert f"does not verify from entry {event.pk}" in text


def test_the_menu_links_the_page_for_a_beheerder_only(client, world):
    client.force_login(world["bea"])
    assert 'href="/accounts/auditlog/"' in client.get("/").content.decode()
    client.force_login(world["utrecht_worker"])
    assert 'href="/accounts/auditlog/"' not in client.get("/").content.decode()


def test_pages_of_fifty(client, world, geo):
    for i in range(60):
        record_audit_event(actor=SYSTEM, action="bulk_thing", obj=geo["overvecht"], i=i)
    first = page(client, world["bea"], "?action=bulk_thing").content.decode()
    assert first.count("bulk_thing</td>") == 50 and "pagina=2" in first
    second = page(client, world["bea"], "?action=bulk_thing&pagina=2").content.decode()
    assert second.count("bulk_thing</td>") == 10

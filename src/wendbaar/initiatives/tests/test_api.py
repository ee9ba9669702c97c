"""The initiatives API: who reads what, who writes, and what the initiators see.

Runs against the real URL configuration, so the paths are the public ones. Every write
goes through a service (an event on the trail and an audit event); a refusal writes
nothing.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from wendbaar.core.models import AuditEvent
from wendbaar.initiatives import services
from wendbaar.initiatives.constants import EventKind, InitiativeStatus
from wendbaar.initiatives.models import Initiative, InitiativeEvent

from .conftest import submit

pytestmark = pytest.mark.django_db

BASE = "/api/v1/initiatives"
ROLES = [
    "programmabureau",
    "wijkmanager",
    "wijkmanager_elsewhere",
    "partner",
    "partner_elsewhere",
    "lezer",
    "beheerder",
    "no_role",
    "anonymous",
]
CONTACT = ("bewoner@example.org", "06-12345678", "Fatima Bakker")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def world(geo, users, owned):
    """The owned initiative in Overvecht, one in the Binnenstad and one in Den Haag."""
    binnenstad = submit(
        geo, area=geo["binnenstad_buurt"], title="Buurtmoestuin", email="tuin@example.org"
    ).initiative
    den_haag = submit(
        geo,
        municipality=geo["den_haag"],
        area=geo["escamp_buurt"],
        title="Speeltuin",
        email="speel@example.org",
    ).initiative
    return {"overvecht": owned, "binnenstad": binnenstad, "den_haag": den_haag}


def as_role(api, users, role):
    if role != "anonymous":
        api.force_login(users[role])
    return api


def listed(api, users, role, municipality="GM0344", **params):
    return as_role(api, users, role).get(BASE, {"municipality": municipality, **params})


def written() -> tuple[int, int]:
    return InitiativeEvent.objects.count(), AuditEvent.objects.count()


# --- reads: the role matrix ----------------------------------------------------------------

# Which of Utrecht's initiatives each role sees; None: refused (403).
LIST_MATRIX = {
    "programmabureau": {"overvecht", "binnenstad"},
    "wijkmanager": {"overvecht"},
    "wijkmanager_elsewhere": {"binnenstad"},
    "partner": {"overvecht", "binnenstad"},
    "partner_elsewhere": set(),  # a role in Den Haag: nothing in Utrecht
    "lezer": {"overvecht", "binnenstad"},
    "beheerder": {"overvecht", "binnenstad"},
    "no_role": None,
    "anonymous": None,
}


@pytest.mark.parametrize("role", ROLES)
def test_list_per_role(api, users, world, role):
    response = listed(api, users, role)
    expected = LIST_MATRIX[role]
    if expected is None:
        assert response.status_code == 403, response.content
        return
    assert response.status_code == 200, response.content
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {world[key].pk for key in expected}
    assert response.json()["count"] == len(expected)


def test_den_haag_is_listed_for_its_own_partner_only(api, users, world):
    response = listed(api, users, "partner_elsewhere", municipality="GM0518")
    assert [row["id"] for row in response.json()["results"]] == [world["den_haag"].pk]
    api.force_login(users["programmabureau"])
    assert api.get(BASE, {"municipality": "GM0518"}).json()["results"] == []


def test_anonymous_gets_403_not_a_redirect(api, world):
    response = api.get(BASE, {"municipality": "GM0344"})
    assert response.status_code == 403
    assert "Location" not in response
    assert api.get(f"{BASE}/{world['overvecht'].pk}").status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_detail_per_role(api, users, world, role):
    expected = LIST_MATRIX[role]
    as_role(api, users, role)
    for key in ("overvecht", "binnenstad", "den_haag"):
        response = api.get(f"{BASE}/{world[key].pk}")
        if expected is None:
            assert response.status_code == 403
        elif key in expected or (role == "partner_elsewhere" and key == "den_haag"):
            assert response.status_code == 200
            assert response.json()["id"] == world[key].pk
        else:
            assert response.status_code == 404, (role, key)


def test_list_fields(api, users, world):
    initiative = world["overvecht"]
    services.record_support(
        initiative=initiative,
        by=users["wijkmanager"],
        kind="wijkbudget",
        description="Bloembakken",
        given_by="Wijkbureau",
        amount=250,
    )
    services.record_support(
        initiative=initiative,
        by=users["wijkmanager"],
        kind="advice",
        description="Advies over de plek",
        given_by="Groen",
    )
    services.record_rule_conflict(
        initiative=initiative,
        by=users["wijkmanager"],
        rule="Geen objecten op straat",
        department="Verkeer",
    )
    response = listed(api, users, "wijkmanager")
    [row] = response.json()["results"]
    assert row == {
        "reference": initiative.reference,
        "id": initiative.pk,
        "title": "Bloembakken in de straat",
        "what": "We willen bloembakken plaatsen en die zelf onderhouden.",
        "why": "De straat is grijs.",
        "area": {"code": "BU03440343", "name": "Poldergebied Overvecht"},
        "municipality": "GM0344",
        "themes": ["environment"],
        "asks": ["money", "permit"],
        "group": "Bewoners van de Zambesidreef",
        "status": "owner_known",
        "status_label": row["status_label"],
        "source": "public_form",
        "owner": {
            "name": users["wijkmanager"].get_full_name(),
            "role": "initiatiefmakelaar",
        },
        "received_at": row["received_at"],
        "triage_due": "2026-03-05",
        "answer_due": "2026-03-16",
        "first_answer_at": None,
        "closed_at": None,
        "close_reason": "",
        # Received on 2 March 2026 and never answered: long overdue.
        "is_overdue": True,
        "handover_count": 0,
        "support": {"count": 2, "total_amount": "250.00"},
        "rule_conflict_count": 1,
        "is_example": False,
    }


def test_contact_details_are_in_no_response(api, users, world, submitted):
    """Not even for the programme bureau, who may see them on the contact page."""
    initiative = world["overvecht"]
    owner_email = users["wijkmanager"].email
    api.force_login(users["programmabureau"])
    responses = [
        api.get(BASE, {"municipality": "GM0344"}),
        api.get(f"{BASE}/{initiative.pk}"),
        APIClient().get(f"{BASE}/status/{submitted.status_token}"),
    ]
    for response in responses:
        assert response.status_code == 200
        raw = response.content.decode()
        assert initiative.title in raw  # positive control: the initiative is there
        for detail in (*CONTACT, owner_email):
            assert detail not in raw


@pytest.mark.parametrize("owner_username", ["anna@gemeente.example", "anna"])
def test_an_owner_without_a_full_name_shows_by_role_only(api, users, initiative, owner_username):
    owner = users["partner"]
    owner.username, owner.first_name, owner.last_name = owner_username, "", ""
    owner.save()
    services.assign_owner(
        initiative=initiative, by=users["wijkmanager"], owner=owner, role="makelaar"
    )
    api.force_login(users["programmabureau"])
    row = api.get(BASE, {"municipality": "GM0344"}).json()["results"][0]
    # Never the user name (it may be an e-mail address): the role speaks for them.
    assert row["owner"] == {"name": "", "role": "makelaar"}
    assert "@" not in api.get(f"{BASE}/{initiative.pk}").content.decode()


def test_detail_has_the_whole_trail_with_internal_marked(api, users, owned):
    services.add_note(initiative=owned, by=users["wijkmanager"], text="Eerst bellen")
    services.send_message(initiative=owned, by=users["wijkmanager"], text="Welkom", question=True)
    api.force_login(users["wijkmanager"])
    events = api.get(f"{BASE}/{owned.pk}").json()["events"]
    assert [(e["kind"], e["internal"]) for e in events] == [
        ("received", False),
        ("owner_assigned", False),
        ("note", True),
        ("question", False),
    ]
    assert events[1]["status_from"] == "received" and events[1]["status_to"] == "owner_known"
    assert events[2]["text"] == "Eerst bellen"
    assert events[3]["text"] == "Welkom" and events[3]["by_initiators"] is False


# --- list parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{}, {"municipality": ""}, {"municipality": "GM9999"}, {"municipality": "WK034403"}],
)
def test_missing_or_unknown_municipality_is_400(api, users, world, params):
    api.force_login(users["programmabureau"])
    response = api.get(BASE, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert list(response.json()) == ["municipality"]
    assert response.json()["municipality"][0]


def test_missing_municipality_says_what_to_give(api, users, world):
    api.force_login(users["programmabureau"])
    response = api.get(BASE, HTTP_ACCEPT_LANGUAGE="en")
    assert "?municipality=GM0344" in response.json()["municipality"][0]


@pytest.mark.parametrize("params", [{"status": "lost"}, {"overdue": "maybe"}])
def test_bad_filters_are_400(api, users, world, params):
    response = listed(api, users, "programmabureau", **params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_municipality_code_in_lower_case(api, users, world):
    response = listed(api, users, "programmabureau", municipality="gm0344")
    assert response.json()["count"] == 2


def test_status_and_overdue_filters(api, users, geo, world):
    fresh = submit(geo, title="Nieuw idee", email="nieuw@example.org", received_at=timezone.now())
    fresh = fresh.initiative
    api.force_login(users["programmabureau"])

    def ids(**params):
        response = api.get(BASE, {"municipality": "GM0344", **params})
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    old = [world["overvecht"].pk, world["binnenstad"].pk]
    # Overdue first: the work list.
    assert ids()[-1] == fresh.pk and set(ids()[:2]) == set(old)
    assert set(ids(overdue="true")) == set(old)
    assert ids(overdue="false") == [fresh.pk]
    assert set(ids(status="received")) == {world["binnenstad"].pk, fresh.pk}
    assert ids(status="owner_known", overdue="true") == [world["overvecht"].pk]
    assert ids(status="realised") == []


def test_list_queries_do_not_grow_with_the_list(api, users, geo, world):
    api.force_login(users["programmabureau"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(BASE, {"municipality": "GM0344"}).status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        submit(geo, title=f"Idee {n}", email=f"idee{n}@example.org")
    assert count() == few


# --- the initiators' status link ---------------------------------------------------------


def test_status_link_works_without_an_account(users, submitted, owned):
    services.add_note(initiative=owned, by=users["wijkmanager"], text="Intern: lastig")
    services.send_message(initiative=owned, by=users["wijkmanager"], text="Wat fijn!")
    response = APIClient().get(f"{BASE}/status/{submitted.status_token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["reference"] == owned.reference
    assert body["status"] == "owner_known"
    assert body["owner"] == {
        "name": users["wijkmanager"].get_full_name(),
        "role": "initiatiefmakelaar",
    }
    assert (body["triage_due"], body["answer_due"]) == ("2026-03-05", "2026-03-16")
    assert [e["kind"] for e in body["events"]] == ["received", "owner_assigned", "message"]
    assert "Intern: lastig" not in response.content.decode()
    assert "internal" not in body["events"][0]


def test_status_link_hides_escalations(users, submitted, owned):
    from wendbaar.initiatives.escalation import escalate_overdue

    escalate_overdue(today=timezone.localdate())
    assert owned.events.filter(kind=EventKind.ESCALATED).exists()
    body = APIClient().get(f"{BASE}/status/{submitted.status_token}").json()
    assert EventKind.ESCALATED not in {e["kind"] for e in body["events"]}


@pytest.mark.parametrize("token", ["nope", "0" * 64])
def test_unknown_status_link_is_404_and_not_cached(initiative, token):
    response = APIClient().get(f"{BASE}/status/{token}")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_reader_sees_the_same_as_the_initiators(api, users, submitted):
    api.force_login(users["programmabureau"])
    response = api.get(f"{BASE}/status/{submitted.status_token}")
    assert response.status_code == 200
    assert response.json() == APIClient().get(f"{BASE}/status/{submitted.status_token}").json()


def test_a_dead_link_is_404(submitted):
    Initiative.objects.filter(pk=submitted.initiative.pk).update(
        status_token_hash=None, status_nonce=""
    )
    assert APIClient().get(f"{BASE}/status/{submitted.status_token}").status_code == 404


# --- writes: the role matrix ---------------------------------------------------------------

WRITE_MATRIX = {
    "programmabureau": 201,
    "wijkmanager": 201,  # the owner, and in scope
    "wijkmanager_elsewhere": 404,  # may change elsewhere, may not see this one
    "partner": 403,  # sees it, owns none
    "partner_elsewhere": 403,
    "lezer": 403,
    "beheerder": 403,
    "no_role": 403,
    "anonymous": 403,
}
WRITES = {
    "status": {"status": "in_conversation", "text": "We gaan in gesprek."},
    "messages": {"text": "Kunnen we volgende week langskomen?", "question": True},
}


@pytest.mark.parametrize("endpoint", sorted(WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_write_matrix(api, users, world, endpoint, role):
    initiative = world["overvecht"]
    expected = WRITE_MATRIX[role]
    before = written()
    response = as_role(api, users, role).post(
        f"{BASE}/{initiative.pk}/{endpoint}", WRITES[endpoint], format="json"
    )
    assert response.status_code == expected, response.content
    initiative.refresh_from_db()
    if expected == 201:
        events, audits = written()
        assert (events, audits) == (before[0] + 1, before[1] + 1)
        event = initiative.events.latest("id")
        assert response.json()["id"] == event.pk
        assert event.actor == users[role]
        assert AuditEvent.objects.latest("id").actor == users[role]
    else:
        assert written() == before
        assert initiative.status == InitiativeStatus.OWNER_KNOWN
        assert initiative.first_answer_at is None


def test_status_change_answers_with_the_event(api, users, owned):
    api.force_login(users["wijkmanager"])
    response = api.post(f"{BASE}/{owned.pk}/status", WRITES["status"], format="json")
    assert response.status_code == 201
    event = owned.events.get(kind=EventKind.STATUS_CHANGED)
    assert response.json() | {"at": None, "kind_label": None} == {
        "id": event.pk,
        "kind": "status_changed",
        "kind_label": None,
        "at": None,
        "text": "We gaan in gesprek.",
        "status_from": "owner_known",
        "status_to": "in_conversation",
        "by_initiators": False,
        "internal": False,
    }
    owned.refresh_from_db()
    assert owned.status == InitiativeStatus.IN_CONVERSATION
    assert owned.first_answer_at is not None
    assert api.get(f"{BASE}/{owned.pk}").json()["status"] == "in_conversation"


def test_a_message_is_the_first_answer(api, users, owned, submitted):
    api.force_login(users["wijkmanager"])
    response = api.post(f"{BASE}/{owned.pk}/messages", {"text": "Hallo!"}, format="json")
    assert response.status_code == 201
    assert response.json()["kind"] == "message"
    owned.refresh_from_db()
    assert owned.first_answer_at is not None
    trail = APIClient().get(f"{BASE}/status/{submitted.status_token}").json()["events"]
    assert trail[-1]["text"] == "Hallo!"


def test_a_partner_who_owns_it_writes_and_not_to_others(api, users, geo, initiative):
    services.assign_owner(
        initiative=initiative, by=users["wijkmanager"], owner=users["partner"], role="makelaar"
    )
    other = submit(geo, title="Ander idee", email="ander@example.org").initiative
    api.force_login(users["partner"])
    assert api.post(f"{BASE}/{initiative.pk}/messages", {"text": "Hoi"}).status_code == 201
    before = written()
    assert api.post(f"{BASE}/{other.pk}/messages", {"text": "Hoi"}).status_code == 403
    assert written() == before


def test_an_unknown_initiative_is_404(api, users, world):
    api.force_login(users["programmabureau"])
    assert api.post(f"{BASE}/999999/status", WRITES["status"], format="json").status_code == 404
    assert api.get(f"{BASE}/999999").status_code == 404


# --- refusals by the service ---------------------------------------------------------------


def test_an_illegal_move_is_400_with_the_message(api, users, owned):
    api.force_login(users["wijkmanager"])
    before = written()
    response = api.post(
        f"{BASE}/{owned.pk}/status",
        {"status": "realised"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        "status": ["An initiative cannot go from “Contact person known” to “Realised”."]
    }
    assert written() == before
    owned.refresh_from_db()
    assert owned.status == InitiativeStatus.OWNER_KNOWN


@pytest.mark.parametrize(
    "body,field",
    [
        ({"status": "stopped"}, "text"),  # ending needs a reason for the initiators
        ({"status": "owner_known"}, "status"),  # follows from triage
        ({"status": "vergeten"}, "status"),
        ({}, "status"),
        ({"status": "stopped", "text": "x" * 501}, "text"),
    ],
)
def test_refused_status_changes_write_nothing(api, users, owned, body, field):
    api.force_login(users["programmabureau"])
    before = written()
    response = api.post(f"{BASE}/{owned.pk}/status", body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert written() == before


@pytest.mark.parametrize("body,field", [({}, "text"), ({"text": "  "}, "text")])
def test_refused_messages_write_nothing(api, users, owned, body, field):
    api.force_login(users["wijkmanager"])
    before = written()
    response = api.post(f"{BASE}/{owned.pk}/messages", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert written() == before


def test_no_message_before_there_is_a_contact_person(api, users, initiative):
    api.force_login(users["programmabureau"])
    before = written()
    response = api.post(f"{BASE}/{initiative.pk}/messages", {"text": "Hoi"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert written() == before


def test_session_writes_need_a_csrf_token(users, owned):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(users["wijkmanager"])
    before = written()
    response = api.post(f"{BASE}/{owned.pk}/messages", {"text": "Hoi"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert written() == before


def test_only_post_is_offered_for_writes(api, users, owned):
    api.force_login(users["wijkmanager"])
    assert api.get(f"{BASE}/{owned.pk}/status").status_code == 405
    assert api.put(f"{BASE}/{owned.pk}/messages", {"text": "x"}, format="json").status_code == 405

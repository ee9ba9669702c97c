"""The staff pages of initiatives: work lists, registering an idea, the detail page, the
contact details and the action views, over the roles of ``conftest.users``."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.initiatives import services
from wendbaar.initiatives.constants import HandOverState, InitiativeStatus
from wendbaar.initiatives.models import (
    HandOver,
    Initiative,
    InitiativeEvent,
    RuleConflict,
    Support,
)

from .conftest import submit

XSS = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


def written() -> tuple[int, ...]:
    """What an action view can write: the trail and the rows beside it."""
    return (
        InitiativeEvent.objects.count(),
        HandOver.objects.count(),
        Support.objects.count(),
        RuleConflict.objects.count(),
        AuditEvent.objects.count(),
    )


def detail_url(initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


# --- the gemeente's list -------------------------------------------------------------------


def test_the_list_puts_the_overdue_initiative_first(client, geo, users):
    fresh = submit(geo, title="Nieuw idee", received_at=timezone.now()).initiative
    late = submit(geo, title="Oud idee").initiative  # received in March: long overdue
    response = get(client, users["programmabureau"], reverse("initiatives:list", args=["GM0344"]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.initiative.pk for r in rows] == [late.pk, fresh.pk]
    assert rows[0].overdue and rows[0].flags and not rows[1].overdue
    html = response.content.decode()
    assert html.index(f'id="initiative-{late.pk}"') < html.index(f'id="initiative-{fresh.pk}"')
    # A flag is text, not a colour only.
    assert '<strong class="flag">' in html
    # Who may add sees the link to register an idea.
    assert reverse("initiatives:create", args=["GM0344"]) in html


def test_the_list_filters_on_status_wijk_and_overdue(client, geo, users):
    fresh = submit(geo, title="Nieuw idee", received_at=timezone.now()).initiative
    late = submit(geo, title="Oud idee").initiative
    centre = submit(geo, area=geo["binnenstad_buurt"], received_at=timezone.now()).initiative
    client.force_login(users["programmabureau"])
    url = reverse("initiatives:list", args=["GM0344"])

    def listed(**query) -> set[int]:
        return {r.initiative.pk for r in client.get(url, query).context["rows"]}

    assert listed() == {fresh.pk, late.pk, centre.pk}
    assert listed(overdue="1") == {late.pk}
    assert listed(wijk="WK034406") == {centre.pk}
    assert listed(status="owner_known") == set()
    assert listed(status="received", wijk="WK034403") == {fresh.pk, late.pk}


def test_rows_show_owner_or_none_and_the_next_due_date(client, geo, users, owned):
    fresh = submit(geo, title="Nieuw idee", received_at=timezone.now()).initiative
    response = get(client, users["programmabureau"], reverse("initiatives:list", args=["GM0344"]))
    rows = {r.initiative.pk: r for r in response.context["rows"]}
    assert rows[owned.pk].initiative.owner == users["wijkmanager"]
    assert rows[owned.pk].next_due == owned.answer_due
    assert rows[fresh.pk].initiative.owner is None
    assert rows[fresh.pk].next_due == fresh.triage_due


LIST_STATUS = {
    "programmabureau": 200,
    "wijkmanager": 200,
    "wijkmanager_elsewhere": 200,  # Utrecht is theirs; Overvecht's initiative is not listed
    "partner": 200,
    "partner_elsewhere": 403,
    "lezer": 200,
    "beheerder": 200,
    "no_role": 403,
}


@pytest.mark.parametrize("role", LIST_STATUS)
def test_list_permission_matrix(client, users, initiative, role):
    response = get(client, users[role], reverse("initiatives:list", args=["GM0344"]))
    assert response.status_code == LIST_STATUS[role]
    if response.status_code == 200:
        listed = [r.initiative.pk for r in response.context["rows"]]
        assert (initiative.pk in listed) == (role != "wijkmanager_elsewhere")


def test_list_of_an_unknown_gemeente_is_404_and_anonymous_signs_in(client, users):
    assert get(client, users["lezer"], "/initiatieven/gemeente/GM9999/").status_code == 404
    client.logout()
    response = client.get(reverse("initiatives:list", args=["GM0344"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- one initiative -------------------------------------------------------------------------

DETAIL_STATUS = {
    "programmabureau": 200,
    "wijkmanager": 200,
    "wijkmanager_elsewhere": 404,
    "partner": 200,
    "partner_elsewhere": 404,
    "lezer": 200,
    "beheerder": 200,
    "no_role": 403,  # no role: the page's permission is held nowhere
}


@pytest.mark.parametrize("role", DETAIL_STATUS)
def test_detail_permission_matrix(client, users, initiative, role):
    response = get(client, users[role], detail_url(initiative))
    assert response.status_code == DETAIL_STATUS[role]


def test_detail_shows_everything_but_the_contact_details(client, users, owned):
    services.add_note(initiative=owned, by=users["wijkmanager"], text="Alleen voor ons")
    services.record_support(
        initiative=owned,
        by=users["wijkmanager"],
        kind="wijkbudget",
        description="Bloembakken",
        given_by="Wijkbureau",
        amount=250,
    )
    services.record_support(
        initiative=owned,
        by=users["wijkmanager"],
        kind="advice",
        description="Advies",
        given_by="Groen",
        amount=50,
    )
    response = get(client, users["wijkmanager"], detail_url(owned))
    html = response.content.decode()
    o = response.context["o"]
    assert o.support_total == 300
    internal = [entry.event.kind for entry in o.trail if entry.internal]
    assert internal == ["note"]
    assert "Alleen voor ons" in html
    assert owned.what in html
    # Contact details only behind the button.
    assert "Fatima Bakker" not in html and "bewoner@example.org" not in html
    assert reverse("initiatives:contact", args=[owned.pk]) in html
    forms = response.context["action_forms"]
    assert set(forms) == {"message", "status", "handover", "support", "rule", "note"}


def test_detail_offers_triage_only_to_who_may_triage(client, users, initiative):
    forms = get(client, users["wijkmanager"], detail_url(initiative)).context["action_forms"]
    assert "assign" in forms
    # Without an owner only the endings with a reason can be chosen.
    assert {v for v, _label in forms["status"].fields["status"].choices if v} == {
        "stopped",
        "not_possible",
    }
    forms = get(client, users["partner"], detail_url(initiative)).context["action_forms"]
    assert forms == {}


def test_partner_as_owner_can_act_but_not_triage(client, users, initiative):
    services.assign_owner(
        initiative=initiative, by=users["wijkmanager"], owner=users["partner"], role="makelaar"
    )
    response = get(client, users["partner"], detail_url(initiative))
    assert "message" in response.context["action_forms"]
    assert response.context["may_view_contact"] is True


# --- contact details ------------------------------------------------------------------------

CONTACT_STATUS = {
    "programmabureau": 200,
    "wijkmanager": 200,
    "wijkmanager_elsewhere": 404,
    "partner": 403,  # sees the initiative, not its initiators (only as owner)
    "partner_elsewhere": 404,
    "lezer": 403,
    "beheerder": 403,
    "no_role": 403,
}


def contact_views() -> int:
    return AuditEvent.objects.filter(action="initiative_contact_viewed").count()


@pytest.mark.parametrize("role", CONTACT_STATUS)
def test_contact_permission_matrix(client, users, initiative, role):
    before = contact_views()
    response = get(client, users[role], reverse("initiatives:contact", args=[initiative.pk]))
    assert response.status_code == CONTACT_STATUS[role]
    html = response.content.decode()
    shown = response.status_code == 200
    assert ("bewoner@example.org" in html) == shown
    assert contact_views() == before + shown


def test_a_partner_sees_contact_details_as_owner(client, users, initiative):
    services.assign_owner(
        initiative=initiative, by=users["wijkmanager"], owner=users["partner"], role="makelaar"
    )
    response = get(client, users["partner"], reverse("initiatives:contact", args=[initiative.pk]))
    assert response.status_code == 200
    assert "Fatima Bakker" in response.content.decode()


def test_every_view_of_contact_details_is_audited_and_not_stored(client, users, initiative):
    client.force_login(users["wijkmanager"])
    url = reverse("initiatives:contact", args=[initiative.pk])
    before = contact_views()
    for n in range(1, 4):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"]
        assert contact_views() == before + n
    event = AuditEvent.objects.filter(action="initiative_contact_viewed").latest("pk")
    assert event.actor == users["wijkmanager"]
    assert event.object_id == str(initiative.pk)
    assert client.post(url).status_code == 405


# --- action views -----------------------------------------------------------------------------


def action_data(users) -> dict[str, dict]:
    return {
        "message": {"message-text": "Wij nemen contact op."},
        "change_status": {"status-status": "in_conversation"},
        "handover": {
            "handover-to_user": str(users["programmabureau"].pk),
            "handover-reason": "Budget",
        },
        "support": {
            "support-kind": "advice",
            "support-description": "Advies",
            "support-given_by": "Gemeente",
        },
        "rule_conflict": {"rule-rule": "Verkeersbord", "rule-department": "Verkeer"},
        "note": {"note-text": "Intern"},
    }


ACTIONS = ["message", "change_status", "handover", "support", "rule_conflict", "note"]
# The owned initiative (wijkmanager owns it, in Overvecht's buurt).
REFUSED = {
    "wijkmanager_elsewhere": 404,
    "partner": 403,
    "partner_elsewhere": 404,
    "lezer": 403,
    "beheerder": 403,
    "no_role": 404,
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", REFUSED)
def test_a_refused_action_writes_nothing(client, users, owned, action, role):
    before = written()
    client.force_login(users[role])
    response = client.post(
        reverse(f"initiatives:{action}", args=[owned.pk]), action_data(users)[action]
    )
    assert response.status_code == REFUSED[role]
    assert written() == before


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_is_sent_to_sign_in_and_nothing_is_written(client, users, owned, action):
    before = written()
    response = client.post(
        reverse(f"initiatives:{action}", args=[owned.pk]), action_data(users)[action]
    )
    assert response.status_code == 302
    assert written() == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["wijkmanager", "programmabureau"])
def test_an_allowed_action_writes_one_event_and_returns_to_the_page(
    client, users, owned, action, role
):
    data = action_data(users)
    if role == "programmabureau":
        data["handover"]["handover-to_user"] = str(users["partner"].pk)
    events = InitiativeEvent.objects.filter(initiative=owned).count()
    client.force_login(users[role])
    response = client.post(reverse(f"initiatives:{action}", args=[owned.pk]), data[action])
    assert response.status_code == 302
    assert response["Location"] == detail_url(owned)
    assert InitiativeEvent.objects.filter(initiative=owned).count() == events + 1


def test_action_views_answer_only_post(client, users, owned):
    client.force_login(users["wijkmanager"])
    for action in ACTIONS:
        assert client.get(reverse(f"initiatives:{action}", args=[owned.pk])).status_code == 405


ASSIGN_STATUS = {
    "wijkmanager_elsewhere": 404,
    "partner": 403,
    "partner_elsewhere": 404,
    "lezer": 403,
    "beheerder": 403,
    "no_role": 404,
}


@pytest.mark.parametrize("role", ASSIGN_STATUS)
def test_assigning_an_owner_is_triage_only(client, users, initiative, role):
    before = written()
    client.force_login(users[role])
    response = client.post(
        reverse("initiatives:assign", args=[initiative.pk]),
        {"assign-owner": str(users[role].pk), "assign-role": "makelaar"},
    )
    assert response.status_code == ASSIGN_STATUS[role]
    assert written() == before
    initiative.refresh_from_db()
    assert initiative.owner is None


def test_triage_through_the_view(client, users, initiative):
    client.force_login(users["wijkmanager"])
    url = reverse("initiatives:assign", args=[initiative.pk])
    # Somebody from another gemeente cannot own it: not even a choice on the form.
    before = written()
    response = client.post(
        url, {"assign-owner": str(users["partner_elsewhere"].pk), "assign-role": "x"}
    )
    assert response.status_code == 400
    assert response.context["action_forms"]["assign"].errors["owner"]
    assert written() == before
    response = client.post(
        url, {"assign-owner": str(users["partner"].pk), "assign-role": "initiatiefmakelaar"}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.owner == users["partner"]
    assert initiative.status == InitiativeStatus.OWNER_KNOWN
    # Triage happens once; after that the initiative moves by a hand-over.
    before = written()
    response = client.post(url, {"assign-owner": str(users["wijkmanager"].pk), "assign-role": "x"})
    assert response.status_code == 400
    assert written() == before
    initiative.refresh_from_db()
    assert initiative.owner == users["partner"]


def test_an_illegal_status_move_is_refused_with_its_reason_on_the_form(client, users, owned):
    before = written()
    client.force_login(users["wijkmanager"])
    response = client.post(
        reverse("initiatives:change_status", args=[owned.pk]),
        {"status-status": InitiativeStatus.REALISED},
    )
    assert response.status_code == 400
    form = response.context["action_forms"]["status"]
    assert form.errors["status"]
    assert 'id="form-errors"' in response.content.decode()
    assert written() == before
    owned.refresh_from_db()
    assert owned.status == InitiativeStatus.OWNER_KNOWN


def test_stopping_needs_a_reason_and_keeps_what_was_typed(client, users, owned):
    before = written()
    client.force_login(users["wijkmanager"])
    response = client.post(
        reverse("initiatives:change_status", args=[owned.pk]),
        {"status-status": InitiativeStatus.STOPPED, "status-text": "   "},
    )
    assert response.status_code == 400
    assert response.context["action_forms"]["status"].errors["text"]
    assert '<option value="stopped" selected>' in response.content.decode()
    assert written() == before
    response = client.post(
        reverse("initiatives:change_status", args=[owned.pk]),
        {"status-status": InitiativeStatus.STOPPED, "status-text": "De groep stopt ermee."},
    )
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.status == InitiativeStatus.STOPPED and owned.close_reason


def test_a_bad_form_keeps_the_typed_text(client, users, owned):
    client.force_login(users["wijkmanager"])
    response = client.post(
        reverse("initiatives:support", args=[owned.pk]),
        {"support-kind": "advice", "support-description": "Typed text", "support-amount": "-5"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Typed text"' in html
    assert response.context["action_forms"]["support"].errors["given_by"]


# --- hand-overs through the views ---------------------------------------------------------


def offer(client, users, owned, to: str) -> HandOver:
    client.force_login(users["wijkmanager"])
    response = client.post(
        reverse("initiatives:handover", args=[owned.pk]),
        {
            "handover-to_user": str(users[to].pk),
            "handover-reason": "Zij gaan over vergunningen",
            "handover-department": "Vergunningen",
        },
    )
    assert response.status_code == 302
    return HandOver.objects.get(initiative=owned, state=HandOverState.OFFERED)


def answer_url(handover) -> str:
    return reverse("initiatives:handover_answer", args=[handover.pk])


def test_handover_offered_shows_on_the_receivers_list_and_accepting_moves_it(client, users, owned):
    handover = offer(client, users, owned, "partner")
    client.force_login(users["partner"])
    mine = client.get(reverse("initiatives:mine"))
    assert [h.pk for h, _form in mine.context["waiting"]] == [handover.pk]
    assert answer_url(handover) in mine.content.decode()
    response = client.post(answer_url(handover), {f"answer-{handover.pk}-decision": "accept"})
    assert response.status_code == 302
    assert response["Location"] == detail_url(owned)
    owned.refresh_from_db()
    assert owned.owner == users["partner"]
    mine = client.get(reverse("initiatives:mine"))
    assert mine.context["waiting"] == []
    assert [r.initiative.pk for r in mine.context["work"].owned] == [owned.pk]


def test_refusing_needs_a_reason_and_leaves_the_owner(client, users, owned):
    handover = offer(client, users, owned, "programmabureau")
    client.force_login(users["programmabureau"])
    field = f"answer-{handover.pk}"
    before = written()
    response = client.post(answer_url(handover), {f"{field}-decision": "refuse"})
    assert response.status_code == 400
    assert response.context["answer_form"].errors["reason"]
    assert written() == before
    response = client.post(
        answer_url(handover),
        {f"{field}-decision": "refuse", f"{field}-reason": "Niet ons terrein"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:mine")
    handover.refresh_from_db()
    owned.refresh_from_db()
    assert handover.state == HandOverState.REFUSED
    assert owned.owner == users["wijkmanager"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("wijkmanager", 403), ("lezer", 403), ("wijkmanager_elsewhere", 404), ("no_role", 404)],
)
def test_only_the_receiver_answers_a_handover(client, users, owned, role, status):
    handover = offer(client, users, owned, "partner")
    before = written()
    client.force_login(users[role])
    response = client.post(answer_url(handover), {f"answer-{handover.pk}-decision": "accept"})
    assert response.status_code == status
    assert written() == before
    handover.refresh_from_db()
    assert handover.state == HandOverState.OFFERED


# --- my work list -----------------------------------------------------------------------------


def test_my_list_shows_the_triage_queue_overdue_first(client, geo, users):
    fresh = submit(geo, title="Nieuw", received_at=timezone.now()).initiative
    late = submit(geo, title="Oud").initiative
    elsewhere = submit(geo, area=geo["binnenstad_buurt"]).initiative
    response = get(client, users["wijkmanager"], reverse("initiatives:mine"))
    work = response.context["work"]
    assert work.may_triage
    assert [r.initiative.pk for r in work.triage] == [late.pk, fresh.pk]
    assert elsewhere.pk not in [r.initiative.pk for r in work.triage]
    partner = get(client, users["partner"], reverse("initiatives:mine")).context["work"]
    assert not partner.may_triage and partner.triage == []


def test_my_list_puts_my_overdue_initiatives_first(client, geo, users):
    owner = users["wijkmanager"]
    fresh = submit(geo, title="Nieuw", received_at=timezone.now()).initiative
    late = submit(geo, title="Oud").initiative
    for i in (fresh, late):
        services.assign_owner(initiative=i, by=owner, owner=owner, role="makelaar")
    work = get(client, owner, reverse("initiatives:mine")).context["work"]
    assert [r.initiative.pk for r in work.owned] == [late.pk, fresh.pk]


def test_my_work_page_lists_my_initiatives(client, users, owned):
    response = get(client, users["wijkmanager"], reverse("pages:my_work"))
    html = response.content.decode()
    assert reverse("initiatives:mine") in html
    assert detail_url(owned) in html
    assert response.context["initiatives"].overdue == 1
    # A lezer owns none: the section only leads to the gemeente's list and dashboard.
    response = get(client, users["lezer"], reverse("pages:my_work"))
    assert response.context["initiatives"].owned == []
    assert reverse("initiatives:dashboard", args=["GM0344"]) in response.content.decode()
    # Somebody without any role sees no section at all.
    response = get(client, users["no_role"], reverse("pages:my_work"))
    assert reverse("initiatives:mine") not in response.content.decode()


# --- registering an idea told to staff ----------------------------------------------------------

TOKEN_LINK = re.compile(r'href="(?:https?://[^/"]+)?/initiatieven/volg/([0-9a-f]{64})/"')


def create_data(geo, **changes) -> dict:
    data = {
        "source": "phone",
        "area": str(geo["overvecht_buurt"].pk),
        "title": "Buurtfeest",
        "what": "Een feest op het plein.",
        "name": "Jan Jansen",
        "phone": "030-1234567",
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_registering_without_email_shows_the_status_link_once(client, geo, users):
    client.force_login(users["wijkmanager"])
    url = reverse("initiatives:create", args=["GM0344"])
    response = client.post(url, create_data(geo))
    assert response.status_code == 200
    initiative = Initiative.objects.get(title="Buurtfeest")
    assert initiative.source == "phone" and initiative.created_by == users["wijkmanager"]
    (token,) = TOKEN_LINK.findall(response.content.decode())
    assert reverse("initiatives:status", args=[token]) == f"/initiatieven/volg/{token}/"
    assert services.token_hash(token) == initiative.status_token_hash
    # The link is not on the initiative's own page.
    assert token not in client.get(detail_url(initiative)).content.decode()


def test_registering_with_email_goes_to_the_page(client, geo, users):
    client.force_login(users["partner"])
    response = client.post(
        reverse("initiatives:create", args=["GM0344"]),
        create_data(geo, email="jan@example.org", area=""),  # partners: the whole gemeente
    )
    initiative = Initiative.objects.get(title="Buurtfeest")
    assert response.status_code == 302 and response["Location"] == detail_url(initiative)
    assert initiative.area == geo["utrecht"]


def test_registering_contact_details_needs_consent(client, geo, users):
    client.force_login(users["wijkmanager"])
    response = client.post(
        reverse("initiatives:create", args=["GM0344"]), create_data(geo, consent=None)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    assert not Initiative.objects.exists()


def test_registering_only_in_the_own_wijken(client, geo, users):
    client.force_login(users["wijkmanager"])
    url = reverse("initiatives:create", args=["GM0344"])
    form = client.get(url).context["form"]
    assert geo["binnenstad_buurt"] not in form.fields["area"].queryset
    assert form.fields["area"].required  # not the whole gemeente
    response = client.post(url, create_data(geo, area=str(geo["binnenstad_buurt"].pk)))
    assert response.context["form"].errors["area"]
    assert not Initiative.objects.exists()
    assert get(client, users["lezer"], url).status_code == 403
    assert get(client, users["partner_elsewhere"], url).status_code == 403


# --- script injection -------------------------------------------------------------------------


def test_script_in_staff_entered_fields_is_escaped(client, geo, users):
    client.force_login(users["wijkmanager"])
    client.post(
        reverse("initiatives:create", args=["GM0344"]),
        create_data(geo, title=XSS, what=XSS, group=XSS, location=XSS, why=XSS),
    )
    initiative = Initiative.objects.get()
    url = lambda name: reverse(f"initiatives:{name}", args=[initiative.pk])  # noqa: E731
    client.post(url("assign"), {"assign-owner": users["wijkmanager"].pk, "assign-role": XSS})
    client.post(url("note"), {"note-text": XSS})
    client.post(url("message"), {"message-text": XSS})
    client.post(
        url("support"),
        {"support-kind": "advice", "support-description": XSS, "support-given_by": XSS},
    )
    client.post(
        url("rule_conflict"),
        {"rule-rule": XSS, "rule-department": XSS, "rule-what_would_help": XSS},
    )
    client.post(
        url("handover"),
        {
            "handover-to_user": users["partner"].pk,
            "handover-reason": XSS,
            "handover-role": XSS,
            "handover-department": XSS,
        },
    )
    assert InitiativeEvent.objects.filter(initiative=initiative).count() == 7
    for page in (
        detail_url(initiative),
        reverse("initiatives:list", args=["GM0344"]),
        reverse("initiatives:mine"),
    ):
        html = client.get(page).content.decode()
        assert XSS not in html, page
        assert ESCAPED in html, page


def test_a_handover_offered_by_the_system_renders(client, users, owned):
    """A command or the demo hands over as the system: the hand-over has no sender."""
    handover = services.offer_handover(
        initiative=owned, by=SYSTEM, to_user=users["partner"], reason="Demo"
    )
    assert handover.from_user is None
    client.force_login(users["partner"])
    assert client.get(reverse("initiatives:mine")).status_code == 200
    assert client.get(detail_url(owned)).status_code == 200
    assert client.get(reverse("pages:my_work")).status_code == 200


@pytest.mark.parametrize("name", ["list", "mine"])
def test_work_lists_cost_the_same_queries_for_more_initiatives(client, geo, users, name):
    owner = users["wijkmanager"]
    url = reverse("initiatives:list", args=["GM0344"]) if name == "list" else None
    url = url or reverse("initiatives:mine")

    def add(n: int) -> None:
        for k in range(n):
            i = submit(geo, title=f"Idee {k}", email=f"b{k}@example.org").initiative
            if k % 2:
                services.assign_owner(initiative=i, by=owner, owner=owner, role="makelaar")
                services.offer_handover(
                    initiative=i, by=owner, to_user=users["programmabureau"], reason="Budget"
                )

    add(2)
    client.force_login(owner)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
    assert len(before) <= 25  # measured: 20 (list), 15 (mine)


def test_a_rule_conflict_is_marked_resolved_from_the_detail_page(client, owned, users):
    from wendbaar.initiatives.models import RuleConflict

    conflict = services.record_rule_conflict(
        initiative=owned, by=users["wijkmanager"], rule="Geen borden", department="Verkeer"
    )
    url = reverse("initiatives:rule_conflict_resolve", args=[conflict.pk])
    client.force_login(users["lezer"])
    assert client.post(url, {f"resolve-{conflict.pk}-resolution": "x"}).status_code == 403
    client.force_login(users["wijkmanager"])
    page = client.get(reverse("initiatives:detail", args=[owned.pk]))
    assert f'name="resolve-{conflict.pk}-resolution"' in page.content.decode()
    assert client.post(url, {f"resolve-{conflict.pk}-resolution": ""}).status_code == 400
    response = client.post(url, {f"resolve-{conflict.pk}-resolution": "Proefplaatsing"})
    assert response.status_code == 302
    conflict = RuleConflict.objects.get(pk=conflict.pk)
    assert conflict.resolved_at is not None and conflict.resolution == "Proefplaatsing"
    with pytest.raises(ValidationError):
        services.resolve_rule_conflict(conflict=conflict, by=users["wijkmanager"], resolution="y")

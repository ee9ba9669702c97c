"""The initiators stay the owners of their idea: a new aim, or a merge into a municipal
project, only with their recorded consent. Services (with every refusal writing
nothing), the staff pages, the initiators' status page, export and erasure."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.agenda.tests.factories import make_approach, make_project
from wendbaar.core.models import AuditEvent
from wendbaar.initiatives import services
from wendbaar.initiatives.constants import (
    PUBLIC_EVENTS,
    ConsentChannel,
    ConsentState,
    EventKind,
    InitiativeStatus,
)
from wendbaar.initiatives.models import ConsentRequest, Initiative, InitiativeEvent
from wendbaar.stories import services as story_services

NEW_AIM = "Een gezamenlijke moestuin met bloembakken aan de rand."
XSS = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _english(settings):
    # The assertions read the English source texts (the Dutch ones are checked by
    # scripts/check_messages.py).
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def project(geo):
    return make_project(make_approach(geo), "Groene Zambesidreef")


def ask_aim(initiative, by, **kw):
    data = {"kind": "aim", "new_what": NEW_AIM, "reason": "Zo past het in het groenplan."}
    data.update(kw)
    return services.ask_consent(initiative=initiative, by=by, **data)


def written() -> tuple[int, ...]:
    return (
        ConsentRequest.objects.count(),
        InitiativeEvent.objects.count(),
        AuditEvent.objects.count(),
        *Initiative.objects.values_list("title", "what", "project_id").get(),
    )


def status_url(submitted) -> str:
    return reverse("initiatives:status", args=[submitted.status_token])


# --- services --------------------------------------------------------------------------


def test_asking_changes_nothing_and_tells_the_initiators(
    owned, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask_aim(owned, users["wijkmanager"])
    owned.refresh_from_db()
    assert owned.what == "We willen bloembakken plaatsen en die zelf onderhouden."
    assert request.state == ConsentState.ASKED
    event = owned.events.get(kind=EventKind.CONSENT_ASKED)
    assert event.kind in PUBLIC_EVENTS and event.detail["new_what"] == NEW_AIM
    (sent,) = mail.outbox
    assert "Nothing changes without your consent" in sent.body
    assert "/initiatieven/volg/" in sent.body
    assert NEW_AIM not in sent.body  # mails carry fixed text only


def test_agreeing_through_the_link_changes_the_aim_and_keeps_the_old_one(
    owned, users, django_capture_on_commit_callbacks
):
    request = ask_aim(owned, users["wijkmanager"], new_title="Moestuin Zambesidreef")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_consent(request=request, agree=True, answer="Goed idee!")
    owned.refresh_from_db()
    request.refresh_from_db()
    assert (owned.title, owned.what) == ("Moestuin Zambesidreef", NEW_AIM)
    assert request.previous_title == "Bloembakken in de straat"
    assert (request.state, request.channel) == (ConsentState.AGREED, ConsentChannel.STATUS_LINK)
    event = owned.events.get(kind=EventKind.CONSENT_GIVEN)
    assert event.by_initiators and event.text == "Goed idee!"
    assert AuditEvent.objects.filter(action="initiative_consent_answered").exists()
    assert [m.to for m in mail.outbox] == [[users["wijkmanager"].email]]


def test_declining_changes_nothing(owned, users):
    request = ask_aim(owned, users["wijkmanager"])
    services.answer_consent(request=request, agree=False)
    owned.refresh_from_db()
    assert owned.what == "We willen bloembakken plaatsen en die zelf onderhouden."
    assert owned.events.filter(kind=EventKind.CONSENT_DECLINED, by_initiators=True).exists()


def test_a_merge_into_a_project_needs_their_yes(owned, users, project):
    request = services.ask_consent(
        initiative=owned,
        by=users["wijkmanager"],
        kind="merge",
        project=project,
        reason="Het project legt dezelfde straat opnieuw in.",
    )
    owned.refresh_from_db()
    assert owned.project is None
    services.answer_consent(request=request, agree=True)
    owned.refresh_from_db()
    assert owned.project == project
    # The initiators stay the owners: status and contact person are unchanged.
    assert owned.status == InitiativeStatus.OWNER_KNOWN
    assert owned.owner == users["wijkmanager"]


def test_staff_record_an_answer_given_by_phone_with_what_was_said(owned, users):
    request = ask_aim(owned, users["wijkmanager"])
    with pytest.raises(ValidationError) as refused:
        services.answer_consent(request=request, agree=True, by=users["wijkmanager"], answer="")
    assert "answer" in refused.value.message_dict
    services.answer_consent(
        request=request,
        agree=True,
        by=users["wijkmanager"],
        answer="Telefonisch akkoord, 3 december, Fatima namens de groep.",
    )
    request.refresh_from_db()
    assert (request.channel, request.recorded_by) == (
        ConsentChannel.RECORDED,
        users["wijkmanager"],
    )
    event = owned.events.get(kind=EventKind.CONSENT_GIVEN)
    assert not event.by_initiators and event.actor == users["wijkmanager"]


def test_withdrawn_request_can_no_longer_be_answered(owned, users):
    request = ask_aim(owned, users["wijkmanager"])
    services.withdraw_consent_request(
        request=request, by=users["wijkmanager"], reason="Het groenplan is uitgesteld."
    )
    before = written()
    with pytest.raises(ValidationError, match="already been answered or withdrawn"):
        services.answer_consent(request=request, agree=True)
    assert written() == before
    assert owned.events.get(kind=EventKind.CONSENT_WITHDRAWN).kind in PUBLIC_EVENTS


def refusals(owned, users, project, geo):
    elsewhere = make_project(
        make_approach(geo, name="Escamp", municipality=geo["den_haag"], areas=[geo["escamp"]]),
        "Elders",
    )
    return {
        "a reader": (
            PermissionDenied,
            lambda: ask_aim(owned, users["lezer"]),
        ),
        "a partner who is not the owner": (
            PermissionDenied,
            lambda: ask_aim(owned, users["partner"]),
        ),
        "the same aim again": (
            ValidationError,
            lambda: ask_aim(owned, users["wijkmanager"], new_what=owned.what),
        ),
        "a project of another gemeente": (
            ValidationError,
            lambda: services.ask_consent(
                initiative=owned,
                by=users["programmabureau"],
                kind="merge",
                project=elsewhere,
                reason="x",
            ),
        ),
        "no reason": (ValidationError, lambda: ask_aim(owned, users["wijkmanager"], reason=" ")),
        "an unknown kind": (
            ValidationError,
            lambda: ask_aim(owned, users["wijkmanager"], kind="x"),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "a reader",
        "a partner who is not the owner",
        "the same aim again",
        "a project of another gemeente",
        "no reason",
        "an unknown kind",
    ],
)
def test_refused_requests_write_nothing(owned, users, project, geo, case):
    error, attempt = refusals(owned, users, project, geo)[case]
    before = written()
    with pytest.raises(error):
        attempt()
    assert written() == before


def test_one_open_request_at_a_time_and_none_without_an_owner(initiative, owned, users):
    ask_aim(owned, users["wijkmanager"])
    before = written()
    with pytest.raises(ValidationError, match="already waits"):
        ask_aim(owned, users["wijkmanager"], new_what="Iets anders.")
    assert written() == before


def test_no_request_without_a_contact_person(initiative, users):
    with pytest.raises(ValidationError, match="contact person first"):
        ask_aim(initiative, users["programmabureau"])
    assert not ConsentRequest.objects.exists()


def test_an_initiative_cannot_end_while_a_request_waits(owned, users):
    ask_aim(owned, users["wijkmanager"])
    with pytest.raises(ValidationError, match="withdraw it first"):
        services.change_status(
            initiative=owned, by=users["wijkmanager"], status="stopped", text="Geen tijd."
        )
    owned.refresh_from_db()
    assert owned.status == InitiativeStatus.OWNER_KNOWN


def test_a_partner_may_not_record_an_answer_for_an_initiative_it_does_not_own(owned, users):
    request = ask_aim(owned, users["wijkmanager"])
    before = written()
    with pytest.raises(PermissionDenied):
        services.answer_consent(request=request, agree=True, by=users["partner"], answer="Ja.")
    assert written() == before


# --- personal data ---------------------------------------------------------------------


def test_export_and_erasure_cover_the_answers(owned, users):
    request = ask_aim(owned, users["wijkmanager"])
    services.answer_consent(request=request, agree=False, answer="Liever niet, Fatima Bakker.")
    admin = UserFactory(superuser=True, username="root")
    (exported,) = story_services.export_personal_data(contributor=owned.contact, by=admin)[
        "initiatives"
    ]
    (answer,) = exported["requests_for_your_consent"]
    assert (answer["answer"], answer["your_words"]) == ("declined", "Liever niet, Fatima Bakker.")
    story_services.erase_personal_data(contributor=owned.contact, by=admin)
    request.refresh_from_db()
    assert "Fatima" not in request.answer
    assert "Fatima" not in owned.events.get(kind=EventKind.CONSENT_DECLINED).text


# --- staff pages -----------------------------------------------------------------------


def consent_url(initiative) -> str:
    return reverse("initiatives:consent", args=[initiative.pk])


def test_the_owner_asks_on_the_consent_page(client, owned, users, project):
    client.force_login(users["wijkmanager"])
    page = client.get(consent_url(owned))
    assert page.status_code == 200
    assert "Groene Zambesidreef" in page.content.decode()  # offered as a project
    response = client.post(
        consent_url(owned),
        {"ask-kind": "merge", "ask-project": project.pk, "ask-reason": "Zelfde straat."},
    )
    assert response.status_code == 302
    page = client.get(consent_url(owned)).content.decode()
    assert "Waiting for the initiators" in page and "Groene Zambesidreef" in page
    detail = client.get(reverse("initiatives:detail", args=[owned.pk])).content.decode()
    assert "Merge into a municipal project" in detail and "Waiting for the initiators" in detail


def test_a_bad_request_keeps_what_was_typed(client, owned, users):
    client.force_login(users["wijkmanager"])
    before = written()
    response = client.post(
        consent_url(owned), {"ask-kind": "merge", "ask-reason": "Mijn reden " + XSS}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the project." in body
    assert "Mijn reden &lt;script&gt;" in body and XSS not in body
    assert written() == before


@pytest.mark.parametrize(
    ("who", "status"), [("lezer", 403), ("partner_elsewhere", 404), ("no_role", 404)]
)
def test_who_may_not_change_is_refused_and_nothing_is_written(client, owned, users, who, status):
    client.force_login(users[who])
    before = written()
    assert client.get(consent_url(owned)).status_code == status
    response = client.post(consent_url(owned), {"ask-kind": "aim", "ask-new_what": NEW_AIM})
    assert response.status_code == status
    assert written() == before


def test_recording_and_withdrawing_from_the_page(client, owned, users):
    client.force_login(users["wijkmanager"])
    request = ask_aim(owned, users["wijkmanager"])
    url = reverse("initiatives:consent_record", args=[request.pk])
    assert client.post(url, {"record-agree": "yes"}).status_code == 400  # what they said?
    response = client.post(url, {"record-agree": "yes", "record-answer": "Akkoord per telefoon."})
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.what == NEW_AIM
    second = ask_aim(owned, users["wijkmanager"], new_what="Nog groter.")
    url = reverse("initiatives:consent_withdraw", args=[second.pk])
    assert client.post(url, {"withdraw-reason": "Te vroeg."}).status_code == 302
    second.refresh_from_db()
    assert second.state == ConsentState.WITHDRAWN
    client.force_login(users["lezer"])
    assert client.post(url, {"withdraw-reason": "x"}).status_code == 403


# --- the initiators' status page ------------------------------------------------------


def test_the_initiators_see_the_proposal_and_agree(client, owned, submitted, users):
    request = ask_aim(owned, users["wijkmanager"], reason="Past in het groenplan " + XSS)
    page = client.get(status_url(submitted)).content.decode()
    assert "Do you agree?" in page and NEW_AIM in page
    assert "groenplan &lt;script&gt;" in page and XSS not in page
    url = reverse("initiatives:consent_answer", args=[submitted.status_token])
    response = client.post(url, {"request": request.pk, "agree": "yes"})
    assert response.status_code == 302
    page = client.get(status_url(submitted)).content.decode()
    assert "Do you agree?" not in page
    assert "You agreed" in page and NEW_AIM in page


def test_an_answer_without_a_choice_is_refused_and_the_form_shows_again(
    client, owned, submitted, users
):
    request = ask_aim(owned, users["wijkmanager"])
    before = written()
    url = reverse("initiatives:consent_answer", args=[submitted.status_token])
    response = client.post(url, {"request": request.pk, "answer": "Ik twijfel nog."})
    assert response.status_code == 400
    assert "Ik twijfel nog." in response.content.decode()
    assert written() == before


def test_a_stale_answer_changes_nothing(client, owned, submitted, users):
    request = ask_aim(owned, users["wijkmanager"])
    services.withdraw_consent_request(request=request, by=users["wijkmanager"], reason="Later.")
    before = written()
    url = reverse("initiatives:consent_answer", args=[submitted.status_token])
    response = client.post(url, {"request": request.pk, "agree": "yes"}, follow=True)
    assert "already been answered or withdrawn" in response.content.decode()
    assert written() == before


def test_after_a_merge_the_status_page_says_the_idea_is_still_theirs(
    client, owned, submitted, users, project
):
    request = services.ask_consent(
        initiative=owned, by=users["wijkmanager"], kind="merge", project=project, reason="Samen."
    )
    services.answer_consent(request=request, agree=True)
    page = client.get(status_url(submitted)).content.decode()
    assert "part of the municipal project “Groene Zambesidreef”" in page
    assert "It stays yours." in page


# --- the API ---------------------------------------------------------------------------


def test_the_api_shows_the_request_to_staff_and_to_the_initiators(
    client, owned, submitted, users, project
):
    request = services.ask_consent(
        initiative=owned, by=users["wijkmanager"], kind="merge", project=project, reason="Samen."
    )
    services.answer_consent(request=request, agree=True, answer="Prima.")
    mine = client.get(f"/api/v1/initiatives/status/{submitted.status_token}").json()
    assert mine["project"] == {"id": project.pk, "title": "Groene Zambesidreef"}
    (shown,) = mine["consent_requests"]
    assert (shown["kind"], shown["state"], shown["answer"], shown["channel"]) == (
        "merge",
        "agreed",
        "Prima.",
        "status_link",
    )
    client.force_login(users["programmabureau"])
    detail = client.get(f"/api/v1/initiatives/{owned.pk}").json()
    assert detail["project"]["title"] == "Groene Zambesidreef"
    assert detail["consent_requests"][0]["project"]["id"] == project.pk

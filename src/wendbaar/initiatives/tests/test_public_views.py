"""The initiators' pages: the intake (floods, honeypot, sizes), the private status link
(headers, no contact details, escaping), replies, and the link dying on erasure."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from wendbaar.accounts.tests.factories import UserFactory
from wendbaar.approaches.models import MunicipalitySetting
from wendbaar.initiatives import services
from wendbaar.initiatives.constants import EventKind, Source
from wendbaar.initiatives.models import Initiative, InitiativeEvent
from wendbaar.stories.models import Contributor
from wendbaar.stories.services import erase_personal_data

from .conftest import submit

pytestmark = pytest.mark.django_db

SUBMIT_URL = "/initiatieven/gemeente/GM0344/idee/"
THANKS_URL = "/initiatieven/gemeente/GM0344/idee/verstuurd/"
STATUS_PATH = re.compile(r"/initiatieven/volg/([0-9a-f]{64})/")
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def _five_posts(settings):
    settings.INITIATIVE_POSTS_PER_WINDOW = 5


def form_data(geo, **overrides):
    data = {
        "title": "Bloembakken in de straat",
        "what": "We willen bloembakken plaatsen en die zelf onderhouden.",
        "why": "De straat is grijs.",
        "area": geo["overvecht_buurt"].pk,
        "location": "Zambesidreef",
        "themes": ["environment"],
        "asks": ["money", "permit"],
        "group": "Bewoners van de Zambesidreef",
        "name": "Fatima Bakker",
        "email": "fatima@example.org",
        "phone": "06-12345678",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def post_idea(client, geo, capture, **overrides):
    """Post the form with the mails sent; return the response and the status path."""
    with capture(execute=True):
        response = client.post(SUBMIT_URL, form_data(geo, **overrides))
    paths = [m.group(0) for m in (STATUS_PATH.search(message.body) for message in mail.outbox) if m]
    return response, (paths[-1] if paths else None)


def status_path(submitted) -> str:
    return reverse("initiatives:status", args=[submitted.status_token])


def reply_path(submitted) -> str:
    return reverse("initiatives:reply", args=[submitted.status_token])


# --- the intake ---------------------------------------------------------------------------


def test_form_shows_the_promise_of_the_gemeente(client, geo):
    MunicipalitySetting.objects.create(
        key="initiative_triage_days", value=7, municipality=geo["utrecht"]
    )
    MunicipalitySetting.objects.create(
        key="initiative_response_days", value=12, municipality=geo["utrecht"]
    )
    response = client.get(SUBMIT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="promise-triage">[^<]*\b7\b', html)
    assert re.search(r'id="promise-answer">[^<]*\b12\b', html)
    assert 'name="website"' in html and 'aria-hidden="true"' in html
    # the wijken and buurten of the gemeente to choose from, none of another
    assert f'value="{geo["overvecht_buurt"].pk}"' in html
    assert f'value="{geo["escamp"].pk}"' not in html


@pytest.mark.parametrize("code", ["GM9999", "WK034403", "nonsense"])
def test_unknown_gemeente_or_not_a_gemeente_is_404(client, geo, code):
    assert client.get(f"/initiatieven/gemeente/{code}/idee/").status_code == 404
    assert client.get(f"/initiatieven/gemeente/{code}/idee/verstuurd/").status_code == 404


def test_valid_post_stores_the_idea_and_mails_the_link(
    client, geo, django_capture_on_commit_callbacks
):
    response, path = post_idea(client, geo, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    initiative = Initiative.objects.get()
    assert initiative.source == Source.PUBLIC_FORM
    assert initiative.municipality_code == "GM0344"
    assert initiative.area == geo["overvecht_buurt"]
    assert initiative.asks == ["money", "permit"]
    assert initiative.contact.email == "fatima@example.org"
    assert initiative.contact.phone == "06-12345678"
    assert initiative.contact_consent_at is not None
    assert initiative.created_by is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fatima@example.org"]
    assert path == status_path(services.Submitted(initiative, services.status_token(initiative)))
    assert client.get(THANKS_URL).status_code == 200


def test_no_area_chosen_files_it_for_the_whole_gemeente(client, geo):
    assert client.post(SUBMIT_URL, form_data(geo, area="")).status_code == 302
    assert Initiative.objects.get().area == geo["utrecht"]


def test_area_of_another_gemeente_is_refused(client, geo):
    response = client.post(SUBMIT_URL, form_data(geo, area=geo["escamp_buurt"].pk))
    assert response.status_code == 200
    assert response.context["form"].errors["area"]
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(("field", "value"), [("email", ""), ("consent", "")])
def test_missing_email_or_consent_stores_nothing_and_keeps_what_was_typed(
    client, geo, field, value
):
    response = client.post(SUBMIT_URL, form_data(geo, title="Mijn titel", **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors[field]
    assert 'id="form-errors"' in html
    assert 'value="Mijn titel"' in html
    assert "We willen bloembakken plaatsen" in html
    assert Initiative.objects.count() == 0
    assert Contributor.objects.count() == 0
    assert len(mail.outbox) == 0


def test_too_long_title_is_refused(client, geo):
    response = client.post(SUBMIT_URL, form_data(geo, title="x" * 161))
    assert response.context["form"].errors["title"]
    assert Initiative.objects.count() == 0


def test_honeypot_looks_successful_and_stores_nothing(
    client, geo, django_capture_on_commit_callbacks
):
    response, _path = post_idea(
        client, geo, django_capture_on_commit_callbacks, website="http://spam.example"
    )
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    assert Initiative.objects.count() == 0
    assert Contributor.objects.count() == 0
    assert len(mail.outbox) == 0


def test_sixth_post_in_an_hour_is_refused(client, geo):
    for _ in range(5):
        assert client.post(SUBMIT_URL, form_data(geo)).status_code == 302
    response = client.post(SUBMIT_URL, form_data(geo))
    assert response.status_code == 429
    assert Initiative.objects.count() == 5
    # another address is not affected
    assert client.post(SUBMIT_URL, form_data(geo), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_invalid_posts_count_towards_the_limit(client, geo):
    for _ in range(5):
        assert client.post(SUBMIT_URL, form_data(geo, consent="")).status_code == 200
    assert client.post(SUBMIT_URL, form_data(geo)).status_code == 429
    assert Initiative.objects.count() == 0


def test_body_too_large_is_refused_before_parsing(client, geo):
    response = client.post(SUBMIT_URL, form_data(geo, what="x" * 70_000))
    assert response.status_code == 413
    assert Initiative.objects.count() == 0


def test_csrf_is_enforced(geo):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(SUBMIT_URL, form_data(geo))
    assert response.status_code == 403
    assert Initiative.objects.count() == 0


# --- the status page ---------------------------------------------------------------------


def test_status_link_from_the_mail_opens_the_page_without_contact_details(
    client, geo, users, django_capture_on_commit_callbacks
):
    _response, path = post_idea(client, geo, django_capture_on_commit_callbacks)
    initiative = Initiative.objects.get()
    owner = users["wijkmanager"]
    services.assign_owner(initiative=initiative, by=owner, owner=owner, role="initiatiefmakelaar")
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert initiative.reference in html
    assert escape(owner.get_full_name()) in html and "initiatiefmakelaar" in html
    assert owner.email not in html  # the owner's e-mail address, never
    for detail in ("fatima@example.org", "06-12345678", "Fatima Bakker"):
        assert detail not in html  # nor the initiators' own contact details
    assert 'id="id_reply_general_text"' in html  # they may write to their contact person


def test_status_page_headers_keep_the_link_private(client, submitted):
    response = client.get(status_path(submitted))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    # the promise: no contact person yet, none promised past due; nobody to write to yet
    assert 'id="id_reply_general_text"' not in response.content.decode()


@pytest.mark.parametrize("token", ["0" * 64, "nonsense", "f" * 300])
def test_unknown_token_is_a_friendly_404(client, submitted, token):
    response = client.get(reverse("initiatives:status", args=[token]))
    assert response.status_code == 404
    assert response["Referrer-Policy"] == "same-origin"
    assert response.content.decode().count("<h1") == 1


def test_status_page_shows_no_internal_notes(client, owned, submitted, users):
    services.add_note(initiative=owned, by=users["wijkmanager"], text="Intern: lastige buurman")
    services.send_message(initiative=owned, by=users["wijkmanager"], text="Welkom!")
    html = client.get(status_path(submitted)).content.decode()
    assert "Welkom!" in html
    assert "lastige buurman" not in html


def test_handover_shows_name_role_and_reason_but_no_email(client, owned, submitted, users):
    services.offer_handover(
        initiative=owned,
        by=users["wijkmanager"],
        to_user=users["programmabureau"],
        reason="Het gaat om een vergunning",
        role="vergunningverlener",
        department="Vergunningen",
    )
    html = client.get(status_path(submitted)).content.decode()
    assert escape(users["programmabureau"].get_full_name()) in html
    assert "vergunningverlener, Vergunningen" in html
    assert "Het gaat om een vergunning" in html
    assert users["programmabureau"].email not in html


def test_script_injection_is_stored_as_text_and_shown_escaped(
    client, geo, users, django_capture_on_commit_callbacks
):
    fields = {f: SCRIPT + ATTRIBUTE for f in ("what", "why", "location", "group", "name")}
    _response, path = post_idea(
        client, geo, django_capture_on_commit_callbacks, title=SCRIPT + ATTRIBUTE, **fields
    )
    initiative = Initiative.objects.get()
    assert initiative.title == initiative.what == initiative.group == SCRIPT + ATTRIBUTE
    owner = users["wijkmanager"]
    services.assign_owner(initiative=initiative, by=owner, owner=owner, role=SCRIPT)
    services.send_message(initiative=initiative, by=owner, text=ATTRIBUTE, question=True)
    client.post(path + "antwoord/", {"text": SCRIPT})
    html = client.get(path).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert escape(SCRIPT) in html
    assert escape(ATTRIBUTE) in html


# --- replies ------------------------------------------------------------------------------


def test_answer_to_a_question_is_stored_and_the_owner_hears_of_it(
    client, owned, submitted, users, django_capture_on_commit_callbacks
):
    question = services.send_message(
        initiative=owned, by=users["wijkmanager"], text="Hoeveel bakken?", question=True
    )
    html = client.get(status_path(submitted)).content.decode()
    assert f'id="question-{question.pk}"' in html
    assert f'id="id_reply_{question.pk}_text"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reply_path(submitted), {"text": "Zes bakken.", "question": question.pk}
        )
    assert response.status_code == 302
    assert response["Location"] == status_path(submitted)
    assert response["Referrer-Policy"] == "same-origin"
    answer = InitiativeEvent.objects.get(kind=EventKind.ANSWER)
    assert answer.reply_to == question and answer.by_initiators and answer.text == "Zes bakken."
    assert [m.to for m in mail.outbox] == [[users["wijkmanager"].email]]
    html = client.get(status_path(submitted)).content.decode()
    assert f'id="question-{question.pk}"' not in html  # answered: no longer open
    assert "Zes bakken." in html


def test_message_to_the_contact_person(client, owned, submitted):
    response = client.post(reply_path(submitted), {"text": "Wanneer komt u langs?"})
    assert response.status_code == 302
    event = InitiativeEvent.objects.get(kind=EventKind.ANSWER)
    assert event.reply_to is None and event.text == "Wanneer komt u langs?"


def test_question_of_another_initiative_is_refused(client, geo, owned, submitted, users):
    other = submit(geo, email="ander@example.org").initiative
    services.assign_owner(
        initiative=other, by=users["wijkmanager"], owner=users["wijkmanager"], role="makelaar"
    )
    foreign = services.send_message(
        initiative=other, by=users["wijkmanager"], text="Andere vraag", question=True
    )
    response = client.post(reply_path(submitted), {"text": "Mijn antwoord", "question": foreign.pk})
    assert response.status_code == 400
    assert "Mijn antwoord" in response.content.decode()
    assert 'id="form-errors"' in response.content.decode()
    assert not InitiativeEvent.objects.filter(kind=EventKind.ANSWER).exists()


def test_a_message_that_is_not_a_question_cannot_be_answered(client, owned, submitted, users):
    message = services.send_message(initiative=owned, by=users["wijkmanager"], text="Hallo")
    response = client.post(reply_path(submitted), {"text": "Antwoord", "question": message.pk})
    assert response.status_code == 400
    assert not InitiativeEvent.objects.filter(kind=EventKind.ANSWER).exists()


def test_empty_or_too_long_reply_is_refused_and_kept(client, owned, submitted):
    response = client.post(reply_path(submitted), {"text": ""})
    assert response.status_code == 400
    response = client.post(reply_path(submitted), {"text": "y" * 2001})
    assert response.status_code == 400
    assert "y" * 2001 in response.content.decode()
    assert not InitiativeEvent.objects.filter(kind=EventKind.ANSWER).exists()


def test_reply_is_post_only_and_rate_limited(client, owned, submitted):
    assert client.get(reply_path(submitted)).status_code == 405
    for i in range(5):
        assert client.post(reply_path(submitted), {"text": f"Bericht {i}"}).status_code == 302
    assert client.post(reply_path(submitted), {"text": "Nog een"}).status_code == 429
    assert InitiativeEvent.objects.filter(kind=EventKind.ANSWER).count() == 5


def test_reply_on_unknown_token_is_404(client, owned):
    response = client.post(reverse("initiatives:reply", args=["0" * 64]), {"text": "Hoi"})
    assert response.status_code == 404
    assert not InitiativeEvent.objects.filter(kind=EventKind.ANSWER).exists()


# --- erasure -------------------------------------------------------------------------------


def test_the_status_link_dies_on_erasure(client, owned, submitted):
    assert client.get(status_path(submitted)).status_code == 200
    owned.refresh_from_db()
    # A superuser: ContributorPolicy reaches a person only through their stories, so the
    # gemeente's beheerder cannot yet erase someone who only sent an initiative.
    erase_personal_data(contributor=owned.contact, by=UserFactory(superuser=True))
    assert client.get(status_path(submitted)).status_code == 404
    assert client.post(reply_path(submitted), {"text": "Hoi"}).status_code == 404
    assert not InitiativeEvent.objects.filter(kind=EventKind.ANSWER).exists()


# --- the area page -------------------------------------------------------------------------


@pytest.mark.parametrize("area", ["utrecht", "overvecht", "overvecht_buurt"])
def test_area_page_links_to_the_intake_of_its_gemeente(client, geo, area):
    response = client.get(geo[area].get_absolute_url())
    assert response.status_code == 200
    assert f'href="{SUBMIT_URL}"' in response.content.decode()


def test_trail_names_the_support_and_ids_stay_unique(client, owned, submitted, users):
    question = services.send_message(
        initiative=owned, by=users["wijkmanager"], text="Vraag een", question=True
    )
    services.send_message(
        initiative=owned, by=users["wijkmanager"], text="Vraag twee", question=True
    )
    services.record_support(
        initiative=owned,
        by=users["wijkmanager"],
        kind="wijkbudget",
        description="Geld voor bakken",
        given_by="Wijkbureau Overvecht",
    )
    pages = [
        client.get(status_path(submitted)),
        client.post(reply_path(submitted), {"text": "", "question": question.pk}),
    ]
    assert [p.status_code for p in pages] == [200, 400]
    for page in pages:
        html = page.content.decode()
        assert "Wijkbureau Overvecht" in html and "Geld voor bakken" in html
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids))
    # the error sits on the form of the question answered
    prefix = f"id_reply_{question.pk}_text"
    assert f'aria-describedby="{prefix}_helptext {prefix}_error"' in pages[1].content.decode()


def test_no_message_before_there_is_a_contact_person(client, submitted):
    response = client.post(reply_path(submitted), {"text": "Is er al iemand?"})
    assert response.status_code == 400
    assert not InitiativeEvent.objects.filter(kind=EventKind.ANSWER).exists()


def test_an_idea_refused_before_triage_is_not_shown_as_late_for_ever(
    client, submitted, users, settings
):
    settings.LANGUAGE_CODE = "en"
    services.change_status(
        initiative=submitted.initiative,
        by=users["programmabureau"],
        status="not_possible",
        text="Dit valt buiten de gemeente.",
    )
    # Received in March 2026: months past the promised dates.
    html = client.get(reverse("initiatives:status", args=[submitted.status_token])).content
    html = html.decode()
    assert "No longer needed" in html
    assert "We are late" not in html

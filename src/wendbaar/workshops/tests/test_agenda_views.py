"""The lokale werkagenda as its writers use it: the texts beside the exercises' results,
SMART actions refused per field with what was typed kept, changed and removed, pushed
once into the wijkaanpak as a planned project — and refused, with nothing written, where
the werkplaats has no wijkaanpak or the user may not plan projects there."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from wendbaar.agenda.models import Milestone, Project
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.workshops import services
from wendbaar.workshops.models import AgendaAction, WorkAgenda

from .factories import join_with_sliders, make_workshop

pytestmark = pytest.mark.django_db

WHAT = "Drie haalbare plannen kiezen met de initiatiefnemers"
SUCCESS = "Drie plannen gekozen, elk met een trekker"
WHEN = dt.date(2027, 3, 1)  # the werkplaats was held on 20 November 2026
GOOD = {"what": WHAT, "who": "Chantal", "how": "Met het welzijnswerk", "when": "2027-03-01"}
GOOD["success"] = SUCCESS


def url(name: str, workshop, *args) -> str:
    return reverse(f"workshops:{name}", args=[workshop.pk, *args])


def text_of(response) -> str:
    """The page's text with tags removed and entities read, whitespace folded."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(body).split())


def add(workshop, **fields):
    return services.add_action(workshop=workshop, by=SYSTEM, **{**GOOD, "when": WHEN, **fields})


@pytest.fixture
def bureau(client, users):
    client.force_login(users["programmabureau"])
    return client


# --- the texts -------------------------------------------------------------------------------


def test_the_agenda_shows_each_reflection_beside_the_sliders_results(bureau, open_workshop):
    # Two colleagues 70 points apart on the internal position: tension; agreement elsewhere.
    anna = join_with_sliders(open_workshop, "Anna", {"internal_position": (10, 60)})
    services.save_slider(
        participant=anna, slider="internal_position", now=10, target=60, reason="Geen budget"
    )
    join_with_sliders(open_workshop, "Bram", {"internal_position": (80, 90)})
    response = bureau.get(url("agenda", open_workshop))
    assert response.status_code == 200
    page = text_of(response)
    # Median now (10 + 80) / 2 = 45, aimed for (60 + 90) / 2 = 75.
    assert (
        "Median now 45 → aimed for 75 (2 answers). Here is tension: colleagues differ by 30 "
        "points or more." in page
    )
    assert "Reasons given for “Internal positioning” Anna: Geen budget" in page
    assert "Nobody placed this slider." in page  # the four others
    # The field is described by its results (read out on focus).
    field = re.search(r'<textarea[^>]*name="reflection_internal_position"[^>]*>', response.text)
    assert 'aria-describedby="id_reflection_internal_position_helptext"' in field[0]


def test_the_texts_are_saved_in_the_workbooks_template(bureau, workshop):
    response = bureau.post(
        url("agenda", workshop),
        {
            "case_title": "Initiatiefnemers in Coevorden",
            "description": "Goede ideeën komen niet tot uitvoering.",
            "reflection_internal_position": "Geen gebiedsbudget, overleg tussen domeinen",
            "reflection_communication": "Geen gebiedsgerichte strategie",
            "direction": "Initiatiefnemers bedenken én voeren uit.",
            "koppelkansen": "Stimuleringsfonds",
            "now": "Een gesprek over wederzijdse verwachtingen.",
        },
    )
    assert response.status_code == 302
    agenda = WorkAgenda.objects.get(workshop=workshop)
    assert agenda.case_title == "Initiatiefnemers in Coevorden"
    assert agenda.reflections["internal_position"] == "Geen gebiedsbudget, overleg tussen domeinen"
    assert agenda.reflections["process_internal"] == ""
    assert agenda.koppelkansen == "Stimuleringsfonds"
    page = text_of(bureau.get(url("agenda", workshop)))
    assert "The werkagenda has been saved." in page
    assert "Geen gebiedsgerichte strategie" in page


def test_a_text_too_long_is_refused_with_what_was_typed(bureau, workshop):
    response = bureau.post(url("agenda", workshop), {"case_title": "x" * 201, "now": "Iets"})
    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in text_of(response)
    assert re.search(r">\s*Iets</textarea>", response.text)
    assert WorkAgenda.objects.get(workshop=workshop).now == ""


# --- SMART actions ---------------------------------------------------------------------------


def test_a_vague_action_is_refused_per_field_and_nothing_saved(bureau, workshop):
    response = bureau.post(
        url("action_add", workshop),
        {"what": "Samenwerking verbeteren", "who": "", "when": "2026-11-01", "success": "Beter"},
    )
    assert response.status_code == 400
    page = text_of(response)
    for field, message in (
        ("What", "Too vague: say what will concretely happen"),
        ("Who", "Fill this in: a SMART action says what, who, when and how success is seen."),
        ("When (a date)", "Choose a date from the werkplaats's date on."),
        ("How we see success", "Say how you will see that it worked, in a few words"),
    ):
        assert f"{field}: {message}" in page  # in the summary, linked to the field
    # What was typed stays.
    assert 'value="Samenwerking verbeteren"' in response.text
    assert 'value="2026-11-01"' in response.text
    assert re.search(r">\s*Beter</textarea>", response.text)
    assert 'href="#id_what"' in response.text
    assert not AgendaAction.objects.exists()


def test_a_date_more_than_two_years_ahead_is_refused(bureau, workshop):
    response = bureau.post(url("action_add", workshop), GOOD | {"when": "2028-11-21"})
    assert response.status_code == 400
    assert "Choose a date within two years" in text_of(response)
    assert not AgendaAction.objects.exists()


def test_the_who_field_suggests_the_participants_and_their_competences(bureau, open_workshop):
    anna = services.join(workshop=open_workshop, name="Anna")
    bram = services.join(workshop=open_workshop, name="Bram")
    # Four bridge-builder competences for Anna, one of them named by Bram too; Bram has none.
    services.set_competences(
        participant=anna,
        subject=anna,
        chosen=["connecting", "mediating", "structure", "transparent"],
    )
    services.set_competences(participant=bram, subject=anna, chosen=["connecting"])
    response = bureau.get(url("action_add", open_workshop))
    assert response.status_code == 200
    assert 'list="who-suggestions"' in response.text
    options = re.findall(r'<option value="([^"]+)">', response.text)
    assert options == ["Anna", "Bram"]
    material = text_of(response).split("(the competence game)")[1].split("With whom")[0]
    # Her type, and her three most named competences (most named first, then by key).
    assert (
        material.strip()
        == "Anna — Bridge builders: Connecting, Mediating between groups, Structure"
    )


def test_a_good_action_is_saved_and_listed(bureau, workshop):
    response = bureau.post(url("action_add", workshop), GOOD)
    assert response.status_code == 302
    assert response["Location"] == url("agenda", workshop) + "#actions"
    action = AgendaAction.objects.get()
    assert (action.what, action.who, action.how, action.when, action.success) == (
        WHAT,
        "Chantal",
        "Met het welzijnswerk",
        WHEN,
        SUCCESS,
    )
    page = text_of(bureau.get(url("agenda", workshop)))
    assert f"{WHAT} Who Chantal With whom and how Met het welzijnswerk When March 1, 2027" in page


def test_an_action_is_changed_or_kept_when_the_change_is_vague(bureau, workshop):
    action = add(workshop)
    form = bureau.get(url("action_edit", workshop, action.pk))
    assert f'value="{WHAT}"' in form.text and 'value="2027-03-01"' in form.text
    response = bureau.post(url("action_edit", workshop, action.pk), GOOD | {"what": "Meer doen"})
    assert response.status_code == 400
    assert "Too vague" in text_of(response) and 'value="Meer doen"' in response.text
    assert AgendaAction.objects.get().what == WHAT
    response = bureau.post(url("action_edit", workshop, action.pk), GOOD | {"when": "2027-04-15"})
    assert response.status_code == 302
    assert AgendaAction.objects.get().when == dt.date(2027, 4, 15)


def test_an_action_is_removed_after_confirmation(bureau, workshop):
    action = add(workshop)
    confirm = bureau.get(url("action_remove", workshop, action.pk))
    assert confirm.status_code == 200
    assert "Remove this action from the werkagenda?" in text_of(confirm)
    assert WHAT in text_of(confirm)
    assert AgendaAction.objects.exists()  # asking changes nothing
    response = bureau.post(url("action_remove", workshop, action.pk))
    assert response.status_code == 302
    assert not AgendaAction.objects.exists()


def test_an_action_of_another_werkplaats_is_not_found(bureau, workshop, geo, users):
    other = make_workshop(geo["utrecht"], title="Andere werkplaats", by=users["programmabureau"])
    action = add(other)
    assert bureau.get(url("action_edit", workshop, action.pk)).status_code == 404
    assert bureau.post(url("action_remove", workshop, action.pk)).status_code == 404
    assert AgendaAction.objects.filter(pk=action.pk).exists()


# --- pushing into the wijkaanpak ----------------------------------------------------------------


def test_pushing_makes_a_planned_project_the_action_links_to_once(bureau, workshop, approach):
    action = add(workshop)
    page = bureau.get(url("agenda", workshop)).text
    assert url("action_push", workshop, action.pk) in page
    response = bureau.post(url("action_push", workshop, action.pk))
    project = Project.objects.get()
    project_url = reverse("agenda:project", kwargs={"pk": approach.pk, "project": project.pk})
    assert response.status_code == 302 and response["Location"] == project_url
    assert project.approach == approach and project.status == "planned"
    assert project.title == WHAT and project.end_date == WHEN
    milestone = Milestone.objects.get(project=project)
    assert (milestone.title, milestone.due_date) == (SUCCESS, WHEN)
    page = bureau.get(url("agenda", workshop))
    assert f'href="{project_url}"' in page.text
    assert f"In the wijkaanpak {WHAT}" in text_of(page)
    assert url("action_push", workshop, action.pk) not in page.text  # no second button
    # A second push (an old page) is refused with a message; still one project.
    again = bureau.post(url("action_push", workshop, action.pk), follow=True)
    assert "This action is already a project of the wijkaanpak." in text_of(again)
    assert Project.objects.count() == 1


def test_pushing_without_a_wijkaanpak_is_refused(bureau, geo, users):
    workshop = make_workshop(geo["utrecht"], by=users["programmabureau"])  # no approach
    action = add(workshop)
    page = text_of(bureau.get(url("agenda", workshop)))
    assert "is not tied to a wijkaanpak, so its actions cannot become projects" in page
    response = bureau.post(url("action_push", workshop, action.pk), follow=True)
    assert "This werkplaats is not tied to a wijkaanpak." in text_of(response)
    assert not Project.objects.exists()
    assert AgendaAction.objects.get().project is None


def test_a_facilitator_without_project_rights_is_told_and_nothing_is_written(
    client, workshop, users, approach
):
    action = add(workshop)
    # The wijkmanager of Binnenstad facilitates Utrecht's werkplaats, plans nothing in Overvecht.
    client.force_login(users["wijkmanager_out"])
    page = client.get(url("agenda", workshop))
    assert url("action_push", workshop, action.pk) not in page.text
    assert "Only someone who may add projects to the wijkaanpak “Overvecht”" in text_of(page)
    response = client.post(url("action_push", workshop, action.pk))
    assert response.status_code == 403
    assert (
        "You may not add projects to the wijkaanpak “Overvecht”, so “"
        + WHAT
        + "” did not become a project. Nothing was changed."
    ) in text_of(response)
    assert not Project.objects.exists()
    assert AgendaAction.objects.get().project is None
    assert not AuditEvent.objects.filter(action="workagenda_action_pushed").exists()


def test_pushing_is_a_post(bureau, workshop):
    action = add(workshop)
    assert bureau.get(url("action_push", workshop, action.pk)).status_code == 405


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("partner", 403), ("lezer", 403), ("none", 403), ("programmabureau_den_haag", 404)],
)
def test_outsiders_neither_see_nor_write_the_agenda(client, workshop, users, role, status):
    action = add(workshop)
    client.force_login(users[role])
    for name, args in (
        ("agenda", ()),
        ("action_add", ()),
        ("action_edit", (action.pk,)),
        ("action_remove", (action.pk,)),
    ):
        assert client.get(url(name, workshop, *args)).status_code == status, name
    assert client.post(url("action_add", workshop), GOOD).status_code == status
    assert client.post(url("action_remove", workshop, action.pk)).status_code == status
    assert client.post(url("action_push", workshop, action.pk)).status_code == status
    assert client.post(url("agenda", workshop), {"now": "Iets"}).status_code == status
    assert AgendaAction.objects.count() == 1 and not Project.objects.exists()
    assert WorkAgenda.objects.get(workshop=workshop).now == ""


def test_anonymous_visitors_are_sent_to_sign_in(client, workshop):
    response = client.get(url("agenda", workshop))
    assert response.status_code == 302 and "inloggen" in response["Location"]

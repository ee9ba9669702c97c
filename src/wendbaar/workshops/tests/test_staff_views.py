"""The facilitator's pages: who sees and runs a werkplaats (Utrecht's staff, a wijkmanager
of any Utrecht wijk too; not partners, readers or Den Haag), the form that prepares and
edits one (typed values kept on a refusal, the exercises in the chosen order), opening
with a six-character code and its QR code, closing (the code is gone), and removing a
participant."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from wendbaar.workshops.constants import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Exercise, Status
from wendbaar.workshops.models import Participant, SliderAnswer, Workshop

from .factories import join_with_sliders, make_workshop

pytestmark = pytest.mark.django_db

STAFF = ["programmabureau", "wijkmanager_in", "wijkmanager_out", "beheerder"]
REFUSED = ["partner", "lezer", "none"]


def login_as(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def assert_sign_in(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def body(response) -> str:
    return response.content.decode()


def select(page: str, name: str) -> str:
    """The markup of the select named ``name``."""
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


def form_data(geo, **overrides) -> dict:
    data = {
        "municipality": geo["utrecht"].pk,
        "title": "Werkplaats Noord",
        "team": "Wijkteam Noord",
        "held_on": "2026-11-20",
        "case_title": "De speeltuin aan de Amazonedreef",
        "case_description": "Bewoners willen de speeltuin zelf beheren.",
        "exercises": list(Exercise.values),
        **{f"order_{e}": i for i, e in enumerate(Exercise.values, start=1)},
        "approach": "",
        "previous": "",
    }
    data.update(overrides)
    return data


# --- the list -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF)
def test_the_gemeentes_staff_see_the_list(client, users, workshop, role):
    response = login_as(client, users, role).get(reverse("workshops:list"))
    assert response.status_code == 200
    page = body(response)
    assert "Werkplaats wijkgericht werken" in page
    assert reverse("workshops:detail", args=[workshop.pk]) in page
    assert "Overvecht" in page  # the wijkaanpak
    assert "20 November 2026" in page
    assert reverse("workshops:create") in page  # they may facilitate


@pytest.mark.parametrize("role", REFUSED)
def test_partners_and_readers_get_no_list(client, users, workshop, role):
    assert login_as(client, users, role).get(reverse("workshops:list")).status_code == 403


def test_another_gemeente_sees_none_of_utrechts(client, users, workshop, geo):
    client.force_login(users["programmabureau_den_haag"])
    response = client.get(reverse("workshops:list"))
    assert response.status_code == 200
    assert "Werkplaats wijkgericht werken" not in body(response)
    assert "No werkplaatsen yet." in body(response)


def test_the_list_is_newest_first_with_participant_counts(client, users, geo, workshop):
    later = make_workshop(
        geo["utrecht"], title="Tweede ronde", held_on=dt.date(2027, 3, 1), by=users["beheerder"]
    )
    from wendbaar.workshops import services

    services.move_workshop(workshop=later, to="open", by=users["beheerder"])
    join_with_sliders(later, "Anna")
    join_with_sliders(later, "Bram")
    client.force_login(users["programmabureau"])
    page = body(client.get(reverse("workshops:list")))
    assert page.index("Tweede ronde") < page.index("Werkplaats wijkgericht werken")
    row = page[page.index("Tweede ronde") : page.index("Werkplaats wijkgericht werken")]
    assert re.search(r">2</td>", row)


def test_anonymous_is_sent_to_sign_in(client, workshop):
    for url in (
        reverse("workshops:list"),
        reverse("workshops:create"),
        reverse("workshops:detail", args=[workshop.pk]),
        reverse("workshops:edit", args=[workshop.pk]),
    ):
        assert_sign_in(client.get(url))
    assert_sign_in(client.post(reverse("workshops:move", args=[workshop.pk]), {"to": "open"}))
    assert Workshop.objects.get(pk=workshop.pk).status == Status.DRAFT


# --- creating and editing ------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF)
def test_staff_prepare_a_werkplaats(client, users, geo, approach, role):
    client.force_login(users[role])
    form = client.get(reverse("workshops:create"))
    assert form.status_code == 200
    # One gemeente to choose from: already chosen.
    assert re.search(rf'<option value="{geo["utrecht"].pk}" selected>', body(form))
    response = client.post(reverse("workshops:create"), form_data(geo, show_names="on"))
    workshop = Workshop.objects.get(title="Werkplaats Noord")
    assert response.status_code == 302
    assert response.url == reverse("workshops:detail", args=[workshop.pk])
    assert workshop.municipality == geo["utrecht"]
    assert workshop.team == "Wijkteam Noord"
    assert workshop.held_on == dt.date(2026, 11, 20)
    assert workshop.exercises == list(Exercise.values)
    assert workshop.show_names is True
    assert workshop.facilitator == users[role]
    assert workshop.status == Status.DRAFT


def test_a_werkplaats_for_a_wijkaanpak_the_user_sees(client, users, geo, approach):
    client.force_login(users["wijkmanager_in"])
    assert "Overvecht" in body(client.get(reverse("workshops:create")))
    response = client.post(reverse("workshops:create"), form_data(geo, approach=approach.pk))
    assert response.status_code == 302
    assert Workshop.objects.get().approach == approach


def test_a_draft_wijkaanpak_out_of_sight_is_not_offered(client, users, geo, approach):
    # The draft wijkaanpak of Overvecht is not visible to Binnenstad's wijkmanager.
    client.force_login(users["wijkmanager_out"])
    page = body(client.get(reverse("workshops:create")))
    assert f'<option value="{approach.pk}"' not in select(page, "approach")
    response = client.post(reverse("workshops:create"), form_data(geo, approach=approach.pk))
    assert response.status_code == 400
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_partners_and_readers_prepare_nothing(client, users, geo, role):
    client.force_login(users[role])
    assert client.get(reverse("workshops:create")).status_code == 403
    assert client.post(reverse("workshops:create"), form_data(geo)).status_code == 403
    assert not Workshop.objects.exists()


def test_every_exercise_is_ticked_at_first_in_the_workbooks_order(client, users):
    client.force_login(users["programmabureau"])
    page = body(client.get(reverse("workshops:create")))
    assert (
        '<label class="utrecht-form-label" for="id_order_blocks">Place of “Seven building blocks”'
        in page
    )
    assert re.search(
        r'<input type="number" name="order_blocks" value="2"[^>]*utrecht-textbox', page
    )
    for value in Exercise.values:
        assert re.search(
            rf'<input type="checkbox" name="exercises" value="{value}"[^>]* checked', page
        )


def test_the_exercises_follow_the_numbers_given(client, users, geo):
    client.force_login(users["programmabureau"])
    data = form_data(
        geo,
        exercises=["sliders", "blocks", "competences"],
        order_sliders=2,
        order_blocks=3,
        order_competences=1,
    )
    assert client.post(reverse("workshops:create"), data).status_code == 302
    workshop = Workshop.objects.get()
    assert workshop.exercises == ["competences", "sliders", "blocks"]
    assert workshop.current == "competences"  # the first is on screen


def test_equal_numbers_keep_the_workbooks_order(client, users, geo):
    client.force_login(users["programmabureau"])
    data = form_data(geo, exercises=["innovation", "sliders"], order_innovation=1, order_sliders=1)
    assert client.post(reverse("workshops:create"), data).status_code == 302
    assert Workshop.objects.get().exercises == ["sliders", "innovation"]


def test_a_refused_form_keeps_what_was_typed(client, users, geo):
    client.force_login(users["programmabureau"])
    data = form_data(geo, title="", exercises=[])
    response = client.post(reverse("workshops:create"), data)
    assert response.status_code == 400
    page = body(response)
    assert "This field is required." in page
    assert "Choose at least one exercise." in page
    assert 'value="Wijkteam Noord"' in page
    assert "Bewoners willen de speeltuin zelf beheren." in page
    assert 'value="2026-11-20"' in page
    assert not Workshop.objects.exists()


def test_a_wijkaanpak_of_another_gemeente_is_not_offered(client, users, geo):
    from wendbaar.agenda.tests.factories import make_approach

    elsewhere = make_approach(
        geo, areas=[geo["escamp"]], municipality=geo["den_haag"], name="Escamp"
    )
    client.force_login(users["beheerder"])
    page = body(client.get(reverse("workshops:create")))
    assert "Escamp" not in page
    response = client.post(reverse("workshops:create"), form_data(geo, approach=elsewhere.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in body(response)
    assert not Workshop.objects.exists()


def test_staff_edit_and_den_haag_gets_404(client, users, workshop):
    url = reverse("workshops:edit", args=[workshop.pk])
    client.force_login(users["wijkmanager_out"])
    page = body(client.get(url))
    assert 'value="Werkplaats wijkgericht werken"' in page
    assert 'name="municipality"' not in page  # a werkplaats keeps its gemeente
    data = {
        "title": "Werkplaats Overvecht",
        "team": "",
        "held_on": "2026-11-21",
        "case_title": "",
        "case_description": "",
        "exercises": ["sliders", "competences"],
        "order_sliders": 2,
        "order_competences": 1,
        "approach": "",
        "previous": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Werkplaats Overvecht"
    assert workshop.exercises == ["competences", "sliders"]
    assert workshop.approach is None
    client.force_login(users["programmabureau_den_haag"])
    assert client.get(url).status_code == 404
    assert client.post(url, data | {"title": "Weg"}).status_code == 404
    client.force_login(users["partner"])
    assert client.get(url).status_code == 403


def test_follows_up_on_an_earlier_werkplaats(client, users, geo, workshop):
    later = make_workshop(geo["utrecht"], title="Een jaar later", by=users["programmabureau"])
    client.force_login(users["programmabureau"])
    url = reverse("workshops:edit", args=[later.pk])
    page = body(client.get(url))
    assert "Werkplaats wijkgericht werken (2026-11-20)" in page
    assert f'<option value="{later.pk}"' not in select(page, "previous")  # not itself
    data = form_data(geo, title="Een jaar later", previous=workshop.pk)
    del data["municipality"]
    assert client.post(url, data).status_code == 302
    later.refresh_from_db()
    assert later.previous == workshop


# --- one werkplaats: status, code, QR ------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_the_werkplaats(client, users, workshop, role):
    response = login_as(client, users, role).get(reverse("workshops:detail", args=[workshop.pk]))
    assert response.status_code == 200
    page = body(response)
    assert "being prepared" in page
    assert "Open the werkplaats" in page  # every one of them may facilitate
    for name in ("screen", "agenda", "agenda_print", "agenda_pdf", "answers_csv"):
        assert reverse(f"workshops:{name}", args=[workshop.pk]) in page


@pytest.mark.parametrize("role", REFUSED)
def test_partners_and_readers_do_not_see_it(client, users, workshop, role):
    url = reverse("workshops:detail", args=[workshop.pk])
    assert login_as(client, users, role).get(url).status_code == 403


def test_den_haag_gets_404(client, users, workshop):
    client.force_login(users["programmabureau_den_haag"])
    assert client.get(reverse("workshops:detail", args=[workshop.pk])).status_code == 404
    response = client.post(reverse("workshops:move", args=[workshop.pk]), {"to": "open"})
    assert response.status_code == 404
    assert Workshop.objects.get(pk=workshop.pk).status == Status.DRAFT


def test_opening_shows_a_six_character_code_with_its_qr(client, users, workshop):
    client.force_login(users["wijkmanager_in"])
    detail = reverse("workshops:detail", args=[workshop.pk])
    page = body(client.get(detail))
    assert "<svg" not in page
    assert "the join code and the QR code appear when you open" in page
    response = client.post(reverse("workshops:move", args=[workshop.pk]), {"to": "open"})
    assert response.status_code == 302
    code = Workshop.objects.get(pk=workshop.pk).join_code
    assert len(code) == JOIN_CODE_LENGTH == 6
    assert set(code) <= set(JOIN_CODE_ALPHABET)
    page = body(client.get(detail))
    assert f'<strong class="join-code" id="join-code">{code}</strong>' in page
    join = f"http://testserver{reverse('workshops:join')}?code={code}"
    assert f">{join}</a>" in page  # the URL written out
    svg = re.search(r"<svg[^>]*>", page).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="join-qr-title join-qr-desc"' in svg
    assert f'<desc id="join-qr-desc">The code opens {join}</desc>' in page
    assert "Closing ends the join code" in page


def test_closing_removes_the_code(client, users, open_workshop):
    code = open_workshop.join_code
    client.force_login(users["programmabureau"])
    response = client.post(reverse("workshops:move", args=[open_workshop.pk]), {"to": "closed"})
    assert response.status_code == 302
    workshop = Workshop.objects.get(pk=open_workshop.pk)
    assert workshop.status == Status.CLOSED and workshop.join_code is None
    page = body(client.get(reverse("workshops:detail", args=[workshop.pk])))
    assert code not in page
    assert "<svg" not in page
    assert "its code no longer works" in page
    assert "Open again, with a new code" in page


def test_an_impossible_step_is_refused_with_a_reason(client, users, workshop):
    client.force_login(users["programmabureau"])
    response = client.post(
        reverse("workshops:move", args=[workshop.pk]), {"to": "closed"}, follow=True
    )
    assert "cannot become closed" in body(response)
    assert Workshop.objects.get(pk=workshop.pk).status == Status.DRAFT


def test_partners_cannot_open_it(client, users, workshop):
    client.force_login(users["partner"])
    response = client.post(reverse("workshops:move", args=[workshop.pk]), {"to": "open"})
    assert response.status_code == 403
    assert Workshop.objects.get(pk=workshop.pk).status == Status.DRAFT


# --- participants ----------------------------------------------------------------------------


def test_staff_see_first_names_and_remove_one(client, users, open_workshop):
    keep = join_with_sliders(open_workshop, "Fatima")
    prank = join_with_sliders(open_workshop, "Grapjas")
    client.force_login(users["beheerder"])
    page = body(client.get(reverse("workshops:detail", args=[open_workshop.pk])))
    assert "2 participants" in page
    assert "Fatima" in page and "Grapjas" in page
    url = reverse("workshops:participant_remove", args=[open_workshop.pk, prank.pk])
    assert url in page
    response = client.post(url)
    assert response.status_code == 302
    assert list(Participant.objects.all()) == [keep]
    assert not SliderAnswer.objects.filter(participant_id=prank.pk).exists()
    page = body(client.get(reverse("workshops:detail", args=[open_workshop.pk])))
    assert "1 participant" in page and 'participant-list__name">Grapjas' not in page


def test_removing_is_for_facilitators_of_the_gemeente(client, users, open_workshop):
    joiner = join_with_sliders(open_workshop, "Fatima")
    url = reverse("workshops:participant_remove", args=[open_workshop.pk, joiner.pk])
    client.force_login(users["lezer"])
    assert client.post(url).status_code == 403
    client.force_login(users["programmabureau_den_haag"])
    assert client.post(url).status_code == 404
    client.force_login(users["programmabureau"])
    assert client.get(url).status_code == 405  # a POST only
    assert Participant.objects.filter(pk=joiner.pk).exists()


def test_with_several_gemeenten_the_user_chooses_one(client, geo, approach):
    from wendbaar.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    page = body(client.get(reverse("workshops:create")))
    municipality = select(page, "municipality")
    assert "Utrecht" in municipality and "Gravenhage" in municipality
    assert '<option value="" selected>' in municipality  # nothing chosen for them
    assert "Overvecht (Utrecht)" in select(page, "approach")

"""The shared screen: who sees it, the code and QR code while open, the exercise tabs and
putting one on screen, and the live results per exercise — tension marked where
colleagues differ (and not where they agree), anonymous unless the group chose names,
the team profile explained, last time beside now, and a query count that does not grow
with the number of participants."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from wendbaar.approaches.models import PolicyDriver
from wendbaar.workshops import services
from wendbaar.workshops.constants import PROFILE_TEXTS, SLIDER_KEYS, Exercise
from wendbaar.workshops.models import Workshop

from .factories import join_with_sliders, make_workshop, open_it

pytestmark = pytest.mark.django_db

STAFF = ["programmabureau", "wijkmanager_in", "wijkmanager_out", "beheerder"]
# The results' queries (session, user, permission, scope, the werkplaats, the exercise's
# own few) are a fixed number: the same for 3 and for 30 participants. The screen adds
# the tabs' facilitation check and the QR code's page.
QUERY_BUDGET = 12
SCREEN_BUDGET = 18


def screen_url(workshop, **query) -> str:
    url = reverse("workshops:screen", args=[workshop.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def results_url(workshop, exercise: str) -> str:
    return reverse("workshops:results", args=[workshop.pk, exercise])


def body(response) -> str:
    return response.content.decode()


class _Tables(HTMLParser):
    """The text of every cell of the table with ``id``, row by row."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table(page: str, table_id: str) -> dict[str, list[str]]:
    """Rows of a table by their first cell (the header row under its first column)."""
    parser = _Tables(table_id)
    parser.feed(page)
    return {row[0]: row[1:] for row in parser.rows if row}


def partial(client, workshop, exercise: str) -> str:
    response = client.get(results_url(workshop, exercise), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return body(response)


@pytest.fixture
def staff(client, users):
    client.force_login(users["programmabureau"])
    return client


# --- the page and who sees it -----------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_the_screen_with_code_and_qr(client, users, open_workshop, role):
    client.force_login(users[role])
    response = client.get(screen_url(open_workshop))
    assert response.status_code == 200
    page = body(response)
    assert f'<p class="join-code join-code--screen">{open_workshop.join_code}</p>' in page
    assert re.search(r'<svg role="img" aria-labelledby="screen-qr-title screen-qr-desc"', page)
    assert f"/werkplaats/meedoen/?code={open_workshop.join_code}" in page
    # The results region polls, and its first content is already there.
    assert f'hx-get="{results_url(open_workshop, "sliders")}"' in page
    assert 'hx-trigger="load, every 3s"' in page
    # Only the count of answers is announced, not the whole fragment every 3 seconds.
    assert 'role="status"' in page and "aria-live" not in page
    assert 'id="slider-table"' in page


@pytest.mark.parametrize("role", ["partner", "lezer", "none"])
def test_partners_and_readers_do_not_see_the_screen(client, users, open_workshop, role):
    client.force_login(users[role])
    assert client.get(screen_url(open_workshop)).status_code == 403
    assert client.get(results_url(open_workshop, "sliders")).status_code == 403


def test_another_gemeente_gets_404_and_anonymous_signs_in(client, users, open_workshop):
    client.force_login(users["programmabureau_den_haag"])
    assert client.get(screen_url(open_workshop)).status_code == 404
    assert client.get(results_url(open_workshop, "sliders")).status_code == 404
    show = reverse("workshops:show", args=[open_workshop.pk])
    assert client.post(show, {"exercise": "blocks"}).status_code == 404
    client.logout()
    for url in (screen_url(open_workshop), results_url(open_workshop, "sliders")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_no_code_on_screen_unless_open(staff, workshop):
    page = body(staff.get(screen_url(workshop)))
    assert "join-code" not in page and "<svg role" not in page


def test_an_exercise_the_werkplaats_lacks_is_404(staff, geo, users):
    workshop = make_workshop(geo["utrecht"], exercises=["sliders"], by=users["programmabureau"])
    assert staff.get(results_url(workshop, "blocks")).status_code == 404
    assert staff.get(results_url(workshop, "nonsense")).status_code == 404


# --- tabs and putting an exercise on screen -------------------------------------------------------


def test_tabs_mark_the_shown_exercise(staff, open_workshop):
    page = body(staff.get(screen_url(open_workshop)))
    for value in Exercise.values:
        assert f'href="?exercise={value}"' in page
    assert re.search(r'href="\?exercise=sliders" aria-current="page"', page)
    page = body(staff.get(screen_url(open_workshop, exercise="blocks")))
    assert re.search(r'href="\?exercise=blocks" aria-current="page"', page)
    assert not re.search(r'href="\?exercise=sliders" aria-current', page)
    assert f'hx-get="{results_url(open_workshop, "blocks")}"' in page


def test_a_facilitator_puts_an_exercise_on_screen(client, users, open_workshop):
    client.force_login(users["wijkmanager_out"])
    show = reverse("workshops:show", args=[open_workshop.pk])
    assert show in body(client.get(screen_url(open_workshop)))
    response = client.post(show, {"exercise": "competences"})
    assert response.status_code == 302 and response.url == screen_url(open_workshop)
    assert Workshop.objects.get(pk=open_workshop.pk).current == "competences"
    page = body(client.get(screen_url(open_workshop)))
    assert re.search(r'href="\?exercise=competences" aria-current="page"', page)


def test_an_unknown_exercise_is_refused_with_a_reason(staff, geo, users):
    workshop = make_workshop(geo["utrecht"], exercises=["sliders"], by=users["programmabureau"])
    show = reverse("workshops:show", args=[workshop.pk])
    response = staff.post(show, {"exercise": "blocks"}, follow=True)
    assert "This werkplaats does not have that exercise." in body(response)
    assert Workshop.objects.get(pk=workshop.pk).current == "sliders"


def test_readers_cannot_change_the_screen(client, users, open_workshop):
    client.force_login(users["lezer"])
    show = reverse("workshops:show", args=[open_workshop.pk])
    assert client.post(show, {"exercise": "blocks"}).status_code == 403
    assert Workshop.objects.get(pk=open_workshop.pk).current == "sliders"


# --- sliders ------------------------------------------------------------------------------------


def test_colleagues_who_differ_are_marked_and_agreement_is_not(staff, open_workshop):
    differ = {key: (50, 60) for key in SLIDER_KEYS}
    join_with_sliders(open_workshop, "Anna", differ | {"communication": (10, 60)})
    join_with_sliders(open_workshop, "Bram", differ | {"communication": (80, 60)})
    page = partial(staff, open_workshop, "sliders")
    assert page.lstrip().startswith('<div class="workshop-results"')  # a fragment
    assert "<html" not in page
    rows = table(page, "slider-table")
    # Now: 10 and 80 → lowest 10, median 45, highest 80, spread 70; aimed for all 60.
    # answers; now lowest, median, highest; aimed for the same; spread; tension
    assert rows["Communication"] == [
        "2",
        "10",
        "45",
        "80",
        "60",
        "60",
        "60",
        "70 / 0",
        "tension here",
    ]
    assert rows["Internal positioning"] == ["2", "50", "50", "50", "60", "60", "60", "0 / 0", "no"]
    assert page.count('class="tension-mark"') == 1
    assert "2 participants answered." in page
    assert "<figure" in page and "<figcaption" in page and 'role="img"' in page


def test_agreement_is_not_tension(staff, open_workshop):
    join_with_sliders(open_workshop, "Anna")
    join_with_sliders(open_workshop, "Bram")
    page = partial(staff, open_workshop, "sliders")
    assert 'class="tension-mark"' not in page
    rows = table(page, "slider-table")
    assert [row[-1] for label, row in rows.items() if label != "Slider"] == ["no"] * 5


def _with_reason(workshop, name: str, reason: str) -> None:
    participant = join_with_sliders(workshop, name)
    services.save_slider(
        participant=participant, slider="communication", now=30, target=70, reason=reason
    )


def test_reasons_are_anonymous_on_the_shared_screen(staff, open_workshop):
    _with_reason(open_workshop, "Fatima", "Bewoners weten niet bij wie ze terecht kunnen.")
    for page in (
        partial(staff, open_workshop, "sliders"),
        body(staff.get(screen_url(open_workshop))),
    ):
        assert "Bewoners weten niet bij wie ze terecht kunnen." in page
        assert "Fatima" not in page
        assert "Anonymous: the group did not choose to show names." in page


def test_names_show_when_the_group_chose_so(staff, users, open_workshop):
    services.update_workshop(workshop=open_workshop, by=users["programmabureau"], show_names=True)
    _with_reason(open_workshop, "Fatima", "Bewoners weten niet bij wie ze terecht kunnen.")
    page = partial(staff, open_workshop, "sliders")
    assert "Bewoners weten niet bij wie ze terecht kunnen. <span" in page
    assert "— Fatima" in page


def test_the_team_profile_is_explained(staff, open_workshop):
    # Everyone low on every slider: mean now 20 < 40, so pioneers.
    for name in ("Anna", "Bram"):
        join_with_sliders(open_workshop, name, {key: (20, 70) for key in SLIDER_KEYS})
    page = partial(staff, open_workshop, "sliders")
    assert "The team: Pioneers" in page
    assert PROFILE_TEXTS["pioneer"].en[:60] in page
    assert "The mean of the medians now is 20" in page
    assert "the step to aimed for is +50 on average" in page
    assert "<li>Pioneers: 2</li>" in page
    assert "<li>Deep-thinkers: 0</li>" in page


def test_one_person_gives_no_team_profile(staff, open_workshop):
    join_with_sliders(open_workshop, "Anna", {key: (20, 70) for key in SLIDER_KEYS})
    page = partial(staff, open_workshop, "sliders")
    assert "A team profile needs at least two participants" in page
    assert "<li>Pioneers: 1</li>" in page


def test_last_time_beside_now(staff, geo, users):
    by = users["programmabureau"]
    earlier = open_it(make_workshop(geo["utrecht"], title="Vorig jaar", by=by), by)
    join_with_sliders(earlier, "Anna", {"communication": (20, 50)})
    join_with_sliders(earlier, "Bram", {"communication": (40, 50)})
    now = open_it(make_workshop(geo["utrecht"], title="Dit jaar", previous=earlier, by=by), by)
    join_with_sliders(now, "Anna", {"communication": (50, 80)})
    join_with_sliders(now, "Bram", {"communication": (70, 80)})
    page = partial(staff, now, "sliders")
    rows = table(page, "slider-table")
    header = rows["Slider"]
    assert header[-3:] == ["Last time: median now", "Change of the median now", "Tension"]
    # Last time: median of 20 and 40 = 30; now: median of 50 and 70 = 60; +30.
    assert rows["Communication"][-3:] == ["30", "+30", "no"]
    dash = "\N{EN DASH}"  # no figure: nobody placed it
    assert rows["Internal positioning"][-3:] == [dash, dash, "no"]
    assert "The diamond is the median now of last time: “Vorig jaar”" in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_query_count_does_not_grow(staff, open_workshop, django_assert_max_num_queries, count):
    driver = PolicyDriver.objects.create(key="veiligheid", name="Veiligheid")
    people = []
    for i in range(count):
        p = join_with_sliders(
            open_workshop, f"Deelnemer {i}", {k: (i % 100, 60) for k in SLIDER_KEYS}
        )
        services.save_block(
            participant=p, block="trust", strength=2, tension="Wantrouwen", first=True
        )
        services.save_koppelkans(participant=p, sentence=f"Zin {i}", drivers=[driver])
        services.save_innovation(participant=p, part="new_doing", state="already", note="Loopt")
        people.append(p)
    for p in people:
        services.set_competences(participant=p, subject=p, chosen=["enthusing", "practical"])
    for exercise in Exercise.values:
        with django_assert_max_num_queries(QUERY_BUDGET):
            partial(staff, open_workshop, exercise)
        with django_assert_max_num_queries(SCREEN_BUDGET):
            assert staff.get(screen_url(open_workshop, exercise=exercise)).status_code == 200


# --- the other exercises -------------------------------------------------------------------------


def test_building_blocks_ranked_with_their_tensions(staff, open_workshop):
    anna = join_with_sliders(open_workshop, "Anna")
    bram = join_with_sliders(open_workshop, "Bram")
    services.save_block(
        participant=anna, block="trust", strength=2, tension="Wantrouwen", first=True
    )
    services.save_block(participant=bram, block="trust", strength=3, first=True)
    services.save_block(participant=bram, block="means", strength=1)
    page = partial(staff, open_workshop, "blocks")
    rows = table(page, "block-table")
    ranked = [label for label in rows if label != "Building block"]
    assert ranked[:2] == ["Trust", "Means: people, execution money and process money"]
    assert rows["Trust"] == ["2", "2.5", "2"]  # two first votes, mean (2+3)/2, two answered
    assert rows["Means: people, execution money and process money"] == ["0", "1", "1"]
    assert "Wantrouwen" in page and "Anna" not in page


def test_koppelkansen_sentences_and_drivers(staff, open_workshop):
    veiligheid = PolicyDriver.objects.create(key="veiligheid", name="Veiligheid")
    energie = PolicyDriver.objects.create(key="energie", name="Energietransitie")
    anna = join_with_sliders(open_workshop, "Anna")
    bram = join_with_sliders(open_workshop, "Bram")
    services.save_koppelkans(
        participant=anna, sentence="Een buurtcentrum voor kinderen.", drivers=[veiligheid]
    )
    services.save_koppelkans(
        participant=bram, sentence="Zonnepanelen op de school.", drivers=[veiligheid, energie]
    )
    page = partial(staff, open_workshop, "koppelkansen")
    assert "<q>Een buurtcentrum voor kinderen.</q>" in page
    rows = table(page, "driver-table")
    assert rows["Veiligheid"] == ["2"] and rows["Energietransitie"] == ["1"]
    assert page.index(">Veiligheid<") < page.index(">Energietransitie<")
    assert "Anna" not in page


def test_innovation_counts(staff, open_workshop):
    anna = join_with_sliders(open_workshop, "Anna")
    bram = join_with_sliders(open_workshop, "Bram")
    services.save_innovation(participant=anna, part="new_knowledge", state="already")
    services.save_innovation(participant=bram, part="new_knowledge", state="attention")
    services.save_innovation(
        participant=bram, part="new_framing", state="attention", note="Kaders knellen"
    )
    page = partial(staff, open_workshop, "innovation")
    rows = table(page, "innovation-table")
    assert rows["New knowledge"] == ["1", "1", ""]
    assert rows["A new way of framing"] == ["0", "1", ""]
    assert rows["A new way of doing"] == ["0", "0", ""]
    assert 'style="width: 50%"' in page
    assert "Kaders knellen" in page and "Bram" not in page


def test_competences_per_person_name_people(staff, open_workshop):
    anna = join_with_sliders(open_workshop, "Anna")
    bram = join_with_sliders(open_workshop, "Bram")
    services.set_competences(participant=anna, subject=anna, chosen=["enthusing"])
    services.set_competences(participant=bram, subject=anna, chosen=["enthusing", "practical"])
    page = partial(staff, open_workshop, "competences")
    assert "this view shows first names" in page
    team = table(page, "team-competence-table")
    assert team["Enthusing others"] == ["1"] and team["Practical"] == ["1"]
    assert re.search(r"<h4[^>]*>Anna <span class=\"muted\">\(Everyday doers\)</span></h4>", page)
    assert 'Enthusing others — named by 2 <strong class="own-mark">(own strength)</strong>' in page
    assert "Practical — named by 1</li>" in page
    assert re.search(r"<h4[^>]*>Bram</h4>", page)
    assert (
        "Missing in the team:</strong> Frontline workers, Social entrepreneurs, Bridge builders"
        in page
    )

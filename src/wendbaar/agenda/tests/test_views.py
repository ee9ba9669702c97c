import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from wendbaar.agenda import services
from wendbaar.approaches import services as approach_services
from wendbaar.approaches.models import Approach
from wendbaar.coalition import services as coalition_services
from wendbaar.core.actors import SYSTEM

from .factories import make_approach, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(approach, orgs, geo):
    goal = services.add_goal(
        approach=approach, title="Meer mensen aan het werk", themes=["work"], by=SYSTEM
    )
    services.add_goal_indicator(
        goal=goal, name="Deelnemers", baseline_value=0, target_value=10, by=SYSTEM
    )
    own = make_project(
        approach,
        "Werkcafé",
        goals=[goal],
        themes=["work", "cohesion"],
        owner_organisation=orgs["corporatie"],
    )
    services.add_funding(
        project=own, source=orgs["gemeente"], amount=Decimal("1000"), year=2025, by=SYSTEM
    )
    services.add_funding(
        project=own, source=orgs["corporatie"], amount=Decimal("500"), year=2025, by=SYSTEM
    )
    services.add_money_flow(
        approach=approach,
        organisation=orgs["welzijn"],
        year=2025,
        amount=Decimal("2000"),
        theme="health",
        description="Buurtteam",
        by=SYSTEM,
    )
    coalition_services.join_coalition(
        approach=approach,
        organisation=orgs["gemeente"],
        role="steering_group",
        joined_on=dt.date(2024, 1, 1),
        by=SYSTEM,
    )
    approach_services.revise_vision(
        approach=approach, text="Een wijk waar iedereen meedoet.", reason="Start", by=SYSTEM
    )
    return {"approach": approach, "goal": goal, "project": own}


APPROACH_PAGES = {"list", "create", "edit", "checklist_item", "vision"}  # the kernel's


def url(name, **kw):
    app = "approaches" if name in APPROACH_PAGES else "agenda"
    return reverse(f"{app}:{name}", kwargs=kw)


class TestPages:
    def test_draft_is_hidden_from_anonymous_and_published_is_public(self, client, full):
        approach = full["approach"]
        assert client.get(url("approach", pk=approach.pk)).status_code == 404
        assert approach.name not in client.get(url("list")).content.decode()
        approach_services.set_approach_published(approach=approach, published=True, by=SYSTEM)
        response = client.get(url("approach", pk=approach.pk))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Meer mensen aan het werk" in html and "Werkcafé" in html
        assert "<svg" in html and "money-chart-title" in html
        assert reverse("pages:area", kwargs={"code": "WK034403"}) in html
        assert "Edit" not in html or "bewerken" not in html
        assert client.get(url("money", pk=approach.pk)).status_code == 200
        assert (
            client.get(url("project", pk=approach.pk, project=full["project"].pk)).status_code
            == 200
        )

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_years_are_not_written_as_thousands(self, client, users, full, language):
        # USE_THOUSAND_SEPARATOR is on: a bare year would read "2.024" or "2,024".
        approach = full["approach"]
        ind = full["goal"].indicators.get()
        services.update_goal_indicator(
            indicator=ind, baseline_year=2024, target_year=2030, by=SYSTEM
        )
        services.record_indicator_measurement(indicator=ind, year=2025, value=4, by=SYSTEM)
        approach_services.set_approach_published(approach=approach, published=True, by=SYSTEM)
        client.cookies["django_language"] = language
        pages = {
            "list": client.get(url("list")),
            "approach": client.get(url("approach", pk=approach.pk)),
            "money": client.get(url("money", pk=approach.pk)),
            "project": client.get(url("project", pk=approach.pk, project=full["project"].pk)),
        }
        html = {name: response.content.decode() for name, response in pages.items()}
        assert all(response.status_code == 200 for response in pages.values())
        span = "2024\N{EN DASH}2040"
        assert span in html["list"] and span in html["approach"]
        assert "0 (2024)" in html["approach"] and "10 (2030)" in html["approach"]
        assert "4 (2025)" in html["approach"]
        assert ">2025</th>" in html["money"] and ">2025</td>" in html["money"]
        assert ">2025</td>" in html["project"]

    def test_page_for_reader_in_scope(self, client, users, full):
        client.force_login(users["lezer"])
        response = client.get(url("approach", pk=full["approach"].pk))
        assert response.status_code == 200
        assert url("edit", pk=full["approach"].pk) not in response.content.decode()

    def test_editor_sees_edit_links_and_warnings(self, client, users, full):
        client.force_login(users["wijkmanager_in"])
        html = client.get(url("approach", pk=full["approach"].pk)).content.decode()
        assert url("edit", pk=full["approach"].pk) in html
        assert "Signs of a weak programme" in html or "zwak" in html

    def test_create_approach(self, client, users, geo):
        client.force_login(users["programmabureau"])
        assert client.get(url("create")).status_code == 200
        response = client.post(
            url("create"),
            {
                "name": "Nieuwe aanpak",
                "municipality": geo["utrecht"].pk,
                "areas": [geo["overvecht"].pk],
                "start_year": 2025,
                "end_year": 2060,
            },
        )
        assert response.status_code == 200  # too long a horizon: form re-shown
        html = response.content.decode()
        assert 'value="Nieuwe aanpak"' in html and "form-errors" in html
        response = client.post(
            url("create"),
            {
                "name": "Nieuwe aanpak",
                "municipality": geo["utrecht"].pk,
                "areas": [geo["overvecht"].pk],
                "start_year": 2025,
                "end_year": 2045,
            },
        )
        approach = Approach.objects.get(name="Nieuwe aanpak")
        assert response.status_code == 302 and response.url == approach.get_absolute_url()

    def test_create_forbidden_for_reader(self, client, users):
        client.force_login(users["lezer"])
        assert client.get(url("create")).status_code == 403

    def test_checklist_htmx(self, client, users, approach):
        item = approach.checklist.first()
        client.force_login(users["wijkmanager_in"])
        response = client.post(
            url("checklist_item", pk=approach.pk, item=item.pk),
            {"done": "on", "note": "Klaar"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert f'id="checklist-item-{item.pk}"' in response.content.decode()
        item.refresh_from_db()
        assert item.done and item.note == "Klaar"
        client.force_login(users["wijkmanager_out"])
        response = client.post(url("checklist_item", pk=approach.pk, item=item.pk), {})
        assert response.status_code in (403, 404)

    def test_partner_updates_own_project_not_others(self, client, users, full, orgs):
        other = make_project(full["approach"], "Ander", owner_organisation=orgs["welzijn"])
        client.force_login(users["partner"])
        pk = full["approach"].pk
        own_url = url("progress_create", pk=pk, project=full["project"].pk)
        response = client.post(
            own_url,
            {"narrative": "Goed bezig", "progress_percent": 40, "outputs": "Bijeenkomsten: 3"},
        )
        assert response.status_code == 302
        assert full["project"].progress_updates.get().outputs[0]["value"] == 3.0
        assert client.get(url("progress_create", pk=pk, project=other.pk)).status_code == 403
        assert client.get(url("project_create", pk=pk)).status_code == 403

    def test_project_create_and_status(self, client, users, full):
        client.force_login(users["wijkmanager_in"])
        pk = full["approach"].pk
        response = client.post(
            url("project_create", pk=pk),
            {
                "title": "Buurtmoestuin",
                "start_date": "2025-03-01",
                "budget": "5000",
                "goals": [full["goal"].pk],
                "themes": ["environment"],
            },
        )
        assert response.status_code == 302
        project = full["approach"].projects.get(title="Buurtmoestuin")
        response = client.post(
            url("project_status", pk=pk, project=project.pk), {"status": "running"}
        )
        assert response.status_code == 302
        project.refresh_from_db()
        assert project.status == "running"

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_form_pages_end_their_breadcrumbs_with_themselves(self, client, users, full, language):
        """The trail names the page, never a stray context value (the language code)."""
        client.force_login(users["programmabureau"])
        client.cookies["django_language"] = language
        approach = full["approach"]
        pages = {
            url("vision", pk=approach.pk): None,  # the approach is the last link
            url("goal_create", pk=approach.pk): {"nl": "Nieuw doel", "en": "New goal"},
        }
        for page, here in pages.items():
            html = client.get(page).content.decode()
            trail = html[
                html.index('class="utrecht-breadcrumb-nav') : html.index(
                    "</nav>", html.index('class="utrecht-breadcrumb-nav')
                )
            ]
            assert f'href="{approach.get_absolute_url()}">{approach.name}</a>' in trail
            current = re.findall(r'aria-current="page">([^<]*)<', trail)
            assert current == ([here[language]] if here else [])

    def test_vision_and_goal_forms(self, client, users, full):
        client.force_login(users["programmabureau"])
        pk = full["approach"].pk
        assert client.get(url("vision", pk=pk)).status_code == 200
        response = client.post(url("vision", pk=pk), {"text": "Nieuw", "reason": "Wijkavond"})
        assert response.status_code == 302
        # Back to the vision, in the agenda step of the page.
        assert response["Location"] == url("approach", pk=pk) + "#vision"
        assert full["approach"].visions.count() == 2
        response = client.post(
            url("goal_create", pk=pk), {"title": "Veiliger", "themes": ["safety"]}
        )
        assert response.status_code == 302
        goal = full["approach"].goals.get(title="Veiliger")
        response = client.post(
            url("indicator_create", pk=pk, goal=goal.pk), {"name": "Veiligheidsgevoel"}
        )
        assert response.status_code == 302

    def test_money_flow_form(self, client, users, full, orgs):
        client.force_login(users["wijkmanager_in"])
        pk = full["approach"].pk
        response = client.post(
            url("money_flow_create", pk=pk),
            {
                "organisation": orgs["corporatie"].pk,
                "description": "Onderhoud",
                "theme": "housing",
                "year": 2025,
                "amount": "10000",
                "status": "committed",
            },
        )
        assert response.status_code == 302
        assert full["approach"].money_flows.count() == 2


def test_out_of_scope_wijkmanager_cannot_edit(client, users, geo):
    approach = make_approach(geo, published=True)
    client.force_login(users["wijkmanager_out"])
    assert client.get(url("edit", pk=approach.pk)).status_code == 403
    assert client.get(url("approach", pk=approach.pk)).status_code == 200

import pytest
from django.urls import include, path
from rest_framework.test import APIClient

from wendbaar.agenda import services
from wendbaar.core.actors import SYSTEM

from .factories import make_approach, make_project

urlpatterns = [path("api/v1/", include("wendbaar.agenda.api.urls"))]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def two(geo, orgs):
    draft = make_approach(geo, name="Concept")
    published = make_approach(geo, name="Openbaar", published=True, budget_holder=orgs["gemeente"])
    goal = services.add_goal(approach=published, title="Werk", by=SYSTEM)
    services.add_goal_indicator(
        goal=goal,
        name="Banen",
        baseline_value=10,
        baseline_year=2024,
        target_value=30,
        target_year=2030,
        by=SYSTEM,
    )
    services.record_indicator_measurement(
        indicator=goal.indicators.get(), year=2025, value=20, by=SYSTEM
    )
    project = make_project(published, goals=[goal], owner_organisation=orgs["corporatie"])
    services.report_progress(project=project, narrative="x", progress_percent=25, by=SYSTEM)
    from decimal import Decimal

    services.add_funding(
        project=project, source=orgs["corporatie"], amount=Decimal("100"), year=2025, by=SYSTEM
    )
    return draft, published


def test_list_is_scoped(api, users, two):
    names = [a["name"] for a in api.get("/api/v1/wijkaanpakken").json()["results"]]
    assert names == ["Openbaar"]
    api.force_authenticate(users["lezer"])
    names = [a["name"] for a in api.get("/api/v1/wijkaanpakken").json()["results"]]
    assert names == ["Concept", "Openbaar"]
    api.force_authenticate(users["lezer_den_haag"])
    names = [a["name"] for a in api.get("/api/v1/wijkaanpakken").json()["results"]]
    assert names == ["Openbaar"]


def test_detail(api, two):
    draft, published = two
    assert api.get(f"/api/v1/wijkaanpakken/{draft.pk}").status_code == 404
    data = api.get(f"/api/v1/wijkaanpakken/{published.pk}").json()
    goal = data["goals"][0]
    indicator = goal["indicators"][0]
    assert indicator["baseline"] == {"value": 10.0, "year": 2024}
    assert indicator["target"] == {"value": 30.0, "year": 2030}
    assert indicator["actual"] == {"value": 20.0, "year": 2025, "exact": True, "source": ""}
    assert indicator["progress_to_target"] == pytest.approx(0.5)
    project = data["projects"][0]
    assert project["status"] == "planned" and project["progress_percent"] == 25.0
    assert project["funding_by_party"] == [
        {
            "party": "Woningcorporatie (voorbeeld)",
            "planned": "100.00",
            "committed": "0.00",
            "spent": "0.00",
        }
    ]
    assert project["funding"] == {"planned": "100.00", "committed": "0.00", "spent": "0.00"}
    assert "funding_total" not in project  # planned, committed and spent are never summed
    # Others' money over the project's cost (€ 100 of the € 10,000 budget), not 100 %.
    assert project["co_funding_share"] == pytest.approx(0.01)
    assert project["co_funding_unknown_reason"] is None
    money = data["money"]
    assert money["total"] == {"planned": "100.00", "committed": "0.00", "spent": "0.00"}
    assert money["by_theme"] == [
        {
            "theme": "",
            "label": "Geen thema",
            "planned": "100.00",
            "committed": "0.00",
            "spent": "0.00",
        }
    ]
    assert data["coalition"]["missing_party_groups"] == [
        "municipality",
        "civil_society",
        "residents",
    ]
    assert data["progress"]["percent"] == 25.0


def test_schema_generates():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(patterns=urlpatterns).get_schema(request=None, public=True)
    assert (
        "/api/v1/wijkaanpakken/{id}" in schema["paths"]
        or "/api/v1/wijkaanpakken/{pk}" in schema["paths"]
    )

"""The write endpoints of the wijkaanpak API: who may, what they write, what they answer.

Every write goes through a service (one audit event each); a refusal writes nothing.
Runs against the real URL configuration, so the paths are the public ones.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import reset_generator_stats
from rest_framework.test import APIClient

from wendbaar.agenda import services
from wendbaar.agenda.models import IndicatorMeasurement, ProgressUpdate, ProjectStatusChange
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent
from wendbaar.monitor.models import Indicator

from .factories import make_approach, make_project

pytestmark = pytest.mark.django_db

BASE = "/api/v1/wijkaanpakken"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def data(geo, orgs):
    """A published and a draft wijkaanpak in Overvecht, each with a project of the
    partner's organisation (corporatie) and one of another (welzijn), and a goal with a
    local and a monitor indicator."""
    published = make_approach(geo, name="Openbaar", published=True, budget_holder=orgs["gemeente"])
    draft = make_approach(geo, name="Concept", budget_holder=orgs["gemeente"])
    out = {"published": published, "draft": draft}
    Indicator.objects.create(
        code="werkloosheid", name_nl="Werkloosheid", name_en="Unemployment", unit="%"
    )
    for key, approach in (("published", published), ("draft", draft)):
        goal = services.add_goal(approach=approach, title="Werk", by=SYSTEM)
        out[key, "goal"] = goal
        out[key, "local"] = services.add_goal_indicator(
            goal=goal,
            name="Deelnemers werkcafé",
            baseline_value=10,
            baseline_year=2024,
            target_value=30,
            target_year=2030,
            by=SYSTEM,
        )
        out[key, "monitor"] = services.add_goal_indicator(
            goal=goal, indicator_code="werkloosheid", by=SYSTEM
        )
        out[key, "own"] = make_project(
            approach, "Eigen project", goals=[goal], owner_organisation=orgs["corporatie"]
        )
        out[key, "other"] = make_project(
            approach, "Ander project", owner_organisation=orgs["welzijn"]
        )
    return out


def progress_url(approach, project) -> str:
    return f"{BASE}/{approach.pk}/projects/{project.pk}/progress"


def status_url(approach, project) -> str:
    return f"{BASE}/{approach.pk}/projects/{project.pk}/status"


def measurement_url(approach, goal, indicator) -> str:
    return f"{BASE}/{approach.pk}/goals/{goal.pk}/indicators/{indicator.pk}/measurements"


PROGRESS = {"narrative": "Drie bijeenkomsten gehouden", "progress_percent": 40}
STATUS = {"status": "running", "note": "Gestart"}
MEASUREMENT = {"year": 2026, "value": 25, "note": "Eigen telling"}


def written() -> tuple[int, int, int, int]:
    """Counts of everything a write endpoint could add."""
    return (
        ProgressUpdate.objects.count(),
        ProjectStatusChange.objects.count(),
        IndicatorMeasurement.objects.count(),
        AuditEvent.objects.count(),
    )


def post(api, users, role, url, body, **extra):
    if role != "anonymous":
        api.force_login(users[role])
    return api.post(url, body, format="json", **extra)


# --- permission matrix -----------------------------------------------------------------

# (role, which approach, which project, expected status)
PROJECT_MATRIX = [
    ("anonymous", "published", "own", 403),
    ("none", "published", "own", 403),  # signed in, no role
    ("none", "draft", "own", 403),  # no right anywhere: 403 before any lookup
    ("lezer", "published", "own", 403),
    ("lezer", "draft", "own", 403),  # may see the draft, not change it
    ("beheerder", "published", "own", 403),
    ("partner", "published", "own", 201),
    ("partner", "published", "other", 403),  # visible, not of their organisation
    ("partner", "draft", "own", 201),
    ("partner", "draft", "other", 403),
    ("wijkmanager_in", "published", "own", 201),
    ("wijkmanager_in", "draft", "other", 201),
    ("wijkmanager_out", "published", "own", 403),  # visible to all, not in scope
    ("wijkmanager_out", "draft", "own", 404),  # a draft out of scope: invisible
    ("programmabureau", "published", "other", 201),
    ("programmabureau", "draft", "own", 201),
    ("programmabureau_den_haag", "published", "own", 403),
    ("programmabureau_den_haag", "draft", "own", 404),
]


@pytest.mark.parametrize("endpoint", ["progress", "status"])
@pytest.mark.parametrize("role,which,project,expected", PROJECT_MATRIX)
def test_project_write_matrix(api, users, data, endpoint, role, which, project, expected):
    approach, obj = data[which], data[which, project]
    url, body = {
        "progress": (progress_url(approach, obj), PROGRESS),
        "status": (status_url(approach, obj), STATUS),
    }[endpoint]
    before = written()
    response = post(api, users, role, url, body)
    assert response.status_code == expected, response.content
    if expected == 201:
        assert written() != before
        assert AuditEvent.objects.filter(actor=users[role]).count() == 1
    else:
        assert written() == before
        obj.refresh_from_db()
        assert obj.status == "planned"


MEASUREMENT_MATRIX = [
    ("anonymous", "published", 403),
    ("none", "published", 403),
    ("lezer", "published", 403),
    ("lezer", "draft", 403),
    ("beheerder", "published", 403),
    ("partner", "published", 403),  # partners report on projects, not on goals
    ("partner", "draft", 403),
    ("wijkmanager_in", "published", 201),
    ("wijkmanager_in", "draft", 201),
    ("wijkmanager_out", "published", 403),
    ("wijkmanager_out", "draft", 404),
    ("programmabureau", "published", 201),
    ("programmabureau", "draft", 201),
    ("programmabureau_den_haag", "published", 403),
    ("programmabureau_den_haag", "draft", 404),
]


@pytest.mark.parametrize("role,which,expected", MEASUREMENT_MATRIX)
def test_measurement_matrix(api, users, data, role, which, expected):
    url = measurement_url(data[which], data[which, "goal"], data[which, "local"])
    before = written()
    response = post(api, users, role, url, MEASUREMENT)
    assert response.status_code == expected, response.content
    if expected == 201:
        assert IndicatorMeasurement.objects.get().created_by == users[role]
    else:
        assert written() == before


def test_ids_must_belong_to_the_approach(api, users, data):
    """A project, goal or indicator of another wijkaanpak is not found through this one."""
    api.force_login(users["programmabureau"])
    published, draft = data["published"], data["draft"]
    before = written()
    assert api.post(progress_url(published, data["draft", "own"]), PROGRESS).status_code == 404
    assert api.post(status_url(draft, data["published", "own"]), STATUS).status_code == 404
    wrong_goal = measurement_url(published, data["draft", "goal"], data["published", "local"])
    wrong_indicator = measurement_url(published, data["published", "goal"], data["draft", "local"])
    assert api.post(wrong_goal, MEASUREMENT).status_code == 404
    assert api.post(wrong_indicator, MEASUREMENT).status_code == 404
    assert (
        api.post(
            progress_url(published, data["published", "own"]).replace(
                f"/{published.pk}/", "/999999/"
            ),
            PROGRESS,
        ).status_code
        == 404
    )
    assert written() == before


def test_only_post_is_offered(api, users, data):
    api.force_login(users["programmabureau"])
    url = progress_url(data["published"], data["published", "own"])
    assert api.get(url).status_code == 405
    assert api.put(url, PROGRESS, format="json").status_code == 405


# --- happy paths, seen through the detail endpoint ---------------------------------------


def detail(api, approach) -> dict:
    response = api.get(f"{BASE}/{approach.pk}")
    assert response.status_code == 200
    return response.json()


def project_in(data_json: dict, project) -> dict:
    return next(p for p in data_json["projects"] if p["id"] == project.pk)


def test_partner_reports_progress_of_own_project(api, users, data):
    published, own = data["published"], data["published", "own"]
    body = {
        **PROGRESS,
        "progress_percent": 60,
        "reported_on": "2026-03-31",
        "outputs": [{"label": "Bijeenkomsten", "value": 3}],
    }
    response = post(api, users, "partner", progress_url(published, own), body)
    assert response.status_code == 201
    created = response.json()
    update = ProgressUpdate.objects.get()
    assert created == {
        "id": update.pk,
        "project_id": own.pk,
        "reported_on": "2026-03-31",
        "narrative": "Drie bijeenkomsten gehouden",
        "progress_percent": 60,
        "outputs": [{"label": "Bijeenkomsten", "value": 3.0, "unit": ""}],
        "created_at": created["created_at"],
    }
    assert update.created_by == users["partner"]
    assert project_in(detail(api, published), own)["progress_percent"] == 60.0

    event = AuditEvent.objects.get(action="progress_reported")
    assert event.actor == users["partner"]
    assert (event.object_type, event.object_id) == ("agenda.progressupdate", str(update.pk))
    assert event.detail == {"project_id": own.pk, "progress_percent": 60}


def test_wijkmanager_changes_status(api, users, data):
    published, own = data["published"], data["published", "own"]
    body = {"status": "running", "on": "2026-02-01", "note": "Aannemer begonnen"}
    response = post(api, users, "wijkmanager_in", status_url(published, own), body)
    assert response.status_code == 201
    change = own.status_changes.first()
    assert response.json() | {"created_at": None} == {
        "id": change.pk,
        "project_id": own.pk,
        "from_status": "planned",
        "to_status": "running",
        "on": "2026-02-01",
        "note": "Aannemer begonnen",
        "created_at": None,
    }
    assert change.on == dt.date(2026, 2, 1) and change.changed_by == users["wijkmanager_in"]
    assert project_in(detail(api, published), own)["status"] == "running"
    event = AuditEvent.objects.get(action="project_status_changed")
    assert event.actor == users["wijkmanager_in"]
    assert event.detail == {
        "from_status": "planned",
        "to_status": "running",
        "note": "Aannemer begonnen",
    }


def test_programmabureau_records_a_measurement(api, users, data):
    published = data["published"]
    local = data["published", "local"]
    url = measurement_url(published, data["published", "goal"], local)
    response = post(api, users, "programmabureau", url, MEASUREMENT)
    assert response.status_code == 201
    assert response.json()["indicator_id"] == local.pk
    assert response.json()["value"] == 25.0
    indicator = detail(api, published)["goals"][0]["indicators"][0]
    assert indicator["id"] == local.pk
    assert indicator["actual"] == {"value": 25.0, "year": 2026, "exact": True, "source": ""}
    assert indicator["progress_to_target"] == pytest.approx(0.75)
    event = AuditEvent.objects.get(action="indicator_measured")
    assert event.actor == users["programmabureau"]
    assert event.detail == {"indicator_id": local.pk, "year": 2026, "value": 25}


def test_a_draft_is_written_and_stays_a_draft(api, users, data):
    draft, own = data["draft"], data["draft", "own"]
    assert post(api, users, "partner", progress_url(draft, own), PROGRESS).status_code == 201
    assert project_in(detail(api, draft), own)["progress_percent"] == 40.0
    api.logout()
    assert api.get(f"{BASE}/{draft.pk}").status_code == 404


# --- refusals by validation --------------------------------------------------------------


def test_invalid_transition_is_400_with_the_service_message(api, users, data):
    published, own = data["published"], data["published", "own"]
    before = written()
    response = post(
        api,
        users,
        "programmabureau",
        status_url(published, own),
        {"status": "completed"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"status": ["A project cannot go from Planned to Completed."]}
    assert written() == before
    assert project_in(detail(api, published), own)["status"] == "planned"


def test_measurement_of_a_monitor_indicator_is_400(api, users, data):
    published = data["published"]
    url = measurement_url(published, data["published", "goal"], data["published", "monitor"])
    before = written()
    response = post(api, users, "programmabureau", url, MEASUREMENT, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "The value of a monitor indicator comes from the monitor's observations."
        ]
    }
    assert written() == before


@pytest.mark.parametrize(
    "body,field",
    [
        ({"narrative": "x", "progress_percent": 101}, "progress_percent"),
        ({"progress_percent": 10}, "narrative"),
        ({**PROGRESS, "outputs": [{"label": "", "value": 1}]}, "outputs"),
        ({**PROGRESS, "outputs": [{"label": "Woningen", "value": "veel"}]}, "outputs"),
        ({**PROGRESS, "reported_on": "gisteren"}, "reported_on"),
    ],
)
def test_invalid_progress_is_400_by_field(api, users, data, body, field):
    url = progress_url(data["published"], data["published", "own"])
    before = written()
    response = post(api, users, "partner", url, body)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert written() == before


def test_unknown_status_is_400(api, users, data):
    url = status_url(data["published"], data["published", "own"])
    response = post(api, users, "programmabureau", url, {"status": "vergeten"})
    assert response.status_code == 400 and list(response.json()) == ["status"]


# --- CSRF and schema -------------------------------------------------------------------


def test_session_writes_need_a_csrf_token(users, data):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(users["programmabureau"])
    url = progress_url(data["published"], data["published", "own"])
    before = written()
    response = api.post(url, PROGRESS, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert written() == before

    secret = "a" * 32  # an unmasked secret is accepted in the header as in the cookie
    api.cookies["csrftoken"] = secret
    response = api.post(url, PROGRESS, format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201


def test_schema_describes_the_writes_without_warnings(client, tmp_path):
    reset_generator_stats()
    # Fails on any warning of the generator and validates against the OpenAPI spec.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"))
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path, request in (
        ("/api/v1/wijkaanpakken/{id}/projects/{project_id}/progress", "ProgressInput"),
        ("/api/v1/wijkaanpakken/{id}/projects/{project_id}/status", "StatusInput"),
        (
            "/api/v1/wijkaanpakken/{id}/goals/{goal_id}/indicators/{indicator_id}/measurements",
            "MeasurementInput",
        ),
    ):
        operation = paths[path]["post"]
        assert list(paths[path]) == ["post"]
        assert operation["tags"] == ["wijkaanpak"] and operation["summary"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body == {"$ref": f"#/components/schemas/{request}"}
        assert {"201", "400", "403", "404"} <= set(operation["responses"])


def test_detail_shows_the_status_history_in_order(api, users, data):
    published, own = data["published"], data["published", "own"]
    users["wijkmanager_in"].first_name, users["wijkmanager_in"].last_name = "Wim", "Wijk"
    users["wijkmanager_in"].save()
    for status, on in (("running", "2026-02-01"), ("paused", "2026-03-01")):
        body = {"status": status, "on": on}
        assert (
            post(api, users, "wijkmanager_in", status_url(published, own), body).status_code == 201
        )
    history = project_in(detail(api, published), own)["status_history"]
    assert history == [
        {"from_status": None, "to_status": "planned", "on": history[0]["on"], "by": None},
        {"from_status": "planned", "to_status": "running", "on": "2026-02-01", "by": "Wim Wijk"},
        {"from_status": "running", "to_status": "paused", "on": "2026-03-01", "by": "Wim Wijk"},
    ]
    assert "@" not in str(history)
    # Who changed it is personal data: an anonymous reader sees the steps, not the names.
    api.logout()
    public = project_in(detail(api, published), own)["status_history"]
    assert [(h["to_status"], h["on"]) for h in public] == [
        (h["to_status"], h["on"]) for h in history
    ]
    assert {h["by"] for h in public} == {None}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("status", {"status": "running", "on": "0038-01-01"}, "on"),
        ("status", {"status": "running", "on": "2019-05-01"}, "on"),
        ("status", {"status": "running", "on": "9797-01-01"}, "on"),
        ("progress", {**PROGRESS, "reported_on": "0038-03-31"}, "reported_on"),
        ("progress", {**PROGRESS, "reported_on": "2099-03-31"}, "reported_on"),
    ],
)
def test_implausible_history_dates_are_refused(api, users, data, path, body, field):
    published, own = data["published"], data["published", "own"]
    url = f"{BASE}/{published.pk}/projects/{own.pk}/{path}"
    response = post(api, users, "wijkmanager_in", url, body)
    assert response.status_code == 400
    (message,) = response.json()[field]
    assert "2024-07-03" in message  # the project starts 2025-01-01: half a year before
    assert not own.status_changes.exclude(to_status="planned").exists()
    assert not own.progress_updates.exists()


def test_measurement_of_a_future_year_is_refused(api, users, data):
    published = data["published"]
    local = data["published", "local"]
    url = measurement_url(published, data["published", "goal"], local)
    response = post(api, users, "programmabureau", url, {**MEASUREMENT, "year": 2099})
    assert response.status_code == 400
    assert "2099" not in response.json()["year"][0]
    assert not local.measurements.exists()

# ruff: noqa: F811 (the fixtures ``api`` and ``data`` come from test_api_writes)
"""Corrections through the API: a progress report or a measurement corrected (PATCH) or
withdrawn (POST …/withdraw) — who may, the 400 messages, and that a refusal writes
nothing. The same services as the pages (``test_corrections.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from wendbaar.agenda import services
from wendbaar.agenda.models import IndicatorMeasurement, ProgressUpdate
from wendbaar.core.actors import SYSTEM
from wendbaar.core.models import AuditEvent

from .test_api_writes import BASE, api, data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(data):
    out = {}
    for key in ("published", "draft"):
        for owner in ("own", "other"):
            out[key, owner] = services.report_progress(
                project=data[key, owner],
                narrative="Gestart",
                progress_percent=20,
                reported_on=dt.date(2025, 6, 30),
                by=SYSTEM,
            )
        out[key, "measurement"] = services.record_indicator_measurement(
            indicator=data[key, "local"], year=2025, value=12, by=SYSTEM
        )
    return out


def progress_url(data, key, owner, update) -> str:
    return f"{BASE}/{data[key].pk}/projects/{data[key, owner].pk}/progress/{update.pk}"


def measurement_url(data, key, measurement) -> str:
    goal, indicator = data[key, "goal"], data[key, "local"]
    return (
        f"{BASE}/{data[key].pk}/goals/{goal.pk}/indicators/{indicator.pk}"
        f"/measurements/{measurement.pk}"
    )


def all_rows():
    return (
        list(ProgressUpdate._base_manager.order_by("pk").values()),
        list(IndicatorMeasurement._base_manager.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


# Who may correct what, in the published approach: (progress own, progress other,
# measurement). Refused callers get 403 (visible but not theirs) — the draft is
# invisible to some (404), tested below.
MATRIX = [
    ("anonymous", 403, 403, 403),
    ("lezer", 403, 403, 403),
    ("beheerder", 403, 403, 403),
    ("partner", 200, 403, 403),
    ("wijkmanager_out", 403, 403, 403),
    ("wijkmanager_in", 200, 200, 200),
    ("programmabureau", 200, 200, 200),
]


@pytest.mark.parametrize(("who", "own", "other", "measurement"), MATRIX)
def test_who_may_correct_and_withdraw(api, users, data, records, who, own, other, measurement):
    if who != "anonymous":
        api.force_authenticate(users[who])
    cases = [
        (progress_url(data, "published", "own", records["published", "own"]), own, "p"),
        (progress_url(data, "published", "other", records["published", "other"]), other, "p"),
        (measurement_url(data, "published", records["published", "measurement"]), measurement, "m"),
    ]
    for url, expected, kind in cases:
        before = all_rows()
        body = {"progress_percent": 30} if kind == "p" else {"value": 13}
        response = api.patch(url, body, format="json")
        assert response.status_code == expected, (who, url, response.status_code)
        if expected != 200:
            assert all_rows() == before
    for url, expected, _kind in cases:
        before = all_rows()
        response = api.post(f"{url}/withdraw", {"reason": "Dubbel"}, format="json")
        assert response.status_code == expected, (who, url, response.status_code)
        if expected != 200:
            assert all_rows() == before
        else:
            assert response.json()["withdrawal_reason"] == "Dubbel"


def test_a_draft_outside_the_scope_is_not_found(api, users, data, records):
    api.force_authenticate(users["wijkmanager_out"])
    before = all_rows()
    url = progress_url(data, "draft", "own", records["draft", "own"])
    assert api.patch(url, {"progress_percent": 1}, format="json").status_code == 404
    url = measurement_url(data, "draft", records["draft", "measurement"])
    # No change_indicatormeasurement in the draft's areas: the draft is not visible.
    assert api.patch(url, {"value": 1}, format="json").status_code == 404
    assert all_rows() == before


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("p", {"progress_percent": 150}, "progress_percent"),
        ("p", {"reported_on": "2031-01-01"}, "reported_on"),
        ("m", {"value": -4}, "value"),
        ("m", {"year": 2099}, "year"),
        ("w", {"reason": ""}, "reason"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, users, data, records, kind, body, field):
    api.force_authenticate(users["programmabureau"])
    if kind == "m":
        url = measurement_url(data, "published", records["published", "measurement"])
    else:
        url = progress_url(data, "published", "own", records["published", "own"])
    before = all_rows()
    if kind == "w":
        response = api.post(f"{url}/withdraw", body, format="json")
    else:
        response = api.patch(url, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert all_rows() == before


def test_corrected_then_withdrawn_then_gone(api, users, data, records):
    api.force_authenticate(users["partner"])
    url = progress_url(data, "published", "own", records["published", "own"])
    response = api.patch(url, {"narrative": "Twaalf portieken klaar"}, format="json")
    assert response.status_code == 200
    assert response.json()["narrative"] == "Twaalf portieken klaar"
    response = api.post(f"{url}/withdraw", {"reason": "Verkeerd project"}, format="json")
    assert response.status_code == 200 and response.json()["withdrawn_at"]
    # Withdrawn: no longer found, and not the project's last report in the overview.
    assert api.patch(url, {"progress_percent": 5}, format="json").status_code == 404
    overview = api.get(f"{BASE}/{data['published'].pk}").json()
    own = next(p for p in overview["projects"] if p["id"] == data["published", "own"].pk)
    assert own["progress_percent"] == 0  # its only report was withdrawn

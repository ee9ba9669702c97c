"""The proposals API: scoped reads, writes through the services, never a private note."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from rest_framework.test import APIClient

from wendbaar.proposals import assessment_services, selectors
from wendbaar.proposals.constants import Step
from wendbaar.proposals.models import Proposal, Score

from .factories import full_scores, proposal_at

pytestmark = pytest.mark.django_db

OPENAPI = Path(__file__).resolve().parents[4] / "openapi.yaml"
NOTE = "Geheime notitie: ken de trekker van vroeger."


def client(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def payload(geo, orgs, **changes):
    data = {
        "title": "Buurtkeuken",
        "summary": "Samen koken en eten in het buurthuis.",
        "area_codes": [geo["overvecht_buurt"].code],
        "themes": ["cohesion"],
        "start_date": "2027-01-01",
        "effects": [{"key": "social_cohesion", "how": "Samen eten."}],
        "costs": [{"description": "Keuken", "amount": "20000"}],
        "financing": [{"party_id": orgs["corporatie"].pk, "amount": "9000", "status": "committed"}],
        "organisation_id": orgs["corporatie"].pk,
    }
    data.update(changes)
    return data


def test_a_partner_starts_and_submits_through_the_api(approach, geo, orgs, users):
    c = client(users["partner"])
    url = reverse("api:proposal-list", args=[approach.pk])
    r = c.post(url, payload(geo, orgs), format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["step"] == "concept" and body["cofunding_share"] == "0.4500"
    r = c.post(reverse("api:proposal-submit", args=[approach.pk, body["id"]]), {}, format="json")
    assert r.status_code == 200 and r.json()["step"] == "submitted"
    assert r.json()["step_due"] is not None


def test_bad_input_is_a_400_by_field_and_writes_nothing(approach, geo, orgs, users):
    c = client(users["partner"])
    url = reverse("api:proposal-list", args=[approach.pk])
    bad = payload(
        geo,
        orgs,
        costs=[{"description": "Keuken", "amount": "-3"}],
        effects=[{"key": "world_peace", "how": "?"}],
    )
    r = c.post(url, bad, format="json")
    assert r.status_code == 400
    assert r.json()["costs"] == ["Line 1: an amount cannot be negative (-3)."]
    assert "world_peace" in r.json()["effects"][0]
    assert not Proposal.objects.exists()


def test_reads_are_scoped(approach, geo, orgs, users):
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    url = reverse("api:proposal-list", args=[approach.pk])
    assert [row["id"] for row in client(users["partner"]).get(url).json()] == [p.pk]
    assert client(users["other_partner"]).get(url).json() == []
    detail = reverse("api:proposal-detail", args=[approach.pk, p.pk])
    assert client(users["other_partner"]).get(detail).status_code == 404
    assert client(users["wijkmanager_in"]).get(detail).status_code == 200
    assert APIClient().get(url).status_code == 403


def test_scores_are_blind_and_private_notes_never_leave(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    spec = selectors.spec_of(p.framework)
    scores_url = reverse("api:proposal-scores", args=[approach.pk, p.pk])
    scores = [
        {
            "criterion": s.criterion,
            "effect": s.effect,
            "rating": s.rating,
            "answer": s.answer,
            "value": s.value,
            "rationale": s.rationale,
        }
        for s in full_scores(spec)
    ]
    r = client(users["wijkmanager_in"]).post(
        scores_url, {"scores": scores, "private_note": NOTE, "submit": True}, format="json"
    )
    assert r.status_code == 200, r.content
    detail = reverse("api:proposal-detail", args=[approach.pk, p.pk])
    other = client(users["external_assessor"]).get(detail).json()
    # Blind until their own are in: only their own (still empty) assessment.
    assert [(a["name"], a["scores"]) for a in other["visible_scores"]] == [
        (users["external_assessor"].get_full_name(), [])
    ]
    for who in ("partner", "wijkmanager_in", "external_assessor", "programmabureau"):
        assert NOTE not in client(users[who]).get(detail).content.decode()
    bureau = client(users["programmabureau"]).get(detail).json()
    assert len(bureau["visible_scores"]) == 1


def test_a_score_by_someone_who_is_no_assessor_is_a_403(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    r = client(users["programmabureau"]).post(
        reverse("api:proposal-scores", args=[approach.pk, p.pk]), {"scores": []}, format="json"
    )
    assert r.status_code == 403
    assert not Score.objects.exists()


def test_a_second_decision_is_a_400(approach, geo, orgs, users):
    p = proposal_at(Step.DECIDED, approach, geo, orgs, users)
    r = client(users["programmabureau"]).post(
        reverse("api:proposal-decision", args=[approach.pk, p.pk]),
        {"decision": "rejected", "reasons": "Toch niet."},
        format="json",
    )
    assert r.status_code == 400
    assert "decided already" in str(r.json())
    p.refresh_from_db()
    assert p.decision == "approved"


def test_the_decision_makes_the_project(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    spec = selectors.spec_of(p.framework)
    for who in ("wijkmanager_in", "external_assessor"):
        assessment_services.save_scores(
            proposal=p, scores=full_scores(spec), by=users[who], submit=True
        )
    r = client(users["programmabureau"]).post(
        reverse("api:proposal-decision", args=[approach.pk, p.pk]),
        {"decision": "approved", "reasons": "Sterk voorstel."},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["project_id"] is not None


def test_a_body_in_an_unread_media_type_is_a_documented_415_and_changes_nothing(
    approach, geo, orgs, users
):
    p = proposal_at(Step.CONCEPT, approach, geo, orgs, users)
    r = client(users["partner"]).post(
        reverse("api:proposal-submit", args=[approach.pk, p.pk]),
        "note=klaar",
        content_type="text/plain",
    )
    assert r.status_code == 415, r.content
    assert "text/plain" in r.json()["detail"]
    p.refresh_from_db()
    assert p.step == Step.CONCEPT
    schema = yaml.safe_load(OPENAPI.read_text())
    submit = schema["paths"]["/api/v1/wijkaanpakken/{id}/proposals/{proposal_id}/submit"]
    assert "415" in submit["post"]["responses"]

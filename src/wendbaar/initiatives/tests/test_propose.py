"""From initiative to project proposal: carried over, nothing retyped, once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wendbaar.initiatives import services
from wendbaar.initiatives.constants import PUBLIC_EVENTS, EventKind
from wendbaar.proposals.constants import Step
from wendbaar.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    from wendbaar.accounts.tests.factories import UserFactory, grant_role
    from wendbaar.agenda.tests.factories import make_approach, make_geo
    from wendbaar.core.actors import SYSTEM

    geo = make_geo()
    approach = make_approach(geo, areas=[geo["overvecht"]])
    owner = UserFactory(first_name="Wim", last_name="Wijk")
    grant_role(owner, "wijkmanager", municipality=geo["utrecht"], districts=[geo["overvecht"]])
    other = UserFactory()
    grant_role(other, "wijkmanager", municipality=geo["utrecht"], districts=[geo["binnenstad"]])
    initiative = services.submit_initiative(
        municipality=geo["utrecht"],
        area=geo["overvecht_buurt"],
        title="Fietswerkplaats voor jongeren",
        what="Jongeren leren fietsen repareren.",
        why="Jongeren zoeken werkervaring.",
        themes=["work"],
        asks=["money"],
        source="table",
        by=SYSTEM,
    )
    initiative = initiative.initiative
    services.assign_owner(initiative=initiative, by=SYSTEM, owner=owner, role="wijkmanager")
    return {"geo": geo, "approach": approach, "owner": owner, "other": other, "i": initiative}


def test_the_owner_turns_it_into_a_draft_proposal(world):
    i = world["i"]
    p = services.propose_project(initiative=i, approach=world["approach"], by=world["owner"])
    assert (p.title, p.summary, p.problem, p.themes) == (
        "Fietswerkplaats voor jongeren",
        "Jongeren leren fietsen repareren.",
        "Jongeren zoeken werkervaring.",
        ["work"],
    )
    assert list(p.areas.all()) == [world["geo"]["overvecht_buurt"]]
    assert p.step == Step.CONCEPT and p.submitted_by == world["owner"]
    i.refresh_from_db()
    assert i.proposal == p
    event = i.events.get(kind=EventKind.PROPOSAL)
    assert EventKind.PROPOSAL in PUBLIC_EVENTS and event.detail["proposal_id"] == p.pk
    with pytest.raises(ValidationError):
        services.propose_project(initiative=i, approach=world["approach"], by=world["owner"])
    assert Proposal.objects.count() == 1


def test_only_an_approach_that_covers_its_area(world):
    from wendbaar.agenda.tests.factories import make_approach

    elsewhere = make_approach(world["geo"], areas=[world["geo"]["binnenstad"]], name="Binnenstad")
    with pytest.raises(ValidationError) as e:
        services.propose_project(initiative=world["i"], approach=elsewhere, by=world["owner"])
    assert "approach" in e.value.message_dict
    assert not Proposal.objects.exists()


def test_someone_who_may_not_change_the_initiative_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.propose_project(
            initiative=world["i"], approach=world["approach"], by=world["other"]
        )
    assert not Proposal.objects.exists()


def test_the_page_makes_the_draft_and_opens_it(world, client):
    client.force_login(world["owner"])
    url = reverse("initiatives:propose", args=[world["i"].pk])
    page = client.get(url)
    assert page.status_code == 200 and world["approach"].name in page.content.decode()
    r = client.post(url, {"approach": world["approach"].pk})
    p = Proposal.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("proposals:edit", args=[world["approach"].pk, p.pk])

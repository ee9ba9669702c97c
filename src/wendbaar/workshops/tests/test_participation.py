"""Which participant a browser session is, per werkplaats, and the join form's rate limit."""

from __future__ import annotations

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from wendbaar.workshops import participation, services

from .factories import make_workshop, open_it

pytestmark = pytest.mark.django_db


def session_request(address: str = "10.1.1.1"):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    SessionMiddleware(lambda r: None).process_request(request)
    return request


@pytest.fixture
def other_workshop(geo, users):
    return open_it(
        make_workshop(geo["utrecht"], title="Tweede ronde", by=users["programmabureau"]),
        by=users["programmabureau"],
    )


def test_a_new_session_is_nobody(open_workshop):
    assert participation.current(session_request(), open_workshop) is None


def test_remembered_participant_is_current_in_their_own_werkplaats_only(
    open_workshop, other_workshop
):
    request = session_request()
    anna = services.join(workshop=open_workshop, name="Anna")
    participation.remember(request, anna)
    assert participation.current(request, open_workshop) == anna
    assert participation.current(request, other_workshop) is None
    assert request.session[participation.SESSION_KEY] == {str(open_workshop.pk): anna.pk}


def test_one_session_can_be_someone_in_two_werkplaatsen(open_workshop, other_workshop):
    request = session_request()
    anna = services.join(workshop=open_workshop, name="Anna")
    bram = services.join(workshop=other_workshop, name="Bram")
    participation.remember(request, anna)
    participation.remember(request, bram)
    assert participation.current(request, open_workshop) == anna
    assert participation.current(request, other_workshop) == bram
    assert {w.pk for w in participation.joined_workshops(request)} == {
        open_workshop.pk,
        other_workshop.pk,
    }


def test_a_participant_removed_by_the_facilitator_is_nobody(open_workshop, users):
    request = session_request()
    anna = services.join(workshop=open_workshop, name="Anna")
    participation.remember(request, anna)
    services.remove_participant(participant=anna, by=users["programmabureau"])
    assert participation.current(request, open_workshop) is None


def test_forget_drops_one_werkplaats_and_keeps_the_other(open_workshop, other_workshop):
    request = session_request()
    participation.remember(request, services.join(workshop=open_workshop, name="Anna"))
    bram = services.join(workshop=other_workshop, name="Bram")
    participation.remember(request, bram)
    participation.forget(request, open_workshop)
    assert participation.current(request, open_workshop) is None
    assert participation.current(request, other_workshop) == bram
    participation.forget(request, open_workshop)  # twice is harmless


def test_a_participant_of_another_werkplaats_under_this_key_is_nobody(
    open_workshop, other_workshop
):
    """The pair (werkplaats, participant) must match, whatever the session holds."""
    request = session_request()
    bram = services.join(workshop=other_workshop, name="Bram")
    request.session[participation.SESSION_KEY] = {str(open_workshop.pk): bram.pk}
    assert participation.current(request, open_workshop) is None


@pytest.mark.parametrize("value", ["12", None, [1], "garbage"])
def test_an_odd_session_value_is_nobody(open_workshop, value):
    request = session_request()
    request.session[participation.SESSION_KEY] = (
        {str(open_workshop.pk): value} if value != "garbage" else "garbage"
    )
    assert participation.current(request, open_workshop) is None


def test_the_first_join_starts_a_fresh_session_id(open_workshop):
    request = session_request()
    request.session["something"] = "before"
    request.session.save()
    before = request.session.session_key
    participation.remember(request, services.join(workshop=open_workshop, name="Anna"))
    assert request.session.session_key != before
    assert request.session["something"] == "before"


def test_joining_is_limited_to_120_posts_an_hour_per_address(db):
    assert participation.JOIN_LIMIT == 120
    room = session_request("192.168.1.20")
    assert all(participation.allow_join(room) for _ in range(120))
    assert participation.allow_join(room) is False
    assert participation.allow_join(session_request("192.168.1.21")) is True

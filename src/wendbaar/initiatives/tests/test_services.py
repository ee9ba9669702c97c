"""The initiative's services: promises in working days, the state machine, hand-overs,
support and the refusals (with nothing written)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from wendbaar.approaches.models import MunicipalitySetting
from wendbaar.initiatives import services
from wendbaar.initiatives.constants import EventKind, HandOverState, InitiativeStatus, Source
from wendbaar.initiatives.models import HandOver, Initiative, InitiativeEvent
from wendbaar.initiatives.workflow import ALLOWED_TRANSITIONS

from .conftest import submit

S = InitiativeStatus


def kinds(initiative):
    return list(initiative.events.values_list("kind", flat=True))


# --- intake and the promise --------------------------------------------------------------


def test_promise_counts_working_days_across_easter(geo):
    # Thursday 2 April 2026: Good Friday counts, Easter Monday does not.
    received = dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)
    initiative = submit(geo, received_at=received).initiative
    assert initiative.triage_due == dt.date(2026, 4, 8)
    assert initiative.answer_due == dt.date(2026, 4, 17)


def test_the_gemeente_sets_its_own_promise(geo):
    MunicipalitySetting.objects.create(
        key="initiative_triage_days", value=5, municipality=geo["utrecht"]
    )
    initiative = submit(geo).initiative  # Monday 2 March 2026
    assert initiative.triage_due == dt.date(2026, 3, 9)
    other = submit(geo, municipality=geo["den_haag"], area=geo["escamp_buurt"]).initiative
    assert other.triage_due == dt.date(2026, 3, 5)


def test_intake_records_the_trail_and_mails_the_link(geo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(geo)
    initiative = submitted.initiative
    assert initiative.status == S.RECEIVED
    assert kinds(initiative) == [EventKind.RECEIVED]
    assert initiative.contact.email == "bewoner@example.org"
    assert initiative.contact_consent_at is not None
    assert initiative.status_token_hash == services.token_hash(submitted.status_token)
    assert len(mail.outbox) == 1
    assert f"/initiatieven/volg/{submitted.status_token}/" in mail.outbox[0].body
    # Fixed text: nothing the sender typed goes to an unverified address.
    assert "Bloembakken" not in mail.outbox[0].body


def test_the_status_token_is_unguessable_and_not_stored(geo):
    a, b = submit(geo), submit(geo)
    assert a.status_token != b.status_token
    assert len(a.status_token) == 64
    stored = Initiative.objects.values_list("status_nonce", "status_token_hash")
    assert all(a.status_token not in row for row in stored)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"email": ""}, "email"),
        ({"consent": False}, "consent"),
        ({"title": "  "}, "title"),
        ({"what": ""}, "what"),
        ({"asks": ["money", "a-castle"]}, "asks"),
        ({"title": "x" * 161}, "title"),
    ],
)
def test_bad_intake_is_refused_with_the_field_and_stores_nothing(geo, fields, error_field):
    with pytest.raises(ValidationError) as raised:
        submit(geo, **fields)
    assert error_field in raised.value.message_dict
    assert not Initiative.objects.exists()


def test_an_area_of_another_gemeente_is_refused(geo):
    with pytest.raises(ValidationError):
        submit(geo, area=geo["escamp_buurt"])
    assert not Initiative.objects.exists()


def test_staff_register_an_idea_told_by_phone_without_email(geo, users):
    submitted = submit(
        geo, by=users["wijkmanager"], source=Source.PHONE, email="", name="", phone="0301234"
    )
    assert submitted.initiative.created_by == users["wijkmanager"]
    assert submitted.status_token  # shown once to staff to pass on


@pytest.mark.parametrize("role", ["lezer", "wijkmanager_elsewhere", "partner_elsewhere", "no_role"])
def test_staff_registration_is_refused_outside_the_scope(geo, users, role):
    with pytest.raises(PermissionDenied):
        submit(geo, by=users[role], source=Source.TABLE)
    assert not Initiative.objects.exists()


def test_an_anonymous_caller_cannot_claim_a_staff_source(geo):
    with pytest.raises(ValidationError):
        submit(geo, source=Source.PHONE)


# --- triage --------------------------------------------------------------------------------


def test_triage_assigns_one_owner_and_moves_on(owned, users):
    assert owned.owner == users["wijkmanager"]
    assert owned.status == S.OWNER_KNOWN
    assert kinds(owned) == [EventKind.RECEIVED, EventKind.OWNER_ASSIGNED]


@pytest.mark.parametrize("role", ["lezer", "partner", "wijkmanager_elsewhere", "beheerder"])
def test_triage_is_refused_without_the_permission_and_writes_nothing(initiative, users, role):
    with pytest.raises(PermissionDenied):
        services.assign_owner(
            initiative=initiative, by=users[role], owner=users["partner"], role="makelaar"
        )
    initiative.refresh_from_db()
    assert initiative.owner is None
    assert kinds(initiative) == [EventKind.RECEIVED]


def test_the_owner_works_in_the_gemeente(initiative, users):
    with pytest.raises(ValidationError) as raised:
        services.assign_owner(
            initiative=initiative,
            by=users["wijkmanager"],
            owner=users["partner_elsewhere"],
            role="makelaar",
        )
    assert "owner" in raised.value.message_dict


def test_a_second_triage_must_be_a_hand_over(owned, users):
    with pytest.raises(ValidationError) as raised:
        services.assign_owner(
            initiative=owned, by=users["programmabureau"], owner=users["partner"], role="x"
        )
    assert raised.value.code == "has_owner"


# --- the state machine -------------------------------------------------------------------


ALL_MOVES = [(a, b) for a in S.values for b in S.values if a != b]


def _bring_to(initiative, status, by):
    """Walk the workflow to ``status`` (the initiative is owned)."""
    path = {
        S.OWNER_KNOWN: [],
        S.IN_CONVERSATION: [S.IN_CONVERSATION],
        S.SUPPORTED: [S.SUPPORTED],
        S.REALISED: [S.SUPPORTED, S.REALISED],
        S.STOPPED: [S.STOPPED],
        S.NOT_POSSIBLE: [S.NOT_POSSIBLE],
    }[status]
    for step in path:
        services.change_status(initiative=initiative, by=by, status=step, text="Omdat.")


@pytest.mark.parametrize(("old", "new"), [m for m in ALL_MOVES if m[0] != S.RECEIVED])
def test_every_move_is_allowed_or_refused_with_a_reason(owned, users, old, new):
    by = users["wijkmanager"]
    _bring_to(owned, old, by)
    before = InitiativeEvent.objects.count()
    allowed = new in ALLOWED_TRANSITIONS[old] and new != S.OWNER_KNOWN
    if allowed:
        services.change_status(initiative=owned, by=by, status=new, text="Omdat.")
        owned.refresh_from_db()
        assert owned.status == new
        assert (owned.closed_at is not None) == (new in (S.REALISED, S.STOPPED, S.NOT_POSSIBLE))
    else:
        with pytest.raises(ValidationError) as raised:
            services.change_status(initiative=owned, by=by, status=new, text="Omdat.")
        assert raised.value.message_dict["status"]
        assert InitiativeEvent.objects.count() == before


@pytest.mark.parametrize("status", [S.STOPPED, S.NOT_POSSIBLE])
def test_ending_without_a_reason_is_refused(owned, users, status):
    with pytest.raises(ValidationError) as raised:
        services.change_status(initiative=owned, by=users["wijkmanager"], status=status, text=" ")
    assert "text" in raised.value.message_dict
    owned.refresh_from_db()
    assert owned.status == S.OWNER_KNOWN


def test_a_new_initiative_can_be_refused_before_triage_but_not_supported(initiative, users):
    with pytest.raises(ValidationError):
        services.change_status(
            initiative=initiative, by=users["wijkmanager"], status=S.SUPPORTED, text=""
        )
    services.change_status(
        initiative=initiative, by=users["wijkmanager"], status=S.NOT_POSSIBLE, text="Geen grond."
    )
    initiative.refresh_from_db()
    assert initiative.close_reason == "Geen grond."


def test_a_decision_is_the_first_answer_and_reopening_clears_the_end(owned, users):
    by = users["wijkmanager"]
    assert owned.first_answer_at is None
    services.change_status(initiative=owned, by=by, status=S.STOPPED, text="Groep stopt.")
    owned.refresh_from_db()
    assert owned.first_answer_at is not None and owned.closed_at is not None
    services.change_status(initiative=owned, by=by, status=S.IN_CONVERSATION, text="Toch door.")
    owned.refresh_from_db()
    assert owned.closed_at is None and owned.close_reason == ""


@pytest.mark.parametrize("role", ["lezer", "partner", "wijkmanager_elsewhere", "no_role"])
def test_others_may_not_change_the_status(owned, users, role):
    with pytest.raises(PermissionDenied):
        services.change_status(initiative=owned, by=users[role], status=S.IN_CONVERSATION)


def test_a_partner_who_owns_it_may_follow_it_up(initiative, users):
    services.assign_owner(
        initiative=initiative, by=users["wijkmanager"], owner=users["partner"], role="buurtwerk"
    )
    services.send_message(
        initiative=initiative, by=users["partner"], text="Wanneer kunnen we praten?"
    )
    initiative.refresh_from_db()
    assert initiative.first_answer_at is not None


def test_a_message_needs_an_owner(initiative, users):
    with pytest.raises(ValidationError):
        services.send_message(initiative=initiative, by=users["wijkmanager"], text="Hallo")


def test_initiators_reply_to_their_question(owned, users, django_capture_on_commit_callbacks):
    question = services.send_message(
        initiative=owned, by=users["wijkmanager"], text="Hoeveel bakken?", question=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.reply_from_initiators(initiative=owned, text="Zes.", reply_to=question)
    assert answer.by_initiators and answer.reply_to == question
    assert [m.to for m in mail.outbox] == [[users["wijkmanager"].email]]


def test_a_reply_to_something_that_is_no_question_is_refused(owned, users, geo):
    message = services.send_message(initiative=owned, by=users["wijkmanager"], text="Hallo")
    with pytest.raises(ValidationError):
        services.reply_from_initiators(initiative=owned, text="Ja", reply_to=message)
    other = submit(geo).initiative
    services.assign_owner(
        initiative=other, by=users["wijkmanager"], owner=users["wijkmanager"], role="x"
    )
    question = services.send_message(
        initiative=other, by=users["wijkmanager"], text="?", question=True
    )
    with pytest.raises(ValidationError):
        services.reply_from_initiators(initiative=owned, text="Ja", reply_to=question)


# --- hand-overs ---------------------------------------------------------------------------


def test_hand_over_accept_and_refuse(owned, users):
    handover = services.offer_handover(
        initiative=owned,
        by=users["wijkmanager"],
        to_user=users["partner"],
        reason="Buurtwerk begeleidt dit.",
        role="opbouwwerker",
    )
    owned.refresh_from_db()
    assert owned.owner == users["wijkmanager"]  # nothing moves before acceptance
    assert handover.accept_due == dt.date.today() or handover.accept_due > dt.date.today()
    services.accept_handover(handover=handover, by=users["partner"])
    owned.refresh_from_db()
    assert owned.owner == users["partner"] and owned.owner_role == "opbouwwerker"

    back = services.offer_handover(
        initiative=owned, by=users["partner"], to_user=users["programmabureau"], reason="Geld"
    )
    services.refuse_handover(handover=back, by=users["programmabureau"], reason="Eerst plan.")
    owned.refresh_from_db()
    assert owned.owner == users["partner"]
    assert kinds(owned)[-4:] == [
        EventKind.HANDOVER_OFFERED,
        EventKind.HANDOVER_ACCEPTED,
        EventKind.HANDOVER_OFFERED,
        EventKind.HANDOVER_REFUSED,
    ]


def test_hand_over_refusals(owned, users):
    by = users["wijkmanager"]
    with pytest.raises(ValidationError):
        services.offer_handover(initiative=owned, by=by, to_user=users["partner"], reason="")
    with pytest.raises(ValidationError):
        services.offer_handover(initiative=owned, by=by, to_user=users["wijkmanager"], reason="x")
    with pytest.raises(ValidationError):
        services.offer_handover(
            initiative=owned, by=by, to_user=users["partner_elsewhere"], reason="x"
        )
    handover = services.offer_handover(
        initiative=owned, by=by, to_user=users["partner"], reason="x"
    )
    with pytest.raises(ValidationError):  # one open hand-over at a time
        services.offer_handover(
            initiative=owned, by=by, to_user=users["programmabureau"], reason="y"
        )
    with pytest.raises(PermissionDenied):  # only the receiver answers
        services.accept_handover(handover=handover, by=users["programmabureau"])
    with pytest.raises(ValidationError):
        services.refuse_handover(handover=handover, by=users["partner"], reason="")
    handover.refresh_from_db()
    assert handover.state == HandOverState.OFFERED
    services.accept_handover(handover=handover, by=users["partner"])
    with pytest.raises(ValidationError):  # answered once
        services.refuse_handover(handover=handover, by=users["partner"], reason="toch niet")
    assert HandOver.objects.count() == 1


# --- support and rule conflicts -----------------------------------------------------------


def test_support_is_recorded_and_refused_when_wrong(owned, users):
    by = users["wijkmanager"]
    support = services.record_support(
        initiative=owned,
        by=by,
        kind="wijkbudget",
        description="Zes bloembakken",
        given_by="Wijkbudget Overvecht",
        amount=Decimal("450.00"),
    )
    assert support.amount == Decimal("450.00")
    with pytest.raises(ValidationError):
        services.record_support(
            initiative=owned,
            by=by,
            kind="wijkbudget",
            description="x",
            given_by="y",
            amount=Decimal("-1"),
        )
    with pytest.raises(ValidationError):
        services.record_support(
            initiative=owned, by=by, kind="castle", description="x", given_by="y"
        )
    with pytest.raises(ValidationError):
        services.record_support(
            initiative=owned,
            by=by,
            kind="advice",
            description="x",
            given_by="y",
            given_on=dt.date.today() + dt.timedelta(days=2),
        )
    with pytest.raises(PermissionDenied):
        services.record_support(
            initiative=owned, by=users["lezer"], kind="advice", description="x", given_by="y"
        )
    assert owned.support.count() == 1


def test_a_rule_conflict_is_on_the_trail_for_the_initiators(owned, users):
    conflict = services.record_rule_conflict(
        initiative=owned,
        by=users["wijkmanager"],
        rule="Zelfgemaakte verkeersborden zijn niet toegestaan",
        department="Verkeer",
        what_would_help="Een proefplaatsing van een half jaar",
    )
    event = owned.events.get(kind=EventKind.RULE_CONFLICT)
    assert event.detail["department"] == "Verkeer" and conflict.resolved_at is None


def test_an_internal_note_is_kept_from_the_initiators(owned, users):
    from wendbaar.initiatives.constants import PUBLIC_EVENTS

    note = services.add_note(initiative=owned, by=users["wijkmanager"], text="Bel eerst.")
    assert note.kind not in PUBLIC_EVENTS


def test_a_reader_cannot_become_the_owner(initiative, users):
    for role in ("lezer", "beheerder"):
        with pytest.raises(ValidationError):
            services.assign_owner(
                initiative=initiative, by=users["wijkmanager"], owner=users[role], role="x"
            )


def test_it_does_not_end_while_a_hand_over_waits(owned, users):
    handover = services.offer_handover(
        initiative=owned, by=users["wijkmanager"], to_user=users["partner"], reason="x"
    )
    with pytest.raises(ValidationError) as raised:
        services.change_status(
            initiative=owned, by=users["wijkmanager"], status=S.STOPPED, text="Klaar"
        )
    assert "status" in raised.value.message_dict
    services.refuse_handover(handover=handover, by=users["partner"], reason="Nee")
    services.change_status(
        initiative=owned, by=users["wijkmanager"], status=S.STOPPED, text="Klaar"
    )

"""The demo of residents' initiatives: every status, one overdue, marked as examples,
loaded once. The areas are made by hand (not the national import) and the demo users by
their own loader, as the stories and agenda demo tests do."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from wendbaar.accounts.demo import load_demo_users
from wendbaar.accounts.tests.factories import make_area
from wendbaar.agenda.tests.factories import make_approach, make_project
from wendbaar.areas.models import Area
from wendbaar.initiatives.constants import (
    ConsentChannel,
    ConsentState,
    EventKind,
    HandOverState,
    InitiativeStatus,
)
from wendbaar.initiatives.demo import (
    DEMO_APPROACH,
    EXAMPLES,
    OVERDUE_TITLE,
    PROPOSAL_TITLE,
    RECEIVED_TITLE,
    TRAFFIC_RULE,
    TWICE_HANDED_OVER_TITLE,
    WIJKBUDGET_TITLE,
    load_demo_initiatives,
)
from wendbaar.initiatives.models import (
    HandOver,
    Initiative,
    InitiativeEvent,
    RuleConflict,
    Support,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_geo(db):
    utrecht = make_area("GM0344", "Utrecht")
    overvecht = make_area("WK034403", "Overvecht", utrecht)
    binnenstad = make_area("WK034406", "Binnenstad", utrecht)
    zuidwest = make_area("WK034408", "Zuidwest", utrecht)
    for code in ("BU03440311", "BU03440321", "BU03440331", "BU03440332", "BU03440341"):
        make_area(code, code, overvecht)
    make_area("BU03440342", "Tigrisdreef", overvecht)
    make_area("BU03440621", "Wijk C", binnenstad)
    make_area("BU03440625", "Lange Nieuwstraat", binnenstad)
    den_haag = make_area("GM0518", "'s-Gravenhage")
    schildersbuurt = make_area("WK051829", "Schildersbuurt", den_haag)
    make_area("BU05182916", "Schildersbuurt-Noord", schildersbuurt)
    return {"utrecht": utrecht, "zuidwest": zuidwest}


@pytest.fixture
def loaded(demo_geo, django_capture_on_commit_callbacks):
    load_demo_users()
    with django_capture_on_commit_callbacks(execute=True):
        made = load_demo_initiatives()
    return made


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Initiative, InitiativeEvent, HandOver, Support, RuleConflict)
    }


def test_skips_without_areas_or_users(db):
    out = io.StringIO()
    assert load_demo_initiatives(stdout=out) == []
    assert "skipped" in out.getvalue()


def test_skips_without_demo_users(demo_geo):
    out = io.StringIO()
    assert load_demo_initiatives(stdout=out) == []
    assert "without a role" in out.getvalue()
    assert not Initiative.objects.exists()


def test_every_status_marked_as_example(loaded):
    assert len(loaded) == len(EXAMPLES) == Initiative.objects.count()
    assert 8 <= len(EXAMPLES) <= 10
    assert set(Initiative.objects.values_list("status", flat=True)) == set(InitiativeStatus.values)
    assert all(i.is_example and i.title.startswith("Voorbeeld: ") for i in loaded)
    assert all("(voorbeeld)" in i.group for i in loaded)
    assert {i.municipality_code for i in loaded} == {"GM0344", "GM0518"}


def test_owners_and_due_dates(loaded):
    received = Initiative.objects.get(title=RECEIVED_TITLE)
    assert received.status == InitiativeStatus.RECEIVED and received.owner is None
    assert timezone.localdate(received.received_at) == timezone.localdate()
    assert received.triage_due >= timezone.localdate()
    others = Initiative.objects.exclude(pk=received.pk)
    assert not others.filter(owner=None).exists()
    assert all(i.triage_due and i.answer_due for i in Initiative.objects.all())


def test_exactly_one_overdue_and_it_heads_the_list(loaded):
    today = timezone.localdate()
    overdue = Initiative.objects.overdue(today)
    assert [i.title for i in overdue] == [OVERDUE_TITLE]
    initiative = overdue.get()
    assert initiative.owner is not None and initiative.first_answer_at is None
    assert initiative.status == InitiativeStatus.OWNER_KNOWN
    # It heads its owner's work list (overdue first).
    mine = Initiative.objects.filter(owner=initiative.owner).with_overdue_flag(today)
    assert mine.first() == initiative


def test_handed_over_twice(loaded):
    initiative = Initiative.objects.get(title=TWICE_HANDED_OVER_TITLE)
    handovers = list(initiative.handovers.all())
    assert [h.state for h in handovers] == [HandOverState.ACCEPTED] * 2
    assert initiative.owner == handovers[-1].to_user
    assert initiative.owner.username == "partner"
    assert all(h.answered_at >= h.offered_at for h in handovers)


def test_rule_conflict_and_wijkbudget(loaded):
    conflict = RuleConflict.objects.get()
    assert conflict.department == "Verkeer" and conflict.rule == TRAFFIC_RULE
    assert conflict.what_would_help
    support = Support.objects.get(kind="wijkbudget")
    assert support.amount == Decimal("750.00")
    assert support.initiative.status == InitiativeStatus.SUPPORTED


def test_closed_with_reasons_and_a_question_answered(loaded):
    for status in (InitiativeStatus.STOPPED, InitiativeStatus.NOT_POSSIBLE):
        initiative = Initiative.objects.get(status=status)
        assert initiative.close_reason and initiative.closed_at
    assert Initiative.objects.filter(status=InitiativeStatus.REALISED).get().closed_at
    answer = InitiativeEvent.objects.get(kind=EventKind.ANSWER)
    assert answer.by_initiators and answer.reply_to.kind == EventKind.QUESTION
    # Without the demo wijkaanpak there is no programme to propose it to.
    needs_project = Initiative.objects.get(title=PROPOSAL_TITLE)
    assert needs_project.status == InitiativeStatus.IN_CONVERSATION
    assert needs_project.proposal is None


def test_dates_are_in_the_past_and_in_order(loaded):
    now = timezone.now()
    for initiative in Initiative.objects.all():
        events = list(initiative.events.all())
        assert events[0].kind == EventKind.RECEIVED
        # The same moment, or (received just now) a moment later.
        assert events[0].at >= initiative.received_at
        assert events[0].at.date() == initiative.received_at.date()
        assert all(e.at <= now for e in events)
        assert [e.at for e in events] == sorted(e.at for e in events)
        if initiative.owner_assigned_at:
            assert initiative.received_at <= initiative.owner_assigned_at <= now
        if initiative.first_answer_at:
            assert initiative.owner_assigned_at <= initiative.first_answer_at <= now


def test_mails_only_to_example_and_demo_addresses(loaded):
    assert mail.outbox
    for message in mail.outbox:
        for address in message.to:
            assert address.endswith(("@example.org", "@demo.wendbaar.invalid")), address


def test_loading_twice_changes_nothing(loaded):
    before = _counts()
    out = io.StringIO()
    assert load_demo_initiatives(stdout=out) == []
    assert _counts() == before
    assert "0 added" in out.getvalue()


def test_a_merge_agreed_through_the_link_and_a_new_aim_waiting(
    demo_geo, django_capture_on_commit_callbacks
):
    overvecht = Area.objects.get(code="WK034403")
    approach = make_approach(
        {"utrecht": demo_geo["utrecht"], "overvecht": overvecht}, name=DEMO_APPROACH
    )
    festival = make_project(approach, "Zomerfestival")
    load_demo_users()
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_initiatives()
    feast = Initiative.objects.get(title=WIJKBUDGET_TITLE)
    assert feast.project == festival
    agreed = feast.consent_requests.get()
    assert (agreed.state, agreed.channel) == (ConsentState.AGREED, ConsentChannel.STATUS_LINK)
    assert agreed.asked_at < agreed.answered_at <= timezone.now()
    homework = Initiative.objects.get(title="Voorbeeld: huiswerkklas in het buurthuis")
    waiting = homework.consent_requests.get()
    assert waiting.state == ConsentState.ASKED
    assert waiting.asked_at <= timezone.now()
    # The idea that needs a project became a draft proposal for that wijkaanpak.
    needs_project = Initiative.objects.get(title=PROPOSAL_TITLE)
    proposal = needs_project.proposal
    assert (proposal.approach, proposal.title, proposal.step) == (
        approach,
        PROPOSAL_TITLE,
        "concept",
    )
    assert needs_project.events.filter(kind=EventKind.PROPOSAL).exists()

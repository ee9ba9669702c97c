"""The demo of project proposals: every step in Overvecht, two advice rounds, an approved
proposal that became a project with its money, a rejected one with reasons, blind
scoring half done, overdue promises, and an example wijkaanpak in Den Haag Zuidwest;
loaded once. The areas are made by hand (not the national import), as the other demo
tests do."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from wendbaar.accounts.demo import load_demo_users
from wendbaar.accounts.models import User
from wendbaar.accounts.tests.factories import make_area
from wendbaar.agenda.demo import DEMO_NAME, load_demo_wijkaanpak
from wendbaar.approaches.models import Approach
from wendbaar.core.models import AuditEvent
from wendbaar.proposals import selectors
from wendbaar.proposals.constants import Decision, Step
from wendbaar.proposals.demo import (
    APPROVED_TITLE,
    DEN_HAAG_NAME,
    OVERDUE_TITLE,
    REJECTED_TITLE,
    TWO_ROUNDS_TITLE,
    load_demo_proposals,
)
from wendbaar.proposals.models import AdviceRound, Assessor, Proposal, ProposalStep, Score
from wendbaar.stories.demo import SIGNALS, STORIES, load_demo_stories

# One worker loads the demo once for the whole module (see ``loaded``).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("proposals_demo")]


def _make_areas() -> None:
    utrecht = make_area("GM0344", "Utrecht")
    wijken = {
        "WK034403": make_area("WK034403", "Overvecht", utrecht),
        "WK034406": make_area("WK034406", "Binnenstad", utrecht),
    }
    make_area("BU03440342", "Tigrisdreef en omgeving", wijken["WK034403"])
    make_area("BU03440341", "Zambesidreef en omgeving", wijken["WK034403"])
    # The buurten the demo stories are about.
    for code in {c for s in STORIES for c in s[1]} | {s[0] for s in SIGNALS}:
        if code.startswith("BU"):
            make_area(code, code, wijken["WK" + code[2:8]])
    den_haag = make_area("GM0518", "'s-Gravenhage")
    for code, name in (
        ("WK051833", "Wijk 33 Bouwlust"),
        ("WK051834", "Wijk 34 Morgenstond"),
        ("WK051836", "Wijk 36 Moerwijk"),
    ):
        make_area(code, name, den_haag)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (it takes seconds), in a transaction rolled
    back at the end; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        _make_areas()
        load_demo_users()
        load_demo_stories()
        load_demo_wijkaanpak()
        yield load_demo_proposals()
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (Proposal, ProposalStep, AdviceRound, Assessor, Score, User, AuditEvent)
    }


def test_skips_without_areas(db):
    # First in the module: it runs before ``loaded`` fills the database.
    out = io.StringIO()
    assert load_demo_proposals(stdout=out) == []
    assert "Overvecht: skipped" in out.getvalue()
    assert "Den Haag: skipped" in out.getvalue()


def test_every_step_in_overvecht_marked_as_example(loaded):
    overvecht = Approach.objects.get(name=DEMO_NAME).proposals.all()
    assert {p.step for p in overvecht} == set(Step.values)
    assert all(p.is_example and p.title.endswith("(voorbeeld)") for p in loaded)
    submitters = {p.submitted_by.username for p in overvecht}
    assert submitters == {"partner", "wijkmanager"}


def test_two_advice_rounds_each_answered(loaded):
    proposal = Proposal.objects.get(title=TWO_ROUNDS_TITLE)
    rounds = list(proposal.rounds.all())
    assert [r.number for r in rounds] == [1, 2]
    assert all(r.response and r.closed_at > r.opened_at for r in rounds)
    assert rounds[0].closed_at < rounds[1].opened_at
    # Four submissions' snapshots and the co-funding that grew with them: 30, 40, 42 %.
    snapshots = [s.snapshot for s in proposal.steps.filter(to_step=Step.SUBMITTED)]
    assert len(snapshots) == 3
    assert snapshots[0]["continuity_plan"] == "" and snapshots[-1]["continuity_plan"]
    share = selectors.facts_of(proposal)
    assert share.other_money / share.cost_total == Decimal("38000") / Decimal("90000")
    assert proposal.areas.get().name == "Tigrisdreef en omgeving"
    assert proposal.stories.get().title == "Voorbeeld: de moestuin achter de flat"
    assert proposal.goals.get().title == "Een veiliger wijk"


def test_blind_scoring_half_done_and_promises_overdue(loaded):
    proposal = Proposal.objects.get(title=TWO_ROUNDS_TITLE)
    assert proposal.step == Step.IN_ASSESSMENT
    submitted = {a.user.username: a.submitted_at is not None for a in proposal.assessors.all()}
    assert submitted == {"wijkmanager": True, "beoordelaar": False}
    # Blind: the external assessor reads only their own draft, the bureau the submitted.
    external = proposal.assessors.get(user__username="beoordelaar")
    assert external.scores.count() == 3 and external.private_note
    assert selectors.visible_assessors(proposal, external.user, may_manage=False) == [external]
    bureau = User.objects.get(username="programmabureau")
    visible = selectors.visible_assessors(proposal, bureau, may_manage=True)
    assert [a.user.username for a in visible] == ["wijkmanager"]
    today = timezone.localdate()
    assert selectors.is_overdue(proposal, today)
    assert selectors.is_overdue(Proposal.objects.get(title=OVERDUE_TITLE), today)
    # The history is dated in order, the promised date with each step.
    steps = list(proposal.steps.all())
    assert [s.at for s in steps] == sorted(s.at for s in steps)
    assert steps[-1].due_on == proposal.step_due and proposal.step_since == steps[-1].at


def test_approved_became_a_project_with_its_money(loaded):
    proposal = Proposal.objects.get(title=APPROVED_TITLE)
    assert proposal.decision == Decision.APPROVED
    project = proposal.project
    assert project.title == proposal.title
    assert project in proposal.approach.projects.all()
    financing = sum(f.amount for f in proposal.financing.all())
    assert sum(f.amount for f in project.fundings.all()) == financing == Decimal("85000")


def test_rejected_with_reasons(loaded):
    proposal = Proposal.objects.get(title=REJECTED_TITLE)
    assert proposal.decision == Decision.REJECTED and proposal.project is None
    assert "drie" in proposal.decision_reasons


def test_den_haag_zuidwest(loaded):
    approach = Approach.objects.get(name=DEN_HAAG_NAME)
    assert approach.is_example and approach.is_published
    assert approach.municipality.code == "GM0518"
    proposals = approach.proposals.all()
    assert proposals.count() >= 4
    assert {p.framework.municipality for p in proposals if p.framework} == {None}
    decisions = {p.decision for p in proposals}
    assert {Decision.APPROVED_WITH_CONDITIONS, Decision.REJECTED} <= decisions
    approved = proposals.get(decision=Decision.APPROVED_WITH_CONDITIONS)
    assert approved.conditions and approved.project.approach == approach


def test_loading_twice_changes_nothing(loaded):
    before = _counts()
    out = io.StringIO()
    assert load_demo_proposals(stdout=out) == []
    assert _counts() == before
    assert out.getvalue().count("exists") == 2

"""The permission matrix of project proposals: who sees which proposal in which step,
and every refused write changes nothing (the policy in ``permissions.py``)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from wendbaar.core.models import AuditEvent
from wendbaar.proposals import assessment_services, proposal_services, selectors
from wendbaar.proposals.constants import Decision, Step
from wendbaar.proposals.models import (
    AdviceRound,
    Assessor,
    Proposal,
    ProposalStep,
    Score,
)
from wendbaar.proposals.permissions import ProposalPolicy

from .factories import content, full_scores, proposal_at

pytestmark = pytest.mark.django_db

EVERYONE = (
    "none",
    "lezer",
    "partner",
    "colleague",
    "other_partner",
    "external_assessor",
    "wijkmanager_in",
    "wijkmanager_out",
    "programmabureau",
    "programmabureau_den_haag",
    "beheerder",
)
AUTHOR_SIDE = {"partner", "colleague"}
STAFF_IN_SCOPE = {"wijkmanager_in", "programmabureau", "beheerder"}
# Named by proposal_at from the assessment on.
ASSESSORS = {"wijkmanager_in", "external_assessor"}

SEES = {
    Step.CONCEPT: AUTHOR_SIDE,
    Step.SUBMITTED: AUTHOR_SIDE | STAFF_IN_SCOPE,
    Step.IN_CONVERSATION: AUTHOR_SIDE | STAFF_IN_SCOPE,
    Step.IN_ASSESSMENT: AUTHOR_SIDE | STAFF_IN_SCOPE | ASSESSORS,
    Step.DECIDED: AUTHOR_SIDE | STAFF_IN_SCOPE | ASSESSORS,
    Step.WITHDRAWN: AUTHOR_SIDE | STAFF_IN_SCOPE,
}


def written() -> tuple[int, ...]:
    return (
        Proposal.objects.count(),
        ProposalStep.objects.count(),
        AdviceRound.objects.count(),
        Assessor.objects.count(),
        Score.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("step", list(SEES))
def test_who_sees_a_proposal_in_each_step(step, approach, geo, orgs, users):
    p = proposal_at(step, approach, geo, orgs, users)
    visible = {name for name in EVERYONE if ProposalPolicy().may(users[name], "view", p)}
    assert visible == SEES[step]


def test_an_external_assessor_sees_only_what_they_assess(approach, geo, orgs, users):
    assessed = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    other = proposal_at(Step.SUBMITTED, approach, geo, orgs, users, title="Ander voorstel")
    seen = set(ProposalPolicy().instances_for(users["external_assessor"], "view"))
    assert seen == {assessed}
    assert other not in seen


def test_a_wijkmanager_submits_only_in_their_scope(approach, geo, orgs, users):
    before = written()
    with pytest.raises(PermissionDenied):
        proposal_services.create_proposal(
            approach=approach, content=content(geo, orgs), by=users["wijkmanager_out"]
        )
    for name in ("none", "lezer", "programmabureau_den_haag"):
        with pytest.raises(PermissionDenied):
            proposal_services.create_proposal(
                approach=approach, content=content(geo, orgs), by=users[name]
            )
    assert written() == before
    p = proposal_services.create_proposal(
        approach=approach, content=content(geo, orgs), by=users["wijkmanager_in"]
    )
    assert p.organisation is None and p.step == Step.CONCEPT


@pytest.mark.parametrize("who", sorted(set(EVERYONE) - {"programmabureau"}))
def test_only_the_bureau_guides_and_decides(who, approach, geo, orgs, users):
    submitted = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    assessed = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users, title="Beoordeeld")
    spec = selectors.spec_of(assessed.framework)
    for name in ("wijkmanager_in", "external_assessor"):
        assessment_services.save_scores(
            proposal=assessed, scores=full_scores(spec), by=users[name], submit=True
        )
    before = written()
    user = users[who]
    attempts = [
        lambda: proposal_services.open_advice_round(proposal=submitted, advice="Advies.", by=user),
        lambda: assessment_services.name_assessor(
            proposal=submitted, user=users["beheerder"], by=user
        ),
        lambda: assessment_services.start_assessment(proposal=submitted, by=user),
        lambda: assessment_services.decide(
            proposal=assessed, decision=Decision.APPROVED, reasons="Goed.", by=user
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert written() == before


@pytest.mark.parametrize("who", sorted(set(EVERYONE) - AUTHOR_SIDE))
def test_only_the_author_side_changes_submits_and_withdraws(who, approach, geo, orgs, users):
    draft = proposal_at(Step.CONCEPT, approach, geo, orgs, users)
    before = written()
    user = users[who]
    attempts = [
        lambda: proposal_services.revise_proposal(
            proposal=draft, content=content(geo, orgs, title="Gekaapt"), by=user
        ),
        lambda: proposal_services.submit_proposal(proposal=draft, by=user),
        lambda: proposal_services.withdraw_proposal(proposal=draft, by=user, reason="Weg."),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert written() == before
    draft.refresh_from_db()
    assert draft.title == "Moestuinen aan de Tigrisdreef"


def test_a_colleague_of_the_submitting_organisation_may_carry_on(approach, geo, orgs, users):
    draft = proposal_at(Step.CONCEPT, approach, geo, orgs, users)
    proposal_services.revise_proposal(
        proposal=draft, content=content(geo, orgs, title="Samen verder"), by=users["colleague"]
    )
    p = proposal_services.submit_proposal(proposal=draft, by=users["colleague"])
    assert (p.title, p.step) == ("Samen verder", Step.SUBMITTED)


@pytest.mark.parametrize("who", sorted(set(EVERYONE) - ASSESSORS))
def test_a_score_by_someone_who_is_no_assessor_is_refused(who, approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    spec = selectors.spec_of(p.framework)
    before = written()
    with pytest.raises(PermissionDenied):
        assessment_services.save_scores(proposal=p, scores=full_scores(spec), by=users[who])
    assert written() == before


def test_assessors_score_only_while_in_assessment(approach, geo, orgs, users):
    p = proposal_at(Step.DECIDED, approach, geo, orgs, users)
    spec = selectors.spec_of(p.framework)
    before = written()
    with pytest.raises(PermissionDenied):
        assessment_services.save_scores(
            proposal=p, scores=full_scores(spec, "none"), by=users["wijkmanager_in"]
        )
    assert written() == before

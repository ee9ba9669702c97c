"""The whole road of a proposal through the services: draft → submitted → advice round →
resubmitted → assessed blind → decided → a project with its money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wendbaar.agenda.constants import FundingStatus
from wendbaar.core.workdays import add_working_days
from wendbaar.proposals import assessment_services, proposal_services, selectors
from wendbaar.proposals.constants import Decision, Step
from wendbaar.proposals.models import ProposalStep

from .factories import content, full_scores, proposal_at

pytestmark = pytest.mark.django_db


def test_the_whole_road_ends_in_a_project_with_its_money(approach, geo, orgs, users):
    partner, bureau = users["partner"], users["programmabureau"]
    p = proposal_services.create_proposal(
        approach=approach, content=content(geo, orgs), organisation=orgs["corporatie"], by=partner
    )
    assert p.step == Step.CONCEPT and p.framework is None
    p = proposal_services.submit_proposal(proposal=p, by=partner)
    assert p.step == Step.SUBMITTED and p.framework is not None
    # The promise runs from the day in the gemeente's time zone (not UTC's, which is an
    # hour behind: at 23:30 UTC it is already tomorrow in Utrecht).
    assert p.step_due == add_working_days(timezone.localdate(p.step_since), 10)
    proposal_services.open_advice_round(
        proposal=p, advice="Betrek de welzijnsorganisatie.", by=bureau, partners=[orgs["welzijn"]]
    )
    p.refresh_from_db()
    assert p.step == Step.IN_CONVERSATION and p.step_due is None
    proposal_services.revise_proposal(
        proposal=p, content=content(geo, orgs, partners=[orgs["welzijn"]]), by=partner
    )
    with pytest.raises(ValidationError) as e:
        proposal_services.submit_proposal(proposal=p, by=partner)
    assert "note" in e.value.message_dict
    p = proposal_services.submit_proposal(proposal=p, by=partner, note="Welzijn doet mee.")
    (advice,) = p.rounds.all()
    assert advice.response == "Welzijn doet mee." and advice.closed_at is not None
    assessment_services.name_assessor(proposal=p, user=users["wijkmanager_in"], by=bureau)
    assessment_services.name_assessor(proposal=p, user=users["external_assessor"], by=bureau)
    p = assessment_services.start_assessment(proposal=p, by=bureau)
    spec = selectors.spec_of(p.framework)
    assessment_services.save_scores(
        proposal=p,
        scores=full_scores(spec),
        by=users["wijkmanager_in"],
        submit=True,
        private_note="Ken de trekker persoonlijk.",
    )
    with pytest.raises(ValidationError):  # one assessor is not enough
        assessment_services.decide(
            proposal=p, decision=Decision.APPROVED, reasons="Goed.", by=bureau
        )
    assessment_services.save_scores(
        proposal=p, scores=full_scores(spec, "some"), by=users["external_assessor"], submit=True
    )
    p = assessment_services.decide(
        proposal=p, decision=Decision.APPROVED, reasons="Goed.", by=bureau
    )
    assert p.step == Step.DECIDED
    project = p.project
    assert project.title == "Moestuinen aan de Tigrisdreef"
    assert project.budget == Decimal("90000")
    assert project.owner_organisation == orgs["corporatie"]
    assert project.proposal == p
    money = {(f.source.name, f.amount, f.status) for f in project.fundings.all()}
    assert money == {
        ("Woningcorporatie (voorbeeld)", Decimal("40000.00"), FundingStatus.COMMITTED),
        ("Gemeente Utrecht", Decimal("50000.00"), FundingStatus.PLANNED),
    }
    steps = [s.to_step for s in ProposalStep.objects.filter(proposal=p)]
    assert steps == [
        "concept",
        "submitted",
        "in_conversation",
        "submitted",
        "in_assessment",
        "decided",
    ]


def test_a_second_decision_is_refused_and_changes_nothing(approach, geo, orgs, users):
    p = proposal_at(Step.DECIDED, approach, geo, orgs, users)
    with pytest.raises(ValidationError) as e:
        assessment_services.decide(
            proposal=p,
            decision=Decision.REJECTED,
            reasons="Toch niet.",
            by=users["programmabureau"],
        )
    assert "decided already" in str(e.value)
    p.refresh_from_db()
    assert p.decision == Decision.APPROVED and p.project is not None


def test_blind_scoring(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    spec = selectors.spec_of(p.framework)
    assessment_services.save_scores(
        proposal=p, scores=full_scores(spec), by=users["wijkmanager_in"], submit=True
    )
    p = selectors.detail(type(p).objects.filter(pk=p.pk)).get()
    external = selectors.visible_assessors(p, users["external_assessor"], may_manage=False)
    assert [a.user for a in external] == [users["external_assessor"]]
    first = selectors.visible_assessors(p, users["wijkmanager_in"], may_manage=False)
    assert [a.user for a in first] == [users["wijkmanager_in"]]
    assert selectors.visible_assessors(p, users["partner"], may_manage=False) == []


def test_the_submitter_and_the_assessors_hear_by_mail(
    approach, geo, orgs, users, mailoutbox, django_capture_on_commit_callbacks
):
    partner, bureau = users["partner"], users["programmabureau"]
    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.open_advice_round(proposal=p, advice="Zoek een partner.", by=bureau)
    (advice,) = mailoutbox
    assert advice.to == [partner.email] and "Advice on your project proposal" in advice.subject
    p = proposal_services.submit_proposal(proposal=p, by=partner, note="Gedaan.")
    assessment_services.name_assessor(proposal=p, user=users["wijkmanager_in"], by=bureau)
    assessment_services.name_assessor(proposal=p, user=users["external_assessor"], by=bureau)
    with django_capture_on_commit_callbacks(execute=True):
        p = assessment_services.start_assessment(proposal=p, by=bureau)
    assert sorted(mailoutbox[1].to) == sorted(
        [users["wijkmanager_in"].email, users["external_assessor"].email]
    )
    spec = selectors.spec_of(p.framework)
    for who in ("wijkmanager_in", "external_assessor"):
        assessment_services.save_scores(
            proposal=p,
            scores=full_scores(spec),
            by=users[who],
            submit=True,
            private_note="Alleen voor mij.",
        )
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.decide(
            proposal=p, decision=Decision.REJECTED, reasons="Te weinig effect.", by=bureau
        )
    decided = mailoutbox[2]
    assert decided.to == [partner.email]
    assert "Rejected" in decided.body and "Te weinig effect." in decided.body
    assert all("Alleen voor mij." not in m.body for m in mailoutbox)

"""Bad input gets a clear message by field and changes nothing (issue #14 item 9)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wendbaar.core.models import AuditEvent
from wendbaar.proposals import assessment_services, proposal_services, rules, selectors
from wendbaar.proposals.constants import Decision, Step
from wendbaar.proposals.models import CostLine, FinancingLine, Proposal, ProposalStep
from wendbaar.proposals.proposal_services import Cost, Financing

from .factories import content, full_scores, proposal_at

pytestmark = pytest.mark.django_db


def written() -> tuple[int, ...]:
    return (
        Proposal.objects.count(),
        CostLine.objects.count(),
        FinancingLine.objects.count(),
        ProposalStep.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(approach, geo, orgs, users, **changes) -> dict[str, list[str]]:
    before = written()
    with pytest.raises(ValidationError) as e:
        proposal_services.create_proposal(
            approach=approach,
            content=content(geo, orgs, **changes),
            organisation=orgs["corporatie"],
            by=users["partner"],
        )
    assert written() == before
    return e.value.message_dict


def test_a_negative_amount_is_named_by_line(approach, geo, orgs, users):
    errors = refused(
        approach, geo, orgs, users, costs=[Cost("Aanleg", Decimal("100")), Cost("Terug", "-5")]
    )
    assert errors["costs"] == ["Line 2: an amount cannot be negative (-5)."]


def test_a_non_numeric_amount_is_named_by_line(approach, geo, orgs, users):
    errors = refused(
        approach,
        geo,
        orgs,
        users,
        financing=[Financing(orgs["corporatie"], "veertigduizend", "committed")],
    )
    assert errors["financing"] == ["Line 1: “veertigduizend” is not an amount in euros."]


def test_more_than_cents_is_refused(approach, geo, orgs, users):
    errors = refused(approach, geo, orgs, users, costs=[Cost("Aanleg", "10.005")])
    assert "at most two decimals" in errors["costs"][0]


def test_financing_above_the_costs_is_refused_with_the_excess(approach, geo, orgs, users):
    errors = refused(
        approach,
        geo,
        orgs,
        users,
        costs=[Cost("Aanleg", Decimal("50000"))],
        financing=[
            Financing(orgs["corporatie"], Decimal("40000"), "committed"),
            Financing(orgs["gemeente"], Decimal("20000"), "expected"),
        ],
    )
    (message,) = errors["financing"]
    assert "60,000.00" in message and "50,000.00" in message and "10,000.00" in message


def test_an_effect_not_in_the_framework_is_refused(approach, geo, orgs, users):
    errors = refused(approach, geo, orgs, users, effects={"world_peace": "Door te tuinieren."})
    assert errors["effects"] == [
        "“world_peace” is not an effect of the framework "
        "“Den Haag: drie van de zes maatschappelijke effecten”."
    ]


def test_an_effect_without_how_is_refused(approach, geo, orgs, users):
    errors = refused(approach, geo, orgs, users, effects={"safety": "  "})
    assert errors["effects"] == [
        "Effect “Sociale en fysieke veiligheid”: say how the proposal contributes to it."
    ]


def test_every_problem_is_named_at_once(approach, geo, orgs, users):
    errors = refused(
        approach,
        geo,
        orgs,
        users,
        title="",
        areas=[geo["binnenstad"]],
        start_date=dt.date(2028, 1, 1),
        end_date=dt.date(2027, 1, 1),
        costs=[Cost("", Decimal("10"))],
    )
    assert set(errors) == {"title", "areas", "end_date", "costs"}
    assert errors["areas"] == ["Binnenstad is not one of the areas of this approach."]


def test_an_organisation_of_another_gemeente_is_refused(approach, geo, orgs, users):
    errors = refused(
        approach,
        geo,
        orgs,
        users,
        financing=[Financing(orgs["den_haag"], Decimal("1000"), "committed")],
    )
    assert errors["financing"] == [
        "Gemeente Den Haag belongs to another municipality than the approach."
    ]


def test_submitting_an_incomplete_draft_names_what_is_missing(approach, geo, orgs, users):
    p = proposal_services.create_proposal(
        approach=approach,
        content=content(
            geo, orgs, areas=[], effects={}, costs=[], financing=[], start_date=None, end_date=None
        ),
        by=users["partner"],
    )
    before = written()
    with pytest.raises(ValidationError) as e:
        proposal_services.submit_proposal(proposal=p, by=users["partner"])
    assert set(e.value.message_dict) == {"areas", "effects", "costs", "start_date"}
    assert written() == before
    p.refresh_from_db()
    assert p.step == Step.CONCEPT and p.framework is None


@pytest.mark.parametrize("step", [Step.SUBMITTED, Step.IN_ASSESSMENT, Step.DECIDED, Step.WITHDRAWN])
def test_no_change_outside_a_draft_or_an_advice_round(step, approach, geo, orgs, users):
    p = proposal_at(step, approach, geo, orgs, users)
    before = written()
    with pytest.raises(ValidationError) as e:
        proposal_services.revise_proposal(
            proposal=p, content=content(geo, orgs, title="Later anders"), by=users["partner"]
        )
    assert "cannot be changed" in e.value.messages[0]
    assert written() == before
    p.refresh_from_db()
    assert p.title == "Moestuinen aan de Tigrisdreef"


def test_a_decision_needs_reasons_and_conditions_where_it_has_them(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    spec = selectors.spec_of(p.framework)
    for name in ("wijkmanager_in", "external_assessor"):
        assessment_services.save_scores(
            proposal=p, scores=full_scores(spec), by=users[name], submit=True
        )
    with pytest.raises(ValidationError) as e:
        assessment_services.decide(
            proposal=p,
            decision=Decision.APPROVED_WITH_CONDITIONS,
            reasons=" ",
            by=users["programmabureau"],
        )
    assert set(e.value.message_dict) == {"reasons", "conditions"}
    p.refresh_from_db()
    assert p.step == Step.IN_ASSESSMENT and p.project is None


def test_scores_out_of_the_framework_are_named(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    bad = [
        rules.Score("", "societal_effects", "world_peace", rating="substantial", rationale="?"),
        rules.Score("", "continuity", answer=True, rationale=""),
    ]
    with pytest.raises(ValidationError) as e:
        assessment_services.save_scores(proposal=p, scores=bad, by=users["wijkmanager_in"])
    assert e.value.message_dict["scores"] == [
        "“world_peace” is not an effect of “Substantiële bijdrage aan maatschappelijke effecten”.",
        "“Verduurzaming”: explain your answer.",
    ]


def test_submitting_scores_needs_every_score_and_rationale(approach, geo, orgs, users):
    p = proposal_at(Step.IN_ASSESSMENT, approach, geo, orgs, users)
    spec = selectors.spec_of(p.framework)
    partial = full_scores(spec)[:3]
    with pytest.raises(ValidationError) as e:
        assessment_services.save_scores(
            proposal=p, scores=partial, by=users["wijkmanager_in"], submit=True
        )
    assert "Still open" in e.value.message_dict["scores"][0]
    # As a draft the same scores are kept.
    assessor = assessment_services.save_scores(
        proposal=p, scores=partial, by=users["wijkmanager_in"]
    )
    assert assessor.scores.count() == 3 and assessor.submitted_at is None


def test_the_framework_version_is_fixed_at_submission(approach, geo, orgs, users):
    from wendbaar.proposals import services

    p = proposal_at(Step.SUBMITTED, approach, geo, orgs, users)
    shipped = p.framework
    own = services.copy_framework(municipality=geo["utrecht"], by=users["beheerder"])
    assert selectors.current_for(geo["utrecht"]) == own
    p.refresh_from_db()
    assert p.framework == shipped

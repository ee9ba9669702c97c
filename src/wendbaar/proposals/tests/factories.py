"""Test helpers: a proposal's content, and a proposal brought to any step through the
services (so every test's data went through the same checks as a user's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from wendbaar.proposals import assessment_services, proposal_services, rules
from wendbaar.proposals.constants import Decision, Step
from wendbaar.proposals.models import Proposal
from wendbaar.proposals.proposal_services import Content, Cost, Financing, Result


def content(geo: dict, orgs: dict, **changes: Any) -> Content:
    """A complete proposal: €90k of costs, €40k from the corporatie (44 % co-funding),
    €50k from the gemeente's programme budget; three effects aimed at."""
    base = {
        "title": "Moestuinen aan de Tigrisdreef",
        "summary": "Bewoners leggen samen moestuinen aan op braakliggende plekken.",
        "problem": "Weinig ontmoeting; de buurt scoort laag op sociale samenhang.",
        "areas": [geo["overvecht_buurt"]],
        "themes": ["cohesion", "environment"],
        "start_date": dt.date(2027, 3, 1),
        "end_date": dt.date(2028, 2, 29),
        "continuity_plan": "De bewonersvereniging neemt het beheer over na twee seizoenen.",
        "effects": {
            "social_cohesion": "Buren tuinieren samen en leren elkaar kennen.",
            "ownership": "Bewoners beheren de tuinen zelf.",
            "positive_image": "Groene plekken in plaats van braak.",
        },
        "results": [
            Result("output", "Zes moestuinen aangelegd", "6 tuinen", dt.date(2027, 6, 1)),
            Result("outcome", "Meer bewoners kennen hun buren", "+10 %", dt.date(2028, 2, 1)),
        ],
        "costs": [Cost("Aanleg", Decimal("60000")), Cost("Begeleiding", Decimal("30000"))],
        "financing": [
            Financing(orgs["corporatie"], Decimal("40000"), "committed"),
            Financing(orgs["gemeente"], Decimal("50000"), "expected"),
        ],
    }
    base.update(changes)
    return Content(**base)


def full_scores(spec: rules.FrameworkSpec, rating: str = "substantial") -> list[rules.Score]:
    out = []
    for c in spec.criteria:
        if c.kind == rules.EFFECTS:
            out += [
                rules.Score("", c.key, e.key, rating=rating, rationale="Zo beoordeeld.")
                for e in c.effects
            ]
        elif c.kind == rules.YES_NO:
            out.append(rules.Score("", c.key, answer=True, rationale="Beheer is geregeld."))
        elif c.kind == rules.SCALE:
            out.append(rules.Score("", c.key, value=c.scale_min, rationale="Zo beoordeeld."))
    return out


def proposal_at(step: str, approach, geo, orgs, users, **kw: Any) -> Proposal:
    """A proposal by the partner (for the corporatie), moved to ``step``."""
    from wendbaar.proposals import selectors

    author = kw.pop("by", users["partner"])
    bureau = users["programmabureau"]
    p = proposal_services.create_proposal(
        approach=approach,
        content=content(geo, orgs, **kw),
        organisation=orgs["corporatie"] if author == users["partner"] else None,
        by=author,
    )
    if step == Step.CONCEPT:
        return p
    p = proposal_services.submit_proposal(proposal=p, by=author)
    if step == Step.SUBMITTED:
        return p
    if step == Step.WITHDRAWN:
        return proposal_services.withdraw_proposal(proposal=p, by=author, reason="Toch niet.")
    if step == Step.IN_CONVERSATION:
        proposal_services.open_advice_round(
            proposal=p, advice="Zoek een tweede partner.", by=bureau
        )
        return Proposal.objects.get(pk=p.pk)
    assessment_services.name_assessor(proposal=p, user=users["wijkmanager_in"], by=bureau)
    assessment_services.name_assessor(proposal=p, user=users["external_assessor"], by=bureau)
    p = assessment_services.start_assessment(proposal=p, by=bureau)
    if step == Step.IN_ASSESSMENT:
        return p
    spec = selectors.spec_of(p.framework)
    for who in ("wijkmanager_in", "external_assessor"):
        assessment_services.save_scores(
            proposal=p, scores=full_scores(spec), by=users[who], submit=True
        )
    return assessment_services.decide(
        proposal=p, decision=kw.pop("decision", Decision.APPROVED), reasons="Past goed.", by=bureau
    )

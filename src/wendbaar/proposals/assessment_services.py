"""Writes of the assessment and the decision: naming assessors, sending a proposal to
them, their scores, and the bureau's decision, which turns an approved proposal into a
project of the programme with everything carried over (nothing retyped).

Each checks the policy and the step first and changes nothing when refused. The
assessors score independently: the scores are stored per assessor, and what anyone may
read of them is ``selectors.visible_assessors``'s rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import require
from wendbaar.agenda import services as agenda_services
from wendbaar.agenda.constants import FundingStatus
from wendbaar.agenda.models import Project
from wendbaar.core.actors import acting_user
from wendbaar.core.services import record_audit_event

from . import mail, rules, selectors, texts, workflow
from .constants import MIN_ASSESSORS, Decision, FinancingStatus, Step
from .models import Assessor, Proposal, Score
from .permissions import author_q, may
from .proposal_services import _locked, _move

# Steps in which the bureau names (or removes) assessors.
NAMING_STEPS = frozenset({Step.SUBMITTED, Step.IN_CONVERSATION, Step.IN_ASSESSMENT})


@transaction.atomic
def name_assessor(*, proposal: Proposal, user: Any, by: Any) -> Assessor:
    """Name ``user`` (staff, or a partner's person) to assess the proposal. Nobody from
    the submitter's side assesses their own proposal."""
    require(may(by, "manage", proposal))
    proposal = _locked(proposal)
    if proposal.step not in NAMING_STEPS:
        raise ValidationError(texts.cannot_name_assessor(proposal.step), code="wrong_step")
    if user is None or not user.is_active:
        raise ValidationError({"user": _("Choose an active user.")})
    if Proposal.objects.filter(pk=proposal.pk).filter(author_q(user)).exists():
        raise ValidationError({"user": _("The submitter's side cannot assess its own proposal.")})
    if proposal.assessors.filter(user=user).exists():
        raise ValidationError({"user": _("This person already assesses the proposal.")})
    assessor = Assessor.objects.create(
        proposal=proposal, user=user, named_by=acting_user(by), named_at=timezone.now()
    )
    record_audit_event(
        actor=by, action="proposal_assessor_named", obj=proposal, assessor_id=user.pk
    )
    return assessor


@transaction.atomic
def remove_assessor(*, assessor: Assessor, by: Any) -> None:
    """Take back a naming, as long as the assessor has submitted nothing."""
    proposal = assessor.proposal
    require(may(by, "manage", proposal))
    proposal = _locked(proposal)
    assessor = Assessor.objects.get(pk=assessor.pk)
    if assessor.submitted_at is not None:
        raise ValidationError(_("An assessor who has submitted their scores stays named."))
    if proposal.step not in NAMING_STEPS:
        raise ValidationError(texts.cannot_name_assessor(proposal.step), code="wrong_step")
    user_id = assessor.user_id
    assessor.delete()
    record_audit_event(
        actor=by, action="proposal_assessor_removed", obj=proposal, assessor_id=user_id
    )


@transaction.atomic
def start_assessment(*, proposal: Proposal, by: Any, note: str = "") -> Proposal:
    """Send the proposal to its assessors: at least ``MIN_ASSESSORS`` named."""
    require(may(by, "manage", proposal))
    proposal = _locked(proposal)
    if workflow.taken_by(proposal.step, Step.IN_ASSESSMENT) != workflow.BUREAU:
        raise ValidationError(texts.cannot_assess(proposal.step), code="wrong_step")
    if proposal.assessors.count() < MIN_ASSESSORS:
        raise ValidationError(
            _("Name at least %(n)d assessors first.") % {"n": MIN_ASSESSORS},
            code="too_few_assessors",
        )
    _move(proposal, Step.IN_ASSESSMENT, by=by, note=note.strip())
    mail.on_commit(mail.send_to_assessors, proposal.pk)
    return proposal


def _required_keys(spec: rules.FrameworkSpec) -> set[tuple[str, str]]:
    """Every (criterion, effect) an assessor scores: each effect of an effects criterion,
    each yes/no and scale criterion; a threshold is computed, never scored."""
    out: set[tuple[str, str]] = set()
    for c in spec.criteria:
        if c.kind == rules.EFFECTS:
            out.update((c.key, e.key) for e in c.effects)
        elif c.kind in (rules.YES_NO, rules.SCALE):
            out.add((c.key, ""))
    return out


@transaction.atomic
def save_scores(
    *,
    proposal: Proposal,
    scores: Sequence[rules.Score],
    by: Any,
    private_note: str = "",
    submit: bool = False,
) -> Assessor:
    """An assessor's scores (all of them, replacing what they saved before), kept as a
    draft or ``submit``-ted; once submitted they no longer change. A score by someone who
    is not an assessor of this proposal is refused (403)."""
    require(may(by, "assess", proposal))
    proposal = _locked(proposal)
    assessor = Assessor.objects.select_for_update().get(proposal=proposal, user=by)
    if assessor.submitted_at is not None:
        raise ValidationError(_("Your scores are submitted; they no longer change."))
    spec = selectors.spec_of(proposal.framework)
    name = by.get_full_name() or by.get_username()
    scores = [
        rules.Score(
            assessor=name,
            criterion=s.criterion,
            effect=s.effect,
            rating=s.rating,
            answer=s.answer,
            value=s.value,
            rationale=s.rationale,
        )
        for s in scores
    ]
    problems = rules.score_problems(spec, scores)
    if problems:
        raise ValidationError({"scores": [texts.score_problem_text(p, spec) for p in problems]})
    if submit:
        missing = _required_keys(spec) - {(s.criterion, s.effect) for s in scores}
        if missing:
            raise ValidationError({"scores": texts.scores_missing(sorted(missing), spec)})
        no_rationale = [s for s in scores if not s.rationale.strip()]
        if no_rationale:
            raise ValidationError({"scores": texts.rationale_missing(no_rationale, spec)})
    assessor.scores.all().delete()
    Score.objects.bulk_create(
        Score(
            assessor=assessor,
            criterion_key=s.criterion,
            effect_key=s.effect,
            rating=s.rating or "",
            answer=s.answer,
            value=s.value,
            rationale=s.rationale.strip(),
        )
        for s in scores
    )
    assessor.private_note = private_note.strip()
    if submit:
        assessor.submitted_at = timezone.now()
    assessor.save(update_fields=["private_note", "submitted_at"])
    if submit:
        # The audit log says that it happened, never what an assessor wrote.
        record_audit_event(actor=by, action="proposal_scores_submitted", obj=proposal)
    return assessor


DECISION_FIELDS = (
    "decision",
    "decision_reasons",
    "conditions",
    "decided_by",
    "decided_at",
    "project",
)
FUNDING_STATUS = {
    FinancingStatus.COMMITTED: FundingStatus.COMMITTED,
    FinancingStatus.EXPECTED: FundingStatus.PLANNED,
}


def _create_project(proposal: Proposal, by: Any) -> Project:
    """The approved proposal as a project of the programme: its goals, themes, policy
    drivers, combined message, period, cost and financing (one tranche per line, in the
    start year) carried over. The proposal's areas and effects stay on the proposal,
    which the project points back to."""
    start = proposal.start_date or timezone.localdate()
    costs = sum((c.amount for c in proposal.costs.all()), Decimal("0"))
    project = agenda_services.create_project(
        approach=proposal.approach,
        title=proposal.title,
        description=proposal.summary,
        start_date=start,
        end_date=proposal.end_date,
        owner_organisation=proposal.organisation,
        budget=costs,
        goals=list(proposal.goals.all()),
        themes=list(proposal.themes),
        policy_drivers=list(proposal.policy_drivers.all()),
        combined_message=proposal.combined_message,
        by=by,
    )
    for line in proposal.financing.select_related("party"):
        agenda_services.add_funding(
            project=project,
            source=line.party,
            amount=line.amount,
            year=start.year,
            status=FUNDING_STATUS[line.status],
            note=_("From the proposal's financing plan"),
            by=by,
        )
    return project


@transaction.atomic
def decide(
    *, proposal: Proposal, decision: str, reasons: str, by: Any, conditions: str = ""
) -> Proposal:
    """The bureau's decision, always with reasons to the submitter. Approved (with or
    without conditions), the proposal becomes a project; a decision is taken once."""
    require(may(by, "manage", proposal))
    proposal = _locked(proposal)
    if workflow.taken_by(proposal.step, Step.DECIDED) != workflow.BUREAU:
        raise ValidationError(texts.cannot_decide(proposal.step), code="wrong_step")
    problems: dict[str, list[str]] = {}
    if decision not in Decision.values:
        problems["decision"] = [_("Choose approved, approved with conditions or rejected.")]
    if not reasons.strip():
        problems["reasons"] = [_("Write the reasons for the submitter.")]
    if decision == Decision.APPROVED_WITH_CONDITIONS and not conditions.strip():
        problems["conditions"] = [_("Write the conditions.")]
    if problems:
        raise ValidationError(problems)
    submitted = proposal.assessors.exclude(submitted_at=None).count()
    if submitted < MIN_ASSESSORS:
        raise ValidationError(
            _("At least %(n)d assessors submit their scores before a decision (now %(m)d).")
            % {"n": MIN_ASSESSORS, "m": submitted},
            code="too_few_scores",
        )
    proposal.decision = decision
    proposal.decision_reasons = reasons.strip()
    proposal.conditions = (
        conditions.strip() if decision == Decision.APPROVED_WITH_CONDITIONS else ""
    )
    proposal.decided_by = acting_user(by)
    proposal.decided_at = timezone.now()
    if decision != Decision.REJECTED:
        proposal.project = _create_project(proposal, by)
    # The step and the decision are one save (a database rule ties them).
    _move(proposal, Step.DECIDED, by=by, note=reasons.strip(), also=DECISION_FIELDS)
    record_audit_event(
        actor=by,
        action="proposal_decided",
        obj=proposal,
        decision=decision,
        project_id=proposal.project_id,
    )
    mail.on_commit(mail.send_to_submitter, proposal.pk, "decided")
    return proposal

"""Writes of a proposal on the submitter's side and the bureau's advice: one service per
write. Views, the API, the demo and tests call these; each checks the policy
(``permissions.py``) and the step (``workflow.py``) before anything is written, and
names every problem by field (``ValidationError`` with a dict), so a form re-shows
what was typed.

The content is one :class:`Content`, saved whole: its lines (effects, results, costs,
financing) replace the earlier ones, so a revision is one change, never half of one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import require
from wendbaar.agenda.models import Goal, Project
from wendbaar.approaches.models import Approach, PolicyDriver
from wendbaar.approaches.selectors import setting_for
from wendbaar.areas.models import Area
from wendbaar.core.actors import acting_user
from wendbaar.core.constants import Theme
from wendbaar.core.services import record_audit_event
from wendbaar.core.workdays import add_working_days
from wendbaar.organisations.models import Organisation
from wendbaar.stories.constants import StoryStatus
from wendbaar.stories.models import Story

from . import mail, rules, selectors, texts, workflow
from .constants import (
    DUE_SETTINGS,
    MAX_TITLE_LENGTH,
    FinancingStatus,
    ResultKind,
    Step,
)
from .models import (
    AdviceRound,
    CostLine,
    FinancingLine,
    IntendedEffect,
    Proposal,
    ProposalStep,
    ResultLine,
)
from .permissions import may, may_manage_in, may_submit_in


@dataclass(frozen=True)
class Result:
    kind: str
    text: str
    target: str = ""
    due: dt.date | None = None


@dataclass(frozen=True)
class Cost:
    description: str
    amount: Any  # a Decimal; anything else is refused with a message


@dataclass(frozen=True)
class Financing:
    party: Organisation
    amount: Any
    status: str = FinancingStatus.EXPECTED


@dataclass(frozen=True)
class Content:
    """Everything the submitter writes. ``effects``: effect key → how."""

    title: str
    summary: str
    problem: str = ""
    indicator_codes: Sequence[str] = ()
    stories: Sequence[Story] = ()
    areas: Sequence[Area] = ()
    themes: Sequence[str] = ()
    goals: Sequence[Goal] = ()
    policy_drivers: Sequence[PolicyDriver] = ()
    combined_message: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    continuity_plan: str = ""
    partners: Sequence[Organisation] = ()
    effects: dict[str, str] = field(default_factory=dict)
    results: Sequence[Result] = ()
    costs: Sequence[Cost] = ()
    financing: Sequence[Financing] = ()


# --- checks ----------------------------------------------------------------------------


class _Problems:
    """Problems by field, raised together: the submitter sees all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _amount(value: Any, name: str, row: int, problems: _Problems) -> Decimal | None:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        problems.add(name, texts.line_not_a_number(row, value))
        return None
    if not amount.is_finite():
        problems.add(name, texts.line_not_a_number(row, value))
        return None
    if amount < 0:
        problems.add(name, texts.line_negative(row, amount))
        return None
    if amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e12"):
        problems.add(name, texts.line_cents(row))
        return None
    return amount


def _in_approach(area: Area, approach_area_ids: set[int]) -> bool:
    return area.pk in approach_area_ids or area.parent_id in approach_area_ids


def effect_keys(framework_spec: rules.FrameworkSpec) -> dict[str, str]:
    """The effects a proposal can aim at, over all effects criteria: key → label."""
    return {
        e.key: e.label
        for c in framework_spec.criteria
        if c.kind == rules.EFFECTS
        for e in c.effects
    }


def _check(approach: Approach, content: Content, spec: rules.FrameworkSpec | None) -> Content:
    """Every problem of ``content``, by field; the amounts come back as Decimals."""
    problems = _Problems()
    if not content.title.strip():
        problems.add("title", _("Give the proposal a title."))
    elif len(content.title.strip()) > MAX_TITLE_LENGTH:
        problems.add("title", _("A title has at most %(n)d characters.") % {"n": MAX_TITLE_LENGTH})
    if not content.summary.strip():
        problems.add("summary", _("Say in a few sentences what the proposal is."))
    area_ids = set(approach.areas.values_list("pk", flat=True))
    for area in content.areas:
        if not _in_approach(area, area_ids):
            problems.add("areas", texts.area_outside(area))
    for theme in content.themes:
        if theme not in Theme.values:
            problems.add("themes", _("Unknown theme: %(theme)s") % {"theme": theme})
    for goal in content.goals:
        if goal.approach_id != approach.pk:
            problems.add("goals", _("A goal of another approach cannot be served."))
    for driver in content.policy_drivers:
        if driver.municipality_id not in (None, approach.municipality_id):
            problems.add("policy_drivers", _("This policy driver is of another municipality."))
    for name, orgs in (
        ("partners", content.partners),
        ("financing", [f.party for f in content.financing]),
    ):
        for org in orgs:
            if org.municipality_id != approach.municipality_id:
                problems.add(name, texts.organisation_elsewhere(org))
    for story in content.stories:
        if story.status != StoryStatus.PUBLISHED or story.municipality_code != (
            approach.municipality.code
        ):
            problems.add("stories", texts.story_not_linkable(story))
    if content.start_date and content.end_date and content.end_date < content.start_date:
        problems.add("end_date", _("The end cannot be before the start."))
    if spec is not None:
        known = effect_keys(spec)
        for key in content.effects:
            if key not in known:
                problems.add("effects", texts.effect_unknown(key, spec))
    for key, how in content.effects.items():
        if not how.strip():
            problems.add("effects", texts.effect_without_how(key, spec))
    for i, r in enumerate(content.results, start=1):
        if r.kind not in ResultKind.values:
            problems.add("results", texts.result_kind_unknown(i))
        if not r.text.strip():
            problems.add("results", texts.result_empty(i))
    costs = [
        Cost(c.description.strip(), _amount(c.amount, "costs", i, problems))
        for i, c in enumerate(content.costs, start=1)
    ]
    for i, c in enumerate(costs, start=1):
        if not c.description:
            problems.add("costs", texts.cost_without_description(i))
    financing = [
        Financing(f.party, _amount(f.amount, "financing", i, problems), f.status)
        for i, f in enumerate(content.financing, start=1)
    ]
    for i, f in enumerate(financing, start=1):
        if f.status not in FinancingStatus.values:
            problems.add("financing", texts.financing_status_unknown(i))
    problems.raise_any()
    content = replace(content, costs=costs, financing=financing)
    facts = selectors.facts_from(approach, content)
    for p in rules.financing_problems(facts):
        if p.code == "financing_above_cost":
            problems.add("financing", texts.financing_above_cost(p.params))
    problems.raise_any()
    return content


def _spec_for(proposal_or_approach: Proposal | Approach) -> rules.FrameworkSpec | None:
    """The framework the effects are checked against: the proposal's own version once
    submitted, else the one in force for the gemeente now."""
    framework = getattr(proposal_or_approach, "framework", None)
    if framework is None:
        approach = getattr(proposal_or_approach, "approach", proposal_or_approach)
        framework = selectors.current_for(approach.municipality)
    return selectors.spec_of(framework) if framework is not None else None


def _write_content(proposal: Proposal, content: Content) -> None:
    for name in (
        "title",
        "summary",
        "problem",
        "combined_message",
        "start_date",
        "end_date",
        "continuity_plan",
    ):
        value = getattr(content, name)
        setattr(proposal, name, value.strip() if isinstance(value, str) else value)
    proposal.indicator_codes = list(dict.fromkeys(content.indicator_codes))
    proposal.themes = list(dict.fromkeys(content.themes))
    proposal.save()
    proposal.stories.set(content.stories)
    proposal.areas.set(content.areas)
    proposal.goals.set(content.goals)
    proposal.policy_drivers.set(content.policy_drivers)
    proposal.partners.set(content.partners)
    proposal.effects.all().delete()
    IntendedEffect.objects.bulk_create(
        IntendedEffect(proposal=proposal, effect_key=key, how=how.strip())
        for key, how in content.effects.items()
    )
    proposal.results.all().delete()
    ResultLine.objects.bulk_create(
        ResultLine(
            proposal=proposal, kind=r.kind, text=r.text.strip(), target=r.target.strip(), due=r.due
        )
        for r in content.results
    )
    proposal.costs.all().delete()
    CostLine.objects.bulk_create(
        CostLine(proposal=proposal, description=c.description, amount=c.amount)
        for c in content.costs
    )
    proposal.financing.all().delete()
    FinancingLine.objects.bulk_create(
        FinancingLine(proposal=proposal, party=f.party, amount=f.amount, status=f.status)
        for f in content.financing
    )


def _locked(proposal: Proposal) -> Proposal:
    # No select_related: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _refuse_unless_step(proposal: Proposal, allowed: Iterable[str], message: str) -> None:
    if proposal.step not in set(allowed):
        raise ValidationError(message, code="wrong_step")


def _due(proposal: Proposal, step: str, today: dt.date) -> dt.date | None:
    setting = DUE_SETTINGS.get(step)
    if setting is None:
        return None
    return add_working_days(today, int(setting_for(proposal.approach.municipality, setting)))


def _move(
    proposal: Proposal,
    to: str,
    *,
    by: Any,
    note: str = "",
    snapshot: dict | None = None,
    also: Sequence[str] = (),
) -> None:
    """Record the step (append-only) with the promised date, and the audit event;
    ``also``: other fields changed with the step, saved in the same write."""
    now = timezone.now()
    old = proposal.step
    proposal.step = to
    proposal.step_since = now
    proposal.step_due = _due(proposal, to, timezone.localdate(now))
    proposal.save(update_fields=["step", "step_since", "step_due", "updated_at", *also])
    ProposalStep.objects.create(
        proposal=proposal,
        from_step=old,
        to_step=to,
        at=now,
        due_on=proposal.step_due,
        note=note,
        by=acting_user(by),
        snapshot=snapshot or {},
    )
    record_audit_event(
        actor=by,
        action="proposal_step",
        obj=proposal,
        approach_id=proposal.approach_id,
        from_step=old,
        to_step=to,
        due_on=proposal.step_due.isoformat() if proposal.step_due else None,
    )


# --- the submitter's side ----------------------------------------------------------------


@transaction.atomic
def create_proposal(
    *,
    approach: Approach,
    content: Content,
    by: Any,
    organisation: Organisation | None = None,
    is_example: bool = False,
) -> Proposal:
    """A draft, visible to its author side only until it is submitted."""
    require(may_submit_in(by, approach))
    if organisation is not None and not (
        Organisation.objects.of_user(by).filter(pk=organisation.pk).exists()
        or may_manage_in(by, approach)
    ):
        raise ValidationError({"organisation": texts.NOT_YOUR_ORGANISATION})
    if organisation is not None and organisation.municipality_id != approach.municipality_id:
        raise ValidationError({"organisation": texts.organisation_elsewhere(organisation)})
    content = _check(approach, content, _spec_for(approach))
    now = timezone.now()
    proposal = Proposal(
        approach=approach,
        organisation=organisation,
        submitted_by=acting_user(by),
        step=Step.CONCEPT,
        step_since=now,
        is_example=is_example,
    )
    _write_content(proposal, content)
    ProposalStep.objects.create(
        proposal=proposal, from_step="", to_step=Step.CONCEPT, at=now, by=acting_user(by)
    )
    record_audit_event(
        actor=by,
        action="proposal_created",
        obj=proposal,
        approach_id=approach.pk,
        title=proposal.title,
    )
    return proposal


@transaction.atomic
def revise_proposal(*, proposal: Proposal, content: Content, by: Any) -> Proposal:
    """Change a draft, or a proposal in an advice round. Refused with the reason in any
    other step (a decided proposal never changes)."""
    require(may(by, "author", proposal))
    proposal = _locked(proposal)
    _refuse_unless_step(proposal, workflow.EDITABLE, texts.not_editable(proposal.step))
    content = _check(proposal.approach, content, _spec_for(proposal))
    _write_content(proposal, content)
    record_audit_event(
        actor=by, action="proposal_revised", obj=proposal, approach_id=proposal.approach_id
    )
    return proposal


def _missing_for_submission(proposal: Proposal) -> dict[str, list[str]]:
    missing: dict[str, list[str]] = {}
    if not proposal.areas.exists():
        missing.setdefault("areas", []).append(_("Name the buurten or wijken it is for."))
    if not proposal.effects.exists():
        missing.setdefault("effects", []).append(
            _("Name at least one effect the proposal aims at, and how.")
        )
    if not proposal.costs.exists():
        missing.setdefault("costs", []).append(_("Give the costs, at least one line."))
    if proposal.start_date is None:
        missing.setdefault("start_date", []).append(_("Give the start date."))
    return missing


@transaction.atomic
def submit_proposal(*, proposal: Proposal, by: Any, note: str = "") -> Proposal:
    """Submit a draft, or resubmit after an advice round (``note``: what changed, which
    the round keeps). The first submission fixes the framework version it is assessed
    under."""
    require(may(by, "author", proposal))
    proposal = _locked(proposal)
    if workflow.taken_by(proposal.step, Step.SUBMITTED) != workflow.AUTHOR:
        raise ValidationError(texts.cannot_submit(proposal.step), code="wrong_step")
    missing = _missing_for_submission(proposal)
    if missing:
        raise ValidationError(missing)
    if proposal.step == Step.IN_CONVERSATION:
        if not note.strip():
            raise ValidationError({"note": _("Say what you changed after the advice.")})
        AdviceRound.objects.filter(proposal=proposal, closed_at=None).update(
            response=note.strip(), closed_at=timezone.now()
        )
    if proposal.framework_id is None:
        framework = selectors.current_for(proposal.approach.municipality)
        if framework is None:
            raise ValidationError(texts.NO_FRAMEWORK, code="no_framework")
        proposal.framework = framework
        proposal.submitted_at = timezone.now()
        proposal.save(update_fields=["framework", "submitted_at", "updated_at"])
    # Effects aimed at must be in the version it is assessed under.
    spec = selectors.spec_of(proposal.framework)
    unknown = [
        e.effect_key for e in proposal.effects.all() if e.effect_key not in effect_keys(spec)
    ]
    if unknown:
        raise ValidationError({"effects": [texts.effect_unknown(k, spec) for k in unknown]})
    _move(proposal, Step.SUBMITTED, by=by, note=note.strip(), snapshot=selectors.snapshot(proposal))
    return proposal


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, by: Any, reason: str) -> Proposal:
    require(may(by, "author", proposal))
    proposal = _locked(proposal)
    if workflow.taken_by(proposal.step, Step.WITHDRAWN) != workflow.AUTHOR:
        raise ValidationError(texts.cannot_withdraw(proposal.step), code="wrong_step")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is withdrawn.")})
    _move(proposal, Step.WITHDRAWN, by=by, note=reason.strip())
    return proposal


# --- the bureau thinks along ---------------------------------------------------------------


@transaction.atomic
def open_advice_round(
    *,
    proposal: Proposal,
    advice: str,
    by: Any,
    partners: Sequence[Organisation] = (),
    projects: Sequence[Project] = (),
) -> AdviceRound:
    """The bureau comments, suggests partners and similar projects, and asks the
    submitter to improve the proposal. The answer is due from the submitter: the bureau
    promises nothing in this step."""
    require(may(by, "manage", proposal))
    proposal = _locked(proposal)
    if workflow.taken_by(proposal.step, Step.IN_CONVERSATION) != workflow.BUREAU:
        raise ValidationError(texts.cannot_advise(proposal.step), code="wrong_step")
    if not advice.strip():
        raise ValidationError({"advice": _("Write the advice to the submitter.")})
    for org in partners:
        if org.municipality_id != proposal.approach.municipality_id:
            raise ValidationError({"partners": texts.organisation_elsewhere(org)})
    for project in projects:
        if project.approach.municipality_id != proposal.approach.municipality_id:
            raise ValidationError({"projects": _("That project is of another municipality.")})
    number = proposal.rounds.count() + 1
    advice_round = AdviceRound.objects.create(
        proposal=proposal,
        number=number,
        advice=advice.strip(),
        opened_by=acting_user(by),
        opened_at=timezone.now(),
    )
    advice_round.suggested_partners.set(partners)
    advice_round.suggested_projects.set(projects)
    _move(proposal, Step.IN_CONVERSATION, by=by, note=advice.strip())
    mail.on_commit(mail.send_to_submitter, proposal.pk, "advice")
    return advice_round

"""Who may see and do what with project proposals. One policy; the services check it.

* **Author** (edit, submit, resubmit, withdraw): the person who started the proposal,
  and the contact persons of its submitting organisation (a partner's colleagues).
* **View**:
  - the author side, always (also a draft);
  - the assessors named on it, only from submission on (an external assessor sees
    nothing else);
  - ``proposals.view_proposal`` for one of the wijkaanpak's areas (wijkmanager,
    programme bureau, beheerder): every proposal except drafts, which are the author's
    alone. A partner holds no such permission: they see their own organisation's.
* **Add**: ``proposals.add_proposal`` for one of the wijkaanpak's areas (wijkmanager,
  partner, programme bureau).
* **Manage** (advice rounds, naming assessors, sending to assessment, deciding):
  ``proposals.manage_proposal`` for one of its areas (the programme bureau).
* **Assess** (score): the named assessor, only while the proposal is in assessment.

What an assessor wrote stays inside the assessment: the others' scores only after one's
own are submitted (``selectors.visible_scores``), and private notes for nobody else.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from wendbaar.accounts.policies import Policy, scope_for
from wendbaar.approaches.models import Approach
from wendbaar.approaches.permissions import approach_scope_q, may_in_approach, pk_in
from wendbaar.organisations.models import Organisation

from .constants import Step
from .models import Proposal

VIEW = "proposals.view_proposal"
ADD = "proposals.add_proposal"
MANAGE = "proposals.manage_proposal"

NOTHING = Q(pk__in=[])


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def author_q(user: Any) -> Q:
    """The proposals ``user`` wrote or their organisation submitted."""
    if not _signed_in(user):
        return NOTHING
    return Q(submitted_by=user) | Q(organisation__in=Organisation.objects.of_user(user))


def assessor_q(user: Any) -> Q:
    if not _signed_in(user):
        return NOTHING
    return Q(assessors__user=user) & ~Q(step=Step.CONCEPT)


class ProposalPolicy(Policy):
    model = Proposal
    area_path = "approach__areas"
    permissions = {"manage": MANAGE, "author": ADD, "assess": ADD}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = self.base_queryset()
        if action == "view":
            scope = scope_for(user, VIEW)
            if scope.everywhere:
                return qs
            q = author_q(user) | assessor_q(user)
            q |= approach_scope_q(scope, "approach") & ~Q(step=Step.CONCEPT)
            return pk_in(qs, q)
        if action == "author":
            # Whether the step allows the change is the workflow's to say, with a reason.
            return pk_in(qs, author_q(user))
        if action == "assess":
            if not _signed_in(user):
                return qs.none()
            return pk_in(qs, Q(assessors__user=user, step=Step.IN_ASSESSMENT))
        if action == "manage":
            scope = scope_for(user, MANAGE)
            if scope.everywhere:
                return qs.exclude(step=Step.CONCEPT)
            return pk_in(qs, approach_scope_q(scope, "approach") & ~Q(step=Step.CONCEPT))
        raise ValueError(f"ProposalPolicy knows no action {action!r}")

    def may_anywhere(self, user: Any, action: str) -> bool:
        if action == "view":
            return super().may_anywhere(user, "view") or self.instances_for(user, "view").exists()
        return super().may_anywhere(user, action)


def may_submit_in(user: Any, approach: Approach) -> bool:
    """Start a proposal for ``approach``."""
    return may_in_approach(user, ADD, approach)


def may_manage_in(user: Any, approach: Approach) -> bool:
    return may_in_approach(user, MANAGE, approach)


def may(user: Any, action: str, proposal: Proposal) -> bool:
    return ProposalPolicy().may(user, action, proposal)


def get_proposal_for_user(user: Any, approach: Approach, pk: int, action: str = "view") -> Proposal:
    """404 unless ``user`` may see the proposal; 403 unless they may ``action`` it."""
    return ProposalPolicy().get_for_user(user, action, pk=pk, approach=approach)

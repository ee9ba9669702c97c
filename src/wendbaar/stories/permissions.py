"""Who may see and do what with stories, signals and contributors' personal data.

Roles grant the permissions (data migration ``0002_role_permissions``); the scope is the
gemeente or wijken of the role assignment (``wendbaar.accounts.policies``).

Stories are visible to

- everybody, also without an account: published stories with public consent;
- holders of ``stories.view_story`` in scope: published stories (any consent);
- holders of ``stories.moderate_story`` in scope: also submitted and rejected stories;
- the staff member who entered a story: that story.

A story lies in scope when at least one of its areas does. Moderators edit and withdraw
stories in their scope (``moderate``).

Signals are corrected and withdrawn (``change``) by holders of ``stories.change_signal``
in the signal's area, and by their author while they may still note signals there.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from wendbaar.accounts.policies import Policy, may, scope_for

from . import contact_uses
from .constants import Consent, StoryStatus
from .models import Contributor, Signal, Story
from .querysets import SignalQuerySet

VIEW_STORY = "stories.view_story"
ADD_STORY = "stories.add_story"
MODERATE_STORY = "stories.moderate_story"
VIEW_SIGNAL = "stories.view_signal"
ADD_SIGNAL = "stories.add_signal"
CHANGE_SIGNAL = "stories.change_signal"
VIEW_PERSONAL_DATA = "stories.view_personal_data"
ERASE_PERSONAL_DATA = "stories.erase_personal_data"


def _story_ids_in_scope(user: Any, perm: str) -> models.QuerySet | None:
    scope = scope_for(user, perm)
    if scope.is_empty:
        return None
    return Story.objects.filter(scope.q("areas")).values("pk")


class StoryPolicy(Policy):
    model = Story
    area_path = "areas"
    permissions = {"moderate": MODERATE_STORY}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        base = self.base_queryset()
        if action != "view":
            ids = _story_ids_in_scope(user, self.permission_for(action))
            return base.none() if ids is None else base.filter(pk__in=ids)
        q = Q(status=StoryStatus.PUBLISHED, consent=Consent.PUBLIC)
        published_ids = _story_ids_in_scope(user, VIEW_STORY)
        if published_ids is not None:
            q |= Q(status=StoryStatus.PUBLISHED, pk__in=published_ids)
        moderated_ids = _story_ids_in_scope(user, MODERATE_STORY)
        if moderated_ids is not None:
            q |= Q(pk__in=moderated_ids)
        if getattr(user, "is_authenticated", False):
            q |= Q(created_by=user)
        return base.filter(q)


class SignalPolicy(Policy):
    model = Signal
    area_path = "area"

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        qs = super().instances_for(user, action)
        if action != "change" or not getattr(user, "is_authenticated", False):
            return qs
        own_scope = scope_for(user, ADD_SIGNAL)
        if own_scope.is_empty:
            return qs
        own = self.base_queryset().filter(own_scope.q("area"), created_by=user)
        return self.base_queryset().filter(Q(pk__in=qs.values("pk")) | Q(pk__in=own.values("pk")))

    def may_place(self, user: Any, signal: Signal, area: Any) -> bool:
        """Whether ``user`` may move ``signal`` to ``area`` (a correction of its place):
        with ``stories.change_signal`` there, or as its author who may note signals
        there."""
        if may(user, CHANGE_SIGNAL, area):
            return True
        return (
            getattr(user, "is_authenticated", False)
            and signal.created_by_id == user.pk
            and may(user, ADD_SIGNAL, area)
        )


def withdrawn_signals_for(user: Any) -> models.QuerySet:
    """Withdrawn signals ``user`` may see in the history: those in the scope of
    ``stories.change_signal``, and their own."""
    # Past the default manager, which hides withdrawn rows.
    base = SignalQuerySet(model=Signal).filter(withdrawn_at__isnull=False)
    scope = scope_for(user, CHANGE_SIGNAL)
    q = Q(pk__in=[])
    if not scope.is_empty:
        q |= scope.q("area")
    if getattr(user, "is_authenticated", False):
        q |= Q(created_by=user)
    return base.filter(q)


class ContributorPolicy(Policy):
    """Personal data: reachable through the stories in the user's scope, and through
    what other apps keep with the same record there (``contact_uses``)."""

    model = Contributor
    permissions = {"view": VIEW_PERSONAL_DATA, "erase": ERASE_PERSONAL_DATA}

    def instances_for(self, user: Any, action: str) -> models.QuerySet:
        scope = scope_for(user, self.permission_for(action))
        base = self.base_queryset()
        if scope.is_empty:
            return base.none()
        if scope.everywhere:
            return base
        in_scope = Story.objects.filter(scope.q("areas"), contributor__isnull=False)
        q = Q(pk__in=in_scope.values("contributor"))
        for use in contact_uses.registered():
            q |= Q(pk__in=use.in_scope(scope))
        return base.filter(q)

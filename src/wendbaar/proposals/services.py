"""Writes of project proposals and their frameworks. Views and tests call these.

A framework version is never changed once saved: editing saves the next version of the
gemeente's own framework, so what was assessed under an earlier version keeps reading
it. Only a beheerder of the gemeente (``proposals.change_framework`` in scope) saves one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from wendbaar.accounts.policies import require, scope_for
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import acting_user
from wendbaar.core.services import record_audit_event

from . import rules, selectors, texts
from .models import Criterion, Effect, Framework

CHANGE_FRAMEWORK = "proposals.change_framework"


def may_edit_framework(user: Any, municipality: Area) -> bool:
    return scope_for(user, CHANGE_FRAMEWORK).contains(municipality)


@transaction.atomic
def save_framework_version(
    *,
    municipality: Area,
    by: Any,
    spec: rules.FrameworkSpec,
    explanations: dict[str, str] | None = None,
    note: str = "",
    based_on: Framework | None = None,
) -> Framework:
    """Save ``spec`` as the gemeente's next framework version, after checking it
    (``rules.framework_problems``: every problem is named, nothing is saved)."""
    if municipality.level != AreaLevel.MUNICIPALITY:
        raise ValidationError(texts.CHOOSE_MUNICIPALITY, code="wrong_level")
    require(may_edit_framework(by, municipality))
    problems = rules.framework_problems(spec)
    if problems:
        raise ValidationError([texts.problem_text(p, spec) for p in problems], code="invalid")
    # The gemeente's row is the lock: two saves at once get consecutive numbers
    # (PostgreSQL locks no aggregate).
    Area.objects.select_for_update().filter(pk=municipality.pk).first()
    latest = Framework.objects.filter(municipality=municipality).aggregate(v=Max("version"))["v"]
    framework = Framework.objects.create(
        municipality=municipality,
        name=spec.name.strip(),
        version=(latest or 0) + 1,
        note=note.strip(),
        based_on=based_on,
        created_by=acting_user(by),
    )
    explanations = explanations or {}
    for order, c in enumerate(spec.criteria, start=1):
        criterion = Criterion.objects.create(
            framework=framework,
            order=order,
            key=c.key,
            kind=c.kind,
            label=c.label.strip(),
            explanation=explanations.get(c.key, "").strip(),
            min_substantial=c.min_substantial if c.kind == rules.EFFECTS else None,
            metric=c.metric if c.kind == rules.THRESHOLD else "",
            minimum=c.minimum if c.kind == rules.THRESHOLD else None,
            scale_min=c.scale_min,
            scale_max=c.scale_max,
        )
        Effect.objects.bulk_create(
            Effect(criterion=criterion, order=i, key=e.key, label=e.label.strip())
            for i, e in enumerate(c.effects, start=1)
        )
    record_audit_event(
        actor=by,
        action="framework_version_saved",
        obj=framework,
        municipality=municipality.code,
        version=framework.version,
    )
    return framework


def copy_framework(*, municipality: Area, by: Any) -> Framework:
    """The gemeente's own framework, as a copy of the one in force for it now."""
    current = selectors.current_for(municipality)
    if current is None:
        raise ValidationError(texts.NO_FRAMEWORK, code="no_framework")
    return save_framework_version(
        municipality=municipality,
        by=by,
        spec=selectors.spec_of(current),
        explanations={c.key: c.explanation for c in current.criteria.all()},
        note=texts.copied_from(current),
        based_on=current,
    )

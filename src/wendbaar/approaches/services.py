"""Write use cases of the wijkaanpak kernel. One function per use case, keyword-only.

Each service checks the policy for ``by`` (``permissions.py``; ``PermissionDenied``
before anything is written), validates, writes in one transaction and appends an audit
event. The vision is append-only: a change adds a version. ``by`` is the acting user, or
a ``core.actors.SystemActor`` when the platform acts (demo, commands).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wendbaar.accounts.policies import require
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import acting_user
from wendbaar.core.services import apply_changes, record_audit_event, save_validated
from wendbaar.organisations.models import Organisation

from .constants import CHECKLIST, Step
from .models import Approach, ChecklistItem, PolicyDriver, VisionVersion
from .permissions import (
    may_add_policy_driver,
    may_create_approach,
    may_edit_approach,
    may_set_areas,
)

APPROACH_FIELDS = (
    "name",
    "summary",
    "start_year",
    "end_year",
    "is_published",
    "is_example",
    "budget_holder",
)


def _check_areas(municipality: Area, areas: Sequence[Area]) -> None:
    if municipality.level != AreaLevel.MUNICIPALITY:
        raise ValidationError({"municipality": _("Choose a municipality.")})
    if not areas:
        raise ValidationError({"areas": _("Choose at least one district or neighbourhood.")})
    for area in areas:
        if (
            area.level not in (AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD)
            or area.municipality_code != municipality.code
        ):
            raise ValidationError(
                {
                    "areas": _("%(area)s is not a district or neighbourhood of %(municipality)s.")
                    % {"area": area, "municipality": municipality.name}
                }
            )


def check_organisation(
    approach: Approach, organisation: Organisation | None, field: str = "organisation"
) -> None:
    """Parties of a wijkaanpak come from its own gemeente (used by the apps above too)."""
    if organisation is not None and organisation.municipality_id != approach.municipality_id:
        raise ValidationError(
            {field: _("The organisation belongs to another municipality than the approach.")}
        )


# --- approach and checklist ------------------------------------------------------------


@transaction.atomic
def create_approach(
    *,
    name: str,
    municipality: Area,
    areas: Sequence[Area],
    start_year: int,
    end_year: int,
    summary: str = "",
    is_published: bool = False,
    is_example: bool = False,
    budget_holder: Organisation | None = None,
    by: Any,
) -> Approach:
    """A new wijkaanpak with the living checklist of the five steps copied in."""
    areas = list(areas)
    require(may_create_approach(by, areas))
    _check_areas(municipality, areas)
    approach = Approach(
        name=name,
        summary=summary,
        municipality=municipality,
        start_year=start_year,
        end_year=end_year,
        is_published=is_published,
        is_example=is_example,
        budget_holder=budget_holder,
    )
    check_organisation(approach, budget_holder, "budget_holder")
    save_validated(approach)
    approach.areas.set(areas)
    order = 0
    items = []
    for step in Step.values:
        for key, label in CHECKLIST[step]:
            order += 1
            items.append(
                ChecklistItem(approach=approach, step=step, key=key, label=str(label), order=order)
            )
    ChecklistItem.objects.bulk_create(items)
    record_audit_event(
        actor=by,
        action="approach_created",
        obj=approach,
        name=name,
        areas=[a.code for a in areas],
        start_year=start_year,
        end_year=end_year,
    )
    return approach


@transaction.atomic
def update_approach(
    *, approach: Approach, areas: Sequence[Area] | None = None, by: Any, **fields: Any
) -> Approach:
    require(may_edit_approach(by, approach))
    if areas is not None:
        require(may_set_areas(by, approach, areas))
    if "budget_holder" in fields:
        check_organisation(approach, fields["budget_holder"], "budget_holder")
    changed = apply_changes(approach, fields, APPROACH_FIELDS)
    if areas is not None:
        areas = list(areas)
        _check_areas(approach.municipality, areas)
        old = sorted(approach.areas.values_list("code", flat=True))
        new = sorted(a.code for a in areas)
        if old != new:
            changed["areas"] = [old, new]
    if changed:
        save_validated(approach)
        if areas is not None:
            approach.areas.set(areas)
        record_audit_event(actor=by, action="approach_updated", obj=approach, changes=changed)
    return approach


def set_approach_published(*, approach: Approach, published: bool, by: Any) -> Approach:
    return update_approach(approach=approach, is_published=published, by=by)


@transaction.atomic
def update_checklist_item(
    *,
    item: ChecklistItem,
    done: bool | None = None,
    note: str | None = None,
    label: str | None = None,
    by: Any,
) -> ChecklistItem:
    require(may_edit_approach(by, item.approach))
    fields = {
        k: v for k, v in {"done": done, "note": note, "label": label}.items() if v is not None
    }
    changed = apply_changes(item, fields, ("done", "note", "label"))
    if changed:
        item.updated_by = acting_user(by)
        save_validated(item)
        record_audit_event(
            actor=by,
            action="checklist_item_updated",
            obj=item,
            approach_id=item.approach_id,
            changes=changed,
        )
    return item


@transaction.atomic
def add_checklist_item(*, approach: Approach, step: str, label: str, by: Any) -> ChecklistItem:
    require(may_edit_approach(by, approach))
    if step not in Step.values:
        raise ValidationError({"step": _("Unknown step.")})
    last = approach.checklist.order_by("-order").values_list("order", flat=True).first() or 0
    item = ChecklistItem(approach=approach, step=step, label=label, order=last + 1)
    save_validated(item)
    record_audit_event(
        actor=by, action="checklist_item_added", obj=item, approach_id=approach.pk, step=step
    )
    return item


# --- agenda: vision, goals, indicators -------------------------------------------------


@transaction.atomic
def revise_vision(*, approach: Approach, text: str, reason: str, by: Any) -> VisionVersion:
    """A new version of the shared vision; earlier versions stay."""
    require(may_edit_approach(by, approach))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the vision changes.")})
    version = VisionVersion(
        approach=approach,
        text=text,
        reason=reason,
        created_by=acting_user(by),
    )
    save_validated(version)
    record_audit_event(
        actor=by, action="vision_revised", obj=version, approach_id=approach.pk, reason=reason
    )
    return version


@transaction.atomic
def add_policy_driver(*, municipality: Area, name: str, by: Any) -> PolicyDriver:
    """A gemeente's own policy driver (e.g. from its coalition agreement)."""
    require(may_add_policy_driver(by, municipality))
    if municipality.level != AreaLevel.MUNICIPALITY:
        raise ValidationError({"municipality": _("Choose a municipality.")})
    driver = PolicyDriver(key=slugify(name)[:60] or "driver", name=name, municipality=municipality)
    save_validated(driver)
    record_audit_event(
        actor=by, action="policy_driver_added", obj=driver, municipality=municipality.code
    )
    return driver

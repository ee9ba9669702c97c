"""Write use cases of residents' initiatives. Views, the API, tasks and tests call these.

Each staff service checks the policy for ``by`` (``permissions.py``): ``PermissionDenied``
(403) for the object, ``ValidationError`` for what was typed or an illegal move (400 in
the API, the message on the form). Every step appends to the trail
(:class:`~.models.InitiativeEvent`) and the audit log; nothing in the trail is changed.
The initiators act through their private status link, without an account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wendbaar.accounts.models import RoleAssignment
from wendbaar.accounts.policies import municipality_codes_in, require, scope_for
from wendbaar.approaches.selectors import setting_for
from wendbaar.areas.constants import AreaLevel
from wendbaar.areas.models import Area
from wendbaar.core.actors import acting_user
from wendbaar.core.services import record_audit_event
from wendbaar.core.workdays import add_working_days
from wendbaar.stories.services import contributor_for, validate_story_areas, validate_themes

from . import mail, point_text, selectors
from .constants import (
    CLOSED_STATUSES,
    HANDOVER_ACCEPT_DAYS,
    MAX_MESSAGE_LENGTH,
    MAX_REASON_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    REASON_REQUIRED,
    Ask,
    ConsentChannel,
    ConsentKind,
    ConsentState,
    EventKind,
    HandOverState,
    InitiativeStatus,
    Source,
    SupportKind,
)
from .models import ConsentRequest, HandOver, Initiative, InitiativeEvent, RuleConflict, Support
from .permissions import ADD, InitiativePolicy
from .point import PointError, point_in_area
from .workflow import may_transition

log = logging.getLogger(__name__)


# --- the promise -----------------------------------------------------------------------


@dataclass(frozen=True)
class Promise:
    """The gemeente's promise in working days: a contact person, a first answer, and
    when an overdue initiative goes up to the programme bureau."""

    triage_days: int
    response_days: int
    escalation_days: int


def promise_for(municipality: Area | None) -> Promise:
    return Promise(
        triage_days=int(setting_for(municipality, "initiative_triage_days")),
        response_days=int(setting_for(municipality, "initiative_response_days")),
        escalation_days=int(setting_for(municipality, "initiative_escalation_days")),
    )


# --- the private status link --------------------------------------------------------------


def status_token(initiative: Initiative) -> str:
    """The token of the initiators' status link, derived from the stored nonce and the
    secret key: every mail can carry the link, and the database holds only its hash."""
    if not initiative.status_nonce:
        return ""
    mac = hmac.new(
        settings.SECRET_KEY.encode(),
        f"wendbaar.initiatives.status:{initiative.status_nonce}".encode(),
        hashlib.sha256,
    )
    return mac.hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_status_link(initiative: Initiative) -> None:
    initiative.status_nonce = secrets.token_hex(16)
    initiative.status_token_hash = token_hash(status_token(initiative))


# --- helpers ---------------------------------------------------------------------------


def _text(value: Any, *, field: str, limit: int, required: bool = True) -> str:
    text = str(value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {field: _("Keep it to %(max)s characters.") % {"max": limit}}, code="too_long"
        )
    return text


def _event(
    initiative: Initiative,
    kind: str,
    *,
    actor: Any = None,
    by_initiators: bool = False,
    text: str = "",
    status_from: str = "",
    status_to: str = "",
    reply_to: InitiativeEvent | None = None,
    at: dt.datetime | None = None,
    **detail: Any,
) -> InitiativeEvent:
    return InitiativeEvent.objects.create(
        initiative=initiative,
        at=at or timezone.now(),
        kind=kind,
        actor=acting_user(actor),
        by_initiators=by_initiators,
        text=text,
        status_from=status_from,
        status_to=status_to,
        reply_to=reply_to,
        detail=detail,
    )


def _locked(initiative: Initiative) -> Initiative:
    # Of two changes at once, the second sees the first.
    initiative.refresh_from_db(from_queryset=Initiative.objects.select_for_update())
    return initiative


def _open(initiative: Initiative) -> None:
    if initiative.is_closed:
        raise ValidationError(
            _("This initiative has ended; pick it up again first."), code="closed"
        )


def _first_answer(initiative: Initiative) -> list[str]:
    if initiative.first_answer_at is None:
        initiative.first_answer_at = timezone.now()
        return ["first_answer_at"]
    return []


def _validate_asks(asks: Iterable[str]) -> list[str]:
    asks = list(dict.fromkeys(asks))
    unknown = [a for a in asks if a not in Ask.values]
    if unknown:
        raise ValidationError({"asks": _("Unknown choice: %(v)s.") % {"v": ", ".join(unknown)}})
    return asks


def public_name(user: Any) -> str:
    """The name the initiators may read: the full name, never the username (for invited
    users that is their e-mail address). Empty when there is none: pages show the role."""
    return (user.get_full_name() or "").strip() if user is not None else ""


def works_in(user: Any, municipality_code: str) -> bool:
    """Whether ``user`` may own (or receive) an initiative of the gemeente: active, with a
    role there that takes up initiatives (``add_initiative``: wijkmanager, programme
    bureau, partner), so not a reader or the beheerder."""
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return municipality_code in municipality_codes_in(scope_for(user, ADD))


def people_with_role(area: Area, slug: str) -> list[Any]:
    """Active users with role ``slug`` whose scope holds ``area`` (the wijk's wijkmanager,
    the gemeente's programme bureau)."""
    assignments = (
        RoleAssignment.objects.filter(
            role__role_profile__slug=slug,
            municipality__code=area.municipality_code,
            user__is_active=True,
        )
        .select_related("user")
        .prefetch_related("districts")
    )
    wijk_ids = {area.pk, area.parent_id}
    people = {}
    for assignment in assignments:
        districts = {d.pk for d in assignment.districts.all()}
        if not districts or districts & wijk_ids:
            people[assignment.user.pk] = assignment.user
    return sorted(people.values(), key=lambda u: u.pk)


# --- intake ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    initiative: Initiative
    status_token: str  # to show once to staff when the initiators have no e-mail


@transaction.atomic
def submit_initiative(
    *,
    municipality: Area,
    area: Area | None,
    title: str,
    what: str,
    why: str = "",
    themes: Iterable[str] = (),
    asks: Iterable[str] = (),
    group: str = "",
    location: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    consent: bool = False,
    source: str = Source.PUBLIC_FORM,
    by: Any = None,
    is_example: bool = False,
    received_at: dt.datetime | None = None,
    language: str | None = None,
    point: tuple[float, float] | None = None,
) -> Submitted:
    """An idea from the public form (``by`` None) or registered by staff (``by`` holds
    ``initiatives.add_initiative`` for the area). Dates the promise in working days from
    the day it came in and mails the initiators their private status link.

    ``point`` (x, y in RD New metres) is optional and must lie in ``area`` (the gemeente
    when no area is given), within ``point.TOLERANCE_METRES``."""
    area = area or municipality
    if municipality.level != AreaLevel.MUNICIPALITY:
        raise ValidationError(_("Choose a municipality."), code="wrong_level")
    validate_story_areas([area], municipality)
    if by is not None:
        require(InitiativePolicy().may_area(by, "add", area))
    elif source != Source.PUBLIC_FORM:
        raise ValidationError(_("Only staff can register an idea that was told to them."))
    has_contact = any(str(v or "").strip() for v in (name, email, phone))
    if source == Source.PUBLIC_FORM and not str(email or "").strip():
        raise ValidationError(
            {"email": _("We need your e-mail address to send you the link to follow your idea.")},
            code="no_email",
        )
    if has_contact and not consent:
        raise ValidationError(
            {"consent": _("We can only keep your contact details with your consent.")},
            code="no_consent",
        )
    try:
        where = point_in_area(point, area.geometry)
    except PointError as error:
        raise ValidationError(
            {"point": point_text.message(error, area.name)}, code=f"point_{error.code}"
        ) from None
    received_at = received_at or timezone.now()
    received_on = timezone.localdate(received_at)
    promise = promise_for(municipality)
    initiative = Initiative(
        municipality_code=municipality.code,
        area=area,
        point_x=where.x if where else None,
        point_y=where.y if where else None,
        title=_text(title, field="title", limit=Initiative._meta.get_field("title").max_length),
        what=_text(what, field="what", limit=4000),
        why=_text(why, field="why", limit=4000, required=False),
        themes=validate_themes(themes),
        asks=_validate_asks(asks),
        group=_text(group, field="group", limit=300, required=False),
        location=_text(location, field="location", limit=200, required=False),
        source=source,
        received_at=received_at,
        triage_due=add_working_days(received_on, promise.triage_days),
        answer_due=add_working_days(received_on, promise.response_days),
        contact=(
            contributor_for(name=name, email=email, phone=phone, municipality=municipality)
            if has_contact
            else None
        ),
        contact_consent_at=received_at if has_contact else None,
        is_example=is_example,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        created_by=acting_user(by),
    )
    _new_status_link(initiative)
    initiative.full_clean(exclude=["contact", "status_token_hash", "status_nonce"])
    initiative.save()
    _event(
        initiative,
        EventKind.RECEIVED,
        actor=by,
        status_to=initiative.status,
        at=received_at,  # an idea told by phone yesterday was received yesterday
        source=source,
    )
    record_audit_event(actor=by, action="initiative_received", obj=initiative, source=source)
    if initiative.contact and initiative.contact.email:
        mail.on_commit(mail.send_received, initiative.pk)
    return Submitted(initiative=initiative, status_token=status_token(initiative))


# --- triage and owner ----------------------------------------------------------------------


def _check_owner(initiative: Initiative, user: Any) -> None:
    if not works_in(user, initiative.municipality_code):
        raise ValidationError(
            {"owner": _("Choose somebody who works in this municipality.")}, code="foreign_owner"
        )


@transaction.atomic
def assign_owner(*, initiative: Initiative, by: Any, owner: Any, role: str) -> Initiative:
    """Triage: the one person who answers for the follow-up. Only the first time; after
    that the initiative moves by a hand-over the receiver accepts."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "triage", initiative))
    _open(initiative)
    if initiative.owner_id is not None:
        raise ValidationError(
            _("This initiative has a contact person; hand it over instead."), code="has_owner"
        )
    _check_owner(initiative, owner)
    role = _text(role, field="role", limit=120)
    initiative.owner, initiative.owner_role = owner, role
    initiative.owner_assigned_at = timezone.now()
    fields = ["owner", "owner_role", "owner_assigned_at", "updated_at"]
    status_from = initiative.status
    if initiative.status == InitiativeStatus.RECEIVED:
        initiative.status = InitiativeStatus.OWNER_KNOWN
        fields.append("status")
    initiative.save(update_fields=fields)
    _event(
        initiative,
        EventKind.OWNER_ASSIGNED,
        actor=by,
        status_from=status_from,
        status_to=initiative.status,
        owner=owner.pk,
        owner_name=public_name(owner),
        owner_role=role,
    )
    record_audit_event(actor=by, action="initiative_owner_assigned", obj=initiative, owner=owner.pk)
    mail.on_commit(mail.send_news, initiative.pk, EventKind.OWNER_ASSIGNED)
    mail.on_commit(mail.send_to_new_owner, initiative.pk)
    return initiative


# --- talking with the initiators -----------------------------------------------------------


@transaction.atomic
def send_message(
    *, initiative: Initiative, by: Any, text: str, question: bool = False
) -> InitiativeEvent:
    """A message (or a question to answer) to the initiators; the first one is the first
    substantive answer the promise counts."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    if initiative.owner_id is None:
        raise ValidationError(_("Assign a contact person first."), code="no_owner")
    text = _text(text, field="text", limit=MAX_MESSAGE_LENGTH)
    kind = EventKind.QUESTION if question else EventKind.MESSAGE
    fields = _first_answer(initiative)
    if fields:
        initiative.save(update_fields=[*fields, "updated_at"])
    event = _event(initiative, kind, actor=by, text=text)
    record_audit_event(actor=by, action=f"initiative_{kind}", obj=initiative, event=event.pk)
    mail.on_commit(mail.send_news, initiative.pk, kind)
    return event


@transaction.atomic
def reply_from_initiators(
    *, initiative: Initiative, text: str, reply_to: InitiativeEvent | None = None
) -> InitiativeEvent:
    """The initiators answer a question (or write to their contact person) through their
    status link. The owner hears of it by e-mail."""
    _locked(initiative)
    if initiative.status_token_hash is None:
        raise ValidationError(_("This link no longer works."), code="no_link")
    if reply_to is not None and (
        reply_to.initiative_id != initiative.pk or reply_to.kind != EventKind.QUESTION
    ):
        raise ValidationError(_("That is not a question to you."), code="not_a_question")
    text = _text(text, field="text", limit=MAX_MESSAGE_LENGTH)
    event = _event(initiative, EventKind.ANSWER, by_initiators=True, text=text, reply_to=reply_to)
    record_audit_event(actor=None, action="initiative_answered", obj=initiative, event=event.pk)
    mail.on_commit(mail.send_answer_to_owner, initiative.pk)
    return event


# --- status ------------------------------------------------------------------------------------

# Moving here is a decision the initiators hear of: it counts as a first answer.
_DECISIONS = frozenset(InitiativeStatus.values) - {
    InitiativeStatus.RECEIVED,
    InitiativeStatus.OWNER_KNOWN,
}


@transaction.atomic
def change_status(*, initiative: Initiative, by: Any, status: str, text: str = "") -> Initiative:
    """Move along the workflow (``workflow.py``). Stopping and "not possible" always carry
    a reason the initiators read; realised and supported need a contact person."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    current = initiative.status
    if status not in InitiativeStatus.values:
        raise ValidationError({"status": _("Unknown status.")}, code="unknown_status")
    if status == InitiativeStatus.OWNER_KNOWN:
        raise ValidationError(
            {"status": _("Assign a contact person; the status follows.")}, code="assign"
        )
    if not may_transition(current, status):
        raise ValidationError(
            {
                "status": _("An initiative cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": InitiativeStatus(current).label,
                    "new": InitiativeStatus(status).label,
                }
            },
            code="illegal_transition",
        )
    if initiative.owner_id is None and status not in REASON_REQUIRED:
        raise ValidationError(_("Assign a contact person first."), code="no_owner")
    text = _text(text, field="text", limit=MAX_REASON_LENGTH, required=status in REASON_REQUIRED)
    if (
        status in CLOSED_STATUSES
        and initiative.handovers.filter(state=HandOverState.OFFERED).exists()
    ):
        raise ValidationError(
            {"status": _("A hand-over waits for an answer; it must be answered first.")},
            code="handover_open",
        )
    if (
        status in CLOSED_STATUSES
        and initiative.consent_requests.filter(state=ConsentState.ASKED).exists()
    ):
        raise ValidationError(
            {"status": _("A request for consent waits for the initiators; withdraw it first.")},
            code="consent_open",
        )
    initiative.status = status
    fields = ["status", "updated_at", *(_first_answer(initiative) if status in _DECISIONS else [])]
    if status in CLOSED_STATUSES:
        initiative.closed_at, initiative.close_reason = timezone.now(), text
    else:
        initiative.closed_at, initiative.close_reason = None, ""
    fields += ["closed_at", "close_reason"]
    initiative.save(update_fields=fields)
    _event(
        initiative,
        EventKind.STATUS_CHANGED,
        actor=by,
        text=text,
        status_from=current,
        status_to=status,
    )
    record_audit_event(
        actor=by, action="initiative_status_changed", obj=initiative, old=current, new=status
    )
    mail.on_commit(mail.send_news, initiative.pk, EventKind.STATUS_CHANGED)
    return initiative


# --- hand-overs ----------------------------------------------------------------------------


@transaction.atomic
def offer_handover(
    *,
    initiative: Initiative,
    by: Any,
    to_user: Any,
    reason: str,
    role: str = "",
    department: str = "",
    organisation: Any = None,
) -> HandOver:
    """Hand over to another person (of a department or partner), with a reason the
    initiators read. Nothing moves until the receiver accepts."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    _open(initiative)
    if initiative.owner_id is None:
        raise ValidationError(_("Assign a contact person first."), code="no_owner")
    if to_user.pk == initiative.owner_id:
        raise ValidationError(
            {"to_user": _("This person is already the contact person.")}, code="same_owner"
        )
    if initiative.handovers.filter(state=HandOverState.OFFERED).exists():
        raise ValidationError(
            _("A hand-over is already waiting for an answer."), code="handover_open"
        )
    if organisation is not None and organisation.municipality.code != initiative.municipality_code:
        raise ValidationError({"organisation": _("Choose a partner in this municipality.")})
    try:
        _check_owner(initiative, to_user)
    except ValidationError:
        raise ValidationError(
            {"to_user": _("Choose somebody who works in this municipality.")}
        ) from None
    now = timezone.now()
    handover = HandOver.objects.create(
        initiative=initiative,
        from_user=acting_user(by),
        to_user=to_user,
        to_role=_text(role, field="role", limit=120, required=False),
        to_department=_text(department, field="department", limit=120, required=False),
        to_organisation=organisation,
        reason=_text(reason, field="reason", limit=MAX_REASON_LENGTH),
        offered_at=now,
        accept_due=add_working_days(timezone.localdate(now), HANDOVER_ACCEPT_DAYS),
    )
    _event(
        initiative,
        EventKind.HANDOVER_OFFERED,
        actor=by,
        text=handover.reason,
        handover=handover.pk,
        to_name=public_name(to_user),
        to_role=handover.to_role,
        to_department=handover.to_department,
        to_organisation=organisation.name if organisation else "",
    )
    record_audit_event(
        actor=by, action="initiative_handover_offered", obj=initiative, to=to_user.pk
    )
    mail.on_commit(mail.send_handover_offered, handover.pk)
    return handover


def _open_handover(handover: HandOver, by: Any) -> HandOver:
    # The initiative first, then the hand-over: the order every service locks in.
    _locked(handover.initiative)
    handover.refresh_from_db(from_queryset=HandOver.objects.select_for_update())
    if handover.state != HandOverState.OFFERED:
        raise ValidationError(_("This hand-over has already been answered."), code="answered")
    if acting_user(by) is None or acting_user(by).pk != handover.to_user_id:
        require(False)
    return handover


@transaction.atomic
def accept_handover(*, handover: HandOver, by: Any) -> Initiative:
    """The receiver takes over: they become the one contact person."""
    _open_handover(handover, by)
    initiative = handover.initiative
    _open(initiative)
    handover.state, handover.answered_at = HandOverState.ACCEPTED, timezone.now()
    handover.save(update_fields=["state", "answered_at"])
    initiative.owner = handover.to_user
    initiative.owner_role = handover.to_role or initiative.owner_role
    initiative.save(update_fields=["owner", "owner_role", "updated_at"])
    _event(
        initiative,
        EventKind.HANDOVER_ACCEPTED,
        actor=by,
        handover=handover.pk,
        owner_name=public_name(by),
        owner_role=initiative.owner_role,
    )
    record_audit_event(actor=by, action="initiative_handover_accepted", obj=initiative)
    mail.on_commit(mail.send_news, initiative.pk, EventKind.HANDOVER_ACCEPTED)
    return initiative


@transaction.atomic
def refuse_handover(*, handover: HandOver, by: Any, reason: str) -> HandOver:
    """The receiver refuses with a reason; the initiative stays with its owner."""
    _open_handover(handover, by)
    handover.refusal_reason = _text(reason, field="reason", limit=MAX_REASON_LENGTH)
    handover.state, handover.answered_at = HandOverState.REFUSED, timezone.now()
    handover.save(update_fields=["state", "answered_at", "refusal_reason"])
    _event(
        handover.initiative,
        EventKind.HANDOVER_REFUSED,
        actor=by,
        text=handover.refusal_reason,
        handover=handover.pk,
    )
    record_audit_event(actor=by, action="initiative_handover_refused", obj=handover.initiative)
    mail.on_commit(mail.send_handover_refused, handover.pk)
    return handover


# --- support, rule conflicts, notes ------------------------------------------------------


@transaction.atomic
def record_support(
    *,
    initiative: Initiative,
    by: Any,
    kind: str,
    description: str,
    given_by: str,
    given_on: dt.date | None = None,
    amount: Decimal | None = None,
) -> Support:
    """What is given to the initiators (money, permit help, space …); they stay the
    owners of their idea, the municipality supports."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    if kind not in SupportKind.values:
        raise ValidationError({"kind": _("Unknown kind of support.")}, code="unknown_kind")
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")}, code="negative")
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The date lies in the future.")}, code="future")
    support = Support.objects.create(
        initiative=initiative,
        kind=kind,
        amount=amount,
        description=_text(description, field="description", limit=300),
        given_by=_text(given_by, field="given_by", limit=200),
        given_on=given_on,
        recorded_by=acting_user(by),
    )
    _event(
        initiative,
        EventKind.SUPPORT,
        actor=by,
        text=support.description,
        support=support.pk,
        support_kind=kind,
        amount=str(amount) if amount is not None else None,
        given_by=support.given_by,
    )
    record_audit_event(actor=by, action="initiative_support_recorded", obj=initiative, kind=kind)
    return support


@transaction.atomic
def record_rule_conflict(
    *, initiative: Initiative, by: Any, rule: str, department: str, what_would_help: str = ""
) -> RuleConflict:
    """A rule that blocks the initiative, for the programme bureau's log per department."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    conflict = RuleConflict.objects.create(
        initiative=initiative,
        rule=_text(rule, field="rule", limit=300),
        department=_text(department, field="department", limit=120),
        what_would_help=_text(
            what_would_help, field="what_would_help", limit=MAX_MESSAGE_LENGTH, required=False
        ),
        recorded_by=acting_user(by),
    )
    _event(
        initiative,
        EventKind.RULE_CONFLICT,
        actor=by,
        text=conflict.rule,
        conflict=conflict.pk,
        department=conflict.department,
    )
    record_audit_event(
        actor=by, action="initiative_rule_conflict", obj=initiative, department=conflict.department
    )
    return conflict


@transaction.atomic
def add_note(*, initiative: Initiative, by: Any, text: str) -> InitiativeEvent:
    """An internal note: staff see it, the initiators do not."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    event = _event(
        initiative,
        EventKind.NOTE,
        actor=by,
        text=_text(text, field="text", limit=MAX_MESSAGE_LENGTH),
    )
    record_audit_event(actor=by, action="initiative_note", obj=initiative, event=event.pk)
    return event


# --- koppelkansen ---------------------------------------------------------------------------


@transaction.atomic
def link_koppelkansen(
    *,
    initiative: Initiative,
    by: Any,
    drivers: Iterable[Any],
    goals: Iterable[Any],
    combined_message: str,
) -> Initiative:
    """Link the initiative to policy drivers (national defaults and the gemeente's own)
    and to goals of a wijkaanpak in the gemeente, with the combined message in one
    sentence: what the initiative and the policy both win."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    drivers, goals = list(drivers), list(goals)
    foreign = [
        d
        for d in drivers
        if d.municipality_id is not None and d.municipality.code != initiative.municipality_code
    ]
    if foreign:
        raise ValidationError({"drivers": _("Choose policy drivers of this municipality.")})
    if any(g.approach.municipality.code != initiative.municipality_code for g in goals):
        raise ValidationError({"goals": _("Choose goals of this municipality.")})
    message = _text(combined_message, field="combined_message", limit=300, required=False)
    if (drivers or goals) and not message:
        raise ValidationError(
            {"combined_message": _("Say in one sentence what both sides win.")},
            code="no_message",
        )
    old = {
        "drivers": sorted(initiative.policy_drivers.values_list("key", flat=True)),
        "goals": sorted(initiative.goals.values_list("pk", flat=True)),
        "combined_message": initiative.combined_message,
    }
    initiative.combined_message = message
    initiative.save(update_fields=["combined_message", "updated_at"])
    initiative.policy_drivers.set(drivers)
    initiative.goals.set(goals)
    record_audit_event(
        actor=by,
        action="initiative_koppelkansen",
        obj=initiative,
        old=old,
        drivers=sorted(d.key for d in drivers),
        goals=sorted(g.pk for g in goals),
        combined_message=message,
    )
    return initiative


@transaction.atomic
def resolve_rule_conflict(*, conflict: RuleConflict, by: Any, resolution: str) -> RuleConflict:
    """Mark a rule conflict resolved, saying how (a rule changed, an exemption): the log
    per department then counts it as resolved."""
    initiative = _locked(conflict.initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    conflict.refresh_from_db()
    if conflict.resolved_at is not None:
        raise ValidationError(_("This rule conflict has already been resolved."), code="resolved")
    conflict.resolution = _text(resolution, field="resolution", limit=MAX_MESSAGE_LENGTH)
    conflict.resolved_at = timezone.now()
    conflict.save(update_fields=["resolution", "resolved_at"])
    _event(
        initiative,
        EventKind.RULE_CONFLICT_RESOLVED,
        actor=by,
        text=conflict.resolution,
        conflict=conflict.pk,
        department=conflict.department,
    )
    record_audit_event(
        actor=by, action="initiative_rule_conflict_resolved", obj=initiative, conflict=conflict.pk
    )
    return conflict


# --- the initiators' consent -----------------------------------------------------------------
# The initiators stay the owners of their idea: its aim changes, or it becomes part of a
# municipal project, only when they agree. Staff ask; nothing changes until the answer.


def _open_request(initiative: Initiative) -> ConsentRequest | None:
    # No join here: PostgreSQL locks no nullable side of an outer join (the project).
    return initiative.consent_requests.select_for_update().filter(state=ConsentState.ASKED).first()


@transaction.atomic
def ask_consent(
    *,
    initiative: Initiative,
    by: Any,
    kind: str,
    reason: str,
    new_title: str = "",
    new_what: str = "",
    project: Any = None,
) -> ConsentRequest:
    """Ask the initiators to agree to a new aim, or to merging their idea into a
    municipal project. They answer on their status page (or tell their contact person,
    who records it); until then nothing changes."""
    _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    _open(initiative)
    if initiative.owner_id is None:
        raise ValidationError(_("Assign a contact person first."), code="no_owner")
    if _open_request(initiative) is not None:
        raise ValidationError(
            _("A request for consent already waits for the initiators' answer."),
            code="consent_open",
        )
    reason = _text(reason, field="reason", limit=MAX_MESSAGE_LENGTH)
    request = ConsentRequest(
        initiative=initiative, kind=kind, reason=reason, asked_by=acting_user(by)
    )
    if kind == ConsentKind.AIM:
        request.new_title = _text(
            new_title or initiative.title, field="new_title", limit=MAX_TITLE_LENGTH
        )
        request.new_what = _text(new_what, field="new_what", limit=MAX_TEXT_LENGTH)
        if (request.new_title, request.new_what) == (initiative.title, initiative.what):
            raise ValidationError(
                {"new_what": _("This is the aim the initiative has now.")}, code="unchanged"
            )
    elif kind == ConsentKind.MERGE:
        if project is None:
            raise ValidationError({"project": _("Choose the project.")}, code="required")
        if not selectors.mergeable_projects(initiative, by).filter(pk=project.pk).exists():
            raise ValidationError(
                {"project": _("Choose a running project of a wijkaanpak in this municipality.")},
                code="foreign_project",
            )
        if initiative.project_id == project.pk:
            raise ValidationError(
                {"project": _("The initiative is already part of this project.")},
                code="already_merged",
            )
        request.project = project
    else:
        raise ValidationError({"kind": _("Unknown choice: %(v)s.") % {"v": kind}})
    request.asked_at = timezone.now()
    request.save()
    fields = _first_answer(initiative)  # a proposal to the initiators is an answer too
    if fields:
        initiative.save(update_fields=[*fields, "updated_at"])
    _event(
        initiative,
        EventKind.CONSENT_ASKED,
        actor=by,
        text=reason,
        **_consent_detail(request),
    )
    record_audit_event(
        actor=by, action="initiative_consent_asked", obj=initiative, request=request.pk, kind=kind
    )
    mail.on_commit(mail.send_news, initiative.pk, EventKind.CONSENT_ASKED)
    return request


def _consent_detail(request: ConsentRequest) -> dict[str, Any]:
    """What the trail keeps of a request: enough to read it without the request row."""
    detail: dict[str, Any] = {"request": request.pk, "consent_kind": request.kind}
    if request.kind == ConsentKind.AIM:
        detail |= {"new_title": request.new_title, "new_what": request.new_what}
    elif request.project is not None:
        detail |= {"project": request.project.pk, "project_title": request.project.title}
    return detail


def _waiting(request: ConsentRequest) -> ConsentRequest:
    # The initiative first, then the request: the order every service locks in.
    _locked(request.initiative)
    request.refresh_from_db(from_queryset=ConsentRequest.objects.select_for_update())
    if request.state != ConsentState.ASKED:
        raise ValidationError(
            _("This request has already been answered or withdrawn."), code="answered"
        )
    return request


@transaction.atomic
def answer_consent(
    *, request: ConsentRequest, agree: bool, answer: str = "", by: Any = None
) -> ConsentRequest:
    """The initiators' answer. Without ``by`` it comes through their status link; with
    ``by`` a member of staff records what the initiators told them (by phone, at a
    table), and must write down what they said and how. Agreeing applies the change."""
    _waiting(request)
    initiative = request.initiative
    if by is None:
        if initiative.status_token_hash is None:
            raise ValidationError(_("This link no longer works."), code="no_link")
        channel = ConsentChannel.STATUS_LINK
        answer = _text(answer, field="answer", limit=MAX_MESSAGE_LENGTH, required=False)
    else:
        require(InitiativePolicy().may(by, "change", initiative))
        channel = ConsentChannel.RECORDED
        answer = _text(answer, field="answer", limit=MAX_MESSAGE_LENGTH)
    _open(initiative)
    now = timezone.now()
    request.state = ConsentState.AGREED if agree else ConsentState.DECLINED
    request.answered_at, request.answer, request.channel = now, answer, channel
    request.recorded_by = acting_user(by)
    if agree and request.kind == ConsentKind.AIM:
        request.previous_title, request.previous_what = initiative.title, initiative.what
        initiative.title, initiative.what = request.new_title, request.new_what
        initiative.save(update_fields=["title", "what", "updated_at"])
    elif agree and request.kind == ConsentKind.MERGE:
        initiative.project = request.project
        initiative.save(update_fields=["project", "updated_at"])
    request.save()
    _event(
        initiative,
        EventKind.CONSENT_GIVEN if agree else EventKind.CONSENT_DECLINED,
        actor=by,
        by_initiators=by is None,
        text=answer,
        channel=channel,
        **_consent_detail(request),
    )
    record_audit_event(
        actor=by,
        action="initiative_consent_answered",
        obj=initiative,
        request=request.pk,
        agreed=agree,
        channel=channel,
    )
    if by is None:
        mail.on_commit(mail.send_answer_to_owner, initiative.pk)
    else:
        mail.on_commit(
            mail.send_news,
            initiative.pk,
            EventKind.CONSENT_GIVEN if agree else EventKind.CONSENT_DECLINED,
        )
    return request


@transaction.atomic
def withdraw_consent_request(*, request: ConsentRequest, by: Any, reason: str) -> ConsentRequest:
    """Staff take back a request the initiators have not answered, saying why."""
    _waiting(request)
    initiative = request.initiative
    require(InitiativePolicy().may(by, "change", initiative))
    reason = _text(reason, field="reason", limit=MAX_REASON_LENGTH)
    request.state, request.answered_at = ConsentState.WITHDRAWN, timezone.now()
    request.save(update_fields=["state", "answered_at"])
    _event(
        initiative,
        EventKind.CONSENT_WITHDRAWN,
        actor=by,
        text=reason,
        **_consent_detail(request),
    )
    record_audit_event(
        actor=by, action="initiative_consent_withdrawn", obj=initiative, request=request.pk
    )
    mail.on_commit(mail.send_news, initiative.pk, EventKind.CONSENT_WITHDRAWN)
    return request


# --- from initiative to project proposal ------------------------------------------------


@transaction.atomic
def propose_project(*, initiative: Initiative, approach: Any, by: Any) -> Any:
    """Turn an idea that needs a project into a draft project proposal for ``approach``
    (a wijkaanpak whose areas hold the initiative's), carrying over its title, aim, why,
    area, themes and koppelkansen (goals of that wijkaanpak, policy drivers, combined
    message): nothing retyped. The initiative stays open and points at the proposal;
    the initiators see it on their status page. Its aim does not change, so no consent
    is asked; the owner completes the proposal (effects, costs…) and submits it."""
    from wendbaar.proposals import proposal_services

    initiative = _locked(initiative)
    require(InitiativePolicy().may(by, "change", initiative))
    if initiative.proposal_id is not None:
        raise ValidationError(_("This initiative is already a project proposal."))
    area = initiative.area
    area_ids = set(approach.areas.values_list("pk", flat=True))
    if approach.municipality.code != initiative.municipality_code or not (
        area.pk in area_ids or area.parent_id in area_ids
    ):
        raise ValidationError(
            {"approach": _("Choose a neighbourhood approach that covers the initiative's area.")}
        )
    content = proposal_services.Content(
        title=initiative.title,
        summary=initiative.what,
        problem=initiative.why,
        areas=[area],
        themes=list(initiative.themes or ()),
        goals=list(initiative.goals.filter(approach=approach)),
        policy_drivers=list(initiative.policy_drivers.all()),
        combined_message=initiative.combined_message,
    )
    proposal = proposal_services.create_proposal(
        approach=approach, content=content, by=by, is_example=initiative.is_example
    )
    initiative.proposal = proposal
    initiative.save(update_fields=["proposal", "updated_at"])
    _event(
        initiative,
        EventKind.PROPOSAL,
        actor=by,
        approach=approach.name,
        proposal_id=proposal.pk,
    )
    record_audit_event(
        actor=by, action="initiative_proposed", obj=initiative, proposal_id=proposal.pk
    )
    return proposal

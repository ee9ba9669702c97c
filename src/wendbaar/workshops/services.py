"""Writes of werkplaatsen: the facilitator's (``by``, checked against ``WorkshopPolicy``)
and the participants' (``participant``: the session that joined; only their own
answers, only while the werkplaats is open).

Participants' answers are not audited one by one: they are a team's anonymous working
material, not decisions, and forty people moving sliders would drown the log. Joining,
and everything a facilitator does, is audited.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wendbaar.accounts.policies import municipalities_for, require
from wendbaar.agenda import services as agenda_services
from wendbaar.approaches.constants import BuildingBlock
from wendbaar.approaches.models import Approach, PolicyDriver
from wendbaar.areas.models import Area
from wendbaar.core.actors import acting_user
from wendbaar.core.services import apply_changes, record_audit_event, save_validated

from . import analysis, competences, workflow
from .constants import (
    INNOVATION_KEYS,
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MAX_NAME_LENGTH,
    MAX_PARTICIPANTS,
    MAX_PICKS_PER_SUBJECT,
    MAX_REASON_LENGTH,
    MAX_SENTENCE_LENGTH,
    MAX_TEXT_LENGTH,
    SLIDER_KEYS,
    Exercise,
    InnovationState,
    Status,
)
from .models import (
    AgendaAction,
    BlockAnswer,
    CompetencePick,
    InnovationAnswer,
    KoppelkansAnswer,
    Participant,
    SliderAnswer,
    WorkAgenda,
    Workshop,
)
from .permissions import FACILITATE, WorkshopPolicy

WORKSHOP_FIELDS = (
    "title",
    "team",
    "held_on",
    "case_title",
    "case_description",
    "exercises",
    "approach",
    "previous",
    "show_names",
)
AGENDA_FIELDS = ("case_title", "description", "reflections", "direction", "koppelkansen", "now")
ACTION_FIELDS = ("what", "who", "how", "when", "success")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: Any, *, limit: int, single_line: bool = False) -> str:
    """What a participant typed, made safe to keep and show: Unicode normalised, control
    and direction-override characters removed, whitespace tidied, at most ``limit``
    characters (a longer text is refused by the form; this is the service's guard).
    Templates escape it on output; nothing here is ever shown as HTML."""
    text = unicodedata.normalize("NFC", str(value or "")).replace("\r\n", "\n")
    text = _CONTROL.sub("", text)
    if single_line:
        text = " ".join(text.split())
    else:
        text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:limit]


def _may_facilitate_in(user: Any, municipality: Area) -> bool:
    return municipalities_for(user, FACILITATE).filter(pk=municipality.pk).exists()


def _check_links(
    municipality: Area, exercises: Sequence[str], approach: Any, previous: Any
) -> list[str]:
    errors: dict[str, str] = {}
    exercises = list(dict.fromkeys(exercises))  # each once, in the order chosen
    if not exercises:
        errors["exercises"] = _("Choose at least one exercise.")
    elif any(e not in Exercise.values for e in exercises):
        errors["exercises"] = _("Unknown exercise.")
    if approach is not None and approach.municipality_id != municipality.pk:
        errors["approach"] = _("The wijkaanpak must be one of this gemeente's.")
    if previous is not None and previous.municipality_id != municipality.pk:
        errors["previous"] = _("The earlier werkplaats must be one of this gemeente's.")
    if errors:
        raise ValidationError(errors)
    return exercises


@transaction.atomic
def create_workshop(
    *,
    municipality: Area,
    title: str,
    held_on: dt.date,
    exercises: Sequence[str],
    team: str = "",
    case_title: str = "",
    case_description: str = "",
    approach: Approach | None = None,
    previous: Workshop | None = None,
    show_names: bool = False,
    by: Any,
) -> Workshop:
    require(_may_facilitate_in(by, municipality))
    exercises = _check_links(municipality, exercises, approach, previous)
    workshop = Workshop(
        municipality=municipality,
        title=clean_text(title, limit=200, single_line=True),
        team=clean_text(team, limit=200, single_line=True),
        held_on=held_on,
        case_title=clean_text(case_title, limit=200, single_line=True),
        case_description=clean_text(case_description, limit=MAX_TEXT_LENGTH),
        exercises=exercises,
        current=exercises[0],
        approach=approach,
        previous=previous,
        show_names=show_names,
        facilitator=acting_user(by),
    )
    save_validated(workshop)
    WorkAgenda.objects.create(
        workshop=workshop, case_title=workshop.case_title, description=workshop.case_description
    )
    record_audit_event(actor=by, action="workshop_created", obj=workshop, title=workshop.title)
    return workshop


@transaction.atomic
def update_workshop(*, workshop: Workshop, by: Any, **fields: Any) -> Workshop:
    require(WorkshopPolicy().may(by, "facilitate", workshop))
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    for name in ("title", "team", "case_title"):
        if name in fields:
            fields[name] = clean_text(fields[name], limit=200, single_line=True)
    if "case_description" in fields:
        fields["case_description"] = clean_text(fields["case_description"], limit=MAX_TEXT_LENGTH)
    if (
        "previous" in fields
        and fields["previous"] is not None
        and fields["previous"].pk == workshop.pk
    ):
        raise ValidationError({"previous": _("A werkplaats cannot follow up on itself.")})
    fields["exercises"] = _check_links(
        workshop.municipality,
        fields.get("exercises", workshop.exercises),
        fields.get("approach", workshop.approach),
        fields.get("previous", workshop.previous),
    )
    changed = apply_changes(workshop, fields, WORKSHOP_FIELDS)
    if workshop.current not in workshop.exercises:
        workshop.current = workshop.exercises[0]
    save_validated(workshop)
    if changed:
        record_audit_event(
            actor=by, action="workshop_changed", obj=workshop, changes=_auditable(changed)
        )
    return workshop


def _auditable(changed: dict[str, list]) -> dict[str, list]:
    return {k: [getattr(v, "pk", v) for v in pair] for k, pair in changed.items()}


def _new_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


@transaction.atomic
def move_workshop(*, workshop: Workshop, to: str, by: Any) -> Workshop:
    """Open (with a fresh join code) or close (the code ends) a werkplaats."""
    require(WorkshopPolicy().may(by, "facilitate", workshop))
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not workflow.may_move(workshop.status, to):
        raise ValidationError(
            _("A werkplaats that is %(now)s cannot become %(to)s.")
            % {"now": workshop.get_status_display(), "to": Status(to).label}
            if to in Status.values
            else _("Unknown status.")
        )
    before = workshop.status
    workshop.status = to
    if to == Status.OPEN:
        workshop.opened_at = timezone.now()
        for _attempt in range(20):
            code = _new_code()
            if not Workshop.objects.filter(join_code=code).exists():
                break
        workshop.join_code = code
    else:
        workshop.closed_at = timezone.now()
        workshop.join_code = None
    workshop.save()
    record_audit_event(
        actor=by, action="workshop_moved", obj=workshop, from_status=before, to_status=to
    )
    return workshop


def show_exercise(*, workshop: Workshop, exercise: str, by: Any) -> Workshop:
    """Put ``exercise`` on the shared screen (participants' phones follow it)."""
    require(WorkshopPolicy().may(by, "facilitate", workshop))
    if exercise not in workshop.exercises:
        raise ValidationError(_("This werkplaats does not have that exercise."))
    Workshop.objects.filter(pk=workshop.pk).update(current=exercise)
    workshop.current = exercise
    record_audit_event(actor=by, action="workshop_exercise_shown", obj=workshop, exercise=exercise)
    return workshop


# --- participants ---------------------------------------------------------------------


def find_open(code: str) -> Workshop | None:
    """The open werkplaats with join ``code`` (case and spaces forgiven), or None."""
    code = "".join(str(code or "").split()).upper()
    if len(code) != JOIN_CODE_LENGTH:
        return None
    return Workshop.objects.filter(join_code=code, status=Status.OPEN).first()


@transaction.atomic
def join(*, workshop: Workshop, name: str) -> Participant:
    """A first name joins an open werkplaats. No account, no e-mail."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not workflow.accepts_answers(workshop.status):
        raise ValidationError(_("This werkplaats is closed: its code no longer works."))
    name = clean_text(name, limit=MAX_NAME_LENGTH, single_line=True)
    if not name:
        raise ValidationError({"name": _("Type your first name.")})
    if workshop.participants.count() >= MAX_PARTICIPANTS:
        raise ValidationError(
            _("This werkplaats is full (%(n)d participants).") % {"n": MAX_PARTICIPANTS}
        )
    participant = Participant.objects.create(workshop=workshop, name=name)
    record_audit_event(
        actor=None, action="workshop_joined", obj=workshop, participant_id=participant.pk
    )
    return participant


def _own(participant: Participant) -> Workshop:
    """The werkplaats a participant may write in: their own, while it is open."""
    workshop = Workshop.objects.only("status", "municipality_id").get(pk=participant.workshop_id)
    if not workflow.accepts_answers(workshop.status):
        raise ValidationError(_("This werkplaats is closed: answers can no longer change."))
    return workshop


def _percent(field: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Give a whole number from 0 to 100.")}) from None
    if not 0 <= number <= 100:
        raise ValidationError({field: _("Give a whole number from 0 to 100.")})
    return number


def save_slider(
    *, participant: Participant, slider: str, now: Any, target: Any, reason: str = ""
) -> SliderAnswer:
    return save_sliders(
        participant=participant,
        rows=[{"slider": slider, "now": now, "target": target, "reason": reason}],
    )[0]


@transaction.atomic
def save_sliders(*, participant: Participant, rows: Sequence[dict[str, Any]]) -> list[SliderAnswer]:
    """Place sliders (``rows``: slider, now, target, reason), overwriting the participant's
    earlier answers: one read and at most two writes, whatever the number of sliders
    (forty phones answer at once)."""
    _own(participant)
    cleaned: dict[str, SliderAnswer] = {}
    for row in rows:
        if row["slider"] not in SLIDER_KEYS:
            raise ValidationError(_("Unknown slider."))
        cleaned[row["slider"]] = SliderAnswer(
            participant=participant,
            slider=row["slider"],
            now=_percent("now", row["now"]),
            target=_percent("target", row["target"]),
            reason=clean_text(row.get("reason", ""), limit=MAX_REASON_LENGTH),
        )
    existing = {a.slider: a for a in participant.sliders.filter(slider__in=list(cleaned))}
    changed, new = [], []
    for key, answer in cleaned.items():
        if key in existing:
            old = existing[key]
            old.now, old.target, old.reason = answer.now, answer.target, answer.reason
            old.updated_at = timezone.now()
            changed.append(old)
            cleaned[key] = old
        else:
            new.append(answer)
    if changed:
        SliderAnswer.objects.bulk_update(changed, ["now", "target", "reason", "updated_at"])
    if new:
        SliderAnswer.objects.bulk_create(new)
    return list(cleaned.values())


@transaction.atomic
def save_block(
    *, participant: Participant, block: str, strength: Any, tension: str = "", first: bool = False
) -> BlockAnswer:
    _own(participant)
    if block not in BuildingBlock.values:
        raise ValidationError(_("Unknown building block."))
    try:
        strength = int(strength)
    except (TypeError, ValueError):
        strength = 0
    if not 1 <= strength <= 5:
        raise ValidationError({"strength": _("Choose from 1 (weak) to 5 (strong).")})
    if first:  # one choice: choosing another block moves it
        participant.blocks.exclude(block=block).update(first=False)
    answer, _created = BlockAnswer.objects.update_or_create(
        participant=participant,
        block=block,
        defaults={
            "strength": strength,
            "tension": clean_text(tension, limit=MAX_REASON_LENGTH),
            "first": bool(first),
        },
    )
    return answer


@transaction.atomic
def save_koppelkans(
    *, participant: Participant, sentence: str, drivers: Iterable[PolicyDriver] = ()
) -> KoppelkansAnswer:
    workshop = _own(participant)
    sentence = clean_text(sentence, limit=MAX_SENTENCE_LENGTH, single_line=True)
    if not sentence:
        raise ValidationError({"sentence": _("Write the combined message in one sentence.")})
    drivers = list(drivers)
    allowed = set(drivers_for(workshop).values_list("pk", flat=True))
    if any(d.pk not in allowed for d in drivers):
        raise ValidationError({"drivers": _("Choose the gemeente's own or the national drivers.")})
    answer, _created = KoppelkansAnswer.objects.update_or_create(
        participant=participant, defaults={"sentence": sentence}
    )
    answer.drivers.set(drivers)
    return answer


def drivers_for(workshop: Workshop) -> Any:
    """The policy drivers a koppelkans can name: the gemeente's own and the national ones."""
    return PolicyDriver.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=workshop.municipality_id)
    )


def save_innovation(
    *, participant: Participant, part: str, state: str, note: str = ""
) -> InnovationAnswer:
    _own(participant)
    if part not in INNOVATION_KEYS:
        raise ValidationError(_("Unknown part of social innovation."))
    if state not in InnovationState.values:
        raise ValidationError({"state": _("Choose: already working on it, or needs attention.")})
    answer, _created = InnovationAnswer.objects.update_or_create(
        participant=participant,
        part=part,
        defaults={"state": state, "note": clean_text(note, limit=MAX_REASON_LENGTH)},
    )
    return answer


@transaction.atomic
def set_competences(
    *, participant: Participant, subject: Participant, chosen: Iterable[str]
) -> list[str]:
    """What ``participant`` says ``subject`` is good at (themselves: their own strengths),
    replacing what they said before about that person."""
    _own(participant)
    if subject.workshop_id != participant.workshop_id:
        raise ValidationError(_("Name competences of people in this werkplaats only."))
    chosen = list(dict.fromkeys(chosen))
    if any(key not in competences.BY_KEY for key in chosen):
        raise ValidationError(_("Unknown competence."))
    if len(chosen) > MAX_PICKS_PER_SUBJECT:
        raise ValidationError(
            _("Choose at most %(n)d competences per person.") % {"n": MAX_PICKS_PER_SUBJECT}
        )
    CompetencePick.objects.filter(by=participant, subject=subject).exclude(
        competence__in=chosen
    ).delete()
    have = set(
        CompetencePick.objects.filter(by=participant, subject=subject).values_list(
            "competence", flat=True
        )
    )
    CompetencePick.objects.bulk_create(
        [
            CompetencePick(by=participant, subject=subject, competence=k)
            for k in chosen
            if k not in have
        ]
    )
    return chosen


# --- the lokale werkagenda -------------------------------------------------------------


def save_agenda(*, workshop: Workshop, by: Any, **fields: Any) -> WorkAgenda:
    require(WorkshopPolicy().may(by, "facilitate", workshop))
    agenda, _created = WorkAgenda.objects.get_or_create(workshop=workshop)
    if "case_title" in fields:
        fields["case_title"] = clean_text(fields["case_title"], limit=200, single_line=True)
    for name in ("description", "direction", "koppelkansen", "now"):
        if name in fields:
            fields[name] = clean_text(fields[name], limit=MAX_TEXT_LENGTH)
    if "reflections" in fields:
        fields["reflections"] = {
            key: clean_text(fields["reflections"].get(key, ""), limit=MAX_REASON_LENGTH)
            for key in SLIDER_KEYS
        }
    changed = apply_changes(agenda, fields, AGENDA_FIELDS)
    save_validated(agenda)
    if changed:
        record_audit_event(
            actor=by, action="workagenda_changed", obj=workshop, fields=sorted(changed)
        )
    return agenda


SMART_MESSAGES = {
    "required": gettext_lazy(
        "Fill this in: a SMART action says what, who, when and how success is seen."
    ),
    "vague": gettext_lazy(
        "Too vague: say what will concretely happen, e.g. “Talk with the initiators about "
        "what each side expects”, not “improve cooperation”."
    ),
    "past": gettext_lazy("Choose a date from the werkplaats's date on."),
    "too_far": gettext_lazy(
        "Choose a date within two years: a werkagenda is for the coming period."
    ),
    "not_observable": gettext_lazy(
        "Say how you will see that it worked, in a few words (e.g. “three plans chosen with "
        "the initiators”)."
    ),
}


def _smart(workshop: Workshop, fields: dict[str, Any]) -> dict[str, Any]:
    """The action's fields, cleaned, or the SMART rule's refusals per field. Its dates are
    measured from the werkplaats's own date: the werkagenda is for the period after it
    (so an agenda written last year can still be corrected this year)."""
    cleaned = {
        "what": clean_text(fields.get("what", ""), limit=300, single_line=True),
        "who": clean_text(fields.get("who", ""), limit=200, single_line=True),
        "how": clean_text(fields.get("how", ""), limit=MAX_REASON_LENGTH, single_line=True),
        "when": fields.get("when"),
        "success": clean_text(fields.get("success", ""), limit=MAX_REASON_LENGTH, single_line=True),
    }
    problems = analysis.smart_problems(
        cleaned["what"], cleaned["who"], cleaned["when"], cleaned["success"], workshop.held_on
    )
    if problems:
        errors: dict[str, list[str]] = {}
        for field, code in problems:
            errors.setdefault(field, []).append(str(SMART_MESSAGES[code]))
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_action(*, workshop: Workshop, by: Any, **fields: Any) -> AgendaAction:
    require(WorkshopPolicy().may(by, "facilitate", workshop))
    agenda, _created = WorkAgenda.objects.get_or_create(workshop=workshop)
    action = AgendaAction(agenda=agenda, **_smart(workshop, fields))
    save_validated(action)
    record_audit_event(actor=by, action="workagenda_action_added", obj=workshop, what=action.what)
    return action


@transaction.atomic
def update_action(*, action: AgendaAction, by: Any, **fields: Any) -> AgendaAction:
    workshop = action.agenda.workshop
    require(WorkshopPolicy().may(by, "facilitate", workshop))
    merged = {name: getattr(action, name) for name in ACTION_FIELDS} | fields
    changed = apply_changes(action, _smart(workshop, merged), ACTION_FIELDS)
    save_validated(action)
    if changed:
        record_audit_event(
            actor=by,
            action="workagenda_action_changed",
            obj=workshop,
            action_id=action.pk,
            changes={k: [str(v) for v in pair] for k, pair in changed.items()},
        )
    return action


@transaction.atomic
def remove_action(*, action: AgendaAction, by: Any) -> None:
    workshop = action.agenda.workshop
    require(WorkshopPolicy().may(by, "facilitate", workshop))
    record_audit_event(actor=by, action="workagenda_action_removed", obj=workshop, what=action.what)
    action.delete()


@transaction.atomic
def push_action(*, action: AgendaAction, by: Any) -> AgendaAction:
    """The action becomes a planned project of the werkplaats's wijkaanpak, linked back
    both ways (the project's text names the werkplaats). The agenda's own policy decides
    whether ``by`` may add projects there."""
    workshop = action.agenda.workshop
    require(WorkshopPolicy().may(by, "facilitate", workshop))
    action = AgendaAction.objects.select_for_update().get(pk=action.pk)
    if workshop.approach is None:
        raise ValidationError(_("This werkplaats is not tied to a wijkaanpak."))
    if action.project_id is not None:
        raise ValidationError(_("This action is already a project of the wijkaanpak."))
    today = timezone.localdate()
    description = "\n\n".join(
        part
        for part in (
            _("From the lokale werkagenda of werkplaats “%(title)s” (%(date)s).")
            % {"title": workshop.title, "date": workshop.held_on.isoformat()},
            _("Who: %(who)s") % {"who": action.who},
            _("With whom and how: %(how)s") % {"how": action.how} if action.how else "",
            _("How we see success: %(success)s") % {"success": action.success},
        )
        if part
    )
    project = agenda_services.create_project(
        approach=workshop.approach,
        title=action.what[:200],
        description=description,
        start_date=min(today, action.when),
        end_date=action.when,
        by=by,
    )
    agenda_services.add_milestone(
        project=project, title=action.success[:200], due_date=action.when, by=by
    )
    action.project = project
    action.save(update_fields=["project"])
    record_audit_event(
        actor=by, action="workagenda_action_pushed", obj=workshop, project_id=project.pk
    )
    return action


def remove_participant(*, participant: Participant, by: Any) -> None:
    """The facilitator removes a joiner (a prank name, a double join) and their answers."""
    require(WorkshopPolicy().may(by, "facilitate", participant.workshop))
    record_audit_event(
        actor=by,
        action="workshop_participant_removed",
        obj=participant.workshop,
        participant_id=participant.pk,
    )
    participant.delete()

"""Vocabulary of residents' initiatives (bewonersinitiatieven): states, asks, support."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TITLE_LENGTH = 160
MAX_TEXT_LENGTH = 4000
MAX_GROUP_LENGTH = 300
MAX_MESSAGE_LENGTH = 2000
MAX_REASON_LENGTH = 500
# A hand-over not accepted within this many working days is flagged; more hand-overs
# than MAX_HANDOVERS on one initiative is flagged too ("van het kastje naar de muur").
HANDOVER_ACCEPT_DAYS = 2
MAX_HANDOVERS = 2
# Contact details are kept this long after the last thing that happened to the
# initiative (the stories app keeps them two years as well).
CONTACT_RETENTION_YEARS = 2


class InitiativeStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    OWNER_KNOWN = "owner_known", _("Contact person known")
    IN_CONVERSATION = "in_conversation", _("In conversation")
    SUPPORTED = "supported", _("Supported")
    REALISED = "realised", _("Realised")
    STOPPED = "stopped", _("Stopped")
    NOT_POSSIBLE = "not_possible", _("Not possible")


CLOSED_STATUSES = frozenset(
    {InitiativeStatus.REALISED, InitiativeStatus.STOPPED, InitiativeStatus.NOT_POSSIBLE}
)
# Ending this way is always explained to the initiators.
REASON_REQUIRED = frozenset({InitiativeStatus.STOPPED, InitiativeStatus.NOT_POSSIBLE})


class Ask(models.TextChoices):
    """What the initiators ask for (several may apply)."""

    MONEY = "money", _("Money")
    PERMIT = "permit", _("A permit or permission")
    SPACE = "space", _("A place or space")
    MATERIALS = "materials", _("Materials")
    CONTACTS = "contacts", _("Contacts")
    ADVICE = "advice", _("Advice")


class SupportKind(models.TextChoices):
    WIJKBUDGET = "wijkbudget", _("Money from a wijkbudget")
    OTHER_MONEY = "other_money", _("Other money")
    PERMIT_HELP = "permit_help", _("Help with a permit")
    SPACE = "space", _("A place or space")
    MATERIALS = "materials", _("Materials")
    CONTACTS = "contacts", _("Contacts")
    ADVICE = "advice", _("Advice")


class Source(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Public form")
    TABLE = "table", _("Told at a table or meeting")
    PHONE = "phone", _("By telephone")
    EMAIL = "email", _("By e-mail or letter")


class EventKind(models.TextChoices):
    """What the trail records. Each row is written once and never changed."""

    RECEIVED = "received", _("Received")
    OWNER_ASSIGNED = "owner_assigned", _("Contact person assigned")
    STATUS_CHANGED = "status_changed", _("Status changed")
    MESSAGE = "message", _("Message to the initiators")
    QUESTION = "question", _("Question to the initiators")
    ANSWER = "answer", _("Answer from the initiators")
    HANDOVER_OFFERED = "handover_offered", _("Handed over")
    HANDOVER_ACCEPTED = "handover_accepted", _("Hand-over accepted")
    HANDOVER_REFUSED = "handover_refused", _("Hand-over refused")
    SUPPORT = "support", _("Support recorded")
    RULE_CONFLICT = "rule_conflict", _("Rule conflict recorded")
    RULE_CONFLICT_RESOLVED = "rule_conflict_resolved", _("Rule conflict resolved")
    NOTE = "note", _("Internal note")
    ESCALATED = "escalated", _("Overdue: escalated")
    CONSENT_ASKED = "consent_asked", _("Consent asked of the initiators")
    CONSENT_GIVEN = "consent_given", _("The initiators agreed")
    CONSENT_DECLINED = "consent_declined", _("The initiators did not agree")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Request for consent withdrawn")
    PROPOSAL = "proposal", _("Became a project proposal")


class ConsentKind(models.TextChoices):
    """What only the initiators can agree to: their idea stays theirs."""

    AIM = "aim", _("Change the aim")
    MERGE = "merge", _("Merge into a municipal project")


class ConsentState(models.TextChoices):
    ASKED = "asked", _("Waiting for the initiators")
    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Not agreed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentChannel(models.TextChoices):
    """How the initiators' answer reached us."""

    STATUS_LINK = "status_link", _("Through their private status link")
    RECORDED = "recorded", _("Told to staff, who recorded it")


# Events the initiators see on their status page (internal notes and escalations stay in).
PUBLIC_EVENTS = frozenset(EventKind.values) - {EventKind.NOTE, EventKind.ESCALATED}


class HandOverState(models.TextChoices):
    OFFERED = "offered", _("Waiting for acceptance")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class Overdue(models.TextChoices):
    """Which promise is overdue; an escalation is sent once per kind and level."""

    TRIAGE = "triage", _("No contact person in time")
    ANSWER = "answer", _("No first answer in time")

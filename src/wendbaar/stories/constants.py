"""Vocabulary of stories (verhalen) and signals (signalen uit de wijk)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthorKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    PROFESSIONAL = "professional", _("Professional")
    PARTNER = "partner", _("Partner organisation")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")


class CollectionMethod(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    DISTRICT_WALK = "district_walk", _("District walk (wijkschouw)")
    MEETING = "meeting", _("Meeting")
    SURVEY = "survey", _("Survey")
    ONLINE_FORM = "online_form", _("Online form")
    OTHER = "other", _("Other")


class Consent(models.TextChoices):
    """What the contributor agreed to. Names are never shown publicly, whatever the level."""

    PUBLIC = "public", _("Public: the story may be published on the website")
    INTERNAL = "internal", _("Internal: only for the municipality and its partners in the area")
    ANONYMOUS = "anonymous", _("Anonymous: internal use, and no contact details are kept")


class StoryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted (awaiting moderation)")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StorySource(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Public form")
    STAFF = "staff", _("Entered by staff")


class SignalDirection(models.TextChoices):
    CONCERN = "concern", _("Concern")
    POSITIVE = "positive", _("Positive")
    LEVER = "lever", _("Lever (hefboom)")


# Retention (bewaartermijnen); see docs in README of the app and the consent text.
STORY_RETENTION_YEARS = 5
CONTACT_RETENTION_YEARS = 2
REJECTED_RETENTION_DAYS = 90

# Limits of the public form (the rate limit and the largest photo in pixels are settings:
# STORY_SUBMISSIONS_PER_WINDOW, STORY_SUBMISSION_WINDOW_SECONDS, PHOTO_MAX_PIXELS).
MAX_TEXT_LENGTH = 10_000
MAX_QUOTE_LENGTH = 280
MAX_TITLE_LENGTH = 150
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_MAX_EDGE = 2400  # re-encoded photos are scaled down to this longest edge

# Soft indicators written to the monitor: ``signals_<direction>_<theme>``.
SOFT_INDICATOR_PREFIX = "signals"
SOFT_SOURCE_TABLE = "stories_signals"
# Source names are data, in Dutch like those of CBS ("CBS, Kerncijfers wijken en buurten").
SOFT_SOURCE_NAME = "Wendbaar, signalen uit de wijk (genoteerd door professionals)"


class EraseReason(models.TextChoices):
    """Why personal data were erased: a code, never free text (the audit log keeps it)."""

    REQUEST_BY_PERSON = "request_by_person", _("Request by the person")
    RETENTION_EXPIRED = "retention_expired", _("Retention period expired")
    MODERATOR_DECISION = "moderator_decision", _("Decision by a moderator")
    OTHER = "other", _("Other")

"""Soft data beside the figures: stories (verhalen) and signals (signalen uit de wijk).

Personal data lives only in :class:`Contributor`, apart from the story, so that it can be
exported, erased and purged on its own (AVG/GDPR). A story never shows a name publicly.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wendbaar.core.constants import Theme
from wendbaar.core.models import CurrentManager, Withdrawable, WithdrawalRecord

from .constants import (
    MAX_QUOTE_LENGTH,
    MAX_TITLE_LENGTH,
    AuthorKind,
    CollectionMethod,
    Consent,
    SignalDirection,
    StorySource,
    StoryStatus,
)
from .querysets import SignalQuerySet, StoryQuerySet


def photo_upload_to(instance: Story, filename: str) -> str:
    # Random name: neither the original file name nor the story id leaks through the path.
    return f"stories/photos/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


def normalise_email(value: str) -> str:
    """How contributors are matched: one record per e-mail address, whatever its case."""
    return (value or "").strip().lower()


class Contributor(models.Model):
    """The person behind one or more stories: minimal contact data, kept apart.

    One record per person and gemeente: a new story with the same e-mail address
    (``normalise_email``) joins the existing record, so one export or erasure covers
    all their stories. Per gemeente, because each gemeente answers for its own data and
    its staff must not reach stories of another gemeente through a shared record.
    """

    name = models.CharField(_("name"), max_length=120, blank=True)
    # Stored normalised (``normalise_email``).
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    phone = models.CharField(_("telephone number"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    retention_until = models.DateField(_("keep contact details until"), db_index=True)
    municipality_code = models.CharField(
        _("municipality code"), max_length=6, blank=True, db_index=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "email"],
                condition=~models.Q(email=""),
                name="stories_one_contributor_per_email",
            )
        ]
        permissions = [
            ("view_personal_data", _("View and export personal data of contributors")),
            ("erase_personal_data", _("Erase personal data of contributors")),
        ]

    def __str__(self) -> str:
        return f"{_('contributor')} #{self.pk}"


class Story(WithdrawalRecord):
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    # Sanitised HTML (services.sanitise_story_html); only ever stored after cleaning.
    text = models.TextField(_("story"))
    quote = models.CharField(_("short quote"), max_length=MAX_QUOTE_LENGTH, blank=True)
    author_kind = models.CharField(_("told by"), max_length=16, choices=AuthorKind.choices)
    # Denormalised gemeente code of the areas: per-gemeente lists and scope checks.
    municipality_code = models.CharField(_("municipality code"), max_length=6, db_index=True)
    areas = models.ManyToManyField("areas.Area", verbose_name=_("areas"), related_name="stories")
    # Lists of core.constants.Theme values and of monitor indicator codes.
    themes = models.JSONField(_("themes"), default=list, blank=True)
    indicator_codes = models.JSONField(_("indicators"), default=list, blank=True)
    collected_on = models.DateField(_("date"), db_index=True)
    collection_method = models.CharField(
        _("collected through"), max_length=16, choices=CollectionMethod.choices
    )
    photo = models.ImageField(_("photo"), upload_to=photo_upload_to, blank=True)
    photo_alt = models.CharField(_("description of the photo"), max_length=200, blank=True)
    consent = models.CharField(_("consent"), max_length=12, choices=Consent.choices)
    keep_after_withdrawal = models.BooleanField(
        _("may be kept anonymously when contact details are erased"), default=False
    )
    # Passages of ``text`` (plain text) to remove when the contact details are erased:
    # marked by the writer on the form or flagged by the moderator. With
    # ``redact_whole_text`` the whole text goes and the story stops being public.
    redact_passages = models.JSONField(_("passages to remove on erasure"), default=list, blank=True)
    redact_whole_text = models.BooleanField(_("remove the whole text on erasure"), default=False)
    retention_until = models.DateField(_("keep until"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StoryStatus.choices,
        default=StoryStatus.SUBMITTED,
        db_index=True,
    )
    source = models.CharField(_("source"), max_length=16, choices=StorySource.choices)
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("contributor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-collected_on", "-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [("moderate_story", _("Moderate stories (publish or reject)"))]
        indexes = [models.Index(fields=["municipality_code", "status", "consent"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", kwargs={"pk": self.pk})

    @property
    def theme_labels(self) -> list[str]:
        return [Theme(t).label for t in self.themes if t in Theme.values]

    @property
    def excerpt(self) -> str:
        """Plain text (not escaped) of the story, for lists; templates escape it."""
        from .sanitising import plain_text

        return plain_text(self.text)

    @property
    def is_public(self) -> bool:
        return self.status == StoryStatus.PUBLISHED and self.consent == Consent.PUBLIC


class Signal(Withdrawable):
    """A quick structured note by a professional: one sentence about one area and theme."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="signals"
    )
    municipality_code = models.CharField(_("municipality code"), max_length=6, db_index=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=SignalDirection.choices)
    sentence = models.CharField(_("signal"), max_length=280)
    observed_on = models.DateField(_("date"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CurrentManager.from_queryset(SignalQuerySet)()

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [models.Index(fields=["municipality_code", "observed_on"])]

    def __str__(self) -> str:
        return self.sentence

"""The register of parties per gemeente: organisations (the gemeente itself, housing
corporations, care, police, schools, residents' groups, entrepreneurs), their contact
persons, and which user account belongs to which organisation.

Nothing here knows a wijkaanpak: a party exists before and after any coalition.
Contact persons are personal data: minimal, and never public.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import PARTY_GROUP_BY_KIND, CivilSocietySubtype, OrganisationKind, PartyGroup
from .querysets import OrganisationQuerySet


class Organisation(models.Model):
    """A party in one gemeente: the gemeente itself, a corporatie, a residents' group…"""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    subtype = models.CharField(
        _("subtype"),
        max_length=32,
        choices=CivilSocietySubtype.choices,
        blank=True,
        help_text=_("Only for civil society organisations."),
    )
    municipality = models.ForeignKey(
        "areas.Area",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "municipality"},
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisations_organisation_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(kind="civil_society") | Q(subtype=""),
                name="organisations_organisation_subtype_only_civil_society",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.subtype and self.kind != OrganisationKind.CIVIL_SOCIETY:
            raise ValidationError(
                {"subtype": _("Only a civil society organisation has a subtype.")}
            )

    @property
    def party_group(self) -> str:
        return PARTY_GROUP_BY_KIND[self.kind]

    @property
    def party_group_label(self) -> str:
        return PartyGroup(self.party_group).label

    @property
    def kind_label(self) -> str:
        label = OrganisationKind(self.kind).label
        if self.subtype:
            return f"{label} ({CivilSocietySubtype(self.subtype).label})"
        return str(label)


class ContactPerson(models.Model):
    """Minimal personal data: a name and how to reach the person at work.

    ``user`` links an account to the organisation: a partner user may update the
    projects and commitments of the organisations they are a contact person of.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("work email"), blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_persons",
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="organisations_contact_unique_user_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

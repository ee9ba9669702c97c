"""Memberships of a wijkaanpak and the commitments of its parties, over time.

Dependency direction (ADR 0006): ``organisations`` ← ``approaches`` ← ``coalition`` ←
``agenda``. Both models point down at the kernel's ``Approach`` and the register's
``Organisation``; the coalition selectors (today / on a date / missing kinds) need no
code of the agenda.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wendbaar.core.models import Withdrawable
from wendbaar.organisations.models import ContactPerson, Organisation

from .constants import CommitmentKind, MembershipRole
from .querysets import MembershipQuerySet


class Membership(models.Model):
    """One period in which an organisation takes part in a wijkaanpak.

    Leaving sets ``left_on`` and keeps the row; rejoining adds a new row. So the
    coalition on any past date can be read back (``Membership.objects.on(day)``).
    """

    approach = models.ForeignKey(
        "approaches.Approach",
        verbose_name=_("neighbourhood approach"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=MembershipRole.choices)
    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("First day no longer a member.")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_on", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["approach", "organisation"],
                condition=Q(left_on__isnull=True),
                name="coalition_membership_one_open_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")),
                name="coalition_membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} - {self.get_role_display()}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class Commitment(Withdrawable):
    """What a partner puts into the wijkaanpak: money, hours or something else."""

    approach = models.ForeignKey(
        "approaches.Approach",
        verbose_name=_("neighbourhood approach"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CommitmentKind.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(
        _("amount (euro)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    hours = models.DecimalField(
        _("hours per year"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organisation__name", "start_year", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        permissions = [
            ("change_own_commitment", _("Change the commitments of one's own organisation")),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.description}"

    def clean(self) -> None:
        errors = {}
        if self.end_year is not None and self.end_year < self.start_year:
            errors["end_year"] = _("The end year cannot be before the start year.")
        if self.kind == CommitmentKind.MONEY and self.amount is None:
            errors["amount"] = _("A money commitment needs an amount.")
        if self.kind == CommitmentKind.HOURS and self.hours is None:
            errors["hours"] = _("A commitment of hours needs the number of hours.")
        if errors:
            raise ValidationError(errors)

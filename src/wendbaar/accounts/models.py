"""Users and their roles, each role held within a scope (a gemeente or some of its wijken)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import RoleSlug


class User(AbstractUser):
    is_demo = models.BooleanField(
        _("demo user"),
        default=False,
        help_text=_("Demo users can sign in only where WENDBAAR_DEMO_LOGINS is on."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def awaits_first_password(self) -> bool:
        """Invited and never signed in: no password yet. An SSO account has no usable
        password either, but signs in: it is never sent a set-password link."""
        return self.is_active and not self.has_usable_password() and self.last_login is None


class RoleAssignment(models.Model):
    """A role (a Group with permissions, shipped as data) held within an area scope.

    The role's groups are deliberately *not* added to ``user.groups``: a permission only
    counts inside the scope of the assignment that grants it (see ``policies.py``).
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.ForeignKey(
        Group, verbose_name=_("role"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "areas.Area",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "municipality"},
    )
    districts = models.ManyToManyField(
        "areas.Area",
        verbose_name=_("districts"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for the whole municipality."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "municipality"], name="unique_role_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.role} - {self.municipality.code}"


class RoleProfile(models.Model):
    """Gives a role Group its stable slug; code looks roles up by slug, never by name.

    Also carries the cross-cutting permissions that belong to no single model.
    """

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="role_profile"
    )
    slug = models.SlugField(_("slug"), max_length=40, unique=True, choices=RoleSlug.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        permissions = [
            ("view_restricted", _("View non-public data")),
            ("view_personal_data", _("View personal data of residents")),
            ("edit_programme", _("Edit the district programme")),
            ("manage_users", _("Manage users and their roles")),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return RoleSlug(self.slug).label if self.slug in RoleSlug.values else self.slug

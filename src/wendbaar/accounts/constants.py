from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleSlug(models.TextChoices):
    """The roles, identified in code by a stable slug, never by the (translatable) name.

    The slugs are the Dutch role names used in the municipalities' own vocabulary; the
    labels are English msgids, translated in the UI.
    """

    ADMIN = "beheerder", _("Administrator")
    PROGRAMME_BUREAU = "programmabureau", _("Programme bureau")
    DISTRICT_MANAGER = "wijkmanager", _("District manager")
    PARTNER = "partner", _("Partner")
    READER = "lezer", _("Reader")


# Permissions that belong to no single model; defined on ``RoleProfile``.
VIEW_RESTRICTED = "accounts.view_restricted"
VIEW_PERSONAL_DATA = "accounts.view_personal_data"
EDIT_PROGRAMME = "accounts.edit_programme"
MANAGE_USERS = "accounts.manage_users"

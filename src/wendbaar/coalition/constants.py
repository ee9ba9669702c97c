"""Vocabulary of the coalition: the party groups it needs, roles and commitments."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wendbaar.organisations.constants import PartyGroup

# The kinds every coalition should hold (DOMAIN.md: gemeente, maatschappelijke
# organisaties, bewoners).
REQUIRED_PARTY_GROUPS: tuple[str, ...] = (
    PartyGroup.MUNICIPALITY,
    PartyGroup.CIVIL_SOCIETY,
    PartyGroup.RESIDENTS,
)


class MembershipRole(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Steering group")
    PROCESS_LEAD = "process_lead", _("Process lead")
    CORE_PARTNER = "core_partner", _("Core partner")
    PARTNER = "partner", _("Partner")
    INITIATOR = "initiator", _("Initiator")


class CommitmentKind(models.TextChoices):
    MONEY = "money", _("Money")
    HOURS = "hours", _("Hours")
    OTHER = "other", _("Other (space, materials, knowledge)")

"""Vocabulary of the coalition: kinds of organisation, roles and commitments."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    RESIDENTS_ORGANISATION = "residents_organisation", _("Residents' organisation")
    RESIDENTS_INITIATIVE = "residents_initiative", _("Residents' initiative")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")


class CivilSocietySubtype(models.TextChoices):
    """Only for ``OrganisationKind.CIVIL_SOCIETY``."""

    HOUSING_CORPORATION = "housing_corporation", _("Housing corporation")
    CARE = "care", _("Care")
    WELFARE = "welfare", _("Welfare")
    POLICE = "police", _("Police")
    EDUCATION = "education", _("Education")
    SPORT = "sport", _("Sport")
    CULTURE = "culture", _("Culture")


class PartyGroup(models.TextChoices):
    """The three kinds of party a coalition needs (DOMAIN.md, step 2), plus business.

    Entrepreneurs are welcome partners but stand for none of the three kinds: a coalition
    of gemeente, entrepreneurs and residents still lacks the maatschappelijke organisaties.
    """

    MUNICIPALITY = "municipality", _("Municipality")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisations")
    RESIDENTS = "residents", _("Residents")
    BUSINESS = "business", _("Entrepreneurs")


PARTY_GROUP_BY_KIND: dict[str, str] = {
    OrganisationKind.MUNICIPALITY: PartyGroup.MUNICIPALITY,
    OrganisationKind.CIVIL_SOCIETY: PartyGroup.CIVIL_SOCIETY,
    OrganisationKind.RESIDENTS_ORGANISATION: PartyGroup.RESIDENTS,
    OrganisationKind.RESIDENTS_INITIATIVE: PartyGroup.RESIDENTS,
    OrganisationKind.ENTREPRENEUR: PartyGroup.BUSINESS,
}

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

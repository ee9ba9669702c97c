"""Vocabulary of the register: kinds of organisation and the party groups they stand for."""

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

"""Vocabulary shared by every app: the eight themes (opgaven in de wijk)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """The eight themes of a wijkaanpak (DOMAIN.md, seeds/004)."""

    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work and participation")
    EDUCATION = "education", _("Education and upbringing")
    SAFETY = "safety", _("Safety and crime")
    HEALTH = "health", _("Health, care and support")
    COHESION = "cohesion", _("Living together and integration")
    ENVIRONMENT = "environment", _("Living environment and public space")
    SUSTAINABILITY = "sustainability", _("Sustainability")

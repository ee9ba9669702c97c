from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "wendbaar.workshops"
    verbose_name = _("Werkplaatsen")

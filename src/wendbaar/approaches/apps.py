from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApproachesConfig(AppConfig):
    name = "wendbaar.approaches"
    verbose_name = _("Neighbourhood approaches")

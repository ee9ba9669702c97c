from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "wendbaar.monitor"
    verbose_name = _("Neighbourhood monitor")

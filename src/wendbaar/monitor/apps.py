from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "wendbaar.monitor"
    verbose_name = _("Neighbourhood monitor")

    def ready(self) -> None:
        from wendbaar.core.signals import database_restored

        from .receivers import rebuild_analysis_when_missing

        database_restored.connect(rebuild_analysis_when_missing, dispatch_uid="monitor.rebuild")

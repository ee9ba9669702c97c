from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "wendbaar.reports"
    verbose_name = _("Progress reports")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (an erased story leaves adopted reports too)

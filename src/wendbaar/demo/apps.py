from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Top of the dependency graph: loads every app's demo data in order."""

    name = "wendbaar.demo"
    verbose_name = _("Demo data")

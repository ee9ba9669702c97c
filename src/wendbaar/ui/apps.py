from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    name = "wendbaar.ui"
    verbose_name = _("User interface")

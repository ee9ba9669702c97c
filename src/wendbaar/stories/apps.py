from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "wendbaar.stories"
    verbose_name = _("Stories and signals")

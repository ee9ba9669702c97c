from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The pages that compose several apps: home, search and the area pages."""

    name = "wendbaar.pages"
    verbose_name = _("Pages")

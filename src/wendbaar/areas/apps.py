from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "wendbaar.areas"
    verbose_name = _("Areas")

    def ready(self) -> None:
        # Signals: a change to areas, aliases or postcodes renews the search index.
        from . import index  # noqa: F401

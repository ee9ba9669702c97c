from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "wendbaar.initiatives"
    verbose_name = _("Residents' initiatives")

    def ready(self) -> None:
        from wendbaar.stories import contact_uses

        from .contact_use import USE

        contact_uses.register(USE)

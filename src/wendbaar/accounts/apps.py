from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wendbaar.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import reauth  # noqa: F401  (connects the sign-in time stamp)

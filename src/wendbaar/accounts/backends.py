"""Authentication backend: the model backend, but demo users only where the setting
``DEMO_LOGINS`` (``WENDBAAR_DEMO_LOGINS``) allows them: the demo server, never production."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_logins_allowed() -> bool:
    return bool(getattr(settings, "DEMO_LOGINS", False))


class ScopedModelBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not demo_logins_allowed():
            return False
        return super().user_can_authenticate(user)

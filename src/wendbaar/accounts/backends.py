"""Authentication backend: the model backend, but demo users only while DEBUG is on."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ScopedModelBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)

"""Test settings: the same as production but fast hashing and in-memory mail."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
# Tests never read a developer's .env (its DATABASE_URL would point the suite elsewhere).
os.environ.setdefault("WENDBAAR_ENV_FILE", os.path.join(os.path.dirname(__file__), "test.env"))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# The test client speaks plain HTTP; tests/test_security_headers.py turns it back on.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Serve static files from the finders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

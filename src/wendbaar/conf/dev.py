"""Development and demo settings: the embedded SQLite database, DEBUG on."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: F403
from .base import STORAGES

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# `make run` never runs collectstatic: serve from the finders, rescan on change.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

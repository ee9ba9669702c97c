"""Development and demo settings: the embedded SQLite database, demo users may sign in.

`make run` serves the demo with DEBUG off, as production does (the real 403/404/500
pages), over plain HTTP on this machine: so secure cookies, the HTTPS redirect and HSTS
are off here, explicitly; production keeps base.py's secure defaults. Set DEBUG=true for
Django's detailed error pages while developing.
"""

import os
import secrets
from pathlib import Path

from . import env  # noqa: F401  (reads .env first: a variable there wins over these defaults)

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("WENDBAAR_DEMO_LOGINS", "true")
# Mail goes to files under var/mail/ (one per message), where a newcomer can read it.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")


def local_secret_key(var_dir: Path) -> str:
    """A random key kept in ``var_dir/secret_key``: made on first use, the same after a
    restart (sessions survive), never in the repository, never a well-known value."""
    path = var_dir / "secret_key"
    if path.is_file() and path.read_text().strip():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


if "SECRET_KEY" not in os.environ:
    _var = os.environ.get("WENDBAAR_VAR_DIR") or Path(__file__).resolve().parents[3] / "var"
    os.environ["SECRET_KEY"] = local_secret_key(Path(_var))

from .base import *  # noqa: E402, F403
from .base import STORAGES  # noqa: E402

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# `make run` never runs collectstatic: serve from the finders, rescan on change.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

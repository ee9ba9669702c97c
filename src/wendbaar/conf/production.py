"""Production: everything comes from the environment (see docs/configuration.md).

Refuses to start with settings that are only safe on a developer's machine: DEBUG on,
demo logins on (published passwords), a missing or well-known secret key, or no host
names of its own.
"""

from django.core.exceptions import ImproperlyConfigured

from . import env
from .base import *  # noqa: F403
from .base import DEBUG, DEMO_LOGINS, SECRET_KEY

#: Keys that ship with the code or its examples, so anyone may know them.
KNOWN_KEYS = {"dev-only-not-secret", "test-only-not-secret", "change-me-to-a-long-random-string"}
MIN_KEY_LENGTH = 32

if DEBUG:
    raise ImproperlyConfigured(
        "DEBUG is on with wendbaar.conf.production: set DEBUG=false (see docs/operations.md)."
    )
if DEMO_LOGINS:
    raise ImproperlyConfigured(
        "WENDBAAR_DEMO_LOGINS is on with wendbaar.conf.production: the demo users' password "
        "is published; set WENDBAAR_DEMO_LOGINS=false (see docs/configuration.md)."
    )
if SECRET_KEY in KNOWN_KEYS or len(SECRET_KEY) < MIN_KEY_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be a random string of at least {MIN_KEY_LENGTH} characters, not "
        "an example value: e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))' "
        "(see docs/operations.md)."
    )
if not env.is_set("ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set to the host names of this server, e.g. "
        "ALLOWED_HOSTS=wijkaanpak.gemeente.nl (see docs/operations.md)."
    )

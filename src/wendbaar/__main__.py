"""The ``wendbaar`` console script: Django's management commands, like ``django-admin``.

``wendbaar serve`` (the production web server, gunicorn) defaults to the production
settings; every other command defaults to the development settings. A ``.env`` file (see
``conf/env.py``) is read first, so it may name ``DJANGO_SETTINGS_MODULE`` for all of them.
"""

import os
import sys

PRODUCTION_COMMANDS = {"serve"}


def main() -> None:
    from wendbaar.conf.env import read_env_file

    read_env_file()  # before the settings module is chosen: the file may name it
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    default = "wendbaar.conf.production" if command in PRODUCTION_COMMANDS else "wendbaar.conf.dev"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

"""Honest demo mode (issue #11, item 7): `make run` serves with DEBUG off, as production
does, while the demo users may sign in (WENDBAAR_DEMO_LOGINS, on in the dev settings);
plain HTTP on this machine works; production keeps its secure defaults."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from wendbaar.conf.env import VARIABLES

ROOT = Path(__file__).resolve().parents[1]
NAMES = (
    "DEBUG",
    "DEMO_LOGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "ALLOWED_HOSTS",
    "SECRET_KEY",
)


def dev_settings(tmp_path: Path, **extra: str) -> dict:
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    names = set(VARIABLES) | {"DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(
        DJANGO_SETTINGS_MODULE="wendbaar.conf.dev",
        WENDBAAR_ENV_FILE=str(empty_env_file),
        WENDBAAR_VAR_DIR=str(tmp_path / "var"),
        **extra,
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_serves_with_debug_off_and_demo_logins_on(tmp_path):
    values = dev_settings(tmp_path, DEBUG="false")
    assert values["DEBUG"] is False
    assert values["DEMO_LOGINS"] is True
    # Plain HTTP on this machine: no secure-only cookies, no redirect to HTTPS, no HSTS.
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert {"127.0.0.1", "localhost"} <= set(values["ALLOWED_HOSTS"])
    # A random key of its own, kept in var/ (sessions survive a restart), never the
    # well-known example keys.
    key_file = tmp_path / "var" / "secret_key"
    assert values["SECRET_KEY"] == key_file.read_text().strip()
    assert len(values["SECRET_KEY"]) >= 50 and values["SECRET_KEY"] != "dev-only-not-secret"
    assert dev_settings(tmp_path, DEBUG="false")["SECRET_KEY"] == values["SECRET_KEY"]


def test_demo_logins_can_be_turned_off_in_the_dev_settings(tmp_path):
    assert dev_settings(tmp_path, WENDBAAR_DEMO_LOGINS="false")["DEMO_LOGINS"] is False


def test_make_run_turns_debug_off():
    makefile = (ROOT / "Makefile").read_text()
    run = re.search(r"^run:.*?(?=^\S)", makefile, re.M | re.S)
    assert run and "DEBUG=$${DEBUG:-false} $(WB) runserver" in run.group(0)

"""The production start as docs/operations.md describes it: a `.env`, `migrate`,
`collectstatic`, `wendbaar serve` (gunicorn, production settings by default)."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from wendbaar.conf.env import VARIABLES, parse_env_file, read_env_file

ROOT = Path(__file__).resolve().parents[1]
WENDBAAR = Path(sys.executable).with_name("wendbaar")
KEY = "k7Qx2mV9pL4rT8wZ1nB6yH3jF5dS0aGcE2uI9oP7"


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any Wendbaar or Django setting (the test's own
    SQLite/PostgreSQL URL included), so only the `.env` under test configures the child."""
    names = set(VARIABLES) | {"DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in names}
    return {**env, **extra}


# --- .env ------------------------------------------------------------------------------


def test_env_file_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    path = tmp_path / ".env"
    path.write_text(
        "# a comment\n\nWB_T_A=from-file\nexport WB_T_B='quoted value'\nWB_T_C=\"x=y\"\n"
    )
    monkeypatch.setenv("WB_T_A", "from-environment")
    for name in ("WB_T_B", "WB_T_C"):
        monkeypatch.setenv(name, "placeholder")
        monkeypatch.delenv(name)  # restored (removed) after the test

    applied = read_env_file(path)

    assert os.environ["WB_T_A"] == "from-environment"
    assert os.environ["WB_T_B"] == "quoted value"
    assert os.environ["WB_T_C"] == "x=y"
    assert applied == {"WB_T_B": "quoted value", "WB_T_C": "x=y"}


def test_a_bad_env_line_names_file_and_line(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    path = tmp_path / ".env"
    path.write_text("DEBUG=false\nthis is not a setting\n")
    with pytest.raises(ImproperlyConfigured, match=r"\.env, line 2: expected NAME=value"):
        parse_env_file(path)


def test_a_missing_named_env_file_is_an_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import wendbaar.conf.env"],
        env=clean_env(WENDBAAR_ENV_FILE=str(tmp_path / "nope.env")),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "nope.env: no such file" in result.stderr


# --- production refuses unsafe settings ----------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"ALLOWED_HOSTS": "wijk.example.nl"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "change-me-to-a-long-random-string", "ALLOWED_HOSTS": "x"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "x"}, "at least 32 characters"),
        ({"SECRET_KEY": KEY}, "ALLOWED_HOSTS must be set"),
        ({"SECRET_KEY": KEY, "ALLOWED_HOSTS": "x", "DEBUG": "true"}, "DEBUG is on"),
        (
            {"SECRET_KEY": KEY, "ALLOWED_HOSTS": "x", "WENDBAAR_DEMO_LOGINS": "true"},
            "WENDBAAR_DEMO_LOGINS is on",
        ),
    ],
)
def test_production_settings_refuse_what_is_only_safe_on_a_laptop(tmp_path, variables, message):
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in variables.items()))
    result = subprocess.run(
        [sys.executable, "-c", "import wendbaar.conf.production"],
        env=clean_env(WENDBAAR_ENV_FILE=str(env_file), WENDBAAR_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert message in result.stderr


# --- the whole start -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wendbaar(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(WENDBAAR), *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def get(url: str) -> tuple[int, dict[str, str], str]:
    # Behind the TLS proxy the docs describe, which says the request came over HTTPS.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_for_line(process: subprocess.Popen, pattern: str, seconds: float) -> str:
    """Read the server's log until ``pattern`` appears (the socket is bound then)."""
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], deadline - time.monotonic())
        if not ready:
            break
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if pattern in line:
            return line
    raise AssertionError(f"no {pattern!r} in the server's output:\n{''.join(seen)}")


@pytest.mark.slow
def test_wendbaar_serve_starts_production_from_an_env_file(tmp_path):
    port = free_port()
    (tmp_path / ".env").write_text(
        f"DJANGO_SETTINGS_MODULE=wendbaar.conf.production\n"
        f"SECRET_KEY={KEY}\n"
        f"ALLOWED_HOSTS=127.0.0.1,localhost\n"
        f"DATABASE_URL=sqlite:///{tmp_path}/wendbaar.sqlite3\n"
        f"WENDBAAR_VAR_DIR={tmp_path}/var\n"
        f"SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https\n"
        f"WENDBAAR_SERVE_BIND=127.0.0.1:{port}\n"
        f"WENDBAAR_SERVE_WORKERS=1\n"
    )
    env = clean_env(WENDBAAR_ENV_FILE=str(tmp_path / ".env"))

    # Without collectstatic every page would answer 500: serve refuses to start instead.
    refused = wendbaar("serve", env=env, check=False)
    assert refused.returncode != 0
    assert "wendbaar collectstatic" in refused.stderr

    wendbaar("migrate", "--no-input", "--verbosity", "0", env=env)
    wendbaar("collectstatic", "--no-input", "--verbosity", "0", env=env)
    assert (tmp_path / "var" / "static" / "staticfiles.json").is_file()

    server = subprocess.Popen(
        [str(WENDBAAR), "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for_line(server, "Listening at", seconds=90)
        base = f"http://127.0.0.1:{port}"

        status, _, home = get(f"{base}/")
        assert status == 200
        stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', home)
        assert stylesheets, "the home page links no stylesheet"
        # Collected under a hashed name and served by whitenoise, cacheable for ever.
        assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheets[0])
        status, headers, css = get(base + stylesheets[0])
        assert status == 200 and css
        assert "immutable" in headers["Cache-Control"]

        status, _, page = get(f"{base}/bestaat-niet/")
        assert status == 404
        assert "Traceback" not in page and "URLconf" not in page  # not Django's debug page
        assert "<html" in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0

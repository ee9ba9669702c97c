"""Browser tests: the real app, served by a real server process on the demo data.

One server per test session (per xdist worker, though all e2e tests share one group),
started the way `make run` starts it: migrate, load_demo, runserver. The database is a
throw-away SQLite file, or a throw-away PostgreSQL database when DATABASE_URL points to
PostgreSQL, so CI runs the journeys on both.
"""

from __future__ import annotations

import email
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WENDBAAR = Path(sys.executable).with_name("wendbaar")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_database(url: str, name: str, *, create: bool) -> str:
    import psycopg

    parts = urlparse(url)
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


# The var dir of each running server, by its URL (its mail lands in <var dir>/mail).
SERVER_VAR_DIRS: dict[str, Path] = {}


@pytest.fixture(scope="session")
def server_mail_dir(server_url) -> Path:
    """Where the server's file-based e-mail backend writes its messages."""
    return SERVER_VAR_DIRS[server_url] / "mail"


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium).")
    var_dir = tmp_path_factory.mktemp("e2e-var")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="wendbaar.conf.dev",
        # As `make run` serves the demo: DEBUG off, demo logins on.
        DEBUG="false",
        WENDBAAR_VAR_DIR=str(var_dir),
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
        # The journeys post more stories than one visitor may in an hour; the limit
        # itself is tested in stories/tests.
        WENDBAAR_STORY_SUBMISSIONS_PER_WINDOW="1000",
        # A real mail backend: each message a file under var/mail (EMAIL_FILE_PATH), so a
        # journey can follow the link in an invitation (``server_mail_dir``).
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    )
    pg_name = None
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        pg_name = f"wendbaar_e2e_{uuid.uuid4().hex[:8]}"
        env["DATABASE_URL"] = _postgres_database(database_url, pg_name, create=True)
    else:
        env.pop("DATABASE_URL", None)
    log = (var_dir / "server.log").open("w")
    for command in (["migrate", "--no-input", "--verbosity", "0"], ["load_demo"]):
        subprocess.run([str(WENDBAAR), *command], env=env, check=True, stdout=log, stderr=log)
    port = _free_port()
    server = subprocess.Popen(
        [str(WENDBAAR), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    SERVER_VAR_DIRS[url] = var_dir
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"server did not start; see {var_dir / 'server.log'}"
                    ) from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        if pg_name:
            _postgres_database(database_url, pg_name, create=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watch_csp(context, refused: list[str]) -> list[str]:
    """Collect the browser's Content-Security-Policy refusals in this context: a page
    whose script, style or form the policy blocks fails its test (at teardown)."""

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    return refused


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(base_url=server_url, locale="nl-NL")
    refused = watch_csp(context, [])
    page = context.new_page()
    yield page
    context.close()
    assert refused == [], "Content-Security-Policy refused:\n" + "\n".join(refused)


def link_in_mail(mail_dir: Path, address: str, pattern: re.Pattern[str]) -> str:
    """The first group of ``pattern`` in the newest message to ``address`` that has it,
    read from the server's file-based mail backend (one ``.log`` file per run of
    messages, each message separated by a line of dashes)."""
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        for raw in path.read_text().split("-" * 79):
            if not raw.strip():
                continue
            message = email.message_from_string(raw.strip())
            if message["To"] != address:
                continue
            body = message.get_payload(decode=True).decode(message.get_content_charset())
            found = pattern.search(body)
            if found:
                return found.group(1)
    raise AssertionError(f"no message to {address} with {pattern.pattern} in {mail_dir}")


def follow(page, link) -> None:
    """Click a link and wait until the next page has loaded.

    A bare ``click()`` returns before the navigation it starts; checking the page right
    after it can catch the old document being torn down (no ``<head>`` to inject into).
    """
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("load")


def run_axe(page) -> list[dict]:
    """Run axe-core (from npm) on the current page; return serious/critical violations."""
    page.wait_for_load_state("load")
    # Evaluated through the DevTools protocol: an added <script> tag would be inline
    # script, which the Content-Security-Policy (rightly) refuses.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


DEMO_PASSWORD = "wendbaar-demo"  # the demo users' password (README)


def assert_accessible(page) -> None:
    violations = run_axe(page)
    assert violations == [], f"axe-core on {page.url}: {violations}"


def log_in(page, username: str) -> None:
    page.goto("/accounts/inloggen/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Demo users sign in where WENDBAAR_DEMO_LOGINS allows it (conf.dev, as `make run`).
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.fixture
def open_page(browser, server_url) -> Iterator[Callable[..., object]]:
    """A fresh browser context (own cookies) in English, signed in as ``user`` if given."""
    contexts = []
    refused: list[str] = []

    def _open(user: str | None = None, *, viewport: dict | None = None):
        """``viewport``: e.g. a phone's ``{"width": 390, "height": 844}``."""
        options = {"viewport": viewport} if viewport else {}
        context = browser.new_context(base_url=server_url, locale="en-GB", **options)
        context.add_cookies([{"name": "django_language", "value": "en", "url": server_url}])
        contexts.append(context)
        watch_csp(context, refused)
        page = context.new_page()
        if user:
            log_in(page, user)
        return page

    yield _open
    for context in contexts:
        context.close()
    assert refused == [], "Content-Security-Policy refused:\n" + "\n".join(refused)

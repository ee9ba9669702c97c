"""Every response carries the security headers production needs (issue 9, item 8).

The main pages — home, a monitor page, the sign-in page, an API endpoint — are read over
HTTPS with production's HSTS and redirect settings; each header is asserted as a
browser would read it. Personal-data pages and pages for signed-in users are never
stored. The production defaults themselves are checked in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from wendbaar.accounts.tests.factories import PASSWORD, UserFactory, make_area, user_with_role
from wendbaar.stories.tests.factories import ContributorFactory, StoryFactory

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "home": "/",
    "monitor": "/monitor/vergelijk/",
    "sign-in": "/accounts/inloggen/",
    "api": "/api/v1/indicators",
}
PRODUCTION_HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": False,
}


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


@pytest.mark.django_db
@override_settings(**PRODUCTION_HTTPS)
@pytest.mark.parametrize("name", PAGES)
def test_main_pages_carry_every_header(client, name):
    response = client.get(PAGES[name], secure=True)
    assert response.status_code == 200, name

    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval, no CDN
    assert policy["style-src"] == ["'self'"]  # no <style> elements
    assert policy["style-src-attr"] == ["'unsafe-inline'"]  # style="" (map colours) only
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]

    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(**PRODUCTION_HTTPS)
def test_plain_http_is_redirected_to_https(client):
    response = client.get("/accounts/inloggen/")
    assert response.status_code == 301
    assert response.url == "https://testserver/accounts/inloggen/"
    assert "Strict-Transport-Security" not in response  # only ever sent over HTTPS


@pytest.mark.django_db
@override_settings(**PRODUCTION_HTTPS, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_proxy_its_https_header_is_trusted(client):
    response = client.get("/accounts/inloggen/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response
    assert client.get("/accounts/inloggen/").status_code == 301  # the header missing


@pytest.mark.django_db
@override_settings(**PRODUCTION_HTTPS, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_are_https_only_and_signed_in_pages_not_stored(client):
    UserFactory(username="anna")
    page = client.get("/accounts/inloggen/", secure=True)
    assert page.cookies["csrftoken"]["secure"]
    response = client.post(
        "/accounts/inloggen/", {"username": "anna", "password": PASSWORD}, secure=True
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    home = client.get("/", secure=True)
    assert "no-store" in home["Cache-Control"]


@pytest.mark.django_db
def test_a_personal_data_page_is_no_store(client):
    utrecht = make_area("GM0344", "Utrecht")
    buurt = make_area("BU03440343", "Poldergebied Overvecht", make_area("WK034403", "", utrecht))
    person = ContributorFactory()
    StoryFactory(areas=[buurt], contributor=person)
    client.force_login(user_with_role("beheerder", municipality=utrecht))
    for url in (
        reverse("stories:contributor", args=[person.pk]),
        reverse("stories:contributor_export", args=[person.pk]),
        reverse("stories:contributor_erase", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.django_db
def test_public_pages_may_be_cached(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_production_defaults_are_secure(tmp_path):
    """A server started with only the required variables gets the secure values."""
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    keep = {"PATH", "HOME", "LANG"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="wendbaar.conf.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="wendbaar.example.nl",
        WENDBAAR_ENV_FILE=str(empty_env_file),  # read no .env of the checkout
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_CONTENT_TYPE_NOSNIFF', "
        "'X_FRAME_OPTIONS', 'DEBUG')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "DEBUG": False,
    }


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= event handler"),
    (re.compile(r"hx-on", re.I), "hx-on (runs as eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_no_inline_script_or_style_elements():
    """What the policy would block in a browser, found in the templates before it ships."""
    offenders = []
    for template in sorted((ROOT / "src" / "wendbaar").rglob("templates/**/*.html")):
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                if 'type="application/json"' in match.group(0):
                    continue  # json_script: data, not run
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert not offenders, "\n".join(offenders)


def inline_code(html: str) -> list[str]:
    """What the policy refuses in a page: inline script, style elements, handlers."""
    found = []
    for pattern, what in INLINE:
        for match in pattern.finditer(html):
            if 'type="application/json"' not in match.group(0):
                found.append(f"{what}: {html[match.start() : match.start() + 80]!r}")
    return found


@pytest.mark.django_db
def test_every_page_as_rendered_runs_under_the_policy(settings, tmp_path):
    """Every GET route of the URL world (tests/urlworld.py), as the superuser who sees
    everything and as an anonymous visitor: the HTML the server sends (templates, SVG
    maps, widgets, template tags) holds nothing the Content-Security-Policy refuses."""
    from django.test import Client

    from wendbaar.monitor.stored.store import clear_cache

    from .test_url_matrix import filled
    from .urlworld import build_url_world

    settings.MONITOR_ANALYSIS_DIR = tmp_path / "analysis"
    clear_cache()
    world = build_url_world()
    superuser = Client()
    superuser.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    offenders, pages = [], 0
    try:
        for _name, url, _rule, _addresses_a in filled(world):
            for client in (superuser, Client()):
                response = client.get(url)
                if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                    continue
                pages += 1
                assert "Content-Security-Policy" in response, url
                offenders += [f"{url}: {f}" for f in inline_code(response.content.decode())]
    finally:
        clear_cache()
    assert pages > 40  # the walk reached the pages, not only sign-in redirects
    assert not offenders, "\n".join(offenders)

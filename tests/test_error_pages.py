"""The site's own 400/403/404/500 pages, in the site's layout and language, as a visitor
sees them with DEBUG off (the demo and production): never a bare "403 Forbidden" or
Django's debug page (issue #11, item 7)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client, override_settings
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext

from wendbaar.urls import urlpatterns as site_urlpatterns


def _raise(exception: Exception):
    def view(request):
        raise exception

    return view


urlpatterns = [
    path("kapot/400/", _raise(SuspiciousOperation("bad"))),
    path("kapot/403/", _raise(PermissionDenied())),
    path("kapot/404/", _raise(Http404())),
    path("kapot/500/", _raise(RuntimeError("boom"))),
    *site_urlpatterns,
]

PAGES = [
    (400, "Bad request"),
    (403, "No access"),
    (404, "Page not found"),
    (500, "Something went wrong"),
]


@pytest.fixture
def visitor():
    # A 500 is answered, not raised into the test.
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="nl")


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("status", "heading"), PAGES)
def test_each_error_page_is_the_sites_own_in_dutch(visitor, status, heading):
    response = visitor.get(f"/kapot/{status}/")
    assert response.status_code == status
    html = response.content.decode()
    with translation.override("nl"):
        expected = gettext(heading)
    assert f'<h1 class="utrecht-heading-1">{expected}</h1>' in html
    assert '<html lang="nl"' in html
    # The site's layout: its style sheets, skip link, header and footer.
    assert "ui/wendbaar.css" in html and 'class="site-header"' in html
    assert 'id="main"' in html and 'class="site-footer"' in html
    for leak in ("Forbidden", "Server Error", "Traceback", "Not Found</h1>"):
        assert leak not in html


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_address_gets_the_404_page_with_the_menu(visitor):
    response = visitor.get("/gebied/XX9999/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header__nav"' in html  # base.html: the request context is there


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_form_without_its_csrf_token_gets_a_dutch_page():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="nl")
    response = client.post("/accounts/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    with translation.override("nl"):
        expected = gettext("The form has expired")
    assert expected in html and "CSRF verification failed" not in html


def test_500_and_400_need_no_request():
    """Django renders them without a request (handler500, handler400): they must render
    from a bare context, in case what failed was the session or the database."""
    from django.template.loader import render_to_string

    for name in ("500.html", "400.html", "403_csrf.html"):
        html = render_to_string(name)
        assert 'class="site-header"' in html and "{%" not in html

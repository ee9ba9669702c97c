"""Every view declares who may use it (``wendbaar.accounts.access``).

Walks the whole URL configuration. A view without ``@public``, ``@signed_in`` or
``@permission(...)`` fails the build, so nobody ships a page that forgot its check.
Third-party views guard themselves; each one we accept is listed below with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from wendbaar.accounts.access import access_rule

# URL namespaces whose views are safe without our marker.
ALLOWED_NAMESPACES = {
    # Django admin: every view goes through AdminSite.admin_view (active staff only, and
    # model permissions per page); the admin's own login/logout are meant to be public.
    "admin": "guarded by AdminSite.admin_view (is_staff + model permissions)",
}

# Views (dotted path of the function or of the class behind as_view()) safe without it.
ALLOWED_VIEWS = {
    # Switches the interface language (POST, CSRF-protected); reads and shows no data.
    "django.views.i18n.set_language": "language switch, no data",
    # OpenID Connect sign-in flow (USE_OIDC): redirect to the provider, callback checked
    # with state and nonce, logout of the own session. They must work without a session.
    "mozilla_django_oidc.views.OIDCAuthenticationRequestView": "OIDC sign-in start",
    "mozilla_django_oidc.views.OIDCAuthenticationCallbackView": "OIDC sign-in callback",
    "mozilla_django_oidc.views.OIDCLogoutView": "OIDC sign-out",
    # OpenAPI document: describes the API's shape, no data; access is governed by DRF
    # (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]).
    "drf_spectacular.views.SpectacularAPIView": "API schema, no data",
    "drf_spectacular.views.SpectacularSwaggerView": "API docs page, no data",
    "drf_spectacular.views.SpectacularRedocView": "API docs page, no data",
}


def _dotted(view) -> str:
    target = getattr(view, "view_class", None) or getattr(view, "cls", None) or view
    return f"{target.__module__}.{target.__qualname__}"


def iter_patterns(
    patterns=None, prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple[str, ...], URLPattern]]:
    """(route, namespaces, pattern) for every URL pattern, recursing into includes."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from iter_patterns(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern):
            yield route, namespaces, entry


def undeclared_views(patterns=None) -> list[str]:
    offenders = []
    for route, namespaces, pattern in iter_patterns(patterns):
        if access_rule(pattern.callback):
            continue
        if ALLOWED_NAMESPACES.keys() & set(namespaces):
            continue
        dotted = _dotted(pattern.callback)
        if dotted in ALLOWED_VIEWS:
            continue
        offenders.append(f"/{route}  (name={pattern.name!r}, view={dotted})")
    return offenders


def test_every_view_declares_its_access():
    offenders = undeclared_views()
    assert not offenders, (
        "These URL patterns have a view without @public, @signed_in or @permission(...) "
        "from wendbaar.accounts.access:\n  " + "\n  ".join(offenders)
    )


def test_an_undeclared_view_is_reported():
    from django.urls import include, path
    from django.views import View

    from wendbaar.accounts.access import public

    class Page(View):
        pass

    def plain(request):
        return None

    @public
    def declared(request):
        return None

    nested = ([path("b/<int:pk>/", Page.as_view(), name="nested")], "inner")
    patterns = [
        path("ok/", declared),
        path("bad/", plain, name="bad"),
        path("a/", include(nested)),
    ]
    offenders = undeclared_views(patterns)
    assert len(offenders) == 2
    assert offenders[0].startswith("/bad/  (name='bad'")
    assert offenders[1].startswith("/a/b/<int:pk>/  (name='nested'")


def test_oidc_views_are_covered_when_oidc_is_on():
    """With USE_OIDC the OIDC URLs join the configuration; the allowlist covers them."""
    from django.urls import include, path

    urlconf = type(
        "OIDCUrls",
        (),
        {"urlpatterns": [path("oidc/", include("mozilla_django_oidc.urls"))]},
    )
    patterns = [p for _r, _n, p in iter_patterns(get_resolver(urlconf).url_patterns)]
    assert patterns
    assert all(_dotted(p.callback) in ALLOWED_VIEWS for p in patterns)


@pytest.mark.parametrize("dotted", sorted(ALLOWED_VIEWS))
def test_allowlist_names_real_views(dotted):
    """Keeps the allowlist honest: a renamed view must be looked at again."""
    module, _, name = dotted.rpartition(".")
    assert hasattr(import_module(module), name), dotted


def test_access_rule_reads_function_and_class_views():
    from django.views import View

    from wendbaar.accounts.access import permission, public, signed_in

    class Page(View):
        pass

    assert access_rule(public(Page.as_view())) == "public"
    assert access_rule(signed_in(Page.as_view())) == "signed_in"
    assert access_rule(permission("accounts.view_restricted")(Page.as_view())) == (
        "permission:accounts.view_restricted"
    )
    assert access_rule(Page.as_view()) is None

    class Marked(View):
        wendbaar_access = "public"

    assert access_rule(Marked.as_view()) == "public"

    def drf_like(request):
        return None

    drf_like.cls = Marked  # DRF's as_view() exposes the class as .cls
    assert access_rule(drf_like) == "public"

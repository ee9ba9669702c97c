from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("wendbaar.pages.urls")),
    path("accounts/", include("wendbaar.accounts.urls")),
    path("monitor/", include("wendbaar.monitor.urls")),
    path("verhalen/", include("wendbaar.stories.urls")),
    path("initiatieven/", include("wendbaar.initiatives.urls")),
    path("voorstellen/", include("wendbaar.proposals.urls")),
    path("rapportages/", include("wendbaar.reports.urls")),
    path("werkplaats/", include("wendbaar.workshops.urls")),
    # The register's pages kept the address they had under the coalition.
    path("coalitie/organisaties/", include("wendbaar.organisations.urls")),
    path("coalitie/", include("wendbaar.coalition.urls")),
    path("wijkaanpak/", include("wendbaar.approaches.urls")),
    path("wijkaanpak/", include("wendbaar.agenda.urls")),
    path("api/v1/", include("wendbaar.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

if settings.USE_OIDC:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

"""/api/v1: each app contributes its own api/urls.py."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from wendbaar.accounts.access import public

app_name = "api"
urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("", include("wendbaar.areas.api.urls")),
    path("", include("wendbaar.monitor.api.urls")),
    path("", include("wendbaar.stories.api.urls")),
    path("", include("wendbaar.programme.api.urls")),
]

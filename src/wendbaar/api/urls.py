"""/api/v1: each app contributes its own api/urls.py.

The areas app sits below accounts (whose markers declare access), so its one endpoint is
declared here: CBS geography is open data.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from wendbaar.accounts.access import public
from wendbaar.areas.api.views import AreaDetail

app_name = "api"
urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("areas/<str:code>", public(AreaDetail.as_view()), name="area-detail"),
    path("", include("wendbaar.monitor.api.urls")),
    path("", include("wendbaar.stories.api.urls")),
    path("", include("wendbaar.agenda.api.urls")),
    path("", include("wendbaar.proposals.api.urls")),
    path("", include("wendbaar.reports.api.urls")),
    path("", include("wendbaar.initiatives.api.urls")),
]

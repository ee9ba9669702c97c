"""The project's URLs plus the stories API under /api/v1/ (until wendbaar.api.urls
includes it, the tests mount it themselves)."""

from django.urls import include, path

from wendbaar.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/v1/", include("wendbaar.stories.api.urls")),
    *project_urlpatterns,
]

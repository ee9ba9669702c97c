"""Relative to /api/v1/: include with ``path("", include("wendbaar.programme.api.urls"))``."""

from django.urls import path

from wendbaar.accounts.access import public

from . import views

urlpatterns = [
    path("wijkaanpakken", public(views.ApproachList.as_view()), name="approach-list"),
    path(
        "wijkaanpakken/<int:pk>",
        public(views.ApproachDetail.as_view()),
        name="approach-detail",
    ),
]

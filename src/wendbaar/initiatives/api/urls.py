"""Relative to /api/v1/: include with ``path("", include("wendbaar.initiatives.api.urls"))``.

The staff views declare their access on the class (see the end of ``views.py``); the
initiators' status link is public (the token is the key).
"""

from django.urls import path

from wendbaar.accounts.access import public

from . import views

urlpatterns = [
    path("initiatives", views.InitiativeList.as_view(), name="initiative-list"),
    path(
        "initiatives/status/<str:token>",
        public(views.InitiativeStatusLink.as_view()),
        name="initiative-status-link",
    ),
    path("initiatives/<int:pk>", views.InitiativeDetail.as_view(), name="initiative-detail"),
    path(
        "initiatives/<int:pk>/status",
        views.InitiativeStatusCreate.as_view(),
        name="initiative-status",
    ),
    path(
        "initiatives/<int:pk>/messages",
        views.InitiativeMessageCreate.as_view(),
        name="initiative-messages",
    ),
]

from django.urls import path

from . import views

app_name = "coalition"
urlpatterns = [
    path("wijkaanpak/<int:pk>/", views.approach_coalition, name="approach"),
    path("wijkaanpak/<int:pk>/deelnemen/", views.membership_create, name="membership_create"),
    path(
        "wijkaanpak/<int:pk>/lidmaatschap/<int:membership>/vertrekken/",
        views.membership_leave,
        name="membership_leave",
    ),
    path(
        "wijkaanpak/<int:pk>/lidmaatschap/<int:membership>/rol/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "wijkaanpak/<int:pk>/toezeggingen/nieuw/", views.commitment_create, name="commitment_create"
    ),
    path(
        "wijkaanpak/<int:pk>/toezeggingen/<int:commitment>/",
        views.commitment_edit,
        name="commitment_edit",
    ),
    path(
        "wijkaanpak/<int:pk>/toezeggingen/<int:commitment>/intrekken/",
        views.commitment_withdraw,
        name="commitment_withdraw",
    ),
]

from django.urls import path

from . import audit_views, views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.password_reset_done, name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("wachtwoord-wijzigen/", views.password_change, name="password_change"),
    path("wachtwoord-wijzigen/klaar/", views.password_change_done, name="password_change_done"),
    path("auditlog/", audit_views.audit_log, name="audit_log"),
    path("bevestigen/", views.reauthenticate, name="reauthenticate"),
]

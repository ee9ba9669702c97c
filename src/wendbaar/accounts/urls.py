from django.urls import path

from . import audit_views, user_views, views

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
    # The beheerder's user management, and the invitee's link to choose a password.
    path("gebruikers/", user_views.user_list, name="users"),
    path("gebruikers/uitnodigen/", user_views.user_invite, name="user_invite"),
    path("gebruikers/<int:user>/", user_views.user_detail, name="user_detail"),
    path("gebruikers/<int:user>/rol-intrekken/", user_views.role_revoke, name="role_revoke"),
    path("gebruikers/<int:user>/deactiveren/", user_views.user_deactivate, name="user_deactivate"),
    path("gebruikers/<int:user>/activeren/", user_views.user_reactivate, name="user_reactivate"),
    path(
        "gebruikers/<int:user>/uitnodiging/", user_views.invitation_resend, name="invitation_resend"
    ),
    path("welkom/<uidb64>/<token>/", user_views.set_password, name="set_password"),
]

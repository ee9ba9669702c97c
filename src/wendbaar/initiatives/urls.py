from django.urls import path

from . import dashboard_views, koppelkansen_views, public_views, staff_views

app_name = "initiatives"
urlpatterns = [
    # Public: no account. The status link's token is the only key to an initiative.
    path("gemeente/<str:code>/idee/", public_views.submit, name="submit"),
    path("gemeente/<str:code>/idee/verstuurd/", public_views.submit_thanks, name="submit_thanks"),
    path("volg/<str:token>/", public_views.status, name="status"),
    path("volg/<str:token>/antwoord/", public_views.reply, name="reply"),
    # Staff.
    path("mijn/", staff_views.my_list, name="mine"),
    path("gemeente/<str:code>/", staff_views.initiative_list, name="list"),
    path("gemeente/<str:code>/nieuw/", staff_views.initiative_create, name="create"),
    path("<int:pk>/", staff_views.initiative_detail, name="detail"),
    path("<int:pk>/contactgegevens/", staff_views.contact, name="contact"),
    path("<int:pk>/contactpersoon/", staff_views.assign_owner, name="assign"),
    path("<int:pk>/bericht/", staff_views.message, name="message"),
    path("<int:pk>/status/", staff_views.change_status, name="change_status"),
    path("<int:pk>/overdragen/", staff_views.handover, name="handover"),
    path("overdracht/<int:pk>/", staff_views.handover_answer, name="handover_answer"),
    path("<int:pk>/steun/", staff_views.support, name="support"),
    path("<int:pk>/regelknelpunt/", staff_views.rule_conflict, name="rule_conflict"),
    path("<int:pk>/notitie/", staff_views.note, name="note"),
    path(
        "regelknelpunt/<int:pk>/opgelost/",
        staff_views.rule_conflict_resolve,
        name="rule_conflict_resolve",
    ),
    path("<int:pk>/koppelkansen/", koppelkansen_views.koppelkansen, name="koppelkansen"),
    # "Always an answer", measured; the log of rule conflicts per department.
    path("gemeente/<str:code>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("gemeente/<str:code>/dashboard.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path(
        "gemeente/<str:code>/regelknelpunten/",
        dashboard_views.rule_conflicts,
        name="rule_conflicts",
    ),
]

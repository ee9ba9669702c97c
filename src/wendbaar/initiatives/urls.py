from django.urls import path

from . import (
    consent_views,
    dashboard_views,
    koppelkansen_views,
    point_views,
    proposal_views,
    public_views,
    staff_views,
)

app_name = "initiatives"
urlpatterns = [
    # Public: no account. The status link's token is the only key to an initiative.
    path("gemeente/<str:code>/idee/", public_views.submit, name="submit"),
    path("gemeente/<str:code>/idee/verstuurd/", public_views.submit_thanks, name="submit_thanks"),
    # The intake's map of one area, to place a point on (htmx).
    path("gemeente/<str:code>/kaart/", point_views.point_picker, name="point_picker"),
    path("volg/<str:token>/", public_views.status, name="status"),
    path("volg/<str:token>/antwoord/", public_views.reply, name="reply"),
    path("volg/<str:token>/instemming/", public_views.consent_answer, name="consent_answer"),
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
    # Only with the initiators' consent: a new aim, or a merge into a municipal project.
    path("<int:pk>/instemming/", consent_views.consent, name="consent"),
    path("instemming/<int:pk>/vastleggen/", consent_views.record, name="consent_record"),
    path("instemming/<int:pk>/intrekken/", consent_views.withdraw, name="consent_withdraw"),
    path("<int:pk>/koppelkansen/", koppelkansen_views.koppelkansen, name="koppelkansen"),
    path("<int:pk>/projectvoorstel/", proposal_views.propose, name="propose"),
    # "Always an answer", measured; the log of rule conflicts per department.
    path("gemeente/<str:code>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("gemeente/<str:code>/dashboard.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path(
        "gemeente/<str:code>/regelknelpunten/",
        dashboard_views.rule_conflicts,
        name="rule_conflicts",
    ),
]

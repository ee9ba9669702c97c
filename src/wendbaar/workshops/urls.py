from django.urls import path

from . import agenda_views, participant_views, screen_views, staff_views

app_name = "workshops"
W = "<int:pk>/"
urlpatterns = [
    # The facilitator's side (staff of the gemeente).
    path("", staff_views.workshop_list, name="list"),
    path("nieuw/", staff_views.workshop_create, name="create"),
    path(W, staff_views.workshop_detail, name="detail"),
    path(W + "bewerken/", staff_views.workshop_edit, name="edit"),
    path(W + "status/", staff_views.workshop_move, name="move"),
    path(
        W + "deelnemer/<int:participant>/verwijderen/",
        staff_views.participant_remove,
        name="participant_remove",
    ),
    # The shared screen for the projector, its live results (htmx polling), the choice of
    # the exercise on screen.
    path(W + "scherm/", screen_views.screen, name="screen"),
    path(W + "scherm/<str:exercise>/", screen_views.results, name="results"),
    path(W + "toon/", screen_views.show, name="show"),
    # The lokale werkagenda and the exports.
    path(W + "werkagenda/", agenda_views.agenda_edit, name="agenda"),
    path(W + "werkagenda/actie/", agenda_views.action_add, name="action_add"),
    path(W + "werkagenda/actie/<int:action>/", agenda_views.action_edit, name="action_edit"),
    path(
        W + "werkagenda/actie/<int:action>/verwijderen/",
        agenda_views.action_remove,
        name="action_remove",
    ),
    path(
        W + "werkagenda/actie/<int:action>/naar-wijkaanpak/",
        agenda_views.action_push,
        name="action_push",
    ),
    path(W + "werkagenda/afdruk/", agenda_views.agenda_print, name="agenda_print"),
    path(W + "werkagenda.pdf", agenda_views.agenda_pdf, name="agenda_pdf"),
    path(W + "antwoorden.csv", agenda_views.answers_csv, name="answers_csv"),
    # Participants: no account, a code and a first name.
    path("meedoen/", participant_views.join, name="join"),
    path("meedoen/<str:code>/", participant_views.take, name="take"),
    path("meedoen/<str:code>/<str:exercise>/", participant_views.answer, name="answer"),
]

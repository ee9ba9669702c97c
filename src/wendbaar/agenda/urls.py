from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("<int:pk>/", views.approach_detail, name="approach"),
    path("<int:pk>/doelen/nieuw/", views.goal_create, name="goal_create"),
    path(
        "<int:pk>/doelen/<int:goal>/indicatoren/nieuw/",
        views.indicator_create,
        name="indicator_create",
    ),
    path(
        "<int:pk>/indicatoren/<int:indicator>/meting/",
        views.measurement_create,
        name="measurement_create",
    ),
    path("<int:pk>/projecten/nieuw/", views.project_create, name="project_create"),
    path("<int:pk>/projecten/<int:project>/", views.project_detail, name="project"),
    path("<int:pk>/projecten/<int:project>/bewerken/", views.project_edit, name="project_edit"),
    path("<int:pk>/projecten/<int:project>/status/", views.project_status, name="project_status"),
    path(
        "<int:pk>/projecten/<int:project>/voortgang/",
        views.progress_create,
        name="progress_create",
    ),
    path(
        "<int:pk>/projecten/<int:project>/financiering/",
        views.funding_create,
        name="funding_create",
    ),
    path("<int:pk>/geld/", views.money, name="money"),
    path("<int:pk>/geld/nieuw/", views.money_flow_create, name="money_flow_create"),
]

# Corrections and withdrawals of money: funding lines and money flows.
urlpatterns += [
    path(
        "<int:pk>/projecten/<int:project>/financiering/<int:funding>/corrigeren/",
        views.funding_edit,
        name="funding_edit",
    ),
    path(
        "<int:pk>/projecten/<int:project>/financiering/<int:funding>/intrekken/",
        views.funding_withdraw,
        name="funding_withdraw",
    ),
    path(
        "<int:pk>/projecten/<int:project>/financiering/<int:funding>/status/",
        views.funding_status,
        name="funding_status",
    ),
    path("<int:pk>/geld/<int:flow>/corrigeren/", views.money_flow_edit, name="money_flow_edit"),
    path(
        "<int:pk>/geld/<int:flow>/intrekken/", views.money_flow_withdraw, name="money_flow_withdraw"
    ),
]

# Corrections and removals of the agenda and the programme.
urlpatterns += [
    path("<int:pk>/doelen/<int:goal>/bewerken/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/doelen/<int:goal>/verwijderen/", views.goal_remove, name="goal_remove"),
    path("<int:pk>/indicatoren/<int:indicator>/", views.indicator_detail, name="indicator"),
    path(
        "<int:pk>/indicatoren/<int:indicator>/bewerken/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "<int:pk>/indicatoren/<int:indicator>/verwijderen/",
        views.indicator_remove,
        name="indicator_remove",
    ),
    path(
        "<int:pk>/metingen/<int:measurement>/corrigeren/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        "<int:pk>/metingen/<int:measurement>/intrekken/",
        views.measurement_withdraw,
        name="measurement_withdraw",
    ),
    path("<int:pk>/programmalijnen/nieuw/", views.line_create, name="line_create"),
    path("<int:pk>/programmalijnen/<int:line>/bewerken/", views.line_edit, name="line_edit"),
    path(
        "<int:pk>/programmalijnen/<int:line>/verwijderen/",
        views.line_remove,
        name="line_remove",
    ),
    path(
        "<int:pk>/projecten/<int:project>/mijlpalen/nieuw/",
        views.milestone_create,
        name="milestone_create",
    ),
    path(
        "<int:pk>/projecten/<int:project>/mijlpalen/<int:milestone>/bewerken/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "<int:pk>/projecten/<int:project>/mijlpalen/<int:milestone>/gereed/",
        views.milestone_done,
        name="milestone_done",
    ),
    path(
        "<int:pk>/projecten/<int:project>/mijlpalen/<int:milestone>/verwijderen/",
        views.milestone_remove,
        name="milestone_remove",
    ),
    path(
        "<int:pk>/projecten/<int:project>/voortgang/<int:update>/corrigeren/",
        views.progress_edit,
        name="progress_edit",
    ),
    path(
        "<int:pk>/projecten/<int:project>/voortgang/<int:update>/intrekken/",
        views.progress_withdraw,
        name="progress_withdraw",
    ),
]

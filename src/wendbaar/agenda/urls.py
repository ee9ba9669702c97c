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

from django.urls import path

from . import views

app_name = "monitor"
urlpatterns = [
    path("indicator/<slug:code>/", views.indicator_detail, name="indicator"),
    path("vergelijk/", views.compare, name="compare"),
    path("gebied/<str:code>/referentiegroep/", views.reference, name="reference"),
    path("gebied/<str:code>/export.<str:fmt>", views.profile_export, name="profile_export"),
    path("<str:code>/", views.overview, name="overview"),
    path("<str:code>/export.<str:fmt>", views.overview_export, name="overview_export"),
]

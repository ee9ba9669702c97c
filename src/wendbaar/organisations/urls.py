from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nieuw/", views.organisation_create, name="create"),
    path("<int:organisation>/bewerken/", views.organisation_edit, name="edit"),
    path("<int:organisation>/verwijderen/", views.organisation_remove, name="remove"),
]

from django.urls import path

from . import views

# Under /wijkaanpak/ beside the agenda's pages (the wijkaanpak's page is the agenda's).
app_name = "approaches"
urlpatterns = [
    path("", views.approach_list, name="list"),
    path("nieuw/", views.approach_create, name="create"),
    path("<int:pk>/bewerken/", views.approach_edit, name="edit"),
    path("<int:pk>/checklist/<int:item>/", views.checklist_item_update, name="checklist_item"),
    path("<int:pk>/visie/", views.vision_edit, name="vision"),
]

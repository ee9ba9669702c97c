from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("toetsingskader/<str:code>/", views.framework, name="framework"),
    path("toetsingskader/<str:code>/eigen/", views.framework_copy, name="framework_copy"),
    path("toetsingskader/<str:code>/bewerken/", views.framework_edit, name="framework_edit"),
]

from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("gebied/<str:code>/", views.area_detail, name="area"),
]

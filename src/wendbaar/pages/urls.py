from django.urls import path

from . import alias_views, views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("gebied/<str:code>/", views.area_detail, name="area"),
    # A gemeente's other names for its areas (search aliases).
    path("gebied/<str:code>/namen/", alias_views.aliases, name="aliases"),
    path(
        "gebied/<str:code>/namen/<int:pk>/verwijderen/",
        alias_views.alias_remove,
        name="alias_remove",
    ),
]

from django.urls import path

from . import alias_views, views, work_views

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
    path("mijn-werk/", work_views.my_work_page, name="my_work"),
    # The main menu's Monitor and Verhalen: a gemeente to start from (the apps' own
    # pages are per gemeente, under these same prefixes).
    path("monitor/", work_views.monitor_start, name="monitor_start"),
    path("verhalen/", work_views.stories_start, name="stories_start"),
]

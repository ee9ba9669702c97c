"""Included by ``wendbaar.api.urls`` under /api/v1/."""

from django.urls import path

from wendbaar.accounts.access import public

from . import views

urlpatterns = [
    path("areas/<str:code>/stories", public(views.AreaStories.as_view()), name="area-stories"),
    path("areas/<str:code>/signals", views.AreaSignals.as_view(), name="area-signals"),
]

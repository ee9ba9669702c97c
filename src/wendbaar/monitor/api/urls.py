"""Included by ``wendbaar.api.urls`` under /api/v1/."""

from django.urls import path

from wendbaar.accounts.access import public

from . import views

urlpatterns = [
    path(
        "areas/<str:code>/observations",
        public(views.AreaObservations.as_view()),
        name="area-observations",
    ),
    path(
        "areas/<str:code>/ranking",
        public(views.AreaRanking.as_view()),
        name="area-ranking",
    ),
    path("indicators", public(views.IndicatorList.as_view()), name="indicators"),
]

from django.urls import path

from wendbaar.accounts.access import public

from . import views

urlpatterns = [
    path("areas/<str:code>", public(views.AreaDetail.as_view()), name="area-detail"),
]

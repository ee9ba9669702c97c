"""Relative to /api/v1/: include with ``path("", include("wendbaar.agenda.api.urls"))``.

The write views declare their access on the class (see the end of ``views.py``).
"""

from django.urls import path

from wendbaar.accounts.access import public

from . import views

urlpatterns = [
    path("wijkaanpakken", public(views.ApproachList.as_view()), name="approach-list"),
    path(
        "wijkaanpakken/<int:pk>",
        public(views.ApproachDetail.as_view()),
        name="approach-detail",
    ),
    path(
        "wijkaanpakken/<int:pk>/projects/<int:project_id>/progress",
        views.ProjectProgressCreate.as_view(),
        name="project-progress",
    ),
    path(
        "wijkaanpakken/<int:pk>/projects/<int:project_id>/status",
        views.ProjectStatusCreate.as_view(),
        name="project-status",
    ),
    path(
        "wijkaanpakken/<int:pk>/goals/<int:goal_id>/indicators/<int:indicator_id>/measurements",
        views.IndicatorMeasurementCreate.as_view(),
        name="indicator-measurement",
    ),
]

# Corrections: a progress report or a measurement corrected (PATCH) or withdrawn.
urlpatterns += [
    path(
        "wijkaanpakken/<int:pk>/projects/<int:project_id>/progress/<int:update_id>",
        views.ProgressUpdateCorrect.as_view(),
        name="project-progress-correct",
    ),
    path(
        "wijkaanpakken/<int:pk>/projects/<int:project_id>/progress/<int:update_id>/withdraw",
        views.ProgressUpdateWithdraw.as_view(),
        name="project-progress-withdraw",
    ),
    path(
        "wijkaanpakken/<int:pk>/goals/<int:goal_id>/indicators/<int:indicator_id>"
        "/measurements/<int:measurement_id>",
        views.IndicatorMeasurementCorrect.as_view(),
        name="indicator-measurement-correct",
    ),
    path(
        "wijkaanpakken/<int:pk>/goals/<int:goal_id>/indicators/<int:indicator_id>"
        "/measurements/<int:measurement_id>/withdraw",
        views.IndicatorMeasurementWithdraw.as_view(),
        name="indicator-measurement-withdraw",
    ),
]

"""Relative to /api/v1/: include with ``path("", include("wendbaar.reports.api.urls"))``.

Public like the report pages: the views decide per report (``get_report_for_user``).
"""

from django.urls import path

from wendbaar.accounts.access import public

from . import views

urlpatterns = [
    path("wijkaanpakken/<int:pk>/reports", public(views.ReportList.as_view()), name="report-list"),
    path(
        "wijkaanpakken/<int:pk>/reports/<int:report_id>",
        public(views.ReportDetail.as_view()),
        name="report-detail",
    ),
]

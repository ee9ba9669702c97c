"""Relative to /api/v1/: include with ``path("", include("wendbaar.proposals.api.urls"))``."""

from django.urls import path

from . import views

P = "wijkaanpakken/<int:pk>/proposals/<int:proposal_id>"
urlpatterns = [
    path("wijkaanpakken/<int:pk>/proposals", views.ProposalList.as_view(), name="proposal-list"),
    path(P, views.ProposalDetail.as_view(), name="proposal-detail"),
    path(P + "/submit", views.ProposalSubmit.as_view(), name="proposal-submit"),
    path(P + "/scores", views.ProposalScores.as_view(), name="proposal-scores"),
    path(P + "/decision", views.ProposalDecision.as_view(), name="proposal-decision"),
]

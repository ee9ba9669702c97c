from django.urls import path

from . import assessment_views, portfolio_views, proposal_views, views

app_name = "proposals"
P = "wijkaanpak/<int:pk>/<int:proposal>/"
urlpatterns = [
    path("toetsingskader/<str:code>/", views.framework, name="framework"),
    path("toetsingskader/<str:code>/eigen/", views.framework_copy, name="framework_copy"),
    path("toetsingskader/<str:code>/bewerken/", views.framework_edit, name="framework_edit"),
    # The submitter's side.
    path("wijkaanpak/<int:pk>/", proposal_views.proposal_list, name="list"),
    path("wijkaanpak/<int:pk>/nieuw/", proposal_views.proposal_create, name="create"),
    path("wijkaanpak/<int:pk>/portfolio/", portfolio_views.portfolio, name="portfolio"),
    path(
        "wijkaanpak/<int:pk>/portfolio.<str:fmt>",
        portfolio_views.portfolio_export,
        name="portfolio_export",
    ),
    path(P, proposal_views.proposal_detail, name="detail"),
    path(P + "bewerken/", proposal_views.proposal_edit, name="edit"),
    path(P + "indienen/", proposal_views.proposal_submit, name="submit"),
    path(P + "intrekken/", proposal_views.proposal_withdraw, name="withdraw"),
    # The bureau and the assessors.
    path(P + "advies/", assessment_views.advice, name="advice"),
    path(P + "beoordelaars/", assessment_views.assessor_add, name="assessor_add"),
    path(
        P + "beoordelaars/<int:assessor>/weg/",
        assessment_views.assessor_remove,
        name="assessor_remove",
    ),
    path(P + "naar-beoordeling/", assessment_views.assessment_start, name="assessment_start"),
    path(P + "beoordelen/", assessment_views.score, name="score"),
    path(P + "besluit/", assessment_views.decide, name="decide"),
]

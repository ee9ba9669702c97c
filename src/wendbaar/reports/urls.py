from django.urls import path

from . import bundle_views, compose_views, pdf_views, report_views

app_name = "reports"
R = "wijkaanpak/<int:pk>/<int:report>/"
urlpatterns = [
    path("wijkaanpak/<int:pk>/", report_views.report_list, name="list"),
    path("wijkaanpak/<int:pk>/nieuw/", compose_views.report_create, name="create"),
    # The report itself: the web page (readers, public when adopted and published).
    path(R, report_views.report_detail, name="detail"),
    path(R + "open-data.zip", bundle_views.report_bundle, name="bundle"),
    path(R + "rapport.pdf", pdf_views.report_pdf, name="pdf"),
    path(R + "reactie/", report_views.report_comment, name="comment"),
    # The writers' side.
    path(R + "samenstellen/", compose_views.report_compose, name="compose"),
    path(R + "hoofdstuk/<int:chapter>/", compose_views.chapter_edit, name="chapter"),
    path(R + "opening/", compose_views.opening_edit, name="opening"),
    path(R + "status/", compose_views.report_move, name="move"),
    path(R + "correctie/", compose_views.report_correct, name="correct"),
]

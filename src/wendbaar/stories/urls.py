from django.urls import path

from . import views

app_name = "stories"
urlpatterns = [
    # Public (no account needed); what is shown is decided by the story policy.
    path("gemeente/<str:code>/", views.story_list, name="list"),
    path("gemeente/<str:code>/vertel/", views.story_submit, name="submit"),
    path("gemeente/<str:code>/vertel/bedankt/", views.story_submit_thanks, name="submit_thanks"),
    path("<int:pk>/", views.story_detail, name="detail"),
    path("<int:pk>/foto/", views.story_photo, name="photo"),
    # Staff.
    path("gemeente/<str:code>/nieuw/", views.story_create, name="create"),
    path("gemeente/<str:code>/moderatie/", views.moderation_queue, name="moderation"),
    path("<int:pk>/modereren/", views.story_moderate, name="moderate"),
    path("<int:pk>/bewerken/", views.story_edit, name="edit"),
    path("<int:pk>/intrekken/", views.story_withdraw, name="withdraw"),
    path("gemeente/<str:code>/signalen/nieuw/", views.signal_create, name="signal_create"),
    path("gebied/<str:code>/signalen/", views.signal_timeline, name="signal_timeline"),
    path("gebied/<str:code>/signalen/ingetrokken/", views.signal_history, name="signal_history"),
    path("signalen/<int:signal>/bewerken/", views.signal_edit, name="signal_edit"),
    path("signalen/<int:signal>/intrekken/", views.signal_withdraw, name="signal_withdraw"),
    path("persoonsgegevens/", views.contributor_search, name="contributor_search"),
    path("persoonsgegevens/<int:pk>/", views.contributor_detail, name="contributor"),
    path("persoonsgegevens/<int:pk>/export/", views.contributor_export, name="contributor_export"),
    path("persoonsgegevens/<int:pk>/wissen/", views.contributor_erase, name="contributor_erase"),
]

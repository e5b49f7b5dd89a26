from django.urls import path

from helhet.people import emergency_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("ny/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/endre/", views.person_edit, name="edit"),
    path("<int:person_id>/fodselsnummer/", views.person_national_id, name="national_id"),
    path("<int:person_id>/parorende/ny/", views.relative_create, name="relative_create"),
    path("<int:person_id>/parorende/<int:relative_id>/endre/", views.relative_edit, name="relative_edit"),
    path(
        "<int:person_id>/parorende/<int:relative_id>/avslutt/",
        views.relative_representation_end,
        name="relative_end",
    ),
    path("<int:person_id>/foreldreinnsyn/", views.parent_limit_create, name="parent_limit_create"),
    path(
        "<int:person_id>/foreldreinnsyn/<int:limit_id>/opphev/",
        views.parent_limit_withdraw,
        name="parent_limit_withdraw",
    ),
    path("<int:person_id>/tilgangslogg/", views.person_access_log, name="access_log"),
    path("<int:person_id>/nodtilgang/", emergency_views.emergency_open, name="emergency_open"),
    path("nodtilgang/", emergency_views.emergency_find, name="emergency_find"),
    path("nodtilganger/", emergency_views.emergency_review_list, name="emergency_reviews"),
    path(
        "nodtilganger/<int:emergency_id>/gjennomgang/",
        emergency_views.emergency_review,
        name="emergency_review",
    ),
]

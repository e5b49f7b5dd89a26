from django.urls import path

from helhet.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("ny/", views.inquiry_create, name="inquiry_create"),
    path("ruting/", views.routing, name="routing"),
    path("<int:inquiry_id>/", views.inquiry_detail, name="inquiry"),
    path("<int:inquiry_id>/<str:action>/", views.inquiry_action, name="inquiry_action"),
]

from django.urls import path

from helhet.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.services_default, name="services_default"),
    path("<str:number>/", views.services, name="services"),
]

from django.urls import path

from helhet.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.services_default, name="services_default"),
    path("personvern/", views.privacy_default, name="privacy_default"),
    path("tilgjengelighet/", views.accessibility_default, name="accessibility_default"),
    path("kommuneprofil/", views.profile_edit, name="profile"),
    path("<str:number>/", views.services, name="services"),
    path("<str:number>/personvern/", views.privacy, name="privacy"),
    path("<str:number>/tilgjengelighet/", views.accessibility, name="accessibility"),
    path("<str:number>/kommunevapen/", views.crest, name="crest"),
]

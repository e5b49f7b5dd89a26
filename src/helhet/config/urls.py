from django.contrib.auth import views as auth_views
from django.urls import include, path

from helhet.api.api import api
from helhet.config.observability import healthz
from helhet.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("logg-inn/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("personer/", include("helhet.people.urls")),
    path("organisasjon/", include("helhet.insight.urls")),
    path("katalog/", include("helhet.catalogue.urls")),
    path("tjenester/", include("helhet.portal.urls")),
    path("mottak/", include("helhet.intake.urls")),
    path("saker/", include("helhet.casework.urls")),
    path("arbeidsliste/", include("helhet.care.urls")),
    path("api/v1/", api.urls),
]

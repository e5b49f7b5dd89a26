from django.urls import include, path

from helhet.access import sso
from helhet.access import views as access_views
from helhet.api.api import api
from helhet.config.observability import healthz
from helhet.core.bad_request import bad_request
from helhet.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    # set_language (POST, with next): the citizen's choice of bokmål or nynorsk; no language prefixes in URLs.
    path("i18n/", include("django.conf.urls.i18n")),
    path("logg-inn/", access_views.LoginView.as_view(), name="login"),
    path("logg-ut/", sso.StaffLogoutView.as_view(), name="logout"),
    path("sso/", include("helhet.access.sso_urls")),
    path("konto/", include("helhet.access.urls")),
    path("personer/", include("helhet.people.urls")),
    path("organisasjon/", include("helhet.insight.urls")),
    path("statistikk/", include("helhet.insight.statistics.urls")),
    path("katalog/", include("helhet.catalogue.urls")),
    path("tjenester/", include("helhet.portal.urls")),
    path("innbygger/", include("helhet.portal.citizen_urls")),
    path("mottak/", include("helhet.intake.urls")),
    path("saker/", include("helhet.casework.urls")),
    path("arbeidsliste/", include("helhet.care.urls")),
    path("oppgaver/", include("helhet.inbox.urls")),
    path("moter/", include("helhet.orgmeetings.urls")),
    path("", include("helhet.access.account_urls")),
    path("api/v1/", api.urls),
]

handler400 = bad_request  # Django's own refusals (a body too large: 413) in Norwegian, JSON for the API

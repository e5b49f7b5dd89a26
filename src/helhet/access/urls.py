from django.urls import path

from helhet.access import views

app_name = "access"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tofaktor/", views.mfa_verify, name="mfa_verify"),
    path("tofaktor/oppsett/", views.mfa_enrol, name="mfa_enrol"),
    path("tofaktor/sla-pa/", views.mfa_opt_in, name="mfa_opt_in"),
    path("tofaktor/sla-av/", views.mfa_opt_out, name="mfa_opt_out"),
    path("aktiv/", views.keepalive, name="keepalive"),
    path("sperringer/", views.lockouts, name="lockouts"),
]

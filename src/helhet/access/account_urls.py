"""Pages of user administration (/brukere/) and of the user's own account (/konto/)."""

from django.urls import path

from helhet.access import account_views as views
from helhet.access import token_views

app_name = "accounts"
urlpatterns = [
    path("brukere/", views.user_list, name="users"),
    path("brukere/ny/", views.user_create, name="user_create"),
    path("brukere/api-nokler/", views.municipality_tokens, name="municipality_tokens"),
    path("brukere/<int:user_id>/", views.user_detail, name="user"),
    path("brukere/<int:user_id>/engangslenke/", views.user_link, name="user_link"),
    path("brukere/<int:user_id>/deaktiver/", views.user_deactivate, name="user_deactivate"),
    path("brukere/<int:user_id>/aktiver/", views.user_reactivate, name="user_reactivate"),
    path("brukere/<int:user_id>/passordlenke/", views.user_password_link, name="user_password_link"),
    path(
        "brukere/<int:user_id>/andre-faktor/", views.user_second_factor_reset, name="user_second_factor_reset"
    ),
    path("brukere/<int:user_id>/roller/", views.role_give, name="role_give"),
    path("brukere/<int:user_id>/roller/<int:grant_id>/avslutt/", views.role_grant_end, name="role_grant_end"),
    path("brukere/<int:user_id>/roller/<str:role>/avslutt-rolle/", views.role_end, name="role_end"),
    path("brukere/<int:user_id>/arbeidsforhold/", views.engagement_add, name="engagement_add"),
    path(
        "brukere/<int:user_id>/arbeidsforhold/<int:engagement_id>/avslutt/",
        views.engagement_end,
        name="engagement_end",
    ),
    path("konto/api-nokler/", token_views.my_tokens, name="my_tokens"),
    path("konto/api-nokler/<int:token_id>/trekk-tilbake/", token_views.token_revoke, name="token_revoke"),
    path("konto/sett-passord/ferdig/", views.PasswordSetupDoneView.as_view(), name="password_setup_done"),
    path("konto/sett-passord/<uidb64>/<token>/", views.PasswordSetupView.as_view(), name="password_setup"),
]

"""Single sign-on routes (under /sso/): the start of the login and the provider's redirect back."""

from django.urls import path

from helhet.access import sso

urlpatterns = [
    path("logg-inn/", sso.StaffOIDCLoginView.as_view(), name="oidc_authentication_init"),
    path("callback/", sso.StaffOIDCCallbackView.as_view(), name="oidc_authentication_callback"),
]

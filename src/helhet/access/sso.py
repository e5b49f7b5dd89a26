"""Single sign-on for staff with OpenID Connect, on mozilla-django-oidc.

The municipality's identity provider (Entra ID, Keycloak, ...) authenticates; Helhet only lets in an
existing, active user of a municipality. The flow is the authorization code flow with PKCE (S256),
state and nonce; the ID token's RS256 signature is checked against the provider's JWKS, and its issuer,
audience and expiry too. Everything is configured by `HELHET_OIDC_*` settings; with them unset, single
sign-on is off: the login page shows no button and these views answer 404.

Matching: a login maps to the user whose stored `OidcIdentity` has the token's issuer and subject. On a
user's first login the configured claim (e-mail by default) is matched to exactly one user who has no
identity yet, and the subject is stored. No user is ever created here (the municipality's administrator
creates users). Unknown or deactivated users are refused with a Norwegian message on the login page and
logged on `helhet.security` with a keyed hash of the subject, never the subject or e-mail in clear.

With HELHET_OIDC_REQUIRED_ACR or HELHET_OIDC_REQUIRED_AMR set, the authorization request asks for it
(`acr_values`, the `claims` parameter for `amr`) and the ID token must say the provider authenticated
strongly enough (`acr` one of the accepted values, `amr` naming one of the accepted
methods, e.g. "mfa"); otherwise the login is refused in Norwegian (`strength_refusal`).

A session that logged in this way carries `request.session["helhet_auth_method"] == "oidc"`
(`AUTH_METHOD_SESSION_KEY`, `AUTH_METHOD_OIDC`). With a required acr or amr the identity provider has
shown it did the second factor, and Helhet asks for none of its own; with neither set nothing shows that,
so a user whose role requires a second factor (HELHET_MFA_REQUIRED_ROLES) goes through Helhet's own TOTP
step after the SSO login, exactly as after a password (access.mfa.helhet_asks_for_it).
"""

import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import LogoutView
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from helhet.access.models import OidcIdentity
from helhet.access.services import oidc_identity_link
from helhet.core.models import User

AUTH_METHOD_SESSION_KEY = "helhet_auth_method"
AUTH_METHOD_OIDC = "oidc"

security_log = logging.getLogger("helhet.security")

REFUSAL_MESSAGES = {
    "unknown": _(
        "Du ble logget inn hos kommunens pålogging, men har ingen bruker i Helhet. "
        "Kontakt kommunens administrator for Helhet for å få tilgang."
    ),
    "inactive": _(
        "Brukeren din i Helhet er deaktivert. Kontakt kommunens administrator for Helhet hvis du skal ha tilgang."
    ),
    "failed": _(
        "Innloggingen med kommunens pålogging mislyktes. Prøv igjen, eller logg inn med brukernavn og passord."
    ),
    "weak": _(
        "Kommunens pålogging bekreftet ikke at du logget inn med tofaktorinnlogging, som Helhet krever. "
        "Logg inn på nytt med tofaktorinnlogging, eller kontakt kommunens administrator for Helhet."
    ),
    "unavailable": _(
        "Kommunens pålogging svarer ikke nå. Prøv igjen om litt, eller logg inn med brukernavn og passord."
    ),
}

# Security choices that are not the operator's to turn off.
_FIXED = {
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_USE_NONCE": True,
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_RP_IDP_SIGN_KEY": None,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_VERIFY_KID": True,
    "OIDC_CREATE_USER": False,
    "OIDC_STORE_ID_TOKEN": True,  # the id_token_hint for ending the provider's session at logout
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
    "OIDC_REDIRECT_FIELD_NAME": "next",
    "OIDC_TIMEOUT": 10,
}
_FROM_HELHET = {
    "OIDC_RP_CLIENT_ID": "HELHET_OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "HELHET_OIDC_CLIENT_SECRET",
    "OIDC_RP_SCOPES": "HELHET_OIDC_SCOPES",
}
# mozilla-django-oidc's endpoint setting -> (Helhet's override setting, the discovery document's key).
_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": ("HELHET_OIDC_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    "OIDC_OP_TOKEN_ENDPOINT": ("HELHET_OIDC_TOKEN_ENDPOINT", "token_endpoint"),
    "OIDC_OP_USER_ENDPOINT": ("HELHET_OIDC_USERINFO_ENDPOINT", "userinfo_endpoint"),
    "OIDC_OP_JWKS_ENDPOINT": ("HELHET_OIDC_JWKS_URI", "jwks_uri"),
    "OIDC_OP_LOGOUT_ENDPOINT": ("HELHET_OIDC_END_SESSION_ENDPOINT", "end_session_endpoint"),
}
_OPTIONAL_ENDPOINTS = {"OIDC_OP_USER_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT"}
_DISCOVERY_TTL_SECONDS = 3600
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def sso_enabled() -> bool:
    return bool(
        settings.HELHET_OIDC_ISSUER and settings.HELHET_OIDC_CLIENT_ID and settings.HELHET_OIDC_CLIENT_SECRET
    )


def keyed_hash(value: str) -> str:
    """A short keyed hash (HMAC with SECRET_KEY) that lets the log tie attempts together without the value."""
    return salted_hmac("helhet.security.oidc", value, algorithm="sha256").hexdigest()[:16]


def provider_metadata() -> dict[str, Any]:
    """The issuer's discovery document, fetched once an hour; its issuer must be the configured one."""
    issuer = settings.HELHET_OIDC_ISSUER
    cached = _discovery_cache.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    response = requests.get(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=10)
    response.raise_for_status()
    metadata: dict[str, Any] = response.json()
    if metadata.get("issuer") != issuer:
        raise ImproperlyConfigured(
            "The provider's discovery document names another issuer than HELHET_OIDC_ISSUER"
        )
    _discovery_cache[issuer] = (time.monotonic() + _DISCOVERY_TTL_SECONDS, metadata)
    return metadata


def forget_provider_metadata() -> None:
    _discovery_cache.clear()


def oidc_setting(attr: str, *default: Any) -> Any:
    """What mozilla-django-oidc asks for, answered from Helhet's settings and the provider's discovery."""
    if attr in _FIXED:
        return _FIXED[attr]
    if attr in _FROM_HELHET:
        return getattr(settings, _FROM_HELHET[attr])
    if attr == "OIDC_AUTH_REQUEST_EXTRA_PARAMS":
        return strength_request_params()
    if attr == "OIDC_TOKEN_USE_BASIC_AUTH":
        return settings.HELHET_OIDC_TOKEN_AUTH != "post"  # noqa: S105 (a method name, not a secret)
    if attr in _ENDPOINTS:
        override, key = _ENDPOINTS[attr]
        value = getattr(settings, override, "") or provider_metadata().get(key)
        if not value and attr not in _OPTIONAL_ENDPOINTS:
            raise ImproperlyConfigured(f"The identity provider gives no {key}; set {override}")
        return value or None
    return import_from_settings(attr, *default)


def strength_request_params() -> dict[str, str]:
    """What the authorization request asks of the provider when a strength is required: the accepted
    `acr_values`, and (OIDC Core 5.5, the `claims` parameter) `amr` in the ID token."""
    params: dict[str, str] = {}
    if settings.HELHET_OIDC_REQUIRED_ACR:
        params["acr_values"] = " ".join(settings.HELHET_OIDC_REQUIRED_ACR)
    if settings.HELHET_OIDC_REQUIRED_AMR:
        params["claims"] = json.dumps({"id_token": {"amr": {"essential": True}}}, separators=(",", ":"))
    return params


def strength_refusal(claims: dict[str, Any]) -> str | None:
    """Why the ID token's claims do not show a strong enough login ("acr_missing", "amr_missing"), or None.

    `acr` is one string; `amr` a list of method names (a single string is read as a list of one)."""
    accepted_acr = settings.HELHET_OIDC_REQUIRED_ACR
    if accepted_acr and claims.get("acr") not in accepted_acr:
        return "acr_missing"
    accepted_amr = settings.HELHET_OIDC_REQUIRED_AMR
    if accepted_amr:
        amr = claims.get("amr")
        methods = [amr] if isinstance(amr, str) else amr if isinstance(amr, list) else []
        if not set(accepted_amr) & {method for method in methods if isinstance(method, str)}:
            return "amr_missing"
    return None


def _refuse(request: HttpRequest, reason: str, log_reason: str, subject_hash: str = "-") -> None:
    setattr(request, "helhet_sso_refusal", reason)  # noqa: B010  # read by the callback view's login_failure
    security_log.warning("sso_login_refused reason=%s subject=%s", log_reason, subject_hash)


class StaffOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # mozilla-django-oidc ships no type hints
    """Authenticates the OIDC callback as an existing, active staff user; creates no users."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The base class resolves endpoints here; this backend is also loaded for every request whose
        # session it logged in, and while SSO is off, so endpoints are resolved only when a login needs them.
        self.UserModel = User

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: oidc_setting("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: oidc_setting("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = property(lambda self: oidc_setting("OIDC_RP_SIGN_ALGO"))
    OIDC_RP_IDP_SIGN_KEY = property(lambda self: oidc_setting("OIDC_RP_IDP_SIGN_KEY"))

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce; password logins pass through untouched.
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def get_user(self, user_id: int) -> User | None:
        # A deactivated user's session ends at the next request, as for password logins.
        return ModelBackend.get_user(self, user_id)

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        # Refuse an ID token that is not RS256 with a key id before looking for its key in the JWKS.
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation("ID token unreadable") from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO or not isinstance(header.get("kid"), str):
            raise SuspiciousOperation("ID token not signed with RS256 under a key id")
        return super().verify_token(token, **kwargs)

    def _verify_jws(self, payload: bytes | str, key: Any) -> Any:
        """Check signature (RS256 only), issuer, audience and expiry of the ID token."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("ID token not signed with the expected algorithm")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.HELHET_OIDC_ISSUER,
                leeway=60,
                options={"require": ["iss", "aud", "sub", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token rejected: {type(exc).__name__}") from exc

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims, completed from the userinfo endpoint where the provider has one."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo is about another subject than the ID token")
            claims.update(info)
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("no subject in the ID token")
        issuer, subject = payload["iss"], str(payload["sub"])
        subject_hash = keyed_hash(f"{issuer} {subject}")
        weak = strength_refusal(payload)  # the ID token's own claims, not the userinfo's
        if weak:
            _refuse(self.request, "weak", weak, subject_hash)
            return None
        identity = OidcIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
        matched_by = "subject"
        user = identity.user if identity else None
        if user is None:
            user = self._match_first_login(claims)
            matched_by = "claim"
        if user is None:
            _refuse(self.request, "unknown", "unknown_user", subject_hash)
            return None
        if not user.is_active:
            _refuse(self.request, "inactive", "inactive_user", subject_hash)
            return None
        if user.municipality_id is None:
            _refuse(self.request, "unknown", "no_municipality", subject_hash)
            return None
        if identity is None:
            try:
                oidc_identity_link(user=user, issuer=issuer, subject=subject)
            except IntegrityError:  # the same subject bound to another user a moment ago
                _refuse(self.request, "failed", "subject_bound_elsewhere", subject_hash)
                return None
        setattr(self.request, "helhet_sso_matched_by", matched_by)  # noqa: B010  # for the login receivers
        security_log.info("sso_login user=%s matched_by=%s subject=%s", user.pk, matched_by, subject_hash)
        return user

    def _match_first_login(self, claims: dict[str, Any]) -> User | None:
        """The one user without a stored identity whose e-mail (or username) is the configured claim."""
        value = claims.get(settings.HELHET_OIDC_MATCH_CLAIM)
        if not isinstance(value, str) or not value.strip():
            return None
        if settings.HELHET_OIDC_MATCH_CLAIM == "email" and claims.get("email_verified") is False:
            return None
        lookup = {f"{settings.HELHET_OIDC_MATCH_FIELD}__iexact": value.strip()}
        candidates = list(User.objects.filter(**lookup).filter(oidc_identity__isnull=True)[:2])
        return candidates[0] if len(candidates) == 1 else None


def _login_page(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))


class StaffOIDCLoginView(OIDCAuthenticationRequestView):  # type: ignore[misc]  # mozilla-django-oidc ships no type hints
    """«Logg inn med kommunens pålogging»: sends the browser to the provider with state, nonce and PKCE."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        View.__init__(self, *args, **kwargs)  # endpoints are resolved in get(), not at every instantiation

    OIDC_OP_AUTH_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: oidc_setting("OIDC_RP_CLIENT_ID"))

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
            return response
        except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
            security_log.error("sso_provider_unavailable error=%s", type(exc).__name__)
            messages.error(request, REFUSAL_MESSAGES["unavailable"])
            return _login_page(request)


class StaffOIDCCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]  # mozilla-django-oidc ships no type hints
    """Where the provider sends the browser back: checks state, exchanges the code, logs the user in."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        state = request.GET.get("state")
        if request.GET.get("error"):
            # The provider's error code (e.g. access_denied) is a protocol word, not personal data.
            security_log.warning(
                "sso_login_refused reason=provider_error error=%s", request.GET["error"][:40]
            )
        elif "code" in request.GET and state not in (request.session.get("oidc_states") or {}):
            security_log.warning("sso_login_refused reason=unknown_state subject=-")
            return self.login_failure()
        elif request.GET.get("iss", settings.HELHET_OIDC_ISSUER) != settings.HELHET_OIDC_ISSUER:
            # RFC 9207: the answer comes from another issuer than the one we sent the user to.
            security_log.warning("sso_login_refused reason=issuer_mismatch subject=-")
            return self.login_failure()
        try:
            response: HttpResponse = super().get(request)
            return response
        except (
            SuspiciousOperation,
            requests.RequestException,
            jwt.InvalidTokenError,
            ImproperlyConfigured,
        ) as exc:
            security_log.warning("sso_login_refused reason=%s subject=-", type(exc).__name__)
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, "helhet_sso_refusal", "failed")
        messages.error(self.request, REFUSAL_MESSAGES[reason])
        return _login_page(self.request)

    def login_success(self) -> HttpResponse:
        setattr(self.request, "helhet_auth_method", AUTH_METHOD_OIDC)  # noqa: B010  # for user_logged_in receivers
        response: HttpResponse = super().login_success()
        self.request.session[AUTH_METHOD_SESSION_KEY] = AUTH_METHOD_OIDC
        return response


def provider_logout_url(request: HttpRequest) -> str | None:
    """The provider's end-session URL for a session that logged in by SSO, if the provider has one."""
    if not sso_enabled() or request.session.get(AUTH_METHOD_SESSION_KEY) != AUTH_METHOD_OIDC:
        return None
    try:
        endpoint = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT")
    except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
        security_log.error("sso_provider_unavailable error=%s", type(exc).__name__)
        return None
    if not endpoint:
        return None
    params = {
        "client_id": settings.HELHET_OIDC_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


class StaffLogoutView(LogoutView):
    """Logs out of Helhet, and of the identity provider too when the session came from SSO."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider_logout = provider_logout_url(request)  # read before the session is flushed
        response = super().post(request, *args, **kwargs)
        if provider_logout:
            return HttpResponseRedirect(provider_logout)
        return response


def login_start_url(next_url: str = "") -> str:
    """Where the login page's SSO button points, or "" while single sign-on is off."""
    if not sso_enabled():
        return ""
    url = reverse("oidc_authentication_init")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url

"""Citizens' login with ID-porten: a small, explicit OpenID Connect client (authorization code flow).

ID-porten authenticates the citizen (MinID, BankID, Buypass, Commfides) and vouches for their
fødselsnummer or D-nummer in the ID token's `pid` claim; Helhet then signs the citizen in with
`helhet.access.citizen.citizen_sign_in`, which finds or makes their `CitizenAccount`.

The flow: «Logg inn med ID-porten» (`login_start`) keeps a fresh state, nonce and PKCE verifier (S256) in
the session and sends the browser to the authorization endpoint, asking with `acr_values` for the lowest
accepted level. ID-porten sends the browser back to `callback`, which takes the state out of the session
(once), exchanges the code at the token endpoint (client_secret_basic, or client_secret_post), and checks
the ID token: RS256 signature against the provider's JWKS under the header's key id, issuer, audience,
expiry, issued-at, nonce, then `acr` (from the ID token itself: ID-porten's userinfo has none) against
HELHET_IDPORTEN_ACR and a `pid` of 11 digits. The ID token is kept in the session, so logging out
(`provider_logout_url`) can end the ID-porten session too (`id_token_hint`, `post_logout_redirect_uri`).

Every refusal (the citizen cancelled, an error from ID-porten, an unknown state, ID-porten not answering,
a bad token, too low a level, no pid) sends the browser to the citizens' login page with a Norwegian
message, never an error page; it is logged on `helhet.security` with a reason and at most a keyed hash
of the pid. With HELHET_IDPORTEN_* unset the login is off: no button, and these views answer 404.

Why not mozilla-django-oidc, which staff single sign-on (helhet.access.sso) uses: its settings are
global (`OIDC_*`, read through one `get_settings`) and its session keys (`oidc_states`, `oidc_id_token`)
and callback URL name are shared, so a second client would mean overriding nearly every method of its
views and backend, and registering a second authentication backend that `authenticate()` would try on
every password login. The citizen's login makes no Django user by `authenticate()` either: it ends in
`citizen_sign_in`. The code flow itself is short; written out here, every check is visible and tested
(tests/portal/test_idporten.py, against a real provider).
"""

import base64
import hashlib
import hmac
import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from helhet.access.citizen import (
    CITIZEN_METHOD_SESSION_KEY,
    METHOD_IDPORTEN,
    citizen_sign_in,
    is_citizen_session,
)

security_log = logging.getLogger("helhet.security")

FLOWS_SESSION_KEY = "helhet_idporten_flows"  # state -> nonce, PKCE verifier, next, started
ID_TOKEN_SESSION_KEY = "helhet_idporten_id_token"  # noqa: S105 (a session key; the id_token_hint at logout)

# ID-porten's levels of assurance (eIDAS), lowest first.
LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")

FLOW_TTL_SECONDS = 15 * 60  # a login not finished in 15 minutes starts again
MAX_OPEN_FLOWS = 5  # a few tabs at once; the oldest is forgotten first
LEEWAY_SECONDS = 60
TIMEOUT_SECONDS = 10
_METADATA_TTL_SECONDS = 3600
_PID = re.compile(r"[0-9]{11}")
_ERROR_CODE = re.compile(r"[A-Za-z0-9_.-]{1,40}")

REFUSAL_MESSAGES = {
    "cancelled": _(
        "Du avbrøt innloggingen med ID-porten, og er ikke logget inn. Du kan prøve igjen når du vil."
    ),
    "failed": _("Innloggingen med ID-porten mislyktes. Prøv igjen."),
    "unavailable": _("ID-porten svarer ikke nå. Prøv igjen om litt."),
    "weak": _(
        "Du logget inn på et for lavt sikkerhetsnivå. Logg inn på nytt med MinID, BankID, Buypass "
        "eller Commfides."
    ),
    "no_pid": _(
        "ID-porten sendte ikke fødselsnummeret ditt, så vi fant deg ikke. Prøv igjen, eller kontakt kommunen."
    ),
    "staff": _("Du er logget inn som ansatt. Logg ut først hvis du vil logge inn som innbygger."),
    "inactive": _("Du kan ikke logge inn på Min side nå. Kontakt kommunen hvis du trenger hjelp."),
}


class Refused(Exception):
    """A login that ends on the login page: `reason` picks the message, `log_reason` says why in the log."""

    def __init__(self, reason: str, log_reason: str, pid: str = "") -> None:
        super().__init__(log_reason)
        self.reason = reason
        self.log_reason = log_reason
        self.pid = pid


def idporten_enabled() -> bool:
    return bool(
        settings.HELHET_IDPORTEN_ISSUER
        and settings.HELHET_IDPORTEN_CLIENT_ID
        and settings.HELHET_IDPORTEN_CLIENT_SECRET
    )


def pid_hash(pid: str) -> str:
    """A short keyed hash that ties log lines about one citizen together without their number."""
    if not pid:
        return "-"
    return salted_hmac("helhet.security.idporten", pid, algorithm="sha256").hexdigest()[:16]


def requested_acr() -> str:
    """The lowest accepted level (ID-porten gives that or higher, as the citizen chooses)."""
    accepted = list(settings.HELHET_IDPORTEN_ACR)
    known = [level for level in LEVELS if level in accepted]
    return known[0] if known else accepted[0]


# --- the provider's metadata and keys -------------------------------------------------------------------

_metadata_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def forget_provider_metadata() -> None:
    _metadata_cache.clear()
    _jwks_cache.clear()


def _get_json(url: str) -> dict[str, Any]:
    response = requests.get(url, timeout=TIMEOUT_SECONDS, headers={"Accept": "application/json"})
    response.raise_for_status()
    body = response.json()
    if not isinstance(body, dict):
        raise ValueError("not a JSON object")
    return body


def provider_metadata() -> dict[str, Any]:
    """ID-porten's discovery document, fetched once an hour; it must name the configured issuer."""
    issuer = settings.HELHET_IDPORTEN_ISSUER
    cached = _metadata_cache.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    metadata = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if metadata.get("issuer") != issuer:
        raise ImproperlyConfigured(
            "ID-porten's discovery document names another issuer than HELHET_IDPORTEN_ISSUER"
        )
    _metadata_cache[issuer] = (time.monotonic() + _METADATA_TTL_SECONDS, metadata)
    return metadata


def endpoint(name: str) -> str:
    """An endpoint: the HELHET_IDPORTEN_* override, else the discovery document's; "" for a missing
    end_session_endpoint, ImproperlyConfigured for another."""
    overrides = {
        "authorization_endpoint": settings.HELHET_IDPORTEN_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.HELHET_IDPORTEN_TOKEN_ENDPOINT,
        "jwks_uri": settings.HELHET_IDPORTEN_JWKS_URI,
        "end_session_endpoint": settings.HELHET_IDPORTEN_END_SESSION_ENDPOINT,
    }
    value = overrides[name] or provider_metadata().get(name) or ""
    if not isinstance(value, str):
        raise ImproperlyConfigured(f"ID-porten's {name} is not a URL")
    if not value and name != "end_session_endpoint":
        raise ImproperlyConfigured(f"ID-porten gives no {name}")
    return value


def _signing_key(kid: str) -> Any:
    """The public key with this key id from the JWKS; fetched again once if the id is new (key rotation)."""
    uri = endpoint("jwks_uri")
    for fresh in (False, True):
        cached = _jwks_cache.get(uri)
        if fresh or not cached or cached[0] <= time.monotonic():
            cached = (time.monotonic() + _METADATA_TTL_SECONDS, _get_json(uri))
            _jwks_cache[uri] = cached
        for entry in cached[1].get("keys") or []:
            if isinstance(entry, dict) and entry.get("kid") == kid and entry.get("kty") == "RSA":
                if entry.get("use", "sig") != "sig":
                    continue
                return jwt.PyJWK.from_dict(entry, algorithm="RS256").key
    raise Refused("failed", "unknown_key")


# --- the flow ---------------------------------------------------------------------------------------------


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


def callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("citizen:idporten_callback"))


def _remember_flow(request: HttpRequest, next_url: str) -> tuple[str, str, str]:
    """A new state with its nonce and PKCE verifier, kept in the session; older unfinished ones expire."""
    now = int(time.time())
    flows = {
        state: flow
        for state, flow in (request.session.get(FLOWS_SESSION_KEY) or {}).items()
        if isinstance(flow, dict) and now - int(flow.get("started", 0)) < FLOW_TTL_SECONDS
    }
    while len(flows) >= MAX_OPEN_FLOWS:
        flows.pop(min(flows, key=lambda s: flows[s]["started"]))
    state, nonce, verifier = (secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64))
    flows[state] = {"nonce": nonce, "verifier": verifier, "next": next_url, "started": now}
    request.session[FLOWS_SESSION_KEY] = flows
    return state, nonce, verifier


def _take_flow(request: HttpRequest, state: str) -> dict[str, Any] | None:
    """The flow this state started, taken out of the session (a state is good once), if still fresh."""
    flows = dict(request.session.get(FLOWS_SESSION_KEY) or {})
    flow = flows.pop(state, None) if state else None
    request.session[FLOWS_SESSION_KEY] = flows
    if not isinstance(flow, dict) or int(time.time()) - int(flow.get("started", 0)) >= FLOW_TTL_SECONDS:
        return None
    return flow


def _next_of(request: HttpRequest) -> str:
    wanted = request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("citizen:home")


def _login_page(request: HttpRequest, reason: str | None = None) -> HttpResponseRedirect:
    if reason:
        messages.error(request, REFUSAL_MESSAGES[reason])
    return HttpResponseRedirect(reverse("citizen:login"))


def _staff_session(request: HttpRequest) -> bool:
    return request.user.is_authenticated and not is_citizen_session(request.session)


@never_cache
@require_GET
def login_start(request: HttpRequest) -> HttpResponse:
    """«Logg inn med ID-porten»: to ID-porten's authorization endpoint with state, nonce and PKCE."""
    if not idporten_enabled():
        raise Http404
    if _staff_session(request):
        return _login_page(request)  # the login page says why
    try:
        authorize = endpoint("authorization_endpoint")
    except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
        security_log.error("idporten_unavailable step=discovery error=%s", type(exc).__name__)
        return _login_page(request, "unavailable")
    state, nonce, verifier = _remember_flow(request, _next_of(request))
    params = {
        "response_type": "code",
        "client_id": settings.HELHET_IDPORTEN_CLIENT_ID,
        "redirect_uri": callback_url(request),
        "scope": settings.HELHET_IDPORTEN_SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": _s256(verifier),
        "code_challenge_method": "S256",
        "acr_values": requested_acr(),
        "ui_locales": "nn" if translation.get_language() == "nn" else "nb",  # ID-porten speaks both
    }
    return HttpResponseRedirect(f"{authorize}{'&' if '?' in authorize else '?'}{urlencode(params)}")


@dataclass(frozen=True)
class Login:
    pid: str
    acr: str
    id_token: str


def _exchange_code(request: HttpRequest, code: str, verifier: str) -> str:
    """The ID token for this code, from the token endpoint."""
    client_id, secret = settings.HELHET_IDPORTEN_CLIENT_ID, settings.HELHET_IDPORTEN_CLIENT_SECRET
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": callback_url(request),
        "code_verifier": verifier,
    }
    auth = None
    if settings.HELHET_IDPORTEN_TOKEN_AUTH == "post":  # noqa: S105 (a method name, not a secret)
        data.update(client_id=client_id, client_secret=secret)
    else:  # client_secret_basic: both form-urlencoded first (RFC 6749 § 2.3.1)
        auth = (quote_plus(client_id), quote_plus(secret))
    response = requests.post(
        endpoint("token_endpoint"),
        data=data,
        auth=auth,
        timeout=TIMEOUT_SECONDS,
        headers={"Accept": "application/json"},
    )
    if response.status_code != 200:
        try:
            error = str(response.json().get("error", ""))
        except ValueError:
            error = ""
        code_word = error if _ERROR_CODE.fullmatch(error) else "-"
        raise Refused("failed", f"token_error status={response.status_code} error={code_word}")
    try:
        id_token = response.json().get("id_token")
    except ValueError as exc:
        raise Refused("failed", "token_response_unreadable") from exc
    if not isinstance(id_token, str) or not id_token:
        raise Refused("failed", "no_id_token")
    return id_token


def verify_id_token(id_token: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience, times and nonce are right."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.InvalidTokenError as exc:
        raise Refused("failed", "id_token_unreadable") from exc
    kid = header.get("kid")
    if header.get("alg") != "RS256" or not isinstance(kid, str) or not kid:
        raise Refused("failed", "id_token_not_rs256")
    client_id = settings.HELHET_IDPORTEN_CLIENT_ID
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            _signing_key(kid),
            algorithms=["RS256"],
            audience=client_id,
            issuer=settings.HELHET_IDPORTEN_ISSUER,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "sub", "exp", "iat"]},
        )
    except jwt.InvalidTokenError as exc:
        raise Refused("failed", f"id_token_rejected error={type(exc).__name__}") from exc
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise Refused("failed", "id_token_azp")
    if not isinstance(claims.get("nonce"), str) or not hmac.compare_digest(claims["nonce"], nonce):
        raise Refused("failed", "nonce_mismatch")
    return claims


def login_from_claims(claims: dict[str, Any], id_token: str) -> Login:
    """The citizen and level the verified ID token vouches for; a refusal for too low a level or no pid."""
    pid = claims.get("pid")
    pid = pid if isinstance(pid, str) and _PID.fullmatch(pid) else ""
    if not pid:
        raise Refused("no_pid", "no_pid")
    acr = claims.get("acr")
    if not isinstance(acr, str) or acr not in settings.HELHET_IDPORTEN_ACR:
        shown = acr if isinstance(acr, str) and _ERROR_CODE.fullmatch(acr) else "-"
        raise Refused("weak", f"acr_not_accepted acr={shown}", pid)
    return Login(pid=pid, acr=acr, id_token=id_token)


def _finish(request: HttpRequest) -> tuple[Login, str]:
    """The callback's checks, in order; (the login, where to go next) or Refused."""
    error = request.GET.get("error")
    state = request.GET.get("state", "")
    if error:
        _take_flow(request, state)
        code_word = error if _ERROR_CODE.fullmatch(error) else "-"
        # ID-porten answers access_denied when the citizen presses «Avbryt».
        raise Refused(
            "cancelled" if error == "access_denied" else "failed", f"provider_error error={code_word}"
        )
    flow = _take_flow(request, state)
    if flow is None:
        raise Refused("failed", "unknown_state")
    if request.GET.get("iss", settings.HELHET_IDPORTEN_ISSUER) != settings.HELHET_IDPORTEN_ISSUER:
        raise Refused("failed", "issuer_mismatch")  # RFC 9207: the answer came from another issuer
    code = request.GET.get("code", "")
    if not code:
        raise Refused("failed", "no_code")
    id_token = _exchange_code(request, code, flow["verifier"])
    claims = verify_id_token(id_token, flow["nonce"])
    return login_from_claims(claims, id_token), str(flow["next"])


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Where ID-porten sends the browser back: the checks, then the citizen is signed in."""
    if not idporten_enabled():
        raise Http404
    try:
        if _staff_session(request):
            raise Refused("staff", "staff_session")
        login, next_url = _finish(request)
        try:
            citizen_sign_in(request, pid=login.pid, method=METHOD_IDPORTEN, acr=login.acr)
        except PermissionError as exc:
            raise Refused("inactive", "account_deactivated", login.pid) from exc
    except Refused as refusal:
        security_log.warning(
            "idporten_login_refused reason=%s pid=%s", refusal.log_reason, pid_hash(refusal.pid)
        )
        return _login_page(request, refusal.reason)
    except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
        security_log.error("idporten_unavailable step=callback error=%s", type(exc).__name__)
        return _login_page(request, "unavailable")
    request.session[ID_TOKEN_SESSION_KEY] = login.id_token
    security_log.info("idporten_login acr=%s pid=%s", login.acr, pid_hash(login.pid))
    return HttpResponseRedirect(next_url)


def provider_logout_url(request: HttpRequest) -> str | None:
    """ID-porten's end-session URL for a session that logged in with ID-porten, or None.

    Read it before the session is flushed: it needs the ID token kept there."""
    if not idporten_enabled() or request.session.get(CITIZEN_METHOD_SESSION_KEY) != METHOD_IDPORTEN:
        return None
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not id_token:
        return None
    try:
        end_session = endpoint("end_session_endpoint")
    except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
        security_log.error("idporten_unavailable step=logout error=%s", type(exc).__name__)
        return None
    if not end_session:
        return None
    params = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("citizen:login")),
        "client_id": settings.HELHET_IDPORTEN_CLIENT_ID,
    }
    return f"{end_session}{'&' if '?' in end_session else '?'}{urlencode(params)}"


def login_start_url(next_url: str = "") -> str:
    """Where the button «Logg inn med ID-porten» points, or "" while the ID-porten login is off."""
    if not idporten_enabled():
        return ""
    url = reverse("citizen:idporten_login")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url

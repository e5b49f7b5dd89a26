"""Idle timeout and the second-factor gate, both read from the session alone (no query per request)."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from helhet.access import mfa
from helhet.access.activity import (
    ACTIVITY_GRANULARITY_SECONDS,
    LAST_ACTIVITY_SESSION_KEY,
    LOGGED_OUT_SESSION_KEY,
    LOGIN_AT_SESSION_KEY,
    idle_timeout_seconds,
    touch,
)
from helhet.access.citizen import is_citizen_session
from helhet.core.http import GetResponse


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _away_to(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests (they follow HX-Redirect instead of a 302)."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method == "GET":
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


class IdleTimeoutMiddleware:
    """Logs out a session idle for HELHET_IDLE_TIMEOUT_MINUTES, or older than SESSION_COOKIE_AGE since
    login however active (every save would otherwise push the session's expiry on). The login page then
    says why."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.get(SESSION_KEY) is not None:
            now = time.time()
            last = session.get(LAST_ACTIVITY_SESSION_KEY)
            login_at = session.get(LOGIN_AT_SESSION_KEY)
            reason = None
            if last is not None and now - last > idle_timeout_seconds():
                reason = "idle"
            elif login_at is not None and now - login_at > settings.SESSION_COOKIE_AGE:
                reason = "expired"
            if reason:
                citizen = is_citizen_session(session)
                logout(request)
                request.session[LOGGED_OUT_SESSION_KEY] = reason
                if _is_api(request):
                    return self.get_response(request)  # a bearer token still works; the session does not
                if request.path_info == reverse("access:keepalive"):
                    return JsonResponse({"remaining": 0}, status=401)
                login_url = reverse(CITIZEN_LOGIN_URL if citizen else settings.LOGIN_URL)
                return _away_to(request, _with_next(login_url, request))
            if login_at is None:
                session[LOGIN_AT_SESSION_KEY] = int(now)
            stale = last is None or now - last >= ACTIVITY_GRANULARITY_SECONDS
            if stale and not self._is_status_check(request):
                touch(session, now)
        return self.get_response(request)

    @staticmethod
    def _is_status_check(request: HttpRequest) -> bool:
        # The idle warning's own look at the remaining time is not activity.
        return request.method == "GET" and request.path_info == reverse("access:keepalive")


class SecondFactorMiddleware:
    """Until the second factor is done, a pending session reaches only the second-factor pages, the
    keep-alive and logout; the API treats it as not logged in (bearer tokens are unaffected). A session
    that passed no second factor becomes pending as soon as the user's roles require one."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = None
        if request.session.get(SESSION_KEY) is not None:
            state = mfa.pending(request.session)
            if not state and request.user.is_authenticated:
                state = mfa.newly_required(request.session, request.user)
        if not state:
            return self.get_response(request)
        if _is_api(request):
            request.user = AnonymousUser()
            return self.get_response(request)
        allowed = {
            reverse("access:mfa_enrol"),
            reverse("access:mfa_verify"),
            reverse("access:keepalive"),
            reverse("logout"),
        }
        if request.path_info in allowed or request.path_info.startswith(
            "/" + settings.STATIC_URL.lstrip("/")
        ):
            return self.get_response(request)
        target = reverse("access:mfa_enrol" if state == mfa.ENROL else "access:mfa_verify")
        return _away_to(request, _with_next(target, request))


CITIZEN_LOGIN_URL = "citizen:login"
# Where a citizen's session may go: its own pages, the public catalogue, static files and the health check.
CITIZEN_PREFIXES = ("/innbygger/", "/tjenester/", "/healthz", "/i18n/")
# Staff pages under a public prefix (the administrator's profile of the municipality's public face).
CITIZEN_EXCLUDED = ("/tjenester/kommuneprofil/",)


class CitizenBoundaryMiddleware:
    """A citizen's session reaches only the citizen's pages and the public ones: every staff page and the
    API answer 404 to it, whatever roles or permissions a check further in might miss."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_citizen_session(request.session) and request.user.is_authenticated:
            path = request.path_info
            static = "/" + settings.STATIC_URL.lstrip("/")
            keepalive = reverse("access:keepalive")
            public = path.startswith(CITIZEN_PREFIXES) and not path.startswith(CITIZEN_EXCLUDED)
            if not (public or path.startswith(static) or path == keepalive):
                if _is_api(request):
                    request.user = AnonymousUser()
                    return self.get_response(request)
                raise Http404
        return self.get_response(request)

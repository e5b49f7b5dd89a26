"""Operations wiring: the health endpoint and one log line per request, without personal data.

A request line names the method, the route *pattern* (``personer/<int:person_id>/``, never the raw path
and never the query string, where searches carry names and national ID numbers), the status, the duration
and the acting user's id (never a name). Health probes and static files are not logged: they are noise.
"""

import logging
import time

from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("helhet.request")

QUIET_PREFIXES = ("/healthz", "/static/", "/favicon.ico")


@require_safe
@never_cache
def healthz(request):
    """200 {"status": "ok"} when the database answers a trivial query, else 503. No login, no data."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to reach the database means "not healthy"
        logger.warning("health check failed: the database did not answer", exc_info=False)
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _user_id(request) -> int | None:
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    auth = getattr(request, "auth", None)  # django-ninja's bearer token sets request.auth to the user
    return getattr(auth, "pk", None)


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return "/" + match.route if match.route else (match.view_name or "<unknown>")


class RequestLogMiddleware:
    """First in MIDDLEWARE, so the duration covers the whole stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if not request.path.startswith(QUIET_PREFIXES):
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            route = _route(request)
            user_id = _user_id(request)
            logger.info(
                "%s %s %s %sms user=%s",
                request.method,
                route,
                response.status_code,
                duration_ms,
                user_id if user_id is not None else "-",
                extra={
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": user_id,
                },
            )
        return response

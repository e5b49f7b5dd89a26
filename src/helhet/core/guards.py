"""One guard for text no field may hold: a NUL byte in a query string, form field or JSON body.

PostgreSQL refuses NUL in text, so without this guard such input reached the database and answered 500.
The API gets its usual 422 problem document; a page gets a short Norwegian 422 page. Checked before any
view runs, so no view needs its own check.
"""

import json

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def contains_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


def _request_has_nul(request) -> str | None:
    """The part of the request holding a NUL byte ('query', 'body', 'path'), or None."""
    if NUL in request.path:
        return "path"
    if any(NUL in key or any(NUL in v for v in values) for key, values in request.GET.lists()):
        return "query"
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                fields = request.POST.lists()
            except MultiPartParserError:
                return None  # the view sees an empty form and says what is missing
            if any(NUL in key or any(NUL in v for v in values) for key, values in fields):
                return "body"
        elif content_type.endswith("json") and request.body:
            try:
                payload = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                return None  # the API answers malformed JSON itself
            if contains_nul(payload):
                return "body"
    return None


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _request_has_nul(request)
        if where is None:
            return self.get_response(request)
        message = _("Teksten inneholder et ugyldig tegn (NUL).")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": [{"field": "__all__", "message": message}], "message": message}, status=422
            )
        return render(request, "422.html", {"message": message}, status=422)

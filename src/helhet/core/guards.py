"""One guard for input no field may hold, checked before any view runs, so no view needs its own check.

- A NUL byte in the path, a query string, a form field or a JSON body (PostgreSQL refuses NUL in text, so
  such input used to reach the database and answer 500).
- On pages: a date (ÅÅÅÅ-MM-DD, alone or starting a date-time) in a posted form field before 1 January
  1900 or after 31 December 2100 (core.calendar), which used to overflow day arithmetic. Pages that take a
  date in the query string (`?dato=`) fall back to today instead (core.calendar.within_browsing_window,
  insight.dates.date_param); the API checks its dates per field with `api.errors.Day`, so its 422 names
  the field.

The API gets its usual 422 problem document; a page gets a short Norwegian 422 page.
"""

import json
import re

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from helhet.core.calendar import EARLIEST_DATE, LATEST_DATE, OUT_OF_RANGE_MESSAGE

NUL = "\x00"
_ISO_DATE = re.compile(r"(\d{4,})-\d{2}-\d{2}(?:[T ].*)?", re.ASCII)


def out_of_range_date(value: str) -> bool:
    """A value that is an ISO date (or date-time) with a year outside 1900–2100."""
    match = _ISO_DATE.fullmatch(value.strip())
    return match is not None and not EARLIEST_DATE.year <= int(match.group(1)) <= LATEST_DATE.year


def nul_field(value, key: str = "__all__") -> str | None:
    """The name of the (innermost) field whose key or text holds a NUL byte, or None."""
    if isinstance(value, str):
        return key if NUL in value else None
    if isinstance(value, dict):
        for name, item in value.items():
            if NUL in str(name):
                return "__all__"
            found = nul_field(item, str(name))
            if found:
                return found
    if isinstance(value, list):
        for item in value:
            found = nul_field(item, key)
            if found:
                return found
    return None


def contains_nul(value) -> bool:
    return nul_field(value) is not None


def _bad_fields(fields, *, dates: bool) -> tuple[str, str] | None:
    for key, values in fields:
        if NUL in key:
            return "nul", "__all__"
        if any(NUL in v for v in values):
            return "nul", key
        if dates and any(out_of_range_date(v) for v in values):
            return "date", key
    return None


def _request_problem(request) -> tuple[str, str] | None:
    """What is wrong with the request ('nul' or 'date') and in which field, or None."""
    if NUL in request.path:
        return "nul", "__all__"
    dates = not request.path.startswith("/api/")
    found = _bad_fields(request.GET.lists(), dates=False)
    if found:
        return found
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                fields = list(request.POST.lists())
            except MultiPartParserError:
                return None  # the view sees an empty form and says what is missing
            return _bad_fields(fields, dates=dates)
        elif content_type.endswith("json") and request.body:
            try:
                payload = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                return None  # the API answers malformed JSON itself
            field = nul_field(payload)
            if field:
                return "nul", field
    return None


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _request_problem(request)
        if found is None:
            return self.get_response(request)
        problem, field = found
        if problem == "date":
            message = str(OUT_OF_RANGE_MESSAGE)
        else:
            message = _("Teksten inneholder et ugyldig tegn (NUL).")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": [{"field": field, "message": message}],
                    "message": message if field == "__all__" else f"{field}: {message}",
                },
                status=422,
            )
        return render(request, "422.html", {"message": message}, status=422)

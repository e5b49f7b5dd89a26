"""Django's 400 answer (handler400): a request Django itself refuses before any view, in Norwegian.

A body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413 Content Too Large, anything else Django refuses (too many
form fields, an unreadable body) 400. The API answers JSON (a Problem for 413, a Refusal for 400, as
api.errors documents), a page answers a short Norwegian page.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def too_large_message() -> str:
    return _("Det du sendte er for stort. Høyst %(size)s kan sendes om gangen.") % {
        "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    }


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    too_large = isinstance(exception, RequestDataTooBig)
    status = 413 if too_large else 400
    message = too_large_message() if too_large else _("Det du sendte kunne ikke leses.")
    if request.path_info.startswith("/api/"):
        if too_large:
            return JsonResponse(
                {"detail": [{"field": "__all__", "message": message}], "message": message}, status=413
            )
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=status)

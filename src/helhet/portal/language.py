"""The citizen's målform (bokmål or nynorsk): kept on the person, so letters are written in it, and used for
Min side's pages in this browser from the login on.

The page language itself is Django's language cookie (the footer's switch, /i18n/setlang/). At sign-in the
person's chosen målform, if any, is put in that cookie, and choosing a målform on Min side for oneself sets
both. Choosing it for someone one acts for changes their letters, not the representative's pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from helhet.access.citizen import CITIZEN_WRITTEN_FORM_PENDING_KEY, citizen_account_of
from helhet.people.models import Person

ONE_YEAR = 365 * 24 * 3600


def page_language_set(response: HttpResponse, written_form: str) -> None:
    """This browser's page language, as the footer's switch sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        written_form,
        max_age=ONE_YEAR,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def chosen_written_form(pid: str) -> str:
    """The målform recorded for the citizen's own person, or "" when none is chosen."""
    return (
        Person.objects.filter(national_id=pid)
        .exclude(written_form="")
        .order_by("pk")
        .values_list("written_form", flat=True)
        .first()
        or ""
    )


class CitizenWrittenFormMiddleware:
    """On the response to a citizen's sign-in, the page language becomes the person's målform (one query,
    once per login; every other request passes untouched)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.pop(CITIZEN_WRITTEN_FORM_PENDING_KEY, None):
            account = citizen_account_of(request)
            written_form = chosen_written_form(account.pid) if account is not None else ""
            if written_form:
                page_language_set(response, written_form)
        return response

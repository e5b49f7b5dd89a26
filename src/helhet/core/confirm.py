"""Irreversible page actions ask once more before they happen.

One rule for every page: a POST that would send, withdraw, end, forward or revoke something is refused
unless it carries `confirm=1`. The include `includes/confirm.html` gives the button a Designsystemet
dialog that adds the field (with JavaScript); without JavaScript the first post lands on a confirmation
step (`includes/confirm_page.html`) that re-posts the same fields with `confirm=1`. The API does not use
this: its calls are explicit already.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CONFIRM_FIELD = "confirm"
_NOT_REPOSTED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


@dataclass(frozen=True)
class Ask:
    """What the confirmation says: a question, what follows from yes, the yes button and where no goes."""

    title: "StrOrPromise"
    consequence: "StrOrPromise"
    confirm_label: "StrOrPromise"
    cancel_url: str = ""


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


def refuse_unconfirmed(request: HttpRequest, ask: Ask | None) -> HttpResponse | None:
    """The confirmation step when `ask` names an irreversible action not yet confirmed; None to go on.
    Nothing has changed when the step is shown."""
    if ask is None or request.method != "POST" or is_confirmed(request):
        return None
    referer = request.META.get("HTTP_REFERER", "")
    cancel = ask.cancel_url or (
        referer
        if url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else "/"
    )
    fields = [
        (name, value)
        for name in request.POST
        if name not in _NOT_REPOSTED
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "includes/confirm_page.html",
        {"ask": ask, "fields": fields, "action": request.get_full_path(), "cancel_url": cancel},
    )

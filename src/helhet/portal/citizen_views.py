"""Min side: the citizen's own pages after login (ID-porten, or the demo's development login).

Every view here takes its person through helhet.portal.acting.acting_for, which answers 404 for a
person the citizen may not act for; and every read of person data writes the access log with the
citizen (or the representative) as the reader and the representation as the ground.
"""

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import idporten
from helhet.access.activity import LOGGED_OUT_SESSION_KEY
from helhet.access.citizen import (
    METHOD_DEV,
    citizen_account_of,
    citizen_sign_in,
    dev_login_allowed,
    is_citizen_session,
)
from helhet.casework.messaging import new_messages_from_office
from helhet.core.redirects import safe_next
from helhet.people.models import WrittenForm
from helhet.portal.acting import acting_for, actings_for
from helhet.portal.citizen_forms import DevLoginForm
from helhet.portal.citizen_nav import sections_for
from helhet.portal.representation import Capability


def citizen_required(view):
    """The citizen's pages: a citizen session, else to the citizen's login (staff sessions too)."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if citizen_account_of(request) is None:
            return redirect_to_login(request.get_full_path(), reverse("citizen:login"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def person_context(request: HttpRequest, acting) -> dict[str, object]:
    """What every page about one person needs: the acting citizen and the person's sections."""
    return {"acting": acting, "sections": sections_for(acting, request.path)}


@require_http_methods(["GET", "POST"])
def login_page(request: HttpRequest) -> HttpResponse:
    """Logg inn: ID-porten, and in the demo the development login."""
    next_url = safe_next(request, reverse("citizen:home"))
    if citizen_account_of(request) is not None:
        return redirect(next_url)
    staff_session = request.user.is_authenticated and not is_citizen_session(request.session)
    form = DevLoginForm(request.POST or None) if dev_login_allowed() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid() and not staff_session:
            citizen_sign_in(request, pid=form.cleaned_data["pid"], method=METHOD_DEV)
            return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "staff_session": staff_session,
        "idporten_url": idporten.login_start_url(next_url),
        # Why the session ended (idle, too old), shown once; the idle timeout sends citizens here.
        "logged_out_reason": request.session.pop(LOGGED_OUT_SESSION_KEY, None)
        if request.method == "GET"
        else None,
    }
    return render(request, "portal/citizen/login.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Logs out of Min side, and of ID-porten too when the session came from there."""
    if not is_citizen_session(request.session):
        return redirect("citizen:login")
    provider_logout = idporten.provider_logout_url(request)  # read before the session is flushed
    logout(request)
    if provider_logout:
        return HttpResponseRedirect(provider_logout)
    return redirect("citizen:login")


@citizen_required
def home(request: HttpRequest) -> HttpResponse:
    """Min side: the citizen, and everyone they may act for."""
    account = citizen_account_of(request)
    assert account is not None  # citizen_required
    actings = actings_for(account)
    return render(request, "portal/citizen/home.html", {"actings": actings})


@citizen_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    """One person's page on Min side: the sections the citizen may see for them."""
    acting = acting_for(request, person_id, Capability.FOLLOW)
    context = person_context(request, acting)
    context["title"] = acting.person.full_name if acting.on_behalf else _("Min side")
    if acting.may(Capability.MESSAGES):
        context["new_messages"] = new_messages_from_office(acting.person.pk)
    if acting.may(Capability.APPLY):
        context["written_forms"] = WrittenForm.choices
    return render(request, "portal/citizen/person.html", context)

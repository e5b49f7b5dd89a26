"""Login pages: the login itself, the second factor, the user's own profile and password, the idle
keep-alive, and the administrator's list of locked accounts."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhet.access import login as login_rules
from helhet.access import mfa, roles
from helhet.access.activity import LOGGED_OUT_SESSION_KEY, idle_remaining_seconds, touch
from helhet.core.http import AuthenticatedRequest


class LoginView(auth_views.LoginView):
    """Django's login; the page also says why the user was logged out (idle, session too old)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET":
            context["logged_out_reason"] = self.request.session.pop(LOGGED_OUT_SESSION_KEY, None)
        return context


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _second_factor_done(request: AuthenticatedRequest, device: TOTPDevice, message: str) -> HttpResponse:
    mfa.mark_verified(request.session, device)
    request.session.cycle_key()
    messages.success(request, message)
    return HttpResponseRedirect(_next_url(request))


def _refuse_code(request: AuthenticatedRequest, error: ValidationError) -> HttpResponse | None:
    """A wrong code counts as a failed login; at the limit the user is logged out to the lockout page."""
    if error.code == "wrong":
        username = request.user.get_username()
        if login_rules.count_failure(request, username, what="one-time code"):
            logout(request)
            return login_rules.lockout_response(request)
    return None


def _locked_now(request: HttpRequest) -> HttpResponse | None:
    if login_rules.is_locked(request, request.user.get_username()):
        logout(request)
        return login_rules.lockout_response(request)
    return None


def _code_step(
    request: AuthenticatedRequest, check: Callable[..., TOTPDevice], message: str
) -> tuple[HttpResponse | None, str | None]:
    """A posted one-time code, for enrolment and for login alike: the answer that ends the step (lockout,
    refusal or done), or the error to show on the form again."""
    locked = _locked_now(request)
    if locked:
        return locked, None
    try:
        device = check(user=request.user, token=request.POST.get("token", ""))
    except ValidationError as exc:
        refused = _refuse_code(request, exc)
        return (refused, None) if refused else (None, exc.messages[0])
    return _second_factor_done(request, device, message), None


@login_required
def mfa_enrol(request: AuthenticatedRequest) -> HttpResponse:
    state = mfa.pending(request.session)
    if state == mfa.VERIFY:
        return redirect("access:mfa_verify")
    if state != mfa.ENROL:
        return redirect("access:profile")
    error = None
    if request.method == "POST":
        done, error = _code_step(request, mfa.enrolment_confirm, _("Tofaktorinnlogging er satt opp."))
        if done:
            return done
    device = mfa.enrolment_device(user=request.user)
    return render(
        request,
        "access/mfa_enrol.html",
        {
            "qr": mfa.qr_data_uri(device),
            "secret": mfa.secret_text(device),
            "error": error,
            "next": _next_url(request),
            "required": mfa.required_for(request.user),
        },
        status=200 if error is None else 422,
    )


@login_required
def mfa_verify(request: AuthenticatedRequest) -> HttpResponse:
    state = mfa.pending(request.session)
    if state == mfa.ENROL:
        return redirect("access:mfa_enrol")
    if state != mfa.VERIFY:
        return redirect("home")
    error = None
    if request.method == "POST":
        done, error = _code_step(request, mfa.verify, _("Du er logget inn."))
        if done:
            return done
    return render(
        request,
        "access/mfa_verify.html",
        {"error": error, "next": _next_url(request)},
        status=200 if error is None else 422,
    )


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "access/profile.html",
        {
            "role_labels": [roles.LABELS[role] for role in roles.ALL if role in roles.roles_of(user)],
            "mfa_required": mfa.required_for(user),
            "mfa_on": mfa.has_device(user),
            "is_admin": roles.has_any_role(user, (roles.ADMIN,)),
        },
    )


@login_required
@require_POST
def mfa_opt_in(request: AuthenticatedRequest) -> HttpResponse:
    if mfa.has_device(request.user):
        messages.info(request, _("Tofaktorinnlogging er allerede slått på."))
        return redirect("access:profile")
    mfa.opt_in(request.session)
    return redirect("access:mfa_enrol")


@login_required
@require_POST
def mfa_opt_out(request: AuthenticatedRequest) -> HttpResponse:
    try:
        mfa.mfa_reset(user=request.user, actor=request.user, reason=_("Slått av av brukeren selv"))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Tofaktorinnlogging er slått av."))
    return redirect("access:profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change own password (Django's form: the old password, then the new one twice, checked by
    AUTH_PASSWORD_VALIDATORS); other sessions of the user end, this one stays."""

    template_name = "access/password_change.html"
    success_url = reverse_lazy("access:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        login_rules.security_log.info(
            "password changed user=%s", login_rules.pseudonym(self.request.user.get_username())
        )
        messages.success(self.request, _("Passordet er endret."))
        return response


def keepalive(request: HttpRequest) -> HttpResponse:
    """GET: seconds left before the idle logout (not itself activity). POST: the user is still here."""
    if not request.user.is_authenticated:
        return JsonResponse({"remaining": 0, "detail": _("Du er ikke logget inn.")}, status=401)
    if request.method == "POST":
        touch(request.session)
    return JsonResponse({"remaining": idle_remaining_seconds(request.session)})


@login_required
def lockouts(request: AuthenticatedRequest) -> HttpResponse:
    """The administrator's list of locked usernames in the municipality, each with «Opphev sperring»."""
    municipality = request.user.municipality
    if municipality is None or not roles.has_any_role(request.user, (roles.ADMIN,)):
        raise PermissionDenied(_("Bare kommunens administrator ser sperrede brukere."))
    if request.method == "POST":
        address = request.POST.get("address")
        try:
            if address is not None:
                login_rules.address_lockout_lift(actor=request.user, address=address)
            else:
                login_rules.lockout_lift(actor=request.user, username=request.POST.get("username", ""))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Sperringen er opphevet."))
        return redirect("access:lockouts")
    return render(
        request,
        "access/lockouts.html",
        {
            "rows": login_rules.lockouts_for(municipality=municipality),
            "addresses": login_rules.locked_addresses(),
            "limit": login_rules.failure_limit(),
            "address_limit": login_rules.address_failure_limit(),
            "cooloff_minutes": login_rules.cooloff_minutes(),
        },
    )

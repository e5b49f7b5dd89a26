"""The admin's user pages (/brukere/): list, create, and one page per user with everything that can change.

Thin: parse a form, call a service in accounts, render. Another municipality's user answers 404; anyone who
is not the municipality's admin gets 403.
"""

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import accounts, roles, selectors
from helhet.access.account_forms import (
    EndForm,
    EngagementForm,
    ReasonForm,
    RoleGrantForm,
    UserCreateForm,
    UserSearchForm,
)
from helhet.access.models import ApiToken, RoleGrant
from helhet.core.calendar import local_today
from helhet.core.confirm import Ask, refuse_unconfirmed
from helhet.core.forms import DesignsystemetForm
from helhet.core.http import AuthenticatedRequest
from helhet.core.models import Municipality, User
from helhet.organisation.models import Engagement, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ONE_DAY = datetime.timedelta(days=1)


def _admin(request: AuthenticatedRequest) -> Municipality:
    """The admin's municipality; refused for anyone else."""
    municipality = request.user.municipality
    if not (municipality is not None and roles.ADMIN in roles.roles_of(request.user)):
        raise PermissionDenied(_("Bare kommunens administrator kan administrere brukere."))
    return municipality


def _managed_user(request: AuthenticatedRequest, user_id: int) -> User:
    municipality = _admin(request)
    return get_object_or_404(User, pk=user_id, municipality_id=municipality.pk)


def _units(municipality_id: int | None) -> QuerySet[Unit]:
    if municipality_id is None:  # every unit belongs to a municipality
        return Unit.objects.none()
    return Unit.objects.valid_on(local_today()).filter(municipality_id=municipality_id).order_by("name")


@login_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _admin(request)
    form = UserSearchForm(request.GET or None)
    query = status = ""
    if form.is_valid():
        query, status = form.cleaned_data["q"], form.cleaned_data["status"]
    users = selectors.staff_users(municipality, query=query, status=status)
    page = Paginator(users, settings.HELHET_PAGE_SIZE).get_page(request.GET.get("side"))
    rows = [(user, selectors.role_labels(user)) for user in page]
    return render(
        request,
        "access/users/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query_string": urlencode(
                {key: value for key, value in (("q", query), ("status", status)) if value}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _admin(request)
    form = UserCreateForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            link = request.build_absolute_uri(accounts.password_setup_path(user))
            return _show_link_once(request, user, link, created=True)
    return render(request, "access/users/create.html", {"form": form})


# Post/Redirect/Get for the one-time links: the link waits in the session for the redirect and is removed as
# it is shown, so reloading the page neither creates the user again nor shows the link twice.
ONE_TIME_LINK_SESSION_FIELD = "helhet_one_time_link"


def _show_link_once(request: AuthenticatedRequest, user: User, link: str, *, created: bool) -> HttpResponse:
    request.session[ONE_TIME_LINK_SESSION_FIELD] = {"user_id": user.pk, "link": link, "created": created}
    return redirect("accounts:user_link", user_id=user.pk)


@login_required
def user_link(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    """The one-time password link just made for the user, shown once; afterwards the user's page."""
    user = _managed_user(request, user_id)
    waiting = request.session.get(ONE_TIME_LINK_SESSION_FIELD)
    if not waiting or waiting.get("user_id") != user.pk:
        return redirect("accounts:user", user_id=user.pk)
    del request.session[ONE_TIME_LINK_SESSION_FIELD]
    response = render(
        request,
        "access/users/password_link.html",
        {"managed": user, "link": waiting["link"], "created": waiting["created"]},
    )
    patch_cache_control(response, no_store=True)
    return response


def _detail(request: AuthenticatedRequest, user: User, **forms: Any) -> HttpResponse:
    today = local_today()
    grants = selectors.role_grants_of(user)
    engagements = selectors.engagements_of(user)
    for grant in grants:
        setattr(grant, "end_key", f"grant{grant.pk}")  # noqa: B010  # for the template's end forms
    for engagement in engagements:
        setattr(engagement, "end_key", f"engagement{engagement.pk}")  # noqa: B010  # for the template's end forms
    context = {
        "managed": user,
        "today": today,
        "grants": grants,
        "legacy_roles": [(role, roles.LABELS[role]) for role in selectors.roles_without_grant(user)],
        "current_roles": selectors.role_labels(user),
        "engagements": engagements,
        "tokens": selectors.api_tokens_of(user),
        "events": selectors.account_events_of(user),
        "devices": selectors.second_factor_devices_count(user),
        "is_self": user.pk == request.user.pk,
        "now": timezone.now(),
        "role_form": forms.get("role_form") or RoleGrantForm(prefix="role", initial={"valid_from": today}),
        "engagement_form": forms.get("engagement_form")
        or EngagementForm(
            prefix="eng", units=_units(user.municipality_id), initial={"valid_from": today, "fte": 1}
        ),
        "reason_form": forms.get("reason_form") or ReasonForm(prefix="account"),
        "end_form": forms.get("end_form") or EndForm(prefix="end", initial={"ends_on": today}),
        "failed": forms.get("failed", ""),
    }
    return render(request, "access/users/detail.html", context)


@login_required
def user_detail(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    return _detail(request, _managed_user(request, user_id))


DEACTIVATE_ASK = Ask(
    title=gettext_lazy("Deaktivere brukeren?"),
    consequence=gettext_lazy(
        "Brukeren kan ikke logge inn, og alle brukerens API-nøkler trekkes tilbake for godt "
        "(nye må lages om brukeren aktiveres igjen)."
    ),
    confirm_label=gettext_lazy("Ja, deaktiver brukeren"),
)


def _apply(
    request: AuthenticatedRequest,
    user: User,
    form: DesignsystemetForm,
    call: Callable[[dict[str, Any]], Any],
    *,
    done: "StrOrPromise | Callable[[Any], HttpResponse]",
    failed: str,
    form_name: str,
    ask: Ask | None = None,
) -> HttpResponse:
    """The one shape of every change on a user's page: a valid form calls the service with its data; a
    refusal shows on that form within the page again (`failed` names which one); success says `done` and
    goes back to the user's page, or `done` makes the answer from what the service returned. With `ask`, an
    irreversible change is confirmed first, once the form is complete (so a missing reason is named before
    the question)."""
    if form.is_valid():
        # Asked once the form is complete, so a missing reason is named before the question.
        if ask is not None and (asked := refuse_unconfirmed(request, ask)):
            return asked
        try:
            result = call(form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if callable(done):
                return done(result)
            messages.success(request, done)
            return redirect("accounts:user", user_id=user.pk)
    return _detail(request, user, failed=failed, **{form_name: form})


def _account_action(
    request: AuthenticatedRequest,
    user_id: int,
    action: str,
    service: Callable[..., Any],
    done: "StrOrPromise | None" = None,
    ask: Ask | None = None,
) -> HttpResponse:
    """Deactivate, reactivate, a new password link, reset the second factor: a reason and the service.
    Without `done`, the service returns a one-time password link, shown once after a redirect."""
    user = _managed_user(request, user_id)

    def link_page(path: str) -> HttpResponse:
        return _show_link_once(request, user, request.build_absolute_uri(path), created=False)

    return _apply(
        request,
        user,
        ReasonForm(request.POST, prefix="account"),
        lambda data: service(user=user, actor=request.user, reason=data["reason"]),
        done=link_page if done is None else done,
        failed=action,
        form_name="reason_form",
        ask=ask,
    )


@login_required
@require_POST
def user_deactivate(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    done = _("Brukeren er deaktivert, og alle API-nøklene er trukket tilbake.")
    return _account_action(
        request, user_id, "user_deactivate", accounts.user_deactivate, done, ask=DEACTIVATE_ASK
    )


@login_required
@require_POST
def user_reactivate(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    return _account_action(request, user_id, "user_reactivate", accounts.user_reactivate)


@login_required
@require_POST
def user_password_link(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    return _account_action(request, user_id, "user_password_link", accounts.user_password_link)


@login_required
@require_POST
def user_second_factor_reset(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    done = _("Den andre faktoren er nullstilt.")
    return _account_action(
        request, user_id, "user_second_factor_reset", accounts.user_second_factor_reset, done
    )


@login_required
@require_POST
def role_give(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    return _apply(
        request,
        user,
        RoleGrantForm(request.POST, prefix="role"),
        lambda data: accounts.role_grant_give(user=user, actor=request.user, **data),
        done=_("Rollen er gitt."),
        failed="role",
        form_name="role_form",
    )


@login_required
@require_POST
def role_grant_end(request: AuthenticatedRequest, user_id: int, grant_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    grant = get_object_or_404(RoleGrant, pk=grant_id, user=user)
    return _end(request, user, f"grant{grant.pk}", lambda end: accounts.role_grant_end(grant=grant, **end))


@login_required
@require_POST
def role_end(request: AuthenticatedRequest, user_id: int, role: str) -> HttpResponse:
    user = _managed_user(request, user_id)
    if role not in roles.ALL:
        raise PermissionDenied
    return _end(request, user, f"role-{role}", lambda end: accounts.role_end(user=user, role=role, **end))


@login_required
@require_POST
def engagement_add(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    return _apply(
        request,
        user,
        EngagementForm(request.POST, prefix="eng", units=_units(user.municipality_id)),
        lambda data: accounts.user_engagement_add(user=user, actor=request.user, **data),
        done=_("Arbeidsforholdet er registrert."),
        failed="engagement",
        form_name="engagement_form",
    )


@login_required
@require_POST
def engagement_end(request: AuthenticatedRequest, user_id: int, engagement_id: int) -> HttpResponse:
    user = _managed_user(request, user_id)
    engagement = get_object_or_404(Engagement, pk=engagement_id, staff__user=user)
    return _end(
        request,
        user,
        f"engagement{engagement.pk}",
        lambda end: accounts.user_engagement_end(engagement=engagement, **end),
    )


def _end(
    request: AuthenticatedRequest, user: User, failed: str, service: Callable[[dict[str, Any]], object]
) -> HttpResponse:
    """Ending a role or an engagement: the form says the first day without it; the services take the last day."""

    def call(data: dict[str, Any]) -> object:
        try:
            return service(
                {"actor": request.user, "reason": data["reason"], "valid_to": data["ends_on"] - ONE_DAY}
            )
        except ValidationError as error:
            if "valid_to" in getattr(error, "error_dict", {}):
                raise ValidationError({"ends_on": error.error_dict["valid_to"]}) from error
            raise

    form = EndForm(request.POST, prefix="end")
    return _apply(request, user, form, call, done=_("Avsluttet."), failed=failed, form_name="end_form")


@login_required
def municipality_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """Every API token of the municipality's users, for the admin."""
    municipality = _admin(request)
    tokens = (
        ApiToken.objects.filter(user__municipality_id=municipality.pk)
        .select_related("user", "revoked_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(tokens, settings.HELHET_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "access/users/tokens.html",
        {"page": page, "now": timezone.now()},
    )


if TYPE_CHECKING:
    _SetPasswordForm = SetPasswordForm[User]
else:  # Django's form is not subscriptable at run time
    _SetPasswordForm = SetPasswordForm


class PasswordSetupForm(_SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"


class PasswordSetupView(auth_views.PasswordResetConfirmView):
    """The one-time link: the user chooses their own password (the password rules apply)."""

    template_name = "access/users/password_setup.html"
    form_class = PasswordSetupForm
    success_url = reverse_lazy("accounts:password_setup_done")


class PasswordSetupDoneView(auth_views.PasswordResetCompleteView):
    template_name = "access/users/password_setup_done.html"

"""«Mine API-nøkler» (/konto/api-nokler/): every staff user lists, makes and revokes their own API tokens;
the municipality's admin revokes anyone's in the municipality (from the user's page or the token list)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import selectors, services
from helhet.access.account_forms import TokenCreateForm
from helhet.access.models import ApiToken
from helhet.core.confirm import Ask, refuse_unconfirmed
from helhet.core.http import AuthenticatedRequest


def _staff(request: AuthenticatedRequest) -> None:
    if request.user.municipality_id is None:
        raise PermissionDenied(_("Bare ansatte i en kommune kan ha API-nøkler."))


NEW_TOKEN_SESSION_FIELD = "helhet_new_api_token"  # noqa: S105  # a session field name, no secret


@login_required
@require_http_methods(["GET", "POST"])
def my_tokens(request: AuthenticatedRequest) -> HttpResponse:
    _staff(request)
    form = TokenCreateForm(request.POST or None)
    # Shown once: the new key waits in the session for the redirect and is removed as it is shown.
    raw = request.session.pop(NEW_TOKEN_SESSION_FIELD, None) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.api_token_create(user=request.user, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            # Post/Redirect/Get: reloading the page shows the list, it never makes a second key.
            request.session[NEW_TOKEN_SESSION_FIELD] = created
            return redirect("accounts:my_tokens")
    response = render(
        request,
        "access/tokens/mine.html",
        {"form": form, "raw": raw, "tokens": selectors.api_tokens_of(request.user), "now": timezone.now()},
    )
    if raw:
        patch_cache_control(response, no_store=True)
    return response


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    _staff(request)
    token = get_object_or_404(
        ApiToken.objects.select_related("user"),
        pk=token_id,
        user__municipality_id=request.user.municipality_id,
    )
    if not services.may_manage_tokens_of(request.user, token.user):
        raise PermissionDenied(_("Du kan ikke trekke tilbake andres API-nøkler."))
    ask = Ask(
        title=_("Trekke tilbake API-nøkkelen «%(name)s»?") % {"name": token.name},
        consequence=_("Nøkkelen slutter å virke med en gang og kan ikke tas i bruk igjen."),
        confirm_label=_("Ja, trekk tilbake"),
    )
    if asked := refuse_unconfirmed(request, ask):
        return asked
    try:
        services.api_token_revoke(
            token=token, actor=request.user, reason=request.POST.get("reason", "")[:200]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("API-nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=False
    ):
        return redirect(back)
    return redirect("accounts:my_tokens")

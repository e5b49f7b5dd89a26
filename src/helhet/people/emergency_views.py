"""Break the glass (nødtilgang): open a person in an emergency, and the leaders' review list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import services as access
from helhet.access.models import EmergencyAccess
from helhet.access.policy import may_break_glass, may_review_emergency_access
from helhet.access.selectors import emergency_accesses_to_review
from helhet.access.shown import persons_shown
from helhet.people.forms import EmergencyAccessForm, EmergencyFindForm, EmergencyReviewForm
from helhet.people.models import Person


def _open(request, form, person):
    try:
        emergency = access.emergency_access_open(
            user=request.user, person=person, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        if "reason" in getattr(error, "error_dict", {}):
            form.add_service_errors(error)
            return None
        messages.info(request, " ".join(error.messages))
        return redirect("people:detail", person_id=person.pk)
    messages.warning(
        request,
        _("Du har nødtilgang til %(time)s. Oppslagene er loggført og blir gjennomgått av lederen din.")
        % {"time": timezone.localtime(emergency.expires_at).strftime("%d.%m.%Y %H:%M")},
    )
    return redirect("people:detail", person_id=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def emergency_open(request, person_id: int):
    """Reached from the «ingen tilgang» page. Says nothing about the person until the glass is broken."""
    if not may_break_glass(request.user):
        raise Http404
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(pk=person_id, municipality_id=request.user.municipality_id).first()
        if person is None:
            raise Http404
        response = _open(request, form, person)
        if response is not None:
            return response
    return render(
        request,
        "people/emergency_open.html",
        {"form": form, "person_id": person_id, "hours": settings.HELHET_EMERGENCY_ACCESS_HOURS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def emergency_find(request):
    """Nødtilgang by fødselsnummer, reached from the person list, for someone who is not on the user's list."""
    if not may_break_glass(request.user):
        raise PermissionDenied(_("Rollen din kan ikke be om nødtilgang."))
    form = EmergencyFindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.filter(
            national_id=form.cleaned_data["national_id"], municipality_id=request.user.municipality_id
        ).first()
        if person is None:
            form.add_error("national_id", _("Fant ingen person med dette nummeret i kommunen."))
        else:
            response = _open(request, form, person)
            if response is not None:
                return response
    return render(
        request,
        "people/emergency_open.html",
        {"form": form, "person_id": None, "hours": settings.HELHET_EMERGENCY_ACCESS_HOURS},
    )


@login_required
def emergency_review_list(request):
    """Nødtilganger til gjennomgang: for the leaders of the users' units, and the administrator."""
    if not may_review_emergency_access(request.user):
        raise PermissionDenied(_("Rollen din gjennomgår ikke nødtilganger."))
    pending = emergency_accesses_to_review(request.user)
    persons_shown(
        request.user,
        [emergency.person for emergency in pending],
        what=_("Nødtilganger til gjennomgang"),
        reason=_("Gjennomgang av nødtilganger som leder eller administrator"),
    )
    return render(
        request,
        "people/emergency_review_list.html",
        {"pending": pending, "form": EmergencyReviewForm(), "now": timezone.now()},
    )


@login_required
@require_POST
def emergency_review(request, emergency_id: int):
    if not may_review_emergency_access(request.user):
        raise Http404
    emergency = get_object_or_404(
        EmergencyAccess, pk=emergency_id, municipality_id=request.user.municipality_id
    )
    form = EmergencyReviewForm(request.POST)
    if form.is_valid():
        try:
            access.emergency_access_review(
                acting_user=request.user, emergency=emergency, note=form.cleaned_data["note"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Nødtilgangen er gjennomgått."))
    else:
        messages.error(
            request,
            " ".join(str(e) for e in form.errors.get("note", [])) or _("Skriv hva gjennomgangen viste."),
        )
    return redirect("people:emergency_reviews")

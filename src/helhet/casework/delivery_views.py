"""Staff pages for letter delivery: record the day a letter reached the person or retry a failed delivery
(from the case page's letter section), and the office's list of letters that have not gone out."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhet.access import roles
from helhet.access.services import PersonNotVisible
from helhet.casework import delivery, selectors
from helhet.casework.models import Delivery
from helhet.core.calendar import EARLIEST_DATE, LATEST_DATE


def _day(value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError({"reached_on": _("Skriv en gyldig dato (dd.mm.åååå).")}) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError({"reached_on": _("Datoen må være mellom 01.01.1900 og 31.12.2100.")})
    return day


@login_required
@require_POST
def delivery_action(request, delivery_id: int):
    """POST from the case page: `reached` (with the day and how it is known) or `retry`; back to the case."""
    case_id = (
        Delivery.objects.filter(pk=delivery_id, municipality_id=request.user.municipality_id or 0)
        .values_list("letter__case_id", flat=True)
        .first()
    )
    if case_id is None:
        raise Http404
    try:
        case = selectors.case_for_work(request.user, case_id).case
    except PersonNotVisible:
        raise Http404 from None
    item = get_object_or_404(Delivery, pk=delivery_id, letter__case=case)
    action = request.POST.get("action")
    try:
        if action == "reached":
            delivery.delivery_reached_record(
                acting_user=request.user,
                delivery=item,
                reached_on=_day(request.POST.get("reached_on", "")),
                how=request.POST.get("how", ""),
            )
            messages.success(request, _("Datoen brevet kom fram er registrert."))
        elif action == "retry":
            done = delivery.delivery_retry(acting_user=request.user, delivery=item)
            if done.state == "sent":
                messages.success(request, _("Brevet er sendt."))
            else:
                messages.error(
                    request, _("Brevet kunne ikke sendes: %(reason)s") % {"reason": done.failure_reason}
                )
        else:
            raise ValidationError({"action": _("Ukjent handling.")})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect(reverse("casework:case", args=[case.pk]) + "#deliveries-heading")


@login_required
def undelivered(request):
    """«Brev som ikke er levert»: the office's failed and undeliverable letters and those to hand out."""
    if request.user.municipality_id is None or not roles.has_any_role(request.user, selectors.CASE_READERS):
        raise PermissionDenied
    listing = selectors.undelivered_letters(request.user)
    return render(request, "casework/undelivered.html", {"listing": listing})

"""The work list on a phone: today's tasks by visit, checked off one by one."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from helhet.access import roles
from helhet.care import selectors, services
from helhet.care.models import Measure, NotDoneReason, Shift, shift_of
from helhet.core.calendar import local_today
from helhet.organisation.selectors import units_for_user


def _params(request):
    units = units_for_user(request.user, local_today())
    if not units or not roles.has_any_role(request.user, services.PROVIDER_ROLES):
        raise PermissionDenied
    unit = next((u for u in units if str(u.pk) == request.GET.get("enhet")), units[0])
    try:
        day = datetime.date.fromisoformat(request.GET.get("dato") or local_today().isoformat())
    except ValueError:
        day = local_today()
    shift = request.GET.get("vakt") or shift_of(timezone.localtime().time())
    if shift not in Shift.values:
        shift = Shift.DAY
    return units, unit, day, shift


@login_required
def worklist(request):
    units, unit, day, shift = _params(request)
    visits = selectors.worklist(request.user, unit=unit, day=day, shift=shift)
    return render(
        request,
        "care/worklist.html",
        {
            "units": units,
            "unit": unit,
            "day": day,
            "shift": shift,
            "shifts": Shift.choices,
            "visits": visits,
            "reasons": NotDoneReason.choices,
            "not_done": selectors.not_done(unit, day),
            "is_leader": roles.has_any_role(request.user, (roles.LEADER,)),
        },
    )


@login_required
@require_POST
def record(request, task_id: str):
    try:
        measure_id, day, time = selectors.parse_task_id(task_id)
    except ValueError:
        raise Http404 from None
    measure = get_object_or_404(Measure.objects.select_related("plan__person"), pk=measure_id)
    error = None
    try:
        saved = services.task_record(
            acting_user=request.user,
            measure=measure,
            day=day,
            time=time,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        error, saved = " ".join(exc.messages), None
    if request.htmx:
        task = selectors.Task(measure=measure, day=day, time=time, record=saved)
        return render(
            request, "care/_task.html", {"task": task, "error": error, "reasons": NotDoneReason.choices}
        )
    query = f"?enhet={measure.plan.unit_id}&dato={day.isoformat()}&vakt={shift_of(time)}"
    return redirect(reverse("care:worklist") + query)

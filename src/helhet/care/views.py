"""The work list on a phone: today's tasks by visit, checked off one by one."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import roles
from helhet.access.services import PersonNotVisible
from helhet.care import selectors, services
from helhet.care.models import Measure, NotDoneReason, Shift, shift_of
from helhet.casework.models import Decision
from helhet.core.calendar import local_today
from helhet.organisation.selectors import units_for_user
from helhet.people import selectors as people


def _params(request):
    units = units_for_user(request.user, local_today())
    if not units or not roles.has_any_role(request.user, selectors.PROVIDER_ROLES):
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


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, person_id: int):
    """Goal and action plan of the person in the user's unit: goals, measures and the gap to what is granted."""
    units, unit, day, _shift = _params(request)
    try:
        person = people.person_detail(request.user, person_id, what=_("Mål- og tiltaksplan")).person
    except PersonNotVisible:
        raise Http404 from None
    if request.method == "POST":
        decision = get_object_or_404(Decision, pk=request.POST.get("decision") or 0, case__person=person)
        try:
            the_plan = services.plan_for(acting_user=request.user, person=person, unit=unit)
            if request.POST.get("action") == "goal":
                services.goal_add(
                    acting_user=request.user,
                    plan=the_plan,
                    decision=decision,
                    text=request.POST.get("text", ""),
                )
            else:
                services.measure_add(
                    acting_user=request.user,
                    plan=the_plan,
                    decision=decision,
                    what=request.POST.get("what", ""),
                    how=request.POST.get("how", ""),
                    times=[t for t in request.POST.get("times", "").split(",") if t.strip()],
                    weekdays=[int(d) for d in request.POST.getlist("weekdays")],
                    minutes=int(request.POST.get("minutes") or 30),
                    valid_from=decision.start_date,
                    valid_to=decision.end_date,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except ValueError:
            messages.error(request, _("Minutter må være et helt tall."))
        else:
            messages.success(request, _("Planen er oppdatert."))
        return redirect(reverse("care:plan", args=[person.pk]) + f"?enhet={unit.pk}")
    the_plan, rows = selectors.plan_overview(person=person, unit=unit, today=local_today())
    return render(
        request,
        "care/plan.html",
        {"person": person, "unit": unit, "plan": the_plan, "rows": rows, "weekdays": WEEKDAYS},
    )


WEEKDAYS = [
    (i, gettext_lazy(name)) for i, name in enumerate(("man", "tir", "ons", "tor", "fre", "lør", "søn"))
]

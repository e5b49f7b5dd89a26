"""The work list on a phone: the shift's visits with their tasks, who goes where, extra help, the message book
and the person's plan."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import roles
from helhet.access.services import PersonNotVisible
from helhet.care import selectors, services
from helhet.care.models import (
    AppointmentKind,
    GoalPlan,
    Measure,
    Message,
    NotDoneReason,
    Shift,
    TaskRecord,
    shift_of,
)
from helhet.care.views.common import chosen_day, chosen_person, chosen_shift, chosen_unit, is_leader, post_id
from helhet.casework.models import Decision
from helhet.core.calendar import local_today
from helhet.core.charts import bar_chart
from helhet.core.redirects import safe_next
from helhet.organisation.selectors import staff_for_user, staff_of_unit
from helhet.people import selectors as people


def _worklist_url(unit_id, day, shift, mine: str = "", start: str = "") -> str:
    query = f"?enhet={unit_id}&dato={day.isoformat()}&vakt={shift}"
    if mine in ("0", "1"):
        query += f"&mine={mine}"
    if start.isdigit():
        query += f"&fra={start}"
    return reverse("care:worklist") + query


def _chosen_list(request):
    """The unit, day, shift and whose visits a work list page shows: the user's own visits when asked (?mine=1),
    the team's when asked (?mine=0), else the user's own when they have been given visits in the shift."""
    units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    day, shift = chosen_day(request), chosen_shift(request)
    me = staff_for_user(request.user)
    asked = request.GET.get("mine")
    if asked == "1" and me is None:
        raise PermissionDenied
    if asked in ("0", "1"):
        mine = asked == "1"
    else:
        mine = me is not None and selectors.has_visits(me, unit=unit, day=day, shift=shift)
    return units, unit, day, shift, mine, me


def _the_list(request):
    """The list as above, with every visit of it (the paper copy shows them all)."""
    units, unit, day, shift, mine, me = _chosen_list(request)
    visits = selectors.worklist(
        request.user, unit=unit, day=day, shift=shift, only_staff=me if mine else None
    )
    return units, unit, day, shift, mine, me, visits


@login_required
def worklist(request):
    """The shift's visits: the user's own in full, the team's a page at a time from where the work is (the
    first visit not yet finished); «Vis resten av vakten» brings the next page, in place with htmx, else as a
    page of its own (?fra=)."""
    units, unit, day, shift, mine, me = _chosen_list(request)
    asked_start = request.GET.get("fra", "")
    page = selectors.worklist_page(
        request.user,
        unit=unit,
        day=day,
        shift=shift,
        only_staff=me if mine else None,
        start=int(asked_start) if asked_start.isdigit() else None,
        size=None if mine else selectors.PAGE_VISITS,
    )
    leader = is_leader(request.user)
    context = {
        "unit": unit,
        "day": day,
        "shift": shift,
        "page": page,
        "visits": page.visits,
        "mine": mine,
        "start": page.start,
        "list_url": _worklist_url(unit.pk, day, shift, "1" if mine else "0"),
        "is_leader": leader,
        "reasons": NotDoneReason.choices,
    }
    if request.htmx and not request.htmx.boosted and asked_start.isdigit():
        response = render(request, "care/_visits.html", context | {"chunk": True})
    else:
        response = _worklist_page(request, context, units=units, unit=unit, day=day, me=me, page=page)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _worklist_page(request, context, *, units, unit, day, me, page):
    leader = context["is_leader"]
    return render(
        request,
        "care/worklist.html",
        context
        | {
            "units": units,
            "today": local_today(),
            "shifts": Shift.choices,
            # The day-and-shift form keeps a choice the user made; without one the new shift opens on the
            # user's own visits when there are any (issue: a night with none must not make the day «team»).
            "mine_asked": request.GET.get("mine") if request.GET.get("mine") in ("0", "1") else "",
            "has_staff": me is not None,
            "done": page.done,
            "total": page.total,
            "not_done": selectors.not_done(unit, day) if leader else [],
            "open_deviations": selectors.deviations_for_leader([unit.pk], state="open").count()
            if leader
            else 0,
            "staff": [
                (s.pk, f"{s} ({s.profession})" if s.profession else str(s))
                for s in staff_of_unit(unit.pk, day)
            ]
            if leader
            else [],
            "messages_today": list(
                selectors.open_messages(unit, day, reader=request.user).filter(person=None)[:10]
            ),
        },
    )


@login_required
def worklist_print(request):
    """The day's work list on paper: the fallback when a phone fails or the network is down."""
    units, unit, day, shift, mine, me, visits = _the_list(request)
    return render(
        request,
        "care/worklist_print.html",
        {
            "unit": unit,
            "day": day,
            "shift": shift,
            "shift_label": Shift(shift).label,
            "visits": visits,
            "mine": mine,
        },
    )


def _task_answer(request, measure, day, time, *, record, error=None, undone=False):
    """The task as the work list shows it after a check-off or an undo: the swapped fragment for htmx, else
    back to the list at the same task (the browser scrolls to it, so the place in the list is kept)."""
    task = selectors.Task(measure=measure, day=day, time=time, record=record)
    if request.htmx:
        return render(
            request,
            "care/_task.html",
            {
                "task": task,
                "error": error,
                "undone": undone,
                "focus": True,
                "reasons": NotDoneReason.choices,
                "mine": request.POST.get("mine") == "1",
                "start": request.POST.get("fra", ""),
            },
        )
    if error:
        messages.error(request, error)
    elif undone:
        messages.success(request, _("Avkrysningen er angret. Oppgaven er åpen igjen."))
    url = _worklist_url(
        measure.plan.unit_id, day, shift_of(time), request.POST.get("mine", ""), request.POST.get("fra", "")
    )
    return redirect(url + f"#task-{task.id}")


def _task_measure(task_id: str):
    try:
        measure_id, day, time = selectors.parse_task_id(task_id)
    except ValueError:
        raise Http404 from None
    measure = get_object_or_404(Measure.objects.select_related("plan__person", "procedure"), pk=measure_id)
    return measure, day, time


@login_required
@require_POST
def record(request, task_id: str):
    measure, day, time = _task_measure(task_id)
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
    return _task_answer(request, measure, day, time, record=saved, error=error)


@login_required
@require_POST
def undo(request, task_id: str):
    """Take back one's own check-off while the shift lasts."""
    measure, day, time = _task_measure(task_id)
    selectors.require_works_in(request.user, measure.plan.unit_id, on=day)
    record = TaskRecord.objects.filter(measure=measure, day=day, time=time).first()
    if record is None:
        return _task_answer(
            request, measure, day, time, record=None, error=_("Avkrysningen er allerede angret.")
        )
    try:
        services.task_record_undo(acting_user=request.user, record=record)
    except ValidationError as exc:
        return _task_answer(request, measure, day, time, record=record, error=" ".join(exc.messages))
    except PermissionDenied as exc:
        return _task_answer(request, measure, day, time, record=record, error=str(exc))
    return _task_answer(request, measure, day, time, record=None, undone=True)


@login_required
@require_POST
def assign(request):
    """The leader gives the visits ticked on the work list to one member of staff (or moves them)."""
    units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    try:
        day = datetime.date.fromisoformat(request.POST.get("dato", ""))
    except ValueError:
        raise Http404 from None
    shift = request.POST.get("vakt", "")
    back = _worklist_url(unit.pk, day, shift, start=request.POST.get("fra", ""))
    person_ids = request.POST.getlist("person")
    if not all(person_id.isdigit() for person_id in person_ids):
        raise Http404
    if not person_ids:
        messages.error(request, _("Velg minst ett besøk."))
        return redirect(back)
    plans = list(
        GoalPlan.objects.filter(unit=unit, person_id__in=person_ids).select_related("person").order_by("pk")
    )
    if len(plans) != len(set(person_ids)):
        raise Http404
    staff = staff_of_unit(unit.pk, day).filter(pk=post_id(request, "staff")).first()
    try:
        if staff is None:
            raise ValidationError({"staff": _("Velg en ansatt i enheten.")})
        services.visits_assign(
            acting_user=request.user,
            unit=unit,
            persons=[the_plan.person for the_plan in plans],
            day=day,
            shift=shift,
            staff=staff,
        )
        given = [the_plan.person for the_plan in plans]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        given = []
    if len(given) == 1:
        messages.success(
            request,
            _("%(person)s: besøket er gitt til %(staff)s.") % {"person": given[0].full_name, "staff": staff},
        )
    elif given:
        messages.success(request, _("%(n)s besøk er gitt til %(staff)s.") % {"n": len(given), "staff": staff})
    return redirect(back + f"#besok-{plans[0].person_id}")


@login_required
@require_POST
def extra(request, plan_id: int):
    """Document help given beyond the plan on a visit."""
    the_plan = get_object_or_404(GoalPlan.objects.select_related("person"), pk=plan_id)
    decision = get_object_or_404(
        Decision.objects.select_related("case"),
        pk=post_id(request, "decision"),
        provider_unit_id=the_plan.unit_id,
    )
    day = local_today()
    try:
        time = datetime.time.fromisoformat(request.POST.get("time") or "")
        minutes = post_id(request, "minutes")
    except ValueError:
        messages.error(request, _("Skriv klokkeslett som TT:MM og minutter som et helt tall."))
    else:
        try:
            services.extra_task_record(
                acting_user=request.user,
                plan=the_plan,
                decision=decision,
                day=day,
                time=time,
                what=request.POST.get("what", ""),
                minutes=minutes,
                note=request.POST.get("note", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Ekstra hjelp er dokumentert."))
    return redirect(_worklist_url(the_plan.unit_id, day, request.POST.get("vakt") or chosen_shift(request)))


@login_required
def delivery(request):
    """Granted against planned and delivered per decision in a week: the documentation that help was given."""
    units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    day = chosen_day(request)
    monday = day - datetime.timedelta(days=day.weekday())
    rows = selectors.delivery_report_for(request.user, unit, monday)
    return render(
        request,
        "care/delivery.html",
        {
            "units": units,
            "unit": unit,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
            "rows": rows,
            "chart": _delivery_chart(rows) if rows else None,
        },
    )


def _delivery_chart(rows):
    """Granted against delivered per person and service in the week (the table above has the same rows)."""
    return bar_chart(
        _("Innvilget og levert per person denne uken"),
        _("Innvilget"),
        [
            (
                f"{row.decision.case.person.full_name}: {row.decision.service.name}",
                float(row.decision.scope_amount),
                f"{row.decision.scope_amount:g} {row.decision.get_scope_unit_display()}",
            )
            for row in rows
        ],
        second=[(float(row.delivered), _("levert %(n)s") % {"n": f"{row.delivered:g}"}) for row in rows],
        second_label=_("Levert"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def messages_page(request):
    """The unit's message book: write a message, read and sign the open ones."""
    units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    day = local_today()
    if request.method == "POST":
        person = chosen_person(request, _("Beskjedbok"))
        try:
            due = datetime.date.fromisoformat(request.POST["due_on"]) if request.POST.get("due_on") else None
            services.message_post(
                acting_user=request.user,
                unit=unit,
                text=request.POST.get("text", ""),
                person=person,
                due_on=due,
            )
        except ValueError:
            messages.error(request, _("Skriv fristen som en dato."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Beskjeden er lagt i beskjedboka."))
        return redirect(reverse("care:messages") + f"?enhet={unit.pk}")
    book = selectors.message_book(request.user, unit, day, limit=100)
    return render(
        request,
        "care/messages.html",
        {
            "units": units,
            "unit": unit,
            "book": book,
            "about": chosen_person(request, _("Beskjedbok")),
        },
    )


@login_required
@require_POST
def message_read(request, message_id: int):
    message = get_object_or_404(Message, pk=message_id, municipality_id=request.user.municipality_id)
    services.message_mark_read(acting_user=request.user, message=message)
    if request.htmx:
        return render(request, "care/_read.html", {"message": message})
    return redirect(safe_next(request, reverse("care:messages") + f"?enhet={message.unit_id}"))


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, person_id: int):
    """Goal and action plan of the person in the user's unit: goals, measures and the gap to what is granted.
    The person's coordinator reads the plans of every unit serving the person, and changes none of them."""
    if not roles.has_any_role(request.user, selectors.PROVIDER_ROLES):
        coordination = selectors.active_plan_of(person_id, request.user.municipality_id)
        if selectors.coordinates(request.user, coordination):
            return _plan_for_coordinator(request, person_id)
    try:
        units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    except PermissionDenied:
        people.person_refused_by_id(
            request.user,
            person_id,
            what=_("Mål- og tiltaksplan"),
            reason=_("Avvist: planen er for tjenesteytere og ledere i enheten som yter tjenesten"),
        )
        raise
    try:
        person = people.person_detail(request.user, person_id, what=_("Mål- og tiltaksplan")).person
    except PersonNotVisible:
        raise Http404 from None
    if request.method == "POST":
        _plan_change(request, person, unit)
        return redirect(reverse("care:plan", args=[person.pk]) + f"?enhet={unit.pk}")
    the_plan, rows = selectors.plan_overview(person=person, unit=unit, today=local_today())
    return render(
        request,
        "care/plan.html",
        {
            "person": person,
            "unit": unit,
            "plan": the_plan,
            "rows": rows,
            "weekdays": WEEKDAYS,
            "procedures": selectors.procedure_library([unit.pk], local_today()),
            "appointments": person.appointments.filter(starts_at__date__gte=local_today()).order_by(
                "starts_at"
            )[:20],
            "appointment_kinds": AppointmentKind.choices,
            "today": local_today(),
        },
    )


def _plan_for_coordinator(request, person_id: int):
    if request.method == "POST":
        raise PermissionDenied(_("Koordinatoren leser planene, men endrer dem ikke. Ta kontakt med enheten."))
    try:
        person = people.person_detail(
            request.user, person_id, what=_("Mål- og tiltaksplaner (koordinator)")
        ).person
    except PersonNotVisible:
        raise Http404 from None
    today = local_today()
    plans = []
    for goal_plan in (
        GoalPlan.objects.filter(person=person).select_related("unit").order_by("unit__name")[:10]
    ):
        plans.append(
            (goal_plan.unit, selectors.plan_overview(person=person, unit=goal_plan.unit, today=today))
        )
    return render(request, "care/plan_coordinator.html", {"person": person, "plans": plans})


def _plan_change(request, person, unit) -> None:
    if request.POST.get("action") == "end":
        measure = get_object_or_404(
            Measure, pk=post_id(request, "measure"), plan__person=person, plan__unit=unit
        )
        try:
            services.measure_end(acting_user=request.user, measure=measure, last_day=local_today())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tiltaket er avsluttet fra i morgen."))
        return
    decision = get_object_or_404(Decision, pk=post_id(request, "decision"), case__person=person)
    try:
        the_plan = services.plan_for(acting_user=request.user, person=person, unit=unit)
        if request.POST.get("action") == "goal":
            services.goal_add(
                acting_user=request.user, plan=the_plan, decision=decision, text=request.POST.get("text", "")
            )
        elif request.POST.get("action") == "link":
            measure = get_object_or_404(Measure, pk=post_id(request, "measure"), plan=the_plan)
            goal = the_plan.goals.filter(pk=post_id(request, "goal")).first()
            services.measure_goal_set(acting_user=request.user, measure=measure, goal=goal)
        else:
            procedure = the_plan.unit.procedures.filter(pk=post_id(request, "procedure")).first()
            services.measure_add(
                acting_user=request.user,
                plan=the_plan,
                decision=decision,
                goal=the_plan.goals.filter(pk=post_id(request, "goal"), decision=decision).first(),
                what=request.POST.get("what", ""),
                how=request.POST.get("how", ""),
                procedure=procedure,
                times=[t for t in request.POST.get("times", "").split(",") if t.strip()],
                weekdays=[int(d) for d in request.POST.getlist("weekdays")],
                minutes=int(request.POST.get("minutes") or 30),
                valid_from=max(decision.start_date or local_today(), local_today()),
                valid_to=decision.end_date,
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ValueError:
        messages.error(request, _("Minutter må være et helt tall."))
    else:
        messages.success(request, _("Planen er oppdatert."))


@login_required
@require_POST
def appointment(request, person_id: int):
    """Put an appointment in the person's calendar from the plan page."""
    units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    try:
        person = people.person_detail(request.user, person_id, what=_("Avtale i kalenderen")).person
    except PersonNotVisible:
        raise Http404 from None
    try:
        starts_at = datetime.datetime.fromisoformat(request.POST.get("starts_at") or "")
        services.appointment_add(
            acting_user=request.user,
            person=person,
            kind=request.POST.get("kind", ""),
            starts_at=starts_at,
            what=request.POST.get("what", ""),
            place=request.POST.get("place", ""),
        )
    except ValueError:
        messages.error(request, _("Velg dato og klokkeslett for avtalen."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Avtalen er lagt i kalenderen."))
    return redirect(reverse("care:plan", args=[person.pk]) + f"?enhet={unit.pk}")


WEEKDAYS = [
    (i, gettext_lazy(name)) for i, name in enumerate(("man", "tir", "ons", "tor", "fre", "lør", "søn"))
]

"""The unit's quality system: the procedure library and deviations."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhet.access.services import PersonNotVisible
from helhet.access.shown import persons_shown
from helhet.care import selectors, services
from helhet.care.forms import DeviationFollowUpForm, DeviationForm, ProcedureForm, ProcedureRevisionForm
from helhet.care.models import Deviation, DeviationState, Measure
from helhet.care.views.common import chosen_unit, is_leader
from helhet.core.calendar import local_today
from helhet.core.charts import bar_chart
from helhet.core.errors import ConflictError
from helhet.inbox import selectors as inbox
from helhet.inbox.models import ItemKind
from helhet.organisation.selectors import unit_ids_for_user
from helhet.people import selectors as people


@login_required
@require_http_methods(["GET", "POST"])
def procedures(request):
    units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    form = ProcedureForm(request.POST or None, initial={"valid_from": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.procedure_create(
                acting_user=request.user,
                unit=unit,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                steps=form.step_list(),
                valid_from=form.cleaned_data["valid_from"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Prosedyren er godkjent og lagt i biblioteket."))
            return redirect("care:procedure", procedure.pk)
    return render(
        request,
        "care/procedures.html",
        {
            "units": units,
            "unit": unit,
            "library": selectors.procedure_library([unit.pk], local_today()),
            "form": form,
            "is_leader": is_leader(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure(request, procedure_id: int):
    """The version in force first; older versions stay for the record."""
    unit_ids = unit_ids_for_user(request.user, local_today())
    if not unit_ids:
        raise PermissionDenied
    found = selectors.procedure_library(unit_ids, local_today(), pk=procedure_id)
    if not found:
        raise Http404
    the_procedure = found[0]
    form = ProcedureRevisionForm(request.POST or None, initial={"valid_from": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.procedure_revise(
                acting_user=request.user,
                procedure=the_procedure,
                text=form.cleaned_data["text"],
                steps=form.step_list(),
                valid_from=form.cleaned_data["valid_from"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Ny versjon er godkjent."))
            return redirect("care:procedure", the_procedure.pk)
    return render(
        request,
        "care/procedure.html",
        {
            "procedure": the_procedure,
            "form": form,
            "is_leader": is_leader(request.user),
            "today": local_today(),
        },
    )


def _deviation_chart(unit):
    months = selectors.deviations_per_month([unit.pk], today=local_today())
    rows = [(f"{MONTHS[m.month - 1]} {m.year}", n, str(n)) for m, n in months]
    return bar_chart(
        _("Avvik meldt i %(unit)s per måned, de siste 12 månedene") % {"unit": unit.name},
        _("Avvik"),
        rows,
    )


MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


@login_required
def deviations(request):
    """The leader's list of the unit's deviations, with counts; staff see those they reported."""
    units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    state = request.GET.get("status", "")
    if state not in DeviationState.values:
        state = ""
    leader = is_leader(request.user)
    listing = selectors.deviations_for_leader([unit.pk], state=state)
    if not leader:
        listing = listing.filter(reported_by=request.user)
    since = local_today() - datetime.timedelta(days=365)
    rows = list(listing[:200])
    persons_shown(
        request.user,
        [d.person for d in rows],
        what=_("Avviksliste: navn og hendelse"),
        reason=_("Avvik i enheten"),
    )
    return render(
        request,
        "care/deviations.html",
        {
            "units": units,
            "unit": unit,
            "deviations": rows,
            "state": state,
            "states": DeviationState.choices,
            "is_leader": leader,
            "statistics": selectors.deviation_statistics(request.user.municipality_id, since=since)
            if leader
            else [],
            "since": since,
            "month_chart": _deviation_chart(unit) if leader else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def deviation_new(request):
    """Report a deviation, from a task on the work list or on its own."""
    units, unit = chosen_unit(request, selectors.PROVIDER_ROLES)
    source = request.POST if request.method == "POST" else request.GET
    measure = None
    if (source.get("tiltak") or "").isdigit():
        measure = get_object_or_404(
            Measure.objects.select_related("plan__person", "plan__unit"),
            pk=source["tiltak"],
            plan__unit_id__in=[u.pk for u in units],
        )
        unit = measure.plan.unit
    person = measure.plan.person if measure else None
    if person is None and (source.get("person") or "").isdigit():
        try:
            person = people.person_detail(request.user, int(source["person"]), what=_("Avviksmelding")).person
        except PersonNotVisible:
            raise Http404 from None
    try:
        task_day = datetime.date.fromisoformat(source.get("dato") or "")
    except ValueError:
        task_day = None
    initial = {
        "happened_at": timezone.localtime().replace(second=0, microsecond=0),
        "kind": source.get("type") or "other",
    }
    form = DeviationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            deviation = services.deviation_report(
                acting_user=request.user,
                unit=unit,
                person=person,
                measure=measure,
                task_day=task_day,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Avviket er meldt til enhetens leder."))
            return redirect("care:deviation", deviation.pk)
    return render(
        request,
        "care/deviation_form.html",
        {"form": form, "unit": unit, "person": person, "measure": measure, "task_day": task_day},
    )


@login_required
@require_http_methods(["GET", "POST"])
def deviation(request, deviation_id: int):
    unit_ids = unit_ids_for_user(request.user, local_today())
    the_deviation = get_object_or_404(
        Deviation.objects.select_related("unit", "person", "reported_by", "handled_by", "measure"),
        pk=deviation_id,
        unit_id__in=unit_ids,
    )
    leader = is_leader(request.user)
    if not leader and the_deviation.reported_by_id != request.user.pk:
        raise Http404
    form = DeviationFollowUpForm(request.POST or None, initial={"version": the_deviation.version})
    if request.method == "POST" and leader and form.is_valid():
        data = form.cleaned_data
        try:
            if data["closing_measure"].strip():
                services.deviation_close(
                    acting_user=request.user,
                    deviation=the_deviation,
                    closing_measure=data["closing_measure"],
                    expected_version=data["version"],
                )
                messages.success(request, _("Avviket er lukket."))
            else:
                services.deviation_follow_up(
                    acting_user=request.user,
                    deviation=the_deviation,
                    note=data["note"],
                    expected_version=data["version"],
                )
                messages.success(request, _("Oppfølgingen er lagret."))
            return redirect("care:deviation", the_deviation.pk)
        except ConflictError:
            messages.error(request, _("Noen andre har endret avviket samtidig. Se endringen og prøv igjen."))
            return redirect("care:deviation", the_deviation.pk)
        except ValidationError as error:
            form.add_service_errors(error)
    persons_shown(
        request.user, [the_deviation.person], what=_("Avvik: navn og hendelse"), reason=_("Avvik i enheten")
    )
    # Who reported it sees that it reached the leader, and who took it and when (one query).
    handed = inbox.latest_by_target(
        target_app="care", target_ids=[the_deviation.pk], kinds=(ItemKind.DEVIATION,)
    ).get(the_deviation.pk)
    return render(
        request,
        "care/deviation.html",
        {"deviation": the_deviation, "form": form, "is_leader": leader, "handed": handed},
    )

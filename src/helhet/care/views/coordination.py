"""Coordinators and individual plans: appoint, read with consent, add goals and group members, review."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from helhet.access import roles
from helhet.access.shown import persons_shown
from helhet.care import selectors, services
from helhet.care.forms import AppointForm
from helhet.care.models import MeetingKind
from helhet.care.views.common import chosen_person, chosen_unit, municipality_units, post_id
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.core.confirm import Ask, refuse_unconfirmed
from helhet.core.errors import ConflictError
from helhet.organisation.selectors import staff_of_unit


@login_required
def coordination(request):
    """Everyone with a coordinator in the user's coordinating units, with plans overdue for review first."""
    units, unit = chosen_unit(request, roles.COORDINATOR_ROLES + (roles.PROVIDER,))
    found, overdue_before = selectors.coordinator_overview(request.user)
    plans = list(found[:300])
    persons_shown(
        request.user,
        [p.person for p in plans],
        what=_("Koordineringsoversikt: navn og individuell plan"),
        reason=_("Koordinator eller koordinerende enhet"),
    )
    return render(
        request,
        "care/coordination.html",
        {
            "plans": plans,
            "overdue": [p for p in plans if p.reviewed_on < overdue_before],
            "overdue_before": overdue_before,
            "unit": unit,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def appoint(request):
    """Appoint a coordinator (and a child coordinator) for a person, with or without an individual plan. Who may
    not is told why before the form, not after it is filled in."""
    if refusal := selectors.appointment_refusal(request.user):
        return _appoint_refused(request, refusal, None)
    person = chosen_person(request, _("Oppnevning av koordinator"))
    if person is None:
        raise Http404
    if refusal := selectors.appointment_refusal(request.user, person.pk):
        return _appoint_refused(request, refusal, person)
    units, unit = chosen_unit(request, roles.COORDINATOR_ROLES)
    today = local_today()
    staff = list(staff_of_unit(unit.pk, today))
    services_offered = list(
        Service.objects.filter(municipality_id=request.user.municipality_id).order_by("name")
    )
    all_units = municipality_units(request.user)
    form = AppointForm(
        request.POST or None,
        staff=staff,
        services=services_offered,
        units=all_units,
        child=person.age_on(today) < 18,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {str(s.pk): s for s in staff}
        try:
            plan = services.coordinator_appoint(
                acting_user=request.user,
                person=person,
                coordinating_unit=unit,
                coordinator=by_pk[data["coordinator"]],
                child_coordinator=by_pk.get(data.get("child_coordinator") or ""),
                plan_declined=data["plan_declined"],
                services=[s for s in services_offered if str(s.pk) in data["services"]],
                shared_with=[u for u in all_units if str(u.pk) in data["shared_with"]],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Koordinator er oppnevnt."))
            return redirect("care:individual_plan", plan.pk)
    return render(request, "care/appoint.html", {"form": form, "person": person, "unit": unit})


def _appoint_refused(request, reason: str, person):
    plan = selectors.active_plan_of(person.pk, request.user.municipality_id) if person is not None else None
    return render(
        request,
        "care/appoint_refused.html",
        {
            "reason": reason,
            "person": person,
            "plan": plan
            if plan is not None and selectors.may_read_individual_plan(request.user, plan)
            else None,
        },
        status=403,
    )


END_COORDINATION_ASK = Ask(
    title=gettext_lazy("Avslutte koordineringen?"),
    consequence=gettext_lazy(
        "Planen avsluttes, koordinatoren og ansvarsgruppen mister ansvaret, og planen kan ikke åpnes igjen."
    ),
    confirm_label=gettext_lazy("Ja, avslutt koordineringen"),
)


@login_required
@require_http_methods(["GET", "POST"])
def individual_plan(request, plan_id: int):
    plan = selectors.individual_plan_detail(request.user, plan_id)
    if request.POST.get("action") == "end" and (asked := refuse_unconfirmed(request, END_COORDINATION_ASK)):
        return asked
    if request.method == "POST":
        try:
            if request.POST.get("action") == "review":
                services.individual_plan_review(
                    acting_user=request.user,
                    plan=plan,
                    expected_version=post_id(request, "version"),
                )
                messages.success(request, _("Planen er markert som gjennomgått i dag."))
            elif request.POST.get("action") == "end":
                services.individual_plan_end(acting_user=request.user, plan=plan)
                messages.success(request, _("Koordineringen er avsluttet."))
                return redirect("care:coordination")
            elif request.POST.get("action") == "consent":
                chosen = set(request.POST.getlist("shared_with"))
                services.individual_plan_consent_set(
                    acting_user=request.user,
                    plan=plan,
                    units=[u for u in municipality_units(request.user) if str(u.pk) in chosen],
                )
                messages.success(request, _("Samtykket er oppdatert."))
            elif request.POST.get("action") == "group":
                member = _group_candidates(plan).get(post_id(request, "staff"))
                if member is None:
                    raise ValidationError({"group": _("Velg en ansatt.")})
                services.individual_plan_group_add(acting_user=request.user, plan=plan, staff=member)
                messages.success(request, _("%(name)s er med i ansvarsgruppen.") % {"name": member})
            else:
                service = plan.services.filter(pk=post_id(request, "service")).first()
                services.individual_plan_goal_add(
                    acting_user=request.user, plan=plan, text=request.POST.get("text", ""), service=service
                )
                messages.success(request, _("Målet er lagt til."))
        except ConflictError:
            messages.error(request, _("Noen andre har endret planen samtidig. Prøv igjen."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [_("Ikke tillatt.")])))
        return redirect("care:individual_plan", plan.pk)
    return render(
        request,
        "care/individual_plan.html",
        {
            "plan": plan,
            "overdue": plan.reviewed_on
            < local_today() - datetime.timedelta(days=selectors.REVIEW_EVERY_DAYS),
            "meetings": plan.person.meetings.filter(kind=MeetingKind.GROUP).order_by("-starts_at")[:20],
            "candidates": _group_candidates(plan).values(),
            "units": municipality_units(request.user),
            "shared_ids": {u.pk for u in plan.shared_with.all()},
        },
    )


def _group_candidates(plan) -> dict:
    """Staff of the coordinating unit and of the units the person has consented to, by id."""
    candidates = {}
    for unit in [plan.coordinating_unit, *plan.shared_with.all()]:
        for member in staff_of_unit(unit.pk, local_today()):
            candidates[member.pk] = member
    return candidates

"""The person at a glance: what the viewer may see of the person's cases, decisions in force, services delivered,
plans, meetings, inquiries and coordinator, each read through access; what they may not see is left out."""

import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.policy import case_access, case_areas, may_appoint_coordinator
from helhet.access.shown import persons_shown
from helhet.care.models import GoalPlan, IndividualPlan, Meeting
from helhet.care.selectors import may_read_individual_plan
from helhet.casework.models import GRANTING, Case, Decision, DecisionState
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.intake.models import Inquiry
from helhet.intake.services import INTAKE_ROLES
from helhet.organisation.selectors import unit_ids_for_user
from helhet.people.models import Person
from helhet.people.panels import Panel

LIMIT = 10
FOREIGN_CHECKED = 3


def person_at_a_glance(user: User, person: Person) -> list[Panel]:
    today = local_today()
    held = roles.roles_of(user)
    unit_ids = (
        set(unit_ids_for_user(user, today))
        if held & set(roles.BY_RESPONSIBILITY + roles.MEETING_ROLES)
        else set()
    )
    context: dict[str, Any] = {"person": person}
    if held & set(roles.CASE_FILE_READERS):
        cases = _readable_cases(user, person)
        context["cases"] = cases
        context["decisions"] = _decisions_in_force([c.pk for c in cases], today)
    if held & set(roles.BY_RESPONSIBILITY) and unit_ids:
        context["delivered"] = _delivered_by_units(person, unit_ids, today)
        context["goal_plans"] = list(
            GoalPlan.objects.filter(person=person, unit_id__in=unit_ids)
            .select_related("unit")
            .order_by("unit__name")
        )
        context["plan_unit_ids"] = unit_ids if held & {roles.PROVIDER, roles.LEADER} else set()
    if held & set(roles.MEETING_ROLES) and unit_ids:
        context["meetings"] = list(
            Meeting.objects.filter(person=person, participants__unit_id__in=unit_ids)
            .distinct()
            .order_by("-starts_at")[:LIMIT]
        )
    if held & set(INTAKE_ROLES):
        context["inquiries"] = list(
            Inquiry.objects.filter(person=person)
            .select_related("responsible_unit")
            .order_by("-received_at")[:LIMIT]
        )
    plan = (
        IndividualPlan.objects.filter(person=person, ended_on__isnull=True)
        .select_related("coordinator", "child_coordinator", "coordinating_unit", "person")
        .first()
    )
    context["has_coordinator"] = plan is not None
    context["may_appoint"] = may_appoint_coordinator(user)
    if plan is not None and may_read_individual_plan(user, plan):
        context["individual_plan"] = plan
    if set(context) & {"cases", "delivered", "meetings", "inquiries", "individual_plan"}:
        persons_shown(
            user,
            [person],
            what=_("Personside: saker, vedtak, tjenester, planer, møter og henvendelser"),
            reason=_("Tjenstlig behov for personen"),
        )
    return [Panel("home/person_glance.html", context)]


def _readable_cases(user: User, person: Person) -> list[Case]:
    """The person's latest cases the user may read: those in the user's own areas, and at most FOREIGN_CHECKED
    of another area, each checked for a ground (so the page's query count stays bounded)."""
    areas = case_areas(user)
    cases = list(
        Case.objects.filter(person=person, municipality_id=person.municipality_id)
        .select_related("team", "owner")
        .order_by("-received_on", "-pk")[: LIMIT * 2]
    )
    foreign = [c for c in cases if c.service_area not in areas][:FOREIGN_CHECKED]
    readable = {c.pk for c in foreign if case_access(user, c)}
    return [c for c in cases if c.service_area in areas or c.pk in readable][:LIMIT]


def _in_force(today: datetime.date) -> Q:
    return Q(state=DecisionState.SENT, superseded_by__isnull=True, outcome__in=GRANTING) & (
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def _decisions_in_force(case_ids: list[int], today: datetime.date) -> list[Decision]:
    return list(
        Decision.objects.filter(_in_force(today), case_id__in=case_ids)
        .select_related("service", "provider_unit")
        .order_by("service__name")[:LIMIT]
    )


def _delivered_by_units(person: Person, unit_ids: set[int], today: datetime.date) -> list[Decision]:
    """The services the viewer's units deliver to the person: their decisions in force (service and scope only)."""
    return list(
        Decision.objects.filter(_in_force(today), case__person=person, provider_unit_id__in=unit_ids)
        .select_related("service", "provider_unit")
        .order_by("service__name")[:LIMIT]
    )

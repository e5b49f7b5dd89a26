"""Reads of individual plans: who may open one, and the coordinators' overview."""

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.policy import person_access
from helhet.access.services import authorize_person_read
from helhet.access.shown import person_refused
from helhet.care.models import IndividualPlan
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.organisation.selectors import staff_for_user, unit_ids_for_user

REVIEW_EVERY_DAYS = 183


def may_read_individual_plan(user: User, plan: IndividualPlan) -> bool:
    """Those the person has consented to: the coordinators, the responsibility group, the coordinating unit and
    the units the person has agreed to share the plan with."""
    if not person_access(user, plan.person):
        return False
    staff = staff_for_user(user)
    if staff is not None and (
        staff.pk in (plan.coordinator_id, plan.child_coordinator_id)
        or plan.group.filter(pk=staff.pk).exists()
    ):
        return True
    unit_ids = unit_ids_for_user(user, local_today())
    return plan.coordinating_unit_id in unit_ids or plan.shared_with.filter(pk__in=unit_ids).exists()


def individual_plan_detail(user: User, plan_id: int, *, channel: str = "web") -> IndividualPlan:
    if user.municipality_id is None:
        raise Http404
    plan = (
        IndividualPlan.objects.filter(pk=plan_id, municipality_id=user.municipality_id)
        .select_related("person", "coordinator", "child_coordinator", "coordinating_unit")
        .prefetch_related("services", "shared_with", "group", "goals__service", "meetings")
        .first()
    )
    if plan is None:
        raise Http404
    if not may_read_individual_plan(user, plan):
        person_refused(
            user,
            plan.person,
            what=_("Individuell plan"),
            reason=_("Avvist: personen har ikke samtykket til at brukeren eller enheten ser planen"),
            channel=channel,
        )
        raise Http404
    authorize_person_read(user, plan.person, what=_("Individuell plan"), channel=channel)
    return plan


def coordinator_overview(
    user: User, *, today: datetime.date | None = None
) -> tuple[QuerySet[IndividualPlan], datetime.date]:
    """Everyone with a coordinator whom the user's units coordinate, and which plans are overdue for review."""
    today = today or local_today()
    unit_ids = unit_ids_for_user(user, today)
    if user.municipality_id is None:  # no units either: nothing to coordinate
        return IndividualPlan.objects.none(), today - datetime.timedelta(days=REVIEW_EVERY_DAYS)
    plans = (
        IndividualPlan.objects.filter(
            municipality_id=user.municipality_id, ended_on__isnull=True, coordinating_unit_id__in=unit_ids
        )
        .select_related("person", "coordinator", "child_coordinator", "coordinating_unit")
        .order_by("reviewed_on", "pk")
    )
    overdue_before = today - datetime.timedelta(days=REVIEW_EVERY_DAYS)
    return plans, overdue_before


def active_plan_of(person_id: int, municipality_id: int | None) -> IndividualPlan | None:
    if municipality_id is None:
        return None
    return (
        IndividualPlan.objects.filter(
            person_id=person_id, municipality_id=municipality_id, ended_on__isnull=True
        )
        .select_related("person", "coordinator", "child_coordinator", "coordinating_unit")
        .first()
    )


def coordinates(user: User, plan: IndividualPlan | None) -> bool:
    """The coordinator ground: the user is the person's coordinator or child coordinator, or works in the
    coordinating unit, as a coordinator."""
    if plan is None or not roles.has_any_role(user, (roles.COORDINATOR,)):
        return False
    staff = staff_for_user(user)
    if staff is not None and staff.pk in (plan.coordinator_id, plan.child_coordinator_id):
        return True
    return plan.coordinating_unit_id in unit_ids_for_user(user, local_today())


def appointment_refusal(user: User, person_id: int | None = None) -> str:
    """Why the user may not appoint a coordinator (for the person, when given: ask only once the person is known
    to be visible), asked before the form is shown; '' if they may."""
    if not roles.has_any_role(user, roles.COORDINATOR_ROLES):
        return _("Bare koordinatorer, ledere og saksbehandlere kan oppnevne koordinator.")
    if not unit_ids_for_user(user, local_today()):
        return _("Du er ikke knyttet til noen enhet i dag, så du kan ikke oppnevne koordinator.")
    plan = active_plan_of(person_id, user.municipality_id) if person_id is not None else None
    if plan is not None:
        return _(
            "Personen har allerede koordinator: %(name)s i %(unit)s. Det kan bare være én koordinator om gangen; "
            "avslutt den som gjelder før du oppnevner en ny."
        ) % {"name": plan.coordinator, "unit": plan.coordinating_unit.name}
    return ""

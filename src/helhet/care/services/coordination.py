"""The individual plan and its coordinator: appointed by the coordinating unit, seen by those the person consents to."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.models import AccessAction, Ground, Responsibility
from helhet.access.policy import person_access
from helhet.access.services import access_log_write, responsibility_end, responsibility_grant
from helhet.care import inbox_items
from helhet.care.models import IndividualPlan, IndividualPlanGoal
from helhet.care.selectors import require_member
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.core.history import history_record_create, history_record_update, history_values
from helhet.core.locking import save_versioned
from helhet.core.models import User
from helhet.organisation.models import Staff, Unit
from helhet.organisation.selectors import staff_of_unit
from helhet.people.models import Person

PLAN_FIELDS = [
    "coordinating_unit",
    "coordinator",
    "child_coordinator",
    "plan_declined",
    "started_on",
    "reviewed_on",
    "services",
    "shared_with",
    "group",
]


@transaction.atomic
def coordinator_appoint(
    *,
    acting_user: User,
    person: Person,
    coordinating_unit: Unit,
    coordinator: Staff,
    child_coordinator: Staff | None = None,
    plan_declined: bool = False,
    services: Iterable[Service] = (),
    shared_with: Iterable[Unit] = (),
    group: Iterable[Staff] = (),
) -> IndividualPlan:
    """The coordinating unit appoints a coordinator, and a child coordinator for a child with long-term needs;
    the coordinator is appointed even when the person declines the plan itself."""
    require_member(acting_user, coordinating_unit.pk, roles.COORDINATOR_ROLES)
    if not person_access(acting_user, person):
        raise PermissionDenied(_("Du har ikke tjenstlig behov for å se denne personen."))
    today = local_today()
    if IndividualPlan.objects.filter(person=person, ended_on__isnull=True).exists():
        raise ValidationError({"person": _("Personen har allerede koordinator og individuell plan.")})
    if child_coordinator is not None and person.age_on(today) >= 18:
        raise ValidationError(
            {"child_coordinator": _("Barnekoordinator oppnevnes bare for barn under 18 år.")}
        )
    for member in (coordinator, child_coordinator):
        if member is not None and member.municipality_id != person.municipality_id:
            raise ValidationError({"coordinator": _("Koordinatoren må være ansatt i kommunen.")})
    try:
        with transaction.atomic():
            plan = IndividualPlan.objects.create(
                municipality_id=person.municipality_id,
                person=person,
                coordinating_unit=coordinating_unit,
                coordinator=coordinator,
                child_coordinator=child_coordinator,
                plan_declined=plan_declined,
                started_on=today,
                reviewed_on=today,
            )
    except IntegrityError:  # appointed by someone else at the same moment
        raise ValidationError(
            {"person": _("Personen har allerede koordinator og individuell plan.")}
        ) from None
    plan.services.set(services)
    plan.shared_with.set(shared_with)
    plan.group.set(group)
    history_record_create(plan, actor=acting_user, fields=PLAN_FIELDS)
    # The person's individual plan is a ground for the coordinators and the coordinating unit to read the
    # person's case files across service areas; a declined plan is not.
    ground = "" if plan_declined else Ground.INDIVIDUAL_PLAN
    for member, reason in ((coordinator, _("Koordinator")), (child_coordinator, _("Barnekoordinator"))):
        if member is not None:
            responsibility_grant(
                person=person,
                staff=member,
                reason=reason,
                valid_from=today,
                source=f"individual_plan:{plan.pk}",
                ground=ground,
            )
    responsibility_grant(
        person=person,
        unit=coordinating_unit,
        reason=_("Koordinerende enhet"),
        valid_from=today,
        source=f"individual_plan:{plan.pk}",
        ground=ground,
    )
    inbox_items.coordinator_appointed(plan=plan, acting_user=acting_user)
    return plan


def _require_coordinating(user: User, plan: IndividualPlan, *, open_plan: bool = True) -> None:
    require_member(user, plan.coordinating_unit_id, roles.COORDINATOR_ROLES + (roles.PROVIDER,))
    if open_plan and plan.ended_on is not None:
        raise ValidationError({"plan": _("Planen er avsluttet.")})


@transaction.atomic
def individual_plan_goal_add(
    *, acting_user: User, plan: IndividualPlan, text: str, service: Service | None = None
) -> IndividualPlanGoal:
    _require_coordinating(acting_user, plan)
    if plan.plan_declined:
        raise ValidationError(
            {"plan": _("Personen har takket nei til individuell plan; koordinatoren følger opp uten plan.")}
        )
    if not text.strip():
        raise ValidationError({"text": _("Skriv målet med personens egne ord.")})
    goal = IndividualPlanGoal.objects.create(plan=plan, text=text.strip()[:500], service=service)
    history_record_create(goal, actor=acting_user, fields=["text", "service"], scope=plan)
    return goal


@transaction.atomic
def individual_plan_group_add(*, acting_user: User, plan: IndividualPlan, staff: Staff) -> IndividualPlan:
    """Add a member of staff from a unit the person has consented to (or the coordinating unit) to the
    responsibility group; members may open the plan."""
    _require_coordinating(acting_user, plan)
    allowed_units = {plan.coordinating_unit_id, *plan.shared_with.values_list("pk", flat=True)}
    if not any(
        staff_of_unit(unit_id, local_today()).filter(pk=staff.pk).exists() for unit_id in allowed_units
    ):
        raise ValidationError(
            {"group": _("Ansvarsgruppen kan bare ha ansatte fra enheter personen har samtykket til.")}
        )
    before = history_values(plan, ["group"])
    plan.group.add(staff)
    history_record_update(plan, before=before, actor=acting_user)
    return plan


@transaction.atomic
def individual_plan_consent_set(
    *, acting_user: User, plan: IndividualPlan, units: Iterable[Unit]
) -> IndividualPlan:
    """Record which units the person now consents to share the plan with; withdrawn consent takes effect at once."""
    _require_coordinating(acting_user, plan)
    if any(unit.municipality_id != plan.municipality_id for unit in units):
        raise ValidationError({"shared_with": _("Ukjent enhet.")})
    before = history_values(plan, ["shared_with"])
    plan.shared_with.set(units)
    history_record_update(plan, before=before, actor=acting_user)
    return plan


@transaction.atomic
def individual_plan_review(
    *, acting_user: User, plan: IndividualPlan, expected_version: int
) -> IndividualPlan:
    """Mark the plan as gone through with the person today."""
    _require_coordinating(acting_user, plan)
    plan.reviewed_on = local_today()
    save_versioned(plan, expected_version=expected_version, fields=["reviewed_on"], actor=acting_user)
    inbox_items.plan_reviewed(plan=plan, acting_user=acting_user)
    return plan


@transaction.atomic
def individual_plan_end(*, acting_user: User, plan: IndividualPlan) -> IndividualPlan:
    _require_coordinating(acting_user, plan, open_plan=False)
    if plan.ended_on is not None:
        raise ValidationError({"plan": _("Planen er allerede avsluttet.")})
    today = local_today()
    before = history_values(plan, ["ended_on"])
    plan.ended_on = today
    plan.save(update_fields=["ended_on", "updated_at"])
    history_record_update(plan, before=before, actor=acting_user)
    for responsibility in Responsibility.objects.filter(
        source=f"individual_plan:{plan.pk}", valid_to__isnull=True
    ):
        responsibility_end(responsibility=responsibility, valid_to=today)
    inbox_items.plan_ended(plan=plan, acting_user=acting_user)
    return plan


def plan_consent_candidates(plan: IndividualPlan) -> list[Unit]:
    """The units a person may let see their plan on Min side: those the plan shares with now and those that
    provide the plan's services (the coordinating unit always sees it while it coordinates)."""
    ids: set[int] = set(plan.shared_with.values_list("pk", flat=True))
    ids |= {pk for pk in plan.services.values_list("provider_units", flat=True) if pk is not None}
    ids.discard(plan.coordinating_unit_id)
    return list(Unit.objects.filter(pk__in=ids, municipality_id=plan.municipality_id).order_by("name"))


@transaction.atomic
def individual_plan_consent_set_by_citizen(
    *, citizen_user: User, plan: IndividualPlan, units: Iterable[Unit], reason: str
) -> IndividualPlan:
    """The person (or a representative who may change consents) chooses on Min side which units may see the
    plan. A withdrawal takes effect at once: the unit's staff cannot open the plan on their next request, and
    members of the responsibility group who no longer work in the coordinating unit or a consented unit leave
    the group. The caller (the citizen's page) has checked that the citizen may act for the plan's person."""
    plan = IndividualPlan.objects.select_for_update().select_related("person").get(pk=plan.pk)
    if plan.ended_on is not None:
        raise ValidationError({"shared_with": _("Planen er avsluttet.")})
    chosen = list(units)
    allowed = {unit.pk for unit in plan_consent_candidates(plan)}
    if any(unit.pk not in allowed for unit in chosen):
        raise ValidationError({"shared_with": _("Ukjent enhet.")})
    before = history_values(plan, ["shared_with", "group"])
    plan.shared_with.set(chosen)
    today = local_today()
    keep: set[int] = set()
    for unit_id in {plan.coordinating_unit_id, *(unit.pk for unit in chosen)}:
        keep |= set(staff_of_unit(unit_id, today).values_list("pk", flat=True))
    keep |= {pk for pk in (plan.coordinator_id, plan.child_coordinator_id) if pk is not None}
    leaving = [member for member in plan.group.all() if member.pk not in keep]
    if leaving:
        plan.group.remove(*leaving)
    changed = history_record_update(plan, before=before, actor=citizen_user, scope=plan.person, reason=reason)
    if changed:
        access_log_write(
            user=citizen_user,
            person=plan.person,
            action=AccessAction.UPDATE,
            what=_("Endret hvem som kan se den individuelle planen, på Min side"),
            reason=reason,
        )
    return plan

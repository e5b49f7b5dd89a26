"""The day's write use cases: who makes which visit, extra help, the message book and appointments."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.policy import person_access
from helhet.care import inbox_items
from helhet.care.models import (
    Appointment,
    AppointmentKind,
    ExtraTask,
    GoalPlan,
    Message,
    MessageRead,
    Shift,
    VisitAssignment,
)
from helhet.care.selectors import joint_day_blocks, require_leader, require_works_in
from helhet.care.services.plans import delivered_decision
from helhet.casework.models import Decision
from helhet.core.calendar import local_today
from helhet.core.history import history_record_create, history_record_update, history_values
from helhet.core.models import User
from helhet.organisation.models import Staff, Unit
from helhet.organisation.selectors import staff_of_unit
from helhet.people.models import Person


@transaction.atomic
def visit_assign(
    *, acting_user: User, unit: Unit, person: Person, day: datetime.date, shift: str, staff: Staff
) -> VisitAssignment:
    """The leader gives a person's visit in a shift to a member of staff in the unit, or moves it to another."""
    require_leader(acting_user, unit.pk, on=day)
    if shift not in Shift.values:
        raise ValidationError({"shift": _("Ukjent vakt.")})
    plan = GoalPlan.objects.filter(unit=unit, person=person).first()
    if plan is None:
        raise ValidationError({"person": _("Enheten har ingen plan for personen.")})
    if not staff_of_unit(unit.pk, day).filter(pk=staff.pk).exists():
        raise ValidationError({"staff": _("%(name)s jobber ikke i enheten denne dagen.") % {"name": staff}})
    blocked = joint_day_blocks(staff, day)
    if blocked:
        raise ValidationError(
            {
                "staff": _("%(name)s er satt av til fellessamtaler denne dagen (%(unit)s).")
                % {"name": staff, "unit": blocked}
            }
        )
    existing = VisitAssignment.objects.filter(unit=unit, person=person, day=day, shift=shift).first()
    before = history_values(existing, ["staff"]) if existing is not None else None
    assignment, _created = VisitAssignment.objects.update_or_create(
        unit=unit,
        person=person,
        day=day,
        shift=shift,
        defaults={"staff": staff, "assigned_by": acting_user},
    )
    if before is None:
        history_record_create(assignment, actor=acting_user, fields=["day", "shift", "staff"], scope=plan)
    else:
        history_record_update(assignment, before=before, actor=acting_user, scope=plan)
    return assignment


@transaction.atomic
def visits_assign(
    *,
    acting_user: User,
    unit: Unit,
    persons: list[Person],
    day: datetime.date,
    shift: str,
    staff: Staff,
) -> list[VisitAssignment]:
    """The leader gives several visits of a shift to one member of staff at once: all of them, or none."""
    return [
        visit_assign(acting_user=acting_user, unit=unit, person=person, day=day, shift=shift, staff=staff)
        for person in persons
    ]


@transaction.atomic
def extra_task_record(
    *,
    acting_user: User,
    plan: GoalPlan,
    decision: Decision,
    day: datetime.date,
    time: datetime.time,
    what: str,
    minutes: int,
    note: str = "",
) -> ExtraTask:
    """Document help given beyond the plan on a visit; it counts as delivered under the decision it served."""
    require_works_in(acting_user, plan.unit_id, on=day)
    decision = delivered_decision(plan, decision)
    if not what.strip():
        raise ValidationError({"what": _("Skriv hva du hjalp med.")})
    if not 1 <= minutes <= 600:
        raise ValidationError({"minutes": _("Minutter må være mellom 1 og 600.")})
    if day > local_today():
        raise ValidationError({"day": _("Ekstra hjelp kan bare føres for i dag eller tidligere.")})
    task = ExtraTask.objects.create(
        plan=plan,
        decision=decision,
        day=day,
        time=time,
        what=what.strip()[:200],
        minutes=minutes,
        note=note.strip()[:500],
        recorded_by=acting_user,
    )
    history_record_create(
        task, actor=acting_user, fields=["decision", "day", "time", "what", "minutes", "note"], scope=plan
    )
    return task


@transaction.atomic
def message_post(
    *,
    acting_user: User,
    unit: Unit,
    text: str,
    person: Person | None = None,
    due_on: datetime.date | None = None,
) -> Message:
    """Write in the unit's message book, perhaps about one person the unit serves, perhaps with a due date."""
    require_works_in(acting_user, unit.pk)
    if not text.strip():
        raise ValidationError({"text": _("Beskjeden er tom.")})
    if person is not None and not person_access(acting_user, person):
        raise ValidationError({"person": _("Enheten har ikke ansvar for personen.")})
    if due_on is not None and due_on < local_today():
        raise ValidationError({"due_on": _("Fristen kan ikke være tilbake i tid.")})
    message = Message.objects.create(
        municipality_id=unit.municipality_id,
        unit=unit,
        person=person,
        text=text.strip()[:2000],
        due_on=due_on,
        author=acting_user,
    )
    MessageRead.objects.create(message=message, user=acting_user)
    history_record_create(message, actor=acting_user, fields=["unit", "person", "text", "due_on"])
    inbox_items.message_due(message=message, acting_user=acting_user)
    return message


def message_mark_read(*, acting_user: User, message: Message) -> MessageRead:
    """Sign that one has read a message (the read receipt); reading twice changes nothing."""
    require_works_in(acting_user, message.unit_id)
    try:
        with transaction.atomic():
            return MessageRead.objects.create(message=message, user=acting_user)
    except IntegrityError:
        return MessageRead.objects.get(message=message, user=acting_user)


@transaction.atomic
def appointment_add(
    *, acting_user: User, person: Person, kind: str, starts_at: datetime.datetime, what: str, place: str = ""
) -> Appointment:
    """Put an appointment in the person's calendar; it shows on the work lists of that day."""
    if not roles.has_any_role(acting_user, roles.MEETING_ROLES):
        raise PermissionDenied
    if not person_access(acting_user, person):
        raise PermissionDenied(_("Du har ikke tjenstlig behov for å se denne personen."))
    if kind not in AppointmentKind.values:
        raise ValidationError({"kind": _("Velg type avtale.")})
    if not what.strip():
        raise ValidationError({"what": _("Skriv hva avtalen gjelder.")})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    appointment = Appointment.objects.create(
        municipality_id=person.municipality_id,
        person=person,
        kind=kind,
        starts_at=starts_at,
        what=what.strip()[:200],
        place=place.strip()[:200],
        created_by=acting_user,
    )
    history_record_create(
        appointment, actor=acting_user, fields=["kind", "starts_at", "what", "place"], scope=person
    )
    return appointment

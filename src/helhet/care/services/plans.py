"""Write use cases of the providers: plans, goals, measures and the check-off of tasks."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from helhet.access.policy import person_access
from helhet.care.models import Goal, GoalPlan, Measure, Procedure, TaskRecord, TaskStatus
from helhet.care.schedule import occurs_on, parse_times, per_week
from helhet.care.selectors import planned_per_week, require_works_in
from helhet.casework.inbox_items import order_planned
from helhet.casework.models import GRANTING, Decision, DecisionState, ScopeUnit
from helhet.core.calendar import local_today
from helhet.core.history import history_record_create, history_record_update, history_values
from helhet.core.models import User
from helhet.organisation.models import Unit
from helhet.people.models import Person

MEASURE_FIELDS = [
    "decision",
    "goal",
    "what",
    "how",
    "procedure",
    "profession",
    "times",
    "weekdays",
    "every_n_days",
    "minutes",
    "valid_from",
    "valid_to",
]


def _number(value: Decimal | int | float | str) -> str:
    """3, 2,5 or 2,33: Norwegian decimal comma, no trailing zeros."""
    return format(Decimal(value).quantize(Decimal("0.01")).normalize(), "f").replace(".", ",")


@transaction.atomic
def plan_for(*, acting_user: User, person: Person, unit: Unit) -> GoalPlan:
    """The person's plan in the unit, created the first time the unit plans for a decision it delivers."""
    require_works_in(acting_user, unit.pk)
    if not person_access(acting_user, person):
        raise PermissionDenied(_("Enheten har ikke ansvar for personen."))
    plan, created = GoalPlan.objects.get_or_create(
        person=person, unit=unit, defaults={"municipality_id": person.municipality_id}
    )
    if created:
        history_record_create(plan, actor=acting_user, fields=["person", "unit"])
    return plan


def delivered_decision(plan: GoalPlan, decision: Decision) -> Decision:
    """The decision, fresh from the database, if it is a sent grant the plan's unit delivers to the plan's person."""
    decision = Decision.objects.select_related("case").get(pk=decision.pk)
    if (
        decision.state != DecisionState.SENT
        or decision.outcome not in GRANTING
        or decision.case.person_id != plan.person_id
        or decision.provider_unit_id != plan.unit_id
    ):
        raise ValidationError(
            {"decision": _("Planen kan bare bygge på innvilgede vedtak som enheten skal utføre.")}
        )
    return decision


@transaction.atomic
def goal_add(*, acting_user: User, plan: GoalPlan, decision: Decision, text: str) -> Goal:
    require_works_in(acting_user, plan.unit_id)
    decision = delivered_decision(plan, decision)
    if not text.strip():
        raise ValidationError({"text": _("Skriv målet med personens egne ord.")})
    goal = Goal.objects.create(plan=plan, decision=decision, text=text.strip()[:500])
    history_record_create(goal, actor=acting_user, fields=["decision", "text"], scope=plan)
    return goal


@transaction.atomic
def measure_add(
    *,
    acting_user: User,
    plan: GoalPlan,
    decision: Decision,
    what: str,
    times: Iterable[datetime.time | str],
    weekdays: Iterable[int] = (),
    every_n_days: int | None = None,
    minutes: int = 30,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    how: str = "",
    profession: str = "",
    goal: Goal | None = None,
    procedure: Procedure | None = None,
) -> Measure:
    """Schedule a measure; a plan never schedules more than the decision grants."""
    require_works_in(acting_user, plan.unit_id)
    decision = Decision.objects.select_for_update(of=("self",)).select_related("case").get(pk=decision.pk)
    decision = delivered_decision(plan, decision)
    try:
        parsed = parse_times(times)
    except ValueError:
        raise ValidationError({"times": _("Skriv klokkeslett som TT:MM, for eksempel 08:00.")}) from None
    if not parsed:
        raise ValidationError({"times": _("Tiltaket trenger minst ett klokkeslett.")})
    if any(day not in range(7) for day in weekdays):
        raise ValidationError({"weekdays": _("Ukedager er 0 (mandag) til 6 (søndag).")})
    if procedure is not None and procedure.unit_id != plan.unit_id:
        raise ValidationError({"procedure": _("Prosedyren hører til en annen enhet.")})
    _check_goal(goal, plan, decision)
    if weekdays and every_n_days:
        raise ValidationError({"every_n_days": _("Velg enten ukedager eller hver n-te dag.")})
    assert decision.start_date is not None  # a delivered decision grants from a start date (decision_send)
    if valid_from < decision.start_date:
        raise ValidationError(
            {
                "valid_from": _("Tiltaket kan ikke starte før vedtaket gjelder fra (%(start)s).")
                % {"start": date_format(decision.start_date, "j. F Y")}
            }
        )
    if decision.end_date and (valid_to is None or valid_to > decision.end_date):
        raise ValidationError(
            {
                "valid_to": _("Tiltaket må slutte senest den dagen vedtaket slutter (%(end)s).")
                % {"end": date_format(decision.end_date, "j. F Y")}
            }
        )
    measure = Measure(
        plan=plan,
        decision=decision,
        goal=goal,
        what=what.strip(),
        how=how.strip(),
        procedure=procedure,
        profession=profession.strip(),
        times=[t.strftime("%H:%M") for t in parsed],
        weekdays=sorted(set(weekdays)),
        every_n_days=every_n_days,
        minutes=minutes,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    measure.full_clean()
    if decision.scope_unit in (ScopeUnit.VISITS_PER_WEEK, ScopeUnit.HOURS_PER_WEEK) and decision.scope_amount:
        new = per_week(measure)
        if decision.scope_unit == ScopeUnit.HOURS_PER_WEEK:
            new = new * Decimal(minutes) / 60
        planned = planned_per_week(decision, start=max(valid_from, local_today()), end=valid_to)
        if planned + new > decision.scope_amount:
            raise ValidationError(
                {
                    "times": _(
                        "Planen kan ikke gi mer enn vedtaket: %(granted)s %(unit)s innvilget, %(planned)s planlagt fra før, "
                        "dette tiltaket gir %(new)s til."
                    )
                    % {
                        "granted": _number(decision.scope_amount),
                        "unit": decision.get_scope_unit_display(),
                        "planned": _number(planned),
                        "new": _number(new),
                    }
                }
            )
    measure.save()
    history_record_create(measure, actor=acting_user, fields=MEASURE_FIELDS, scope=plan)
    order_planned(decision_id=decision.pk, acting_user=acting_user)
    return measure


@transaction.atomic
def task_record(
    *,
    acting_user: User,
    measure: Measure,
    day: datetime.date,
    time: datetime.time,
    status: str,
    reason: str = "",
    note: str = "",
) -> TaskRecord:
    """Check off one task of the work list; not done needs a reason. The record documents the service given."""
    measure = Measure.objects.select_related("plan").get(pk=measure.pk)
    require_works_in(acting_user, measure.plan.unit_id)
    if time.strftime("%H:%M") not in measure.times or not occurs_on(measure, day):
        raise ValidationError({"task": _("Oppgaven står ikke på arbeidslisten den dagen.")})
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    if status == TaskStatus.NOT_DONE and not reason:
        raise ValidationError({"reason": _("Velg hvorfor oppgaven ikke ble utført.")})
    if day > local_today():
        raise ValidationError({"task": _("En oppgave kan ikke krysses av før dagen den gjelder.")})
    record = TaskRecord(
        measure=measure,
        day=day,
        time=time,
        status=status,
        reason=reason if status != TaskStatus.DONE else "",
        note=note.strip()[:500],
        recorded_by=acting_user,
    )
    record.full_clean(exclude=["measure", "recorded_by"])
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError({"task": _("Oppgaven er allerede krysset av.")}) from None
    return record


@transaction.atomic
def measure_end(*, acting_user: User, measure: Measure, last_day: datetime.date) -> Measure:
    """Stop a measure after `last_day`; its tasks leave the work lists from the next day, and what was
    documented before stays."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    require_works_in(acting_user, measure.plan.unit_id)
    if last_day < local_today() - datetime.timedelta(days=1):
        raise ValidationError({"last_day": _("Et tiltak kan ikke avsluttes bakover i tid.")})
    if last_day < measure.valid_from:
        last_day = measure.valid_from
    if measure.valid_to is not None and measure.valid_to <= last_day:
        raise ValidationError({"last_day": _("Tiltaket er allerede avsluttet.")})
    before = history_values(measure, ["valid_to"])
    measure.valid_to = last_day
    measure.save(update_fields=["valid_to", "updated_at"])
    history_record_update(measure, before=before, actor=acting_user, scope=measure.plan)
    return measure


def _check_goal(goal: Goal | None, plan: GoalPlan, decision: Decision) -> None:
    if goal is not None and (goal.plan_id != plan.pk or goal.decision_id != decision.pk):
        raise ValidationError({"goal": _("Målet hører til en annen plan eller et annet vedtak.")})


@transaction.atomic
def measure_goal_set(*, acting_user: User, measure: Measure, goal: Goal | None) -> Measure:
    """Tie a measure to the goal it serves (or loosen it, with `goal=None`); the goal must be in the same plan
    and build on the same decision."""
    measure = Measure.objects.select_for_update().select_related("plan", "decision").get(pk=measure.pk)
    require_works_in(acting_user, measure.plan.unit_id)
    _check_goal(goal, measure.plan, measure.decision)
    before = history_values(measure, ["goal"])
    measure.goal = goal
    measure.save(update_fields=["goal", "updated_at"])
    history_record_update(measure, before=before, actor=acting_user, scope=measure.plan)
    return measure

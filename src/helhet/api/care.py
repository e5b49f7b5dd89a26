"""/api/v1: work lists, check-off of tasks, and a person's goal and action plans."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from helhet.access import roles
from helhet.api import lookups
from helhet.api.errors import Day
from helhet.api.idempotency import idempotent
from helhet.care import selectors, services
from helhet.care.models import GoalPlan, Measure, Shift, TaskRecord
from helhet.casework.models import Decision
from helhet.core.calendar import BROWSE_YEARS, local_today, within_browsing_window
from helhet.organisation.models import Unit
from helhet.organisation.selectors import unit_ids_for_user
from helhet.people import selectors as people

router = Router(tags=["Tjenesteyting"])
CHANNEL = "api"


def _check_date(day: Day) -> None:
    if not within_browsing_window(day):
        raise ValidationError({"date": f"Velg en dato innenfor {BROWSE_YEARS} år fra i dag."})


class TaskOut(Schema):
    id: str
    time: datetime.time
    what: str
    how: str
    procedure_id: int | None
    goal: str | None
    status: str | None
    reason: str | None


class AppointmentOut(Schema):
    kind: str
    starts_at: datetime.datetime
    what: str
    place: str


class VisitOut(Schema):
    person_id: int
    name: str
    address: str
    key_notes: str
    staff: str | None
    appointments: list[AppointmentOut]
    messages: list[str]
    tasks: list[TaskOut]


@router.get("/worklists", response=list[VisitOut], summary="Arbeidslisten for et team, en dato og en vakt")
def worklist(
    request,
    unit: int,
    date: Day,
    shift: str = Query(Shift.DAY, description="day, evening eller night"),
):
    if shift not in Shift.values:
        raise ValidationError({"shift": "Vakt må være day, evening eller night."})
    selectors.require_works_in(request.auth, unit)  # 403 like the page, before the unit is looked up
    _check_date(date)
    team = lookups.unit(request.auth, unit, "unit")
    visits = selectors.worklist(request.auth, unit=team, day=date, shift=shift, channel=CHANNEL)
    return [
        {
            "person_id": v.person.pk,
            "name": v.person.full_name,
            "address": f"{v.person.street_address}, {v.person.postal_code} {v.person.postal_place}",
            "key_notes": v.key_notes,
            "staff": str(v.staff) if v.staff else None,
            "appointments": [
                {"kind": a.kind, "starts_at": a.starts_at, "what": a.what, "place": a.place}
                for a in v.appointments
            ],
            "messages": [m.text for m in v.messages],
            "tasks": [
                {
                    "id": t.id,
                    "time": t.time,
                    "what": t.measure.what,
                    "how": t.measure.how,
                    "procedure_id": t.measure.procedure_id,
                    "goal": t.measure.goal.text if t.measure.goal else None,
                    "status": t.record.status if t.record else None,
                    "reason": t.record.reason if t.record else None,
                }
                for t in v.tasks
            ],
        }
        for v in visits
    ]


class RecordIn(Schema):
    status: str = Field(..., description="done, partly eller not_done")
    reason: str = Field("", description="not_home, refused, no_time eller moved (påkrevd ved not_done)")
    note: str = Field("", max_length=500)


class RecordOut(Schema):
    task_id: str
    status: str
    reason: str


@router.post("/tasks/{task_id}/record", response={201: RecordOut}, summary="Kryss av en oppgave")
@idempotent
def record(request, task_id: str, payload: RecordIn):
    try:
        measure_id, day, time = selectors.parse_task_id(task_id)
    except ValueError:
        raise ValidationError({"task_id": "Ugyldig oppgave-id."}) from None
    measure = get_object_or_404(Measure, pk=measure_id, plan__municipality_id=request.auth.municipality_id)
    saved = services.task_record(
        acting_user=request.auth, measure=measure, day=day, time=time, **payload.dict()
    )
    return Status(201, {"task_id": task_id, "status": saved.status, "reason": saved.reason})


@router.post(
    "/tasks/{task_id}/undo", response={204: None}, summary="Angre en avkrysning (egen, mens vakten varer)"
)
def undo(request, task_id: str):
    """As the work list: only the one who checked the task off, and only before the shift ends."""
    try:
        measure_id, day, time = selectors.parse_task_id(task_id)
    except ValueError:
        raise ValidationError({"task_id": "Ugyldig oppgave-id."}) from None
    measure = get_object_or_404(Measure, pk=measure_id, plan__municipality_id=request.auth.municipality_id)
    selectors.require_works_in(request.auth, measure.plan.unit_id, on=day)
    done = TaskRecord.objects.filter(measure=measure, day=day, time=time).first()
    if done is None:
        raise ValidationError({"task_id": "Avkrysningen er allerede angret."})
    services.task_record_undo(acting_user=request.auth, record=done)
    return Status(204, None)


class MeasureOut(Schema):
    id: int
    what: str
    how: str
    procedure_id: int | None
    times: list[str]
    weekdays: list[int]
    every_n_days: int | None
    minutes: int
    valid_from: Day
    valid_to: Day | None
    decision_id: int
    goal_id: int | None


class PlanOut(Schema):
    id: int
    unit: str
    goals: list[str]
    measures: list[MeasureOut]


def _provider_unit_ids(user, unit_id: int | None = None) -> set[int]:
    """As the plan page: provider staff and leaders only (403 for every other role, as the page), and only the
    plans of the units they work in or lead; a unit asked for must be one of them."""
    unit_ids = unit_ids_for_user(user, local_today())
    if not unit_ids or not roles.has_any_role(user, selectors.PROVIDER_ROLES):
        raise PermissionDenied("Planene er for tjenesteytere og ledere i enheten som yter tjenesten.")
    if unit_id is not None:
        if unit_id not in unit_ids:
            raise PermissionDenied("Du jobber ikke i denne enheten.")
        return {unit_id}
    return unit_ids


@router.get(
    "/persons/{person_id}/plan",
    response=list[PlanOut],
    summary="Personens mål- og tiltaksplaner i dine enheter",
)
def plans(request, person_id: int, unit: int | None = None):
    """Samme regel som plansiden: bare tjenesteytere og ledere, og bare planene i enhetene de jobber i
    (`unit` velger én av dem). Personens koordinator leser planene i alle enheter som yter tjenester til
    personen (`unit` snevrer inn). Resepsjon, saksbehandlere, administrator og analytikere får 403."""
    if not roles.has_any_role(request.auth, selectors.PROVIDER_ROLES):
        coordination = selectors.active_plan_of(person_id, request.auth.municipality_id)
        if selectors.coordinates(request.auth, coordination):
            read = people.person_detail(
                request.auth, person_id, what="Mål- og tiltaksplaner (koordinator)", channel=CHANNEL
            )
            return _plans_out(read.person, None if unit is None else {unit})
    try:
        unit_ids = _provider_unit_ids(request.auth, unit)
    except PermissionDenied as refusal:
        people.person_refused_by_id(
            request.auth,
            person_id,
            what="Mål- og tiltaksplan",
            reason=f"Avvist: {refusal}",
            channel=CHANNEL,
        )
        raise
    read = people.person_detail(request.auth, person_id, what="Mål- og tiltaksplan", channel=CHANNEL)
    return _plans_out(read.person, unit_ids)


def _plans_out(person, unit_ids: set[int] | None) -> list[dict]:
    found = (
        GoalPlan.objects.filter(person=person).select_related("unit").prefetch_related("goals", "measures")
    )
    if unit_ids is not None:
        found = found.filter(unit_id__in=unit_ids)
    return [
        {
            "id": p.pk,
            "unit": p.unit.name,
            "goals": [g.text for g in p.goals.all()],
            "measures": [_measure_out(m) for m in p.measures.all()],
        }
        for p in found
    ]


def _plan_and_decision(request, person_id: int, unit_id: int, decision_id: int):
    """The unit's plan for the person (made the first time) and the person's decision it builds on."""
    _provider_unit_ids(request.auth, unit_id)
    read = people.person_detail(request.auth, person_id, what="Mål- og tiltaksplan", channel=CHANNEL)
    unit = Unit.objects.filter(pk=unit_id, municipality_id=request.auth.municipality_id).first()
    decision = Decision.objects.filter(pk=decision_id, case__person=read.person).first()
    if unit is None or decision is None:
        raise ValidationError({"decision_id": "Ukjent enhet eller vedtak for personen."})
    return services.plan_for(acting_user=request.auth, person=read.person, unit=unit), decision


def _measure_out(m: Measure) -> dict:
    return {
        "id": m.pk,
        "what": m.what,
        "how": m.how,
        "procedure_id": m.procedure_id,
        "times": m.times,
        "weekdays": m.weekdays,
        "every_n_days": m.every_n_days,
        "minutes": m.minutes,
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
        "decision_id": m.decision_id,
        "goal_id": m.goal_id,
    }


class MeasureIn(Schema):
    unit_id: int = Field(..., description="Enheten som utfører (planen er per person og enhet)")
    decision_id: int
    what: str = Field(..., max_length=200)
    how: str = Field("", max_length=2000)
    procedure_id: int | None = None
    goal_id: int | None = Field(None, description="Målet i planen tiltaket skal nå (samme vedtak)")
    times: list[str] = Field(..., description="Klokkeslett som TT:MM")
    weekdays: list[int] = Field([], description="0 = mandag … 6 = søndag; tom = hver dag")
    every_n_days: int | None = None
    minutes: int = Field(30, ge=1, le=600)
    valid_from: Day
    valid_to: Day | None = None


@router.post(
    "/persons/{person_id}/plan/measures",
    response={201: MeasureOut},
    summary="Legg et tiltak inn i personens plan (aldri mer enn vedtaket gir)",
)
@idempotent
def measure_create(request, person_id: int, payload: MeasureIn):
    plan, decision = _plan_and_decision(request, person_id, payload.unit_id, payload.decision_id)
    unit = plan.unit
    procedure = unit.procedures.filter(pk=payload.procedure_id).first() if payload.procedure_id else None
    if payload.procedure_id and procedure is None:
        raise ValidationError({"procedure_id": "Ukjent prosedyre i enheten."})
    goal = plan.goals.filter(pk=payload.goal_id).first() if payload.goal_id else None
    if payload.goal_id and goal is None:
        raise ValidationError({"goal_id": "Ukjent mål i planen."})
    data = payload.dict(exclude={"unit_id", "decision_id", "procedure_id", "goal_id"})
    measure = services.measure_add(
        acting_user=request.auth, plan=plan, decision=decision, procedure=procedure, goal=goal, **data
    )
    return Status(201, _measure_out(measure))


class GoalIn(Schema):
    unit_id: int
    decision_id: int
    text: str = Field(..., max_length=500, description="Målet med personens egne ord")


class GoalOut(Schema):
    id: int
    text: str
    decision_id: int


@router.post(
    "/persons/{person_id}/plan/goals", response={201: GoalOut}, summary="Legg et mål inn i personens plan"
)
@idempotent
def goal_create(request, person_id: int, payload: GoalIn):
    plan, decision = _plan_and_decision(request, person_id, payload.unit_id, payload.decision_id)
    goal = services.goal_add(acting_user=request.auth, plan=plan, decision=decision, text=payload.text)
    return Status(201, {"id": goal.pk, "text": goal.text, "decision_id": goal.decision_id})


class MeasureGoalIn(Schema):
    goal_id: int | None = Field(
        ..., description="Målet i samme plan og vedtak; null løsner tiltaket fra målet"
    )


@router.post(
    "/plan/measures/{measure_id}/goal",
    response=MeasureOut,
    summary="Knytt et tiltak til målet det skal nå",
)
def measure_goal(request, measure_id: int, payload: MeasureGoalIn):
    measure = get_object_or_404(Measure, pk=measure_id, plan__municipality_id=request.auth.municipality_id)
    people.person_detail(request.auth, measure.plan.person_id, what="Mål- og tiltaksplan", channel=CHANNEL)
    goal = measure.plan.goals.filter(pk=payload.goal_id).first() if payload.goal_id else None
    if payload.goal_id and goal is None:
        raise ValidationError({"goal_id": "Ukjent mål i planen."})
    measure = services.measure_goal_set(acting_user=request.auth, measure=measure, goal=goal)
    return _measure_out(measure)


class DeliveryOut(Schema):
    decision_id: int
    person_id: int
    name: str
    service: str
    granted: float | None
    unit: str
    planned: float
    delivered: float
    not_done: int


@router.get(
    "/delivery",
    response=list[DeliveryOut],
    summary="Levert mot vedtak: innvilget, planlagt, levert og ikke utført per vedtak i uken",
)
def delivery(request, unit: int, date: Day):
    _check_date(date)
    team = lookups.unit(request.auth, unit, "unit")
    monday = date - datetime.timedelta(days=date.weekday())
    rows = selectors.delivery_report_for(request.auth, team, monday, channel=CHANNEL)
    return [
        {
            "decision_id": row.decision.pk,
            "person_id": row.decision.case.person_id,
            "name": row.decision.case.person.full_name,
            "service": row.decision.service.name,
            "granted": float(row.decision.scope_amount) if row.decision.scope_amount is not None else None,
            "unit": row.decision.scope_unit,
            "planned": float(row.planned),
            "delivered": float(row.delivered),
            "not_done": row.not_done,
        }
        for row in rows
    ]
